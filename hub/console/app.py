"""The console as a sub-application mounted at ``/console`` on the hub's own FastAPI app.

A separate sub-application keeps the console out of the hub's committed OpenAPI
document (it is not an API) and gives it its own error pages (HTML, a redirect
to sign-in) while the API keeps its JSON errors. It shares the hub's database
sessions and keys, so it is as stateless as the API.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from hub.console import auth, i18n
from hub.db import SessionDep
from hub.security import Role

HERE = Path(__file__).resolve().parent
PREFIX = "/console"

templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.globals["PREFIX"] = PREFIX


def format_dt(value: Any) -> str:
    """``2026-11-26 18:14`` (China Standard Time, the staff's clock) from a datetime or an ISO string."""
    from datetime import datetime

    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)  # Python 3.11 reads a trailing Z
        except ValueError:
            return value
    if value.tzinfo is not None:
        from hub.console.stats import LOCAL

        value = value.astimezone(LOCAL)
    return value.strftime("%Y-%m-%d %H:%M")


templates.env.filters["dt"] = format_dt
templates.env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": True}

# Content-Security-Policy: nothing inline, nothing from elsewhere (the console works with no internet).
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def lang_of(request: Request) -> str:
    lang = request.cookies.get(auth.LANG_COOKIE, i18n.DEFAULT)
    return lang if lang in i18n.LANGUAGES else i18n.DEFAULT


def current_user(request: Request, db: SessionDep) -> auth.ConsoleUser:
    """The signed-in person (or NotSignedIn); the refreshed cookie is set by the middleware."""
    key: bytes = request.app.state.session_key
    data = auth.decode_session(key, request.cookies.get(auth.COOKIE))
    user = auth.load_user(db, key, data)
    db.commit()  # end the read transaction now: SQLite writers queue behind open ones
    request.state.session_cookie = auth.encode_session(key, data.token_id, data.session_id, data.issued,
                                                       int(time.time()))
    request.state.user = user
    return user


def require(*roles: Role) -> Callable[..., auth.ConsoleUser]:
    def dependency(user: Annotated[auth.ConsoleUser, Depends(current_user)]) -> auth.ConsoleUser:
        if user.role not in roles:
            raise auth.Forbidden()
        return user

    return dependency


ANY = (Role.ADMIN, Role.STAFF, Role.VIEWER)
AnyUser = Annotated[auth.ConsoleUser, Depends(require(*ANY))]
AdminUser = Annotated[auth.ConsoleUser, Depends(require(Role.ADMIN))]
CaseReader = Annotated[auth.ConsoleUser, Depends(require(Role.ADMIN, Role.STAFF))]
StaffUser = Annotated[auth.ConsoleUser, Depends(require(Role.STAFF))]


async def csrf_checked(request: Request, user: Annotated[auth.ConsoleUser, Depends(current_user)]) -> None:
    """Every POST carries the session's CSRF token in the form (or the X-CSRF-Token header)."""
    form = await request.form()
    given = form.get("csrf") or request.headers.get("x-csrf-token")
    if not auth.check_csrf(user.csrf, given if isinstance(given, str) else None):
        raise StarletteHTTPException(403, "csrf")


Csrf = Depends(csrf_checked)


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    lang = lang_of(request)
    user = getattr(request.state, "user", None)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method != "GET":  # the language link must lead to a page, not replay a form
        referer = request.headers.get("referer", "")
        origin = f"{request.url.scheme}://{request.url.netloc}"
        here = referer[len(origin):] if referer.startswith(origin + PREFIX) else f"{PREFIX}/"
    full = {"request": request, "lang": lang, "_": i18n.translator(lang), "user": user,
            "Role": Role, "path": request.url.path, "here": here, **context}
    return templates.TemplateResponse(request, name, full, status_code=status)


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def build_console(parent: FastAPI) -> FastAPI:
    from hub.console import (
        pages_auth,
        pages_cases,
        pages_community,
        pages_content,
        pages_fleet,
        pages_forms,
        releases,
    )

    console = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, title="kiosk-hub console")
    console.state.sessions = parent.state.sessions
    console.state.keys = parent.state.keys
    console.state.config = parent.state.config
    console.state.session_key = auth.session_key(parent.state.keys)
    console.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    for module in (pages_auth, pages_forms, pages_content, pages_fleet, pages_cases, pages_community, releases):
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


def set_session_cookie(request: Request, response: Response, value: str) -> None:
    response.set_cookie(auth.COOKIE, value, max_age=auth.IDLE_S, path=auth.COOKIE_PATH, httponly=True,
                        samesite="strict", secure=is_https(request))


def is_https(request: Request) -> bool:
    public = request.app.state.config.public_url or ""
    return request.url.scheme == "https" or public.startswith("https://")
