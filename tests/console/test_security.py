"""Security of the console against a real ``kiosk-hub serve``: sign-in, cookies, CSRF, roles, expiry."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from hub.console import auth
from hub.db import make_engine, make_sessionmaker
from hub.models import ApiToken, AuditEntry
from hub.testing import create_token
from tests.console.conftest import CSRF_RE, ConsoleHub, SignedIn, sign_in

PAGES = ["/console/", "/console/forms", "/console/forms/x", "/console/forms/x/v/1", "/console/fleet",
         "/console/fleet/t-1", "/console/cases", "/console/cases/abc", "/console/content/notices",
         "/console/content/catalog", "/console/content"]
POSTS = ["/console/logout", "/console/forms/upload", "/console/content/notices", "/console/releases/new/form/x",
         "/console/releases/1/update", "/console/releases/1/approve", "/console/rollback/form/x", "/console/cases/abc/status"]


def _audit_count(hub: ConsoleHub) -> int:
    engine = make_engine(hub.db_url)
    try:
        with make_sessionmaker(engine)() as session:
            return len(session.scalars(select(AuditEntry.id)).all())
    finally:
        engine.dispose()


@pytest.mark.parametrize("path", PAGES)
def test_no_page_is_reachable_signed_out(console_hub: ConsoleHub, path: str) -> None:
    with console_hub.client() as http:
        response = http.get(path)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/console/login?next=")
    assert "<table" not in response.text


def test_no_action_works_signed_out(console_hub: ConsoleHub) -> None:
    before = _audit_count(console_hub)
    with console_hub.client() as http:
        for path in POSTS:
            response = http.post(path, data={"csrf": "x", "status": "approved", "version": "1", "text": "notices: []"})
            assert response.status_code == 401, (path, response.status_code)
    assert _audit_count(console_hub) == before


def test_session_cookie_is_httponly_strict_and_scoped(console_hub: ConsoleHub) -> None:
    with console_hub.client() as http:
        page = http.get("/console/login")
        pre = CSRF_RE.search(page.text)
        assert pre
        response = http.post("/console/login", data={"token": console_hub.tokens["viewer"], "csrf": pre.group(1)})
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(f"{auth.COOKIE}="))
    flags = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert "httponly" in flags
    assert "samesite=strict" in flags
    assert "path=/console" in flags
    assert "secure" not in flags  # plain http on loopback: a Secure cookie would never come back
    assert console_hub.tokens["viewer"] not in cookie  # the cookie names the token, never holds it


def test_cookie_is_secure_behind_https(console_hub: ConsoleHub) -> None:
    """X-Forwarded-Proto from a trusted proxy (here 127.0.0.1, KIOSK_HUB_TRUSTED_PROXIES) makes cookies Secure."""
    headers = {"X-Forwarded-Proto": "https"}
    with console_hub.client() as http:
        page = http.get("/console/login", headers=headers)
        pre = CSRF_RE.search(page.text)
        assert pre
        pre_cookie = next(c for c in page.headers.get_list("set-cookie") if c.startswith(f"{auth.PRE_COOKIE}="))
        assert "secure" in {p.strip().lower() for p in pre_cookie.split(";")}
        # httpx keeps Secure cookies for https only; send it as the browser behind the proxy would
        response = httpx.post(f"{console_hub.base_url}/console/login",
                              headers={**headers, "Cookie": f"{auth.PRE_COOKIE}={pre.group(1)}"},
                              data={"token": console_hub.tokens["viewer"], "csrf": pre.group(1)})
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(f"{auth.COOKIE}="))
    assert "secure" in {p.strip().lower() for p in cookie.split(";")}


def test_login_needs_its_csrf_value_and_a_real_token(console_hub: ConsoleHub) -> None:
    with console_hub.client() as http:
        http.get("/console/login")
        forged = http.post("/console/login", data={"token": console_hub.tokens["admin"], "csrf": "forged"})
        assert forged.status_code == 403
        assert not any(c.startswith(f"{auth.COOKIE}=") for c in forged.headers.get_list("set-cookie"))
        page = http.get("/console/login")
        pre = CSRF_RE.search(page.text)
        assert pre
        wrong = http.post("/console/login", data={"token": "khub_not-a-token", "csrf": pre.group(1)})
        assert wrong.status_code == 401
        assert not any(c.startswith(f"{auth.COOKIE}=") for c in wrong.headers.get_list("set-cookie"))


def test_csrf_token_is_required_on_every_post(console_hub: ConsoleHub, login: Callable[[str], SignedIn]) -> None:
    admin = login("admin")
    before = _audit_count(console_hub)
    for path in POSTS[1:]:
        missing = admin.post(path, {"text": "notices: []", "version": "1", "status": "accepted"}, csrf=False)
        assert missing.status_code == 403, (path, missing.status_code)
        wrong = admin.http.post(path, data={"csrf": admin.csrf[:-2] + "xx", "text": "notices: []", "version": "1"})
        assert wrong.status_code == 403, (path, wrong.status_code)
    assert _audit_count(console_hub) == before
    # another session's token does not work either
    other = login("admin")
    assert other.csrf != admin.csrf
    crossed = admin.http.post("/console/logout", data={"csrf": other.csrf})
    assert crossed.status_code == 403


def test_security_headers(console_hub: ConsoleHub, login: Callable[[str], SignedIn]) -> None:
    viewer = login("viewer")
    response = viewer.get("/console/fleet")
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-frame-options"] == "DENY"


def test_roles_are_checked_on_pages_and_actions(console_hub: ConsoleHub, login: Callable[[str], SignedIn]) -> None:
    viewer = login("viewer")
    assert viewer.get("/console/cases").status_code == 403
    assert viewer.get("/console/cases/anything").status_code == 403
    forms = viewer.get("/console/forms")
    assert forms.status_code == 200 and 'id="upload"' not in forms.text
    files = {"file": ("f.json", b'{"id": "x"}', "application/json")}
    assert viewer.http.post("/console/forms/upload", data={"csrf": viewer.csrf}, files=files).status_code == 403
    assert viewer.post("/console/content/notices", {"text": "notices: []"}).status_code == 403
    assert viewer.post("/console/rollback/form/x").status_code == 403
    staff = login("staff")
    assert staff.get("/console/cases").status_code == 200
    assert staff.http.post("/console/forms/upload", data={"csrf": staff.csrf}, files=files).status_code == 403
    assert staff.post("/console/releases/new/form/x", {"version": "1"}).status_code == 403
    admin = login("admin")
    assert admin.post("/console/cases/abc/status", {"status": "accepted"}).status_code == 403


def test_logout_ends_the_session(console_hub: ConsoleHub, login: Callable[[str], SignedIn]) -> None:
    viewer = login("viewer")
    response = viewer.post("/console/logout")
    assert response.status_code == 303
    cleared = next(c for c in response.headers.get_list("set-cookie") if c.startswith(f"{auth.COOKIE}="))
    assert "max-age=0" in cleared.lower()
    assert viewer.get("/console/fleet").status_code == 303


def test_tampered_or_foreign_cookie_is_refused(console_hub: ConsoleHub, login: Callable[[str], SignedIn]) -> None:
    viewer = login("viewer")
    value = viewer.http.cookies.get(auth.COOKIE)
    assert value
    body, mac = value.rsplit(".", 1)
    with console_hub.client() as http:
        http.cookies.set(auth.COOKIE, body.replace("e", "f", 1) + "." + mac, domain="127.0.0.1", path="/console")
        assert http.get("/console/fleet").status_code == 303
    key = b"\x00" * 32  # a cookie signed with any other key
    now = int(time.time())
    forged = auth.encode_session(key, "nobody", "s", now, now)
    with console_hub.client() as http:
        http.cookies.set(auth.COOKIE, forged, domain="127.0.0.1", path="/console")
        assert http.get("/console/fleet").status_code == 303


def test_revoking_the_token_ends_its_sessions(console_hub: ConsoleHub) -> None:
    secret = create_token(console_hub.db_url, "viewer", "short-lived")
    with console_hub.client() as http:
        session = sign_in(http, secret)
        assert session.get("/console/fleet").status_code == 200
        engine = make_engine(console_hub.db_url)
        try:
            with make_sessionmaker(engine)() as db:
                row = db.scalar(select(ApiToken).where(ApiToken.name == "short-lived"))
                assert row is not None
                from hub.db import utcnow

                row.revoked_at = utcnow()
                db.commit()
        finally:
            engine.dispose()
        assert session.get("/console/fleet").status_code == 303


def test_open_redirects_are_refused(console_hub: ConsoleHub) -> None:
    with console_hub.client() as http:
        page = http.get("/console/login")
        pre = CSRF_RE.search(page.text)
        assert pre
        response = http.post("/console/login", data={"token": console_hub.tokens["viewer"], "csrf": pre.group(1),
                                                     "next": "https://evil.example/"})
        assert response.headers["location"] == "/console/"
        assert http.get("/console/lang?to=en_US&next=//evil.example").headers["location"] == "/console/"


def test_idle_and_absolute_expiry() -> None:
    key = b"k" * 32
    now = 1_800_000_000
    cookie = auth.encode_session(key, "tok", "sid", now, now)
    assert auth.decode_session(key, cookie, now + auth.IDLE_S - 1).principal == "tok"
    with pytest.raises(auth.NotSignedIn):
        auth.decode_session(key, cookie, now + auth.IDLE_S + 1)
    busy = auth.encode_session(key, "tok", "sid", now, now + auth.MAX_AGE_S)
    with pytest.raises(auth.NotSignedIn):
        auth.decode_session(key, busy, now + auth.MAX_AGE_S + 1)
    with pytest.raises(auth.NotSignedIn):
        auth.decode_session(b"x" * 32, cookie, now)


def test_each_request_renews_the_idle_window(console_hub: ConsoleHub, login: Callable[[str], SignedIn]) -> None:
    viewer = login("viewer")
    response = viewer.get("/console/fleet")
    renewed = [c for c in response.headers.get_list("set-cookie") if c.startswith(f"{auth.COOKIE}=")]
    assert renewed and f"max-age={auth.IDLE_S}" in renewed[0].lower()


def test_static_files_are_local(console_hub: ConsoleHub) -> None:
    with console_hub.client() as http:
        css = http.get("/console/static/console.css")
        js = http.get("/console/static/console.js")
    assert css.status_code == 200 and js.status_code == 200
    assert "http://" not in css.text + js.text and "https://" not in css.text + js.text


def test_cases_are_opened_only_by_staff_of_their_community(console_hub: ConsoleHub,
                                                           login: Callable[[str], SignedIn]) -> None:
    from hub.testing import SimTerminal, make_enroll_token
    from tests.console.conftest import COMMUNITY, DISTRICT

    with httpx.Client(base_url=console_hub.base_url, timeout=30) as http:
        sim = SimTerminal(http, hostname="case-terminal")
        sim.enroll(make_enroll_token(console_hub.base_url, console_hub.tokens["admin"], COMMUNITY, DISTRICT))
        item = sim.submission_item(3, service_id="residence_certificate", answers={"reason": "上学用"},
                                   identity={"name": "李四", "id_number": "370102199001011234"})
        assert sim.signed("POST", "/api/v1/outbox", {"items": [item]}).json()["results"][0]["status"] == "accepted"
    submission_id = item["body"]["submission_id"]
    number = item["body"]["tracking_number"]

    def opened() -> int:
        engine = make_engine(console_hub.db_url)
        try:
            with make_sessionmaker(engine)() as db:
                return len(db.scalars(select(AuditEntry.id).where(AuditEntry.action == "case.opened",
                                                                  AuditEntry.target == submission_id)).all())
        finally:
            engine.dispose()

    other = login("other_staff")
    assert f'data-number="{number}"' not in other.get("/console/cases").text
    assert other.get(f"/console/cases/{submission_id}").status_code == 404
    assert "李四" not in other.get(f"/console/cases?q={number}").text
    admin = login("admin")
    page = admin.get(f"/console/cases/{submission_id}")
    assert page.status_code == 200 and number in page.text and "李四" not in page.text and "上学用" not in page.text
    assert opened() == 0
    staff = login("staff")
    assert f'data-number="{number}"' in staff.get("/console/cases").text
    found = staff.get(f"/console/cases?q={number}")
    assert found.status_code == 303 and found.headers["location"] == f"/console/cases/{submission_id}"
    page = staff.get(f"/console/cases/{submission_id}")
    assert page.status_code == 200 and "上学用" in page.text and "李*" in page.text
    assert opened() == 1


def test_sign_in_attempts_are_rate_limited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In process (the limit is read per request): the third attempt in a minute is refused, even a right one."""
    from fastapi.testclient import TestClient

    from hub.app import create_app
    from hub.config import HubConfig

    monkeypatch.setenv("KIOSK_HUB_CONSOLE_LOGIN_RATE", "2")
    app = create_app(HubConfig(data_dir=tmp_path))
    secret = create_token(f"sqlite:///{tmp_path / 'hub.sqlite3'}", "viewer", "rate")
    with TestClient(app) as client:
        statuses = []
        for token in ("khub_wrong", "khub_wrong", secret):
            page = client.get("/console/login")
            pre = CSRF_RE.search(page.text)
            assert pre
            statuses.append(client.post("/console/login", data={"token": token, "csrf": pre.group(1)},
                                        follow_redirects=False).status_code)
    assert statuses == [401, 401, 429]


