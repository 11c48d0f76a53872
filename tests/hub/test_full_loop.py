"""The whole loop against a real ``kiosk-hub serve`` (uvicorn) on 127.0.0.1: enrol, publish, pick up,
submit, approve with a certificate, status and certificate back at the terminal, fleet view."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx

from contract import crypto
from hub.testing import SimTerminal, make_enroll_token, publish, run_hub
from tests.hub.conftest import FORM_ID, REPO, form_version


def test_full_loop_on_a_real_server(tmp_path: Path) -> None:
    with run_hub(tmp_path) as (base_url, admin_token):
        admin = {"Authorization": f"Bearer {admin_token}"}
        with httpx.Client(base_url=base_url, timeout=30) as client:
            sim = SimTerminal(client, hostname="kiosk-01")
            sim.enroll(make_enroll_token(base_url, admin_token, community="燕山社区"))
            assert sim.signed("GET", "/api/v1/bundle").status_code == 304

            publish(base_url, admin_token, "form", form_version(1))
            r = sim.signed("GET", "/api/v1/bundle?have=0")
            keys = {k["kid"]: crypto.b64d(k["public_key"]) for k in sim.enrolment["bundle_keys"]}
            manifest = crypto.verify_record(r.json(), keys)
            [item] = manifest["items"]
            definition = sim.signed("GET", f"/api/v1/items/{item['sha256']}").content
            assert crypto.sha256_hex(definition) == item["sha256"] and json.loads(definition)["id"] == FORM_ID
            sim.bundle_version = manifest["bundle_version"]
            sim.signed("POST", "/api/v1/heartbeat", sim.heartbeat_body(forms={FORM_ID: 1}))

            sub = sim.submission_item(1, service_id="residence_certificate", form_id=FORM_ID,
                                      identity={"name": "王五", "id_number": "x"})
            assert sim.signed("POST", "/api/v1/outbox", {"items": [sub]}).json()["results"][0]["status"] == "accepted"

            staff = client.post("/api/v1/admin/tokens", json={"name": "clerk", "role": "staff"},
                                headers=admin).json()["token"]
            sid = sub["body"]["submission_id"]
            opened = client.get(f"/api/v1/admin/cases/{sid}", headers={"Authorization": f"Bearer {staff}"}).json()
            assert opened["payload"]["identity"]["name"] == "王五"
            approved = client.post(f"/api/v1/admin/cases/{sid}/status", headers={"Authorization": f"Bearer {staff}"},
                                   json={"status": "approved", "note": "ok",
                                         "certificate": {"title": "居住证明", "body": "兹证明王五居住在燕山社区。"}})
            assert approved.status_code == 200, approved.text
            feed = sim.signed("GET", "/api/v1/statuses").json()
            [status] = feed["statuses"]
            assert status["status"] == "approved" and status["certificate"]["title"] == "居住证明"
            assert status["certificate"]["verify_url"].startswith(base_url)
            verified = httpx.get(status["certificate"]["verify_url"]).json()
            assert verified["valid"] and verified["community"] == "燕山社区"

            [view] = client.get("/api/v1/admin/terminals", headers=admin).json()
            assert view["online"] and view["forms"] == {FORM_ID: 1} and view["alerts"] == []
            assert view["hostname"] == "kiosk-01"

        # the CLI reads the same database
        env_db = f"sqlite:///{tmp_path / 'hub' / 'hub.sqlite3'}"
        out = subprocess.run([sys.executable, "-m", "hub.cli", "terminals", "--json", "--db", env_db,
                              "--data-dir", str(tmp_path / "hub")], cwd=REPO, capture_output=True, text=True,
                             check=True)
        assert json.loads(out.stdout)[0]["terminal_id"] == sim.terminal_id
