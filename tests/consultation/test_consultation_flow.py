"""Consultation through the QML screens: a resident votes on a topic with the ID card; the same card at
another terminal is refused at the hub (one person, one vote); results appear once the topic closes.
Screenshots of every consultation page in both languages go to test-artifacts/community/."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from hub.testing import RunningHub, make_enroll_token, publish
from kiosk.content import SAMPLE_CONTENT_DIR, content_from_bundle
from kiosk.voice_prompts import PROMPTS
from sync.bundles import BundleManager
from sync.service import SyncService, enroll
from tests.ui.qml_driver import find, tap, type_into, visible_texts, wait_for
from ui.harness import Harness, build_harness, sample_identity

pytestmark = pytest.mark.gui

TOPIC = "lawn-parking"


def _topics(closes_at: datetime) -> dict[str, Any]:
    return {"topics": [{
        "id": TOPIC, "title": {"zh_CN": "东侧绿地是否改建为停车位", "en_US": "Should the east lawn become parking?"},
        "description": {"zh_CN": "居委会提议将东侧绿地一半改建为停车位。", "en_US": "Half of the east lawn would become parking."},
        "opens_at": "2026-11-01T00:00:00+08:00", "closes_at": closes_at.isoformat(),
        "options": [{"id": "yes", "label": {"zh_CN": "同意", "en_US": "Yes"}},
                    {"id": "no", "label": {"zh_CN": "不同意", "en_US": "No"}}]}]}


def _shot(h: Harness, artifacts: Path, name: str) -> None:
    out = artifacts / "community"
    out.mkdir(parents=True, exist_ok=True)
    wait_for(lambda: True)
    assert h.app.grab().save(str(out / f"{name}_{h.backend.language}.png"))


def _terminal(hub: RunningHub, data_dir: Path, language: str = "zh_CN") -> tuple[Harness, SyncService]:
    h = build_harness(data_dir=data_dir, language=language)
    store = h.services.store
    enroll(store, hub.base_url, make_enroll_token(hub.base_url, hub.admin_token, community="示例社区"),
           trust_on_first_use=True)  # the test's own hub on loopback
    bundles = BundleManager(store, validator=content_from_bundle)
    sync = SyncService(h.services.settings, store, clock=h.services.clock, bundles=bundles,
                       is_idle=lambda: h.backend.screen == "attract")
    h.services.sync = sync
    assert sync.run_once().bundle_current
    h.backend.set_content(content_from_bundle(bundles.active()))
    assert [t.id for t in h.backend.resident.content.topics] == [TOPIC]
    return h, sync


def _vote_with_card(h: Harness, option: str, artifacts: Path | None = None) -> None:
    w, c = h.app.window, h.app.consultation
    tap(w, "attractStart")
    wait_for(lambda: h.backend.screen == "home", what="home")
    tap(w, "consultationButton")
    wait_for(lambda: c.active and c.page == "list", what="topic list")
    if artifacts:
        _shot(h, artifacts, "consultation_list")
    tap(w, f"topic_{TOPIC}")
    wait_for(lambda: c.page == "topic", what="topic")
    if artifacts:
        _shot(h, artifacts, "consultation_topic")
    tap(w, f"vote_{option}")
    wait_for(lambda: c.page == "identify", what="identify first")
    if artifacts:
        _shot(h, artifacts, "consultation_identify")
    h.services.idcard.place(sample_identity("resident", h.clock))
    wait_for(lambda: c.page == "done", timeout_s=20, what="vote taken")


def test_one_person_one_vote_across_two_terminals_through_the_screens(hub: RunningHub, tmp_path: Path,
                                                                      artifacts: Path) -> None:
    publish(hub.base_url, hub.admin_token, "catalog",
            yaml.safe_load((SAMPLE_CONTENT_DIR / "catalog.yaml").read_text(encoding="utf-8")), content_id="catalog")
    closes_at = datetime.now(UTC) + timedelta(hours=2)
    publish(hub.base_url, hub.admin_token, "topics", _topics(closes_at))

    a, _sync_a = _terminal(hub, tmp_path / "a")
    try:
        _vote_with_card(a, "yes", artifacts)
        c = a.app.consultation
        wait_for(lambda: c.outcome == "counted", timeout_s=30, what="the hub counts the vote")
        assert any("计入" in t for t in visible_texts(a.app.window))
        _shot(a, artifacts, "consultation_counted")
        # the same person cannot vote twice here either (refused at once, before the hub)
        tap(a.app.window, "consultationDoneBack")
        tap(a.app.window, f"topic_{TOPIC}")
        wait_for(lambda: c.topic.get("votedHere") is True, what="voted here")
        assert not find(a.app.window, "vote_no").property("enabled")
    finally:
        a.close()

    b, _sync_b = _terminal(hub, tmp_path / "b", language="en_US")
    try:
        _vote_with_card(b, "no", artifacts)
        c = b.app.consultation
        wait_for(lambda: c.outcome == "duplicate", timeout_s=30, what="the hub refuses the second vote")
        assert any("already voted on this topic at another terminal" in t for t in visible_texts(b.app.window))
        _shot(b, artifacts, "consultation_duplicate")
        # the resident still has a say: an opinion typed on the keyboard (already identified by the card)
        tap(b.app.window, "consultationDoneBack")
        tap(b.app.window, f"topic_{TOPIC}")
        wait_for(lambda: c.page == "topic", what="topic again")
        # an ID number in the text is refused before it is queued (issue 16: it would reach staff in clear)
        type_into(b.app.window, "opinionInput", "call me 370102198506123410")
        tap(b.app.window, "sendOpinion")
        wait_for(lambda: c.message == "id_number", what="the ID number is refused")
        assert any("remove the ID number" in t for t in visible_texts(b.app.window))
        _shot(b, artifacts, "consultation_opinion_id_number")
        find(b.app.window, "opinionInput").setProperty("text", "")
        type_into(b.app.window, "opinionInput", "建议增加充电桩 EV chargers")
        tap(b.app.window, "kind_proposal")
        tap(b.app.window, "sendOpinion")
        wait_for(lambda: c.page == "done" and c.lastAction == "opinion", what="opinion sent")
        _shot(b, artifacts, "consultation_opinion_sent")
        assert _sync_b.run_once(heartbeat=False) is not None
    finally:
        b.close()

    admin = {"Authorization": f"Bearer {hub.admin_token}"}
    topics = httpx.get(f"{hub.base_url}/api/v1/admin/topics", headers=admin).json()
    assert next(t for t in topics if t["id"] == TOPIC)["votes"] == 1
    staff = httpx.get(f"{hub.base_url}/api/v1/admin/topics/{TOPIC}/opinions", headers=admin).json()
    assert [(o["kind"], o["text"]) for o in staff] == [("proposal", "建议增加充电桩 EV chargers")]

    # the committee closes the topic: results reach the terminal and show on the topic's page
    publish(hub.base_url, hub.admin_token, "topics", _topics(datetime.now(UTC) - timedelta(minutes=1)))
    for language in ("zh_CN", "en_US"):
        _show_results(tmp_path / "b", language, artifacts)
    results = httpx.get(f"{hub.base_url}/api/v1/admin/topics/{TOPIC}/results", headers=admin).json()
    assert results["total"] == 1 and json.dumps(results, ensure_ascii=False).count("370") == 0


def _show_results(data_dir: Path, language: str, artifacts: Path) -> None:
    h = build_harness(data_dir=data_dir, language=language)
    try:
        bundles = BundleManager(h.services.store, validator=content_from_bundle)
        sync = SyncService(h.services.settings, h.services.store, clock=h.services.clock, bundles=bundles)
        h.services.sync = sync
        sync.run_once()
        h.backend.set_content(content_from_bundle(bundles.active()))
        w, c = h.app.window, h.app.consultation
        tap(w, "attractStart")
        tap(w, "consultationButton")
        wait_for(lambda: c.page == "list", what="list")
        tap(w, f"topic_{TOPIC}")
        wait_for(lambda: c.topic.get("hasResults") is True, timeout_s=30, what="results from the hub")
        wait_for(lambda: find(w, "consultationResults") is not None, what="results on screen")
        assert {o["optionId"]: o["votes"] for o in c.topic["options"]} == {"yes": 1, "no": 0}
        _shot(h, artifacts, "consultation_results")
    finally:
        h.close()


def test_votes_are_refused_before_enrolment_with_a_clear_reason(tmp_path: Path, artifacts: Path) -> None:
    h = build_harness(data_dir=tmp_path / "k")
    try:
        w, c = h.app.window, h.app.consultation
        h.services.store.keys.enrollment = lambda: None  # type: ignore[method-assign]
        tap(w, "attractStart")
        tap(w, "consultationButton")
        wait_for(lambda: c.page == "list", what="list")
        tap(w, "topic_east-lawn-parking")
        h.backend.resident.session.identity = sample_identity("resident", h.clock)
        tap(w, "voiceButton")  # voice guidance reads each consultation page's instruction
        tap(w, "consultationBack")
        wait_for(lambda: PROMPTS["consultation_list"]["zh_CN"] in h.app.voice.spoken, what="list prompt")
        tap(w, "topic_east-lawn-parking")
        wait_for(lambda: h.app.voice.spoken[-1] == PROMPTS["consultation_topic"]["zh_CN"], what="topic prompt")
        tap(w, "vote_yes")
        wait_for(lambda: c.message == "not_enrolled", what="refused before enrolment")
        assert c.page == "topic" and find(w, "consultationMessage") is not None
        assert any("尚未接入平台" in t for t in visible_texts(w))
        for language in ("zh_CN", "en_US"):
            h.backend.setLanguage(language)
            _shot(h, artifacts, "consultation_not_enrolled")
    finally:
        h.close()
