"""The face check's child process (``python -m terminal.face_child``): the models, the camera and every frame
live here and die with it. The parent side, started by the kiosk, is :class:`terminal.face_worker.FaceWorker`;
they speak JSON lines on stdin/stdout (see that module for why a process).
"""

from __future__ import annotations

import base64
import io
import json
import queue
import sys
import threading
from typing import IO, Any

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from contract.settings import Settings
from kiosk.face.check import FaceCheck
from kiosk.face.engine import FaceEngine, ImageError, decode_image
from kiosk.face.models import ModelError, load_models
from kiosk.roles.camera import Camera, CameraInfo, Frame, ReadResult
from terminal.camera_factory import make_camera
from terminal.face_worker import PreviewSink

PREVIEW_SIZE = (240, 180)
PREVIEW_EVERY = 2  # of the frames the check reads: about 7 a second from a 15 fps camera



def _send(out: IO[str], kind: str, **data: Any) -> None:
    out.write(json.dumps({"kind": kind, **data}) + "\n")
    out.flush()


def preview_jpeg(pixels: NDArray[np.uint8]) -> bytes:
    """A small JPEG of a frame for the screen, made in memory."""
    image = Image.fromarray(pixels).resize(PREVIEW_SIZE, Image.Resampling.BILINEAR)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


class PreviewCamera:
    """The camera as the check reads it, passing every ``PREVIEW_EVERY``-th frame to the screen too."""

    def __init__(self, camera: Camera, send: PreviewSink) -> None:
        self.camera = camera
        self._send = send
        self._count = 0

    def read(self, timeout: float = 1.0) -> ReadResult:
        result = self.camera.read(timeout)
        if isinstance(result, Frame):
            if self._count % PREVIEW_EVERY == 0:
                self._send(preview_jpeg(result.pixels))
            self._count += 1
        return result

    def info(self) -> CameraInfo:
        return self.camera.info()

    def close(self) -> None:
        self.camera.close()


def _read_messages(inp: IO[str], camera: Camera, todo: queue.Queue[dict[str, Any] | None]) -> None:
    """The child's stdin: a scene change is applied at once (even during a check), the rest is queued."""
    for line in inp:
        try:
            message = json.loads(line)
        except ValueError:
            break
        if isinstance(message, dict) and message.get("kind") == "scene":
            set_scene = getattr(camera, "set_scene", None)  # only the simulator has scenes
            if set_scene is not None:
                try:
                    set_scene(str(message.get("scene", "")))
                except ValueError as exc:
                    print(f"face worker: {exc}", file=sys.stderr)
            continue
        todo.put(message if isinstance(message, dict) else None)
    todo.put(None)


def serve(inp: IO[str], out: IO[str]) -> int:
    """The child: settings first, load, open, then answer ``check`` lines until ``stop`` or EOF."""

    settings = Settings.model_validate_json(inp.readline())
    camera = make_camera(settings)
    if camera is None:
        _send(out, "failed", detail="camera.driver is 'none'")
        return 1
    try:
        engine = FaceEngine(load_models(), settings.face.threshold)
    except ModelError as exc:
        camera.close()
        _send(out, "failed", detail=str(exc))
        return 1
    _send(out, "ready", model_version=engine.models.version)
    attempts = 0
    todo: queue.Queue[dict[str, Any] | None] = queue.Queue()
    threading.Thread(target=_read_messages, args=(inp, camera, todo), daemon=True, name="face-stdin").start()
    previewing = PreviewCamera(camera, lambda jpeg: _send(out, "preview", jpeg=base64.b64encode(jpeg).decode()))
    try:
        for message in iter(todo.get, None):
            if message.get("kind") != "check":
                return 0
            try:
                card = decode_image(base64.b64decode(message["card"]))
            except (ImageError, ValueError):
                attempts += 1
                _send(out, "decision", decision="no_card_face", score=None, model=engine.models.name,
                      model_version=engine.models.version, attempts=attempts)
                continue
            check = FaceCheck(engine, previewing, card, timeout_s=settings.face.liveness_timeout_s)
            check.attempts = attempts
            decision = check.attempt()
            check.wipe()
            attempts = decision.attempts
            _send(out, "decision", **decision.as_json())
        return 0
    finally:
        camera.close()


if __name__ == "__main__":
    sys.exit(serve(sys.stdin, sys.stdout))
