"""Active liveness: the resident is asked to blink, and the blink is seen in the landmarks.

The eye aspect ratio (EAR, Soukupová and Čech 2016) of the 68-point landmarks is the eye's
height over its width: about 0.25-0.35 open, falling by a third or more when the lids close.
Each person's open EAR differs, so a blink is judged against the person's own baseline (the
median over the frames seen so far): EAR under ``CLOSE_RATIO`` of it, then back over
``REOPEN_RATIO`` of it. A still photo (printed or on a screen) keeps its EAR within a few
per cent, so it never passes. A video of the person blinking does: see docs/face-verification.md.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

CLOSE_RATIO = 0.75
REOPEN_RATIO = 0.9
WARMUP_FRAMES = 3  # open-eye frames needed before a closed frame counts (a baseline first)
RIGHT_EYE = slice(36, 42)
LEFT_EYE = slice(42, 48)


def eye_aspect_ratio(points: NDArray[np.float64]) -> float:
    """Mean EAR of both eyes from 68 landmark points."""

    def one(e: NDArray[np.float64]) -> float:
        height = np.linalg.norm(e[1] - e[5]) + np.linalg.norm(e[2] - e[4])
        width = 2 * np.linalg.norm(e[0] - e[3])
        return float(height / width) if width else 0.0

    return (one(points[RIGHT_EYE]) + one(points[LEFT_EYE])) / 2


class BlinkState(StrEnum):
    WAITING = "waiting"  # no blink yet
    CLOSED = "closed"  # the eyes are closed now
    PASSED = "passed"  # a whole blink was seen


@dataclass
class BlinkChallenge:
    """Fed one EAR per frame with a face (None for a frame without one); passes on one full blink."""

    state: BlinkState = BlinkState.WAITING
    frames: int = 0
    _ears: list[float] = field(default_factory=list, repr=False)

    def baseline(self) -> float | None:
        return statistics.median(self._ears) if len(self._ears) >= WARMUP_FRAMES else None

    def feed(self, ear: float | None) -> BlinkState:
        self.frames += 1
        if ear is None or self.state == BlinkState.PASSED:
            return self.state
        base = self.baseline()
        if base is not None and self.state == BlinkState.WAITING and ear < CLOSE_RATIO * base:
            self.state = BlinkState.CLOSED
            return self.state  # a closed frame does not enter the open baseline
        if self.state == BlinkState.CLOSED:
            if base is not None and ear >= REOPEN_RATIO * base:
                self.state = BlinkState.PASSED
            return self.state
        self._ears.append(ear)
        return self.state

    def eyes_open(self, ear: float) -> bool:
        base = self.baseline()
        return base is not None and ear >= REOPEN_RATIO * base

    def clear(self) -> None:
        self._ears.clear()
        self.state, self.frames = BlinkState.WAITING, 0
