"""The card holder's photo for the face check, or a plain statement that there is none.

Without a decodable photo the face check cannot run and the service falls back as configured
(staff check or refusal); :class:`NoDecodablePhoto` says why, for the technician.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from devices.idcard import photo
from kiosk.roles.idcard import CardRead


@dataclass(frozen=True)
class CardPhoto:
    bmp: bytes = field(repr=False)  # 102x126 24-bit BMP, in memory only


@dataclass(frozen=True)
class NoDecodablePhoto:
    reason: Literal["no_photo", "no_decoder", "not_decodable"]


def card_photo(read: CardRead) -> CardPhoto | NoDecodablePhoto:
    """The photo of a card read: ``no_photo`` (the read had none), ``no_decoder`` (no WLT decoder
    installed), ``not_decodable`` (the decoders could not decode it)."""
    if not read.photo:
        return NoDecodablePhoto("no_photo")
    if read.photo[:2] == b"BM":  # a vendor SDK that hands out the BMP itself
        return CardPhoto(read.photo)
    if not photo.available():
        return NoDecodablePhoto("no_decoder")
    bmp = photo.decode(read.photo)
    return CardPhoto(bmp) if bmp else NoDecodablePhoto("not_decodable")
