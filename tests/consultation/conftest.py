"""A real hub (``kiosk-hub serve`` on 127.0.0.1, a free port) for the consultation tests, once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hub.testing import RunningHub, run_hub


@pytest.fixture(scope="session")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    with run_hub(Path(tmp_path_factory.mktemp("consultation-hub"))) as running:
        yield running
