"""A resident flow over fake devices, a fake clock and a throwaway SQLite store; no Qt anywhere."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from contract.clock import FakeClock
from contract.settings import load_settings
from devices.idcard import samples
from devices.idcard.cardparse import parse_text_block
from kiosk.content import load_sample_content
from kiosk.flow import ResidentFlow
from kiosk.identity import Identity
from kiosk.resident import ResidentService
from terminal.bootstrap import build_services


def sample_identity(clock: FakeClock, key: str = "resident") -> Identity:
    card = samples.get(key)
    return parse_text_block(card.text, today=clock.now().date(), extra_address=card.extra_address)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def services(tmp_path: Path, clock: FakeClock) -> Iterator[Any]:
    empty = tmp_path / "kiosk.toml"  # never the machine's /etc/kiosk/kiosk.toml
    empty.write_text("", encoding="utf-8")
    settings = load_settings(config_file=empty, environ={}, overrides={
        "data_dir": str(tmp_path / "data"), "mode": "demo",
        "idcard": {"driver": "fake"}, "printer": {"driver": "fake"}, "scanner": {"driver": "fake"},
    })
    built = build_services(settings, clock)
    try:
        yield built
    finally:
        built.close()


@pytest.fixture
def entered() -> list[str]:
    """Every screen the flow entered, in order (what a UI adapter would be told)."""
    return []


@pytest.fixture
def flow(services: Any, clock: FakeClock, entered: list[str]) -> ResidentFlow:
    return ResidentFlow(ResidentService(services, load_sample_content()), clock, entered.append)
