"""kiosk.service under a real systemd: up at boot with the attract screen drawn under cage, back after
the app is killed (within RestartSec) and after it freezes (the watchdog kills it)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from tests.boot.conftest import BOOT_ARTIFACTS, Kiosk
from tests.boot.frames import fills_output, laid_out_for_output

pytestmark = [pytest.mark.boot, pytest.mark.long]

RESTART_SEC = 3
WATCHDOG_SEC = 30


def test_boot_crash_and_freeze(boot: Callable[[], Kiosk], times: dict[str, float]) -> None:
    kiosk = boot()
    at, frame = kiosk.wait_first_frame(after_restarts=0, timeout=120)
    frame.save(BOOT_ARTIFACTS / "attract.png")
    assert fills_output(frame), "the attract screen does not cover cage's output"
    assert laid_out_for_output(frame), "the attract screen was laid out for another size than cage's output"
    times["boot_to_first_frame"] = at - kiosk.box.started
    state = kiosk.show("ActiveState", "SubState", "NRestarts", "Result")
    assert state == {"ActiveState": "active", "SubState": "running", "NRestarts": "0", "Result": "success"}, state
    journal = kiosk.journal()
    assert "Got notification message" not in journal and "session-" not in journal, journal[-3000:]

    # A crash: the app killed outright; systemd starts it again after RestartSec.
    kiosk.box.sh(f"kill -KILL {kiosk.app_pid()}")
    crashed = time.monotonic()
    at, frame = kiosk.wait_first_frame(after_restarts=1, timeout=RESTART_SEC + 60)
    frame.save(BOOT_ARTIFACTS / "attract-after-crash.png")
    assert fills_output(frame), "the attract screen does not cover cage's output"
    assert laid_out_for_output(frame), "the attract screen was laid out for another size than cage's output"
    times["crash_to_first_frame"] = at - crashed
    assert times["crash_to_first_frame"] >= RESTART_SEC

    # A hang: the app frozen; its keep-alives stop, the watchdog kills the service and systemd restarts it.
    kiosk.box.sh(f"kill -STOP {kiosk.app_pid()}")
    frozen = time.monotonic()
    at, frame = kiosk.wait_first_frame(after_restarts=2, timeout=WATCHDOG_SEC + 60)
    frame.save(BOOT_ARTIFACTS / "attract-after-watchdog.png")
    assert fills_output(frame), "the attract screen does not cover cage's output"
    assert laid_out_for_output(frame), "the attract screen was laid out for another size than cage's output"
    times["watchdog_to_first_frame"] = at - frozen
    assert times["watchdog_to_first_frame"] >= WATCHDOG_SEC
    assert "Watchdog timeout" in kiosk.journal(), kiosk.journal()[-3000:]
