"""``kiosk doc scan``: the JSON keys, the corners in the photograph's pixels, and the exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from devices.doccam.photo import Scene, photograph
from ui.main import main

SIZE = (1200, 900)


def _photo(tmp_path: Path, name: str, **scene: object) -> tuple[Path, np.ndarray]:
    photo = photograph(Scene.random(21, size=SIZE, **scene))  # type: ignore[arg-type]
    path = tmp_path / name
    assert cv2.imwrite(str(path), photo.image, [cv2.IMWRITE_JPEG_QUALITY, 92])
    return path, photo.corners


def _json(capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    out: dict[str, object] = json.loads(capsys.readouterr().out)
    return out


def test_accepted_photo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, truth = _photo(tmp_path, "good.jpg")
    out = tmp_path / "page.png"
    assert main(["doc", "scan", "--in", str(path), "--out", str(out), "--json"]) == 0
    data = _json(capsys)
    assert set(data) == {"corners", "sharpness", "accepted", "reason"}
    assert data["accepted"] is True and data["reason"] == "ok" and isinstance(data["sharpness"], float)
    corners = np.array(data["corners"], float)
    assert corners.shape == (4, 2)
    diag = np.linalg.norm(truth[0] - truth[2])
    assert np.linalg.norm(corners - truth, axis=1).max() < 0.015 * diag  # TL, TR, BR, BL in the input's pixels
    page = cv2.imread(str(out), cv2.IMREAD_UNCHANGED)
    assert page is not None and page.ndim == 2 and max(page.shape) > 500


@pytest.mark.parametrize(("scene", "reason"), [({"blur": 0.003}, "blurred"), ({"glare": 0.6}, "glare")])
def test_refused_photo(tmp_path: Path, capsys: pytest.CaptureFixture[str], scene: dict[str, float],
                       reason: str) -> None:
    path, _ = _photo(tmp_path, f"{reason}.jpg", **scene)
    out = tmp_path / "page.png"
    assert main(["doc", "scan", "--in", str(path), "--out", str(out), "--json"]) == 1
    data = _json(capsys)
    assert data["accepted"] is False and data["reason"] == reason and len(data["corners"]) == 4  # type: ignore[arg-type]
    assert not out.exists()  # a refused copy is not written


def test_no_page_found(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "desk.png"
    cv2.imwrite(str(path), np.full((600, 800, 3), (40, 70, 110), np.uint8))
    assert main(["doc", "scan", "--in", str(path), "--out", str(tmp_path / "p.png"), "--json"]) == 1
    assert _json(capsys) == {"corners": [], "sharpness": 0.0, "accepted": False, "reason": "no_page"}


def test_plain_output_says_what_to_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, _ = _photo(tmp_path, "blurred.jpg", blur=0.003)
    assert main(["doc", "scan", "--in", str(path), "--out", str(tmp_path / "p.png")]) == 1
    assert "take it again" in capsys.readouterr().out


@pytest.mark.parametrize("args", [
    ["doc", "scan", "--out", "x.png"],  # no --in
    ["doc", "scan", "--in", "x.jpg"],  # no --out
    ["doc", "scan", "--in", "x.jpg", "--out", "x.png", "--mode", "sepia"],
    ["doc"],
])
def test_usage_errors_exit_2(args: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 2


def test_bad_files_exit_2(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.jpg"
    garbage.write_bytes(b"\xff\xd8 not really a jpeg")
    good, _ = _photo(tmp_path, "good.jpg")
    assert main(["doc", "scan", "--in", str(tmp_path / "missing.jpg"), "--out", str(tmp_path / "p.png")]) == 2
    assert main(["doc", "scan", "--in", str(garbage), "--out", str(tmp_path / "p.png")]) == 2
    assert main(["doc", "scan", "--in", str(good), "--out", str(tmp_path / "p.gif")]) == 2
    assert main(["doc", "scan", "--in", str(good), "--out", str(tmp_path / "no" / "dir" / "p.png")]) == 2


def test_oversized_photo_is_refused_before_decoding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import terminal.cli.cmd_doc as cmd

    good, _ = _photo(tmp_path, "good.jpg")
    monkeypatch.setattr(cmd, "MAX_PHOTO_PIXELS", 1000 * 750)
    assert main(["doc", "scan", "--in", str(good), "--out", str(tmp_path / "p.png")]) == 2
