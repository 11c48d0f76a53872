"""Console sessions: a signed cookie naming an account (or an API token), CSRF tokens, idle expiry, roles.

People sign in with a username and password (``hub/accounts.py``, issue 23); an API token still signs
in too (technicians, scripts), by the same session machinery. The cookie carries only the account's
or token's id (never a secret), and every request re-reads that row, so disabling the account or
revoking the token ends every console session of that person at once.

The cookie is signed (HMAC-SHA256 with a key derived from the platform's
sealing key, which every hub process shares). It holds the session id, the
issue time and the time of the last request; it is re-issued on each request
(sliding idle expiry) and refused after ``IDLE_S`` of inactivity or
``MAX_AGE_S`` in total, however busy the session. The session itself is a row
in the database (``console_sessions``, shared by every hub process): signing
out ends it there, so a copy of the cookie taken before stops working at once
(issue 16, finding 4), and an expired or revoked token or a disabled account ends it too.
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
from hub.models import Account, ApiToken, ConsoleSession
from hub.security import Role, expired, hash_token

COOKIE = "khub_console"
PRE_COOKIE = "khub_console_login"  # the login form's CSRF value (double submit), before any session
LANG_COOKIE = "khub_lang"
COOKIE_PATH = "/console"
ACCOUNT = "a:"  # a session principal naming an account (token ids are plain hex)
IDLE_S = int(os.environ.get("KIOSK_HUB_CONSOLE_IDLE_S", "1800"))
MAX_AGE_S = 12 * 3600


class NotSignedIn(Exception):
    """No valid session: the console answers with the sign-in page."""


class Forbidden(Exception):
    """Signed in, but the role may not see or do this."""


class MustChangePassword(Exception):
    """Signed in with a temporary password: the console asks for a new one before anything else."""


@dataclass(frozen=True)
class ConsoleUser:
    principal: str  # an API token's id, or ACCOUNT followed by an account's id
    name: str
    handle: str  # the token's id or the account's username, after the name in the audit log
    role: str
    district: str | None
    community: str | None
    session_id: str
    issued: int
    csrf: str
    must_change_password: bool = False
    street: str | None = None

    @property
    def actor(self) -> audit.Actor:
        """The same actor the API or the CLI would record for this person, so the audit log reads one way."""
        return audit.Actor.of(self.name, self.handle, self.role, self.district, self.community, self.street)

    @property
    def account_id(self) -> str | None:
        return self.principal[len(ACCOUNT):] if self.principal.startswith(ACCOUNT) else None

    def can(self, *roles: Role) -> bool:
        return self.role in roles


def token_actor(row: ApiToken) -> audit.Actor:
    """Who signs in with this token, as :attr:`ConsoleUser.actor` will record them."""
    return audit.Actor.of(row.name, row.id, row.role, row.scope_district, row.scope_community, row.scope_street)


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


def encode_session(key: bytes, principal: str, session_id: str, issued: int, active: int) -> str:
    body = _b64(json.dumps({"t": principal, "s": session_id, "i": issued, "a": active},
                           separators=(",", ":")).encode("utf-8"))
    return f"{body}.{_mac(key, body.encode('ascii'))}"


@dataclass(frozen=True)
class SessionData:
    principal: str  # as in ConsoleUser
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
    """The signed-in person, read afresh: an ended session, a revoked or expired token or a disabled account
    signs them out."""
    live = db.get(ConsoleSession, session.session_id)
    if live is None or live.ended_at is not None or utcnow() - live.created_at > timedelta(seconds=MAX_AGE_S):
        raise NotSignedIn()
    csrf = csrf_for(key, session.session_id)
    if session.principal.startswith(ACCOUNT):
        account = db.get(Account, session.principal[len(ACCOUNT):])
        if account is None or live.account_id != account.id or account.disabled_at is not None:
            raise NotSignedIn()
        return ConsoleUser(principal=session.principal, name=account.name, handle=account.username,
                           role=account.role, district=account.scope_district, community=account.scope_community,
                           session_id=session.session_id, issued=session.issued, csrf=csrf,
                           must_change_password=account.must_change_password, street=account.scope_street)
    row = db.get(ApiToken, session.principal)
    if row is None or live.token_id != row.id or row.revoked_at is not None or expired(row):
        raise NotSignedIn()
    return ConsoleUser(principal=row.id, name=row.name, handle=row.id, role=row.role, district=row.scope_district,
                       community=row.scope_community, session_id=session.session_id, issued=session.issued, csrf=csrf,
                       street=row.scope_street)


def token_by_secret(db: Session, secret: str) -> ApiToken | None:
    row = db.query(ApiToken).filter(ApiToken.token_hash == hash_token(secret.strip())).one_or_none()
    if row is None or row.revoked_at is not None or expired(row):
        return None
    return row


def start_session(db: Session, token: ApiToken | None = None, account: Account | None = None) -> str:
    """Record a new sign-in of a token or an account, forgetting sessions past their absolute lifetime;
    returns the cookie's principal and the session's id (the caller commits)."""
    now = utcnow()
    db.execute(delete(ConsoleSession).where(ConsoleSession.created_at < now - timedelta(seconds=MAX_AGE_S)))
    session_id = secrets.token_hex(16)
    db.add(ConsoleSession(id=session_id, token_id=token.id if token else None,
                          account_id=account.id if account else None, created_at=now))
    return session_id


def principal_of(token: ApiToken | None = None, account: Account | None = None) -> str:
    if account is not None:
        return ACCOUNT + account.id
    assert token is not None
    return token.id


def end_session(db: Session, session_id: str) -> None:
    """Sign out: the session ends at the hub, for every copy of its cookie (the caller commits)."""
    row = db.get(ConsoleSession, session_id)
    if row is not None and row.ended_at is None:
        row.ended_at = utcnow()
