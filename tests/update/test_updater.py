"""The update state machine on a fake machine: download with resume, refusals before any install, the
gates, commit after the health check, rollback with the database copy, and a power cut at every state."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from contract import crypto
from contract.release import UpdateState
from kiosk.update.ports import FetchError
from tests.update.conftest import DAY, Terminal, package_bytes


def _installing_starts_app(t: Terminal, *, healthy: bool = True) -> None:
    """The package's postinst restarts the service: the new version's app starts (healthy or not)."""
    t.packages.on_install.append(lambda version: t.app_starts(healthy=healthy) if version != "1.0" else None)


def test_offer_downloaded_verified_installed_and_committed_after_its_health_check(terminal: Terminal) -> None:
    t = terminal
    t.offer("2.0")
    _installing_starts_app(t)
    record = t.updater().run()

    assert record.state == UpdateState.COMMITTED and record.running == "2.0" and record.last_error is None
    assert t.packages.installs == [("2.0", False)]
    assert t.service.events[0] == "stop"  # stopped before the database copy and the install
    assert (t.state_dir / "kept" / "2.0.deb").exists() and not (t.state_dir / "kept" / "1.0.deb").exists()
    assert not (t.state_dir / "database").exists()  # the copy is dropped once committed
    assert list((t.state_dir / "download").iterdir()) == []
    assert t.updater().status().status("x").as_json() == {
        "running": "2.0", "offered": "2.0", "state": "committed", "last_error": None}


def test_a_cut_download_resumes_from_the_part_file(terminal: Terminal) -> None:
    t = terminal
    data = t.offer("2.0")
    t.fetcher.cut_after = 100_000
    record = t.updater().run()
    assert record.state == UpdateState.DOWNLOADING and record.last_error == "download: connection reset"
    assert (t.state_dir / "download" / "2.0.deb.part").stat().st_size == 100_000

    t.fetcher.cut_after = None
    _installing_starts_app(t)
    assert t.updater().run().state == UpdateState.COMMITTED
    assert t.fetcher.offsets == [0, 100_000]  # the second request asked only for the rest
    assert (t.state_dir / "kept" / "2.0.deb").read_bytes() == data


def test_a_hub_ignoring_the_range_restarts_the_file_from_its_first_byte(terminal: Terminal) -> None:
    t = terminal
    data = t.offer("2.0")
    t.fetcher.cut_after = 70_000
    t.updater().run()
    t.fetcher.cut_after, t.fetcher.ignore_range = None, True
    _installing_starts_app(t)
    assert t.updater().run().state == UpdateState.COMMITTED
    assert (t.state_dir / "kept" / "2.0.deb").read_bytes() == data


def test_a_release_signed_with_another_key_is_refused_before_any_download(terminal: Terminal) -> None:
    t = terminal
    t.offer("2.0", key=crypto.new_signing_key())  # e.g. a compromised hub signing with its own key
    record = t.updater().run()
    assert record.state == UpdateState.FAILED and "signature" in (record.last_error or "")
    assert t.fetcher.offsets == [] and t.packages.installs == [] and t.service.events == []


def test_no_pinned_release_key_refuses_every_release(terminal: Terminal) -> None:
    t = terminal
    t.offer("2.0")
    record = t.updater(keys={}).run()
    assert record.state == UpdateState.FAILED and t.fetcher.offsets == [] and t.packages.installs == []


@pytest.mark.parametrize(("case", "error"), [
    ("sha256", "SHA-256 does not match"),
    ("version", "declares community-kiosk 3.0"),
    ("longer", "more than the release's"),
])
def test_a_package_that_is_not_the_signed_release_is_refused_before_install(terminal: Terminal, case: str,
                                                                           error: str) -> None:
    t = terminal
    if case == "sha256":
        t.offer("2.0", sha256="0" * 64)
    elif case == "version":
        t.offer("2.0", data=package_bytes("3.0"))
    else:
        data = t.offer("2.0")
        t.fetcher.files["/api/v1/releases/2.0/package"] = data + b"trailing bytes the release never had"
    record = t.updater().run()
    assert record.state == UpdateState.FAILED and error in (record.last_error or ""), record.last_error
    assert t.packages.installs == [] and t.service.events == []
    assert list((t.state_dir / "download").iterdir()) == []
    # The same offer is not tried again at the next run.
    assert t.updater().run().state == UpdateState.FAILED and t.packages.installs == []


def test_during_opening_hours_an_offer_waits_unless_forced(terminal: Terminal) -> None:
    t = terminal
    t.clock.advance((DAY - t.clock.now()).total_seconds())
    t.offer("2.0")
    record = t.updater().run()
    assert record.state == UpdateState.IDLE and record.offered == "2.0" and t.fetcher.offsets == []

    t.offer("2.0", force=True)
    _installing_starts_app(t)
    assert t.updater().run().state == UpdateState.COMMITTED


def test_a_resident_session_holds_even_a_forced_update(terminal: Terminal) -> None:
    t = terminal
    t.offer("2.0", force=True)
    t.channel.report_activity(idle=False)
    assert t.updater().run().state == UpdateState.IDLE and t.fetcher.offsets == []

    t.channel.report_activity(idle=True)
    _installing_starts_app(t)
    assert t.updater().run().state == UpdateState.COMMITTED


def test_a_session_that_starts_after_the_download_holds_the_install(terminal: Terminal) -> None:
    t = terminal
    t.offer("2.0")
    t.fetcher.cut_after = 100_000
    t.updater().run()
    t.fetcher.cut_after = None
    t.channel.report_activity(idle=False)
    record = t.updater().run()
    assert record.state == UpdateState.VERIFYING and t.packages.installs == [] and t.service.events == []


def test_an_app_report_gone_stale_means_no_session(terminal: Terminal) -> None:
    t = terminal
    t.offer("2.0")
    t.channel.report_activity(idle=False)
    t.clock.advance(600)  # the app has said nothing for ten minutes: it is not running
    _installing_starts_app(t)
    assert t.updater().run().state == UpdateState.COMMITTED


def test_a_failed_health_check_rolls_back_and_restores_the_database_copy(terminal: Terminal) -> None:
    t = terminal
    t.offer("3.0")
    _installing_starts_app(t, healthy=False)  # it migrates the database, then never draws a frame
    record = t.updater(deadline=120).run()

    assert record.state == UpdateState.ROLLED_BACK and record.running == "1.0"
    assert "health check failed within 120 s: no first_frame, heartbeat" == record.last_error
    assert t.packages.installs == [("3.0", False), ("1.0", True)] and t.packages.installed == "1.0"
    assert 120 <= sum(t.slept) <= 125  # it waited the deadline, not longer
    assert t.outbox_columns() == ["id", "body"]  # the copy taken before the migration is back
    assert t.service.events[-1] == "start"
    assert "3.0" in record.refused
    assert t.updater().run().state == UpdateState.ROLLED_BACK and len(t.packages.installs) == 2  # not retried
    status = json.loads(json.dumps(t.updater().status().status("").as_json()))
    assert status == {"running": "1.0", "offered": "3.0", "state": "rolled_back", "last_error": record.last_error}


def test_an_install_the_package_manager_refuses_rolls_back(terminal: Terminal) -> None:
    t = terminal
    t.offer("2.0")
    t.packages.fail_install.add("2.0")
    record = t.updater().run()
    assert record.state == UpdateState.ROLLED_BACK and "install failed: dpkg: error" in (record.last_error or "")
    assert t.packages.installed == "1.0" and t.packages.installs[-1] == ("1.0", True)


def test_without_a_kept_package_of_the_running_version_nothing_installs(terminal: Terminal) -> None:
    t = terminal
    (t.state_dir / "kept" / "1.0.deb").unlink()
    t.offer("2.0")
    record = t.updater().run()
    assert record.state == UpdateState.VERIFYING and "kiosk update keep" in (record.last_error or "")
    assert t.packages.installs == []

    kept = t.tmp / "community-kiosk_1.0_amd64.deb"
    kept.write_bytes(package_bytes("1.0"))
    t.packages.cache["1.0"] = kept  # apt's own cache has it (installed from a repository)
    _installing_starts_app(t)
    assert t.updater().run().state == UpdateState.COMMITTED


def test_a_withdrawn_offer_stops_the_download(terminal: Terminal) -> None:
    t = terminal
    t.offer("2.0")
    t.fetcher.cut_after = 100_000
    t.updater().run()
    t.channel.offer_received(None)
    t.fetcher.cut_after = None
    record = t.updater().run()
    assert record.state == UpdateState.IDLE and record.offered is None
    assert not (t.state_dir / "download" / "2.0.deb.part").exists()


class PowerCut(BaseException):
    """Everything stops here; the state directory, the database and the app's files stay as they are."""


