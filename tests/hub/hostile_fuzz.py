"""A property-based fuzz of the hub's upload and terminal routes with hostile YAML, JSON and workbooks (issue 16).

Shared by the short run in the normal suite, the long run (marked ``long``) and
``benchmarks/bench_hostile.py``: hypothesis draws a hostile document, one of the
upload routes (console editor and form upload, admin API) or terminal routes
(signed heartbeat and outbox, enrolment) receives it on a real hub process, and
every response must be a 4xx or 2xx, never a 5xx. ``/healthz`` is timed after
each request, and the hub's resident memory is read before and after the run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub import hostile
from hub.testing import SimTerminal
from tests.console.conftest import SignedIn

# sign-in and terminal rate limits out of the way, so that every drawn request reaches its route
FUZZ_ENV = {"KIOSK_HUB_CONSOLE_LOGIN_RATE": "100000", "KIOSK_HUB_TERMINAL_RATE": "100000"}
_TAGS = ("!!python/object:os.system", "!!binary", "!!set", "!!timestamp", "!!float", "!!omap", "!!str", "!!int")


@st.composite
def hostile_yaml(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["bomb", "flow", "block", "anchor", "merge", "wide", "tag", "int", "multi", "text"]))
    if kind == "bomb":
        return hostile.alias_bomb(draw(st.integers(2, 12)), draw(st.integers(2, 12)))
    if kind == "flow":
        depth = draw(st.integers(1, 5000))
        return "notices: " + "[" * depth + "]" * draw(st.integers(0, depth))
    if kind == "block":
        return "".join("  " * i + f"k{i}:\n" for i in range(draw(st.integers(1, 400)))) + "x"
    if kind == "anchor":
        return f"notices: &a [{draw(st.text(max_size=20))!r}]\nx: *a\n"
    if kind == "merge":
        return "base: &b {a: 1}\nnotices:\n  - <<: *b\n    id: x\n"
    if kind == "wide":
        return "notices: [" + ",".join(["1"] * draw(st.integers(1, 700_000))) + "]"
    if kind == "tag":
        return f"notices: {draw(st.sampled_from(_TAGS))} {draw(st.text(max_size=30))!r}\n"
    if kind == "int":
        return "notices: " + "9" * draw(st.integers(1, 100_000))
    if kind == "multi":
        return "---\na: 1\n---\nb: 2\n" * draw(st.integers(1, 50))
    return draw(st.text(max_size=2000))


@st.composite
def hostile_workbook(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["wide", "rows", "laughs", "undefined", "external", "dimension", "flip", "junk"]))
    sheet = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    if kind == "wide":
        return hostile.wide_row_workbook(draw(st.integers(1, 2_000_000)),
                                         draw(st.sampled_from([b"<c/>", b'<c t="n"><v>1</v></c>'])))
    if kind == "rows":
        return hostile.workbook(sheet + b"<sheetData>" + b"<row/>" * draw(st.integers(0, 50_000))
                                + b"</sheetData></worksheet>")
    if kind == "laughs":
        return hostile.billion_laughs_workbook(draw(st.integers(1, 12)))
    if kind == "undefined":
        return hostile.undefined_entity_workbook()
    if kind == "external":
        prolog = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        return hostile.workbook(sheet + b"<sheetData><row><c t='inlineStr'><is><t>&x;</t></is></c></row>"
                                b"</sheetData></worksheet>", prolog)
    if kind == "dimension":
        ref = draw(st.sampled_from(["A1:XFD1048576", "A1:ZZZ1", "B2", "", "$A$1:$C$99999999999", "junk"]))
        return hostile.workbook(sheet + f'<dimension ref="{ref}"/><sheetData/></worksheet>'.encode())
    if kind == "flip":
        data = bytearray(hostile.undefined_entity_workbook())
        for _ in range(draw(st.integers(1, 20))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    return draw(st.binary(max_size=4096))


@st.composite
def hostile_json(draw: st.DrawFn) -> bytes:
    """Raw JSON-ish bytes: deep, wide, huge numbers, odd literals, duplicate keys, or any text at all."""
    kind = draw(st.sampled_from(["deep", "deep_list", "wide", "number", "literal", "dupes", "strings", "any"]))
    if kind == "deep":
        return hostile.deep_json(draw(st.integers(1, 100_000)), draw(st.sampled_from(["x", "items", "at"])))
    if kind == "deep_list":
        depth = draw(st.integers(1, 100_000))
        return b"[" * depth + b"]" * draw(st.integers(0, depth))
    if kind == "wide":
        return b'{"items": [' + b",".join([b"{}"] * draw(st.integers(0, 300_000))) + b"]}"
    if kind == "number":
        return b'{"bundle_version": ' + draw(st.sampled_from([b"1e999", b"-0", b"9" * 5000, b"NaN", b"1.5"])) + b"}"
    if kind == "literal":
        return draw(st.sampled_from([b"null", b"[]", b'"x"', b"true", b"{}", b""]))
    if kind == "dupes":
        return b"{" + b",".join([b'"a": 1'] * draw(st.integers(1, 100_000))) + b"}"
    if kind == "strings":
        return b'{"last_error": "' + b"\\u0000" * draw(st.integers(0, 50_000)) + b'"}'
    return draw(st.binary(max_size=2000))


@dataclass
class FuzzReport:
    examples: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    slowest_s: float = 0.0
    slowest: str = ""
    healthz_slowest_s: float = 0.0
    server_errors: list[str] = field(default_factory=list)


def run_fuzz(base_url: str, admin_token: str, console: SignedIn, examples: int) -> FuzzReport:
    """Draw ``examples`` hostile uploads per route family; the report holds statuses and the slowest responses."""
    report = FuzzReport()
    api = httpx.Client(base_url=base_url, timeout=60, headers={"Authorization": f"Bearer {admin_token}"})

    def record(what: str, response: httpx.Response, took: float) -> None:
        report.examples += 1
        report.statuses[response.status_code] = report.statuses.get(response.status_code, 0) + 1
        if response.status_code >= 500:
            report.server_errors.append(f"{what}: {response.status_code} {response.text[:200]}")
        if took > report.slowest_s:
            report.slowest_s, report.slowest = took, what
        start = time.monotonic()
        api.get("/healthz")
        report.healthz_slowest_s = max(report.healthz_slowest_s, time.monotonic() - start)

    def timed(what: str, call: object, *args: object, **kwargs: object) -> None:
        start = time.monotonic()
        response = call(*args, **kwargs)  # type: ignore[operator]
        record(what, response, time.monotonic() - start)

    options = settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                       suppress_health_check=list(HealthCheck))

    @options
    @given(text=hostile_yaml(), route=st.sampled_from(["editor", "upload", "api"]))
    def yaml_routes(text: str, route: str) -> None:
        if route == "editor":
            timed("editor", console.post, "/console/content/notices", {"text": text, "action": "validate"})
        elif route == "upload":
            timed("form upload (yaml)", console.http.post, "/console/forms/upload", data={"csrf": console.csrf},
                  files={"file": ("f.yaml", text.encode("utf-8", "replace"), "application/yaml")})
        else:  # the API takes JSON: the same shapes as raw JSON text
            body = b'{"kind": "notices", "content": {"notices": ' + text.encode("utf-8", "replace") + b"}}"
            timed("api validate", api.post, "/api/v1/admin/content/validate", content=body,
                  headers={"Content-Type": "application/json"})

    @options
    @given(data=hostile_workbook())
    def workbook_route(data: bytes) -> None:
        timed("form upload (xlsx)", console.http.post, "/console/forms/upload", data={"csrf": console.csrf},
              files={"file": ("f.xlsx", data, "application/octet-stream")})

    terminal = SimTerminal(api, "fuzz")
    terminal.enroll(api.post("/api/v1/admin/enroll-tokens", json={"community": "示例社区", "district": "历下区"})
                    .json()["token"])

    @options
    @given(body=hostile_json(), route=st.sampled_from(["heartbeat", "outbox", "enroll", "content"]))
    def json_routes(body: bytes, route: str) -> None:
        if route in ("heartbeat", "outbox"):
            timed(route, terminal.signed, "POST", f"/api/v1/{route}", raw=body)
        else:
            path = "/api/v1/enroll" if route == "enroll" else "/api/v1/admin/content/validate"
            timed(route, api.post, path, content=body, headers={"Content-Type": "application/json"})

    try:
        yaml_routes()
        workbook_route()
        json_routes()
    finally:
        api.close()
    return report
