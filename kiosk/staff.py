"""Staff authentication for the technician mode (a signed staff card and a PIN, or a one-time code), without Qt.

Two ways in, both checked offline:

- a staff card (record verified by :mod:`devices.pcsc.staff` against the platform keys
  pinned at enrolment) whose ``staff_id`` is in the active bundle's staff list, not
  revoked, with a role at least as high as the card claims; then a PIN checked against
  the salted memory-hard hash in that list (scrypt, or Argon2id when ``argon2-cffi`` is
  installed);
- for a terminal whose card reader is broken: a staff id from the same list plus a
  one-time code (RFC 6238 TOTP over the per-terminal ``otp_secret`` the hub issued at
  enrolment). A code is accepted once.

Five wrong PINs (or codes) in a row lock that staff id on this terminal for 15 s, then
30 s, 60 s... The counters are persisted (``data_dir/tech-lockout.json``), so a restart
does not reset them. Every outcome is audited with the staff id; the PIN never leaves
this module and is never logged. The words shown to a person are the same whatever the
cause ("card not recognised", "wrong PIN"); the audit detail carries the reason code.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contract.clock import Clock
from contract.totp import match_totp
from kiosk.audit import AuditEvent, AuditRecord
from kiosk.files import atomic_write
from kiosk.roles.staffcard import StaffCard

log = logging.getLogger(__name__)

ROLE_RANK = {"technician": 1, "administrator": 2}
MAX_FAILURES = 5
FIRST_LOCK_S = 15.0
MAX_LOCK_S = 24 * 3600.0
LOCKOUT_FILE = "tech-lockout.json"


# --------------------------------------------------------------------------- PIN hashes

def hash_pin(pin: str, *, n: int = 2**14, r: int = 8, p: int = 1, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$salt_b64$hash_b64``: the format the hub publishes in the staff list."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32, maxmem=128 * 1024 * 1024)
    return "$".join(["scrypt", str(n), str(r), str(p), base64.b64encode(salt).decode(),
                     base64.b64encode(digest).decode()])


def verify_pin(pin: str, encoded: str) -> bool:
    """Constant-time check of a PIN against a stored hash; False for any malformed hash."""
    try:
        if encoded.startswith("scrypt$"):
            _tag, n, r, p, salt_b64, hash_b64 = encoded.split("$")
            n_i, r_i, p_i = int(n), int(r), int(p)
            if not (2 <= n_i <= 2**20 and n_i & (n_i - 1) == 0 and 1 <= r_i <= 32 and 1 <= p_i <= 16):
                return False
            want = base64.b64decode(hash_b64, validate=True)
            got = hashlib.scrypt(pin.encode("utf-8"), salt=base64.b64decode(salt_b64, validate=True),
                                 n=n_i, r=r_i, p=p_i, dklen=len(want), maxmem=256 * 1024 * 1024)
            return hmac.compare_digest(got, want)
        if encoded.startswith("$argon2id$"):
            try:
                from argon2 import PasswordHasher  # optional: argon2-cffi
                from argon2.exceptions import VerificationError  # optional: argon2-cffi
            except ImportError:
                log.warning("an Argon2id PIN hash was published but argon2-cffi is not installed")
                return False
            try:
                return bool(PasswordHasher().verify(encoded, pin))
            except VerificationError:
                return False
    except (ValueError, TypeError):
        return False
    return False


# --------------------------------------------------------------------------- staff list

@dataclass(frozen=True)
class StaffEntry:
    staff_id: str
    role: str
    pin_hash: str
    revoked: bool = False


def staff_from_bundle(active: Any) -> dict[str, StaffEntry]:
    """Every ``staff`` item of the active (signed, verified) bundle, merged by staff id."""
    out: dict[str, StaffEntry] = {}
    if active is None:
        return out
    for item in active.of_kind("staff").values():
        for raw in item.get("staff", []) if isinstance(item, dict) else []:
            try:
                entry = StaffEntry(str(raw["staff_id"]), str(raw["role"]), str(raw.get("pin_hash", "")),
                                   bool(raw.get("revoked", False)))
            except (KeyError, TypeError):
                continue
            if entry.role in ROLE_RANK and entry.staff_id:
                out[entry.staff_id] = entry
    return out


# --------------------------------------------------------------------------- lockout

class LockoutBook:
    """Wrong-PIN counters per staff id on this terminal, persisted atomically as JSON."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._data: dict[str, dict[str, Any]] = self._load()

    def _load(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def _save(self) -> None:
        atomic_write(self.path, json.dumps(self._data, sort_keys=True).encode("utf-8"))

    def _entry(self, staff_id: str) -> dict[str, Any]:
        return self._data.setdefault(staff_id, {"failures": 0, "lockouts": 0, "until": 0.0, "otp_used": -1})

    def locked_for(self, staff_id: str, now: float) -> float:
        with self._lock:
            e = self._data.get(staff_id)
            return max(0.0, float(e["until"]) - now) if e else 0.0

    def failure(self, staff_id: str, now: float) -> float:
        """Count a wrong PIN; returns the lock duration started now (0 when not locked yet)."""
        with self._lock:
            e = self._entry(staff_id)
            e["failures"] = int(e["failures"]) + 1
            lock = 0.0
            if e["failures"] >= MAX_FAILURES:
                lock = min(MAX_LOCK_S, FIRST_LOCK_S * 2 ** int(e["lockouts"]))
                e["lockouts"] = int(e["lockouts"]) + 1
                e["failures"] = 0
                e["until"] = now + lock
            self._save()
            return lock

    def success(self, staff_id: str) -> None:
        with self._lock:
            e = self._entry(staff_id)
            e.update(failures=0, lockouts=0, until=0.0)
            self._save()

    def failures(self, staff_id: str) -> int:
        with self._lock:
            return int(self._data.get(staff_id, {}).get("failures", 0))

    def otp_fresh(self, counter: int) -> bool:
        """Whether this one-time code's counter was never used on this terminal (terminal-wide)."""
        with self._lock:
            return counter > int(self._data.get("__otp__", {}).get("otp_used", -1))

    def otp_used(self, counter: int) -> None:
        with self._lock:
            self._data.setdefault("__otp__", {})["otp_used"] = counter
            self._save()


# --------------------------------------------------------------------------- the checks

@dataclass(frozen=True)
class StaffSession:
    staff_id: str
    role: str
    method: str  # "card" or "otp"
    card_uid: str = ""

    @property
    def is_admin(self) -> bool:
        return self.role == "administrator"


@dataclass(frozen=True)
class CardCheck:
    ok: bool
    staff_id: str = ""
    role: str = ""
    uid: str = ""
    reason: str = ""  # for the audit log only


@dataclass(frozen=True)
class AuthResult:
    ok: bool
    session: StaffSession | None = None
    reason: str = ""  # wrong_pin, locked, unknown_staff, bad_code, ...
    locked_s: float = 0.0
    tries_left: int = 0  # wrong entries still allowed before the lock (shown after a wrong PIN or code)
    lock_key: str = ""  # whose lockout counts: the staff id (or "(none)" for an empty one)


class StaffAuth:
    """The checks of staff-card.md in order, plus the one-time-code fallback, with auditing."""

    def __init__(self, store: Any, clock: Clock, data_dir: Path, *,
                 active_bundle: Callable[[], Any], keys: Any = None) -> None:
        """``active_bundle`` returns the active signed bundle (``sync.bundles.BundleManager.active``),
        whose ``staff`` items name who may enter; the composition root wires it."""
        self.store = store
        self.clock = clock
        self.keys = keys if keys is not None else getattr(store, "keys", None)
        self._active_bundle = active_bundle
        self.lockout = LockoutBook(Path(data_dir) / LOCKOUT_FILE)

    # sources
    def _bundle_staff(self) -> dict[str, StaffEntry]:
        try:
            return staff_from_bundle(self._active_bundle())
        except Exception:
            log.exception("staff list unavailable")
            return {}

    def staff(self) -> dict[str, StaffEntry]:
        return self._bundle_staff()

    def trusted_keys(self) -> dict[str, bytes]:
        enrollment = self.keys.enrollment() if self.keys is not None else None
        return dict(enrollment.bundle_keys) if enrollment is not None else {}

    def otp_secret(self) -> str:
        if self.keys is None:
            return ""
        try:
            return (Path(self.keys.dir) / "otp.secret").read_text(encoding="ascii").strip()
        except OSError:
            return ""

    def _now(self) -> float:
        return self.clock.now().timestamp()

    def _audit(self, event: AuditEvent, staff_id: str | None, **detail: Any) -> None:
        try:
            self.store.record(AuditRecord(event, self.clock.now(), detail, staff_id=staff_id or None))
        except Exception:
            log.exception("could not record %s", event)

    # card
    def check_card(self, card: Any) -> CardCheck:
        """Step 2 of the spec on an already read card (``devices.pcsc.staff`` result)."""

        if not isinstance(card, StaffCard):
            reason = getattr(card, "reason", "unreadable")
            self._audit(AuditEvent.TECH_ENTRY_FAILED, None, reason=f"card_{reason}", uid=getattr(card, "uid", ""))
            return CardCheck(False, uid=getattr(card, "uid", ""), reason=reason)
        entry = self.staff().get(card.staff_id)
        reason = ""
        if entry is None:
            reason = "not_in_staff_list"
        elif entry.revoked:
            reason = "revoked"
        elif ROLE_RANK.get(entry.role, 0) < ROLE_RANK.get(card.role, 99):
            reason = "role_too_high"
        if reason:
            self._audit(AuditEvent.TECH_ENTRY_FAILED, card.staff_id, reason=reason, uid=card.uid)
            return CardCheck(False, card.staff_id, card.role, card.uid, reason)
        return CardCheck(True, card.staff_id, card.role, card.uid)

    def locked_for(self, staff_id: str) -> float:
        return self.lockout.locked_for(staff_id, self._now())

    def _failed(self, staff_id: str, reason: str, method: str) -> AuthResult:
        lock = self.lockout.failure(staff_id, self._now())
        self._audit(AuditEvent.TECH_ENTRY_FAILED, staff_id, reason=reason, method=method)
        if lock:
            self._audit(AuditEvent.TECH_LOCKOUT, staff_id, seconds=int(lock))
            return AuthResult(False, reason="locked", locked_s=lock, lock_key=staff_id)
        return AuthResult(False, reason=reason, tries_left=MAX_FAILURES - self.lockout.failures(staff_id),
                          lock_key=staff_id)

    def check_pin(self, card: CardCheck, pin: str, *, as_entry: bool = True) -> AuthResult:
        """Step 3: the PIN against the staff list's hash, with the lockout. ``as_entry=False``: the PIN
        confirms something else (a face check override, audited by its caller), not a technician entry."""
        staff_id = card.staff_id
        remaining = self.locked_for(staff_id)
        if remaining > 0:
            self._audit(AuditEvent.TECH_ENTRY_FAILED, staff_id, reason="locked", method="card")
            return AuthResult(False, reason="locked", locked_s=remaining, lock_key=staff_id)
        entry = self.staff().get(staff_id)
        if not card.ok or entry is None or entry.revoked or not verify_pin(pin, entry.pin_hash):
            return self._failed(staff_id, "wrong_pin", "card")
        self.lockout.success(staff_id)
        session = StaffSession(staff_id, card.role, "card", card.uid)
        if as_entry:
            self._audit(AuditEvent.TECH_ENTRY, staff_id, method="card", role=card.role, uid=card.uid)
        return AuthResult(True, session)

    def check_otp(self, staff_id: str, code: str) -> AuthResult:
        """The fallback: a listed staff id plus the current one-time code of this terminal."""
        staff_id = staff_id.strip()
        key = staff_id or "(none)"
        remaining = self.locked_for(key)
        if remaining > 0:
            self._audit(AuditEvent.TECH_ENTRY_FAILED, staff_id, reason="locked", method="otp")
            return AuthResult(False, reason="locked", locked_s=remaining, lock_key=key)
        entry = self.staff().get(staff_id)
        secret = self.otp_secret()
        counter = match_totp(secret, code, self._now()) if secret else None
        if entry is None or entry.revoked or counter is None or not self.lockout.otp_fresh(counter):
            return self._failed(key, "bad_code", "otp")
        self.lockout.otp_used(counter)
        self.lockout.success(key)
        session = StaffSession(staff_id, entry.role, "otp")
        self._audit(AuditEvent.TECH_ENTRY, staff_id, method="otp", role=entry.role)
        return AuthResult(True, session)

    def record_action(self, session: StaffSession | None, action: str, **detail: Any) -> None:
        self._audit(AuditEvent.TECH_ACTION, session.staff_id if session else None, action=action, **detail)

    def record_exit(self, session: StaffSession | None, reason: str) -> None:
        self._audit(AuditEvent.TECH_EXIT, session.staff_id if session else None, reason=reason)
