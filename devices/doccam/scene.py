"""What the simulated document camera has under it: a :class:`Scene`, drawn from a seed.

Kept apart from :mod:`devices.doccam.photo` (which draws the photograph with OpenCV and numpy) so that
the simulator can be built, and the demo dock can change the paper, before anything is photographed:
the kiosk loads OpenCV and numpy (31 MB of RSS, measured for issue 17) at the first frame, not at start.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

BACKGROUNDS = ("wood", "mat")


@dataclass(frozen=True)
class Scene:
    """What is in a photograph. Fractions are of the photo's width unless named otherwise."""

    seed: int
    size: tuple[int, int] = (1600, 1200)
    background: str = "wood"
    page: str = "a4"
    rotation: float = 0.0  # degrees, the page on the desk
    tilt: float = 0.0  # 0..0.3: the far edge of the page looks this much shorter (camera not square)
    tilt_axis: str = "y"  # "y": top edge far, "x": right edge far
    light: float = 0.0  # 0..0.5: how much darker the dim side of the lighting gradient is
    light_angle: float = 0.0  # degrees: where the light comes from
    shadow: bool = True
    hand: bool = True
    blur: float = 0.0  # defocus: Gaussian sigma as a fraction of the width
    glare: float = 0.0  # 0..1: a specular highlight on the page
    skew: float = 0.0  # degrees the content is printed crooked on the sheet

    @classmethod
    def random(cls, seed: int, **fixed: object) -> Scene:
        """A plausible scene drawn from ``seed``; keyword arguments pin any field."""
        rng = random.Random(seed)
        scene = cls(seed=seed, background=rng.choice(BACKGROUNDS), page=rng.choice(("a4", "a4", "certificate")),
                    rotation=rng.uniform(-30, 30), tilt=rng.uniform(0, 0.2), tilt_axis=rng.choice("xy"),
                    light=rng.uniform(0, 0.4), light_angle=rng.uniform(0, 360), shadow=rng.random() < 0.6,
                    hand=rng.random() < 0.7)
        return replace(scene, **fixed)  # type: ignore[arg-type]
