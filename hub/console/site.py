"""The hub's web console assembled: every page module's routes, the security headers and the error pages.

Apart from ``hub.console.app`` (what the pages share) so that the pages import that module and this
one imports the pages, one way.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from hub.console import (
    auth,
    pages_accounts,
    pages_audit,
    pages_auth,
    pages_cases,
    pages_community,
    pages_content,
    pages_entries,
    pages_fleet,
    pages_forms,
    pages_materials,
    pages_software,
    releases,
    statistics,
)
from hub.console.app import HERE, PREFIX, SECURITY_HEADERS, render, see_other, set_session_cookie


def mount(app: FastAPI) -> None:
    """Serve the console at ``/console`` (a sub-application: not part of the API's OpenAPI document)."""

    app.mount(PREFIX, build_console(app), name="console")

    @app.get(PREFIX, include_in_schema=False)
    def _console_root() -> RedirectResponse:
        return RedirectResponse(f"{PREFIX}/", status_code=307)


def build_console(parent: FastAPI) -> FastAPI:
    """The console as a sub-application sharing the hub's database, keys and configuration."""
    console = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, title="kiosk-hub console")
    console.state.sessions = parent.state.sessions
    console.state.keys = parent.state.keys
    console.state.config = parent.state.config
    console.state.session_key = auth.session_key(parent.state.keys)
    console.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    for module in (pages_auth, pages_accounts, pages_audit, pages_forms, pages_content, pages_entries, pages_fleet,
                   pages_cases, pages_community, releases, statistics, pages_materials, pages_software):
        console.include_router(module.router)

    @console.middleware("http")
    async def headers_and_cookie(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            if name == "Cache-Control" and request.url.path.startswith(f"{PREFIX}/static/"):
                response.headers[name] = "public, max-age=3600"
                continue
            response.headers.setdefault(name, value)
        cookie = getattr(request.state, "session_cookie", None)
        if cookie and not getattr(request.state, "signed_out", False):
            set_session_cookie(request, response, cookie)
        return response

    @console.exception_handler(auth.NotSignedIn)
    async def _signed_out(request: Request, _exc: auth.NotSignedIn) -> Response:
        if request.method == "GET":
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            response: Response = see_other(f"{PREFIX}/login?next={quote(target, safe='')}")
        else:
            response = render(request, "error.html", {"status": 401, "message": "Please sign in again."}, 401)
        if request.cookies.get(auth.COOKIE):
            response.delete_cookie(auth.COOKIE, path=auth.COOKIE_PATH)
        return response

    @console.exception_handler(auth.MustChangePassword)
    async def _new_password(request: Request, _exc: auth.MustChangePassword) -> Response:
        return see_other(f"{PREFIX}/password")

    @console.exception_handler(auth.Forbidden)
    async def _forbidden(request: Request, _exc: auth.Forbidden) -> Response:
        return render(request, "error.html", {"status": 403, "message": "Your role may not open this page or do this."},
                      403)

    @console.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = {404: "There is no such page.", 405: "This page cannot be used that way."}.get(exc.status_code)
        if exc.detail == "csrf":
            message = "The form expired or did not come from this console. Reload the page and try again."
        return render(request, "error.html", {"status": exc.status_code, "message": message or str(exc.detail)},
                      exc.status_code)

    return console
