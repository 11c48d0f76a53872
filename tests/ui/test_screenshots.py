"""Every resident screen renders in both languages, portrait and landscape; PNGs saved as test artifacts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage

from kiosk.roles.printer import Paper
from tests.ui.qml_driver import find, tap, wait_for
from ui.harness import build_harness
from ui.screenshot import SCREEN_NAMES, prepare
from ui.screenshot import _settle as prepare_settle

pytestmark = pytest.mark.gui


def _distinct_colours(image: QImage, step: int = 23) -> int:
    seen = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            seen.add(image.pixel(x, y))
    return len(seen)


@pytest.mark.parametrize("lang", ["zh_CN", "en_US"])
def test_every_screen_renders_in_both_languages(lang: str, artifacts: Path, tmp_path: Path) -> None:
    """One app per language, each screen reached from a fresh visit (the app forgets the last one, as it does
    between residents); the screenshot command's own fresh start is tested below."""
    out_dir = artifacts / "screens" / lang
    out_dir.mkdir(parents=True, exist_ok=True)
    h = build_harness(language=lang, data_dir=tmp_path / "data")
    try:
        for name in SCREEN_NAMES:
            h.services.printer.paper = Paper.OK  # receipt_paper_out runs the fake printer out of paper
            h.backend.wipe("idle")
            prepare(h, name)
            image = h.app.grab()
            assert not image.isNull() and image.width() == 1080 and image.height() == 1920
            assert _distinct_colours(image) > 5, f"{name} rendered blank"
            image.save(str(out_dir / f"{name}.png"))
    finally:
        h.close()


@pytest.mark.parametrize("size", [(1920, 1080)])
def test_landscape_and_large_text_render(size: tuple[int, int], artifacts: Path, tmp_path: Path) -> None:
    out_dir = artifacts / "screens" / "landscape"
    out_dir.mkdir(parents=True, exist_ok=True)
    h = build_harness(size=size, data_dir=tmp_path / "data")
    try:
        for name in ("home", "guide", "form", "receipt"):
            for large in (False, True):
                h.backend.wipe("idle")
                prepare(h, name)
                if large:
                    h.backend.toggleLargeText()
                    prepare_settle(h)
                image = h.app.grab()
                assert image.width() == size[0] and image.height() == size[1]
                image.save(str(out_dir / f"{name}{'_large' if large else ''}.png"))
    finally:
        h.close()


def _home_button_height(w: Any) -> float:
    item = find(w, "homeButton")
    assert item is not None
    return item.height()


def test_large_text_enlarges_text_and_targets_by_half(app: Any) -> None:
    w = app.app.window
    tap(w, "attractStart")
    wait_for(lambda: find(w, "homeButton") is not None, what="nav bar")
    before = _home_button_height(w)
    app.backend.toggleLargeText()
    wait_for(lambda: _home_button_height(w) >= before * 1.5 - 1, what="bigger targets")
    assert _home_button_height(w) >= 96 * 1.5


def test_screenshot_cli_lists_and_renders(tmp_path: Path) -> None:
    listed = subprocess.run([sys.executable, "-m", "ui.main", "screenshot", "--list"], capture_output=True,
                            text=True, check=True).stdout.split()
    assert listed == list(SCREEN_NAMES)
    out = tmp_path / "guide.png"
    subprocess.run([sys.executable, "-m", "ui.main", "screenshot", "--screen", "guide", "--out", str(out),
                    "--lang", "en_US", "--size", "1920x1080", "--large-text"], check=True, capture_output=True,
                   timeout=120)
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1920, 1080)
    bad = subprocess.run([sys.executable, "-m", "ui.main", "screenshot", "--screen", "nope", "--out", str(out)],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "unknown screen" in bad.stderr
