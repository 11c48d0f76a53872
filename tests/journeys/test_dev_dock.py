"""The demo dock's reader buttons, tapped as a demonstrator does, on the real serial driver and the pty
simulator: "Reader unplugged" pulls the cable (the port vanishes), "Reader silent" leaves the port but the
reader says nothing, "Reader back" undoes either; the identify screen says each fault honestly and asks
for the card again by itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.roles.idcard import Presence
from tests.journeys.finger import Finger
from tests.journeys.test_reader import DOWN, PROMPT, _to_identify
from tests.ui.qml_driver import wait_for
from ui.harness import build_harness

pytestmark = [pytest.mark.gui, pytest.mark.journey]


@pytest.fixture
def demo(qtbot: Any, tmp_path: Path) -> Iterator[Any]:
    h = build_harness(data_dir=tmp_path / "data", devices={"idcard": {"driver": "simulator"}}, dev_dock=True)
    try:
        yield h
    finally:
        h.close()


def test_the_dock_unplugs_silences_and_brings_the_reader_back(demo: Any, artifacts: Path) -> None:
    window = demo.app.window
    window.requestActivate()
    wait_for(window.isActive, what="the kiosk window active")
    finger = Finger(window, artifacts / "journeys" / "dev_dock")
    reader = demo.services.idcard
    _to_identify(finger, "zh_CN", large=False)
    finger.wait_to_see(PROMPT["zh_CN"])
    finger.tap("DEV")
    for button, fault in (("Reader unplugged", Presence.DISCONNECTED), ("Reader silent", Presence.NOT_ANSWERING)):
        finger.tap(button)
        finger.wait_to_see(DOWN["zh_CN"], timeout_s=20)
        assert reader.presence() is fault, button
        finger.shot(button.replace(" ", "_").lower())
        finger.tap("Reader back")
        finger.wait_to_see(PROMPT["zh_CN"], timeout_s=20)  # the watcher finds the reader again by itself
    assert reader.presence() is Presence.ABSENT
    finger.tap("Reader silent")
    finger.wait_to_see(DOWN["zh_CN"], timeout_s=20)
    finger.tap("Reader unplugged")  # from one fault to the other, then back: no silence outlives the replug
    finger.tap("Reader back")
    finger.wait_to_see(PROMPT["zh_CN"], timeout_s=20)
    assert reader.presence() is Presence.ABSENT
    finger.shot("reader_back")
