"""Optional ID card photo decoding (WLT -> BMP), found at run time, in memory only.

No open WLT decoder exists; every implementation calls a closed native library. So the
kiosk ships none: a decoder is a plug-in, either an installed package exposing an entry
point in the group ``kiosk.photo_decoders`` (a callable ``bytes -> bytes | None`` returning
a BMP), or one registered at run time with :func:`register`. Without one, :func:`decode`
returns None and the UI shows no photo. The photo is never written to disk: decoders
receive and return bytes; one that needs files is not acceptable.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from importlib.metadata import entry_points

log = logging.getLogger(__name__)

GROUP = "kiosk.photo_decoders"
WLT_LEN = 1024
BMP_LEN = 38862  # 102 x 126, 24-bit, with the BMP header

Decoder = Callable[[bytes], "bytes | None"]
_registered: list[Decoder] = []
_discovered: list[Decoder] | None = None


def register(decoder: Decoder) -> None:
    _registered.append(decoder)


def unregister(decoder: Decoder) -> None:
    if decoder in _registered:
        _registered.remove(decoder)


def _discover() -> list[Decoder]:
    global _discovered
    if _discovered is None:
        found: list[Decoder] = []
        for ep in entry_points(group=GROUP):
            try:
                found.append(ep.load())
            except Exception as exc:  # noqa: BLE001 - a broken plug-in means no photo, not a crash
                log.warning("photo decoder plug-in %s failed to load: %s", ep.name, type(exc).__name__)
        _discovered = found
    return _discovered


def available() -> bool:
    return bool(_registered or _discover())


def decode(wlt: bytes) -> bytes | None:
    """The photo as BMP bytes, or None (no decoder, or it failed). Never raises."""
    if len(wlt) != WLT_LEN:
        return None
    for decoder in [*_registered, *_discover()]:
        try:
            bmp = decoder(wlt)
        except Exception as exc:  # noqa: BLE001
            log.warning("photo decoder failed: %s", type(exc).__name__)
            continue
        if bmp and bmp[:2] == b"BM":
            return bmp
    return None
