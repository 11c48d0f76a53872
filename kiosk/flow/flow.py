"""The resident flow without Qt: which screen comes next, who is identified for what, when to wipe.

:class:`ResidentFlow` holds the screen stack, the screen-level state (:class:`FlowState`), the form
cursor and the idle rules over one :class:`kiosk.resident.ResidentService`. It decides; a UI adapter
mirrors it (models, signals, device polling) and hears every screen entered through ``on_enter``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk.clock_guard import ClockWrong
from kiosk.flow import rows
from kiosk.flow.card_guard import LEFT_BEHIND, REMOVED, SWAPPED, CardGuard
from kiosk.flow.form_steps import FormCursor
from kiosk.flow.idle import IdleRules, IdleTick
from kiosk.flow.screens import ScreenStack
from kiosk.flow.state import FlowState
from kiosk.identity import CardType
from kiosk.resident import ResidentService
from kiosk.roles.idcard import (
    CardRead,
    CardStillThere,
    NoCard,
    ReaderDisconnected,
    ReaderFault,
    ReadResult,
    WatchResult,
)
from kiosk.storage_faults import StorageFault
from kiosk.update.lease import SessionLease

# a scanned receipt code is not acted on while a resident is typing or has just finished
SCAN_IGNORED_ON = ("form", "materials", "review", "manual", "receipt", "rating")
SCAN_PREFIX = "KIOSK:TRACK:"
# identify states a card lifted off the reader leaves on the screen (the resident should read them)
_STAYS_WITHOUT_CARD = ("waiting", "unreadable", "expired", "removed")
# screens that show or use the identity: when its card leaves, the resident is asked for a card again
_USES_IDENTITY = ("form", "materials", "review", "lookup_result", "face")


def _reader_down(result: WatchResult) -> bool:
    """The reader itself is gone or not answering (not a card the resident could lay down better)."""
    return isinstance(result, ReaderDisconnected) or (isinstance(result, ReaderFault) and not result.retryable)


class ResidentFlow:
    def __init__(self, resident: ResidentService, clock: Any, on_enter: Callable[[str], None] | None = None) -> None:
        self.resident = resident
        self.settings = resident.settings
        self.state = FlowState()
        self.cursor = FormCursor()
        self.idle = IdleRules(clock, self.settings.ui)
        self.on_enter: Callable[[str], None] = on_enter or (lambda _name: None)
        self.stack = ScreenStack(self._entered)
        self.pending_content: Any = None
        self.guard = CardGuard()  # outlives sessions: a card left behind must not identify the next person
        self._card_on_hold: CardRead | None = None  # a second card, used only when the resident says so
        self.lease: SessionLease | None = None  # held while a session is open (issue 20: the updater waits)

    def _entered(self, name: str) -> None:
        if name == "attract" and self.lease is not None:
            self.lease.release()
        if name == "identify":
            self.state.identify_state = "waiting"
        self.on_enter(name)

    # ------------------------------------------------------------------ session
    @property
    def screen(self) -> str:
        return self.stack.top

    @property
    def language(self) -> str:
        return self.resident.session.language

    @property
    def large_text(self) -> bool:
        return self.resident.session.large_text

    def offer_content(self, content: Any) -> bool:
        """New catalog/forms/notices: taken now between sessions (True), else kept for the next start."""
        if self.stack.top not in ("attract", "finish"):
            self.pending_content = content
            return False
        self.resident.content = content
        self.pending_content = None
        return True

    def start(self) -> bool:
        """Begin a session; False (nothing begins) while the updater holds the lease: it stops the app next."""
        if self.lease is not None and not self.lease.try_hold():
            return False
        self.resident.start_session()
        self.idle.touch()
        self.stack.show("home", reset=True)
        return True

    def wipe(self, reason: str) -> None:
        """Forget the resident: the core session, the screen state, the form position, the countdown.

        A finished visit keeps its settings for the rating and farewell screens (:meth:`end_settings`
        when they are gone); any other wipe ends them too. A card still on the reader is left behind.
        """
        keep = reason == "finish"
        self.resident.wipe(reason, keep_settings=keep)
        self.state.wipe(keep_settings=keep)
        self.cursor.reset()
        self.idle.reset()
        self.guard.end_session()
        self._card_on_hold = None

    def end_settings(self) -> None:
        self.resident.end_settings()
        self.state.high_contrast = False

    @property
    def wants_reader(self) -> bool:
        """Whether the reader must be watched: a card is awaited, in use, or left behind."""
        return self.stack.top == "identify" or self.guard.card_present or self.guard.left_behind

    def tick(self, *, busy: bool) -> IdleTick:
        """The idle rules at this moment; a finished session's hold ends on the attract screen here,
        an idle wipe is the caller's (``action == "wipe"``) so it can clear what it shows."""
        # waiting for a card left on the reader is not the farewell's short hold: the idle countdown runs
        screen = "take_card" if self.state.finish_stage == "take_card" else self.stack.top
        result = self.idle.tick(screen, busy=busy, large_text=self.large_text)
        if result.action == "attract":
            self.end_settings()
            self.stack.show("attract", reset=True)
        return result

    def go_home(self) -> bool:
        """Home from anywhere but the end of a path (False: the caller finishes the session instead)."""
        if self.stack.top in ("receipt", "finish"):
            return False
        self.state.search_text = ""
        self.stack.show("home", reset=True)
        return True

    def go_back(self) -> str:
        """"": Back not possible here; "page": the form goes a page back; "material": the previous paper to
        photograph; "screen": the screen below."""
        if not self.stack.can_go_back:
            return ""
        if self.stack.top == "form" and self.cursor.pos > 0:
            return "page"
        steps = self.resident.session.materials
        if self.stack.top == "materials" and steps is not None and steps.back():
            return "material"
        self.stack.back()
        return "screen"

    def set_language(self, lang: str) -> bool:
        if lang not in self.settings.ui.languages or lang == self.language:
            return False
        self.resident.session.language = lang
        form = self.resident.session.form
        if form is not None and hasattr(form, "lang"):
            form.lang = lang
        return True

    def toggle_large_text(self) -> None:
        s = self.resident.session
        s.large_text = not s.large_text
        self.idle.touch()

    def service_to_rate(self) -> str | None:
        """The service a 'Done' on the receipt asks a rating for (none from anywhere else)."""
        return self.resident.session.service_id if self.stack.top == "receipt" else None

    def after_finish(self, rated_service: str | None) -> None:
        """After the finish wipe: first 'take your card' while it is on the reader, then the rating when a
        service was used, then the farewell."""
        self.state.rating_service = rated_service or ""
        if self.guard.left_behind:
            self.state.finish_stage = "take_card"
            self.stack.show("finish", reset=True)
            return
        self._after_card_taken()

    def _after_card_taken(self) -> None:
        self.state.finish_stage = ""
        self.idle.touch()
        self.stack.show("rating" if self.state.rating_service else "finish", reset=True)

    def end_rating(self) -> str:
        """The rating is given or skipped: the service it was for, and on to the finish screen."""
        service, self.state.rating_service = self.state.rating_service, ""
        return service

    # ------------------------------------------------------------------ browsing
    def open_category(self, category_id: str) -> None:
        self.state.category_id = category_id
        self.state.search_text = ""
        self.stack.show("category")

    def found_services(self) -> list[Any]:
        """The services listed: search hits on the search screen (or a search left open), else the category's."""
        catalog = self.resident.content.catalog
        text, top = self.state.search_text, self.stack.top
        if top == "search" or (text and top != "category"):
            return list(catalog.search(text, self.language)) if text.strip() else []
        return [s for s in catalog.services if s.category == self.state.category_id]

    def open_service(self, service_id: str) -> None:
        self.resident.choose_service(service_id)
        self.stack.show("guide")

    def open_notice(self, notice_id: str) -> None:
        self.state.notice_id = notice_id
        self.state.notice_print_state = ""
        self.stack.show("notice")

    # ------------------------------------------------------------------ identify
    def identify_for(self, purpose: str) -> bool:
        """Ask for identification for ``purpose`` ("apply" or "lookup"); True when the session already has it."""
        self.state.identify_purpose = purpose
        if self.resident.session.identity is not None:
            return True
        self.stack.show("identify")
        return False

    @property
    def manual_entry_allowed(self) -> bool:
        """Whether typed details can identify the resident for what they are doing: not for a service whose
        face check refuses anyone without a card photo (typed details have none), so no one types in vain."""
        service = self.resident.current_service()
        return not (self.state.identify_purpose == "apply" and service is not None
                    and service.identity_check == "face" and self.settings.face.no_photo == "refuse")

    def use_manual_entry(self) -> None:
        self.state.manual_errors = {}
        self.stack.show("manual")

    def card_result(self, result: WatchResult) -> str:
        """One reader result or presence probe, on any screen: "" (nothing changed), "changed", "identified",
        "removed" (the identity left with its card) or "taken" (the card left behind at the end was taken)."""
        verdict = self.guard.seen(result)
        top, identity = self.stack.top, self.resident.session.identity
        if self.state.finish_stage == "take_card":
            if verdict == REMOVED:
                self._after_card_taken()
                return "taken"
            return ""
        by_card = identity is not None and identity.card_type is not CardType.MANUAL
        if by_card and verdict in (REMOVED, SWAPPED):
            self._card_left(result if verdict == SWAPPED else None)
            return "removed"
        if top != "identify":
            return ""
        if verdict == LEFT_BEHIND:
            self.state.identify_state = "left_card"
            return "changed"
        if isinstance(result, CardStillThere):
            return ""  # the card that gave this screen its state is still there: the state stands
        if isinstance(result, NoCard):
            self._card_on_hold = None
            if self.state.identify_state in _STAYS_WITHOUT_CARD:
                return ""
            self.state.identify_state = "waiting"
            return "changed"
        if self._card_on_hold is not None:
            return ""  # the second card waits for the resident's word
        if self.state.identify_state == "offline" and _reader_down(result):
            return ""  # still down: said (and audited) once; the next good answer changes it back
        return self._identify(result)

    def _identify(self, result: ReadResult) -> str:
        outcome = self.resident.identify_from_read(result)
        self.state.identify_state = outcome.code
        return "identified" if outcome.code == "ok" else "changed"

    def _card_left(self, other_card: WatchResult | None) -> None:
        """The identifying card left the reader: its identity goes now. On a screen that used it the
        resident is asked for a card again; a different card put down meanwhile waits for their word."""
        self.resident.forget_identity("card_removed")
        self.cursor.reset()
        self._card_on_hold = other_card if isinstance(other_card, CardRead) else None
        if self.stack.top in _USES_IDENTITY or self._card_on_hold is not None:
            self.stack.forget_identify()
            while self.stack.top in _USES_IDENTITY:
                self.stack.pop_top()
            self.stack.show("identify")
            self.state.identify_state = "other_card" if self._card_on_hold is not None else "removed"

    def use_card_on_hold(self) -> str:
        """The resident confirms the second card on the reader: identify with it ("" when there is none)."""
        card, self._card_on_hold = self._card_on_hold, None
        return self._identify(card) if card is not None and self.stack.top == "identify" else ""

    def change_card(self) -> None:
        """'End / change card': the identity and its form go; a card still on the reader must be taken off
        before another one identifies anybody."""
        self.resident.forget_identity("change_card")
        self.cursor.reset()
        self._card_on_hold = None
        left = self.guard.end_session()
        self.stack.show("home", reset=True)
        self.stack.show("identify")
        self.state.identify_state = "left_card" if left else "waiting"

    def submit_manual(self, name: str, id_number: str, phone: str) -> bool:
        self.state.manual_errors = self.resident.identify_manual(name, id_number, phone)
        return not self.state.manual_errors

    # ------------------------------------------------------------------ form
    def begin_form(self) -> None:
        self.resident.start_form()
        self.cursor.reset()
        self.stack.forget_identify()  # Back from the form goes to the guide
        self.stack.show("form")

    def next_page(self) -> str:
        """"": no form; "errors": this step has errors (now shown); "materials": the last step was done and the
        service's papers are to be photographed (now shown); "review": the last step was done; "next"."""
        form = self.resident.session.form
        if form is None or self.cursor.current_step(form) is None:
            return ""
        if self.cursor.step_errors(form, self.language):
            self.cursor.show_errors = True
            return "errors"
        self.cursor.show_errors = False
        if self.cursor.is_last(form):
            steps = self.resident.start_materials()
            if steps is None or steps.done:
                return "review"
            self.stack.show("materials")
            return "materials"
        self.cursor.pos += 1
        return "next"

    def next_material(self) -> str:
        """Past this paper: "next" (the next paper), "review" (the last was done; the caller shows the review) or
        "" (a required paper has no page yet and is not promised for the counter)."""
        steps = self.resident.session.materials
        if steps is None or not steps.can_continue:
            return ""
        return "next" if steps.next() else "review"

    def prev_page(self) -> bool:
        if self.cursor.pos <= 0:
            return False
        self.cursor.pos -= 1
        self.cursor.show_errors = False
        return True

    def return_to_page(self, pos: int) -> None:
        """From the review to a step, to change an answer (the caller shows the form)."""
        if self.stack.top == "review":
            self.stack.pop_top()
        self.cursor.pos = max(0, pos)

    def submit_failed(self, error: BaseException | None) -> bool:
        """Say why a submission was not stored; True when staff must be called (a full disk or a wrong
        clock is not the resident's to fix)."""
        self.state.submit_error = ("storage" if isinstance(error, StorageFault) else
                                   "clock" if isinstance(error, ClockWrong) else "store_failed")
        return self.state.submit_error != "store_failed" and not self.state.staff_called

    # ------------------------------------------------------------------ lookup
    def scan_action(self, payload: str) -> str:
        """What a scanned code does here: "" nothing, "lookup", or "start" (a session first, then lookup)."""
        if not payload.startswith(SCAN_PREFIX):
            return ""  # not ours (an electronic ID code needs the platform to verify it; not trusted here)
        top = self.stack.top
        if top in SCAN_IGNORED_ON:
            return ""
        return "start" if top in ("attract", "finish") else "lookup"

    def show_lookup(self, code: str) -> None:
        self.state.lookup_state = code
        self.stack.forget_identify()
        self.stack.show("lookup_result")

    # ------------------------------------------------------------------ what the screens show
    def place_names(self) -> tuple[str, str]:
        """The service centre's and the community's names in the session's language."""
        t = self.settings.terminal
        if self.language == "zh_CN":
            return t.centre_name_zh, t.community_name_zh
        return t.centre_name_en, t.community_name_en

    def masked_identity(self) -> tuple[str, str]:
        """(masked name, masked ID number) of the identified resident, or empty strings."""
        i = self.resident.session.identity
        return (i.masked_name_in(self.language), i.masked_id) if i else ("", "")

    def service_detail(self) -> dict[str, Any]:
        return rows.service_detail(self.resident.current_service(), self.language)

    def receipt_detail(self) -> dict[str, Any]:
        return rows.receipt_detail(self.resident.session, self.language)

    def form_info(self) -> dict[str, Any]:
        return self.cursor.info(self.resident.session.form, self.language)

    def category_name(self) -> str:
        return rows.category_name(self.resident.content.catalog, self.state.category_id, self.language)
