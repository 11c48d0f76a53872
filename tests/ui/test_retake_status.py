"""Staff asking at the hub for materials to be photographed again (issue 19, status ``needs_retake``) reach the
resident's progress check at the terminal in plain words, in both languages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kiosk.submission import CaseStatus
from tests.ui.qml_driver import visible_texts, wait_for
from tests.ui.test_resident_flow import _apply_with_sample_answers, _screen

pytestmark = pytest.mark.gui

WORDS = {"zh_CN": "有材料需要重新拍照，请带上材料到窗口办理",
         "en_US": "Some of your papers need a new photo: please bring them to the counter"}


def test_a_retake_request_shows_in_the_progress_check(app: Any, artifacts: Path) -> None:
    b = app.backend
    _apply_with_sample_answers(app)
    stub = b.resident.session.last_stub
    store = app.services.store
    store.apply_statuses([{"submission_id": stub.submission_id, "tracking_number": stub.tracking_number,
                           "status": "needs_retake", "updated_at": app.clock.now().isoformat(),
                           "certificate": None, "retake_materials": ["hukou"]}], cursor="1")
    assert store.find_by_tracking(stub.tracking_number).status is CaseStatus.NEEDS_RETAKE
    out = artifacts / "kiosk"
    out.mkdir(parents=True, exist_ok=True)
    for lang, words in WORDS.items():
        b.finish()
        b.start()
        b.setLanguage(lang)
        app.app.lookup.lookupTracking(stub.tracking_number)
        wait_for(lambda: _screen(app) == "lookup_result", what="progress")
        wait_for(lambda w=words: w in visible_texts(app.app.window), what=f"the retake in {lang}")
        app.app.window.grabWindow().save(str(out / f"{lang}-lookup_retake.png"))
