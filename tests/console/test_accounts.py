"""Accounts (issue 23, item 7): username and password (scrypt), roles and scopes, disable, reset, sign-in records,
a first administrator from the CLI, and a sign-in page that no longer asks civil servants for a token."""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from hub import accounts
from hub.cli import main as cli_main
from hub.db import make_engine, make_sessionmaker
from hub.models import Account
from tests.console.browsing import BROWSER_ERRORS, both_languages, browser_sign_in, watch
from tests.console.conftest import COMMUNITY, DISTRICT, ConsoleHub, SignedIn

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def _password_sign_in(http: httpx.Client, username: str, password: str) -> httpx.Response:
    page = http.get("/console/login")
    pre = CSRF.search(page.text)
    assert pre
    return http.post("/console/login", data={"username": username, "password": password, "csrf": pre.group(1),
                                             "next": "/console/cases"})


def _account(hub: ConsoleHub, username: str) -> Account:
    engine = make_engine(hub.db_url)
    try:
        with make_sessionmaker(engine)() as db:
            row = accounts.by_username(db, username)
            assert row is not None
            db.expunge(row)
            return row
    finally:
        engine.dispose()


def test_passwords_are_hashed_with_scrypt_and_salted() -> None:
    first, second = accounts.hash_password("correct horse"), accounts.hash_password("correct horse")
    assert first.startswith("scrypt$") and first != second and "correct horse" not in first
    assert accounts.check_password("correct horse", first) and not accounts.check_password("wrong horse", first)
    assert not accounts.check_password("x", "md5$whatever") and not accounts.check_password("x", "garbage")
    assert accounts.password_problem("short") and accounts.password_problem("long enough!") is None


def test_the_sign_in_page_asks_for_a_username_and_password_not_a_token(console_hub: ConsoleHub) -> None:
    with console_hub.client() as http:
        page = http.get("/console/login").text
        assert 'id="username"' in page and 'id="password"' in page and 'id="token"' not in page
        assert "kiosk-hub token create" not in page and "令牌" not in page.split('id="with-token"')[0]
        assert 'id="token"' in http.get("/console/login?method=token").text  # technicians and scripts still can


def test_a_person_signs_in_with_a_password_and_wrong_ones_are_refused(console_hub: ConsoleHub,
                                                                      login: Callable[[str], SignedIn]) -> None:
    username, password = console_hub.accounts["staff"]
    with console_hub.client() as http:
        refused = _password_sign_in(http, username, password + "x")
        assert refused.status_code == 401 and 'id="login-error"' in refused.text
        assert _password_sign_in(http, "nobody-here", password).status_code == 401
        signed = _password_sign_in(http, username.upper(), password)  # usernames are not case-sensitive
        assert signed.status_code == 303 and signed.headers["location"] == "/console/cases"
        page = http.get("/console/cases").text
        assert "王芳" in page and COMMUNITY in page
    audit_page = login("admin").get(f"/console/audit?q={username}").text
    assert "登录失败" in audit_page and "登录" in audit_page
    assert _account(console_hub, username).last_sign_in_at is not None


def test_admins_add_an_account_who_then_chooses_a_password(console_hub: ConsoleHub,
                                                           login: Callable[[str], SignedIn]) -> None:
    admin = login("admin")
    made = admin.post("/console/accounts", {"username": "Zhao.Min", "name": "赵敏", "role": "staff",
                                            "scope": "community", "district": DISTRICT, "community": COMMUNITY})
    assert made.status_code == 200 and 'id="account-created"' in made.text
    first = re.search(r'id="first-password">([^<]+)<', made.text)
    assert first
    stored = _account(console_hub, "zhao.min")
    assert stored.must_change_password and stored.scope_community == COMMUNITY and first.group(1) not in \
        stored.password_hash
    again = admin.post("/console/accounts", {"username": "zhao.min", "name": "x", "role": "viewer"})
    assert again.status_code == 409 and "此用户名已被使用" in again.text
    unscoped_staff = admin.post("/console/accounts", {"username": "nobody", "name": "x", "role": "staff"})
    assert unscoped_staff.status_code == 422
    with console_hub.client() as http:
        assert _password_sign_in(http, "zhao.min", first.group(1)).status_code == 303
        assert http.get("/console/cases").headers["location"] == "/console/password"  # nothing else first
        csrf = CSRF.search(http.get("/console/password").text)
        assert csrf
        new = "赵敏自己的新密码123"
        short = http.post("/console/password", data={"csrf": csrf.group(1), "current": first.group(1),
                                                     "new": "short", "again": "short"})
        assert short.status_code == 422 and "至少需要 10 个字符" in short.text
        done = http.post("/console/password", data={"csrf": csrf.group(1), "current": first.group(1), "new": new,
                                                    "again": new})
        assert done.status_code == 303
        assert http.get("/console/cases").status_code == 200
    with console_hub.client() as http:
        assert _password_sign_in(http, "zhao.min", first.group(1)).status_code == 401
        assert _password_sign_in(http, "zhao.min", new).status_code == 303
    changed = admin.get("/console/audit?action=account.password_changed").text
    assert "赵敏 (zhao.min)" in changed and "修改自己的密码" in changed and new not in changed


