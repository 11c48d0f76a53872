"""``kiosk face compare|check|calibrate``: JSON keys, exit codes, and nothing of a face left behind."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from kiosk.face.models import Models
from tests.face.conftest import FACES
from ui.main import main

CARD = Path(__file__).resolve().parents[2] / "devices/idcard/sample_photos/resident.png"


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("live", "code", "match"), [("obama2.jpg", 0, True), ("biden.jpg", 1, False)])
def test_compare_json_and_exit_codes(shared_models: Models, capsys: pytest.CaptureFixture[str], live: str,
                                     code: int, match: bool) -> None:
    rc, out, _ = _run(["face", "compare", "--card", str(CARD), "--live", str(FACES / live), "--json"], capsys)
    data = json.loads(out)
    assert rc == code and list(data) == ["match", "distance", "threshold", "faces"]
    assert data["match"] is match and isinstance(data["distance"], float) and data["threshold"] == 0.5
    assert data["faces"] == {"card": 1, "live": 1}


def test_compare_missing_face_is_3(shared_models: Models, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from PIL import Image

    blank = tmp_path / "wall.png"
    Image.fromarray(np.full((240, 320, 3), 128, np.uint8)).save(blank)
    rc, out, _ = _run(["face", "compare", "--card", str(blank), "--live", str(FACES / "obama2.jpg"), "--json"], capsys)
    assert rc == 3 and json.loads(out)["faces"] == {"card": 0, "live": 1} and json.loads(out)["distance"] is None


def test_compare_bad_arguments_are_2(shared_models: Models, capsys: pytest.CaptureFixture[str],
                                     tmp_path: Path) -> None:
    not_image = tmp_path / "notes.txt"
    not_image.write_text("hello")
    assert _run(["face", "compare", "--card", str(not_image), "--live", str(CARD)], capsys)[0] == 2
    assert _run(["face", "compare", "--card", str(tmp_path / "absent.jpg"), "--live", str(CARD)], capsys)[0] == 2
    assert _run(["face", "compare", "--card", str(CARD), "--live", str(CARD), "--threshold", "7"], capsys)[0] == 2
    assert _run(["face", "compare", "--card", str(CARD)], capsys)[0] == 2


@pytest.mark.parametrize(("scene", "code", "decision"), [
    ("holder", 0, "match"), ("someone_else", 1, "no_match"), ("no_one", 3, "no_face")])
def test_check_on_the_simulated_camera(shared_models: Models, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch, tmp_path: Path, scene: str, code: int,
                                       decision: str) -> None:
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KIOSK_CAMERA__DRIVER", "simulator")
    monkeypatch.setenv("KIOSK_CAMERA__SCENE", scene)
    # the camera runs in real time: a loaded machine sees fewer frames, so the blinkers get longer (they end at
    # the first blink seen); the empty hall always waits the whole timeout
    monkeypatch.setenv("KIOSK_FACE__LIVENESS_TIMEOUT_S", "2" if scene == "no_one" else "10")
    rc, out, _ = _run(["face", "check", "--camera", "--card", str(CARD), "--json"], capsys)
    data = json.loads(out)
    assert rc == code and data["decision"] == decision and data["attempts"] == 1
    assert set(data) == {"decision", "score", "model", "model_version", "attempts"}


def test_check_needs_the_camera_flag_and_a_camera(shared_models: Models, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path))
    assert _run(["face", "check", "--card", str(CARD)], capsys)[0] == 2
    monkeypatch.setenv("KIOSK_CAMERA__DRIVER", "none")
    rc, _, err = _run(["face", "check", "--camera", "--card", str(CARD)], capsys)
    assert rc == 2 and "camera.driver" in err


def test_check_reads_the_card_on_the_reader(shared_models: Models, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No --card: the photo comes from the configured reader; the simulated reader holds no card."""
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KIOSK_CAMERA__DRIVER", "simulator")
    monkeypatch.setenv("KIOSK_IDCARD__DRIVER", "simulator")
    rc, _, err = _run(["face", "check", "--camera", "--json"], capsys)
    assert rc == 3 and "no card" in err


def test_a_check_writes_and_logs_nothing_of_a_face(shared_models: Models, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    """The data dir, the working dir, HOME and TMPDIR are watched; image and array writers are trapped."""
    import cv2
    from PIL import Image

    from kiosk.face.engine import FaceEngine, read_image

    watched = {name: tmp_path / name for name in ("data", "cwd", "home", "tmp")}
    for path in watched.values():
        path.mkdir()
    (watched["data"] / "kiosk.sqlite3").write_bytes(b"existing")
    monkeypatch.chdir(watched["cwd"])
    for var, key in (("KIOSK_DATA_DIR", "data"), ("HOME", "home"), ("TMPDIR", "tmp")):
        monkeypatch.setenv(var, str(watched[key]))
    monkeypatch.setenv("KIOSK_CAMERA__DRIVER", "simulator")
    monkeypatch.setenv("KIOSK_FACE__LIVENESS_TIMEOUT_S", "10")

    def trapped(*args: object, **kwargs: object) -> None:
        raise AssertionError("a face check tried to write an image or an array")

    monkeypatch.setattr(Image.Image, "save", trapped)
    monkeypatch.setattr(cv2, "imwrite", trapped)
    monkeypatch.setattr(np, "save", trapped)
    monkeypatch.setattr(np, "savez", trapped)
    caplog.set_level("DEBUG")

    def tree() -> dict[str, tuple[int, int]]:
        return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for root in watched.values() for p in root.rglob("*")}

    before = tree()
    rc, out, err = _run(["face", "check", "--camera", "--card", str(CARD), "--json"], capsys)
    assert rc == 0 and json.loads(out)["decision"] == "match"
    assert tree() == before
    card_emb, _ = FaceEngine(shared_models).embed(read_image(CARD))
    assert card_emb is not None
    said = out + err + caplog.text
    assert not any(f"{v:.4f}" in said for v in card_emb.vector[:16])


def test_calibrate_reports_rates(shared_models: Models, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for person, names in (("a", ["obama.jpg", "obama2.jpg", "obama_partial_face2.jpg"]), ("b", ["biden.jpg"])):
        (tmp_path / person).mkdir()
        for name in names:
            os.symlink(FACES / name, tmp_path / person / name)
    shutil.copy(CARD, tmp_path / "a" / "card.png")
    rc, out, _ = _run(["face", "calibrate", str(tmp_path), "--json"], capsys)
    data = json.loads(out)
    assert rc == 0 and data["genuine_pairs"] == 6 and data["impostor_pairs"] == 4
    assert data["genuine_max"] < data["impostor_min"]
    at = {r["threshold"]: r for r in data["rates"]}
    assert at[0.5] == {"threshold": 0.5, "far": 0.0, "frr": 0.0}
    assert at[0.3]["frr"] > 0  # the rates move: a threshold too strict rejects the same person
    assert data["genuine_max"] < data["suggested_threshold"] < data["impostor_min"]
    (tmp_path / "b" / "biden.jpg").unlink()
    assert _run(["face", "calibrate", str(tmp_path)], capsys)[0] == 2  # one person only
