"""Generated photographs of documents, with the page's true corners.

A rendered page (:mod:`devices.doccam.render`) is warped in perspective onto a textured
desk (``wood``, or the dark ``mat`` base of a document camera), with the page's drop
shadow, a soft shadow across the scene, a lighting gradient, a hand holding the page at
an edge, sensor noise and lens softness. Optional defects (defocus, a glare spot) make
the photographs the quality checks must refuse. Every choice comes from the scene's seed.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from devices.doccam.render import render_page
from devices.doccam.scene import BACKGROUNDS, Scene
from kiosk.roles.doccam import Image

F32 = npt.NDArray[Any]  # float32 working images (OpenCV's type stubs carry no dtype)


@dataclass(frozen=True)
class Photo:
    """A photograph (BGR) and the page's corners in its pixels: top-left, top-right, bottom-right, bottom-left."""

    image: Image
    corners: npt.NDArray[np.float64]
    scene: Scene

    @property
    def diagonal(self) -> float:
        c = self.corners
        return float(max(np.linalg.norm(c[0] - c[2]), np.linalg.norm(c[1] - c[3])))


def _smooth_noise(rng: np.random.Generator, shape: tuple[int, int], cells: tuple[int, int]) -> F32:
    """Low-frequency noise in [-1, 1]: a coarse random grid resized smoothly."""
    coarse = rng.uniform(-1, 1, size=(cells[1], cells[0])).astype(np.float32)
    return cv2.resize(coarse, (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC)


def background(kind: str, size: tuple[int, int], rng: np.random.Generator) -> F32:
    """The desk as RGB float32 in 0..255."""
    w, h = size
    if kind not in BACKGROUNDS:
        raise ValueError(f"unknown background {kind!r}; expected one of {BACKGROUNDS}")
    sw, sh = max(64, w // 2), max(48, h // 2)  # textures are smooth: draw at half size
    yy, xx = np.mgrid[0:sh, 0:sw].astype(np.float32)
    if kind == "wood":
        warp = _smooth_noise(rng, (sh, sw), (4, 3)) * sh * 0.08
        grain = np.sin((yy + warp + 0.05 * xx) / sh * rng.uniform(40, 70)) * 0.5 + 0.5
        fine = _smooth_noise(rng, (sh, sw), (sw // 3, 8)) * 0.25
        t = np.clip(grain * 0.75 + fine, 0, 1)[..., None]
        dark, light = np.array([112, 72, 40], np.float32), np.array([168, 118, 72], np.float32)
        tex = dark * (1 - t) + light * t
    else:
        step = sw / rng.uniform(14, 20)
        grid = ((np.abs(((xx + step / 2) % step) - step / 2) < 0.8) | (np.abs(((yy + step / 2) % step) - step / 2) < 0.8))
        base = 46 + _smooth_noise(rng, (sh, sw), (6, 4)) * 6 + grid * 14
        tex = np.repeat(base[..., None], 3, axis=2) * np.array([0.95, 1.0, 1.02], np.float32)
    tex = cv2.resize(tex.astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR)
    tex += rng.normal(0, 4, size=(h, w, 1)).astype(np.float32)
    return tex


def empty_plate(size: tuple[int, int]) -> Image:
    """The camera's dark base plate with nothing on it (always the same pixels), as BGR uint8."""
    return np.clip(background("mat", size, np.random.default_rng(0)), 0, 255).astype(np.uint8)


def page_corners(scene: Scene, aspect: float) -> npt.NDArray[np.float64]:
    """Where the page lands: rotated, tilted, as large as fits with a margin, centred with jitter."""
    rng = random.Random(scene.seed * 7919 + 1)
    w, h = scene.size
    pw, ph = (1.0, aspect) if aspect >= 1 else (1.0 / aspect, 1.0)
    rect = np.array([[-pw, -ph], [pw, -ph], [pw, ph], [-pw, ph]], np.float64) / 2
    if scene.tilt_axis == "y":
        rect[:2, 0] *= 1 - scene.tilt
    else:
        rect[1:3, 1] *= 1 - scene.tilt
    a = math.radians(scene.rotation)
    rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    rect = rect @ rot.T
    span = rect.max(axis=0) - rect.min(axis=0)
    scale = min(w * 0.9 / span[0], h * 0.9 / span[1]) * rng.uniform(0.82, 1.0)
    rect *= scale
    room = np.array([w, h]) - span * scale
    centre = np.array([w, h]) / 2 + (np.array([rng.random(), rng.random()]) - 0.5) * room * 0.8
    return rect + centre


def _hand(img: F32, corners: npt.NDArray[np.float64], rng: random.Random) -> None:
    """Fingers holding the page at one side, reaching in from the nearest edge of the photo."""
    h, w = img.shape[:2]
    side = rng.randrange(4)
    a, b = corners[side], corners[(side + 1) % 4]
    grip = a + (b - a) * rng.uniform(0.35, 0.65)
    along = (b - a) / np.linalg.norm(b - a)
    normal = np.array([along[1], -along[0]])  # corners run clockwise: this points off the page
    palm = grip + normal * w * 0.12
    mask: F32 = np.zeros((h, w), np.float32)
    finger_w = max(3, int(w * 0.022))
    for i in range(rng.randint(2, 4)):
        offset = along * (i - 1) * finger_w * 1.15
        base, tip = palm + offset, grip + offset - normal * w * 0.02  # fingertips overlap the page margin
        cv2.line(mask, (int(base[0]), int(base[1])), (int(tip[0]), int(tip[1])), 1.0, finger_w, cv2.LINE_AA)
    cv2.ellipse(mask, (int(palm[0]), int(palm[1])), (int(w * 0.06), int(w * 0.075)),
                math.degrees(math.atan2(along[1], along[0])), 0, 360, 1.0, -1, cv2.LINE_AA)
    arm = palm + normal * w * 2  # the arm reaches in from beyond the photo's edge
    cv2.line(mask, (int(palm[0]), int(palm[1])), (int(arm[0]), int(arm[1])), 1.0, int(w * 0.1), cv2.LINE_AA)
    soft = max(1, int(w * 0.004)) | 1
    shadow = cv2.GaussianBlur(np.roll(mask, (int(w * 0.01), int(w * 0.01)), axis=(0, 1)), (0, 0), w * 0.01)
    img *= (1 - 0.35 * shadow)[..., None]
    cover = cv2.GaussianBlur(mask, (soft, soft), 0)[..., None]
    shade = 0.85 + 0.15 * _smooth_noise(np.random.default_rng(rng.randrange(2**31)), (h, w), (3, 3))[..., None]
    skin = np.array([214, 160, 128], np.float32) * shade
    img *= 1 - cover
    img += skin * cover


def photograph(scene: Scene) -> Photo:
    """Render ``scene``: the photograph and the page's true corners."""
    rng = random.Random(scene.seed)
    nrng = np.random.default_rng(scene.seed % 2**32)
    w, h = scene.size
    probe = render_page(scene.seed, 64, scene.page)
    aspect = probe.size_mm[1] / probe.size_mm[0]
    corners = page_corners(scene, aspect)
    long_side = max(np.linalg.norm(corners[0] - corners[3]), np.linalg.norm(corners[0] - corners[1]))
    page_w = int(long_side / max(aspect, 1.0)) if aspect >= 1 else int(long_side)
    page = render_page(scene.seed, max(page_w, 200), scene.page, scene.skew).image
    ph, pw = page.shape[:2]
    src = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float32)
    m = cv2.getPerspectiveTransform(src, corners.astype(np.float32))
    warped = cv2.warpPerspective(page.astype(np.float32), m, (w, h), flags=cv2.INTER_LINEAR)
    cover = cv2.warpPerspective(np.ones((ph, pw), np.float32), m, (w, h), flags=cv2.INTER_LINEAR)
    img = background(scene.background, scene.size, nrng)
    drop = cv2.GaussianBlur(np.roll(cover, (int(w * 0.006), int(w * 0.008)), axis=(0, 1)), (0, 0), w * 0.008)
    img *= (1 - 0.5 * drop)[..., None]
    img = img * (1 - cover[..., None]) + warped * cover[..., None]
    if scene.glare:
        gx, gy = (corners.mean(axis=0) + (corners[rng.randrange(4)] - corners.mean(axis=0)) * rng.uniform(0.1, 0.5))
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        sigma = long_side * 0.06
        spot = np.exp(-(((xx - gx) / (sigma * 1.4)) ** 2 + ((yy - gy) / sigma) ** 2) / 2)
        img += (spot * 400 * scene.glare * cover)[..., None]
    if scene.hand:
        _hand(img, corners, rng)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    if scene.shadow:
        a = rng.uniform(0, 2 * math.pi)
        d = (xx - w / 2) * math.cos(a) + (yy - h / 2) * math.sin(a) - rng.uniform(0.1, 0.35) * w
        img *= (1 - 0.22 / (1 + np.exp(-d / (w * 0.03))))[..., None]
    if scene.light:
        a = math.radians(scene.light_angle)
        t = ((xx - w / 2) * math.cos(a) + (yy - h / 2) * math.sin(a)) / (math.hypot(w, h) / 2)
        img *= (1 - scene.light * (0.5 + 0.5 * t))[..., None]
    img *= (1 - 0.12 * (((xx - w / 2) / w) ** 2 + ((yy - h / 2) / h) ** 2) * 2)[..., None]
    img = cv2.GaussianBlur(img, (0, 0), max(0.5, scene.blur * w))
    img += nrng.normal(0, 2.5, size=img.shape).astype(np.float32)
    bgr = cv2.cvtColor(np.clip(img, 0, 255).astype(np.uint8), cv2.COLOR_RGB2BGR)
    return Photo(bgr, corners, scene)