def test_a_cookie_saved_before_logout_no_longer_opens_pages(console_hub: ConsoleHub,
                                                            login: Callable[[str], SignedIn]) -> None:
    """Issue 16, finding 4: signing out ends the session at the hub, not just in this browser."""
    staff = login("staff")
    saved = staff.http.cookies.get(auth.COOKIE)
    assert saved and staff.get("/console/cases").status_code == 200
    assert staff.post("/console/logout").status_code == 303
    with console_hub.client() as copy:
        copy.cookies.set(auth.COOKIE, saved, domain="127.0.0.1", path="/console")
        assert copy.get("/console/cases").status_code == 303


def test_an_expired_token_cannot_sign_in(console_hub: ConsoleHub) -> None:
    from datetime import timedelta

    from hub.db import utcnow

    secret = create_token(console_hub.db_url, "viewer", "expired-one")
    engine = make_engine(console_hub.db_url)
    try:
        with make_sessionmaker(engine)() as db:
            row = db.scalar(select(ApiToken).where(ApiToken.name == "expired-one"))
            assert row is not None
            row.expires_at = utcnow() - timedelta(seconds=1)
            db.commit()
    finally:
        engine.dispose()
    with console_hub.client() as http:
        page = http.get("/console/login")
        pre = CSRF_RE.search(page.text)
        assert pre
        assert http.post("/console/login", data={"token": secret, "csrf": pre.group(1)}).status_code == 401


def test_a_session_past_its_absolute_lifetime_ends_at_the_hub(console_hub: ConsoleHub) -> None:
    from datetime import timedelta

    from hub.models import ConsoleSession

    secret = create_token(console_hub.db_url, "viewer", "long-day")
    with console_hub.client() as http:
        session = sign_in(http, secret)
        engine = make_engine(console_hub.db_url)
        try:
            with make_sessionmaker(engine)() as db:
                token = db.scalar(select(ApiToken).where(ApiToken.name == "long-day"))
                assert token is not None
                row = db.scalar(select(ConsoleSession).where(ConsoleSession.token_id == token.id))
                assert row is not None
                row.created_at = row.created_at - timedelta(seconds=auth.MAX_AGE_S + 1)
                db.commit()
        finally:
            engine.dispose()
        assert session.get("/console/fleet").status_code == 303
