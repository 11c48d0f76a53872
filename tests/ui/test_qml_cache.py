"""QML compiled once (issue 17 item 3): ``kiosk qml-cache`` fills Qt's disk cache with every QML file, and
the terminal started on that cache compiles nothing more (each file is read from the cache, none rewritten)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ui.qml_cache import QML_DIR

ROOT = Path(__file__).resolve().parents[2]
START = """
import sys, pathlib
from ui.harness import build_harness
from tests.ui.qml_driver import pump
h = build_harness(data_dir=pathlib.Path(sys.argv[1]))
pump(200)
h.close()
"""

pytestmark = pytest.mark.gui


def _env(cache: Path) -> dict[str, str]:
    return {**os.environ, "QML_DISK_CACHE_PATH": str(cache), "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}


def test_warmed_cache_holds_every_file_and_the_start_only_reads_it(tmp_path: Path) -> None:
    cache = tmp_path / "qml"
    out = subprocess.run([sys.executable, "-m", "ui.main", "qml-cache"], cwd=ROOT, env=_env(cache),
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    ours = len(list(QML_DIR.glob("*.qml")))
    warmed = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.qmlc")}
    # ours and the virtual keyboard's style and layouts (zh_CN and the fallback English uses)
    assert out.stdout.strip() == f"compiled {len(warmed)} QML files into {cache}" and len(warmed) >= ours + 5
    started = subprocess.run([sys.executable, "-c", START, str(tmp_path / "data")], cwd=ROOT, env=_env(cache),
                             capture_output=True, text=True, timeout=300)
    assert started.returncode == 0, started.stderr[-2000:]
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("*.qmlc")} == warmed
