"""Admin, staff and viewer bearer tokens: created (shown once), listed, revoked."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy.orm import Session

from hub import audit
from hub.db import utcnow
from hub.errors import ApiError
from hub.models import ApiToken
from hub.security import Role, hash_token, new_secret_token


def create_api_token(session: Session, actor: audit.Actor, name: str, role: str, district: str | None = None,
                     community: str | None = None) -> tuple[str, ApiToken]:
    if role not in tuple(Role):
        raise ApiError(422, "invalid_request", f"role must be one of {', '.join(Role)}")
    secret = new_secret_token()
    row = ApiToken(id=secrets.token_hex(6), name=name, role=role, token_hash=hash_token(secret),
                   scope_district=district or None, scope_community=community or None, created_at=utcnow(),
                   created_by=actor.name)
    session.add(row)
    audit.record(session, actor, audit.AdminAction.TOKEN_CREATED, row.id, name=name, role=role,
                 district=district, community=community)
    return secret, row


def revoke_api_token(session: Session, actor: audit.Actor, token_id: str) -> ApiToken:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise ApiError(404, "not_found", "no such token")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        audit.record(session, actor, audit.AdminAction.TOKEN_REVOKED, token_id)
    return row


def token_out(row: ApiToken) -> dict[str, Any]:
    from hub.publishing import iso

    return {"id": row.id, "name": row.name, "role": row.role, "district": row.scope_district,
            "community": row.scope_community, "created_at": iso(row.created_at), "revoked": row.revoked_at is not None}
