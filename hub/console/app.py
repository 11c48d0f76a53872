"""The console as a sub-application mounted at ``/console`` on the hub's own FastAPI app.

A separate sub-application keeps the console out of the hub's committed OpenAPI
document (it is not an API) and gives it its own error pages (HTML, a redirect
to sign-in) while the API keeps its JSON errors. It shares the hub's database
sessions and keys, so it is as stateless as the API.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from hub.console import auth, i18n
from hub.console.timefmt import format_dt
from hub.db import SessionDep, read_first
from hub.security import Role

HERE = Path(__file__).resolve().parent
PREFIX = "/console"

templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.globals["PREFIX"] = PREFIX
templates.env.globals["device_names"] = i18n.DEVICE_NAMES
templates.env.globals["paper_states"] = i18n.PAPER_STATES


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
    read_first(db)  # SQLite: a reader; the terminals' writes never wait for a page's sign-in check
    user = auth.load_user(db, key, data)
    db.commit()  # end the read transaction now
    request.state.session_cookie = auth.encode_session(key, data.principal, data.session_id, data.issued,
                                                       int(time.time()))
    request.state.user = user
    return user


def require(*roles: Role) -> Callable[..., auth.ConsoleUser]:
    def dependency(user: Annotated[auth.ConsoleUser, Depends(current_user)]) -> auth.ConsoleUser:
        if user.must_change_password:
            raise auth.MustChangePassword()
        if user.role not in roles:
            raise auth.Forbidden()
        return user

    return dependency


ANY = (Role.ADMIN, Role.STAFF, Role.VIEWER)
AnyUser = Annotated[auth.ConsoleUser, Depends(require(*ANY))]
AdminUser = Annotated[auth.ConsoleUser, Depends(require(Role.ADMIN))]
CaseReader = Annotated[auth.ConsoleUser, Depends(require(Role.ADMIN, Role.STAFF))]
StaffUser = Annotated[auth.ConsoleUser, Depends(require(Role.STAFF))]
SignedInUser = Annotated[auth.ConsoleUser, Depends(current_user)]  # even one who must change a temporary password


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


def set_session_cookie(request: Request, response: Response, value: str) -> None:
    response.set_cookie(auth.COOKIE, value, max_age=auth.IDLE_S, path=auth.COOKIE_PATH, httponly=True,
                        samesite="strict", secure=is_https(request))


def is_https(request: Request) -> bool:
    public = request.app.state.config.public_url or ""
    return request.url.scheme == "https" or public.startswith("https://")
