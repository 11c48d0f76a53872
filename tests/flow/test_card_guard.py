"""Item 2 of issue 15, the card guard, and item 5, settings that last the visit: the Qt-free rules."""

from __future__ import annotations

from contract.clock import FakeClock
from kiosk.flow import ResidentFlow
from kiosk.flow.card_guard import LEFT_BEHIND, PLACED, REMOVED, SAME, SWAPPED, CardGuard
from kiosk.roles.idcard import CardRead, CardStillThere, NoCard, ReaderDisconnected
from tests.flow.conftest import sample_identity


def _identified_on_form(flow: ResidentFlow, clock: FakeClock, key: str = "resident") -> CardRead:
    flow.start()
    flow.open_service("residence_certificate")
    flow.identify_for("apply")
    card = CardRead(sample_identity(clock, key))
    assert flow.card_result(card) == "identified"
    flow.begin_form()
    return card


def test_guard_verdicts(clock: FakeClock) -> None:
    guard = CardGuard()
    a, b = CardRead(sample_identity(clock)), CardRead(sample_identity(clock, "hmt"))
    assert guard.seen(NoCard()) == ""
    assert guard.seen(a) == PLACED and guard.seen(a) == SAME and guard.is_on_reader(a.identity)
    assert guard.seen(ReaderDisconnected()) == "" and guard.card_present  # a fault says nothing about the card
    assert guard.seen(b) == SWAPPED
    assert guard.end_session() and guard.seen(b) == LEFT_BEHIND
    assert guard.seen(NoCard()) == REMOVED and not guard.left_behind and not guard.card_present
    assert guard.seen(a) == PLACED


def test_the_identity_leaves_with_its_card(flow: ResidentFlow, clock: FakeClock) -> None:
    card = _identified_on_form(flow, clock)
    assert flow.card_result(card) == ""  # still there: nothing changes, nothing is read again into the form
    assert flow.card_result(NoCard()) == "removed"
    assert flow.resident.session.identity is None and flow.resident.session.form is None
    assert flow.screen == "identify" and flow.state.identify_state == "removed"
    assert flow.stack.names == ("home", "guide", "identify")
    assert flow.card_result(NoCard()) == "" and flow.state.identify_state == "removed"  # stays to be read
    assert flow.card_result(card) == "identified"  # laid down again: on with the same person


def test_a_manual_identity_ignores_cards(flow: ResidentFlow, clock: FakeClock) -> None:
    flow.start()
    assert flow.submit_manual("张三", sample_identity(clock).id_number, "13912345678")
    assert flow.card_result(CardRead(sample_identity(clock, "hmt"))) == ""
    assert flow.card_result(NoCard()) == ""
    assert flow.resident.session.identity is not None


def test_a_second_card_replaces_nothing_silently(flow: ResidentFlow, clock: FakeClock) -> None:
    _identified_on_form(flow, clock)
    other = CardRead(sample_identity(clock, "hmt"))
    assert flow.card_result(other) == "removed"  # the first card is gone: so is its identity
    assert flow.resident.session.identity is None
    assert flow.screen == "identify" and flow.state.identify_state == "other_card"
    assert flow.card_result(other) == ""  # the second card waits for the resident's word
    assert flow.resident.session.identity is None
    assert flow.use_card_on_hold() == "identified"
    assert flow.resident.session.identity == other.identity


def test_change_card_asks_for_the_card_to_be_taken_first(flow: ResidentFlow, clock: FakeClock) -> None:
    card = _identified_on_form(flow, clock)
    flow.change_card()
    assert flow.resident.session.identity is None and flow.resident.session.form is None
    assert flow.screen == "identify" and flow.state.identify_state == "left_card"
    assert flow.card_result(card) == "changed" and flow.resident.session.identity is None
    assert flow.card_result(NoCard()) == "changed" and flow.state.identify_state == "waiting"
    other = CardRead(sample_identity(clock, "foreign2017"))
    assert flow.card_result(other) == "identified"


def test_a_card_left_at_the_end_is_announced_first_and_identifies_nobody(flow: ResidentFlow, clock: FakeClock) -> None:
    card = _identified_on_form(flow, clock)
    flow.stack.show("receipt", reset=True)
    service = flow.service_to_rate()
    flow.wipe("finish")
    flow.after_finish(service)
    assert flow.screen == "finish" and flow.state.finish_stage == "take_card"  # before the rating
    assert flow.wants_reader
    assert flow.card_result(card) == ""
    assert flow.card_result(NoCard()) == "taken"
    assert flow.screen == "rating" and flow.state.finish_stage == ""


def test_the_next_person_never_inherits_a_card_left_behind(flow: ResidentFlow, clock: FakeClock) -> None:
    card = _identified_on_form(flow, clock)
    clock.advance(flow.settings.ui.idle_timeout_s + 1)
    assert flow.tick(busy=False).action == "wipe"
    flow.wipe("idle")
    flow.stack.show("attract", reset=True)
    assert flow.wants_reader  # the card still there is watched until it is taken
    flow.start()
    flow.open_service("residence_certificate")
    assert flow.identify_for("apply") is False
    assert flow.card_result(card) == "changed" and flow.state.identify_state == "left_card"
    assert flow.resident.session.identity is None


def test_taking_the_card_waits_on_the_idle_countdown_not_the_farewell_hold(flow: ResidentFlow, clock: FakeClock) -> None:
    _identified_on_form(flow, clock)
    flow.wipe("finish")
    flow.after_finish(None)
    clock.advance(10)
    assert flow.tick(busy=False).action == "" and flow.screen == "finish"


def test_settings_last_until_the_farewell_is_gone(flow: ResidentFlow, clock: FakeClock) -> None:
    flow.start()
    flow.set_language("en_US")
    flow.toggle_large_text()
    flow.state.high_contrast = True
    flow.open_service("residence_certificate")
    flow.stack.show("receipt", reset=True)
    service = flow.service_to_rate()
    flow.wipe("finish")
    flow.after_finish(service)
    assert flow.screen == "rating" and flow.resident.session.is_empty
    assert flow.language == "en_US" and flow.large_text and flow.state.high_contrast
    flow.end_rating()
    flow.stack.show("finish", reset=True)
    assert flow.language == "en_US" and flow.large_text
    clock.advance(8)
    assert flow.tick(busy=False).action == "attract"
    assert flow.language == flow.settings.ui.default_language and not flow.large_text
    assert not flow.state.high_contrast


def test_a_presence_probe_changes_nothing_while_the_known_card_stays(flow: ResidentFlow, clock: FakeClock) -> None:
    """The watcher's probe (no read) keeps every verdict a read of the same card gave."""
    guard = CardGuard()
    assert guard.seen(CardStillThere()) == ""  # nothing known: the watcher reads instead
    assert guard.seen(CardRead(sample_identity(clock))) == PLACED and guard.seen(CardStillThere()) == SAME
    assert guard.end_session() and guard.seen(CardStillThere()) == LEFT_BEHIND
    flow.start()
    flow.open_service("residence_certificate")
    flow.identify_for("apply")
    assert flow.card_result(CardRead(sample_identity(clock, "expired"))) == "changed"
    assert flow.state.identify_state == "expired"
    assert flow.card_result(CardStillThere()) == "" and flow.state.identify_state == "expired"
    card = _identified_on_form(flow, clock)
    assert flow.card_result(CardStillThere()) == "" and flow.resident.session.identity == card.identity
