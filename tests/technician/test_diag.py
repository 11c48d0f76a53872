"""Component checks and self-tests against the simulators with faults injected; ``kiosk diag``; the bundle."""

from __future__ import annotations

import io
import json
import socket
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from contract.clock import FakeClock
from devices.idcard import samples
from devices.idcard.cardparse import parse_text_block
from devices.pcsc.fake import FakePcscMonitor
from kiosk.audit import AuditEvent, AuditRecord
from kiosk.receipt import sample_receipt
from kiosk.submission import NewSubmission
from terminal.bootstrap import build_services, make_pcsc_monitor
from terminal.diag import selftest
from terminal.diag.bundle import build_bundle
from terminal.diag.checks import DiagContext, Status, run_checks
from tests.technician.helpers import settings_for
from ui.main import main


@pytest.fixture
def sims(tmp_path: Path) -> Iterator[Any]:
    """Real drivers on the ID card (pty) and receipt printer (loopback ESC/POS) simulators."""

    settings = settings_for(tmp_path / "data", idcard={"driver": "simulator"}, printer={"driver": "simulator"},
                            pcsc={"enabled": False})
    services = build_services(settings, FakeClock())
    yield services
    services.close()


def sample_identity(key: str, clock: Any) -> Any:
    """The simulator's sample card as the reader parses it (no Qt imports in this module)."""

    card = samples.get(key)
    return parse_text_block(card.text, today=clock.now().date(), extra_address=card.extra_address)


def _ctx(s: Any, **kw: Any) -> DiagContext:
    kw.setdefault("ntp_synchronised", lambda: True)
    return DiagContext(settings=s.settings, idcard=s.idcard, printer=s.printer, store=s.store,
                       clock_now=s.clock.now, **kw)


def _by_name(checks: list[Any]) -> dict[str, Any]:
    return {c.name: c for c in checks}


def test_printer_check_and_test_page_follow_the_simulator(sims: Any) -> None:
    sim = sims.demo.printer
    c = _by_name(run_checks(_ctx(sims), ["printer"]))["printer"]
    assert (c.status, c.code) == (Status.WARN, "PRN-SIMULATED") and c.detail.startswith("SIMULATOR")  # never green
    sim.set_paper("near_end")
    c = run_checks(_ctx(sims), ["printer"])[0]
    assert (c.status, c.code) == (Status.WARN, "PRN-PAPER-LOW")
    sim.set_paper("out")
    c = run_checks(_ctx(sims), ["printer"])[0]
    assert (c.status, c.code, c.detail) == (Status.FAIL, "PRN-PAPER-OUT", "SIMULATOR: out of paper")
    r = selftest.print_test_page(sims.printer)
    assert r.status == Status.FAIL and "paper_out" in r.detail
    sim.set_paper("ok")
    sim.set_cover_open(True)
    assert run_checks(_ctx(sims), ["printer"])[0].code == "PRN-COVER-OPEN"
    sim.set_cover_open(False)
    sim.set_status_reply("silent")
    c = run_checks(_ctx(sims), ["printer"])[0]
    assert (c.status, c.code) == (Status.FAIL, "PRN-NO-STATUS-REPLY")
    sim.set_status_reply("normal")
    before = len(sim.jobs())
    r = selftest.print_test_page(sims.printer)
    assert r.status == Status.WARN and r.data["outcome"]["ok"]  # sent; the technician confirms
    assert sim.wait_for_jobs(before + 1)
    assert selftest.confirm_print(r, True).status == Status.OK
    assert selftest.confirm_print(r, True, simulated=True).status == Status.WARN  # a simulator printed no paper
    assert selftest.confirm_print(r, False).status == Status.FAIL


