"""The blink challenge: one full blink against the person's own baseline; a still never passes."""

from __future__ import annotations

import numpy as np

from kiosk.face.liveness import BlinkChallenge, BlinkState, eye_aspect_ratio


def _run(ears: list[float | None]) -> BlinkState:
    challenge = BlinkChallenge()
    state = BlinkState.WAITING
    for ear in ears:
        state = challenge.feed(ear)
    return state


def test_a_blink_passes() -> None:
    assert _run([0.30, 0.31, 0.29, 0.30, 0.18, 0.15, 0.29, 0.30]) == BlinkState.PASSED


def test_closed_but_not_reopened_is_not_a_blink() -> None:
    assert _run([0.30, 0.31, 0.29, 0.30, 0.18, 0.15]) == BlinkState.CLOSED


def test_a_still_with_noise_never_passes() -> None:
    rng = np.random.default_rng(7)
    assert _run([0.27 * (1 + 0.05 * float(x)) for x in rng.uniform(-1, 1, 300)]) == BlinkState.WAITING


def test_closed_eyes_from_the_start_do_not_count() -> None:
    # no baseline yet: the first frames are the baseline, so narrow eyes throughout never "blink"
    assert _run([0.15, 0.16, 0.15, 0.15, 0.16, 0.15]) == BlinkState.WAITING


def test_frames_without_a_face_are_skipped() -> None:
    assert _run([0.30, None, 0.30, 0.31, None, 0.17, None, 0.30]) == BlinkState.PASSED


def test_eye_aspect_ratio_of_drawn_eyes() -> None:
    points = np.zeros((68, 2))
    for start, x0 in ((36, 0.0), (42, 10.0)):  # a 6-wide eye, 2 high at both inner points
        points[start:start + 6] = [(x0, 0), (x0 + 2, -1), (x0 + 4, -1), (x0 + 6, 0), (x0 + 4, 1), (x0 + 2, 1)]
    assert abs(eye_aspect_ratio(points) - (2 + 2) / (2 * 6)) < 1e-9
