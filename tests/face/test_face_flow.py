"""Issue 18, item 5 and 6 on screen: the face check between the card read and the form, driven by taps in a
real window with the simulated camera (the real models in the worker's child process), the SAM simulator's
sample card (its photo decodes through the sample decoder) and a fake staff card reader.

Each test saves screenshots of the states it reaches under ``test-artifacts/face/``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.technician.helpers import TECH_PIN, enrol, new_platform
from tests.ui.qml_driver import find, pump, tap, visible_texts, wait_for
from ui.harness import Harness, build_harness, sample_identity
from ui.screenshot import _fill_sample_answers

pytestmark = pytest.mark.gui

WORKER_START_S = 90.0  # interpreter, dlib models and camera in the child, on a shared two-core machine
IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG", b"BM")
DECISION_KEYS = {"decision", "score", "model", "model_version", "attempts"}


@pytest.fixture
def kiosk(qtbot: Any, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Harness]:
    language = getattr(request, "param", "zh_CN")
    h = build_harness(data_dir=tmp_path / "data", language=language, dev_dock=True, devices={
        "idcard": {"driver": "simulator"}, "camera": {"driver": "simulator"},
        "face": {"liveness_timeout_s": 4}})
    enrol(h.services.store, PLATFORM)
    try:
        yield h
    finally:
        h.close()


PLATFORM = new_platform()


def shot(h: Harness, artifacts: Path, name: str) -> None:
    folder = artifacts / "face"
    folder.mkdir(parents=True, exist_ok=True)
    h.app.grab().save(str(folder / f"{name}.png"))


def open_certificate_and_place_card(h: Harness, scene: str = "holder") -> None:
    """Attract -> home -> certificates -> the residence certificate's guide -> apply -> the card on the reader."""
    w = h.app.window
    tap(w, "attractStart")
    wait_for(lambda: h.backend.screen == "home", what="home")
    if scene != "holder":  # the demo dock: what the simulated camera sees
        tap(w, "devDockToggle")
        tap(w, f"dev_scene_{scene}")
        tap(w, "dev_close")
    tap(w, "category_certificates")
    tap(w, "service_residence_certificate")
    wait_for(lambda: h.backend.screen == "guide", what="guide")
    assert h.app.face.worker is not None  # started with the guide: it loads while the card is read
    tap(w, "applyButton")
    wait_for(lambda: h.backend.screen == "identify", what="identify")
    h.services.demo.idcard.place("resident")  # the resident lays their card on the reader
    wait_for(lambda: h.backend.screen == "face", what="the face check after the card read")


def seen(h: Harness) -> None:
    """Render the window once, as a person looks before tapping: a button that just appeared is laid out
    (a Column places it at its next polish) before the tap is aimed at it."""
    h.app.grab()


def face_events(h: Harness) -> list[tuple[str, dict[str, Any], str | None]]:
    return [(e, d, s) for e, _at, d, s in h.services.store.audit_events() if e.startswith("face.")]


