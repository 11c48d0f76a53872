"""Console sessions: a signed cookie naming an API token, CSRF tokens, idle expiry, roles.

Why sign in with an existing API token rather than console passwords: the hub
already has one credential per person with a role and a community scope
(``kiosk-hub token create``), hashed at rest, revocable, and 32 random bytes
long, so there is nothing to brute-force and no password policy, reset flow or
second credential store to get wrong. The cookie carries only the token's id
(never the secret), and every request re-reads the token row, so revoking the
token ends every console session of that person at once.

The cookie is signed (HMAC-SHA256 with a key derived from the platform's
sealing key, which every hub process shares). It holds the session id, the
issue time and the time of the last request; it is re-issued on each request
(sliding idle expiry) and refused after ``IDLE_S`` of inactivity or
``MAX_AGE_S`` in total, however busy the session. The session itself is a row
in the database (``console_sessions``, shared by every hub process): signing
out ends it there, so a copy of the cookie taken before stops working at once
(issue 16, finding 4), and an expired or revoked token ends it too.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import delete
from sqlalchemy.orm import Session

from hub import audit
from hub.db import utcnow
from hub.keys import PlatformKeys
from hub.models import ApiToken, ConsoleSession
from hub.security import Role, expired, hash_token

COOKIE = "khub_console"
PRE_COOKIE = "khub_console_login"  # the login form's CSRF value (double submit), before any session
LANG_COOKIE = "khub_lang"
COOKIE_PATH = "/console"
IDLE_S = int(os.environ.get("KIOSK_HUB_CONSOLE_IDLE_S", "1800"))
MAX_AGE_S = 12 * 3600


class NotSignedIn(Exception):
    """No valid session: the console answers with the sign-in page."""


class Forbidden(Exception):
    """Signed in, but the role may not see or do this."""


@dataclass(frozen=True)
class ConsoleUser:
    token_id: str
    name: str
    role: str
    district: str | None
    community: str | None
    session_id: str
    issued: int
    csrf: str

    @property
    def actor(self) -> audit.Actor:
        """The same actor the API would record for this token, so the audit log reads one way."""
        return audit.Actor(name=f"{self.name} ({self.token_id})", role=self.role, district=self.district,
                           community=self.community)


def token_actor(row: ApiToken) -> audit.Actor:
    """Who signs in with this token, as :attr:`ConsoleUser.actor` will record them."""
    return audit.Actor(name=f"{row.name} ({row.id})", role=row.role, district=row.scope_district,
                       community=row.scope_community)

    def can(self, *roles: Role) -> bool:
        return self.role in roles


def session_key(keys: PlatformKeys) -> bytes:
    """A cookie-signing key every hub process derives alike (and signing-key rotation leaves alone)."""
    raw = keys.sealing.private_bytes_raw()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"kiosk-hub console", info=b"session cookie").derive(raw)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(key: bytes, data: bytes) -> str:
    return _b64(hmac.new(key, data, hashlib.sha256).digest())


def encode_session(key: bytes, token_id: str, session_id: str, issued: int, active: int) -> str:
    body = _b64(json.dumps({"t": token_id, "s": session_id, "i": issued, "a": active},
                           separators=(",", ":")).encode("utf-8"))
    return f"{body}.{_mac(key, body.encode('ascii'))}"


@dataclass(frozen=True)
class SessionData:
    token_id: str
    session_id: str
    issued: int
    active: int


def decode_session(key: bytes, cookie: str | None, now: float | None = None) -> SessionData:
    """The session in a cookie; NotSignedIn when it is missing, forged, idle too long or too old."""
    now = time.time() if now is None else now
    if not cookie or "." not in cookie or len(cookie) > 1000:
        raise NotSignedIn()
    body, mac = cookie.rsplit(".", 1)
    if not hmac.compare_digest(mac, _mac(key, body.encode("ascii", "replace"))):
        raise NotSignedIn()
    try:
        data = json.loads(_unb64(body))
        session = SessionData(str(data["t"]), str(data["s"]), int(data["i"]), int(data["a"]))
    except (ValueError, KeyError, TypeError):
        raise NotSignedIn() from None
    if now - session.active > IDLE_S or now - session.issued > MAX_AGE_S or session.active > now + 60:
        raise NotSignedIn()
    return session


def csrf_for(key: bytes, session_id: str) -> str:
    return _mac(key, f"csrf:{session_id}".encode("ascii"))


def check_csrf(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode("ascii"), (given or "").encode("ascii", "replace"))


def load_user(db: Session, key: bytes, session: SessionData) -> ConsoleUser:
    """The signed-in person, read afresh: an ended session, or a revoked or expired token, signs them out."""
    live = db.get(ConsoleSession, session.session_id)
    if live is None or live.ended_at is not None or live.token_id != session.token_id or (
            utcnow() - live.created_at > timedelta(seconds=MAX_AGE_S)):
        raise NotSignedIn()
    row = db.get(ApiToken, session.token_id)
    if row is None or row.revoked_at is not None or expired(row):
        raise NotSignedIn()
    return ConsoleUser(token_id=row.id, name=row.name, role=row.role, district=row.scope_district,
                       community=row.scope_community, session_id=session.session_id, issued=session.issued,
                       csrf=csrf_for(key, session.session_id))


def token_by_secret(db: Session, secret: str) -> ApiToken | None:
    row = db.query(ApiToken).filter(ApiToken.token_hash == hash_token(secret.strip())).one_or_none()
    if row is None or row.revoked_at is not None or expired(row):
        return None
    return row


def start_session(db: Session, token: ApiToken) -> str:
    """Record a new sign-in, forgetting sessions past their absolute lifetime; returns its id (the caller commits)."""
    now = utcnow()
    db.execute(delete(ConsoleSession).where(ConsoleSession.created_at < now - timedelta(seconds=MAX_AGE_S)))
    session_id = secrets.token_hex(16)
    db.add(ConsoleSession(id=session_id, token_id=token.id, created_at=now))
    return session_id


def end_session(db: Session, session_id: str) -> None:
    """Sign out: the session ends at the hub, for every copy of its cookie (the caller commits)."""
    row = db.get(ConsoleSession, session_id)
    if row is not None and row.ended_at is None:
        row.ended_at = utcnow()
