"""The lean request path of the two requests every terminal makes all day: heartbeats and outbox batches
(issue 17).

At 4,000 terminals FastAPI's general path cost the hub more CPU than the work itself: solving the
dependencies (the signature headers, the session), three threadpool hops (the session dependency's open,
the sync endpoint, the session's close) and validating each reply against its response model again. A
route of :class:`HotRoute` keeps everything the OpenAPI document says (the endpoint's signature still
declares the body model, the signature headers and the response model, so ``hub/openapi.json`` is
unchanged) and keeps the same answers (bad JSON 400, invalid body 422, via the app's handlers), but
serves a request in one pass: the body read once and validated by one ``model_validate_json`` call, the
endpoint run with its own session in one call (on SQLite on the event loop's own thread once it holds the
write turn, see :func:`on_the_loop`; on PostgreSQL in one threadpool call), and the plain dict it returns
sent as JSON.
Its endpoint builds exactly its response model's shape (the schemathesis run of tests/hub/test_openapi
checks the replies against the document).
"""

from __future__ import annotations

import asyncio
import inspect
import weakref
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import QueuePool
from starlette.concurrency import run_in_threadpool

from hub.db import write_turn_of
from hub.deps import SignedRequest, check_before_writing, signed_of
from hub.write_turn import WriteTurn

PARAMETERS = ("body", "signed", "session", "request")  # what a hot endpoint takes, by these names


def _json_media(content_type: str | None) -> bool:
    """``application/json`` or ``application/*+json``, as FastAPI decides whether to parse a body as JSON."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    kind, _, subtype = media.partition("/")
    return kind == "application" and (subtype == "json" or subtype.endswith("+json"))


def parse_body(model: type[BaseModel], content_type: str | None, body: bytes) -> BaseModel:
    """The body as ``model``, or the RequestValidationError FastAPI would raise for it (``body`` first in
    each error's location; an empty body is a missing one, a body not sent as JSON is not an object)."""
    if not body:
        raise RequestValidationError([{"type": "missing", "loc": ("body",), "msg": "Field required", "input": None}])
    try:
        return model.model_validate_json(body) if _json_media(content_type) else model.model_validate(body)
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)],
                                     body=body) from None


def _in_session(endpoint: Callable[..., dict[str, Any]], engine: Engine, body: BaseModel, signed: SignedRequest,
                request: Request) -> dict[str, Any]:
    """The endpoint on a connection of its own (the threadpool's way)."""
    with engine.connect() as conn:
        return _on(conn, endpoint, body, signed, request)


def _on(conn: Connection, endpoint: Callable[..., dict[str, Any]], body: BaseModel, signed: SignedRequest,
        request: Request, turn_taken: bool = False) -> dict[str, Any]:
    """The endpoint with ``conn`` and a session bound to it (what it does not commit is rolled back when the
    connection closes). ``turn_taken``: the caller took SQLite's write turn; the connection keeps it for its
    one transaction, and it is given back however the endpoint ends."""
    dbapi_conn = conn.connection.dbapi_connection
    if turn_taken:
        dbapi_conn.adopt_turn()  # type: ignore[union-attr]  # a TurnConnection (hub.db.make_engine)
    try:
        with Session(bind=conn, expire_on_commit=False) as session:
            return endpoint(body=body, signed=signed, session=session, request=request)
    finally:
        if turn_taken:
            dbapi_conn.give_back_turn()  # type: ignore[union-attr]  # (no-op once COMMIT gave it back)


HOT_THREADS = 4  # hot requests on worker threads at once, per process (see _hot_threads)
_HOT_LIMITERS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = weakref.WeakKeyDictionary()


