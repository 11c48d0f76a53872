"""First frame first (issue 17): the attract screen is drawn from a light import path and a small card the
full app keeps, then replaced by the full terminal; a tap on it is not lost."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import shiboken6

from tests.ui.qml_driver import pump, tap, visible_texts, wait_for
from ui.first_frame import CACHE_NAME, AttractCard, FirstFrame
from ui.launch import keep_attract_card, start_session

DAY = date(2026, 12, 3)
CARD = AttractCard("历下区示例社区党群服务中心", "zh_CN", DAY.isoformat(),
                   [{"title": "迎新年书法公益课报名", "body": "社区将于12月每周六上午开设书法公益课。"}])


def test_the_card_round_trips_for_its_day_and_language(tmp_path: Path) -> None:
    CARD.write(tmp_path)
    assert AttractCard.read(tmp_path, "fallback", "zh_CN", DAY) == CARD
    # another day: a notice may have expired overnight, so the name only; another language: the settings' name
    assert AttractCard.read(tmp_path, "fallback", "zh_CN", date(2026, 12, 4)).notices == []
    assert AttractCard.read(tmp_path, "Lixia Demo Centre", "en_US", DAY) == AttractCard("Lixia Demo Centre", "en_US")
    assert not (tmp_path / "attract.tmp").exists()


@pytest.mark.parametrize("damage", ["not json", json.dumps([1, 2]), json.dumps({"language": "zh_CN", "notices": 7}),
                                    "x" * 70_000])
def test_a_damaged_or_oversized_card_costs_the_notices_only(tmp_path: Path, damage: str) -> None:
    (tmp_path / CACHE_NAME).write_text(damage, encoding="utf-8")
    assert AttractCard.read(tmp_path, "fallback", "zh_CN", DAY) == AttractCard("fallback", "zh_CN")


def test_the_first_frame_path_imports_no_store_sync_or_documents() -> None:
    heavy = ("sqlalchemy", "sync", "kiosk.flow", "kiosk.resident", "reportlab", "numpy", "requests", "ui.backend")
    out = subprocess.run([sys.executable, "-c", "import sys, ui.start; print([m for m in sys.argv[1:] if m in "
                          "sys.modules])", *heavy], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "[]"


_BUILT = """
import sys
from contract.settings import load_settings
from terminal.bootstrap import build_services
import ui.launch
data = sys.argv[1]
settings = load_settings(None, environ={"KIOSK_DATA_DIR": data}, missing_ok=True,
                         overrides={"data_dir": data, "doccam": {"driver": "simulator"}})
services = build_services(settings)
print(sorted(m for m in sys.argv[2:] if m in sys.modules))
services.close()
"""


def test_the_built_terminal_holds_no_orm_pydantic_requests_or_opencv(tmp_path: Path) -> None:
    """What issue 17's memory target rests on (RSS <= 2x the bare window, see benchmarks/bench_ui.py): the
    terminal with a document camera, built and running, has not loaded these before a resident needs them.
    The first start migrates (Alembic); a daily start, on the migrated database, does not."""
    heavy = ("sqlalchemy.orm", "pydantic", "pydantic_core", "requests", "cv2", "numpy", "alembic")
    loaded = []
    for _start in ("first boot", "daily start"):
        out = subprocess.run([sys.executable, "-c", _BUILT, str(tmp_path), *heavy], capture_output=True, text=True,
                             timeout=120, check=False)
        assert out.returncode == 0, out.stderr[-2000:]
        loaded.append(out.stdout.strip().splitlines()[-1])
    assert loaded == ["['alembic']", "[]"]


@pytest.mark.gui
def test_the_first_frame_shows_the_card_and_hands_a_tap_to_the_full_app(app: Any, artifacts: Path) -> None:
    first = FirstFrame(CARD, size=(1080, 1920), fullscreen=False)
    wait_for(lambda: first.window.isExposed() or first.window.isVisible(), what="first frame shown")
    pump(100)
    (artifacts / "screens").mkdir(parents=True, exist_ok=True)
    assert first.window.grabWindow().save(str(artifacts / "screens" / "first_frame.png"))
    texts = visible_texts(first.window)
    assert CARD.centre_name in texts and "迎新年书法公益课报名" in texts
    tap(first.window, "attractStart")
    assert first.tapped
    started: list[str] = []
    first.hand_over(app.app.window, started.append)
    wait_for(lambda: started == [""], what="the tap handed over")
    pump()
    assert not shiboken6.isValid(first.window) or not first.window.isVisible()  # closed, its scene let go


@pytest.mark.gui
def test_start_in_english_on_the_first_frame_starts_the_session_in_english(app: Any) -> None:
    first = FirstFrame(CARD, size=(1080, 1920), fullscreen=False)
    wait_for(lambda: first.window.isExposed() or first.window.isVisible(), what="first frame shown")
    tap(first.window, "attractEnglish")
    first.hand_over(app.app.window, lambda language: start_session(app.app, language))
    wait_for(lambda: app.backend.screen != "attract", what="the session started")
    assert app.backend.language == "en_US"


@pytest.mark.gui
def test_the_full_app_keeps_todays_card_for_the_next_start(app: Any) -> None:
    keep_attract_card(app.app)
    settings = app.services.settings
    card = AttractCard.read(Path(settings.data_dir), "fallback", settings.ui.default_language,
                            app.clock.now().date())
    shown = app.app.community.notices
    assert card.centre_name == app.backend.centreName
    assert [n["title"] for n in card.notices] == [shown.get(i)["title"] for i in range(shown.count)]
