"""Voice guidance reads each screen's main instruction; prompts render to audio with espeak-ng."""

from __future__ import annotations

import shutil
import wave
from typing import Any

import pytest
from PySide6.QtMultimedia import QMediaDevices

from kiosk.voice_prompts import PROMPTS
from tests.ui.qml_driver import find, tap, wait_for
from ui import voice
from ui.harness import sample_identity

pytestmark = pytest.mark.gui


def test_voice_reads_the_main_instruction_of_each_screen_and_stops_on_wipe(app: Any) -> None:
    w = app.app.window
    voice = app.app.voice
    tap(w, "attractStart")
    tap(w, "voiceButton")
    assert voice.enabled
    tap(w, "category_certificates")
    wait_for(lambda: PROMPTS["category"]["zh_CN"] in voice.spoken, what="category prompt")
    app.backend.setLanguage("en_US")
    app.backend.openService("residence_certificate")
    assert voice.spoken[-1] == PROMPTS["guide"]["en_US"]
    app.backend.finish()
    assert voice.enabled and voice.spoken[-1] == PROMPTS["finish"]["en_US"]  # the farewell is read too (issue 15)
    app.clock.advance(10)
    app.backend.tick()
    wait_for(lambda: app.backend.screen == "attract", what="attract after the farewell")
    assert not voice.enabled  # the next resident starts without it


def test_next_with_an_answer_missing_says_what_to_do(app: Any) -> None:
    """The page stays when an answer is missing: with voice on, the resident hears why and where to look."""
    w, voice = app.app.window, app.app.voice
    tap(w, "attractStart")
    tap(w, "voiceButton")
    app.backend.openService("residence_certificate")
    tap(w, "applyButton")
    app.services.idcard.place(sample_identity("resident", app.clock))
    wait_for(lambda: app.backend.screen == "form", what="the form")
    wait_for(lambda: voice.spoken[-1:] == [PROMPTS["form"]["zh_CN"]], what="the form's prompt")
    tap(w, "nextPageButton")  # the phone number is still empty
    wait_for(lambda: voice.spoken[-1:] == [PROMPTS["form_errors"]["zh_CN"]], what="why the page stays")
    assert app.backend.form.get("page") == 1


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is installed by make setup")
def test_prompts_render_to_wav_in_both_languages(tmp_path: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(voice, "PROMPT_DIR", tmp_path)
    for lang in ("zh_CN", "en_US"):
        path = voice.render_prompt(lang, PROMPTS["identify"][lang])
        assert path is not None and path.exists()
        with wave.open(str(path)) as wav:
            seconds = wav.getnframes() / wav.getframerate()
        assert 1.0 < seconds < 15.0


def test_read_aloud_says_unavailable_and_never_on_when_nothing_can_be_heard(app: Any, monkeypatch: Any) -> None:
    w = app.app.window
    guide = app.app.voice
    monkeypatch.setattr(guide, "_audible", lambda: False)  # no sound device, no speech engine
    tap(w, "attractStart")
    tap(w, "voiceButton")
    assert not guide.enabled and not guide.available
    wait_for(lambda: find(w, "voiceButton").property("contentItem").property("text") == "语音朗读不可用",
             what="the button says it is unavailable")
    tap(w, "category_certificates")
    assert guide.spoken == []
    monkeypatch.setattr(guide, "_audible", lambda: True)  # a headset plugged in: the next tap turns it on
    tap(w, "voiceButton")
    assert guide.enabled and guide.available


def test_no_sound_output_means_guidance_cannot_be_heard(qapp: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(QMediaDevices, "audioOutputs", staticmethod(lambda: []))
    assert not voice.can_be_heard()
