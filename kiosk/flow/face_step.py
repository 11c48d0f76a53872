"""The face check (人证核验) between the card read and the form, without Qt.

A service whose catalog entry says ``identity_check: face`` is applied for only after the person at
the screen was checked against the photo on their card, on a terminal that has a camera
(``camera.driver`` is not ``none``). :class:`FaceStep` decides what the screen says after each
attempt: try again (with the reason in plain words), passed, or staff (after ``face.attempts``
failures, or when the camera does not work). A card without a decodable photo, or a person who
typed their details instead of using a card, goes to the configured fallback (``face.no_photo``):
a staff check, or a plain refusal here. A staff member may let the resident through with their
staff card and PIN. Every decision and every override is audited; what the sealed submission
carries (:attr:`FaceStep.result`) is the decision's fields, nothing that is a face.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from contract.settings import Settings
from kiosk.audit import AuditEvent, AuditRecord
from kiosk.face.decision import Decision, FaceDecision

# what the screen shows: "" not in a check, "starting" the camera and models load, "checking"
# an attempt runs, "retry" it failed and another is allowed, "passed", "staff" the resident waits for
# staff (attempts used up, no camera, or no card photo with the staff fallback), "refused" the service
# cannot be applied for here (no card photo with the refusal fallback)
STATES = ("", "starting", "checking", "retry", "passed", "staff", "refused")


def face_check_needed(settings: Settings, service: Any) -> bool:
    """Whether applying for ``service`` on this terminal needs the face check."""
    return (service is not None and getattr(service, "identity_check", "none") == "face"
            and settings.camera.driver != "none")


class FaceStep:
    """One resident's face check: its state, the attempts, the audit records and the result."""

    def __init__(self, settings: Settings, record: Callable[[AuditRecord], None], now: Callable[[], Any]) -> None:
        self.settings = settings
        self._record = record
        self._now = now
        self.state = ""
        self.reason = ""  # the last failed decision, or why staff are needed: the screen's words follow it
        self.attempts = 0
        self.service_id = ""
        self.last: FaceDecision | None = None
        self.result: dict[str, Any] | None = None  # what the sealed submission carries once passed

    @property
    def max_attempts(self) -> int:
        return self.settings.face.attempts

    @property
    def attempts_left(self) -> int:
        return max(0, self.max_attempts - self.attempts)

    def begin(self, service_id: str) -> None:
        """A new check for this identity and service: the camera and the models are (still) loading."""
        self.wipe()
        self.service_id = service_id
        self.state = "starting"

    def no_photo(self, problem: str) -> str:
        """No card photo to compare with (``no_photo``, ``no_decoder``, ``not_decodable``, or ``manual``:
        the details were typed; the screen's ``reason`` is then ``no_card``): the configured fallback, audited."""
        fallback = self.settings.face.no_photo
        self.reason = "no_card" if problem == "manual" else "no_photo"
        self.state = "staff" if fallback == "staff" else "refused"
        self._audit(AuditEvent.FACE_CHECK_DONE, decision=str(Decision.NO_CARD_FACE), photo=problem,
                    fallback=fallback, attempts=self.attempts)
        return self.state

    def checking(self) -> None:
        self.state = "checking"

    def decided(self, decision: FaceDecision) -> str:
        """One attempt's decision: audited, then "passed", "retry", "staff" or "refused"."""
        self.last = decision
        self.attempts += 1  # this identity's attempts (the worker counts across identities)
        self._audit(AuditEvent.FACE_CHECK_DONE, **{**decision.as_json(), "attempts": self.attempts})
        self.reason = str(decision.decision)
        if decision.passed:
            self.state = "passed"
            self.result = {**decision.as_json(), "attempts": self.attempts}
        elif decision.decision == Decision.NO_CARD_FACE:
            self.reason = "no_photo"
            self.state = "staff" if self.settings.face.no_photo == "staff" else "refused"
        elif decision.decision == Decision.CAMERA_UNAVAILABLE or self.attempts >= self.max_attempts:
            self.state = "staff"
        else:
            self.state = "retry"
        return self.state

    def unavailable(self) -> str:
        """The check could not run at all (the worker did not start): staff check the person."""
        return self.decided(FaceDecision(Decision.CAMERA_UNAVAILABLE, None, "", "", self.attempts))

    def overridden(self, staff_id: str) -> None:
        """A staff member checked the person themselves (their card and PIN were verified): passed, audited."""
        last = self.last.as_json() if self.last is not None else {"decision": str(Decision.NO_CARD_FACE),
                                                                   "score": None, "model": "", "model_version": ""}
        self.result = {**last, "attempts": self.attempts, "staff_override": True}
        self._audit(AuditEvent.FACE_STAFF_OVERRIDE, staff_id=staff_id, decision=last["decision"],
                    attempts=self.attempts)
        self.state = "passed"

    def _audit(self, event: AuditEvent, staff_id: str | None = None, **detail: Any) -> None:
        self._record(AuditRecord(event, self._now(), {"service_id": self.service_id, **detail}, staff_id=staff_id))

    def wipe(self) -> None:
        self.state, self.reason, self.attempts, self.service_id = "", "", 0, ""
        self.last, self.result = None, None
