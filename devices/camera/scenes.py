"""The simulated camera's scenes: scripts of 640x480 stills in ``scenes/`` (see ``devices.camera.simulator``).

Apart from the simulator so that the demo dock can list them without importing numpy and the images.
"""

from __future__ import annotations

from pathlib import Path

SCENE_DIR = Path(__file__).resolve().parent / "scenes"
_BLINK = ["{p}_open"] * 8 + ["{p}_closed"] * 2 + ["{p}_open"] * 6
SCENES: dict[str, list[str]] = {
    "holder": [s.format(p="holder") for s in _BLINK],
    "someone_else": [s.format(p="other") for s in _BLINK],
    "no_one": ["no_one"],
    "printed_photo": ["printed"],
}
