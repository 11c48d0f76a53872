"""The demo dock: its own QML element, present only in demo mode with ``ui.dev_dock``, driving the simulators."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.ui.qml_driver import find, tap, wait_for
from ui.harness import build_harness

pytestmark = [pytest.mark.gui, pytest.mark.slow]


def test_dock_places_a_simulated_card_and_runs_the_printer_out_of_paper(tmp_path: Path) -> None:
    h = build_harness(data_dir=tmp_path, dev_dock=True, devices={"idcard": {"driver": "simulator"},
                                                                 "printer": {"driver": "simulator"}})
    try:
        b, w = h.backend, h.app.window
        dock: Any = h.app.dev_dock
        assert dock is not None and dock.sampleCards.count > 0
        tap(w, "devDockToggle")
        b.start()
        b.openService("residence_certificate")
        b.apply()
        wait_for(lambda: b.screen == "identify", what="identify")
        key = dock.sampleCards.get(0)["key"]
        tap(w, f"dev_place_{key}")
        wait_for(lambda: b.identified, timeout_s=20, what="identified by the simulated card")
        tap(w, "dev_paper_out")
        wait_for(lambda: b.paper == "out", timeout_s=20, what="paper out")
    finally:
        h.close()


def test_no_dock_element_outside_the_demo_dock(app: Any) -> None:
    assert app.app.dev_dock is None
    assert find(app.app.window, "devDockToggle") is None
