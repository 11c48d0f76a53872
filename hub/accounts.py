"""Console accounts: a username and a password for the people who use the console every day (issue 23, item 7).

Why passwords next to API tokens: district and community staff know a username and a password, not a
50-character token pasted from a command line; tokens stay for the API, scripts and the CLI. Passwords are
hashed with scrypt (memory-hard, in the standard library: no new dependency), each with its own salt; a
sign-in with an unknown username still spends one hash, so its timing does not tell which usernames exist.
An account's role and scope are those of a token (``hub/scope.py`` checks both alike); disabling an account
ends its console sessions at their next request. Every change is in the audit log.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub import audit
from hub.db import utcnow
from hub.errors import ApiError
from hub.models import Account
from hub.security import Role

# scrypt cost: 2^15 x 8 x 128 bytes = 32 MiB and ~0.2 s per hash (measured on the 2-core test machine)
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
SCRYPT_MAXMEM = 64 * 1024 * 1024
MIN_PASSWORD = 10
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
_UNKNOWN_USER_HASH: list[str] = []  # computed once, spent on unknown usernames


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    """``scrypt$N$r$p$salt$hash`` (base64), so the cost can rise later without breaking stored hashes."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            maxmem=SCRYPT_MAXMEM, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r),
                                p=int(p), maxmem=SCRYPT_MAXMEM, dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def password_problem(password: str) -> str | None:
    """Why a new password is refused (None when it is fine): long enough beats clever rules."""
    if len(password) < MIN_PASSWORD:
        return f"A password needs at least {MIN_PASSWORD} characters."
    if len(password) > 200:
        return "A password has at most 200 characters."
    return None


def temporary_password() -> str:
    """A new password to hand over in person; the account must change it at its first sign-in."""
    return secrets.token_urlsafe(9)


def actor_of(account: Account) -> audit.Actor:
    return audit.Actor(name=f"{account.name} ({account.username})", role=account.role,
                       district=account.scope_district, community=account.scope_community,
                       street=account.scope_street)


def by_username(session: Session, username: str) -> Account | None:
    return session.scalar(select(Account).where(Account.username == username.strip().lower()))


Scope = tuple[str | None, str | None, str | None]  # district, community, street


def manages(actor: audit.Actor, district: str | None, community: str | None, street: str | None = None) -> bool:
    """May this administrator manage an account of this scope? One scoped to a district manages only accounts
    inside that district (never a platform-wide one); to a street, only that street's; to a community, only
    that community's."""
    if actor.district and district != actor.district:
        return False
    if actor.street and street != actor.street:
        return False
    return not actor.community or community == actor.community


def grantable(actor: audit.Actor, district: str | None, community: str | None, street: str | None) -> Scope:
    """The scope an administrator grants, inside their own (a district admin's accounts and tokens are in their
    district), or 403 when it reaches beyond it."""
    district = district or actor.district
    community = community or actor.community
    street = street or actor.street
    if not manages(actor, district, community, street):
        raise ApiError(403, "out_of_scope", "You can only manage accounts inside your own district or community.")
    return district, community, street


def _check(role: str, district: str | None, community: str | None, street: str | None = None) -> None:
    if role not in tuple(Role):
        raise ApiError(422, "invalid_request", f"role must be one of {', '.join(Role)}")
    if role == Role.STAFF and not (district or community):
        raise ApiError(422, "invalid_request", "staff work for a district or a community: give one")
    check_street(district, street)


def check_street(district: str | None, street: str | None) -> None:
    """A street (街道) is named inside its district: the same name exists in several districts."""
    if street and not district:
        raise ApiError(422, "invalid_request", "A street is inside a district: give the district too.")


def create(session: Session, actor: audit.Actor, username: str, name: str, role: str, password: str,
           district: str | None = None, community: str | None = None, must_change: bool = True,
           street: str | None = None) -> Account:
    username = username.strip().lower()
    if not USERNAME_RE.match(username):
        raise ApiError(422, "invalid_request", "a username is 2 to 64 lower-case letters, digits, '.', '_' or '-'")
    if by_username(session, username) is not None:
        raise ApiError(409, "username_taken", "this username is taken")
    district, community, street = grantable(actor, district, community, street)
    _check(role, district, community, street)
    problem = password_problem(password)
    if problem:
        raise ApiError(422, "invalid_request", problem)
    row = Account(id=secrets.token_hex(6), username=username, name=name.strip()[:200] or username, role=role,
                  scope_district=district or None, scope_community=community or None, scope_street=street or None,
                  password_hash=hash_password(password), must_change_password=must_change, created_at=utcnow(),
                  created_by=actor.name, disabled_at=None, last_sign_in_at=None)
    session.add(row)
    audit.record(session, actor, audit.AdminAction.ACCOUNT_CREATED, username, name=row.name, role=role,
                 district=district, community=community, street=street)
    return row


def change(session: Session, actor: audit.Actor, account: Account, role: str, district: str | None,
           community: str | None, street: str | None = None) -> None:
    grantable(actor, account.scope_district, account.scope_community, account.scope_street)
    district, community, street = grantable(actor, district, community, street)
    _check(role, district, community, street)
    account.role, account.scope_district, account.scope_community = role, district or None, community or None
    account.scope_street = street or None
    audit.record(session, actor, audit.AdminAction.ACCOUNT_CHANGED, account.username, role=role, district=district,
                 community=community, street=street)


def set_disabled(session: Session, actor: audit.Actor, account: Account, disabled: bool) -> None:
    grantable(actor, account.scope_district, account.scope_community, account.scope_street)
    account.disabled_at = utcnow() if disabled else None
    action = audit.AdminAction.ACCOUNT_DISABLED if disabled else audit.AdminAction.ACCOUNT_ENABLED
    audit.record(session, actor, action, account.username)


def reset_password(session: Session, actor: audit.Actor, account: Account) -> str:
    """A new temporary password (returned once, to hand over); the old one stops working now."""
    grantable(actor, account.scope_district, account.scope_community, account.scope_street)
    password = temporary_password()
    account.password_hash = hash_password(password)
    account.must_change_password = True
    audit.record(session, actor, audit.AdminAction.PASSWORD_RESET, account.username)
    return password


def change_own_password(session: Session, account: Account, current: str, new: str) -> str | None:
    """The signed-in person's own change; the reason it is refused, or None when done."""
    if not check_password(current, account.password_hash):
        return "The current password is not right."
    problem = password_problem(new)
    if problem:
        return problem
    account.password_hash = hash_password(new)
    account.must_change_password = False
    audit.record(session, actor_of(account), audit.AdminAction.PASSWORD_CHANGED, account.username)
    return None


def authenticate(session: Session, username: str, password: str) -> Account | None:
    """The enabled account with this username and password, or None (spending one hash either way)."""
    account = by_username(session, username[:64])
    if account is None:
        if not _UNKNOWN_USER_HASH:
            _UNKNOWN_USER_HASH.append(hash_password(secrets.token_hex(8)))
        check_password(password, _UNKNOWN_USER_HASH[0])
        return None
    if not check_password(password, account.password_hash) or account.disabled_at is not None:
        return None
    account.last_sign_in_at = utcnow()
    return account
