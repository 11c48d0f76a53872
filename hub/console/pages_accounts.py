"""Accounts (issue 23, item 7): administrators add people with a role and a scope, change them, disable and
enable them, reset a forgotten password, and read each person's sign-ins. Admins only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy import or_, select

from hub import accounts, audit
from hub.console.app import PREFIX, AdminUser, Csrf, lang_of, render, see_other
from hub.console.auth import ConsoleUser
from hub.db import SessionDep
from hub.errors import ApiError
from hub.models import Account, AuditEntry, Terminal
from hub.security import Role

router = APIRouter()
SIGN_IN_ACTIONS = (audit.AdminAction.SIGNED_IN, audit.AdminAction.SIGN_IN_FAILED, audit.AdminAction.SIGNED_OUT)
Text = Annotated[str, Form(max_length=200)]


def _places(db: SessionDep) -> dict[str, list[str]]:
    """The districts, streets and communities terminals are enrolled in: what a scope can name."""
    def distinct(column: Any) -> list[str]:
        return [v for v in db.scalars(select(column).distinct().order_by(column)) if v]

    return {"districts": distinct(Terminal.district), "streets": distinct(Terminal.street),
            "communities": distinct(Terminal.community)}


def _scope(scope: str, district: str, community: str, street: str = "") -> tuple[str | None, str | None, str | None]:
    """The form's scope choice as (district, community, street): everything, one district, one street of a
    district, or one community."""
    if scope == "community":
        return (district.strip() or None), community.strip() or None, street.strip() or None
    if scope == "street":
        return district.strip() or None, None, street.strip() or None
    if scope == "district":
        return district.strip() or None, None, None
    return None, None, None


def _list_page(request: Request, db: SessionDep, user: ConsoleUser, error: str | None = None,
               created: tuple[str, str] | None = None, status: int = 200) -> Response:
    rows = [a for a in db.scalars(select(Account).order_by(Account.disabled_at.is_not(None), Account.username))
            if accounts.manages(user.actor, a.scope_district, a.scope_community, a.scope_street)]
    places = _places(db)
    db.commit()
    return render(request, "accounts.html", {"accounts": rows, "roles": tuple(Role), **places, "error": error,
                                             "created": created}, status)


@router.get("/accounts")
def accounts_page(request: Request, user: AdminUser, db: SessionDep) -> Response:
    return _list_page(request, db, user)


@router.post("/accounts", dependencies=[Csrf])
def account_create(request: Request, user: AdminUser, db: SessionDep, username: Text, name: Text, role: Text,
                   scope: Text = "all", district: Text = "", community: Text = "", street: Text = "") -> Response:
    """A new account with a temporary password, shown once here for the administrator to hand over."""
    password = accounts.temporary_password()
    scope_district, scope_community, scope_street = _scope(scope, district, community, street)
    try:
        accounts.create(db, user.actor, username, name, role, password, scope_district, scope_community,
                        street=scope_street)
        db.commit()
    except ApiError as exc:
        db.rollback()
        return _list_page(request, db, user, exc.detail, status=exc.status)
    return _list_page(request, db, user, created=(username.strip().lower(), password))


def _account(db: SessionDep, account_id: str, user: ConsoleUser) -> Account | None:
    """The account if this administrator manages it (another district's is not revealed: 404)."""
    account = db.get(Account, account_id[:32])
    if account is None or not accounts.manages(user.actor, account.scope_district, account.scope_community,
                                               account.scope_street):
        return None
    return account


@router.get("/accounts/{account_id}")
def account_page(request: Request, account_id: str, user: AdminUser, db: SessionDep) -> Response:
    account = _account(db, account_id, user)
    if account is None:
        db.commit()
        return render(request, "error.html", {"status": 404, "message": "There is no such account."}, 404)
    actor = accounts.actor_of(account).name
    sign_ins = list(db.scalars(select(AuditEntry).where(
        AuditEntry.action.in_([str(a) for a in SIGN_IN_ACTIONS]),
        or_(AuditEntry.actor == actor, AuditEntry.actor == account.username))
        .order_by(AuditEntry.id.desc()).limit(30)))
    places = _places(db)
    db.commit()
    return render(request, "account.html", {
        "account": account, "sign_ins": sign_ins, "roles": tuple(Role), **places, "names": {a.value: audit.name_of(a.value, lang_of(request)) for a in SIGN_IN_ACTIONS}})


@router.post("/accounts/{account_id}", dependencies=[Csrf])
def account_update(request: Request, account_id: str, user: AdminUser, db: SessionDep, action: Text,
                   role: Text = "", scope: Text = "all", district: Text = "", community: Text = "",
                   street: Text = "") -> Response:
    """Change the role and scope, disable, enable, or reset the password (the new one is shown once)."""
    account = _account(db, account_id, user)
    if account is None:
        db.commit()
        return render(request, "error.html", {"status": 404, "message": "There is no such account."}, 404)
    back = f"{PREFIX}/accounts/{account.id}"
    if account.username == user.handle and action in ("disable", "change"):
        return render(request, "error.html", {"status": 409, "back": back,
                                              "message": "You cannot disable yourself or change your own role."}, 409)
    try:
        if action == "change":
            accounts.change(db, user.actor, account, role, *_scope(scope, district, community, street))
        elif action in ("disable", "enable"):
            accounts.set_disabled(db, user.actor, account, action == "disable")
        elif action == "reset":
            password = accounts.reset_password(db, user.actor, account)
            db.commit()
            return render(request, "password_reset.html", {"account": account, "new_password": password})
        else:
            return render(request, "error.html", {"status": 422, "back": back, "message": "Unknown action."}, 422)
        db.commit()
    except ApiError as exc:
        db.rollback()
        return render(request, "error.html", {"status": exc.status, "back": back, "message": exc.detail}, exc.status)
    return see_other(f"{back}?saved={action}")
