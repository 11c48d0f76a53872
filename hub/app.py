"""The hub's FastAPI application: terminal API (signed requests), admin/staff API (bearer tokens).

``create_app`` migrates the database and loads the keys, then keeps nothing in
the process but the engine and the keys: every request reads and writes the
database, so any number of processes can serve one PostgreSQL.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from enum import Enum
from html import escape
from typing import Annotated, Any

from fastapi import FastAPI, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from sqlalchemy import select
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from contract import crypto, safe_load
from hub import (
    __version__,
    audit,
    case_pages,
    cases,
    community,
    enrolment,
    fleet,
    publishing,
    releases_fleet,
    scope,
)
from hub.config import ADMIN_BODY_LIMIT, TERMINAL_BODY_LIMIT, HubConfig
from hub.console.site import mount as mount_console
from hub.console.timefmt import format_dt
from hub.db import SessionDep, make_engine, make_sessionmaker, private_dir, start_checkpointer, utcnow
from hub.deps import (
    ADMIN,
    ADMIN_ERRORS,
    API,
    TERMINAL_ERRORS,
    AdminDep,
    AnyRoleDep,
    CaseReaderDep,
    KeysDep,
    SignedDep,
    StaffDep,
    authenticate,
    authenticate_on,
)
from hub.errors import ApiError, error_responses
from hub.hotpath import commit, connection_of, hot_post
from hub.keys import load_or_create
from hub.migrate import current_revision, upgrade
from hub.models import ApiToken, AuditEntry, Blob, ContentVersion, Release
from hub.schemas import (
    AuditOut,
    BundleKeys,
    CaseDetail,
    CaseOut,
    CaseStatusChange,
    CommandCreate,
    CommandOut,
    ContentPublish,
    ContentVersionOut,
    EnrollRequest,
    EnrollResponse,
    EnrollTokenCreate,
    EnrollTokenCreated,
    Health,
    HeartbeatRequest,
    HeartbeatResponse,
    HistoryEntry,
    Manifest,
    OutboxRequest,
    OutboxResponse,
    ReleaseCreate,
    ReleaseOut,
    ReleasePlan,
    ReleaseUpdate,
    RollbackRequest,
    StaffCardRequest,
    StatusesResponse,
    TechnicianCode,
    TerminalView,
    TokenCreate,
    TokenCreated,
    TokenOut,
    ValidationReport,
)
from hub.security import Role, rate_limit
from hub.tokens import create_api_token, revoke_api_token, token_out
from hub.validation import validate_content

log = logging.getLogger("hub")


# --- request size limits ----------------------------------------------------------------


class BodyLimit:
    """413 for bodies over the limit (1 MiB terminal API, 8 MiB admin), whether announced or streamed."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = ADMIN_BODY_LIMIT if scope["path"].startswith((ADMIN, "/console/")) else TERMINAL_BODY_LIMIT
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(send, limit)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _too_large(send, limit)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        refused = _json_bounds_problem(scope, body)
        if refused is not None:
            await _send_json(send, 422, {"error": refused.code, "detail": "; ".join(refused.problems)})
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _too_large(send: Send, limit: int) -> None:
    await _send_json(send, 413, {"error": "too_large", "detail": f"request body over {limit} bytes"})


async def _send_json(send: Send, status: int, content: dict[str, str]) -> None:
    payload = json.dumps(content).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": payload})


# Every JSON body (heartbeats, outbox items, admin content) is bounded before FastAPI parses and pydantic
# walks it: content may nest 32 levels (hub.validation), the request around it a few more. A terminal's
# request (at most 100 small outbox items) needs far fewer values than a published form or catalog.
ADMIN_BODY_BOUNDS = safe_load.Bounds(max_bytes=ADMIN_BODY_LIMIT, max_depth=40, max_nodes=500_000)
TERMINAL_BODY_BOUNDS = safe_load.Bounds(max_bytes=TERMINAL_BODY_LIMIT, max_depth=40, max_nodes=50_000)
_FORM_TYPES = (b"multipart/form-data", b"application/x-www-form-urlencoded")


