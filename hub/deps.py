"""What every route module of the hub shares: the path prefixes, the error lists of the OpenAPI
document, and the dependencies that authenticate a terminal's signed request or a bearer token.

Apart from ``hub.app`` so that the modules registering routes (``hub.community``) import this and
``hub.app`` imports them, one way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Annotated, Any, cast

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Connection, Table, bindparam, select
from sqlalchemy.orm import Session

from hub import audit
from hub.config import HubConfig
from hub.db import SessionDep, begin_reading, begin_writing
from hub.errors import error_responses
from hub.keys import PlatformKeys
from hub.models import ApiToken, Terminal
from hub.security import (
    Role,
    authenticate_bearer,
    check_signature,
    checked_headers,
    count_request,
    rate_limit,
    require_role,
    spend_nonce,
    verify_terminal_request,
)

API = "/api/v1"
ADMIN = f"{API}/admin"
ANY_ROLE = (Role.ADMIN, Role.STAFF, Role.VIEWER)


def get_keys(request: Request) -> PlatformKeys:
    return request.app.state.keys


KeysDep = Annotated[PlatformKeys, Depends(get_keys)]


async def raw_body(request: Request) -> bytes:
    return await request.body()


@dataclass(frozen=True)
class SignedRequest:
    """What a terminal request's signature covers, gathered without touching the database; and, once
    :func:`check_before_writing` has checked the signature, the terminal's row it was checked against."""

    method: str
    path: str
    body: bytes
    headers: dict[str, str]
    checked: Any = None  # a Row of _HOT_TERMINAL, or None


async def signed_request(
    request: Request,
    x_kiosk_terminal: Annotated[str | None, Header(description="terminal id")] = None,
    x_kiosk_timestamp: Annotated[str | None, Header(description="Unix seconds")] = None,
    x_kiosk_nonce: Annotated[str | None, Header(description="32 hex digits, fresh per request")] = None,
    x_kiosk_signature: Annotated[str | None, Header(description="base64 Ed25519 signature")] = None,
) -> SignedRequest:
    """The dependency's header parameters document the signature headers in the OpenAPI document."""
    return signed_of(request, await request.body())


SIGNATURE_HEADERS = ("x-kiosk-terminal", "x-kiosk-timestamp", "x-kiosk-nonce", "x-kiosk-signature")


def signed_of(request: Request, body: bytes) -> SignedRequest:
    """What the signature covers, from the request as it arrived (the raw path, its query, the four headers)."""
    raw_path = request.scope.get("raw_path") or request.scope["path"].encode()
    path = raw_path.decode("latin-1")
    if request.scope.get("query_string"):
        path += "?" + request.scope["query_string"].decode("latin-1")
    got = request.headers
    return SignedRequest(request.method, path, body, {name: got.get(name, "") for name in SIGNATURE_HEADERS})


def authenticate(request: Request, session: Session, signed: SignedRequest) -> Terminal:
    """Check the signature and spend the nonce, in the endpoint's own thread and transaction.

    The nonce (and the rate counter) commit together with the request's effects: a request that
    fails leaves nothing, not even its nonce, so re-sending it can only do what it failed to do. Doing
    it in the endpoint (not a dependency running in another thread) keeps SQLite's write lock within
    one thread, so a busy threadpool can never hold the lock hostage.
    """
    config: HubConfig = request.app.state.config
    terminal = verify_terminal_request(session, signed.method, signed.path, signed.body, signed.headers,
                                       config.replay_window_s)
    rate_limit(session, f"t:{terminal.id}", config.terminal_rate_per_min)
    return terminal


_TERMINALS = cast(Table, Terminal.__table__)
# what the hot path reads of the terminal: its key and state, where it stands, its history's marks, and the
# software its previous heartbeat reported (the JSON field alone, not the whole heartbeat)
_HOT_COLUMNS = ("id", "terminal_no", "district", "community", "public_key", "revoked_at", "history_at",
                "history_alerts")
_HOT_TERMINAL = (select(*(_TERMINALS.c[name] for name in _HOT_COLUMNS),
                        _TERMINALS.c.heartbeat["software"].label("software"))
                 .where(_TERMINALS.c.id == bindparam("tid")))


def check_before_writing(request: Request, conn: Connection, signed: SignedRequest) -> SignedRequest:
    """The read half of :func:`authenticate_on`, for a request that takes SQLite's write turn only after it
    (hub.hotpath): the headers, one SELECT of the terminal's columns in a reader transaction, the
    signature. Returns ``signed`` with the row it was checked against; 401/403 as authenticate_on."""
    config: HubConfig = request.app.state.config
    terminal_id, timestamp, nonce, signature = checked_headers(signed.headers, config.replay_window_s)
    begin_reading(conn)  # SQLite: the lookup and the signature check do not hold the write turn
    row = conn.execute(_HOT_TERMINAL, {"tid": terminal_id}).one_or_none()
    check_signature(row, signed.method, signed.path, signed.body, timestamp, nonce, signature)
    begin_writing(conn)  # the read ends here; the connection's next transaction writes
    return replace(signed, checked=row)


def authenticate_on(request: Request, conn: Connection, signed: SignedRequest) -> tuple[Terminal, Any]:
    """:func:`authenticate` on the hot path's Core connection (hub.hotpath): one SELECT of the terminal's
    columns, the signature, then the nonce and the rate counter, leaving ``conn`` in its write transaction.
    The SELECT and the signature are skipped when :func:`check_before_writing` did them already.

    Returns the terminal (a detached instance holding those columns, never added to a session) and the
    ``software`` of its previous heartbeat.
    """
    config: HubConfig = request.app.state.config
    terminal_id, _timestamp, nonce, _signature = checked_headers(signed.headers, config.replay_window_s)
    if signed.checked is None:
        signed = check_before_writing(request, conn, signed)
    row = signed.checked
    spend_nonce(conn, terminal_id, nonce, config.replay_window_s)
    count_request(conn, f"t:{terminal_id}", config.terminal_rate_per_min)
    assert row is not None
    columns = row._mapping
    return Terminal(**{name: columns[name] for name in _HOT_COLUMNS}), columns["software"]


SignedDep = Annotated[SignedRequest, Depends(signed_request)]
bearer = HTTPBearer(auto_error=False, description="an admin, staff or viewer token (kiosk-hub token create)")


def require(*roles: Role) -> Callable[..., audit.Actor]:
    def dependency(session: SessionDep,
                   credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> audit.Actor:
        header = f"Bearer {credentials.credentials}" if credentials else None
        token: ApiToken = authenticate_bearer(session, header)
        session.commit()  # end the read transaction here: the endpoint runs in another thread
        require_role(token, roles)
        return audit.Actor(name=f"{token.name} ({token.id})", role=token.role, district=token.scope_district,
                           community=token.scope_community, street=token.scope_street)

    return dependency


AdminDep = Annotated[audit.Actor, Depends(require(Role.ADMIN))]
StaffDep = Annotated[audit.Actor, Depends(require(Role.STAFF))]
CaseReaderDep = Annotated[audit.Actor, Depends(require(Role.STAFF, Role.ADMIN))]
AnyRoleDep = Annotated[audit.Actor, Depends(require(*ANY_ROLE))]

TERMINAL_ERRORS = error_responses(400, 401, 403, 413, 422, 429)
ADMIN_ERRORS = error_responses(400, 401, 403, 404, 409, 413, 422)
