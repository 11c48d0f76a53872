"""The camera's diagnostic check: it delivers frames, at what rate and exposure, and a face is found.

Bounded: at most ``FRAMES`` frames or ``TIME_S`` seconds, then one face detection on the last
frame (the face models load first, about 1.3 s, if the kiosk has not loaded them). The frame
is dropped at once; only counts and rates are reported.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from kiosk.roles.camera import Frame
from terminal.diag.result import Check, Status

if TYPE_CHECKING:
    from terminal.diag.checks import DiagContext

FRAMES = 15
TIME_S = 3.0
MIN_FPS = 8.0  # below this a blink (100-400 ms) may fall between frames


def check_camera(ctx: DiagContext) -> Check:
    camera = ctx.camera
    if ctx.settings.camera.driver == "none" or camera is None:
        return Check("camera", Status.WARN, "camera disabled in settings", "CAM-DISABLED")
    first = camera.read()
    if not isinstance(first, Frame):
        code = "CAM-NONE" if type(first).__name__ == "NoCamera" else "CAM-DISCONNECTED"
        return Check("camera", Status.FAIL, first.detail or "no frames", code)
    frames, last, t0 = 0, first, time.monotonic()
    while frames < FRAMES and time.monotonic() - t0 < TIME_S:
        result = camera.read()
        if not isinstance(result, Frame):
            return Check("camera", Status.FAIL, f"camera stopped after {frames} frames", "CAM-DISCONNECTED")
        frames, last = frames + 1, result
    fps = frames / max(time.monotonic() - t0, 1e-6)
    info = camera.info()
    data: dict[str, Any] = {"fps": round(fps, 1), "width": last.size[0], "height": last.size[1],
                            "exposure": info.exposure, "driver": info.driver}
    faces = _faces(ctx, last.pixels)
    del first, last
    data["faces"] = faces
    detail = f"{data['width']}x{data['height']} at {fps:.1f} fps"
    if info.exposure is not None:
        detail += f", exposure {info.exposure:g}"
    if fps < MIN_FPS:
        return Check("camera", Status.WARN, detail + " (too slow for the blink check)", "CAM-SLOW", data=data)
    if faces is None:
        return Check("camera", Status.WARN, detail + ", face models unavailable", "CAM-NO-MODELS", data=data)
    if faces == 0:
        return Check("camera", Status.WARN, detail + ", no face in view (stand in front to test)", "CAM-NO-FACE",
                     data=data)
    return Check("camera", Status.OK, detail + f", {faces} face(s) found", "CAM-OK", data=data)


def _faces(ctx: DiagContext, pixels: Any) -> int | None:
    # Lazy: numpy and the face engine add 15 MB and 0.16-0.34 s (measured) to every kiosk start, which imports
    # the checks for the technician screen; only this check, run on demand, needs them.
    from kiosk.face.engine import FaceEngine, fit
    from kiosk.face.models import ModelError, load_models

    try:
        engine = FaceEngine(ctx.face_models or load_models())
    except ModelError:
        return None
    return len(engine.detect(fit(pixels)))
