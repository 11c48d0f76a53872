"""The health mark "first frame drawn" comes from a frame the real window swapped, not from start-up code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.update.channel import AppChannel
from ui.launch import _mark_first_frame


def test_the_first_swapped_frame_marks_the_health_once(app: Any, qtbot: Any, tmp_path: Path) -> None:
    channel = AppChannel(tmp_path / "update")
    channel.start_health()
    _mark_first_frame(app.app.window, channel)
    assert channel.health().marks["first_frame"] is False  # type: ignore[union-attr]
    app.app.window.show()
    app.app.window.update()
    qtbot.waitUntil(lambda: channel.health().marks["first_frame"], timeout=10_000)  # type: ignore[union-attr]
    assert channel.health().missing() == ["store", "heartbeat"]  # type: ignore[union-attr]