def _cut_once(obj: object, name: str) -> None:
    real = getattr(obj, name)

    def cut(*args: object, **kwargs: object) -> object:
        setattr(obj, name, real)
        raise PowerCut(name)

    setattr(obj, name, cut)


@pytest.mark.parametrize("where", ["download", "verify", "install", "health", "rollback"])
def test_a_power_cut_at_each_state_resumes_to_the_right_end(terminal: Terminal, where: str) -> None:
    t = terminal
    healthy = where != "rollback"
    t.offer("2.0")
    _installing_starts_app(t, healthy=healthy)
    if where == "download":
        t.fetcher.cut_after = 100_000
        real_open = t.fetcher.open

        def open_then_cut(url: str, offset: int):  # type: ignore[no-untyped-def]
            start, body = real_open(url, offset)

            def cut():  # type: ignore[no-untyped-def]
                try:
                    yield from body
                except FetchError:
                    raise PowerCut("download") from None
            return start, cut()

        t.fetcher.open = open_then_cut  # type: ignore[method-assign]
    elif where == "verify":
        _cut_once(t.packages, "package_version")
    elif where == "install":
        # The package's files are half unpacked when the power goes; its postinst has not run.
        _cut_once(t.packages, "install")
    elif where == "health":
        t.packages.on_install.clear()
        t.on_sleep.append(lambda: (_ for _ in ()).throw(PowerCut("health")) if t.boot == "boot-1" else None)
    else:
        t.service.stop = _stop_then_cut_on_second(t)  # type: ignore[method-assign]

    with pytest.raises(PowerCut):
        t.updater(deadline=60).run()
    saved = json.loads((t.state_dir / "state.json").read_text())
    expected_state = {"download": "downloading", "verify": "verifying"}.get(where, "installing")
    assert saved["state"] == expected_state

    t.boot = "boot-2"  # the machine boots again; kiosk-update.service runs the updater
    t.fetcher.cut_after = None
    if where == "download":
        t.fetcher.open = type(t.fetcher).open.__get__(t.fetcher)  # type: ignore[method-assign]
    if where == "health":
        t.app_starts()  # the service starts with the machine
    record = t.updater(deadline=60).run()
    if healthy:
        assert record.state == UpdateState.COMMITTED and record.running == "2.0", record
        assert t.packages.installed == "2.0"
    else:
        assert record.state == UpdateState.ROLLED_BACK and record.running == "1.0"
        assert t.packages.installed == "1.0" and t.outbox_columns() == ["id", "body"]


