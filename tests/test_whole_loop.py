"""The whole loop on one machine: a real hub (uvicorn on 127.0.0.1), the kiosk's real store and sync
client, and the kiosk UI's backend. Enrol; publish catalog, notices and forms; the terminal picks them
up between sessions; a resident applies; staff approve with a certificate; the resident sees it."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from hub.testing import make_enroll_token, publish, run_hub
from kiosk.content import SAMPLE_CONTENT_DIR, content_from_bundle
from sync.bundles import BundleManager
from sync.service import SyncService, enroll
from tests.printing.conftest import Cups, cupsd  # noqa: F401 - the real cupsd fixture
from tests.ui.qml_driver import wait_for
from ui.demo_hub import _doc
from ui.harness import build_harness, sample_identity
from ui.screenshot import _fill_sample_answers

pytestmark = [pytest.mark.gui, pytest.mark.slow, pytest.mark.cups]


def test_publish_pickup_submit_approve_and_certificate(tmp_path: Path, cupsd: Cups,  # noqa: F811
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CUPS_SERVER", cupsd.server)
    with run_hub(tmp_path / "hubdata") as (base_url, admin_token):
        admin = {"Authorization": f"Bearer {admin_token}"}
        publish(base_url, admin_token, "catalog", _doc(SAMPLE_CONTENT_DIR / "catalog.yaml"), content_id="catalog")
        publish(base_url, admin_token, "notices", _doc(SAMPLE_CONTENT_DIR / "notices.yaml"), content_id="notices")
        form = _doc(SAMPLE_CONTENT_DIR / "forms" / "residence_certificate.json")
        publish(base_url, admin_token, "form", form)
        from contract.forms import validate_definition
        from contract.forms.xlsx import convert_xlsx

        # a form authored in a spreadsheet: converted, validated, published like any other
        sheet_form = convert_xlsx(SAMPLE_CONTENT_DIR / "forms" / "source" / "disability_subsidy.xlsx")
        assert validate_definition(sheet_form) == []
        publish(base_url, admin_token, "form", sheet_form)

        h = build_harness(data_dir=tmp_path / "kiosk", devices={"document_printer": {"queue": cupsd.queue}})
        try:
            store, b = h.services.store, h.backend
            enroll(store, base_url, make_enroll_token(base_url, admin_token, community="示例社区"),
                   trust_on_first_use=True)
            bundles = BundleManager(store, validator=content_from_bundle)
            sync = SyncService(h.services.settings, store, clock=h.services.clock, bundles=bundles,
                               is_idle=lambda: b.screen == "attract")
            h.services.sync = sync

            # pick up the published content (the terminal is idle on the attract screen)
            assert sync.run_once().bundle_current
            b.set_content(content_from_bundle(bundles.active()))
            assert b.resident.content.source.startswith("bundle:")
            assert b.resident.content.forms["residence_certificate"].version == form["version"]

            # a resident starts; meanwhile the admin publishes version+1 of the form
            b.start()
            b.openService("residence_certificate")
            h.services.idcard.place(sample_identity("resident", h.clock))
            b.apply()
            wait_for(lambda: b.screen == "form", what="form after the card")
            newer = dict(form, version=form["version"] + 1)
            publish(base_url, admin_token, "form", newer)
            report = sync.run_once()
            assert not report.bundle_current  # staged, waiting for the session to end
            assert b.resident.session.form.definition.version == form["version"]  # the session keeps its version

            _fill_sample_answers(h)
            b._show_review()
            b.submit()
            wait_for(lambda: b.screen == "receipt", timeout_s=20, what="receipt")
            tracking = b.receipt["tracking"]
            stub = b.resident.session.last_stub
            b.finish()
            h.services.idcard.remove()  # "take your card" comes first (issue 15), then the rating
            wait_for(lambda: b.screen == "rating", what="rating once the card is taken")
            h.app.community.skipRating()
            h.clock.advance(10)
            b.tick()
            assert b.screen == "attract"

            # the spreadsheet-authored form, filled with prefill from the card, goes out with its version
            b.start()
            b.openService(next(s.id for s in b.resident.content.catalog.services
                               if s.form_id == sheet_form["id"]))
            b.resident.session.identity = sample_identity("resident", h.clock)
            b.apply()
            prefilled = {r["fieldId"]: r["value"] for r in b.fields.rows()}
            assert sample_identity("resident", h.clock).name in prefilled.values()
            _fill_sample_answers(h)
            b._show_review()
            b.submit()
            wait_for(lambda: b.screen == "receipt", timeout_s=20, what="second receipt")
            sheet_stub = b.resident.session.last_stub
            assert sheet_stub.form_version == sheet_form["version"]
            b.finish()
            h.app.community.skipRating()
            h.clock.advance(10)
            b.tick()
            assert b.screen == "attract"

            # between sessions: delivered exactly once, and the new form version activated
            assert sync.run_once().bundle_current
            sync.run_once(heartbeat=False)  # the activation's own audit event goes out in the next round
            assert store.outbox_depth() == 0 and store.quarantined() == []
            b.set_content(content_from_bundle(bundles.active()))
            assert b.resident.content.forms["residence_certificate"].version == form["version"] + 1

            with httpx.Client(base_url=base_url, timeout=30) as client:
                staff = client.post("/api/v1/admin/tokens", json={"name": "clerk", "role": "staff"},
                                    headers=admin).json()["token"]
                case = client.get(f"/api/v1/admin/cases/{stub.submission_id}",
                                  headers={"Authorization": f"Bearer {staff}"}).json()
                assert case["tracking_number"] == tracking and case["form_version"] == form["version"]
                sheet_case = client.get(f"/api/v1/admin/cases/{sheet_stub.submission_id}",
                                        headers={"Authorization": f"Bearer {staff}"}).json()
                assert (sheet_case["form_id"], sheet_case["form_version"]) == (sheet_form["id"], sheet_form["version"])
                assert case["payload"]["identity"]["id_number"] == sample_identity("resident", h.clock).id_number
                r = client.post(f"/api/v1/admin/cases/{stub.submission_id}/status",
                                headers={"Authorization": f"Bearer {staff}"},
                                json={"status": "approved", "note": "核实无误",
                                      "certificate": {"title": "居住证明", "body": "兹证明该居民在示例社区居住。"}})
                assert r.status_code == 200, r.text
                [view] = client.get("/api/v1/admin/terminals", headers=admin).json()
                assert view["forms"].get("residence_certificate") == form["version"] + 1

            # the status comes back; the resident, by ID card, sees it approved with a certificate
            sync.run_once()
            b.start()
            b.resident.session.identity = sample_identity("resident", h.clock)
            h.app.lookup.lookupByCard()
            assert b.screen == "lookup_result"
            row = h.app.lookup.lookups.get(0)
            assert row["tracking"] == tracking and row["status"] == "approved" and row["certificate"]
            assert store.certificate_for(tracking)["body"] == "兹证明该居民在示例社区居住。"

            # and prints it on the A4 printer (a real cupsd with the cups-pdf queue)
            h.app.lookup.printCertificate(tracking)
            wait_for(lambda: h.app.lookup.certificateState != "", timeout_s=60, what="certificate printed")
            assert h.app.lookup.certificateState == "printed"
            number = store.certificate_for(tracking)["number"]
            out = cupsd.find_output(f"certificate-{number}", timeout=60)
            assert out.stat().st_size > 1000
        finally:
            h.close()