def test_disable_reset_and_scope_changes_take_effect_at_once(console_hub: ConsoleHub,
                                                             login: Callable[[str], SignedIn]) -> None:
    admin = login("admin")
    made = admin.post("/console/accounts", {"username": "sun.li", "name": "孙丽", "role": "viewer", "scope": "all"})
    first = re.search(r'id="first-password">([^<]+)<', made.text)
    assert first
    account_id = _account(console_hub, "sun.li").id
    with console_hub.client() as http:
        assert _password_sign_in(http, "sun.li", first.group(1)).status_code == 303
        csrf = CSRF.search(http.get("/console/password").text)
        assert csrf
        chosen = "孙丽自己的密码很长很长"
        assert http.post("/console/password", data={"csrf": csrf.group(1), "current": first.group(1),
                                                    "new": chosen, "again": chosen}).status_code == 303
        assert http.get("/console/cases").status_code == 403  # a viewer
        assert admin.post(f"/console/accounts/{account_id}", {"action": "change", "role": "staff",
                                                               "scope": "community", "district": DISTRICT,
                                                               "community": COMMUNITY}).status_code == 303
        assert http.get("/console/cases").status_code == 200  # the new role, at the next request
        assert admin.post(f"/console/accounts/{account_id}", {"action": "disable"}).status_code == 303
        assert http.get("/console/cases").status_code == 303  # signed out
        assert _password_sign_in(http, "sun.li", chosen).status_code == 401
        assert admin.post(f"/console/accounts/{account_id}", {"action": "enable"}).status_code == 303
        reset = admin.post(f"/console/accounts/{account_id}", {"action": "reset"})
        temporary = re.search(r'id="first-password">([^<]+)<', reset.text)
        assert temporary
        assert _password_sign_in(http, "sun.li", chosen).status_code == 401
        assert _password_sign_in(http, "sun.li", temporary.group(1)).status_code == 303
    page = admin.get(f"/console/accounts/{account_id}").text
    assert page.count('data-action="console.signed_in"') >= 2 and 'data-action="console.sign_in_failed"' in page
    staff = login("staff")
    assert staff.get("/console/accounts").status_code == 403


def test_the_first_administrator_comes_from_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """``kiosk-hub account``, its ``main`` run in this process (as tests/hub/test_cli.py does): the same parsing,
    commands and output as the installed command, without an interpreter start of ~3 s per command."""
    data = ["--data-dir", str(tmp_path)]

    def account(*argv: str) -> str:
        assert cli_main(["account", *argv, *data]) == 0
        out, _err = capsys.readouterr()
        return out

    password = account("create", "--username", "admin", "--name", "区管理员", "--role", "admin").strip()
    assert len(password) >= 10
    monkeypatch.setattr(sys, "stdin", io.StringIO("clerk's own password\n"))
    assert account("create", "--username", "clerk", "--role", "staff", "--community", COMMUNITY,
                   "--password-stdin") == ""
    listed = account("list")
    assert "admin\t区管理员\tadmin\t-\tenabled" in listed and f"clerk\tclerk\tstaff\t{COMMUNITY}" in listed
    engine = make_engine(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    try:
        with make_sessionmaker(engine)() as db:
            admin, clerk = accounts.by_username(db, "admin"), accounts.by_username(db, "clerk")
            assert admin is not None and admin.must_change_password
            assert accounts.check_password(password, admin.password_hash)
            assert clerk is not None and not clerk.must_change_password
            assert accounts.authenticate(db, "clerk", "clerk's own password") is not None
    finally:
        engine.dispose()


@pytest.mark.browser
def test_accounts_pages_in_the_browser(browser: Any, console_hub: ConsoleHub, artifacts: Path) -> None:
    out = artifacts / "console"
    out.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=console_hub.base_url)
    login_page = watch(context.new_page())
    login_page.goto("/console/login")
    both_languages(login_page, out, "login-password")
    context.close()
    page = browser_sign_in(browser, console_hub, "admin")
    page.click("nav a[href='/console/accounts']")
    page.fill("#new-username", "qian.jin")
    page.fill("#new-name", "钱进")
    page.select_option("#role", "staff")
    page.check("input[name=scope][value=community]")
    page.fill("input[name=district]", DISTRICT)
    page.fill("input[name=community]", COMMUNITY)
    page.click("#create-account")
    assert page.locator("#first-password").is_visible()
    both_languages(page, out, "accounts")
    page.click("#accounts a:text('qian.jin')")
    page.wait_for_url("**/console/accounts/*")
    both_languages(page, out, "account")
    page.context.close()
    assert BROWSER_ERRORS == []
