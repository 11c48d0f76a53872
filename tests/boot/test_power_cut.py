"""The power cut while submissions are being made: after the next boot every committed submission is in
the outbox exactly once (at most the one in flight besides) and the database passes its integrity check."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable

import pytest

from tests.boot.conftest import APP_PYTHON, HELPERS_MOUNT, KIOSK_ENV, Kiosk

pytestmark = [pytest.mark.boot, pytest.mark.long]

COMMITTED_BEFORE_THE_CUT = 5


def test_power_cut_during_submissions(boot: Callable[[], Kiosk]) -> None:
    kiosk = boot()
    kiosk.wait_first_frame(after_restarts=0, timeout=120)
    before = kiosk.helper("outbox")
    writer = subprocess.Popen(kiosk.box.cmd("runuser", "-u", "kiosk", "--", "env", KIOSK_ENV, APP_PYTHON,
                                            f"{HELPERS_MOUNT}/submissions.py", "submit", "100000"),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    committed: list[str] = []
    deadline = time.monotonic() + 120
    try:
        assert writer.stdout is not None
        while len(committed) < COMMITTED_BEFORE_THE_CUT and time.monotonic() < deadline:
            line = writer.stdout.readline()
            if not line:
                break
            committed.append(line.strip())
        assert len(committed) == COMMITTED_BEFORE_THE_CUT, writer.stderr.read() if writer.stderr else ""
        kiosk.box.power_cut()  # in the middle of the next submission's transaction, or between two
        out, _ = writer.communicate(timeout=30)
    finally:
        if writer.poll() is None:
            writer.kill()
    committed += out.split()  # printed before the cut, read after it

    kiosk = boot()  # the same disk
    kiosk.wait_first_frame(after_restarts=0, timeout=120)
    after = kiosk.helper("outbox")
    assert len(after) == len(set(after)), "an outbox item twice"
    new = [item for item in after if item not in before]
    assert set(committed) <= set(new), set(committed) - set(new)
    assert len(new) - len(committed) in (0, 1), (len(new), len(committed))  # the one in flight, if it committed
    assert kiosk.helper("integrity") == ["ok"]
    status = kiosk.kiosk_cli("sync", "status", "--json")
    assert status.returncode == 0, status.stdout + status.stderr
    report = json.loads(status.stdout)
    assert report["queue_depth"] >= len(after) and report["storage"]["state"] == "ok", report
