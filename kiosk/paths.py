"""Where the kiosk finds its bundled assets (the data directory is a setting: ``contract.settings``)."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ASSETS_DIR = REPO_ROOT / "assets"
