"""The face check in a child process: started when a service needs it, ended at the session wipe.

Why a process: the models cost 100 MB that the C allocator does not give back when they are
dropped (measured: 81 MB stay), and OpenCV 27 MB more; in a child they leave with it, so the
idle kiosk carries none of it. Ending the child is also the most thorough wipe: every frame,
the card photo and both embeddings were only ever in its memory. The child loads the models
and opens the camera as soon as it starts (``ready`` turns true), before the resident faces
the camera. Only the decision object's fields come back over the pipe. The child is a plain
``python -m terminal.face_child`` (not multiprocessing, which would re-import the GUI's main
module, Qt included), speaking JSON lines on stdin/stdout.

Use from a worker thread (``check`` blocks): ``w = FaceWorker(settings).start()`` when the
service is chosen, ``w.check(card_bmp, on_preview)`` up to ``face.attempts`` times, ``w.stop()`` at
the wipe. During a check the child also sends every other frame as a small JPEG (``preview``,
240x180, a few kB) for the screen's live picture: it crosses the pipe into the GUI's memory and is
never written. ``w.set_scene(name)`` switches the simulated camera (the demo dock), at any time.
"""

from __future__ import annotations

import base64
import json
import select
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Any

from kiosk.face.decision import Decision, FaceDecision
from kiosk.face.models import ModelError

START_TIMEOUT_S = 60.0
PREVIEW_MAX_BYTES = 64 * 1024  # a preview line bigger than this is not a preview: dropped

PreviewSink = Callable[[bytes], None]


class FaceWorker:
    def __init__(self, settings: Any) -> None:
        self._settings_json = settings.model_dump_json()
        self._process: subprocess.Popen[str] | None = None
        self._write_lock = threading.Lock()  # the GUI thread may switch the scene while a check runs
        self._check_lock = threading.Lock()  # one check at a time on the pipe (a new card may come meanwhile)
        self._ready = False
        self.model_version = ""
        self.error = ""

    @property
    def ready(self) -> bool:
        """The models are loaded and the camera is open: a check starts at once."""
        if not self._ready and self._process is not None and self._readable(0):
            self._take_hello()
        return self._ready

    def start(self) -> FaceWorker:
        self._process = subprocess.Popen([sys.executable, "-m", "terminal.face_child"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, text=True)
        assert self._process.stdin is not None
        self._process.stdin.write(self._settings_json + "\n")
        self._process.stdin.flush()
        return self

    def _readable(self, timeout_s: float) -> bool:
        assert self._process is not None and self._process.stdout is not None
        return bool(select.select([self._process.stdout], [], [], timeout_s)[0])

    def _receive(self) -> dict[str, Any]:
        assert self._process is not None and self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            raise ModelError("face worker ended")
        data: dict[str, Any] = json.loads(line)
        return data

    def _take_hello(self) -> None:
        try:
            hello = self._receive()
        except ModelError as exc:
            self.error = str(exc)
            return
        if hello["kind"] == "ready":
            self._ready, self.model_version = True, hello["model_version"]
        else:
            self.error = hello.get("detail", "face worker failed")

    def _write(self, message: dict[str, Any]) -> None:
        assert self._process is not None and self._process.stdin is not None
        with self._write_lock:
            self._process.stdin.write(json.dumps(message) + "\n")
            self._process.stdin.flush()

    def set_scene(self, scene: str) -> None:
        """What the simulated camera shows from now on (no effect on a real camera)."""
        if self._process is not None:
            try:
                self._write({"kind": "scene", "scene": scene})
            except (BrokenPipeError, OSError):
                self.error = "face worker ended"

    def check(self, card_bmp: bytes, timeout_s: float = START_TIMEOUT_S,
              on_preview: PreviewSink | None = None) -> FaceDecision:
        """One attempt (blink, then compare) against the card photo's bytes. Blocks; ``on_preview``
        hears the small preview JPEGs meanwhile (on this thread)."""
        with self._check_lock:
            return self._check(card_bmp, timeout_s, on_preview)

    def _check(self, card_bmp: bytes, timeout_s: float, on_preview: PreviewSink | None) -> FaceDecision:
        if self._process is None:
            raise ModelError("face worker not started")
        if not self._ready:
            if not self._readable(timeout_s):
                raise ModelError("face worker did not start in time")
            self._take_hello()
            if not self._ready:
                raise ModelError(self.error or "face worker failed")
        self._write({"kind": "check", "card": base64.b64encode(card_bmp).decode()})
        data = self._receive()
        while data["kind"] == "preview":
            jpeg = base64.b64decode(data["jpeg"])
            if on_preview is not None and len(jpeg) <= PREVIEW_MAX_BYTES:
                on_preview(jpeg)
            data = self._receive()
        return FaceDecision(Decision(data["decision"]), data["score"], data["model"], data["model_version"],
                            data["attempts"])

    def stop(self) -> None:
        """End the child: every frame and embedding goes with it."""
        process, self._process, self._ready = self._process, None, False
        if process is None:
            return
        try:
            assert process.stdin is not None
            with self._write_lock:
                process.stdin.write(json.dumps({"kind": "stop"}) + "\n")
                process.stdin.close()
        except (BrokenPipeError, OSError):
            pass
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        if process.stdout is not None:
            process.stdout.close()
