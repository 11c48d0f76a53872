"""Sign-in (username and password, or an API token), sign-out, one's own password, the language switch and the
start page."""

from __future__ import annotations

import os
import secrets
import time
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy import func, select

from hub import accounts, audit, scope
from hub.console import auth, i18n
from hub.console.app import (
    PREFIX,
    AnyUser,
    Csrf,
    SignedInUser,
    is_https,
    render,
    see_other,
    set_session_cookie,
)
from hub.db import SessionDep, read_first
from hub.errors import ApiError
from hub.fleet_summary import overview
from hub.models import Account, Case, ContentVersion
from hub.security import rate_limit

router = APIRouter()
LOGIN_RATE_ENV = "KIOSK_HUB_CONSOLE_LOGIN_RATE"  # sign-in attempts per address per minute (default 20)
OPEN_STATUSES = ("received", "accepted", "needs_info", "needs_retake")


def safe_next(target: str | None) -> str:
    """Only a path inside the console (no scheme, no host, no ``//``) may be a redirect target."""
    if target and target.startswith(PREFIX) and not target.startswith("//") and "\\" not in target:
        return target
    return f"{PREFIX}/"


def _login_page(request: Request, next_url: str, error: str | None = None, status: int = 200,
                with_token: bool = False) -> Response:
    pre = secrets.token_urlsafe(24)
    response = render(request, "login.html", {"next": next_url, "pre": pre, "error": error,
                                              "with_token": with_token}, status)
    response.set_cookie(auth.PRE_COOKIE, pre, max_age=900, path=auth.COOKIE_PATH, httponly=True,
                        samesite="strict", secure=is_https(request))
    return response


@router.get("/login")
def login_form(request: Request, next: str | None = None, method: str = "") -> Response:
    """Username and password; ``?method=token`` for a technician or a script holding an API token."""
    return _login_page(request, safe_next(next), with_token=method == "token")


@router.post("/login")
def login(request: Request, db: SessionDep, username: Annotated[str, Form(max_length=64)] = "",
          password: Annotated[str, Form(max_length=200)] = "", token: Annotated[str, Form(max_length=200)] = "",
          csrf: Annotated[str, Form(max_length=200)] = "", next: Annotated[str, Form(max_length=2000)] = "") -> Response:
    """Double-submit CSRF (cookie and form field), a per-address rate limit, then the password or the token.

    Every attempt is in the audit log: a failed one under the username typed (or "—" for a token)."""
    with_token = bool(token) and not username
    if not auth.check_csrf(request.cookies.get(auth.PRE_COOKIE, ""), csrf):
        return _login_page(request, safe_next(next), "The form expired. Please try again.", 403, with_token)
    client = request.client.host if request.client else "unknown"
    try:
        rate_limit(db, f"console-login:{client}", int(os.environ.get(LOGIN_RATE_ENV) or 20))
        db.commit()
    except ApiError:
        db.rollback()
        return _login_page(request, safe_next(next), "Too many attempts. Wait a minute and try again.", 429,
                           with_token)
    row = auth.token_by_secret(db, token) if with_token else None
    account = None if with_token else accounts.authenticate(db, username, password)
    if row is None and account is None:
        who = "—" if with_token else username.strip().lower()[:64] or "—"
        audit.record(db, audit.Actor(name=who, role=""), audit.AdminAction.SIGN_IN_FAILED, "console", address=client)
        db.commit()
        error = "This token is unknown, revoked or expired." if with_token else \
            "The username or password is not right, or the account is disabled."
        return _login_page(request, safe_next(next), error, 401, with_token)
    session_id = auth.start_session(db, token=row, account=account)
    if account is not None:
        actor = accounts.actor_of(account)
    else:
        assert row is not None
        actor = auth.token_actor(row)
    audit.record(db, actor, audit.AdminAction.SIGNED_IN, "console", address=client)
    db.commit()
    key: bytes = request.app.state.session_key
    now = int(time.time())
    response = see_other(safe_next(next))
    set_session_cookie(request, response,
                       auth.encode_session(key, auth.principal_of(row, account), session_id, now, now))
    response.delete_cookie(auth.PRE_COOKIE, path=auth.COOKIE_PATH)
    return response


@router.post("/logout", dependencies=[Csrf])
def logout(request: Request, user: SignedInUser, db: SessionDep) -> Response:
    auth.end_session(db, user.session_id)
    audit.record(db, user.actor, audit.AdminAction.SIGNED_OUT, "console")
    db.commit()
    request.state.signed_out = True
    response = see_other(f"{PREFIX}/login")
    response.delete_cookie(auth.COOKIE, path=auth.COOKIE_PATH, httponly=True, samesite="strict")
    return response


@router.get("/password")
def password_form(request: Request, user: SignedInUser) -> Response:
    """A person's own new password (asked for first when an administrator set a temporary one)."""
    if user.account_id is None:
        return render(request, "error.html", {"status": 404, "message": "There is no such page."}, 404)
    return render(request, "password.html", {"error": None})


@router.post("/password", dependencies=[Csrf])
def password_change(request: Request, user: SignedInUser, db: SessionDep,
                    current: Annotated[str, Form(max_length=200)] = "", new: Annotated[str, Form(max_length=200)] = "",
                    again: Annotated[str, Form(max_length=200)] = "") -> Response:
    account = db.get(Account, user.account_id) if user.account_id else None
    if account is None:
        return render(request, "error.html", {"status": 404, "message": "There is no such page."}, 404)
    error = "The two new passwords differ." if new != again else accounts.change_own_password(db, account, current, new)
    if error:
        db.rollback()
        return render(request, "password.html", {"error": error}, 422)
    db.commit()
    return see_other(f"{PREFIX}/?password=changed")


@router.get("/lang")
def switch_language(request: Request, to: str = i18n.DEFAULT, next: str | None = None) -> Response:
    """A preference, not an action: a plain link (GET) may set it."""
    response = see_other(safe_next(next))
    if to in i18n.LANGUAGES:
        response.set_cookie(auth.LANG_COOKIE, to, max_age=365 * 24 * 3600, path=auth.COOKIE_PATH,
                            samesite="strict", secure=is_https(request))
    return response


@router.get("/")
def home(request: Request, user: AnyUser, db: SessionDep) -> Response:
    read_first(db)  # only reads (SQLite: no write turn)
    fleet = overview(db, actor=user.actor)  # summed by the database: its cost does not grow with the fleet
    open_cases = 0
    if user.role != "viewer":
        query = select(func.count()).select_from(Case).where(
            Case.status.in_(OPEN_STATUSES), scope.condition(user.actor, Case.district, Case.community))
        open_cases = int(db.scalar(query) or 0)
    forms = int(db.scalar(select(func.count(func.distinct(ContentVersion.content_id)))
                          .where(ContentVersion.kind == "form")) or 0)
    db.commit()
    return render(request, "home.html", {
        "terminals": fleet.terminals, "online": fleet.online, "alerts": fleet.alerts,
        "open_cases": open_cases, "forms": forms, "alerting": fleet.alerting})