def test_idcard_check_and_test_read_are_masked(sims: Any) -> None:
    sim = sims.demo.idcard
    c = run_checks(_ctx(sims), ["idcard"])[0]
    assert (c.status, c.code) == (Status.WARN, "IDC-SIMULATED") and "SAM " in c.detail
    r = selftest.selftest_idcard(sims.idcard)
    assert r.status == Status.WARN and "no card" in r.detail  # no card, no read: not green
    sim.place("resident")
    ident = sample_identity("resident", sims.clock)
    r = selftest.selftest_idcard(sims.idcard)
    card = r.data["card"]
    assert r.status == Status.OK and card["id_number"] != ident.id_number and card["id_number"].startswith("370")
    assert card["name"] != ident.name and card["name"].startswith(ident.name[0])
    book = selftest.ResultBook(sims.settings.data_dir)
    book.put(r)
    assert "card" not in book.get("idcard")["data"]  # the kept result holds no card fields at all
    sim.set_fault("silence")
    r = selftest.selftest_idcard(sims.idcard, timeout_s=0.5)
    assert r.status in (Status.FAIL, Status.WARN)
    sim.set_fault(None)
    sim.stop()  # the USB cable is pulled
    c = run_checks(_ctx(sims), ["idcard"])[0]
    assert c.status == Status.FAIL


def test_storage_sync_network_clock_and_touch(sims: Any) -> None:
    checks = _by_name(run_checks(_ctx(sims, touch_result={"targets": 24, "hits": 24, "misses": 5})))
    assert checks["storage"].status == Status.OK and checks["storage"].data["integrity"] == "ok"
    assert checks["sync"].code == "SYNC-NOT-ENROLLED" and checks["sync"].status == Status.SKIP  # offline
    assert checks["platform"].code == "HUB-NONE" and checks["platform"].status == Status.SKIP
    assert checks["clock"].status == Status.OK
    assert checks["pcsc"].code == "PCSC-DISABLED"
    assert checks["touchscreen"].status == Status.FAIL and "5 of 24" in checks["touchscreen"].detail
    # a quarantined item turns sync yellow; the technician's retry puts it back in the queue
    item = sims.store.enqueue("rating", {"score": 5})
    sims.store.quarantine(item, "rejected: test")
    sims.store.keys.save_otp_secret("X")  # not enrolled still; quarantine is reported first when enrolled
    r = selftest.selftest_sync(sims.store)
    assert r.data["quarantined"] == 1 and r.data["items"][0]["reason"] == "rejected: test"
    r = selftest.selftest_sync(sims.store, retry_quarantined=True)
    assert r.data["requeued"] == 1 and r.data["quarantined"] == 0
    dead = run_checks(_ctx(sims, touch_result={"targets": 24, "hits": 12, "misses": 0}), ["touchscreen"])[0]
    assert (dead.status, dead.code) == (Status.FAIL, "TOUCH-DEAD-AREA")
    assert selftest.selftest_touch(24, 24, 0).status == Status.OK
    assert selftest.selftest_touch(24, 20, 0).status == Status.FAIL
    st = selftest.selftest_storage(sims.settings, sims.store)
    assert st.data["tables"]["outbox"] >= 1


def test_platform_check_reports_unreachable_and_tls(sims: Any, tmp_path: Path) -> None:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    sims.settings.sync.hub_url = f"https://127.0.0.1:{port}"
    c = run_checks(_ctx(sims), ["platform"])[0]
    assert (c.status, c.code) == (Status.FAIL, "HUB-UNREACHABLE")
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    sims.settings.sync.hub_url = f"http://127.0.0.1:{srv.getsockname()[1]}"
    try:
        c = run_checks(_ctx(sims), ["platform"])[0]
        assert c.status == Status.OK and "latency_ms" in c.data
    finally:
        srv.close()


