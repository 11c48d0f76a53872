"""A real ``kiosk-hub serve`` on 127.0.0.1 for the console tests, tokens for each role, and a signed-in client.

The hub is session-scoped (one process for the whole directory); browser tests
add a headless Chromium (Debian's) driven by Playwright.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from hub import accounts, audit
from hub.db import make_engine, make_sessionmaker
from hub.testing import create_token, run_hub

COMMUNITY = "示例社区"
DISTRICT = "历下区"
OTHER_COMMUNITY = "另一社区"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@dataclass
class ConsoleHub:
    base_url: str
    db_url: str
    data_dir: Path
    tokens: dict[str, str]  # API tokens, by role (the API, the CLI, and the HTTP tests' sign-in)
    accounts: dict[str, tuple[str, str]]  # (username, password) by role: how people sign in (issue 23)

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=30, follow_redirects=False)



@dataclass
class SignedIn:
    http: httpx.Client
    csrf: str

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.http.get(path, **kwargs)

    def post(self, path: str, data: dict[str, Any] | None = None, csrf: bool = True, **kwargs: Any) -> httpx.Response:
        body = dict(data or {})
        if csrf:
            body["csrf"] = self.csrf
        return self.http.post(path, data=body, **kwargs)


CSRF_RE = re.compile(r'name="csrf" value="([^"]+)"')


def sign_in(http: httpx.Client, token: str) -> SignedIn:
    page = http.get("/console/login")
    pre = CSRF_RE.search(page.text)
    assert pre, page.text
    response = http.post("/console/login", data={"token": token, "csrf": pre.group(1), "next": "/console/"})
    assert response.status_code == 303, response.text
    home = http.get("/console/")
    assert home.status_code == 200, home.text
    csrf = CSRF_RE.search(home.text)
    assert csrf
    return SignedIn(http, csrf.group(1))


ACCOUNTS = {"admin": ("zhangwei", "管理员", None), "staff": ("wangfang", "王芳", COMMUNITY),
            "other_staff": ("liqiang", "李强", OTHER_COMMUNITY), "viewer": ("guancha", "观察员", None)}


def make_accounts(db_url: str) -> dict[str, tuple[str, str]]:
    """A console account per role, each with its own password already chosen (no first-sign-in change)."""
    engine = make_engine(db_url)
    made = {}
    try:
        with make_sessionmaker(engine)() as db:
            for role, (username, name, community) in ACCOUNTS.items():
                password = f"{username}-密码-2026"
                accounts.create(db, audit.CLI_ACTOR, username, name, role.removeprefix("other_"), password,
                                DISTRICT if community else None, community, must_change=False)
                made[role] = (username, password)
            db.commit()
    finally:
        engine.dispose()
    return made


@pytest.fixture(scope="session")
def console_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConsoleHub]:
    tmp = tmp_path_factory.mktemp("console-hub")
    # every test signs in from 127.0.0.1; the per-address limit is tested on its own (test_security);
    # 127.0.0.1 stands for a TLS-terminating proxy on the same machine, configured as trusted
    with run_hub(tmp, env={"KIOSK_HUB_CONSOLE_LOGIN_RATE": "100000", "KIOSK_HUB_TRUSTED_PROXIES": "127.0.0.1"}) as hub:
        data_dir = tmp / "hub"
        db_url = f"sqlite:///{data_dir / 'hub.sqlite3'}"
        tokens = {
            "admin": hub.admin_token,
            "staff": create_token(db_url, "staff", "王芳", community=COMMUNITY),
            "other_staff": create_token(db_url, "staff", "李强", community=OTHER_COMMUNITY),
            "viewer": create_token(db_url, "viewer", "观察员"),
        }
        yield ConsoleHub(hub.base_url, db_url, data_dir, tokens, make_accounts(db_url))


@pytest.fixture
def login(console_hub: ConsoleHub) -> Iterator[Callable[[str], SignedIn]]:
    """``login("staff")``: a signed-in HTTP client for that role (closed after the test)."""
    clients: list[httpx.Client] = []

    def make(role: str) -> SignedIn:
        http = console_hub.client()
        clients.append(http)
        return sign_in(http, console_hub.tokens[role])

    yield make
    for http in clients:
        http.close()


@pytest.fixture(scope="package")
def chromium() -> Iterator[Any]:
    """One headless Chromium for every browser test of this directory: starting one costs 1.5-2 s, and each test
    opens its own context (its own cookies and storage), which is what keeps the tests apart."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def browser(chromium: Any) -> Iterator[Any]:
    """The shared Chromium; a context a module's tests left open is closed when the module is done, as closing
    the browser used to."""
    yield chromium
    for context in chromium.contexts:
        context.close()
