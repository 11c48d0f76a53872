"""Issue 24 item 6: the heartbeat carries the staff card reader, the touch screen and the network (every
component the technician overview shows but the platform), so a terminal in fault is not green at the hub."""

from __future__ import annotations

from typing import Any

import pytest

from devices.pcsc.fake import FakePcscMonitor
from hub.fleet import heartbeat_alerts
from hub.schemas import HeartbeatRequest
from ui.launch import _device_status

pytestmark = pytest.mark.gui


def test_a_missing_staff_reader_and_a_failed_touch_test_reach_the_hubs_alerts(make_terminal: Any,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    t = make_terminal(pcsc="fake")
    monkeypatch.setattr(FakePcscMonitor, "readers", property(lambda self: []))  # the staff reader is unplugged
    body = _device_status(t.services)
    devices = body["devices"]
    assert {"settings", "idcard", "pcsc", "printer", "touchscreen", "network", "sync", "storage", "clock"} \
        <= set(devices)
    assert (devices["pcsc"]["status"], devices["pcsc"]["code"]) == ("fail", "PCSC-NO-READER")
    assert (devices["touchscreen"]["status"], devices["touchscreen"]["code"]) == ("skip", "TOUCH-UNTESTED")
    assert devices["network"]["code"] in ("NET-OK", "NET-DOWN")
    HeartbeatRequest.model_validate(body)  # the hub takes it as it is
    assert any(a["code"] == "reader_offline" and a["detail"].startswith("pcsc") for a in heartbeat_alerts(body))
    t.tech.touchResult(24, 12, 0)  # half the screen never answered the touch test
    devices = _device_status(t.services)["devices"]
    assert (devices["touchscreen"]["status"], devices["touchscreen"]["code"]) == ("fail", "TOUCH-DEAD-AREA")
    assert any(a["detail"].startswith("touchscreen") for a in heartbeat_alerts(_device_status(t.services)))
