"""Where the kiosk finds its bundled assets and keeps its data."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

REPO_ROOT = Path(__file__).resolve().parent.parent
ASSETS_DIR = REPO_ROOT / "assets"


def default_data_dir() -> Path:
    """The data directory: ``KIOSK_DATA_DIR`` wins for every command, else platformdirs."""
    env = os.environ.get("KIOSK_DATA_DIR")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("kiosk", appauthor=False))
