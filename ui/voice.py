"""Voice guidance: each screen's main instruction read aloud when a resident turns it on.

Qt TextToSpeech is used when the system has an engine with a voice for the language
(speech-dispatcher with espeak-ng gives a Mandarin one); otherwise prompts
pre-rendered to WAV with espeak-ng (``python -m ui.voice render``) are played.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QLocale, QObject, QUrl, Signal, Slot

from kiosk.paths import ASSETS_DIR
from kiosk.voice_prompts import PROMPTS

log = logging.getLogger(__name__)

PROMPT_DIR = ASSETS_DIR / "prompts"
ESPEAK_VOICE = {"zh_CN": "cmn", "en_US": "en-us"}


def prompt_path(lang: str, text: str) -> Path:
    digest = hashlib.sha256(f"{lang}:{text}".encode()).hexdigest()[:16]
    return PROMPT_DIR / lang / f"{digest}.wav"


def render_prompt(lang: str, text: str) -> Path | None:
    """Render one prompt to WAV with espeak-ng; None when espeak-ng is not installed."""
    out = prompt_path(lang, text)
    if out.exists():
        return out
    exe = shutil.which("espeak-ng")
    if exe is None:
        return None
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    res = subprocess.run([exe, "-v", ESPEAK_VOICE.get(lang, "cmn"), "-s", "150", "-w", str(tmp), text],
                         capture_output=True, timeout=30)
    if res.returncode != 0 or not tmp.exists():
        log.warning("espeak-ng could not render a prompt (%s)", res.returncode)
        return None
    tmp.replace(out)
    return out


def can_be_heard() -> bool:
    """True when a sound output exists and something can speak: the speechd engine or espeak-ng prompts.

    Probed when a resident turns guidance on (not at start-up: the two Qt modules cost 0.8 s), so the
    button never says "on" on a terminal that stays silent.
    """
    try:
        from PySide6.QtMultimedia import QMediaDevices  # lazy: QtMultimedia costs 0.51 s and 31 MB
        from PySide6.QtTextToSpeech import QTextToSpeech  # lazy: QtTextToSpeech costs 0.29 s and 26 MB
    except ImportError:
        return False
    if not QMediaDevices.audioOutputs():
        return False
    prompts = any(PROMPT_DIR.glob("*/*.wav")) or shutil.which("espeak-ng") is not None
    return prompts or "speechd" in QTextToSpeech.availableEngines()


class VoiceGuide(QObject):
    enabledChanged = Signal()
    availableChanged = Signal()

    def __init__(self, parent: QObject | None = None, *, audible: Callable[[], bool] = can_be_heard) -> None:
        super().__init__(parent)
        self._audible = audible
        self._available = True  # until a resident asks for it and the probe finds no way to be heard
        self._enabled = False
        self._tts: Any = None
        self._effect: Any = None
        self.spoken: list[str] = []  # what was said, newest last (diagnostics and tests)

    def _get_enabled(self) -> bool:
        return self._enabled

    enabled = Property(bool, _get_enabled, notify=enabledChanged)

    def _get_available(self) -> bool:
        return self._available

    available = Property(bool, _get_available, notify=availableChanged)

    @Slot()
    def toggle(self) -> None:
        if not self._enabled:
            available = self._audible()
            if available != self._available:
                self._available = available
                self.availableChanged.emit()
            if not available:
                return
        self._enabled = not self._enabled
        self.enabledChanged.emit()

    def disable(self) -> None:
        if self._enabled:
            self._enabled = False
            self.enabledChanged.emit()
        self.stop()

    def on_screen(self, screen: str, lang: str) -> None:
        if not self._enabled:
            return
        text = PROMPTS.get(screen, {}).get(lang)
        if text:
            self.say(text, lang)

    def say(self, text: str, lang: str) -> None:
        self.spoken.append(text)
        if self._say_tts(text, lang):
            return
        path = render_prompt(lang, text)
        if path is not None:
            self._play(path)

    def _say_tts(self, text: str, lang: str) -> bool:
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech  # lazy: QtTextToSpeech costs 0.29 s and 26 MB
        except ImportError:
            return False
        if self._tts is None:
            engines = QTextToSpeech.availableEngines()
            if "speechd" not in engines:
                self._tts = False
                return False
            self._tts = QTextToSpeech("speechd", self)
        if self._tts is False or self._tts.state() == QTextToSpeech.State.Error:
            return False
        locale = QLocale(lang)
        if not any(loc.language() == locale.language() for loc in self._tts.availableLocales()):
            return False
        self._tts.setLocale(locale)
        self._tts.say(text)
        return True

    def _play(self, path: Path) -> None:
        try:
            from PySide6.QtMultimedia import QSoundEffect  # lazy: QtMultimedia costs 0.51 s and 31 MB
        except ImportError:
            return
        if self._effect is None:
            self._effect = QSoundEffect(self)
        self._effect.setSource(QUrl.fromLocalFile(str(path)))
        self._effect.play()

    def stop(self) -> None:
        if self._tts:
            self._tts.stop()
        if self._effect is not None:
            self._effect.stop()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m ui.voice", description="pre-render the voice prompts")
    p.add_argument("action", choices=["render"])
    p.add_argument("--quiet", action="store_true")
    a = p.parse_args(argv)
    if shutil.which("espeak-ng") is None:
        print("espeak-ng is not installed; voice prompts will use Qt TextToSpeech only", file=sys.stderr)
        return 0
    n = 0
    for prompts in PROMPTS.values():
        for lang, text in prompts.items():
            if render_prompt(lang, text) is not None:
                n += 1
    if not a.quiet:
        print(f"{n} prompts in {PROMPT_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
