"""Admin, staff and viewer bearer tokens: created (shown once), listed, revoked; each lives a bounded time.

Why expiry: a token copied from a retired laptop or an old script should stop working by itself
(issue 16), so every token gets a lifetime (``DEFAULT_TOKEN_DAYS`` unless asked otherwise).
A token's scope is a district, a street (街道) inside it, or a community, granted by the same checks as an
account's (issue 23): an administrator scoped to a district or street makes tokens only inside it.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from hub import accounts, audit
from hub.db import utcnow
from hub.errors import ApiError
from hub.models import ApiToken
from hub.publishing import iso
from hub.security import Role, hash_token, new_secret_token

DEFAULT_TOKEN_DAYS = 180
MAX_TOKEN_DAYS = 3650


def create_api_token(session: Session, actor: audit.Actor, name: str, role: str, district: str | None = None,
                     community: str | None = None, expires_days: float = DEFAULT_TOKEN_DAYS,
                     street: str | None = None) -> tuple[str, ApiToken]:
    if role not in tuple(Role):
        raise ApiError(422, "invalid_request", f"role must be one of {', '.join(Role)}")
    if not 0 < expires_days <= MAX_TOKEN_DAYS:
        raise ApiError(422, "invalid_request", f"a token lives between 1 and {MAX_TOKEN_DAYS} days")
    district, community, street = accounts.grantable(actor, district or None, community or None, street or None)
    accounts.check_street(district, street)
    secret = new_secret_token()
    now = utcnow()
    expires = now + timedelta(days=expires_days)
    row = ApiToken(id=secrets.token_hex(6), name=name, role=role, token_hash=hash_token(secret),
                   scope_district=district or None, scope_community=community or None, scope_street=street or None,
                   created_at=now, created_by=actor.name, expires_at=expires)
    session.add(row)
    audit.record(session, actor, audit.AdminAction.TOKEN_CREATED, row.id, name=name, role=role,
                 district=district, street=street, community=community, expires_at=expires.isoformat())
    return secret, row


def revoke_api_token(session: Session, actor: audit.Actor, token_id: str) -> ApiToken:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise ApiError(404, "not_found", "no such token")
    audit.revoke(session, actor, row, audit.AdminAction.TOKEN_REVOKED, token_id)
    return row


def token_out(row: ApiToken) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "role": row.role, "district": row.scope_district,
            "street": row.scope_street, "community": row.scope_community, "created_at": iso(row.created_at), "revoked": row.revoked_at is not None,
            "expires_at": iso(row.expires_at)}
