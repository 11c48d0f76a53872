"""Issue 23: statistics by month, community and service with satisfaction, on a page and exported to CSV and
Excel with the same rows; a community's staff see only their community."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime

from openpyxl import load_workbook

from hub.testing import SimTerminal, create_token, make_enroll_token
from tests.console.conftest import DISTRICT, ConsoleHub, sign_in

COMMUNITY = "统计社区"


def _item(kind: str, body: dict) -> dict:
    return {"id": str(uuid.uuid4()), "kind": kind, "created_at": datetime.now(UTC).isoformat(), "body": body}


def _value(cell: object) -> object:
    """A cell as a number where it is one (Excel keeps 3.0 as 3), else its text."""
    if cell is None:
        return ""
    try:
        return float(str(cell))
    except ValueError:
        return str(cell)


def test_statistics_page_and_exports_agree(console_hub: ConsoleHub, login) -> None:
    token = make_enroll_token(console_hub.base_url, console_hub.tokens["admin"], community=COMMUNITY, district=DISTRICT)
    with console_hub.client() as http:
        sim = SimTerminal(http, hostname="kiosk-stats")
        sim.enroll(token)
        items = [sim.submission_item(n, service_id="residence_certificate", form_id="residence_certificate",
                                     answers={"name": "张三"}, identity={"name": "张三", "id_number": "370102198001011234"})
                 for n in (1, 2)]
        items += [_item("rating", {"service_id": "residence_certificate", "level": level, "reasons": []})
                  for level in (4, 2)]
        results = sim.signed("POST", "/api/v1/outbox", {"items": items}).json()["results"]
        assert [r["status"] for r in results] == ["accepted"] * 4, results
    admin = login("admin")
    page = admin.get("/console/statistics").text
    assert 'id="statistics-xlsx"' in page and "平均满意度" in page
    ours = [line for line in page.split("<tr>") if f"<td>{COMMUNITY}</td>" in line]
    assert len(ours) == 1 and "<td>2</td><td>2</td><td>3.0</td>" in ours[0]
    rows = list(csv.reader(io.StringIO(admin.get("/console/statistics.csv").content.decode("utf-8-sig"))))
    assert rows[0] == ["月份", "区", "社区", "服务", "办件", "满意度评价", "平均满意度"]
    (mine,) = [r for r in rows if r[2] == COMMUNITY]
    assert mine[1:] == [DISTRICT, COMMUNITY, mine[3], "2", "2", "3.0"]
    sheet = load_workbook(io.BytesIO(admin.get("/console/statistics.xlsx").content)).active
    assert [[_value(c) for c in r] for r in sheet.iter_rows(values_only=True)] == [[_value(c) for c in r] for r in rows]
    other = create_token(console_hub.db_url, "staff", "别的社区", community="另一社区")
    with console_hub.client() as http:
        assert COMMUNITY not in sign_in(http, other).get("/console/statistics.csv").content.decode("utf-8-sig")
