"""The papers of a service photographed in the resident flow, by taps on the real window, on the simulated camera.

A resident applies for the minimum living allowance (two required papers, the household register and the
household's income, and an optional one): the first photo is blurred and refused with the plain-words
reason, the next one is kept, a second page is added and retaken, the second paper gets one page (and a
page deleted), the optional one is skipped, the review shows the thumbnails, and the submission leaves
one sealed ``page`` item per page after the submission item.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from contract.pages import PAGE_KIND
from kiosk.pages import reasons
from tests.journeys.finger import Finger, on_screen
from tests.ui.qml_driver import find, is_shown, pump, scroll_into_view, tap, wait_for
from ui.harness import build_harness, sample_identity
from ui.screenshot import _fill_sample_answers
from ui.start import _settings

pytestmark = pytest.mark.gui

SERVICE = "minimum_living_allowance"
CAMERA = {"doccam": {"driver": "simulator", "still_size": "1600x1200", "preview_size": "640x480"}}


@pytest.fixture
def doc_app(qtbot: Any, tmp_path: Path) -> Iterator[Any]:
    h = build_harness(data_dir=tmp_path / "data", devices=CAMERA)
    try:
        yield h
    finally:
        h.close()


def _shot(h: Any, shots: Path, name: str) -> None:
    shots.mkdir(parents=True, exist_ok=True)
    pump(120)
    h.app.window.grabWindow().save(str(shots / f"{name}.png"))


def _to_materials(h: Any) -> None:
    """Identified by card, the form answered, then "Check my answers" on its last page."""
    b, w = h.backend, h.app.window
    b.start()
    b.openService(SERVICE)
    b.resident.session.identity = sample_identity("resident", h.clock)
    b.apply()
    wait_for(lambda: b.screen == "form", what="form")
    _fill_sample_answers(h)
    b.resident.session.form.set_value("situation", "家里两位老人常年生病，收入很低，需要帮助。")
    for _ in range(10):
        if b.screen != "form":
            break
        tap(w, "nextPageButton")
    wait_for(lambda: b.screen == "materials", what="the capture step")


def _press_shutter(h: Any) -> str:
    """Tap "Take photo" and wait for the verdict (the still is copied in a worker)."""
    verdicts: list[str] = []
    h.app.materials.shot.connect(verdicts.append)
    try:
        tap(h.app.window, "shutterButton")
        wait_for(lambda: bool(verdicts) and not h.backend.busy, timeout_s=60, what="the shutter's verdict")
    finally:
        h.app.materials.shot.disconnect(verdicts.append)
    return verdicts[0]


def test_two_papers_captured_by_taps_then_sealed_with_the_submission(doc_app: Any, artifacts: Path) -> None:
    h, w, b, m = doc_app, doc_app.app.window, doc_app.backend, doc_app.app.materials
    shots = artifacts / "doccam"
    camera = h.services.doccam
    camera.place(21)
    _to_materials(h)
    assert m.step["materialId"] == "household_register" and m.step["required"] and m.step["count"] == 3
    wait_for(lambda: len(m.previewOutline) == 8, timeout_s=20, what="the live outline of the page")
    assert not find(w, "materialNextButton").isEnabled()  # a required paper: no page yet, no way on
    _shot(h, shots, "1-preview")

    camera.place(21, blur=0.003)  # the resident's hand shook
    assert _press_shutter(h) == reasons.BLURRED
    assert m.message == reasons.retake_text(reasons.BLURRED, "zh_CN") and not m.accepted
    assert m.pages.rowCount() == 0
    _shot(h, shots, "2-refused-blurred")

    camera.place(21)
    assert _press_shutter(h) == reasons.OK
    camera.place(22)
    assert _press_shutter(h) == reasons.OK
    assert m.pages.rowCount() == 2 and m.message == reasons.retake_text(reasons.OK, "zh_CN")
    tap(w, "retakePage_1")
    assert m.step["replacing"] == 1
    camera.place(23)
    assert _press_shutter(h) == reasons.OK
    assert m.pages.rowCount() == 2 and m.step["replacing"] == -1  # page 2 replaced, not added
    wait_for(lambda: find(w, "page_1") is not None and is_shown(find(w, "page_1")), what="page thumbnails")
    _shot(h, shots, "3-two-pages")
    tap(w, "materialNextButton")

    wait_for(lambda: m.step.get("materialId") == "household_income", what="the second paper")
    tap(w, "backButton")  # Back: the first paper again, its pages kept
    wait_for(lambda: m.step.get("materialId") == "household_register", what="back to the first paper")
    assert b.screen == "materials" and m.pages.rowCount() == 2
    tap(w, "materialNextButton")
    wait_for(lambda: m.step.get("materialId") == "household_income", what="the second paper again")
    camera.place(24)
    assert _press_shutter(h) == reasons.OK
    camera.place(25)
    assert _press_shutter(h) == reasons.OK
    tap(w, "deletePage_1")
    assert m.pages.rowCount() == 1
    tap(w, "materialNextButton")
    wait_for(lambda: m.step.get("materialId") == "illness_disability_proof", what="the optional paper")
    assert not m.step["required"] and find(w, "materialNextButton").isEnabled()
    tap(w, "materialNextButton")  # "Skip, I do not have it"

    wait_for(lambda: b.screen == "review", what="review")
    wait_for(lambda: find(w, "reviewPages_household_register") is not None, what="thumbnails on the review")
    scroll_into_view(w, find(w, "reviewPages_household_income"))
    _shot(h, shots, "4-review-thumbnails")
    steps = b.resident.session.materials
    sent = {o.material: o for o in steps.outcome()}
    assert {k: (o.status, len(o.pages)) for k, o in sent.items()} == {
        "household_register": ("captured", 2), "household_income": ("captured", 1),
        "illness_disability_proof": ("skipped", 0)}

    tap(w, "submitButton")
    wait_for(lambda: b.screen == "receipt", timeout_s=30, what="receipt")
    assert b.resident.session.materials is None  # no page outlives the submission in memory
    db = sqlite3.connect(h.services.settings.db_path)
    try:
        rows = db.execute("SELECT kind, body FROM outbox ORDER BY seq").fetchall()
    finally:
        db.close()
    kinds = [k for k, _ in rows if k in ("submission", PAGE_KIND)]
    assert kinds == ["submission", PAGE_KIND, PAGE_KIND, PAGE_KIND]
    pages = [json.loads(body) for k, body in rows if k == PAGE_KIND]
    assert [(p["material"], p["number"]) for p in pages] == [
        ("household_register", 1), ("household_register", 2), ("household_income", 1)]
    sub = json.loads(next(body for k, body in rows if k == "submission"))
    assert {p["submission_id"] for p in pages} == {sub["submission_id"]}


def test_a_paper_can_be_left_for_the_counter_and_the_wipe_forgets_the_pages(doc_app: Any, artifacts: Path) -> None:
    h, w, b, m = doc_app, doc_app.app.window, doc_app.backend, doc_app.app.materials
    h.services.doccam.place(31)
    _to_materials(h)
    assert _press_shutter(h) == reasons.OK
    steps = b.resident.session.materials
    assert steps.page_count() == 1
    tap(w, "materialNextButton")
    wait_for(lambda: m.step.get("materialId") == "household_income", what="the second paper")
    b.setLanguage("en_US")
    wait_for(lambda: m.step.get("name") == "Proof of household members' income", what="the paper's English name")
    _shot(h, artifacts / "doccam", "5-second-paper-en")
    tap(w, "counterButton")
    wait_for(lambda: m.step.get("materialId") == "illness_disability_proof", what="the optional paper")
    tap(w, "materialNextButton")
    wait_for(lambda: b.screen == "review", what="review")
    assert {o.material: o.status for o in steps.outcome()} == {
        "household_register": "captured", "household_income": "counter", "illness_disability_proof": "skipped"}
    b.wipe("idle")
    assert b.resident.session.materials is None and steps.page_count() == 0
    assert b.resident.session.is_empty and m.pages.rowCount() == 0


def test_the_demo_dock_changes_the_paper_under_the_simulated_camera(qtbot: Any, tmp_path: Path) -> None:
    h = build_harness(data_dir=tmp_path / "data", devices=CAMERA, dev_dock=True)
    try:
        w, camera = h.app.window, h.services.doccam
        assert h.services.demo is not None and h.services.demo.doccam is camera
        tap(w, "devDockToggle")
        tap(w, "dev_doc_next")
        first = camera.scene
        tap(w, "dev_doc_next")
        assert first is not None and camera.scene is not None and camera.scene.seed == first.seed + 1
        assert camera.scene.blur == 0
    finally:
        h.close()


def test_the_demo_runs_the_simulated_camera_and_a_terminal_has_none_until_configured(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("KIOSK_DOCCAM__DRIVER", raising=False)
    config = tmp_path / "kiosk.toml"
    config.write_text("", encoding="utf-8")
    demo = argparse.Namespace(config=str(config), gui_mode="demo", size=None, lang=None, windowed=True)
    run = argparse.Namespace(config=str(config), gui_mode="run")
    assert _settings(demo).doccam.driver == "simulator"
    assert _settings(run).doccam.driver == "none"


def test_in_landscape_with_large_text_the_shutter_is_still_at_hand(qtbot: Any, tmp_path: Path, artifacts: Path) -> None:
    h = build_harness(data_dir=tmp_path / "data", devices=CAMERA, size=(1920, 1080))
    try:
        w, m = h.app.window, h.app.materials
        h.services.doccam.place(41)
        _to_materials(h)
        tap(w, "largeTextButton")
        assert _press_shutter(h) == reasons.OK
        assert _press_shutter(h) == reasons.OK
        wait_for(lambda: len(m.previewOutline) == 8, timeout_s=20, what="the live outline")
        assert on_screen(w, find(w, "docMessage"))  # the verdict is scrolled into view
        _shot(h, artifacts / "doccam", "6-landscape-large-text")
        finger = Finger(w)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the delegates a refresh replaced
        for _ in range(6):  # the pages are below: the resident scrolls until the page's buttons show
            if on_screen(w, find(w, "retakePage_0")):
                break
            finger.swipe_up(find(w, "materialsSide"), 150)
        finger.tap_item(find(w, "retakePage_0"))
        assert m.step["replacing"] == 0 and m.pages.rowCount() == 2
    finally:
        h.close()


def test_an_unplugged_camera_is_said_in_plain_words_and_the_paper_can_go_to_the_counter(doc_app: Any) -> None:
    h, w, m = doc_app, doc_app.app.window, doc_app.app.materials
    h.services.doccam.place(51)
    _to_materials(h)
    h.services.doccam.connected = False
    wait_for(lambda: not m.cameraOnline, timeout_s=20, what="the camera seen as gone")
    assert m.message == reasons.retake_text(reasons.CAMERA, "zh_CN")
    assert not find(w, "shutterButton").isEnabled()
    tap(w, "counterButton")
    wait_for(lambda: m.step.get("materialId") == "household_income", what="the next paper")
    h.services.doccam.connected = True
    wait_for(lambda: m.cameraOnline, timeout_s=20, what="the camera back")