def _json_bounds_problem(scope: Scope, body: bytes) -> safe_load.ContentError | None:
    """Why a (JSON or untyped) body is refused before parsing, or None; form posts are not JSON."""
    content_type = dict(scope["headers"]).get(b"content-type", b"").lower()
    if not body or content_type.startswith(_FORM_TYPES):
        return None
    admin = scope["path"].startswith((ADMIN, "/console/"))
    try:
        safe_load.check_json(body, ADMIN_BODY_BOUNDS if admin else TERMINAL_BODY_BOUNDS)
    except safe_load.ContentError as exc:
        return exc
    return None




def _links(**links: dict[str, Any]) -> dict[int | str, dict[str, object]]:
    """OpenAPI ``links`` on the 200 response: the next call a client (and the stateful fuzzer) makes with
    what this one returned, where neither can infer it from names (a token into a body, a version into a
    release)."""
    return {200: {"links": links}}


def _base_url(request: Request) -> str:
    """The configured public URL only: a request's Host header must never reach a printed QR code."""
    config: HubConfig = request.app.state.config
    return config.public_url


# --- the application --------------------------------------------------------------------


def create_app(config: HubConfig | None = None) -> FastAPI:
    config = config or HubConfig()
    config.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    private_dir(config.data_dir)
    engine = make_engine(config.resolved_db_url())
    upgrade(engine)
    keys = load_or_create(config.data_dir)
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        checkpointer = start_checkpointer(engine)
        try:
            yield
        finally:
            if checkpointer is not None:
                checkpointer.stop()

    app = FastAPI(
        lifespan=lifespan,
        title="Community kiosk platform hub",
        version=__version__,
        description="The platform side of the sync contract (docs/sync-protocol.md): terminal API with "
                    "request signatures, admin/staff API with bearer tokens.",
        # the committed hub/openapi.json documents the API; serving it is for development only
        docs_url="/docs" if config.api_docs else None, redoc_url="/redoc" if config.api_docs else None,
        openapi_url="/openapi.json" if config.api_docs else None,
        # the hub exports no OpenTelemetry; with it on, FastAPI asks three global providers on every request
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.config = config
    app.state.engine = engine
    app.state.sessions = make_sessionmaker(engine)
    app.state.keys = keys
    app.add_middleware(BodyLimit)
    _handlers(app)
    _terminal_routes(app)
    _admin_routes(app)
    community.register(app)  # issue 11: queue, ratings, staff calls, consultation
    releases_fleet.register(app)  # issue 20: software release packages and their progress

    mount_console(app)
    return app


def app_from_env() -> FastAPI:
    """The factory ``kiosk-hub serve --workers N`` hands to uvicorn (each worker builds its own app)."""

    return create_app(HubConfig(db_url=os.environ.get("KIOSK_HUB_DB_URL", "")))


def _error(status: int, error: str, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": error, "detail": detail}, status_code=status, headers=headers)


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.error, exc.detail, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return _error(400, "malformed_json", "the body is not valid JSON")
        words = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in errors[:10])
        return _error(422, "invalid_request", words)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not_found", 405: "method_not_allowed"}
        return _error(exc.status_code, codes.get(exc.status_code, "http_error"), str(exc.detail),
                      dict(exc.headers) if exc.headers else None)

    @app.exception_handler(Exception)
    async def _crash(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error: %s", type(exc).__name__)
        return _error(500, "internal", "the hub failed; the error is in its log")


def _terminal_routes(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        """A person who types the hub's address wants the console."""
        return RedirectResponse("/console/login", status_code=303)

    @app.get("/healthz", response_model=Health, tags=["public"])
    def healthz(request: Request) -> dict[str, Any]:
        return {"status": "ok", "schema_revision": current_revision(request.app.state.engine),
                "kid": request.app.state.keys.kid}

    @app.get(f"{API}/bundle-keys", response_model=BundleKeys, tags=["public"])
    def bundle_keys(keys: KeysDep) -> dict[str, Any]:
        """The public keys bundles are signed with, so a terminal checks its fingerprint before spending its token."""
        return {"active_kid": keys.kid, "bundle_keys": keys.bundle_keys()}

    @app.post(f"{API}/enroll", response_model=EnrollResponse, tags=["terminal"],
              responses=error_responses(400, 401, 413, 422, 429))
    def enroll(body: EnrollRequest, request: Request, session: SessionDep, keys: KeysDep) -> dict[str, Any]:
        """Enrol with a one-time token; the token is the only authentication."""
        config: HubConfig = request.app.state.config
        client = request.client.host if request.client else "unknown"
        rate_limit(session, f"enroll:{client}", config.enroll_rate_per_min)
        session.commit()
        terminal = enrolment.enroll(session, body.token, body.public_key, body.hostname)
        session.commit()
        return {"terminal_id": terminal.id, "terminal_no": terminal.terminal_no, "district": terminal.district,
                "community": terminal.community, "sealing_key": crypto.b64e(keys.sealing_public),
                "bundle_keys": keys.bundle_keys(), "otp_secret": terminal.otp_secret}

    @hot_post(app, f"{API}/outbox", response_model=OutboxResponse, tags=["terminal"], responses=TERMINAL_ERRORS)
    def outbox(body: OutboxRequest, signed: SignedDep, session: SessionDep, request: Request) -> dict[str, Any]:
        """Deliver outbox items; each id is stored once however often it is delivered."""
        conn = connection_of(session)
        terminal, _software = authenticate_on(request, conn, signed)
        results = cases.intake(session, terminal, body.items)
        community.after_intake(session, request.app.state.keys, terminal, body.items,
                                                           results)
        commit(session)
        return {"results": results}

    @app.get(f"{API}/bundle", response_model=Manifest, tags=["terminal"],
             responses={**TERMINAL_ERRORS, **error_responses(304)})
    def bundle(signed: SignedDep, session: SessionDep, keys: KeysDep, request: Request,
               have: Annotated[int, Query(ge=0, le=2**53)] = 0) -> Any:
        """The signed manifest this terminal should run; 304 when ``have`` is it already."""
        terminal = authenticate(request, session, signed)
        manifest = publishing.bundle_for(session, keys, terminal, have)
        session.commit()
        if manifest is None:
            return Response(status_code=304)
        return JSONResponse(manifest, headers={"ETag": f'"bundle-{manifest["bundle_version"]}"'})

    @app.get(f"{API}/items/{{sha256}}", tags=["terminal"],
             responses={**TERMINAL_ERRORS, **error_responses(404),
                        200: {"content": {"application/json": {}}, "description": "the item's bytes"}})
    def item(sha256: Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")], signed: SignedDep,
             session: SessionDep, request: Request) -> Response:
        """An item of one of this terminal's manifests, by hash."""
        terminal = authenticate(request, session, signed)
        blob = session.get(Blob, sha256) if publishing.item_allowed(session, terminal.id, sha256) else None
        if blob is None:
            raise ApiError(404, "not_found", "no such item in this terminal's bundles")
        session.commit()
        return Response(blob.data, media_type="application/json",
                        headers={"Cache-Control": "private, max-age=31536000, immutable"})

    @app.get(f"{API}/statuses", response_model=StatusesResponse, tags=["terminal"], responses=TERMINAL_ERRORS)
    def statuses(signed: SignedDep, session: SessionDep, request: Request,
                 since: Annotated[str | None, Query(max_length=40)] = None) -> dict[str, Any]:
        """Case status changes in this terminal's community after the cursor."""
        terminal = authenticate(request, session, signed)
        feed = cases.statuses_since(session, terminal, since)
        session.commit()
        return feed

    @hot_post(app, f"{API}/heartbeat", response_model=HeartbeatResponse, tags=["terminal"], responses=TERMINAL_ERRORS)
    def heartbeat(body: HeartbeatRequest, signed: SignedDep, session: SessionDep, request: Request) -> dict[str, Any]:
        """Report health and versions; the reply carries pending commands and a software release on offer."""
        conn = connection_of(session)
        terminal, previous_software = authenticate_on(request, conn, signed)
        commands = fleet.record_heartbeat(conn, session, terminal, body)
        offer = releases_fleet.after_heartbeat(session, request.app.state.config, terminal, body.software,
                                               previous_software)
        commit(session)
        return {"commands": commands, "server_time": publishing.iso(utcnow()), "release": offer}

    @app.get(f"{API}/verify/{{number}}", tags=["public"], response_model=None,
             responses={**error_responses(404, 422), 200: {"description": "the certificate, as issued"}})
    def verify(number: Annotated[str, Path(max_length=40)], code: Annotated[str, Query(max_length=40)],
               request: Request, session: SessionDep) -> Any:
        """What the QR code on a printed certificate opens: is this certificate genuine?"""
        cert, case = cases.verify_certificate(session, number, code)
        data = {"valid": cert.revoked_at is None, "number": cert.number, "title": cert.title, "body": cert.body,
                "issued_at": publishing.iso(cert.issued_at), "district": case.district, "community": case.community}
        if "text/html" in request.headers.get("accept", ""):
            return Response(_verify_html(data), media_type="text/html; charset=utf-8")
        return data


def _verify_html(data: dict[str, Any]) -> str:
    state = "有效 Valid" if data["valid"] else "已撤销 Revoked"
    return (f"<!doctype html><meta charset=utf-8><title>{escape(data['title'])}</title>"
            f"<h1>{escape(data['title'])}</h1><p>{escape(state)} · {escape(data['number'])}</p>"
            f"<p>{escape(data['district'])} {escape(data['community'])} · "
            f"{escape(format_dt(data['issued_at']))} 北京时间 Beijing time</p>"
            f"<pre>{escape(data['body'])}</pre>")


def _admin_routes(app: FastAPI) -> None:
    tags: list[str | Enum] = ["admin"]  # FastAPI's own parameter type (list is invariant)

    @app.get(f"{ADMIN}/me", response_model=TokenOut, tags=tags, responses=ADMIN_ERRORS)
    def me(actor: AnyRoleDep, session: SessionDep) -> dict[str, Any]:
        token_id = actor.name.rsplit("(", 1)[-1].rstrip(")")
        row = session.get(ApiToken, token_id)
        assert row is not None
        return token_out(row)

    # tokens and enrolment
    @app.post(f"{ADMIN}/tokens", response_model=TokenCreated, tags=tags, responses=ADMIN_ERRORS)
    def create_token(body: TokenCreate, actor: AdminDep, session: SessionDep) -> dict[str, Any]:
        secret, row = create_api_token(session, actor, body.name, body.role, body.district, body.community,
                                       body.expires_days, body.street)
        session.commit()
        return {**token_out(row), "token": secret}

    @app.get(f"{ADMIN}/tokens", response_model=list[TokenOut], tags=tags, responses=ADMIN_ERRORS)
    def list_tokens(actor: AdminDep, session: SessionDep) -> list[dict[str, Any]]:
        return [token_out(t) for t in session.scalars(select(ApiToken).order_by(ApiToken.created_at))]

    @app.post(f"{ADMIN}/tokens/{{token_id}}/revoke", response_model=TokenOut, tags=tags, responses=ADMIN_ERRORS)
    def revoke_token(token_id: Annotated[str, Path(max_length=32)], actor: AdminDep,
                     session: SessionDep) -> dict[str, Any]:
        row = revoke_api_token(session, actor, token_id)
        session.commit()
        return token_out(row)

    @app.post(f"{ADMIN}/enroll-tokens", response_model=EnrollTokenCreated, tags=tags, responses={**ADMIN_ERRORS, **_links(
        EnrolWithThisToken={"operationId": "enroll_api_v1_enroll_post",
                            "requestBody": {"token": "$response.body#/token"}})})
    def create_enroll_token(body: EnrollTokenCreate, actor: AdminDep, session: SessionDep) -> dict[str, Any]:
        token, row = enrolment.create_enroll_token(session, actor, body.community, body.district, body.ttl_s,
                                                   body.street)
        session.commit()
        return {"token": token, "district": row.district, "community": row.community,
                "expires_at": publishing.iso(row.expires_at)}

    # fleet
    @app.get(f"{ADMIN}/terminals", response_model=list[TerminalView], tags=tags, responses=ADMIN_ERRORS)
    def terminals(actor: AnyRoleDep, session: SessionDep,
                  district: Annotated[str | None, Query(max_length=100)] = None,
                  community: Annotated[str | None, Query(max_length=100)] = None) -> list[dict[str, Any]]:
        """The fleet: per terminal its heartbeat, versions (reported and expected), health and alerts."""
        return fleet.fleet_view(session, district=district, community=community, actor=actor)

    @app.get(f"{ADMIN}/terminals/{{terminal_id}}", response_model=TerminalView, tags=tags, responses=ADMIN_ERRORS)
    def terminal_detail(terminal_id: Annotated[str, Path(max_length=40)], actor: AnyRoleDep,
                        session: SessionDep) -> dict[str, Any]:
        view = fleet.fleet_view(session, terminal_id=terminal_id, actor=actor)
        if not view:
            raise ApiError(404, "not_found", "no such terminal")
        return view[0]

    @app.get(f"{ADMIN}/terminals/{{terminal_id}}/history", response_model=list[HistoryEntry], tags=tags,
             responses=ADMIN_ERRORS)
    def terminal_history(terminal_id: Annotated[str, Path(max_length=40)], actor: AnyRoleDep,
                         session: SessionDep) -> list[dict[str, Any]]:
        scope.terminal(session, actor, terminal_id)
        return [{"at": publishing.iso(h.at), "alerts": h.alerts, "snapshot": h.snapshot}
                for h in fleet.history(session, terminal_id)]

    @app.post(f"{ADMIN}/terminals/{{terminal_id}}/revoke", response_model=TerminalView, tags=tags,
              responses=ADMIN_ERRORS)
    def revoke_terminal(terminal_id: Annotated[str, Path(max_length=40)], actor: AdminDep,
                        session: SessionDep) -> dict[str, Any]:
        enrolment.revoke(session, actor, terminal_id)
        session.commit()
        return fleet.fleet_view(session, terminal_id=terminal_id)[0]

    @app.post(f"{ADMIN}/terminals/{{terminal_id}}/commands", response_model=CommandOut, tags=tags,
              responses=ADMIN_ERRORS)
    def queue_command(terminal_id: Annotated[str, Path(max_length=40)], body: CommandCreate, actor: AdminDep,
                      session: SessionDep) -> dict[str, Any]:
        command = fleet.queue_command(session, actor, terminal_id, body.name)
        session.commit()
        return {"id": command.id, "name": command.name}

    @app.post(f"{ADMIN}/terminals/{{terminal_id}}/technician-code", response_model=TechnicianCode, tags=tags,
              responses=ADMIN_ERRORS)
    def technician_code(terminal_id: Annotated[str, Path(max_length=40)], actor: AdminDep,
                        session: SessionDep) -> dict[str, Any]:
        """A one-time code for diagnostics mode on a terminal whose card reader is broken (audited)."""

        code = fleet.technician_code(session, actor, terminal_id, time.time())
        session.commit()
        return code

    # publishing
    @app.post(f"{ADMIN}/content/validate", response_model=ValidationReport, tags=tags, responses=ADMIN_ERRORS)
    def validate(body: ContentPublish, actor: AdminDep) -> dict[str, Any]:
        """Check content without publishing it (the same checks as publishing)."""
        errors = validate_content(body.kind, body.content)
        return {"valid": not errors, "errors": errors}

    @app.post(f"{ADMIN}/content", response_model=ContentVersionOut, tags=tags, responses={**ADMIN_ERRORS, **_links(
        ReleaseThisVersion={"operationId": "create_release_api_v1_admin_releases_post",
                            "requestBody": {"kind": "$response.body#/kind", "id": "$response.body#/id",
                                            "version": "$response.body#/version"}})})
    def publish(body: ContentPublish, actor: AdminDep, session: SessionDep) -> dict[str, Any]:
        """Store a new immutable version (validated); it reaches terminals through a release."""
        published = publishing.publish_content(session, actor, body.kind, body.content, body.id)
        session.commit()
        return publishing.version_out(published.version, published.created)

    @app.get(f"{ADMIN}/content", response_model=list[ContentVersionOut], tags=tags, responses=ADMIN_ERRORS)
    def list_content(actor: AnyRoleDep, session: SessionDep,
                     kind: Annotated[str | None, Query(max_length=16)] = None,
                     id: Annotated[str | None, Query(max_length=100)] = None) -> list[dict[str, Any]]:
        query = select(ContentVersion).order_by(ContentVersion.kind, ContentVersion.content_id,
                                                ContentVersion.version)
        if kind:
            query = query.where(ContentVersion.kind == kind)
        if id:
            query = query.where(ContentVersion.content_id == id)
        return [publishing.version_out(cv) for cv in session.scalars(query)]

    @app.get(f"{ADMIN}/content/{{kind}}/{{content_id}}/{{version}}", tags=tags, responses=ADMIN_ERRORS,
             response_model=dict[str, Any])
    def content_body(kind: Annotated[str, Path(max_length=16)], content_id: Annotated[str, Path(max_length=100)],
                     version: Annotated[int, Path(ge=1, le=2**31 - 1)], actor: AnyRoleDep,
                     session: SessionDep) -> dict[str, Any]:
        if kind == "staff" and actor.role != Role.ADMIN:
            raise ApiError(403, "forbidden", "the staff credentials list is for admins only")
        body = publishing.content_body(session, kind, content_id, version)
        if body is None:
            raise ApiError(404, "not_found", "no such content version")
        return body

    @app.post(f"{ADMIN}/releases", response_model=ReleasePlan, tags=tags, responses=ADMIN_ERRORS)
    def create_release(body: ReleaseCreate, actor: AdminDep, session: SessionDep) -> dict[str, Any]:
        """Release a version to a target with a rollout; ``dry_run`` shows who would get what, storing nothing."""
        target = body.target.model_dump()
        if not (target["all"] or target["districts"] or target["communities"] or target["terminals"]):
            raise ApiError(422, "invalid_request", "the target names no terminals")
        if body.dry_run:
            planned = publishing.make_release(session, actor, body.kind, body.id, body.version, target,
                                              body.rollout_percent, body.canaries)
            changes = publishing.plan(session, extra=planned)
            return {"dry_run": True, "release": publishing.release_out(planned),
                    "terminals": len({c["terminal_id"] for c in changes}), "changes": changes}
        release = publishing.create_release(session, actor, body.kind, body.id, body.version, target,
                                            body.rollout_percent, body.canaries)
        session.commit()
        changes = [c for c in publishing.plan(session) if (c["kind"], c["id"]) == (body.kind, body.id)]
        return {"dry_run": False, "release": publishing.release_out(release),
                "terminals": len({c["terminal_id"] for c in changes}), "changes": changes}

    @app.get(f"{ADMIN}/releases", response_model=list[ReleaseOut], tags=tags, responses=ADMIN_ERRORS)
    def list_releases(actor: AnyRoleDep, session: SessionDep,
                      kind: Annotated[str | None, Query(max_length=16)] = None,
                      id: Annotated[str | None, Query(max_length=100)] = None) -> list[dict[str, Any]]:
        query = select(Release).order_by(Release.id)
        if kind:
            query = query.where(Release.kind == kind)
        if id:
            query = query.where(Release.content_id == id)
        return [publishing.release_out(r) for r in session.scalars(query)]

    @app.patch(f"{ADMIN}/releases/{{release_id}}", response_model=ReleaseOut, tags=tags, responses=ADMIN_ERRORS)
    def update_release(release_id: Annotated[int, Path(ge=1, le=2**31 - 1)], body: ReleaseUpdate,
                       actor: AdminDep, session: SessionDep) -> dict[str, Any]:
        """Pause or resume a release, or change its rollout percentage."""
        release = publishing.update_release(session, actor, release_id, body.state, body.rollout_percent)
        session.commit()
        return publishing.release_out(release)

    @app.post(f"{ADMIN}/rollback", response_model=ReleaseOut, tags=tags, responses=ADMIN_ERRORS)
    def rollback(body: RollbackRequest, actor: AdminDep, session: SessionDep) -> dict[str, Any]:
        """Withdraw the newest live release of a piece of content; terminals return to the previous one."""
        release = publishing.rollback(session, actor, body.kind, body.id)
        session.commit()
        return publishing.release_out(release)

    # cases
    @app.get(f"{ADMIN}/cases", response_model=list[CaseOut], tags=tags, responses={**ADMIN_ERRORS, **_links(
        OpenTheFirstCase={"operationId": "case_detail_api_v1_admin_cases__submission_id__get",
                          "parameters": {"submission_id": "$response.body#/0/submission_id"}})})
    def list_cases(actor: CaseReaderDep, session: SessionDep,
                   status: Annotated[str | None, Query(max_length=20)] = None,
                   tracking_number: Annotated[str | None, Query(max_length=30)] = None,
                   community: Annotated[str | None, Query(max_length=100)] = None,
                   limit: Annotated[int, Query(ge=1, le=1000)] = 200,
                   offset: Annotated[int, Query(ge=0, le=10**9)] = 0) -> list[dict[str, Any]]:
        """Cases without personal data; staff tokens scoped to a community see only theirs."""
        return [cases.case_out(c) for c in cases.list_cases(session, actor, status, tracking_number, community,
                                                             limit, offset)]

    @app.get(f"{ADMIN}/cases/{{submission_id}}", response_model=CaseDetail, tags=tags, responses={**ADMIN_ERRORS, **_links(
        DecideThisCase={"operationId": "case_status_api_v1_admin_cases__submission_id__status_post",
                        "parameters": {"submission_id": "$response.body#/submission_id"}})})
    def case_detail(submission_id: Annotated[str, Path(max_length=64)], actor: CaseReaderDep,
                    session: SessionDep, keys: KeysDep) -> dict[str, Any]:
        """One case with its notes; for staff, the opened submission too (and the opening is audited)."""
        case = cases.get_case(session, actor, submission_id)
        payload = cases.open_payload(session, keys, actor, case) if actor.role == Role.STAFF else None
        notes = [{"at": publishing.iso(n.at), "author": n.author, "from_status": n.from_status,
                  "to_status": n.to_status, "text": n.text} for n in cases.notes_of(session, submission_id)]
        session.commit()
        return {**cases.case_out(case), "notes": notes, "payload": payload,
                "pages": case_pages.counts_of(session, case)}

    @app.post(f"{ADMIN}/cases/{{submission_id}}/status", response_model=CaseOut, tags=tags, responses=ADMIN_ERRORS)
    def case_status(submission_id: Annotated[str, Path(max_length=64)], body: CaseStatusChange,
                    actor: StaffDep, session: SessionDep, request: Request) -> dict[str, Any]:
        """Move a case along its workflow with a note; approving may record the certificate's text, asking for a
        retake names the materials to photograph again."""
        certificate = body.certificate.model_dump() if body.certificate else None
        case = cases.change_status(session, actor, submission_id, body.status, body.note, certificate,
                                   _base_url(request), body.materials)
        session.commit()
        return cases.case_out(case)

    # audit and staff cards
    @app.get(f"{ADMIN}/audit", response_model=list[AuditOut], tags=tags, responses=ADMIN_ERRORS)
    def audit_log(actor: AdminDep, session: SessionDep,
                  limit: Annotated[int, Query(ge=1, le=5000)] = 500) -> list[dict[str, Any]]:
        rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
        return [{"at": publishing.iso(r.at), "actor": r.actor, "role": r.role, "action": r.action,
                 "target": r.target, "detail": r.detail} for r in rows]

    @app.post(f"{ADMIN}/staff-cards", tags=tags, responses=ADMIN_ERRORS, response_model=dict[str, Any])
    def staff_card(body: StaffCardRequest, actor: AdminDep, session: SessionDep, keys: KeysDep) -> dict[str, Any]:
        """Sign a staff card record (v, staff_id, role, issued) with the platform key; terminals verify it on the card."""
        record = {"v": 1, "staff_id": body.staff_id, "role": body.role,
                  "issued": body.issued or date.today().isoformat()}
        signed = crypto.sign_record(keys.signing, record, keys.kid)
        audit.record(session, actor, audit.AdminAction.STAFF_CARD_SIGNED, body.staff_id, role=body.role)
        session.commit()
        return signed
