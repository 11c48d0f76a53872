"""Who is calling: terminal request signatures (with the replay window) and bearer tokens with roles.

Tokens are random 32-byte secrets, so a plain SHA-256 at rest is enough (there is
nothing to brute-force); lookups are by that hash. Nonces and rate counters are
rows in the database, shared by every hub process.
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
import time
from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from contract import crypto
from hub.db import read_first, then_write, utcnow
from hub.errors import ApiError
from hub.models import ApiToken, Nonce, RateCounter, Terminal


class Role(StrEnum):
    ADMIN = "admin"
    STAFF = "staff"
    VIEWER = "viewer"


TOKEN_PREFIX = "khub_"
_NONCE_RE = re.compile(r"^[0-9a-f]{32}$")
_TERMINAL_RE = re.compile(r"^[A-Za-z0-9._-]{1,40}$")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_secret_token(prefix: str = TOKEN_PREFIX) -> str:
    return prefix + secrets.token_urlsafe(32)


def authenticate_bearer(session: Session, authorization: str | None) -> ApiToken:
    if not authorization or not authorization.lower().startswith("bearer "):
        raise ApiError(401, "missing_token", "an Authorization: Bearer token is required",
                       headers={"WWW-Authenticate": "Bearer"})
    token = authorization[7:].strip()
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or row.revoked_at is not None:
        raise ApiError(401, "bad_token", "the token is unknown or revoked", headers={"WWW-Authenticate": "Bearer"})
    if expired(row):
        raise ApiError(401, "token_expired", "the token has expired; an admin makes a new one (kiosk-hub token create)",
                       headers={"WWW-Authenticate": "Bearer"})
    return row


def expired(row: ApiToken, now: datetime | None = None) -> bool:
    return row.expires_at is not None and row.expires_at <= (now or utcnow())


def require_role(token: ApiToken, allowed: tuple[Role, ...]) -> None:
    if token.role not in allowed:
        raise ApiError(403, "forbidden", f"this needs the role {' or '.join(allowed)}; the token has {token.role}")


@functools.cache
def _hot_statements(dialect: str) -> tuple[Any, Any]:
    """The rate-counter upsert and the nonce insert, built once per dialect: every terminal request runs
    both, and building them anew cost more CPU than executing them."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    counters, nonces = cast(Table, RateCounter.__table__), cast(Table, Nonce.__table__)
    count = (insert(counters).values(key=bindparam("key"), window=bindparam("window"), count=1)
             .on_conflict_do_update(index_elements=[counters.c.key, counters.c.window],
                                    set_={"count": counters.c.count + 1})
             .returning(counters.c.count))
    nonce = (insert(nonces).values(terminal_id=bindparam("terminal_id"), nonce=bindparam("nonce"),
                                   seen_at=bindparam("seen_at"))
             .on_conflict_do_nothing().returning(nonces.c.nonce))
    return count, nonce


_TERMINAL_BY_ID = select(Terminal).where(Terminal.id == bindparam("terminal_id"))


def rate_limit(session: Session, key: str, limit: int, now: float | None = None) -> None:
    """Count one request for ``key`` in the current minute; 429 over ``limit``."""
    count_request(session.connection(), key, limit, now)


def count_request(conn: Connection, key: str, limit: int, now: float | None = None) -> None:
    """:func:`rate_limit` on a Core connection (the hot path's, hub.hotpath)."""
    if limit <= 0:
        return
    now = time.time() if now is None else now
    window = int(now // 60)
    count = conn.execute(_hot_statements(conn.dialect.name)[0], {"key": key, "window": window}).scalar_one()
    if window % 7 == 0 and count == 1:  # now and then, forget old windows
        conn.execute(delete(RateCounter).where(RateCounter.window < window - 2))
    if count > limit:
        retry = int(60 - now % 60) + 1
        raise ApiError(429, "rate_limited", f"more than {limit} requests a minute", {"Retry-After": str(retry)})


def verify_terminal_request(session: Session, method: str, path_and_query: str, body: bytes,
                            headers: Mapping[str, str], window_s: int, now: float | None = None) -> Terminal:
    """Check the four ``X-Kiosk-*`` headers; record the nonce. Raises ApiError 401/403."""
    terminal_id, timestamp, nonce, signature = checked_headers(headers, window_s, now)
    read_first(session)  # SQLite: the lookup and the signature check do not hold the write turn
    terminal = session.scalars(_TERMINAL_BY_ID, {"terminal_id": terminal_id}).one_or_none()
    check_signature(terminal, method, path_and_query, body, timestamp, nonce, signature)
    then_write(session)
    spend_nonce(session.connection(), terminal_id, nonce, window_s)
    return cast(Terminal, terminal)


def checked_headers(headers: Mapping[str, str], window_s: int, now: float | None = None) -> tuple[str, str, str, str]:
    """The terminal id, timestamp, nonce and signature, each well-formed and the timestamp fresh (401 if not)."""
    now = time.time() if now is None else now
    terminal_id = headers.get("x-kiosk-terminal", "")
    timestamp = headers.get("x-kiosk-timestamp", "")
    nonce = headers.get("x-kiosk-nonce", "")
    signature = headers.get("x-kiosk-signature", "")
    if not (terminal_id and timestamp and nonce and signature):
        raise ApiError(401, "missing_signature", "X-Kiosk-Terminal, -Timestamp, -Nonce and -Signature are required")
    if not _TERMINAL_RE.match(terminal_id):
        raise ApiError(401, "unknown_terminal", "no such terminal")
    if not timestamp.isdigit() or len(timestamp) > 12:
        raise ApiError(401, "bad_timestamp", "X-Kiosk-Timestamp must be Unix seconds")
    if abs(int(timestamp) - now) > window_s:
        raise ApiError(401, "stale_request", f"timestamp more than {window_s} s from the hub clock")
    if not _NONCE_RE.match(nonce):
        raise ApiError(401, "bad_nonce", "X-Kiosk-Nonce must be 32 lower-case hex digits")
    return terminal_id, timestamp, nonce, signature


def check_signature(terminal: Any, method: str, path_and_query: str, body: bytes, timestamp: str, nonce: str,
                    signature: str) -> None:
    """``terminal`` (its row, or None when there is none) signed this request and is not revoked (401/403)."""
    if terminal is None:
        raise ApiError(401, "unknown_terminal", "no such terminal")
    signed = crypto.request_sign_input(method, path_and_query, timestamp, nonce, body)
    try:
        crypto.verify(terminal.public_key, signed, signature)
    except crypto.CryptoError:
        raise ApiError(401, "bad_signature", "the request signature does not verify") from None
    if terminal.revoked_at is not None:
        raise ApiError(403, "terminal_revoked", "this terminal has been revoked")


def spend_nonce(conn: Connection, terminal_id: str, nonce: str, window_s: int) -> None:
    """Record the nonce; 401 when it was used before (within the window every hub process shares)."""
    seen = utcnow()
    stored = conn.execute(_hot_statements(conn.dialect.name)[1],
                          {"terminal_id": terminal_id, "nonce": nonce, "seen_at": seen}).scalar_one_or_none()
    if stored is None:
        raise ApiError(401, "replayed_request", "this nonce was already used")
    if secrets.randbelow(500) == 0:  # now and then, forget nonces outside any window
        conn.execute(delete(Nonce).where(Nonce.seen_at < seen - timedelta(seconds=2 * window_s + 60)))


