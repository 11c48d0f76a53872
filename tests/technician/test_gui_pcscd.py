"""The technician's whole visit through the QML UI, entering with a virtual staff card on real pcscd.

A staff card (vpcd virtual card) -> wrong PINs -> lockout -> the right PIN after the lock;
a red printer when the simulator is out of paper; the readiness report printed and queued;
a port changed with test-before-save; a bundle exported; leaving by pulling the card.
"""

from __future__ import annotations

import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest

from devices.idcard.simulator import SamSimulator
from kiosk.audit import AuditEvent
from kiosk.staff import FIRST_LOCK_S
from terminal.diag import bundle
from tests.devices.vcard import VirtualCard
from tests.technician.helpers import TECH_PIN
from tests.ui.qml_driver import find, tap, wait_for

pytestmark = [pytest.mark.gui, pytest.mark.pcscd]


def _type_pin(w: Any, pin: str) -> None:
    for ch in pin:
        tap(w, f"techKey_{ch}")
    tap(w, "techKeyOk")


def _events(t: Any) -> list[tuple[str, str | None, dict[str, Any]]]:
    return [(e, s, d) for e, _at, d, s in t.services.store.audit_events()]


def test_card_pin_lockout_diagnostics_and_leaving(pcscd: Any, make_terminal: Any, platform: Any,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    t = make_terminal()
    w, tech = t.window, t.tech
    assert tech.monitor is not None, "the PC/SC monitor should run when pcscd is up"
    wait_for(lambda: bool(tech.monitor.readers), what="vpcd readers")

    # a resident is in the middle of something when the technician arrives
    tap(w, "attractStart")
    wait_for(lambda: t.app.backend.screen == "home", what="home")

    card = VirtualCard(platform.card_record("T1001")).insert()
    try:
        wait_for(lambda: tech.active and tech.entryMode == "card", timeout_s=15, what="card entry")
        assert t.app.backend.screen == "attract"  # the resident session was wiped
        assert find(w, "techEntry") is not None

        for _ in range(4):
            _type_pin(w, "999999")
            wait_for(lambda: tech.message == "wrong_pin" and not tech.busy, what="wrong PIN")
        _type_pin(w, "888888")
        wait_for(lambda: tech.message == "locked" and not tech.busy, what="lockout")
        assert tech.lockedSeconds == FIRST_LOCK_S
        assert not find(w, "techKey_1").isEnabled()  # the pad is locked while the delay runs
        t.clock.advance(FIRST_LOCK_S)
        tech.tick()
        wait_for(lambda: tech.lockedSeconds == 0, what="unlock")
        _type_pin(w, TECH_PIN)
        wait_for(lambda: tech.authenticated, what="entry")
        assert tech.staffId == "T1001" and tech.role == "technician" and not tech.isAdmin

        # overview: the printer turns red when the simulator runs out of paper
        wait_for(lambda: len(tech.components) == 11 and not tech.busy, what="overview")
        t.printer_sim.set_paper("out")
        tap(w, "techRefresh")
        wait_for(lambda: not tech.busy and {c["name"]: c for c in tech.components}["printer"]["status"] == "fail",
                 what="red printer")
        row = find(w, "techComponent_printer")
        assert row is not None and row.property("status") == "fail"
        assert {c["name"]: c for c in tech.components}["printer"]["detail"] == "SIMULATOR: out of paper"
        assert tech.overall == "fail"

        # self-test of the printer while out of paper, then with paper and a confirmation
        tap(w, "techTab_tests")
        tap(w, "techTest_printer")
        wait_for(lambda: tech.lastTest.get("status") == "fail", what="failed test page")
        t.printer_sim.set_paper("ok")
        jobs = len(t.printer_sim.jobs())
        tap(w, "techTest_printer")
        wait_for(lambda: tech.awaitingConfirm == "printer", what="did it print?")
        assert t.printer_sim.wait_for_jobs(jobs + 1)
        tap(w, "techPrintedYes")
        wait_for(lambda: tech.tests.get("printer", {}).get("status") == "warn", what="confirmed")  # a simulator

        # readiness report: printed on the receipt printer and queued for the hub
        tap(w, "techTab_report")
        jobs = len(t.printer_sim.jobs())
        tap(w, "techRunReadiness")
        wait_for(lambda: bool(tech.report) and not tech.busy, timeout_s=20, what="readiness report")
        assert tech.report["printed"] and tech.report["queued"]
        assert t.printer_sim.wait_for_jobs(jobs + 1)
        with t.services.store.engine.connect() as conn:
            kinds = [r[0] for r in conn.exec_driver_sql("SELECT kind FROM outbox").all()]
        assert "readiness" in kinds

        # settings: a bad port is refused and the file stays; the simulator's port passes and is saved

        tap(w, "techTab_settings")
        wait_for(lambda: len(tech.settingsRows) > 5, what="settings rows")
        before = t.config_file.read_bytes()
        tech.setSetting("idcard.driver", "sam_serial")
        tech.setSetting("idcard.port", "/dev/no-such-reader")
        tap(w, "techSettingsSave")
        wait_for(lambda: tech.settingsResult.get("ok") is False, what="refused port")
        assert t.config_file.read_bytes() == before
        with SamSimulator() as spare:
            tap(w, "techAutodetect")  # auto-detection lists the spare reader's port; one tap picks it
            wait_for(lambda: spare.port in tech.ports, what="detected ports")
            tap(w, f"techPort_{list(tech.ports).index(spare.port)}")
            assert {r["key"]: r for r in tech.settingsRows}["idcard.port"]["value"] == spare.port
            tap(w, "techSettingsSave")
            wait_for(lambda: tech.settingsResult.get("saved") is True, timeout_s=15, what="saved port")
        saved = tomllib.loads(t.config_file.read_text(encoding="utf-8"))
        assert saved["idcard"]["port"] == spare.port
        assert t.settings.idcard.driver == "simulator"  # the running app keeps its reader until a restart

        # audit log with a filter, then the bundle
        tap(w, "techTab_logs")
        tap(w, "techLogFilter_tech")
        wait_for(lambda: bool(tech.logs), what="logs")
        assert all(r["event"].startswith("tech.") for r in tech.logs)
        tap(w, "techTab_export")
        stick = Path(t.settings.data_dir).parent / "stick"
        stick.mkdir()
        monkeypatch.setattr(bundle, "usb_mounts", lambda: [stick])
        tap(w, "techExportUsb")
        wait_for(lambda: bool(tech.exportResult), timeout_s=20, what="bundle")
        assert tech.exportResult["ok"]
        assert zipfile.ZipFile(tech.exportResult["path"]).testzip() is None
        assert find(w, "techDesktop") is None  # administrators only
    finally:
        card.pull()
    wait_for(lambda: not tech.active, timeout_s=10, what="exit on card removal")

    events = _events(t)
    names = [e for e, _s, _d in events]
    assert names.count(AuditEvent.TECH_ENTRY_FAILED) == 5 and names.count(AuditEvent.TECH_LOCKOUT) == 1
    entry = [(s, d) for e, s, d in events if e == AuditEvent.TECH_ENTRY]
    assert entry and entry[0][0] == "T1001" and entry[0][1]["uid"] == "04A1B2C3D4E5F6"
    assert [(s, d["reason"]) for e, s, d in events if e == AuditEvent.TECH_EXIT] == [("T1001", "card_removed")]
    actions = {d.get("action") for e, s, d in events if e == AuditEvent.TECH_ACTION and s == "T1001"}
    assert {"self_test", "readiness_report", "settings_save", "page"} <= actions
    assert any(e == AuditEvent.TECH_SETTINGS_CHANGED and s == "T1001" for e, s, _d in events)
    assert any(e == AuditEvent.DIAG_BUNDLE_EXPORTED and s == "T1001" for e, s, _d in events)


def test_unknown_or_forged_card_is_not_recognised_and_idle_exits(pcscd: Any, make_terminal: Any,
                                                                  platform: Any) -> None:
    t = make_terminal()
    w, tech = t.window, t.tech
    wait_for(lambda: bool(tech.monitor.readers), what="vpcd readers")
    with VirtualCard(platform.card_record("T1001", forge=True)):
        wait_for(lambda: tech.active and tech.message == "card_not_recognised", timeout_s=15, what="forged card")
        _type_pin(w, TECH_PIN)  # even the right PIN does not open a forged card
        wait_for(lambda: not tech.busy, what="answer")
        assert not tech.authenticated and tech.message == "card_not_recognised"
    wait_for(lambda: not tech.active, timeout_s=10, what="exit on removal")
    with VirtualCard(platform.card_record("T1001")):
        wait_for(lambda: tech.active and tech.entryMode == "card", timeout_s=15, what="card entry")
        _type_pin(w, TECH_PIN)
        wait_for(lambda: tech.authenticated and not tech.busy, what="entry and the first overview")
        t.clock.advance(t.settings.ui.technician_idle_timeout_s + 1)
        tech.tick()
        assert not tech.active  # idle: out, although the card is still on the reader
        exits = [d["reason"] for e, _at, d, s in t.services.store.audit_events() if e == AuditEvent.TECH_EXIT]
        assert exits[-1] == "idle"
