"""Submissions and their stubs (``submissions``, ``day_sequence``): the real :class:`kiosk.ports.SubmissionStore`.

Personal data
-------------
Submission payloads (answers and identity) are sealed with :func:`contract.crypto.seal`
before they reach SQLite. People are found again through an HMAC of the ID number with
a per-terminal secret (``data_dir/keys/person.key``). After the hub acknowledges a
submission, its outbox item (the sealed payload) is deleted and only the stub stays.

Sealing before enrolment
------------------------
An enrolled terminal seals to the platform's key pinned at enrolment. A terminal not yet
enrolled (the demo, or a first boot offline) seals to a *pending* X25519 key pair in
``data_dir/keys/pending-seal.key``. The data is then only as safe as that key file, so
this is allowed only when ``allow_local_seal`` is true (``mode = "demo"``); a production
terminal refuses submissions until it is enrolled (:class:`NotEnrolledError`). After
enrolment, :meth:`sync.outbox_items.Outbox.reseal_pending` re-seals them to the platform key.
The sealing key is chosen inside each ``submit`` transaction (under the database write lock)
from a fresh read of the enrolment file, so a submission racing an enrolment in another
process is either re-sealed by that enrolment or sealed to the platform key directly:
nothing is ever sealed to a key that has been deleted, and nothing queued in demo mode is lost.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, text, update

from contract import crypto, idnumber, tracking
from contract.clock import Clock
from contract.pages import PAGE_KIND, PageRef, SealedPage, seal_page
from kiosk.audit import AuditRecord
from kiosk.ports import ReceiptFactory
from kiosk.receipt_codec import receipt_to_json
from kiosk.submission import CaseStatus, NewSubmission, SubmissionStub
from sync.audit_log import LocalAuditLog
from sync.database import Database
from sync.keys import KeyRing
from sync.models import submissions as _subs
from sync.outbox_items import Outbox
from sync.plain import plain_json
from sync.print_journal import PrintJobJournal
from sync.schema import StoreError


class NotEnrolledError(StoreError):
    """A production terminal must be enrolled before it takes submissions (nothing to seal to)."""


class Submissions:
    """Sealed submissions going out, and the stubs that let a resident find them again."""

    def __init__(self, db: Database, clock: Clock, keys: KeyRing, audit_log: LocalAuditLog, *,
                 terminal_no: int | None = None, allow_local_seal: bool = True) -> None:
        self.db = db
        self.clock = clock
        self.keys = keys
        self.audit_log = audit_log
        self._terminal_no = terminal_no
        self.allow_local_seal = allow_local_seal

    def person_key(self, id_number: str) -> str:
        return hmac.new(self.keys.person_secret(), idnumber.normalise(id_number).encode("utf-8"),
                        hashlib.sha256).hexdigest()

    def terminal_no(self) -> int:
        if self._terminal_no is not None:
            return self._terminal_no
        enrollment = self.keys.enrollment()
        return enrollment.terminal_no if enrollment else 0

    def _sealing_target(self) -> tuple[bytes, str]:
        enrollment = self.keys.enrollment()
        if enrollment is not None:
            return enrollment.sealing_key, crypto.key_id(enrollment.sealing_key)
        if not self.allow_local_seal:
            raise NotEnrolledError("this terminal is not enrolled; run `kiosk enroll --hub URL --token TOKEN`")
        pending = self.keys.pending_sealing_key()
        assert pending is not None
        pub = crypto.public_bytes(pending)
        return pub, crypto.key_id(pub)

    def submit(self, submission: NewSubmission, receipt_for: ReceiptFactory, audit: AuditRecord) -> SubmissionStub:
        with self.db.write() as conn:
            now = self.clock.now()
            terminal_no = self.terminal_no()
            day = now.strftime("%y%m%d")
            seq = conn.execute(
                text(
                    "INSERT INTO day_sequence (day, terminal_no, last) VALUES (:d, :t, 1) "
                    "ON CONFLICT (day, terminal_no) DO UPDATE SET last = last + 1 RETURNING last"
                ),
                {"d": day, "t": terminal_no},
            ).scalar_one()
            number = tracking.make(now.date(), terminal_no, seq)
            receipt = receipt_for(number)
            recipient, kid = self._sealing_target()
            pages = _sealed_pages(submission, recipient)
            sealed: dict[str, Any] = {"answers": plain_json(submission.answers),
                                      "identity": plain_json(submission.identity),
                                      "materials": _materials_manifest(submission)}
            if submission.identity_check is not None:  # the face check's decision, nothing of the face
                sealed["identity_check"] = plain_json(submission.identity_check)
            plaintext = crypto.canonical_json(sealed)
            body = {
                "submission_id": submission.submission_id,
                "tracking_number": number,
                "service_id": submission.service_id,
                "form_id": submission.form_id,
                "form_version": submission.form_version,
                "language": submission.language,
                "sealed_payload": crypto.b64e(crypto.seal(recipient, plaintext)),
            }
            item_id = submission.submission_id
            Outbox.add(conn, "submission", body, item_id, now, sealed_to=kid)
            for page in pages:  # after the submission: the hub files each page with its case
                Outbox.add(conn, PAGE_KIND, page.outbox_body(), page.ref.item_id, now, sealed_to=page.kid)
            conn.execute(
                insert(_subs).values(
                    submission_id=submission.submission_id,
                    tracking_number=number,
                    service_id=submission.service_id,
                    form_id=submission.form_id,
                    form_version=submission.form_version,
                    status=CaseStatus.PENDING.value,
                    created_at=now.isoformat(),
                    updated_at=now.isoformat(),
                    created_ts=now.timestamp(),
                    certificate_available=0,
                    person_key=self.person_key(submission.identity.id_number),
                    outbox_id=item_id,
                )
            )
            self.audit_log.add(conn, audit)
            PrintJobJournal.add(conn, "receipt", number, receipt_to_json(receipt), now)
        return SubmissionStub.pending(submission, number, now)

    def set_status(self, tracking_number: str, status: CaseStatus, certificate: bool = False) -> None:
        with self.db.write() as conn:
            res = conn.execute(
                update(_subs)
                .where(_subs.c.tracking_number == tracking.normalise(tracking_number))
                .values(status=status.value, updated_at=self.clock.now().isoformat(),
                        certificate_available=int(certificate))
            )
            if res.rowcount == 0:
                raise KeyError(tracking_number)

    def find_by_tracking(self, tracking_number: str) -> SubmissionStub | None:
        """This terminal's stub, else the status cached from the hub (a submission made elsewhere)."""
        number = tracking.normalise(tracking_number)
        conn = self.db.lookup_connection()
        row = conn.execute(
            "SELECT submission_id, tracking_number, service_id, form_id, form_version, status, created_at, "
            "updated_at, certificate_available FROM submissions WHERE tracking_number = ?", (number,)
        ).fetchone()
        if row is not None:
            return SubmissionStub(row[0], row[1], row[2], row[3], row[4], CaseStatus(row[5]),
                                  datetime.fromisoformat(row[6]), datetime.fromisoformat(row[7]), bool(row[8]))
        cached = conn.execute(
            "SELECT submission_id, tracking_number, status, updated_at, certificate IS NOT NULL "
            "FROM status_cache WHERE tracking_number = ?", (number,)
        ).fetchone()
        if cached is None:
            return None
        return SubmissionStub(
            submission_id=cached[0],
            tracking_number=cached[1],
            service_id="",
            form_id="",
            form_version=0,
            status=CaseStatus(cached[2]),
            created_at=datetime.fromisoformat(cached[3]),
            updated_at=datetime.fromisoformat(cached[3]),
            certificate_available=bool(cached[4]),
        )

    def latest_record_at(self) -> datetime | None:
        """When the newest submission here was made: a wall clock earlier than this went back."""
        with self.db.read() as conn:
            ts = conn.execute(select(func.max(_subs.c.created_ts))).scalar()
        return datetime.fromtimestamp(ts).astimezone() if ts is not None else None

    def find_by_id_number(self, id_number: str) -> list[SubmissionStub]:
        key = self.person_key(id_number)
        with self.db.read() as conn:
            rows = conn.execute(
                select(_subs).where(_subs.c.person_key == key).order_by(_subs.c.created_ts, _subs.c.tracking_number)
            ).all()
        return [_stub(r) for r in rows]

    @staticmethod
    def purge(conn: Connection, cutoff: datetime) -> int:
        """Delete delivered stubs older than ``cutoff`` inside the caller's write transaction; returns how many."""
        return int(conn.execute(
            delete(_subs).where(_subs.c.created_ts < cutoff.timestamp(), _subs.c.outbox_id.is_(None),
                                _subs.c.status != CaseStatus.PENDING.value)
        ).rowcount)


def _sealed_pages(submission: NewSubmission, recipient: bytes) -> list[SealedPage]:
    """Every photographed page sealed to ``recipient``, numbered from 1 within its material."""
    return [seal_page(page, PageRef(submission.submission_id, m.material, n), recipient)
            for m in submission.materials for n, page in enumerate(m.pages, 1)]


def _materials_manifest(submission: NewSubmission) -> list[dict[str, Any]]:
    """Inside the sealed payload: each material's status, page count and pages' digests, so the platform
    knows when a case is complete (and that no page was lost or swapped on the way)."""
    return [{"id": m.material, "status": m.status, "pages": len(m.pages),
             "sha256": [crypto.sha256_hex(p.data) for p in m.pages]} for m in submission.materials]


def _stub(row: Any) -> SubmissionStub:
    return SubmissionStub(
        submission_id=row.submission_id,
        tracking_number=row.tracking_number,
        service_id=row.service_id,
        form_id=row.form_id,
        form_version=row.form_version,
        status=CaseStatus(row.status),
        created_at=datetime.fromisoformat(row.created_at),
        updated_at=datetime.fromisoformat(row.updated_at),
        certificate_available=bool(row.certificate_available),
    )
