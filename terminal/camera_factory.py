"""Build the configured camera (``[camera]`` settings): None when ``camera.driver`` is ``none``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from devices.camera.fake import FakeCamera
from devices.camera.simulator import CameraSimulator
from devices.camera.v4l2 import V4l2Camera
from kiosk.roles.camera import Camera


def make_camera(settings: Any, realtime: bool = True) -> Camera | None:
    cfg = settings.camera
    if cfg.driver == "none":
        return None
    if cfg.driver == "fake":
        return FakeCamera()
    if cfg.driver == "simulator":
        return CameraSimulator(cfg.scene, video=Path(cfg.video) if cfg.video else None, realtime=realtime)

    return V4l2Camera(cfg.device, cfg.width, cfg.height)
