"""Issue 23: an administrator scoped to a district manages only that district's accounts: the list shows
no others, another's page is not revealed, and a scope beyond the district is refused in plain words."""

from __future__ import annotations

import html
import re

import httpx

from hub import accounts, audit
from hub.db import make_engine, make_sessionmaker
from tests.console.conftest import DISTRICT, ConsoleHub, SignedIn
from tests.console.test_accounts import _account, _password_sign_in

USERNAME, PASSWORD = "lixia-admin", "区管理员-密码-2026"


def _district_admin(hub: ConsoleHub, http: httpx.Client) -> SignedIn:
    engine = make_engine(hub.db_url)
    try:
        with make_sessionmaker(engine)() as db:
            if accounts.by_username(db, USERNAME) is None:
                accounts.create(db, audit.CLI_ACTOR, USERNAME, "历下区管理员", "admin", PASSWORD, DISTRICT, None,
                                must_change=False)
                db.commit()
    finally:
        engine.dispose()
    assert _password_sign_in(http, USERNAME, PASSWORD).status_code == 303
    csrf = re.search(r'name="csrf" value="([^"]+)"', http.get("/console/accounts").text)
    assert csrf
    return SignedIn(http, csrf.group(1))


def test_a_district_admin_manages_only_its_district(console_hub: ConsoleHub) -> None:
    with console_hub.client() as http:
        admin = _district_admin(console_hub, http)
        listed = admin.get("/console/accounts").text
        platform_admin = _account(console_hub, console_hub.accounts["admin"][0])
        staff = _account(console_hub, console_hub.accounts["staff"][0])
        assert f"/console/accounts/{staff.id}" in listed and f"/console/accounts/{platform_admin.id}" not in listed
        assert admin.get(f"/console/accounts/{platform_admin.id}").status_code == 404
        refused = admin.post(f"/console/accounts/{platform_admin.id}", {"action": "reset"})
        assert refused.status_code == 404
        beyond = admin.post("/console/accounts", {"username": "huaiyin1", "name": "槐荫", "role": "staff",
                                                  "scope": "district", "district": "槐荫区"})
        assert beyond.status_code == 403 and "您只能管理本区或本社区内的账号" in html.unescape(beyond.text)
        made = admin.post("/console/accounts", {"username": "lixia-viewer", "name": "观察", "role": "viewer",
                                                "scope": "all"})
        assert made.status_code == 200, made.text
        assert (_account(console_hub, "lixia-viewer").scope_district, _account(
            console_hub, "lixia-viewer").scope_community) == (DISTRICT, None)  # inside the district, not platform-wide
