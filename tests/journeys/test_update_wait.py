"""Issue 20: a resident who taps the attract screen in the seconds before a software install is told that
the software is being updated (the tap used to be ignored without a word), and can start as soon as the
updater gives the session lease back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kiosk.update.channel import AppChannel
from tests.journeys.finger import Finger
from tests.ui.qml_driver import wait_for

pytestmark = pytest.mark.gui


def test_a_tap_while_an_install_waits_is_answered_in_words(app: Any, finger: Finger, tmp_path: Path) -> None:
    b = app.backend
    channel = AppChannel(tmp_path / "update")
    b.flow.lease = channel.session_lease()
    updater = channel.session_lease()
    assert updater.try_hold()  # the updater's gates are open: it takes the lease and stops the app next

    finger.tap("轻触屏幕开始办理")
    finger.wait_to_see("正在更新软件，请几分钟后再来。")
    finger.wait_to_see("Updating the software: back in a few minutes")
    assert b.screen == "attract" and not finger.sees("轻触屏幕开始办理")
    finger.shot("updating")

    updater.release()  # the install was put off (a gate closed): the terminal serves again
    finger.tap("正在更新软件，请几分钟后再来。")
    wait_for(lambda: b.screen == "home", what="the session begins")
    assert b.flow.lease.held and not b.updating
    assert finger.taps == 2
