"""One-time enrolment tokens and terminal enrolment.

A token is bound to a district and community, valid once, until it expires.
Consuming it is one conditional UPDATE, so two processes cannot both use it.
"""

from __future__ import annotations

import base64
import os
import secrets
from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from contract import crypto
from hub import audit
from hub.db import utcnow
from hub.errors import ApiError
from hub.models import EnrollToken, Terminal
from hub.security import hash_token, new_secret_token

ENROLL_PREFIX = "kenr_"
MAX_TERMINAL_NO = 9999  # tracking numbers carry four digits of it


def create_enroll_token(session: Session, actor: audit.Actor, community: str, district: str,
                        ttl_s: int, street: str | None = None) -> tuple[str, EnrollToken]:
    token = new_secret_token(ENROLL_PREFIX)
    now = utcnow()
    row = EnrollToken(token_hash=hash_token(token), district=district, community=community, street=street or None,
                      created_at=now,
                      expires_at=now + timedelta(seconds=ttl_s), created_by=actor.name)
    session.add(row)
    audit.record(session, actor, audit.AdminAction.ENROLL_TOKEN_CREATED, f"{district}/{community}",
                 expires_at=row.expires_at.isoformat())
    return token, row


def _next_terminal_no(session: Session) -> int:
    current = session.scalar(select(func.max(Terminal.terminal_no))) or 0
    if current >= MAX_TERMINAL_NO:
        raise ApiError(409, "fleet_full", f"terminal numbers 1-{MAX_TERMINAL_NO} are all used")
    return current + 1


def enroll(session: Session, token: str, public_key_b64: str, hostname: str) -> Terminal:
    try:
        public_key = crypto.b64d(public_key_b64)
        crypto.verify_key_from_bytes(public_key)
    except crypto.CryptoError:
        raise ApiError(422, "bad_public_key", "public_key must be a base64 raw Ed25519 public key") from None
    now = utcnow()
    token_hash = hash_token(token)
    terminal_id = "t-" + secrets.token_hex(6)
    used = session.execute(
        update(EnrollToken)
        .where(EnrollToken.token_hash == token_hash, EnrollToken.used_at.is_(None), EnrollToken.expires_at > now)
        .values(used_at=now, terminal_id=terminal_id)
    )
    if used.rowcount != 1:  # type: ignore[attr-defined]
        raise ApiError(401, "bad_token", "the enrolment token is unknown, used or expired")
    row = session.get(EnrollToken, token_hash)
    assert row is not None
    for _attempt in range(5):
        terminal = Terminal(
            id=terminal_id, terminal_no=_next_terminal_no(session), district=row.district, community=row.community,
            street=row.street,
            hostname=hostname, public_key=public_key,
            otp_secret=base64.b32encode(os.urandom(20)).decode("ascii"), enrolled_at=now,
        )
        try:
            with session.begin_nested():
                session.add(terminal)
            break
        except IntegrityError:  # another process took that number; take the next
            continue
    else:
        raise ApiError(503, "busy", "could not allocate a terminal number; retry")
    audit.record(session, audit.Actor(name=f"enroll-token:{token_hash[:8]}", role="terminal"),
                 audit.AdminAction.TERMINAL_ENROLLED, terminal.id, terminal_no=terminal.terminal_no,
                 community=terminal.community, district=terminal.district)
    return terminal


def revoke(session: Session, actor: audit.Actor, terminal_id: str) -> Terminal:
    terminal = session.get(Terminal, terminal_id)
    if terminal is None:
        raise ApiError(404, "not_found", "no such terminal")
    audit.revoke(session, actor, terminal, audit.AdminAction.TERMINAL_REVOKED, terminal_id)
    return terminal
