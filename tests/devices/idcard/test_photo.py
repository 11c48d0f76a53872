"""The optional photo plug-in: absent -> no photo; present -> BMP in memory; broken -> no photo."""

from __future__ import annotations

import pytest

from devices.idcard import photo
from devices.idcard.samples import get


def test_no_decoder_no_photo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(photo, "_discovered", [])
    assert not photo.available()
    assert photo.decode(get("resident").photo) is None


def test_registered_decoder_is_used_and_errors_are_contained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(photo, "_discovered", [])
    calls: list[int] = []

    def broken(wlt: bytes) -> bytes | None:
        raise RuntimeError("vendor library crashed")

    def fake(wlt: bytes) -> bytes | None:
        calls.append(len(wlt))
        return b"BM" + bytes(photo.BMP_LEN - 2)

    photo.register(broken)
    photo.register(fake)
    try:
        bmp = photo.decode(get("resident").photo)
        assert bmp is not None and len(bmp) == photo.BMP_LEN and calls == [1024]
        assert photo.decode(b"short") is None
    finally:
        photo.unregister(broken)
        photo.unregister(fake)
    assert photo.decode(get("resident").photo) is None