def test_bundle_holds_no_name_or_id_number(sims: Any) -> None:
    sim = sims.demo.idcard
    sim.place("resident")
    ident = sample_identity("resident", sims.clock)
    book = selftest.ResultBook(sims.settings.data_dir)
    book.put(selftest.selftest_idcard(sims.idcard))  # a test read of a real resident's card
    # a resident's submission is in the database, and a careless log line carries the ID number
    sub = NewSubmission(service_id="residence_certificate", form_id="residence_certificate", form_version=1,
                        answers={"phone": "13912345678"}, identity=ident, language="zh_CN")
    sims.store.submit(sub, lambda t: sample_receipt(), AuditRecord(AuditEvent.SUBMISSION_CREATED, sims.clock.now(), {}))
    logs = f"2026-11-26 kiosk[1]: read card {ident.id_number} phone 13912345678\n"
    data = build_bundle(_ctx(sims), results=book.all(), now=sims.clock.now(), log_text=logs)
    zf = zipfile.ZipFile(io.BytesIO(data))
    names = set(zf.namelist())
    assert {"versions.json", "settings.json", "checks.json", "tests.json", "database.json", "audit.json",
            "logs.txt"} <= names
    text = "\n".join(zf.read(n).decode("utf-8") for n in names)
    assert ident.id_number not in text and ident.name not in text and "13912345678" not in text
    assert ident.address not in text
    assert "[REDACTED:id]" in zf.read("logs.txt").decode() or "REDACTED" in zf.read("logs.txt").decode()
    db = json.loads(zf.read("database.json"))
    assert db["integrity"] == "ok" and db["tables"]["submissions"] == 1


def test_kiosk_diag_json_against_simulators(tmp_path: Path, capsys: Any) -> None:
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'data_dir = "{tmp_path / "data"}"\n[idcard]\ndriver = "simulator"\n[printer]\ndriver = "simulator"\n'
                   '[pcsc]\nenabled = false\n', encoding="utf-8")
    assert main(["diag", "printer", "--json", "--config", str(cfg)]) == 1  # a simulator: degraded, never healthy
    out = json.loads(capsys.readouterr().out)
    assert out["components"][0]["code"] == "PRN-SIMULATED" and out["terminal_id"] == "demo-terminal-001"
    assert main(["diag", "idcard", "--json", "--config", str(cfg)]) == 1
    assert json.loads(capsys.readouterr().out)["components"][0]["status"] == "warn"
    assert main(["diag", "--json", "--config", str(cfg)]) in (0, 1)
    comps = json.loads(capsys.readouterr().out)["components"]
    assert [c["name"] for c in comps] == ["settings", "idcard", "pcsc", "printer", "cups", "network", "platform",
                                          "sync", "storage", "clock"]
    assert all(set(c) >= {"name", "status", "detail", "code"} and c["status"] in ("ok", "warn", "fail", "skip")
               for c in comps)
    assert main(["diag", "storage", "--config", str(cfg)]) in (0, 1)
    assert "storage" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        main(["diag", "toaster", "--config", str(cfg)])
    assert exc.value.code == 2
    assert main(["diag", "bundle", "--config", str(cfg)]) == 2
    assert main(["diag", "printer", "--out", str(tmp_path / "x.zip"), "--config", str(cfg)]) == 2
    out_zip = tmp_path / "usb" / "diag.zip"
    assert main(["diag", "bundle", "--out", str(out_zip), "--config", str(cfg)]) == 0
    assert zipfile.ZipFile(out_zip).testzip() is None
    capsys.readouterr()
    bad = tmp_path / "bad.toml"
    bad.write_text('[ui]\nidle_timeout_s = 1\n', encoding="utf-8")
    assert main(["diag", "--config", str(bad)]) == 2


def test_pcsc_monitor_is_only_made_when_enabled_and_pcscd_is_there(tmp_path: Path, monkeypatch: Any) -> None:
    events: list[Any] = []
    assert make_pcsc_monitor(settings_for(tmp_path / "a", pcsc={"enabled": False}), events.append) is None
    monkeypatch.setenv("PCSCLITE_CSOCK_NAME", str(tmp_path / "no-pcscd.comm"))
    assert make_pcsc_monitor(settings_for(tmp_path / "b"), events.append) is None  # no daemon: no monitor, no wait
    fake = make_pcsc_monitor(settings_for(tmp_path / "c", pcsc={"driver": "fake"}), events.append)
    assert isinstance(fake, FakePcscMonitor)
    fake.start()
    assert fake.readers and events
