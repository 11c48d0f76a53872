"""The face models, loaded once, off the GUI thread, before the resident needs them.

The detector is dlib's HOG frontal face detector (built into dlib, no file); the 68-point
landmark model and the ResNet embedding come from the ``face_recognition_models`` wheel
(0.3.0). Loading takes about 1.3 s and 100 MB (the 68-point model alone is 70 MB in memory,
measured on this machine), so :class:`ModelLoader` starts it in a thread at start-up and the
check waits on :meth:`ModelLoader.wait` only if the resident is faster than the load.

The models' package is located without importing it: its ``__init__`` imports the
deprecated ``pkg_resources`` only to build these same paths.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from dataclasses import dataclass, field
from enum import StrEnum
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

MODEL_NAME = "dlib_face_recognition_resnet_model_v1"
MODELS_PACKAGE = "face_recognition_models"
LANDMARKS_FILE = "shape_predictor_68_face_landmarks.dat"
EMBEDDING_FILE = "dlib_face_recognition_resnet_model_v1.dat"


class ModelError(Exception):
    """The models cannot be loaded (package missing, file unreadable): face checks are unavailable."""


@dataclass(frozen=True)
class Models:
    """The loaded dlib objects; ``version`` names both the model package and dlib."""

    detector: Any = field(repr=False)
    landmarks: Any = field(repr=False)
    encoder: Any = field(repr=False)
    name: str = MODEL_NAME
    version: str = ""


def models_dir() -> Path:
    spec = importlib.util.find_spec(MODELS_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"the {MODELS_PACKAGE} package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "models"


def model_version() -> str:
    try:
        import dlib  # lazy: dlib costs 31 ms and 7 MB; only face checks need it

        return f"{MODELS_PACKAGE} {version(MODELS_PACKAGE)}, dlib {dlib.__version__}"
    except (PackageNotFoundError, ImportError) as exc:
        raise ModelError(f"face model packages missing: {exc}") from exc


def load_models() -> Models:
    """Load the three models now, on the calling thread (about 1.3 s). Raises :class:`ModelError`."""
    try:
        import dlib  # lazy: dlib costs 31 ms and 7 MB; only face checks need it
    except ImportError as exc:
        raise ModelError("dlib is not installed (pip package dlib-bin)") from exc
    base = models_dir()
    try:
        landmarks = dlib.shape_predictor(str(base / LANDMARKS_FILE))
        encoder = dlib.face_recognition_model_v1(str(base / EMBEDDING_FILE))
    except RuntimeError as exc:
        raise ModelError(f"face model files unreadable in {base}: {exc}") from exc
    return Models(dlib.get_frontal_face_detector(), landmarks, encoder, MODEL_NAME, model_version())


class LoadState(StrEnum):
    IDLE = "idle"
    LOADING = "loading"
    READY = "ready"
    FAILED = "failed"


class ModelLoader:
    """Loads the models once in a background thread; any thread may wait for them.

    ``start()`` returns at once; ``ready`` tells whether a check can run without waiting;
    ``wait()`` blocks (bounded) and returns the models or raises :class:`ModelError`.
    """

    def __init__(self, load: Any = load_models) -> None:
        self._load = load
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._state = LoadState.IDLE
        self._models: Models | None = None
        self._error = ""

    @property
    def state(self) -> LoadState:
        return self._state

    @property
    def ready(self) -> bool:
        return self._state == LoadState.READY

    @property
    def error(self) -> str:
        return self._error

    def start(self) -> ModelLoader:
        with self._lock:
            if self._state != LoadState.IDLE:
                return self
            self._state = LoadState.LOADING
        threading.Thread(target=self._run, name="face-models", daemon=True).start()
        return self

    def _run(self) -> None:
        try:
            models = self._load()
        except ModelError as exc:
            log.error("face models unavailable: %s", exc)
            self._error, self._state = str(exc), LoadState.FAILED
        else:
            self._models, self._state = models, LoadState.READY
        finally:
            self._done.set()

    def wait(self, timeout: float | None = 30.0) -> Models:
        self.start()
        if not self._done.wait(timeout):
            raise ModelError("face models still loading")
        if self._models is None:
            raise ModelError(self._error or "face models failed to load")
        return self._models
