"""Decodable photos for the fictional sample cards, so the simulators can feed the face check.

A real card's photo is WLT, encrypted; only a vendor's closed library turns it into the
102x126 BMP (``devices.idcard.photo``). The sample cards carry 1024 filler bytes in its
place, so this module is a photo decoder plug-in that knows exactly those fillers: for the
``resident`` card (person A of the face test photos) and the ``rare_name`` card (person B)
it returns the BMP the vendor library would; for any other bytes, a real card's included,
it returns None. Registered by the bootstrap only for the simulator and fake ID card drivers.
"""

from __future__ import annotations

import hashlib
import io
from functools import cache
from pathlib import Path

from PIL import Image

from devices.idcard import photo
from devices.idcard.samples import SAMPLES

PHOTO_DIR = Path(__file__).resolve().parent / "sample_photos"


@cache
def _by_digest() -> dict[bytes, str]:
    return {hashlib.sha256(card.photo).digest(): key for key, card in SAMPLES.items()
            if (PHOTO_DIR / f"{key}.png").exists()}


def sample_bmp(key: str) -> bytes | None:
    """The sample card's photo as the vendor library's 24-bit BMP, or None if it has none."""
    path = PHOTO_DIR / f"{key}.png"
    if not path.exists():
        return None
    with Image.open(path) as im:
        out = io.BytesIO()
        im.convert("RGB").save(out, format="BMP")
    return out.getvalue()


def decode(wlt: bytes) -> bytes | None:
    """A ``kiosk.photo_decoders`` decoder: the BMP for a sample card's photo bytes, else None."""
    key = _by_digest().get(hashlib.sha256(wlt).digest())
    return sample_bmp(key) if key else None


def register() -> None:
    """Make :func:`devices.idcard.photo.decode` know the sample cards' photos (idempotent)."""
    photo.unregister(decode)
    photo.register(decode)


def unregister() -> None:
    photo.unregister(decode)