def _hot_threads() -> asyncio.Semaphore:
    """How many hot requests of this process run on worker threads at once (PostgreSQL's, or SQLite's with no
    idle connection): the rest wait their turn on the event loop, first come first served.

    With the threadpool's 40 threads, a burst put dozens of requests on threads at once; every psycopg round
    trip gives the GIL up and must wait (up to the 5 ms switch interval) to take it back from the busy event
    loop, so each of them held its pooled connection and its row locks many times longer than its work. Four
    keep enough statements in flight to overlap PostgreSQL's round trips and fsyncs on two cores. Measured
    in quick stepped runs (bench_hub, 400 terminals, PostgreSQL): p99 at 1.5x the fleet's rate 17-98 ms in
    six runs with the limit against 53-271 ms in four without; saturation 2x-3x against 1.5x-2x. One
    semaphore per event loop (the tests run several loops in one process).
    """
    loop = asyncio.get_running_loop()
    limiter = _HOT_LIMITERS.get(loop)
    if limiter is None:
        limiter = _HOT_LIMITERS[loop] = asyncio.Semaphore(HOT_THREADS)
    return limiter


def on_the_loop(engine: Engine) -> WriteTurn | None:
    """The write turn to take before running a request on the event loop's own thread, or None to run it on
    the threadpool as any sync endpoint.

    On SQLite the work is a few hundred microseconds of CPU in one write turn. On a worker thread it cost a
    threadpool hop (~0.2 ms) and, worse, every sqlite3 call gave up the GIL and waited for the busy event loop
    to give it back while the write turn was held: at a few hundred requests a second the turn, held through
    those waits, became the bottleneck (issue 17). On the loop, the request looks its terminal up and checks
    the signature (a reader transaction, no turn: :func:`hub.deps.check_before_writing`), waits for the turn
    without blocking the loop (:meth:`WriteTurn.take_soon`), then writes in one transaction, never letting
    another thread in between. It stays on the threadpool when the connection pool has no idle
    connection (each request waiting for the turn keeps its connection), so the loop never waits for one
    that a request it must itself finish still holds; and on
    PostgreSQL, where the threadpool lets commits overlap their fsyncs and the loop would sit through each
    statement's round trip.
    """
    pool = engine.pool
    if isinstance(pool, QueuePool) and pool.checkedout() < pool.size():
        return write_turn_of(engine)
    return None


def connection_of(session: Session) -> Connection:
    """The Core connection a hot endpoint's session is bound to: its statements go there directly, and the
    session joins the same transaction for what still needs the ORM (an audit line, a community item)."""
    bind = session.bind
    assert isinstance(bind, Connection), "a hot endpoint's session is bound to its connection"
    return bind


def commit(session: Session) -> None:
    """Flush what the session holds into the connection's transaction, and commit that."""
    session.flush()
    connection_of(session).commit()


class HotRoute(APIRoute):
    """A POST route served in one pass (see the module's docstring); its endpoint takes exactly
    ``(body, signed, session, request)`` and returns its reply as a plain dict."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        names = tuple(inspect.signature(endpoint).parameters)
        if names != PARAMETERS:
            raise TypeError(f"a hot endpoint takes {PARAMETERS}, {endpoint.__name__} takes {names}")
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        assert self.body_field is not None, "a hot route has a body model"
        model = self.body_field.field_info.annotation
        assert isinstance(model, type) and issubclass(model, BaseModel)
        endpoint = self.endpoint

        async def handle(request: Request) -> Response:
            body = await request.body()
            parsed = parse_body(model, request.headers.get("content-type"), body)
            engine, signed = request.app.state.engine, signed_of(request, body)
            turn = on_the_loop(engine)
            if turn is None:
                async with _hot_threads():
                    reply = await run_in_threadpool(_in_session, endpoint, engine, parsed, signed, request)
                return JSONResponse(reply)
            with engine.connect() as conn:  # one connection for the read, the wait and the write
                signed = check_before_writing(request, conn, signed)
                await turn.take_soon()
                return JSONResponse(_on(conn, endpoint, parsed, signed, request, turn_taken=True))

        return handle


def hot_post(app: FastAPI, path: str, **options: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``@app.post(path, **options)`` with a :class:`HotRoute`."""

    def register(endpoint: Callable[..., Any]) -> Callable[..., Any]:
        app.router.add_api_route(path, endpoint, methods=["POST"], route_class_override=HotRoute, **options)
        return endpoint

    return register
