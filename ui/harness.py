"""The app assembled from fakes, a fake clock and a throwaway data directory.

Shared by ``kiosk screenshot`` and the test suite's ``app`` fixture, so what the
screenshots show is what the tests drive.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contract.clock import FakeClock
from contract.settings import Settings, load_settings
from devices.idcard import samples
from devices.idcard.cardparse import parse_text_block
from kiosk.content import Content, load_sample_content
from kiosk.identity import Identity
from terminal.bootstrap import Services, build_services
from ui.app import KioskApp
from ui.voice import VoiceGuide


def sample_identity(key: str = "resident", clock: FakeClock | None = None) -> Identity:
    card = samples.get(key)
    today = (clock or FakeClock()).now().date()
    return parse_text_block(card.text, today=today, extra_address=card.extra_address)


def _load(data_dir: Path, ui: dict[str, Any], devices: dict[str, dict[str, Any]] | None = None) -> Settings:
    """Harness settings: fakes for every device unless ``devices`` names others (e.g. simulators)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    empty = data_dir / "harness.toml"  # never the machine's /etc/kiosk/kiosk.toml
    empty.parent.mkdir(parents=True, exist_ok=True)
    empty.write_text("", encoding="utf-8")
    return load_settings(
        config_file=empty,
        environ=environ,
        overrides={
            "data_dir": str(data_dir),
            "mode": "demo",
            "idcard": {"driver": "fake"},
            "printer": {"driver": "fake"},
            "scanner": {"driver": "fake"},
            "doccam": {"driver": "none"},  # no capture steps unless a test asks for a document camera
            # never the machine's pcscd: the suite's staff card tests insert virtual cards into it, and a
            # harness beside them (the background screen sweeps) opened the technician entry on its home screen
            "pcsc": {"driver": "fake"},
            "ui": {"fullscreen": False, **ui},
            **(devices or {}),
        },
    )


@dataclass
class Harness:
    app: KioskApp
    services: Services
    content: Content
    clock: FakeClock
    data_dir: Path
    _tmp: Any = None

    @property
    def backend(self) -> Any:
        return self.app.backend

    def close(self) -> None:
        self.app.close()
        self.services.close()
        if self._tmp is not None:
            self._tmp.cleanup()


def build_harness(*, size: tuple[int, int] = (1080, 1920), language: str = "zh_CN",
                  data_dir: Path | None = None, content: Content | None = None,
                  devices: dict[str, dict[str, Any]] | None = None, clock: FakeClock | None = None,
                  **ui: Any) -> Harness:
    tmp = None
    if data_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="kiosk-harness-")
        data_dir = Path(tmp.name)
    clock = clock or FakeClock()
    settings = _load(data_dir, ui, devices)
    services = build_services(settings, clock)
    content = content or load_sample_content()
    # on fakes there is no sound device to probe: the guide is told it can be heard, so tests can drive it
    app = KioskApp(services, content, size=size, fullscreen=False, language=language,
                   voice=VoiceGuide(audible=lambda: True))
    return Harness(app=app, services=services, content=content, clock=clock, data_dir=data_dir, _tmp=tmp)
