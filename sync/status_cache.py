"""Case statuses pulled from the hub (``status_cache``), so a resident can look up any tracking number offline.

Why the certificate body is sealed here: the hub may send a certificate's text, which can
name the resident; it is kept encrypted at rest (ChaCha20-Poly1305 under
``data_dir/keys/cache.key``, bound to the tracking number) and opened only when asked for.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from sqlalchemy import func, select, text

from contract import crypto, tracking
from contract.clock import Clock
from kiosk.submission import CaseStatus
from sync.database import Database
from sync.keys import KeyRing
from sync.models import status_cache as _status
from sync.sync_state import NamedState

STATUS_CURSOR_KEY = "status_cursor"


class StatusCache:
    """The hub's statuses by tracking number, with the cursor of the last page pulled."""

    def __init__(self, db: Database, clock: Clock, keys: KeyRing) -> None:
        self.db = db
        self.clock = clock
        self.keys = keys

    def apply(self, statuses: list[dict[str, Any]], cursor: str | None) -> int:
        """Upsert statuses pulled from the hub and advance the cursor, in one transaction."""
        valid = {s.value for s in CaseStatus}
        rows = []
        for s in statuses:
            if s.get("status") not in valid or not s.get("tracking_number") or not s.get("submission_id"):
                continue
            cert = s.get("certificate")
            cert_json = None
            number = tracking.normalise(str(s["tracking_number"]))
            if isinstance(cert, dict):  # the body may name the resident: encrypted at rest
                summary: dict[str, Any] = {k: cert.get(k) for k in ("number", "title", "verify_url")}
                if isinstance(cert.get("body"), str) and number.isascii():
                    summary["body_sealed"] = self._seal(number, cert["body"])
                cert_json = json.dumps(summary, ensure_ascii=False)
            updated = str(s.get("updated_at") or "")
            try:
                datetime.fromisoformat(updated)
            except ValueError:
                updated = ""
            rows.append({"tracking_number": number,
                         "submission_id": str(s["submission_id"]), "status": s["status"],
                         "updated_at": updated or self.clock.now().isoformat(),
                         "certificate": cert_json})
        with self.db.write() as conn:
            if rows:
                conn.execute(
                    text(
                        "INSERT INTO status_cache (tracking_number, submission_id, status, updated_at, certificate) "
                        "VALUES (:tracking_number, :submission_id, :status, :updated_at, :certificate) "
                        "ON CONFLICT (tracking_number) DO UPDATE SET submission_id=excluded.submission_id, "
                        "status=excluded.status, updated_at=excluded.updated_at, certificate=excluded.certificate"
                    ),
                    rows,
                )
                now = self.clock.now().isoformat()
                conn.execute(  # executemany: one statement, many rows (statuses arrive by the thousand)
                    text("UPDATE submissions SET status = :status, updated_at = :updated_at, "
                         "certificate_available = :cert WHERE submission_id = :submission_id"),
                    [{"status": r["status"], "updated_at": r["updated_at"] or now,
                      "cert": int(r["certificate"] is not None), "submission_id": r["submission_id"]} for r in rows],
                )
            if cursor is not None:
                NamedState.put(conn, STATUS_CURSOR_KEY, cursor)
        return len(rows)

    def count(self) -> int:
        with self.db.read() as conn:
            return int(conn.execute(select(func.count()).select_from(_status)).scalar_one())

    def certificate_for(self, tracking_number: str) -> dict[str, Any] | None:
        """The certificate cached from the hub: ``number``, ``title``, ``verify_url`` and ``body``.

        The caller must check the resident's identity before showing or printing it (the UI
        does: ``find_by_id_number`` first). ``body`` is None if it cannot be opened.
        """
        number = tracking.normalise(tracking_number)
        with self.db.read() as conn:
            value = conn.execute(select(_status.c.certificate).where(_status.c.tracking_number == number)).scalar()
        if not value:
            return None
        data: dict[str, Any] = json.loads(value)
        sealed = data.pop("body_sealed", None)
        data["body"] = self._open(number, sealed) if sealed else None
        return data

    def _seal(self, number: str, text_value: str) -> str:
        nonce = os.urandom(12)
        return crypto.b64e(nonce + ChaCha20Poly1305(self.keys.cache_key()).encrypt(
            nonce, text_value.encode("utf-8"), number.encode("ascii")))

    def _open(self, number: str, sealed: str) -> str | None:
        try:
            raw = crypto.b64d(sealed)
            return ChaCha20Poly1305(self.keys.cache_key()).decrypt(raw[:12], raw[12:], number.encode("ascii")).decode()
        except (crypto.CryptoError, InvalidTag, ValueError, UnicodeError):
            return None
