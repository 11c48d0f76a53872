"""Page detection on generated photographs whose true corners are known.

The table covers rotations up to 30 degrees both ways, perspective tilts on both axes,
lighting gradients from several sides, shadows, a hand at the page's edge, and both
backgrounds; the ``long`` sweep draws hundreds of random scenes.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from devices.doccam.photo import Scene, photograph
from kiosk.pages.detect import find_page, order_corners

TOLERANCE = 0.015  # of the page diagonal
SIZE = (1000, 750)
ROTATIONS = (-30.0, -14.0, 0.0, 9.0, 30.0)
VIEWS = (  # tilt, tilt axis, light, light angle
    (0.0, "y", 0.0, 0.0),
    (0.22, "y", 0.4, 45.0),
    (0.18, "x", 0.3, 200.0),
)
GRID = [pytest.param(bg, rot, view, id=f"{bg}-rot{rot:+.0f}-tilt{view[0]}{view[1]}-light{view[2]}")
        for bg, rot, view in itertools.product(("wood", "mat"), ROTATIONS, VIEWS)]


def _error(seed: int, **scene: object) -> float:
    photo = photograph(Scene.random(seed, size=SIZE, **scene))  # type: ignore[arg-type]
    found = find_page(photo.image)
    assert found is not None, photo.scene
    return float(np.linalg.norm(found - photo.corners, axis=1).max() / photo.diagonal)


@pytest.mark.parametrize(("background", "rotation", "view"), GRID)
def test_corners_within_tolerance(background: str, rotation: float, view: tuple[float, str, float, float]) -> None:
    tilt, axis, light, light_angle = view
    seed = int(rotation * 10) + int(light * 100) + (7 if background == "mat" else 0)
    err = _error(seed, background=background, rotation=rotation, tilt=tilt, tilt_axis=axis, light=light,
                 light_angle=light_angle, hand=True, shadow=True)
    assert err < TOLERANCE


@pytest.mark.parametrize("page", ["a4", "certificate"])
def test_both_page_shapes(page: str) -> None:
    assert _error(3, page=page, rotation=-22.0, tilt=0.1) < TOLERANCE


def test_no_page_in_an_empty_scene() -> None:
    from devices.doccam.photo import background

    for kind in ("wood", "mat"):
        desk = np.clip(background(kind, SIZE, np.random.default_rng(1)), 0, 255).astype(np.uint8)
        assert find_page(desk) is None


def test_corner_order_is_clockwise_from_top_left() -> None:
    square = np.array([[10, 10], [110, 12], [108, 200], [8, 198]], float)
    for perm in itertools.permutations(range(4)):
        assert np.array_equal(order_corners(square[list(perm)]), square)


@pytest.mark.long
def test_random_sweep() -> None:
    errors = [_error(seed) for seed in range(1000, 1300)]
    assert max(errors) < TOLERANCE, sorted(errors)[-5:]
