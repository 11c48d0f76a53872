"""Hidden gesture + one-time code, the administrator's buttons, the fake PC/SC monitor, and a
screenshot of every technician screen in both languages (test-artifacts/technician/)."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPointF

from contract.totp import totp_now
from kiosk.audit import AuditEvent
from sync.remote_state import RemoteState
from terminal.diag import bundle
from tests.technician.helpers import ADMIN_PIN, OTP_SECRET, TECH_PIN, new_platform
from tests.technician.screen import enter_code, enter_with_card
from tests.ui.qml_driver import find, pump, tap, visible_texts, wait_for
from ui.technician import DESKTOP_EXIT_CODE, RESTART_EXIT_CODE

pytestmark = pytest.mark.gui


def _gesture(w: Any, taps: int = 5) -> None:
    for _ in range(taps):
        tap(w, "techCorner")


def _code(t: Any) -> str:
    return totp_now(OTP_SECRET, t.clock.now().timestamp())


def _enter_code(t: Any, staff_id: str) -> None:
    enter_code(t.window, staff_id, _code(t))


def test_hidden_gesture_and_one_time_code(make_terminal: Any) -> None:
    t = make_terminal(pcsc="fake")
    w, tech = t.window, t.tech
    _gesture(w, 4)
    assert not tech.active and t.app.backend.screen == "attract"  # four taps: nothing, no resident session
    t.clock.advance(4)
    _gesture(w, 1)
    assert not tech.active  # the earlier taps are too old
    _gesture(w, 4)
    wait_for(lambda: tech.active and tech.entryMode == "otp", what="code entry")
    _enter_code(t, "NOBODY")
    wait_for(lambda: tech.message == "bad_code" and not tech.busy, what="refused")
    t.clock.advance(30)
    _enter_code(t, "A2001")
    wait_for(lambda: tech.authenticated, what="entry by code")
    assert tech.isAdmin and tech.staffId == "A2001"
    wait_for(lambda: not tech.busy, what="overview")
    tap(w, "techTab_export")
    tap(w, "techDesktop")
    assert t.quits == [DESKTOP_EXIT_CODE] and not tech.active
    events = [(e, s, d) for e, _at, d, s in t.services.store.audit_events()]
    assert (AuditEvent.TECH_ENTRY, "A2001", {"method": "otp", "role": "administrator"}) in events
    assert any(e == AuditEvent.TECH_EXIT and s == "A2001" and d["reason"] == "desktop" for e, s, d in events)


def test_fake_card_restart_and_resident_cannot_reach_the_mode(make_terminal: Any, platform: Any) -> None:
    t = make_terminal(pcsc="fake")
    w, tech = t.window, t.tech
    tap(w, "attractStart")
    wait_for(lambda: t.app.backend.screen == "home", what="home")
    assert find(w, "techCorner") is None  # the corner exists only on the attract screen
    tech.monitor.insert(platform.card_record("T1001"))
    wait_for(lambda: tech.active, what="card entry")
    assert t.app.backend.screen == "attract"
    for ch in TECH_PIN:
        tap(w, f"techKey_{ch}")
    tap(w, "techKeyOk")
    wait_for(lambda: tech.authenticated and not tech.busy, what="entry")
    tap(w, "techTab_export")
    assert find(w, "techDesktop") is None
    tech.exitToDesktop()  # a technician calling the slot anyway gets nothing
    assert tech.active and t.quits == []
    tap(w, "techRestart")
    assert t.quits == [RESTART_EXIT_CODE] and not tech.active
    tech.monitor.remove()
    pump()
    assert not tech.active


SCREENS = ("entry_card", "entry_code", "overview", "tests_idcard", "tests", "touch", "report", "settings", "logs", "faults",
           "export", "codes")


@pytest.mark.parametrize("language", ["zh_CN", "en_US"])
def test_screenshots_of_every_technician_screen(make_terminal: Any, platform: Any, artifacts: Path,
                                                language: str) -> None:
    out = artifacts / "technician"
    out.mkdir(parents=True, exist_ok=True)
    t = make_terminal(pcsc="fake", language=language)
    w, tech = t.window, t.tech
    shots: dict[str, Path] = {}

    def shot(name: str) -> None:
        pump(100)
        path = out / f"{language}-{name}.png"
        assert t.app.grab().save(str(path))
        shots[name] = path

    tech.monitor.insert(platform.card_record("A2001", "administrator"))
    wait_for(lambda: tech.active, what="card entry")
    for ch in "999":
        tap(w, f"techKey_{ch}")
    tap(w, "techKeyOk")
    wait_for(lambda: tech.message == "wrong_pin" and not tech.busy, what="wrong PIN")
    shot("entry_card")
    tech.monitor.remove()
    wait_for(lambda: not tech.active, what="out")
    _gesture(w)
    wait_for(lambda: tech.entryMode == "otp", what="code entry")
    shot("entry_code")
    tech.cancel()
    tech.monitor.insert(platform.card_record("A2001", "administrator"))
    wait_for(lambda: tech.active, what="card entry again")
    for ch in ADMIN_PIN:
        tap(w, f"techKey_{ch}")
    tap(w, "techKeyOk")
    wait_for(lambda: tech.authenticated and not tech.busy and len(tech.components) == 11, what="overview")
    t.printer_sim.set_paper("out")
    tap(w, "techRefresh")
    wait_for(lambda: not tech.busy and tech.overall == "fail", what="red printer")
    shot("overview")
    # the code's meaning and next step in the screen's language, and the enrolled terminal id (items 10, 7)
    texts = " ".join(visible_texts(w))
    assert ("凭条纸用完" in texts and "装入新纸卷" in texts) if language == "zh_CN" else \
        ("receipt paper out" in texts and "load a new roll" in texts)
    assert "t-test-0001" in find(w, "techTitle").property("text")
    t.printer_sim.set_paper("ok")
    t.idcard_sim.place("resident")
    tap(w, "techTab_tests")
    tap(w, "techTest_idcard")
    wait_for(lambda: tech.lastTest.get("status") not in (None, "running") and not tech.busy, what="id test")
    assert tech.lastTest["data"]["card"]["id_number"].count("*") == 8  # masked on screen
    shot("tests_idcard")
    tap(w, "techTest_printer")
    wait_for(lambda: tech.awaitingConfirm == "printer", what="confirm")
    shot("tests")
    tap(w, "techPrintedYes")
    tap(w, "techTest_touchscreen")
    wait_for(lambda: find(w, "techTouch") is not None, what="touch grid")
    # the grid reaches every edge of the screen, the top strip under the title bar included (item 12)
    first, last = find(w, "touchTarget_0"), find(w, "touchTarget_23")
    assert first.mapToScene(QPointF(0, 0)) == QPointF(0, 0)
    corner = last.mapToScene(QPointF(last.width(), last.height()))
    assert (round(corner.x()), round(corner.y())) == (w.width(), w.height())
    for i in range(0, 24, 2):
        tap(w, f"touchTarget_{i}")
    shot("touch")
    tap(w, "touchDone")
    assert tech.tests["touchscreen"]["status"] == "fail"  # half the targets were never hit
    assert "not reached: r1c2, r1c4, r2c2" in tech.tests["touchscreen"]["detail"]  # which ones
    tap(w, "techTab_report")
    tap(w, "techRunReadiness")
    wait_for(lambda: bool(tech.report) and not tech.busy, timeout_s=20, what="report")
    shot("report")
    tap(w, "techTab_settings")
    tech.setSetting("ui.idle_timeout_s", "5")
    tap(w, "techSettingsTest")
    wait_for(lambda: tech.settingsResult.get("ok") is False, what="invalid value refused")
    shot("settings")
    tap(w, "techTab_logs")
    wait_for(lambda: bool(tech.logs), what="logs")
    shot("logs")
    # the fault history on the terminal's own screen, newest first, in the screen's language (issue 24)
    remote = RemoteState(t.services.store.state)
    remote.observe({"printer": {"status": "fail", "code": "PRN-PAPER-OUT", "detail": "paper out"}},
                   datetime(2026, 12, 3, 8, 15, tzinfo=UTC))
    remote.observe({"printer": {"status": "ok", "code": "", "detail": "ready, paper ok"}},
                   datetime(2026, 12, 3, 8, 40, tzinfo=UTC))
    tap(w, "techTab_faults")
    wait_for(lambda: len(tech.faults) == 2, what="fault history")
    assert [f["status"] for f in tech.faults] == ["ok", "fail"] and tech.faults[1]["at"] == "2026-12-03 08:15:00"
    texts = " ".join(visible_texts(w))
    assert ("凭条纸用完" in texts and "正常" in texts) if language == "zh_CN" else "receipt paper out" in texts
    shot("faults")
    tap(w, "techTab_export")
    tap(w, "techExportUsb")
    wait_for(lambda: bool(tech.exportResult), timeout_s=20, what="bundle")
    shot("export")
    tap(w, "techTab_codes")
    wait_for(lambda: find(w, "techCode_PRN-UNREACHABLE") is not None, what="code catalogue")
    assert ("无法连接凭条打印机" if language == "zh_CN" else "receipt printer cannot be reached") \
        in " ".join(visible_texts(w))
    shot("codes")
    assert set(shots) == set(SCREENS)
    assert all(p.stat().st_size > 10_000 for p in shots.values())


def test_bundle_to_the_hub_from_the_screen_and_on_the_hubs_command(make_terminal: Any, platform: Any) -> None:
    t = make_terminal(pcsc="fake")
    w, tech = t.window, t.tech
    enter_with_card(t, platform)
    tap(w, "techTab_export")
    tap(w, "techExportHub")
    wait_for(lambda: bool(tech.exportResult), timeout_s=20, what="queued bundle")
    # queued is not delivered: never green until the hub took it (issue 24 item 1)
    assert tech.exportResult == {**tech.exportResult, "ok": False, "target": "hub", "state": "queued"}
    outcome = find(w, "techExportOutcome")
    assert outcome is not None and outcome.property("color").name() == "#b88a00"  # amber: waiting
    item = tech.exportResult["item"]
    t.services.store.quarantine(item, "rejected: personal data key 'name' in clear")  # as the outbox does
    tech.tick()
    wait_for(lambda: tech.exportResult.get("state") == "rejected", what="refusal shown")
    assert not tech.exportResult["ok"] and "personal data" in tech.exportResult["detail"]
    assert find(w, "techExportOutcome").property("color").name() == "#b00020"
    t.services.store.requeue_quarantined(item)
    tap(w, "techExportHub")
    wait_for(lambda: tech.exportResult.get("item") not in (None, item), timeout_s=20, what="second upload")
    t.services.store.mark_delivered([tech.exportResult["item"]])  # the hub took it
    tech.tick()
    wait_for(lambda: tech.exportResult.get("state") == "delivered", what="delivery shown")
    assert tech.exportResult["ok"] and find(w, "techExportOutcome").property("color").name() == "#1b7f3b"
    tech.tools.on_sync_event("command", {"id": "c1", "name": "upload_diagnostics"})  # as the sync thread calls it
    tech.tools.on_sync_event("command", {"id": "c2", "name": "sync_now"})  # not ours
    with t.services.store.engine.connect() as conn:
        bodies = [json.loads(r[0]) for r in conn.exec_driver_sql("SELECT body FROM outbox WHERE kind='readiness'")]
    bundles = [b for b in bodies if b.get("type") == "diagnostics_bundle"]
    assert len(bundles) == 2 and all("name" not in b and b["file_name"].startswith("kiosk-diag-t-test-0001-")
                                      for b in bundles)  # the enrolled id names the bundle (item 7)
    zf = zipfile.ZipFile(io.BytesIO(base64.b64decode(bundles[-1]["zip_b64"])))
    assert "checks.json" in zf.namelist()
    targets = [d["target"] for e, _at, d, _s in t.services.store.audit_events() if e == AuditEvent.DIAG_BUNDLE_EXPORTED]
    assert targets == ["hub", "hub", "hub_command"]


def test_write_to_usb_without_a_stick_fails_plainly(make_terminal: Any, platform: Any, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    t = make_terminal(pcsc="fake")
    w, tech = t.window, t.tech
    enter_with_card(t, platform)
    tap(w, "techTab_export")
    monkeypatch.setattr(bundle, "usb_mounts", list)
    tap(w, "techExportUsb")
    wait_for(lambda: bool(tech.exportResult) and not tech.busy, timeout_s=20, what="no stick")
    assert tech.exportResult["state"] == "no_usb" and not tech.exportResult["ok"]
    assert find(w, "techExportOutcome").property("color").name() == "#b00020"
    assert not (Path(t.settings.data_dir) / "diagnostics").exists()  # nothing written to the internal disk
    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setattr(bundle, "usb_mounts", lambda: [stick])
    tap(w, "techExportUsb")
    wait_for(lambda: tech.exportResult.get("state") == "written", timeout_s=20, what="written to the stick")
    assert [p.name for p in stick.iterdir()] == [Path(tech.exportResult["path"]).name]
    assert tech.exportResult["path"].startswith(str(stick))


def test_a_residents_unknown_card_does_not_end_their_session(make_terminal: Any, platform: Any) -> None:
    t = make_terminal(pcsc="fake")
    w, tech = t.window, t.tech
    tap(w, "attractStart")
    wait_for(lambda: t.app.backend.screen == "home", what="home")
    tech.monitor.insert(new_platform().card_record("T1001"))  # signed by nobody this terminal trusts
    wait_for(lambda: not tech.busy, what="card checked")
    pump(50)
    assert not tech.active and t.app.backend.screen == "home"
    failed = [d["reason"] for e, _at, d, _s in t.services.store.audit_events() if e == AuditEvent.TECH_ENTRY_FAILED]
    assert failed == ["card_unknown_key"]
