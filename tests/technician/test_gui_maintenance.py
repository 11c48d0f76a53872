"""Issue 24, remote help: entering technician mode on screen puts the terminal "in maintenance" for the
hub's fleet view (the heartbeat reads it from the store), leaving it ends that; the hub's restart command
reaches the app's quit handler on the GUI thread."""

from __future__ import annotations

from typing import Any

import pytest

from contract.totp import totp_now
from sync.remote_state import RemoteState
from tests.technician.helpers import OTP_SECRET
from tests.technician.screen import enter_code
from tests.ui.qml_driver import tap, wait_for
from ui.technician import RESTART_EXIT_CODE

pytestmark = pytest.mark.gui


def test_technician_mode_is_maintenance_and_the_hub_can_restart(make_terminal: Any) -> None:
    t = make_terminal(pcsc="fake", language="en_US")
    w, tech = t.window, t.tech
    remote = RemoteState(t.services.store.state)
    assert remote.maintenance() == {"on": False}
    for _ in range(5):
        tap(w, "techCorner")
    wait_for(lambda: tech.active and tech.entryMode == "otp", what="code entry")
    assert remote.maintenance() == {"on": False}  # the keypad alone is not maintenance
    enter_code(w, "T1001", totp_now(OTP_SECRET, t.clock.now().timestamp()))
    wait_for(lambda: tech.authenticated and not tech.busy, what="entry")
    assert remote.maintenance()["on"] is True and remote.maintenance()["by"] == "technician"
    tech.exit("done")
    assert remote.maintenance() == {"on": False}
    tech.tools.on_sync_event("command", {"id": "c-r", "name": "restart_app"})  # as the sync thread calls it
    wait_for(lambda: t.quits == [RESTART_EXIT_CODE], what="restart")
