"""Compile every QML file of the terminal into Qt's disk cache ahead of time (issue 17 item 3).

Without a warm cache the first start after an installation or an update compiles the whole scene (about
0.5-1 s on this machine, several times that on a terminal's processor) while a resident may be waiting.
The package runs ``kiosk qml-cache`` in its postinst as the kiosk user, with the same ``QML_DISK_CACHE_PATH``
the service uses (``/var/cache/kiosk/qml``), so the compiling happens at installation, never in a session.
Compiling needs the QML types registered, hence the imports of every element's module here.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDir, QDirIterator, QUrl
from PySide6.QtQml import QQmlComponent, QQmlEngine

from ui import app as _registers_the_backends  # noqa: F401 - QmlElement registration happens at import
from ui import devdock
from ui.first_frame import ensure_qt_app

QML_DIR = Path(__file__).resolve().parent / "qml"
# The virtual keyboard's style and the layouts of the two languages come from Qt's resources uncompiled:
# Qt caches them like our own files, so they are warmed too (the Chinese layouts, and the fallback ones
# English uses).
VK = ":/qt-project.org/imports/QtQuick/VirtualKeyboard"
VK_DIRS = (f"{VK}/Styles/Builtin/default", f"{VK}/Layouts/zh_CN", f"{VK}/Layouts/fallback")


@dataclass(frozen=True)
class Warmed:
    compiled: int
    errors: list[str]
    cache: str  # where Qt keeps the compiled files ("" when Qt's default location is used)


def warm(qml_dir: Path = QML_DIR) -> Warmed:
    """Compile (never instantiate) each QML file: Qt writes each compiled unit into its disk cache."""
    ensure_qt_app()
    devdock.register()  # the demo's dock type, so DevDock.qml compiles too
    engine = QQmlEngine()
    errors: list[str] = []

    def compile_all(urls: list[QUrl]) -> int:
        done = 0
        for url in urls:
            component = QQmlComponent(engine, url)
            if component.isError():
                errors.extend(e.toString() for e in component.errors())
            else:
                done += 1
        return done

    ours = compile_all([QUrl.fromLocalFile(str(p)) for p in sorted(qml_dir.glob("*.qml"))])
    # after Main.qml: its import of the keyboard loaded the plugin that registers the keyboard's resources
    keyboard = compile_all([QUrl(f"qrc{name}") for name in _keyboard_files()])
    return Warmed(ours + keyboard, errors, os.environ.get("QML_DISK_CACHE_PATH", ""))


def _keyboard_files() -> list[str]:
    names = []
    for folder in VK_DIRS:
        found = QDirIterator(folder, ["*.qml"], QDir.Filter.Files)
        while found.hasNext():
            names.append(found.next())
    return sorted(names)


def run(args: argparse.Namespace) -> int:
    result = warm()
    print(f"compiled {result.compiled} QML files into {result.cache or 'Qt default cache'}")
    for line in result.errors:
        print(f"kiosk: {line}")
    return 1 if result.errors else 0
