"""Make the camera simulator's scenes and the sample cards' photos from the test photos here.

Run once by hand (``python -m tests.data.faces.build_scenes``); its outputs are committed:
``devices/camera/scenes/*.jpg`` (640x480 frames) and ``devices/idcard/sample_photos/*.png``
(102x126, the ID card photo's size). A closed-eye frame is the open one with each eye
(landmarks 36-47, widened) inpainted from the skin around it and a lash line drawn along the
lids' middle: the 68-point model then measures an eye aspect ratio 35-50 % lower, as with a
real blink. The printed photo is a different still of the card holder on a white paper
border, which the simulator replays with small movements but no blink.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from kiosk.face.engine import FaceEngine, fit, read_image
from kiosk.face.liveness import eye_aspect_ratio
from kiosk.face.models import load_models
from kiosk.roles.camera import FRAME_HEIGHT, FRAME_WIDTH

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SCENES = ROOT / "devices/camera/scenes"
CARD_PHOTOS = ROOT / "devices/idcard/sample_photos"
CARD_SIZE = (102, 126)


def _frame(engine: FaceEngine, photo: str, face_width: int, background: int = 205) -> np.ndarray:
    """The photo scaled so the face is ``face_width`` wide, its face centred in a 640x480 frame."""
    image = fit(read_image(HERE / photo))
    box = engine.detect(image)[0]
    scale = face_width / box.width
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    cx, cy = int((box.left + box.right) / 2 * scale), int((box.top + box.bottom) / 2 * scale)
    frame = np.full((FRAME_HEIGHT, FRAME_WIDTH, 3), background, np.uint8)
    ox, oy = FRAME_WIDTH // 2 - cx, FRAME_HEIGHT // 2 - 10 - cy
    h, w = small.shape[:2]
    x0, y0, x1, y1 = max(0, ox), max(0, oy), min(FRAME_WIDTH, ox + w), min(FRAME_HEIGHT, oy + h)
    frame[y0:y1, x0:x1] = small[y0 - oy:y1 - oy, x0 - ox:x1 - ox]
    return frame


def _close_eyes(engine: FaceEngine, frame: np.ndarray) -> np.ndarray:
    marks = engine.landmarks(frame, engine.detect(frame)[0])
    mask = np.zeros(frame.shape[:2], np.uint8)
    eyes = [marks.points[a:a + 6] for a in (36, 42)]
    for eye in eyes:
        centre = eye.mean(axis=0)
        cv2.fillConvexPoly(mask, cv2.convexHull(((eye - centre) * 1.6 + centre).astype(np.int32)), 255)
    closed = cv2.inpaint(frame, mask, 7, cv2.INPAINT_TELEA)
    for eye in eyes:
        lid = np.array([eye[0], (eye[1] + eye[5]) / 2, (eye[2] + eye[4]) / 2, eye[3]], np.int32)
        cv2.polylines(closed, [lid], False, (40, 30, 30), 2, cv2.LINE_AA)
    return closed


def _ear(engine: FaceEngine, frame: np.ndarray) -> float:
    return eye_aspect_ratio(engine.landmarks(frame, engine.detect(frame)[0]).points)


def _printed(engine: FaceEngine, photo: str) -> np.ndarray:
    """A still held up to the camera: the photo on white paper, with the room around it."""
    inner = _frame(engine, photo, 150)[70:400, 190:450]
    sheet = np.full((inner.shape[0] + 24, inner.shape[1] + 24, 3), 245, np.uint8)
    sheet[12:-12, 12:-12] = inner
    frame = _no_one()
    y, x = (FRAME_HEIGHT - sheet.shape[0]) // 2, (FRAME_WIDTH - sheet.shape[1]) // 2
    frame[y:y + sheet.shape[0], x:x + sheet.shape[1]] = sheet
    return frame


def _no_one() -> np.ndarray:
    """An empty hall: a wall gradient with a door frame, no face."""
    ys = np.linspace(190, 150, FRAME_HEIGHT, dtype=np.float32)[:, None]
    frame = np.repeat(np.repeat(ys, FRAME_WIDTH, axis=1)[:, :, None], 3, axis=2)
    frame[:, :, 2] -= 12
    frame[60:480, 420:560] = (120, 95, 70)
    frame[80:480, 435:545] = (150, 125, 95)
    return frame.clip(0, 255).astype(np.uint8)


def _card_photo(engine: FaceEngine, photo: str) -> Image.Image:
    """An ID-card style crop: the face a third of the width below a little headroom, 102x126."""
    image = fit(read_image(HERE / photo))
    box = engine.detect(image)[0]
    cx, cy = (box.left + box.right) / 2, (box.top + box.bottom) / 2
    w = box.width * 1.7
    h = w * CARD_SIZE[1] / CARD_SIZE[0]
    crop = Image.fromarray(image).crop((int(cx - w / 2), int(cy - h * 0.47), int(cx + w / 2), int(cy + h * 0.53)))
    return crop.resize(CARD_SIZE, Image.Resampling.LANCZOS)


def main() -> None:
    engine = FaceEngine(load_models())
    SCENES.mkdir(parents=True, exist_ok=True)
    CARD_PHOTOS.mkdir(parents=True, exist_ok=True)
    for name, photo in (("holder", "obama3.jpg"), ("other", "biden.jpg")):
        open_ = _frame(engine, photo, 180)
        closed = _close_eyes(engine, open_)
        print(f"{name}: EAR open {_ear(engine, open_):.3f}, closed {_ear(engine, closed):.3f}")
        Image.fromarray(open_).save(SCENES / f"{name}_open.jpg", quality=88)
        Image.fromarray(closed).save(SCENES / f"{name}_closed.jpg", quality=88)
    Image.fromarray(_printed(engine, "obama2.jpg")).save(SCENES / "printed.jpg", quality=88)
    Image.fromarray(_no_one()).save(SCENES / "no_one.jpg", quality=88)
    _card_photo(engine, "obama.jpg").save(CARD_PHOTOS / "resident.png", optimize=True)
    _card_photo(engine, "biden.jpg").save(CARD_PHOTOS / "rare_name.png", optimize=True)


if __name__ == "__main__":
    main()
