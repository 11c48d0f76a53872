"""The print journal (``print_jobs``): the real :class:`kiosk.ports.PrintJournal`.

Why a journal: a receipt is written here in the submission's own transaction, before the
printer is asked, so a paper jam or a power cut never loses the resident's proof; the
printing service marks each job printed or failed and the technician reprints from it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from contract.clock import Clock
from kiosk.ports import PrintJob
from sync.database import Database
from sync.models import print_jobs as _jobs


class PrintJobJournal:
    """Print jobs with their state (``queued``, ``printed``, ``failed``) and the document to print again."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    @staticmethod
    def add(conn: Connection, kind: str, tracking_number: str | None, document: bytes, now: datetime) -> int:
        """Journal a job inside the caller's write transaction; returns its id."""
        return int(
            conn.execute(
                insert(_jobs)
                .values(kind=kind, tracking_number=tracking_number, state="queued", reason=None,
                        created_at=now.isoformat(), attempts=0, document=document)
                .returning(_jobs.c.job_id)
            ).scalar_one()
        )

    def add_job(self, kind: str, tracking_number: str | None, document: bytes) -> int:
        with self.db.write() as conn:
            return self.add(conn, kind, tracking_number, document, self.clock.now())

    def mark(self, job_id: int, state: str, reason: str | None = None) -> None:
        with self.db.write() as conn:
            res = conn.execute(
                update(_jobs).where(_jobs.c.job_id == job_id).values(state=state, reason=reason,
                                                                    attempts=_jobs.c.attempts + 1)
            )
            if res.rowcount == 0:
                raise KeyError(job_id)

    def jobs(self, *, tracking_number: str | None = None, state: str | None = None) -> list[PrintJob]:
        q = select(_jobs).order_by(_jobs.c.job_id)
        if tracking_number is not None:
            q = q.where(_jobs.c.tracking_number == tracking_number)
        if state is not None:
            q = q.where(_jobs.c.state == state)
        with self.db.read() as conn:
            return [_job(r) for r in conn.execute(q).all()]

    def receipt_job_for(self, tracking_number: str) -> PrintJob | None:
        with self.db.read() as conn:
            row = conn.execute(
                select(_jobs)
                .where(_jobs.c.tracking_number == tracking_number, _jobs.c.kind == "receipt")
                .order_by(_jobs.c.job_id.desc())
                .limit(1)
            ).first()
        return _job(row) if row is not None else None

    @staticmethod
    def purge(conn: Connection, cutoff: datetime) -> None:
        """Delete finished jobs older than ``cutoff`` inside the caller's write transaction."""
        conn.execute(delete(_jobs).where(_jobs.c.created_at < cutoff.isoformat(), _jobs.c.state != "queued"))


def _job(row: Any) -> PrintJob:
    return PrintJob(row.job_id, row.kind, row.tracking_number, row.state, row.reason,
                    datetime.fromisoformat(row.created_at), row.attempts, bytes(row.document))