def test_the_card_holder_passes_and_the_submission_carries_only_the_decision(
        kiosk: Harness, artifacts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    h, w = kiosk, kiosk.app.window
    sealed: list[dict[str, Any]] = []
    import sync.submissions as submissions

    real_seal = submissions.crypto.seal
    monkeypatch.setattr(submissions.crypto, "seal",
                        lambda key, plain: sealed.append(json.loads(plain)) or real_seal(key, plain))
    open_certificate_and_place_card(h)
    face = h.app.face
    shot(h, artifacts, "zh_CN-starting")
    wait_for(lambda: face.state == "checking" and not face.preview.empty, timeout_s=WORKER_START_S,
             what="the live preview")
    assert find(w, "faceOutline") is not None and find(w, "facePreview") is not None
    shot(h, artifacts, "zh_CN-checking")
    wait_for(lambda: h.backend.screen == "form", timeout_s=30, what="the form after a match")
    check = h.backend.resident.session.identity_check
    assert check["decision"] == "match" and check["attempts"] == 1 and set(check) == DECISION_KEYS
    _fill_sample_answers(h)
    h.backend._show_review()
    h.backend.submit()
    wait_for(lambda: h.backend.screen == "receipt", timeout_s=20, what="receipt")
    assert sealed[-1]["identity_check"] == check  # sealed with the answers: the decision's fields, nothing else
    assert set(sealed[-1]) == {"answers", "identity", "identity_check", "materials"}  # materials: the papers' manifest
    (event, detail, staff), = face_events(h)
    assert event == "face.check_done" and staff is None
    assert set(detail) == DECISION_KEYS | {"service_id"} and detail["decision"] == "match"


def test_someone_else_fails_three_times_then_staff_are_called_and_let_the_resident_through(
        kiosk: Harness, artifacts: Path) -> None:
    h, w = kiosk, kiosk.app.window
    open_certificate_and_place_card(h, scene="someone_else")
    face = h.app.face
    for attempt in (1, 2):
        wait_for(lambda: face.state == "retry", timeout_s=WORKER_START_S, what=f"attempt {attempt} refused")
        assert face.reason == "no_match" and face.attemptsLeft == 3 - attempt
        if attempt == 1:
            shot(h, artifacts, "zh_CN-retry-no_match")
        seen(h)
        tap(w, "faceRetry")
        wait_for(lambda: face.state != "retry", what=f"attempt {attempt + 1} started by the tap")
    wait_for(lambda: face.state == "staff", timeout_s=30, what="staff after the third attempt")
    wait_for(lambda: h.app.community.staffCalled, what="the call-staff alert")
    wait_for(lambda: ("call_staff", {"screen": "face"}) in [(e, d) for e, _at, d, _s in h.services.store.audit_events()],
             what="the call queued for the hub")
    assert find(w, "faceRetry") is None and find(w, "faceStaffPanel") is not None
    shot(h, artifacts, "zh_CN-staff")
    # a staff member comes, checks the person against the card, and confirms with their card and PIN
    h.app.technician.monitor.insert(PLATFORM.card_record("T1001"))
    wait_for(lambda: face.staffCardPresent, what="the staff card taken by the face check")
    seen(h)
    assert not h.app.technician.active  # not the technician mode: the resident's session goes on
    for digit in "975310":  # no digit twice in a row: two quick taps on one key would be a double-click
        tap(w, f"faceKey_{digit}")
    tap(w, "faceKeyOk")
    wait_for(lambda: face.staffMessage == "wrong_pin" and not h.backend.busy, timeout_s=30, what="a wrong PIN refused")
    shot(h, artifacts, "zh_CN-staff-pin")
    for digit in TECH_PIN:
        tap(w, f"faceKey_{digit}")
    tap(w, "faceKeyOk")
    wait_for(lambda: h.backend.screen == "form", timeout_s=20, what="the form after the override")
    check = h.backend.resident.session.identity_check
    assert check["staff_override"] is True and check["attempts"] == 3 and check["decision"] == "no_match"
    events = face_events(h)
    assert [e for e, _d, _s in events] == ["face.check_done"] * 3 + ["face.staff_override"]  # oldest first
    assert events[-1][1:] == ({"service_id": "residence_certificate", "decision": "no_match", "attempts": 3}, "T1001")
    assert "tech.entry" not in [e for e, *_ in h.services.store.audit_events()]


def test_a_printed_photo_fails_liveness(kiosk: Harness, artifacts: Path) -> None:
    h = kiosk
    open_certificate_and_place_card(h, scene="printed_photo")
    face = h.app.face
    wait_for(lambda: face.state == "retry", timeout_s=WORKER_START_S, what="the printed photo refused")
    assert face.reason == "not_live"  # the card holder's face, but it never blinks
    assert h.backend.resident.session.identity_check is None and h.backend.screen == "face"
    shot(h, artifacts, "zh_CN-retry-not_live")


@pytest.mark.parametrize("kiosk", ["en_US"], indirect=True)
def test_english_large_text_and_no_one_in_front_of_the_camera(kiosk: Harness, artifacts: Path) -> None:
    h, w = kiosk, kiosk.app.window
    tap(w, "attractStart")
    wait_for(lambda: h.backend.screen == "home", what="home")
    h.backend.toggleLargeText()
    tap(w, "devDockToggle")
    tap(w, "dev_scene_no_one")
    tap(w, "dev_close")
    h.backend.openService("residence_certificate")
    tap(w, "applyButton")
    wait_for(lambda: h.backend.screen == "identify", what="identify")
    h.services.demo.idcard.place("resident")
    face = h.app.face
    wait_for(lambda: face.state == "retry", timeout_s=WORKER_START_S, what="no face seen")
    assert face.reason == "no_face"
    assert any("We could not see your face" in t for t in visible_texts(w))
    shot(h, artifacts, "en_US-large-retry-no_face")


def test_the_session_wipe_takes_every_frame_and_the_worker(kiosk: Harness, artifacts: Path,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    h = kiosk
    open_certificate_and_place_card(h, scene="printed_photo")
    face = h.app.face
    wait_for(lambda: not face.preview.empty, timeout_s=WORKER_START_S, what="previews")
    process = face.worker._process
    assert process is not None and not face.preview.empty and h.backend.resident.session.card_photo
    h.backend.wipe("idle")
    face.join()
    assert process.poll() is not None and face.worker is None  # the child (frames, embeddings) is gone
    assert face.preview.empty and face.state == "" and h.backend.resident.session.card_photo == b""
    assert h.backend.resident.session.identity_check is None
    for path in h.data_dir.rglob("*"):  # nothing of a face on disk: no image of any kind was written
        if path.is_file():
            assert not path.read_bytes()[:4].startswith(IMAGE_MAGIC), path
    logged = caplog.text
    assert "jpeg" not in logged.lower() and "/9j/" not in logged  # no preview (base64 JPEG) in the logs
    for event, detail, _staff in face_events(h):
        assert set(detail) <= DECISION_KEYS | {"service_id", "photo", "fallback", "staff_id"}, event


@pytest.mark.parametrize("fallback", ["refuse", "staff"])
def test_typed_details_have_no_card_photo_and_get_the_configured_fallback(
        qtbot: Any, tmp_path: Path, artifacts: Path, fallback: str) -> None:
    h = build_harness(data_dir=tmp_path / "data", language="en_US", devices={
        "idcard": {"driver": "simulator"}, "camera": {"driver": "simulator"}, "face": {"no_photo": fallback}})
    try:
        w, face = h.app.window, h.app.face
        tap(w, "attractStart")
        h.backend.openService("elderly_allowance")  # money: identity_check face in the sample catalog
        tap(w, "applyButton")
        if fallback == "refuse":  # typed details would be refused: typing is not offered, the screen says why
            wait_for(lambda: h.backend.screen == "identify", what="the card prompt")
            pump(100)
            assert find(w, "manualEntryButton") is None and find(w, "cardOnlyNote") is not None
            shot(h, artifacts, "en_US-no_photo-refuse-card-only")
        else:
            tap(w, "manualEntryButton")
        ident = sample_identity("resident", h.clock)
        # the flow still refuses typed details that arrive anyway (the screen no longer offers typing for refuse)
        h.backend.submitManual(ident.name, ident.id_number, "13912345678")
        wait_for(lambda: face.state == ("refused" if fallback == "refuse" else "staff"), what="the fallback")
        assert face.reason == "no_card" and h.backend.screen == "face"
        seen(h)
        shot(h, artifacts, f"en_US-no_photo-{fallback}")
        (event, detail, _staff), = face_events(h)
        assert detail == {"service_id": "elderly_allowance", "decision": "no_card_face", "photo": "manual",
                          "fallback": fallback, "attempts": 0}
        if fallback == "refuse":
            assert find(w, "faceStaffPanel") is None and not h.app.community.staffCalled
            tap(w, "faceHome")
            wait_for(lambda: h.backend.screen == "home", what="home")
        else:
            wait_for(lambda: h.app.community.staffCalled, what="staff called")
    finally:
        h.close()
