"""Remote help on the terminal (issue 24): the fault history is bounded and reported once, command outcomes
and the maintenance state survive a restart and ride on the heartbeat, and the service answers its own
commands (sync now, maintenance on and off)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from sync.remote_state import MAX_FAULTS, RemoteState

from .contract_hub import ContractHub

T0 = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


@pytest.fixture
def term(contract_hub: ContractHub, terminal_factory: Any) -> Any:
    t = terminal_factory(contract_hub.url)
    t.enroll(contract_hub.url, contract_hub.new_token())
    return t


def test_the_fault_history_keeps_changes_only_and_is_bounded(term: Any) -> None:
    remote = RemoteState(term.store.state)
    assert remote.observe({"printer": {"status": "ok"}, "idcard": {"status": "fail", "code": "IDC-NO-ANSWER",
                                                                    "detail": "no answer"}}, T0) != []
    assert [(f["component"], f["previous"], f["status"]) for f in remote.fault_history()] == [("idcard", "", "fail")]
    assert remote.observe({"printer": {"status": "ok"}, "idcard": {"status": "fail"}}, T0) == []  # no change
    remote.observe({"printer": {"status": "warn"}, "idcard": {"status": "ok"}}, T0 + timedelta(minutes=1))
    assert [(f["component"], f["previous"], f["status"]) for f in remote.fault_history()][1:] == [
        ("idcard", "fail", "ok"), ("printer", "ok", "warn")]
    for n in range(MAX_FAULTS + 20):
        remote.observe({"printer": {"status": "fail" if n % 2 else "ok"}}, T0 + timedelta(minutes=2 + n))
    kept = remote.fault_history()
    assert len(kept) == MAX_FAULTS and kept[-1]["seq"] == MAX_FAULTS + 23  # the newest, numbered on
    remote.faults_reported(kept[-5]["seq"])
    assert len(remote.unreported_faults()) == 4


def test_outcomes_and_maintenance_survive_a_restart(term: Any) -> None:
    RemoteState(term.store.state).add_result("c-1", "restart_app", True, "restarting", T0)
    RemoteState(term.store.state).set_maintenance(True, "technician", T0)
    after = RemoteState(term.store.state)  # a new process reads the same store
    assert [r["id"] for r in after.results()] == ["c-1"] and after.maintenance()["on"] is True
    after.results_reported({"c-1"})
    after.set_maintenance(False, "technician", T0)
    assert after.results() == [] and after.maintenance() == {"on": False}


def test_the_service_answers_its_commands_and_reports_them_once(term: Any, contract_hub: ContractHub) -> None:
    term.service.status_provider = lambda: {"devices": {"printer": {"status": "fail", "code": "PRN-PAPER-OUT",
                                                                    "detail": "out of paper"}}}
    contract_hub.state.commands = [{"id": "c-m", "name": "maintenance_on"}, {"id": "c-s", "name": "sync_now"},
                                   {"id": "c-d", "name": "upload_diagnostics"}]
    term.service.run_once()
    first = contract_hub.state.heartbeats[-1]
    assert first["faults"][0]["component"] == "printer" and first["maintenance"] == {"on": False}
    term.service.report_command("c-d", "upload_diagnostics", True, "queued")  # as the technician tools do
    term.service.run_once()
    second = contract_hub.state.heartbeats[-1]
    assert second["maintenance"]["on"] is True and second["maintenance"]["by"] == "console"
    assert [(r["id"], r["ok"]) for r in second["command_results"]] == [("c-m", True), ("c-s", True), ("c-d", True)]
    assert second["faults"] == []  # the hub has the printer's fault already
    term.service.run_once()
    assert contract_hub.state.heartbeats[-1]["command_results"] == []
    actions = [d["action"] for e, _at, d, staff in term.store.audit_events() if e == "tech.action" and staff == "hub"]
    assert actions == ["hub_command:maintenance_on", "hub_command:sync_now", "hub_command:upload_diagnostics"]
