"""Build the configured camera (``[camera]`` settings): None when ``camera.driver`` is ``none``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.roles.camera import Camera


def make_camera(settings: Any, realtime: bool = True) -> Camera | None:
    cfg = settings.camera
    if cfg.driver == "none":
        return None
    if cfg.driver == "fake":
        from devices.camera.fake import FakeCamera

        return FakeCamera()
    if cfg.driver == "simulator":
        from devices.camera.simulator import CameraSimulator

        return CameraSimulator(cfg.scene, video=Path(cfg.video) if cfg.video else None, realtime=realtime)
    from devices.camera.v4l2 import V4l2Camera

    return V4l2Camera(cfg.device, cfg.width, cfg.height)
