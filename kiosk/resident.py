"""The resident's use-cases, without Qt: identify, choose a service, fill its form, submit, print, look up.

The UI adapters (``ui/``) call these from worker threads and show the results;
everything about a resident lives in one :class:`ResidentSession` that
:meth:`ResidentService.wipe` empties.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from contract import idnumber, tracking
from contract.forms import FormState
from contract.lang import tr
from kiosk.audit import AuditEvent, AuditRecord
from kiosk.clock_guard import ClockWrong, require_trusted
from kiosk.disk_budget import enforce
from kiosk.documents.cups import CupsError
from kiosk.documents.models import Certificate, ServiceGuide
from kiosk.identity import CardType, Identity
from kiosk.materials import MaterialSteps, at_counter
from kiosk.prefill import prefill_values
from kiosk.printing import PrintService
from kiosk.receipt import Receipt
from kiosk.receipt_text import receipt_labels
from kiosk.roles.idcard import CardRead, NoCard, ReaderDisconnected, ReaderFault, ReadResult
from kiosk.roles.printer import PrintOutcome
from kiosk.storage_faults import Fault, StorageFault
from kiosk.submission import NewSubmission, SubmissionStub

log = logging.getLogger(__name__)

_PHONE_DIGITS = 11


@dataclass
class ResidentSession:
    """Everything the terminal knows about the person at the screen. Emptied by :meth:`wipe`."""

    language: str = "zh_CN"
    large_text: bool = False
    identity: Identity | None = None
    service_id: str | None = None
    form: Any = None  # contract.forms.FormState, keeps the definition version it started with
    materials: MaterialSteps | None = None  # the papers photographed for this form (pages in memory only)
    last_stub: SubmissionStub | None = None
    last_receipt: Receipt | None = None
    last_print: PrintOutcome | None = None
    print_tries: int = 0  # receipt print attempts for last_stub: a second failure calls staff
    lookups: list[SubmissionStub] = field(default_factory=list)
    card_photo: bytes = field(default=b"", repr=False)  # the card's raw photo, in memory, for the face check
    identity_check: dict[str, Any] | None = None  # the face check's decision once passed (sealed with the form)

    def wipe(self, default_language: str, keep_settings: bool = False) -> None:
        """Forget the person; their settings (language, large text) too unless ``keep_settings``
        (the end of a visit keeps them until the farewell screen is gone)."""
        if not keep_settings:
            self.language = default_language
            self.large_text = False
        self.forget_identity()
        self.service_id = None
        self.last_stub = None
        self.last_receipt = None
        self.last_print = None
        self.print_tries = 0
        self.lookups = []

    def forget_identity(self) -> None:
        """The identity and everything filled or fetched with it (the card left, or the resident changes card)."""
        if self.form is not None and hasattr(self.form, "clear"):
            self.form.clear()
        if self.materials is not None:
            self.materials.clear()
        self.identity = None
        self.form = None
        self.card_photo, self.identity_check = b"", None
        self.materials = None

    @property
    def is_empty(self) -> bool:
        return (
            self.identity is None
            and self.service_id is None
            and self.form is None
            and self.materials is None
            and self.last_stub is None
            and self.last_receipt is None
            and not self.lookups
        )


@dataclass(frozen=True)
class IdentifyOutcome:
    """``code``: ok, expired, unreadable, offline, no_card, invalid."""

    code: str
    identity: Identity | None = None
    detail: str = ""


@dataclass(frozen=True)
class SubmitOutcome:
    stub: SubmissionStub
    receipt: Receipt
    printed: PrintOutcome


class ResidentService:
    def __init__(self, services: Any, content: Any) -> None:
        self.services = services
        self.content = content
        self.settings = services.settings
        self.session = ResidentSession(language=self.settings.ui.default_language)

    # -- session ---------------------------------------------------------------------

    def start_session(self) -> None:
        self.session.wipe(self.settings.ui.default_language)
        self._audit(AuditEvent.SESSION_STARTED)

    def wipe(self, reason: str = "finish", keep_settings: bool = False) -> None:
        self.session.wipe(self.settings.ui.default_language, keep_settings)
        self._audit(AuditEvent.SESSION_IDLE_TIMEOUT if reason == "idle" else AuditEvent.SESSION_WIPED, reason=reason)

    def end_settings(self) -> None:
        """The visit is over: the next person starts with the terminal's language and normal text."""
        self.session.language = self.settings.ui.default_language
        self.session.large_text = False

    def forget_identity(self, reason: str) -> None:
        """The card left the reader or the resident changes card: nothing of that identity stays."""
        self.session.forget_identity()
        self.session.lookups = []
        self._audit(AuditEvent.SESSION_WIPED, reason=reason)

    # -- identity --------------------------------------------------------------------

    def today(self) -> date:
        return self.services.clock.now().date()

    def identify_from_read(self, result: ReadResult) -> IdentifyOutcome:
        """Turn a reader result into what the resident is told; only a good read reaches the session."""
        if isinstance(result, CardRead):
            ident = result.identity
            if not ident.checksum_ok or (ident.card_type in (CardType.RESIDENT, CardType.HMT_PERMIT)
                                         and not idnumber.is_valid(ident.id_number)):
                self._audit(AuditEvent.IDENTIFY_FAILED, reason="checksum")
                return IdentifyOutcome("unreadable", detail="checksum")
            if ident.expired or ident.is_expired(self.today()):
                self._audit(AuditEvent.IDENTIFY_FAILED, reason="expired")
                return IdentifyOutcome("expired")
            self.session.identity = ident
            self.session.card_photo = result.photo
            self._audit(AuditEvent.IDENTIFY_CARD, card_type=str(ident.card_type))
            return IdentifyOutcome("ok", ident)
        if isinstance(result, NoCard):
            return IdentifyOutcome("no_card")
        if isinstance(result, ReaderDisconnected):
            self._audit(AuditEvent.DEVICE_FAULT, device="idcard", code="disconnected")
            return IdentifyOutcome("offline", detail=result.detail)
        if isinstance(result, ReaderFault):
            if not result.retryable:
                self._audit(AuditEvent.DEVICE_FAULT, device="idcard", code=result.code)
                return IdentifyOutcome("offline", detail=result.code)
            return IdentifyOutcome("unreadable", detail=result.code)
        return IdentifyOutcome("unreadable")

    def identify_manual(self, name: str, id_number: str, phone: str) -> dict[str, str]:
        """Validate manual entry; returns {field: problem code} or {} after setting the identity.

        Codes: ``required``, ``too_long``, ``length``, ``characters``, ``birth_date``,
        ``checksum``, ``document``, ``phone``.
        """
        errors: dict[str, str] = {}
        name = name.strip()
        number = idnumber.normalise(id_number)
        phone = phone.strip()
        if not name:
            errors["name"] = "required"
        elif len(name) > 40:
            errors["name"] = "too_long"
        if not number:
            errors["id_number"] = "required"
        else:
            p = idnumber.problem(number)
            if p:
                errors["id_number"] = p
        if not phone:
            errors["phone"] = "required"
        elif not (len(phone) == _PHONE_DIGITS and phone.isdigit() and phone[0] == "1" and phone[1] in "3456789"):
            errors["phone"] = "phone"
        if errors:
            return errors
        citizen = idnumber.kind(number) == idnumber.CITIZEN  # only GB 11643 numbers encode sex and birth date
        self.session.identity = Identity(
            card_type=CardType.MANUAL,
            name=name,
            id_number=number,
            sex=idnumber.sex_code(number) if citizen else "",
            birth_date=idnumber.birth_date(number) if citizen else None,
            phone=phone,
        )
        self._audit(AuditEvent.IDENTIFY_MANUAL)
        return {}

    # -- services and forms ------------------------------------------------------------

    def choose_service(self, service_id: str) -> Any:
        service = self.content.catalog.service(service_id)
        self.session.service_id = service_id
        return service

    def current_service(self) -> Any:
        sid = self.session.service_id
        return self.content.catalog.service(sid) if sid else None

    def service_or_none(self, service_id: str) -> Any:
        try:
            return self.content.catalog.service(service_id)
        except KeyError:
            return None

    def prefill(self) -> dict[str, str]:
        return prefill_values(self.session.identity, self.settings.terminal, self.session.language)

    def start_form(self) -> Any:
        service = self.current_service()
        if service is None or not service.form_id:
            raise LookupError("this service has no form")
        definition = self.content.forms[service.form_id]
        form = FormState(definition, self.prefill(), self.session.language,
                         today=lambda: self.services.clock.now().date())
        _carry_phone(form, self.session.identity)
        self.session.form = form
        if self.session.materials is not None:
            self.session.materials.clear()
        self.session.materials = None
        return form

    def start_materials(self) -> MaterialSteps | None:
        """The capture steps after the form: the service's papers to photograph, when this terminal has a
        document camera and the service lists any (None: straight to the review). Pages taken earlier in
        this application are kept (the resident came back from the review to change an answer)."""
        service = self.current_service()
        if getattr(self.services, "doccam", None) is None or service is None:
            return None
        if self.session.materials is None:
            steps = MaterialSteps(service.guide.materials)
            if not steps.steps:
                return None
            self.session.materials = steps
        return self.session.materials

    # -- submit and print --------------------------------------------------------------

    def build_receipt(self, tracking_number: str, service: Any = None, ident: Identity | None = None,
                      lang: str | None = None) -> Receipt:
        """The receipt for a submission; pass the session's service and identity when they were
        captured earlier (submit runs on a worker thread while the GUI may move on)."""
        lang = lang or self.session.language
        labels = receipt_labels(lang)
        t = self.settings.terminal
        service = service if service is not None else self.current_service()
        ident = ident if ident is not None else self.session.identity
        if service is None or ident is None:
            raise RuntimeError("no service or identity for the receipt")
        days = _working_days(tr(service.guide.time_limit, "zh_CN"))
        return Receipt(
            centre_name=t.centre_name_zh if lang == "zh_CN" else t.centre_name_en,
            title=labels["title"],
            service_name=tr(service.name, lang),
            tracking_number=tracking_number,
            masked_name=ident.masked_name_in(lang),
            masked_id=ident.masked_id,
            time=self.services.clock.now(),
            next_steps=(labels["step_wait"].format(days=days, day_word="day" if days == 1 else "days"), labels["step_bring"], labels["step_query"]),
            counter=t.counter_zh if lang == "zh_CN" else t.counter_en,
            qr_payload=f"KIOSK:TRACK:{tracking_number}",
            footer=labels["footer"],
            language=lang,
            labels={k: labels[k] for k in ("service", "tracking", "name", "id", "time", "counter")},
        )

    def submit(self) -> SubmitOutcome:
        """Store the application (sealed, with its receipt journalled), then print the receipt."""
        form = self.session.form
        ident = self.session.identity
        service = self.current_service()
        if form is None or ident is None or service is None:
            raise RuntimeError("nothing to submit")
        definition = form.definition
        sub = NewSubmission(
            service_id=service.id,
            form_id=definition.id,
            form_version=definition.version,
            answers=form.answers(),
            identity=ident,
            language=self.session.language,
            identity_check=self.session.identity_check,
            materials=(self.session.materials.outcome() if self.session.materials is not None
                       else at_counter(service.guide.materials)),
        )
        audit = AuditRecord(AuditEvent.SUBMISSION_CREATED, self.services.clock.now(),
                            {"service_id": service.id, "form_id": definition.id, "form_version": definition.version})
        lang = self.session.language

        def receipt_for(number: str) -> Receipt:
            return self.build_receipt(number, service, ident, lang)

        stub = self._store_submission(sub, receipt_for, audit)
        if self.session.materials is not None:  # sealed now: the clear pages leave memory
            self.session.materials.clear()
            self.session.materials = None
        receipt = receipt_for(stub.tracking_number)
        self.session.last_stub = stub
        self.session.last_receipt = receipt
        printed = self.print_receipt_for(stub.tracking_number, receipt)
        self.session.last_print, self.session.print_tries = printed, 1
        return SubmitOutcome(stub, receipt, printed)

    def _store_submission(self, sub: NewSubmission, receipt_for: Callable[[str], Receipt], audit: AuditRecord) -> Any:
        """Store it durably or raise: no receipt is printed or shown for what is not on disk, or dated wrongly.

        A full disk first gets space back from what may be evicted (:mod:`kiosk.disk_budget`), then one
        more try; a second failure reaches the screen as the storage fault it is.
        """

        require_trusted(self.services.clock_guard)  # the receipt carries a date: it must be right
        try:
            return self.services.store.submit(sub, receipt_for, audit)
        except StorageFault as exc:
            if exc.fault != Fault.FULL:
                raise
            if not enforce(self.settings.data_dir, low=True):
                raise
        return self.services.store.submit(sub, receipt_for, audit)

    def _print_service(self) -> Any:
        svc = self.services.print_service
        if svc is None:
            documents = None
            make_queue = self.services.document_queue  # the composition root's CUPS adapter
            if self.settings.document_printer.queue and make_queue is not None:
                documents = make_queue(self.settings.document_printer.queue)
            svc = PrintService(self.services.printer, self.services.store, self.services.store, self.services.clock,
                               documents=documents)
            self.services.print_service = svc
        return svc

    def print_receipt_for(self, tracking_number: str, receipt: Receipt) -> PrintOutcome:
        """Print the journalled receipt (the job was written with the submission, before any byte went out)."""
        result = self._print_service().print_pending_receipt(tracking_number)
        if result is None:
            result = self._print_service().print_receipt(receipt)
        return result.outcome

    def reprint(self) -> PrintOutcome:
        stub = self.session.last_stub
        if stub is None:
            raise RuntimeError("nothing to reprint")
        result = self._print_service().reprint_by_tracking(stub.tracking_number)
        outcome = result.outcome if result is not None else PrintOutcome(False, "error", "no journalled receipt")
        self.session.last_print = outcome
        self.session.print_tries += 1
        return outcome

    def print_guide(self, queue: str) -> bool:
        """Print the current service's guide as an A4 PDF through CUPS (journalled: it holds no personal data)."""

        service = self.current_service()
        if service is None:
            raise RuntimeError("no service chosen")
        lang = self.session.language
        t = self.settings.terminal
        g = service.guide
        doc = ServiceGuide(
            service_name=tr(service.name, lang),
            centre_name=t.centre_name_zh if lang == "zh_CN" else t.centre_name_en,
            summary=tr(service.summary, lang),
            materials=tuple(tr(m.name, lang) for m in g.materials),
            steps=(tr(g.who, lang),),
            time_limit=tr(g.time_limit, lang),
            fee=tr(g.fee, lang),
            address=tr(g.where, lang),
            hours=tr(g.hours, lang),
        )
        # Lazy: ReportLab adds 12 MB and 0.3-0.5 s (measured) to every start; only a printed document needs it.
        from kiosk.documents.pdf import guide_pdf

        result = self._print_service().print_document(guide_pdf(doc), f"guide-{service.id}")
        return result.ok

    def print_certificate(self, tracking_number: str) -> PrintOutcome:
        """Print an approved certificate on the A4 printer, for the identified resident only.

        The certificate's text comes from the status cache pulled from the hub (sealed at
        rest there). It is rendered and sent straight to CUPS, not journalled: the journal
        would keep personal data in clear, and it can always be printed again from the cache.
        """

        ident = self.session.identity
        if ident is None:
            return PrintOutcome(False, "not_identified")
        mine = {s.tracking_number for s in self.services.store.find_by_id_number(ident.id_number)}
        if tracking.normalise(tracking_number) not in mine:
            return PrintOutcome(False, "not_yours")
        summary = getattr(self.services.store, "certificate_for", lambda _n: None)(tracking_number)
        if not summary:
            return PrintOutcome(False, "no_certificate")
        # The status cache keeps the certificate text sealed at rest (sync.store); without it, nothing to print.
        cert = summary if summary.get("body") else None
        if not cert:
            return PrintOutcome(False, "no_certificate", "the platform sent no certificate text")
        queue = self.settings.document_printer.queue
        if not queue:
            return PrintOutcome(False, "offline", "no document printer configured (document_printer.queue)")

        try:
            require_trusted(self.services.clock_guard)  # the certificate is dated by this clock
        except ClockWrong as exc:
            self._audit(AuditEvent.PRINT_FAILED, kind="certificate", reason="clock_wrong")
            return PrintOutcome(False, "clock_wrong", str(exc))
        t = self.settings.terminal
        doc = Certificate(
            centre_name=t.centre_name_zh,
            title=str(cert.get("title", "")),
            number=str(cert.get("number", "")),
            body=str(cert.get("body", "")),
            issued_at=self.services.clock.now(),
            verify_url=str(cert.get("verify_url", "")),
        )
        # Lazy, as in print_guide: ReportLab would cost every start.
        from kiosk.documents.pdf import certificate_pdf

        make_queue = self.services.document_queue  # the composition root's CUPS adapter
        try:
            if make_queue is None:
                raise CupsError("this terminal was built without a document printer adapter")
            state = make_queue(queue).print_pdf(certificate_pdf(doc), f"certificate-{doc.number}")
        except CupsError as exc:
            self._audit(AuditEvent.PRINT_FAILED, kind="certificate", reason="offline")
            return PrintOutcome(False, "offline", str(exc))
        self._audit(AuditEvent.PRINT_DONE if state.ok else AuditEvent.PRINT_FAILED, kind="certificate",
                    reason="" if state.ok else "error")
        return PrintOutcome(bool(state.ok), None if state.ok else "error")

    # -- progress ----------------------------------------------------------------------

    def lookup_tracking(self, text: str) -> tuple[str, list[SubmissionStub]]:
        """Returns (code, stubs): code ``ok``, ``invalid`` (typo caught by the check digit) or ``not_found``."""
        number = tracking.normalise(text)
        if number.startswith("KIOSK:TRACK:"):
            number = number.removeprefix("KIOSK:TRACK:")
        if not tracking.is_valid(number):
            return "invalid", []
        stub = self.services.store.find_by_tracking(number)
        self._audit(AuditEvent.STATUS_LOOKUP, by="tracking")
        self.session.lookups = [stub] if stub else []
        return ("ok", [stub]) if stub else ("not_found", [])

    def lookup_identity(self) -> tuple[str, list[SubmissionStub]]:
        ident = self.session.identity
        if ident is None:
            return "invalid", []
        stubs = self.services.store.find_by_id_number(ident.id_number)
        self._audit(AuditEvent.STATUS_LOOKUP, by="id_card")
        self.session.lookups = list(stubs)
        return ("ok" if stubs else "not_found"), list(stubs)

    # -- audit -------------------------------------------------------------------------

    def _audit(self, event: AuditEvent, **detail: Any) -> None:
        try:
            self.services.store.record(AuditRecord(event, self.services.clock.now(), detail))
        except Exception:  # an audit failure must never break a resident's session
            log.exception("audit record failed: %s", event)


def _carry_phone(form: Any, identity: Identity | None) -> None:
    """The mobile number typed at manual entry answers the form's first phone question: never asked twice."""
    phone = identity.phone if identity is not None else ""
    first = next((f for f in form.definition.fields if f.type == "phone" and not f.prefill), None)
    if phone and first is not None and form.value(first.id) in (None, ""):
        form.set_value(first.id, phone)


def _working_days(time_limit_zh: str) -> int:
    """The first number in a guide's time limit (e.g. "5个工作日"), 5 when there is none."""

    m = re.search(r"\d+", time_limit_zh)
    return int(m.group()) if m else 5