def _stop_then_cut_on_second(t: Terminal):  # type: ignore[no-untyped-def]
    """service.stop that works the first time (before the install) and cuts the power the second (rollback)."""
    calls = []

    def stop() -> None:
        calls.append(1)
        if len(calls) == 2:
            raise PowerCut("rollback")
        t.service.events.append("stop")
    return stop


def test_a_power_cut_after_the_migration_keeps_the_pre_migration_copy(terminal: Terminal, tmp_path: Path) -> None:
    """The install resumed after a cut never copies the database again: the copy is the one from before any
    migration, so a rollback still gets the old schema back."""
    t = terminal
    t.offer("2.0")
    calls = []

    def migrate_then_cut(version: str) -> None:
        calls.append(version)
        if len(calls) == 1:
            t.app_starts(healthy=False)  # the postinst's migration ran...
            raise PowerCut("install")  # ...and the power went before the install was recorded
    t.packages.on_install.append(migrate_then_cut)
    with pytest.raises(PowerCut):
        t.updater(deadline=60).run()
    t.boot = "boot-2"
    record = t.updater(deadline=60).run()  # the new version stays unhealthy: rolled back
    assert record.state == UpdateState.ROLLED_BACK
    assert t.outbox_columns() == ["id", "body"]


def test_health_marks_from_several_threads_are_all_kept(terminal: Terminal) -> None:
    """The render thread's first frame and the sync thread's heartbeat arrive together: neither is lost."""
    for _ in range(20):
        terminal.channel.start_health()
        threads = [threading.Thread(target=terminal.channel.mark, args=(m,)) for m in ("first_frame", "heartbeat")]
        for th in threads:
            th.start()
        terminal.channel.mark("store")
        for th in threads:
            th.join()
        assert terminal.channel.health().missing() == []  # type: ignore[union-attr]
