"""Build the configured document camera (``[doccam]`` settings); the diagnostics and the UI call this."""

from __future__ import annotations

from typing import Any

from devices.doccam.fake import FakeDocCamera
from devices.doccam.simulator import SimulatedDocCamera
from devices.doccam.v4l2 import V4l2DocCamera
from kiosk.roles.doccam import DocCamera, parse_size


def make_doccam(settings: Any) -> DocCamera | None:
    """None when ``doccam.driver`` is ``none``."""
    cfg = settings.doccam
    preview = parse_size(cfg.preview_size)
    still = parse_size(cfg.still_size) if cfg.still_size else None
    if cfg.driver == "none":
        return None
    if cfg.driver == "fake":
        return FakeDocCamera(still or (1600, 1200), preview)
    if cfg.driver == "simulator":
        return SimulatedDocCamera(still or (2592, 1944), preview)

    return V4l2DocCamera(cfg.device, preview, still)
