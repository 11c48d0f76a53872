"""Issue 23, item 5: a terminal sent services that issue certificates, whose A4 printer is not ready, is
an alert in the fleet view (it used to stay green while residents were told "approved" and got nothing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.hub.conftest import Hub

CATALOG = yaml.safe_load((Path(__file__).resolve().parents[2] / "assets/content/catalog.yaml").read_text("utf-8"))


def _alerts(hub: Hub, terminal_id: str) -> dict[str, str]:
    row = hub.admin("GET", f"/terminals/{terminal_id}")
    return {a["code"]: a["detail"] for a in row["alerts"]}


def _beat(sim: Any, cups: dict[str, str] | None) -> None:
    devices = {"idcard": {"status": "ok", "detail": ""}, "printer": {"status": "ok", "detail": ""}}
    if cups is not None:
        devices["cups"] = cups
    assert sim.signed("POST", "/api/v1/heartbeat", sim.heartbeat_body(devices=devices)).status_code == 200


def test_certificate_services_without_an_a4_printer_raise_an_alert(hub: Hub) -> None:
    sim = hub.terminal()
    _beat(sim, {"status": "skip", "code": "CUPS-NONE", "detail": "no A4 printer configured"})
    assert "certificate_printer" not in _alerts(hub, sim.terminal_id)  # no catalog yet: nothing promised
    hub.publish("catalog", CATALOG, content_id="catalog")
    detail = _alerts(hub, sim.terminal_id)["certificate_printer"]
    assert "CUPS-NONE" in detail and "居住证明" in detail
    _beat(sim, {"status": "fail", "code": "CUPS-NOT-READY", "detail": "queue a4: stopped"})
    assert "CUPS-NOT-READY" in _alerts(hub, sim.terminal_id)["certificate_printer"]
    _beat(sim, None)  # an older terminal that does not report its A4 printer cannot be trusted with it
    assert "no report" in _alerts(hub, sim.terminal_id)["certificate_printer"]
    _beat(sim, {"status": "ok", "code": "CUPS-OK", "detail": "queue a4 ready"})
    assert "certificate_printer" not in _alerts(hub, sim.terminal_id)


def test_a_catalog_without_certificates_promises_no_printing(hub: Hub) -> None:
    sim = hub.terminal()
    _beat(sim, {"status": "skip", "code": "CUPS-NONE", "detail": "no A4 printer configured"})
    plain = {**CATALOG, "services": [dict(s, certificate=False) for s in CATALOG["services"]]}
    hub.publish("catalog", plain, content_id="catalog")
    assert "certificate_printer" not in _alerts(hub, sim.terminal_id)
