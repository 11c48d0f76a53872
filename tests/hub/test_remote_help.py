"""Remote help (issue 24): the console's commands come back with their outcome, the maintenance state and the
device inventory show in the fleet view, and the reported component state changes make a per-terminal
timeline and the fleet's recurring faults."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from hub import faults, fleet
from hub.db import utcnow
from hub.models import Command
from tests.hub.conftest import Hub


@contextmanager
def _session(hub: Hub) -> Iterator[Session]:
    engine = create_engine(hub.db_url)
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def test_a_command_outcome_is_kept_and_audited_once(hub: Hub) -> None:
    sim = hub.terminal()
    for name in ("run_selftests", "maintenance_on", "restart_app"):  # the first two were refused before
        hub.admin("POST", f"/terminals/{sim.terminal_id}/commands", {"name": name})
    handed = sim.signed("POST", "/api/v1/heartbeat", sim.heartbeat_body()).json()["commands"]
    assert [c["name"] for c in handed] == ["run_selftests", "maintenance_on", "restart_app"]
    results = [{"id": handed[0]["id"], "name": "run_selftests", "ok": False, "detail": "idcard fail, pcsc ok"},
               {"id": handed[1]["id"], "name": "maintenance_on", "ok": True, "detail": "in maintenance"},
               {"id": "c-not-ours", "name": "sync_now", "ok": True, "detail": ""}]
    for _ in range(2):  # a repeated report (the reply was lost) changes nothing
        sim.signed("POST", "/api/v1/heartbeat", sim.heartbeat_body(command_results=results))
    with _session(hub) as db:
        rows = {c.name: c for c in db.scalars(select(Command).where(Command.terminal_id == sim.terminal_id))}
        assert rows["run_selftests"].result == {"ok": False, "detail": "idcard fail, pcsc ok"}
        assert rows["maintenance_on"].done_at is not None and rows["restart_app"].result is None
        assert [c.name for c in fleet.commands_of(db, sim.terminal_id)][0] in rows
    done = [a for a in hub.admin("GET", "/audit") if a["action"] == "terminal.command_done"]
    assert sorted(a["detail"]["command"] for a in done) == ["maintenance_on", "run_selftests"]
    assert all(a["actor"] == f"terminal {sim.terminal_id}" for a in done)
    history = hub.admin("GET", f"/terminals/{sim.terminal_id}/history")
    assert "command_results" not in history[0]["snapshot"]  # outcomes are rows, not heartbeat baggage


def test_maintenance_and_inventory_show_in_the_fleet_view(hub: Hub) -> None:
    sim = hub.terminal()
    inventory = {"idcard": {"model": "sam_serial ID card reader", "serial": "05.01-20261126-0000000001",
                            "firmware": "05.01", "usb": "1a86:7523"},
                 "printer": {"model": "simulator receipt printer, 80 mm", "simulated": True}}
    sim.signed("POST", "/api/v1/heartbeat", sim.heartbeat_body(
        maintenance={"on": True, "by": "technician", "since": utcnow().isoformat()}, inventory=inventory))
    entry = hub.admin("GET", f"/terminals/{sim.terminal_id}", role="viewer")
    assert entry["maintenance"] is True and entry["maintenance_by"] == "technician"
    assert entry["inventory"]["idcard"]["usb"] == "1a86:7523" and entry["inventory"]["printer"]["simulated"] is True
    sim.signed("POST", "/api/v1/heartbeat", sim.heartbeat_body(maintenance={"on": False}))
    assert hub.admin("GET", f"/terminals/{sim.terminal_id}", role="viewer")["maintenance"] is False


def test_fault_changes_make_a_timeline_and_the_recurring_view(hub: Hub) -> None:
    a, b = hub.terminal(), hub.terminal()
    now = utcnow()

    def change(days_ago: float, status: str, previous: str, component: str = "printer") -> dict:
        return {"at": (now - timedelta(days=days_ago)).isoformat(), "component": component, "status": status,
                "previous": previous, "code": "PRN-PAPER-OUT" if status == "fail" else "", "detail": "paper out"}

    a.signed("POST", "/api/v1/heartbeat", a.heartbeat_body(faults=[
        change(20, "fail", "ok"), change(19.9, "ok", "fail"), change(3, "fail", "ok"), change(2.9, "ok", "fail"),
        change(1, "fail", "ok"), change(1, "warn", "", component="clock")]))
    b.signed("POST", "/api/v1/heartbeat", b.heartbeat_body(faults=[change(40, "fail", "ok"), change(2, "fail", "ok")]))
    with _session(hub) as db:
        timeline = faults.timeline(db, a.terminal_id)
        assert len(timeline) == 6 and timeline[-1].status == "fail" and timeline[-1].code == "PRN-PAPER-OUT"
        rows = faults.recurring(db)
    # a's printer failed three times in 30 days, twice in 7; its clock once (no pattern); b's 40-day-old fault
    # is outside the window, which leaves one
    assert [(r["terminal_id"], r["component"], r["last_7_days"], r["last_30_days"]) for r in rows] == [
        (a.terminal_id, "printer", 2, 3)]
