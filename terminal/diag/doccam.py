"""The document camera's check for ``kiosk diag doccam``: there, answering, and sharp enough for A4 at 200 dpi.

Kept beside :mod:`terminal.diag.checks` (same :class:`~terminal.diag.checks.Check` values and
code style) until the camera joins the technician screen's overview with the resident flow.
A still is taken to prove the camera answers at its still size; it is not kept.
"""

from __future__ import annotations

from typing import Any

from kiosk.pages.correct import MAX_LONG_SIDE
from kiosk.roles.doccam import CameraDisconnected, CameraFault
from terminal.diag.checks import Check, Status
from terminal.doccam_factory import make_doccam

STILL_TIMEOUT_S = 8.0


def check_doccam(settings: Any, camera: Any) -> Check:
    cfg = settings.doccam
    if cfg.driver == "none" or camera is None:
        return Check("doccam", Status.WARN, "document camera disabled in settings", "DOC-DISABLED")
    info = camera.info()
    if not info.connected:
        return Check("doccam", Status.FAIL, f"document camera not connected ({cfg.device})", "DOC-DISCONNECTED")
    result = camera.capture(STILL_TIMEOUT_S)
    if isinstance(result, CameraDisconnected):
        return Check("doccam", Status.FAIL, f"document camera gone during the still ({cfg.device})",
                     "DOC-DISCONNECTED")
    if isinstance(result, CameraFault):
        return Check("doccam", Status.FAIL, f"no still: {result.detail}"[:160], result.code)
    w, h = result.size
    data = {"name": info.name, "still": f"{w}x{h}", "preview": "x".join(map(str, info.preview_size))}
    detail = f"{info.name}: still {w}x{h}, preview {data['preview']}"
    if max(w, h) < MAX_LONG_SIDE:
        return Check("doccam", Status.WARN, detail + " (A4 pages below 200 dpi)", "DOC-LOW-RES", data=data)
    return Check("doccam", Status.OK, detail, "DOC-OK", data=data)


def check_configured_doccam(settings: Any) -> Check:
    """Build the camera the settings name, check it, release it."""

    try:
        camera = make_doccam(settings)
    except ValueError as exc:
        return Check("doccam", Status.FAIL, str(exc)[:160], "DOC-SETTINGS")
    try:
        return check_doccam(settings, camera)
    finally:
        if camera is not None:
            camera.close()
