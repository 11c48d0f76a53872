"""The updater's audit events handed to the app through files, and the session lease both sides honour
(issue 20): the events come from the one catalogue, bounded and checked; a session that begins after the
app's last "idle" report holds the install, and a session cannot begin while the updater holds the lease."""

from __future__ import annotations

import json
from pathlib import Path

from contract.release import UpdateState
from kiosk.audit import AuditEvent, AuditRecord
from kiosk.update.journal import MAX_EVENT_BYTES, MAX_WAITING, UpdateJournal
from tests.update.conftest import NIGHT, Terminal


def _imported(t: Terminal) -> list[AuditRecord]:
    got: list[AuditRecord] = []
    t.channel.events.import_into(got.append)
    return got


def test_a_rollback_leaves_its_events_for_the_app_in_order(terminal: Terminal) -> None:
    t = terminal
    t.offer("2.0")
    t.packages.on_install.append(lambda v: t.app_starts(healthy=False) if v == "2.0" else None)
    assert t.updater(deadline=30).run().state == UpdateState.ROLLED_BACK
    events = _imported(t)
    assert [e.event for e in events] == [AuditEvent.UPDATE_OFFERED, AuditEvent.UPDATE_DOWNLOADED,
                                         AuditEvent.UPDATE_INSTALLED, AuditEvent.UPDATE_ROLLED_BACK]
    assert events[-1].detail["version"] == "2.0" and events[-1].detail["running"] == "1.0"
    assert "health check failed" in events[-1].detail["reason"]
    assert _imported(t) == []  # each once


def test_a_refused_release_is_a_failed_event(terminal: Terminal) -> None:
    t = terminal
    t.offer("2.0", sha256="0" * 64)
    assert t.updater().run().state == UpdateState.FAILED
    failed = _imported(t)[-1]
    assert failed.event == AuditEvent.UPDATE_FAILED and "SHA-256" in failed.detail["error"]


def test_event_files_are_bounded_and_checked_before_they_are_believed(tmp_path: Path) -> None:
    journal = UpdateJournal(tmp_path / "events")
    for i in range(MAX_WAITING + 5):
        journal.write(AuditEvent.UPDATE_OFFERED, NIGHT, {"version": f"2.{i}"})
    assert len(list(journal.dir.glob("*.json"))) == MAX_WAITING  # the oldest went
    bad = {"huge": b"x" * (MAX_EVENT_BYTES + 1),
           "not-update": json.dumps({"event": "session.started", "at": NIGHT.isoformat(), "detail": {}}).encode(),
           "unknown": json.dumps({"event": "update.explode", "at": NIGHT.isoformat(), "detail": {}}).encode(),
           "personal": json.dumps({"event": "update.failed", "at": NIGHT.isoformat(),
                                   "detail": {"name": "张三"}}).encode(),
           "garbage": b"\xff\xfe"}
    for name, raw in bad.items():
        (journal.dir / f"0000-{name}.json").write_bytes(raw)
    got: list[AuditRecord] = []
    assert journal.import_into(got.append) == MAX_WAITING - len(bad)  # MAX_WAITING files a call, the bad first
    assert journal.import_into(got.append) == 5  # the rest
    assert all(r.event == AuditEvent.UPDATE_OFFERED for r in got)
    assert not list(journal.dir.glob("*.json"))  # the bad ones dropped, not retried forever


def test_the_updater_waits_while_a_session_holds_the_lease(terminal: Terminal) -> None:
    """The race: the app said "idle", then a resident began a session before the install."""
    t = terminal
    t.offer("2.0")
    t.channel.report_activity(idle=True)  # the app's last report
    app_lease = t.channel.session_lease()
    assert app_lease.try_hold()  # a session begins after it
    record = t.updater().run()
    assert record.state == UpdateState.VERIFYING and t.packages.installs == [] and t.service.events == []

    app_lease.release()  # the session ends
    t.packages.on_install.append(lambda v: t.app_starts())
    assert t.updater().run().state == UpdateState.COMMITTED


def test_no_session_begins_while_the_updater_holds_the_lease(terminal: Terminal) -> None:
    t = terminal
    t.offer("2.0")
    app_lease = t.channel.session_lease()
    seen: list[bool] = []

    def stop() -> None:  # the service stop: the updater holds the lease from its last check until here
        seen.append(app_lease.try_hold())

    t.service.stop = stop  # type: ignore[method-assign]
    t.packages.on_install.append(lambda v: seen.append(app_lease.try_hold()))
    t.packages.on_install.append(lambda v: t.app_starts())
    updater = t.updater()
    assert updater.run().state == UpdateState.COMMITTED
    assert seen == [False, True]  # refused up to the stop; free once the app is stopped
    assert not updater.lease.held  # nothing left held when the run rests
