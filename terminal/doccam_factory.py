"""Build the configured document camera (``[doccam]`` settings); only the composition root (terminal/) calls this."""

from __future__ import annotations

from typing import TYPE_CHECKING

from contract.settings import Settings
from kiosk.roles.doccam import DocCamera, parse_size

if TYPE_CHECKING:
    from terminal.demo_devices import DemoDevices


def make_doccam(settings: Settings, demo: DemoDevices | None = None) -> DocCamera | None:
    """None when ``doccam.driver`` is ``none``. ``simulator`` also puts itself in ``demo.doccam``.

    Each driver is imported only when chosen, and none loads OpenCV and numpy (31 MB and 0.2-0.3 s,
    measured) before its first frame: a terminal pays them when a materials step opens, not at start."""
    cfg = settings.doccam
    preview = parse_size(cfg.preview_size)
    still = parse_size(cfg.still_size) if cfg.still_size else None
    if cfg.driver == "none":
        return None
    if cfg.driver == "fake":
        from devices.doccam.fake import FakeDocCamera

        return FakeDocCamera(still or (1600, 1200), preview)
    if cfg.driver == "simulator":
        from devices.doccam.simulator import SimulatedDocCamera

        camera = SimulatedDocCamera(still or (2592, 1944), preview)
        if demo is not None:
            demo.doccam = camera
        return camera
    from devices.doccam.v4l2 import V4l2DocCamera

    return V4l2DocCamera(cfg.device, preview, still)
