"""One face check: the card photo against the resident in front of the camera, with a blink.

:class:`FaceCheck` embeds the card photo once (when created: while the resident is still
reading the instructions), then each :meth:`FaceCheck.attempt` watches frames until the
resident blinks (the liveness challenge), embeds the last open-eye frame and compares. It
holds the card embedding until :meth:`FaceCheck.wipe` (called with the session wipe) and no
frame beyond the one being looked at. Only a :class:`FaceDecision` leaves it: the decision, the
distance, the model's name and version and the attempt count: nothing that is a face.
Runs on a worker thread: it blocks on the camera.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from kiosk.face.decision import Decision, FaceDecision
from kiosk.face.engine import FaceBox, FaceEmbedding, FaceEngine, Image_, Landmarks, fit
from kiosk.face.liveness import BlinkChallenge, BlinkState, eye_aspect_ratio
from kiosk.roles.camera import Camera, Frame

REDETECT_EVERY = 3  # between detections the landmarks are fitted in the last box (a face moves little in 1/5 s)


class FaceCheck:
    def __init__(self, engine: FaceEngine, camera: Camera, card_image: Image_, *, timeout_s: float = 8.0,
                 max_frames: int = 240, clock: Callable[[], float] | None = None) -> None:

        self.engine = engine
        self.camera = camera
        self.timeout_s = timeout_s
        self.max_frames = max_frames
        self._clock = clock or time.monotonic
        self.attempts = 0
        self._card: FaceEmbedding | None
        self._card, self.card_faces = engine.embed(card_image)
        self._box: FaceBox | None = None

    def _decision(self, decision: Decision, score: float | None = None) -> FaceDecision:
        models = self.engine.models
        return FaceDecision(decision, score, models.name, models.version, self.attempts)

    def attempt(self) -> FaceDecision:
        """Watch the camera until a blink (or the timeout), then compare. Blocks up to ``timeout_s``."""
        self.attempts += 1
        if self._card is None:
            return self._decision(Decision.NO_CARD_FACE)
        challenge, faced = BlinkChallenge(), 0
        deadline = self._clock() + self.timeout_s
        self._box = None
        for frames in range(self.max_frames):
            if self._clock() > deadline:
                break
            result = self.camera.read()
            if not isinstance(result, Frame):
                return self._decision(Decision.CAMERA_UNAVAILABLE)
            image = fit(result.pixels)
            if self._box is None or frames % REDETECT_EVERY == 0:
                self._box = self.engine.track(image, self._box)
            if self._box is None:
                challenge.feed(None)
                continue
            faced += 1
            marks = self.engine.landmarks(image, self._box)
            if challenge.feed(eye_aspect_ratio(marks.points)) == BlinkState.PASSED:
                return self._compare(image, marks)  # the eyes have just reopened: a good frame
        return self._decision(Decision.NOT_LIVE if faced else Decision.NO_FACE)

    def _compare(self, image: Image_, marks: Landmarks) -> FaceDecision:
        assert self._card is not None
        live = self.engine.embed_landmarks(image, marks)
        distance = self.engine.distance(self._card, live)
        live.vector.fill(0.0)
        return self._decision(Decision.MATCH if distance <= self.engine.threshold else Decision.NO_MATCH, distance)

    def wipe(self) -> None:
        """Forget the card embedding and where the face was (the session ended); overwrites it first."""
        if self._card is not None:
            self._card.vector.fill(0.0)
        self._card, self._box = None, None

    @property
    def holds_biometrics(self) -> bool:
        return self._card is not None
