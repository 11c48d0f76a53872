"""Qt translations of the QML screens: ``.ts`` sources in this folder, ``.qm`` built from them.

``python -m ui.i18n update`` re-extracts strings from the QML (pyside6-lupdate) and
fills zh_CN translations from ``zh_CN.tsv``; ``python -m ui.i18n build`` compiles the
``.qm`` files (pyside6-lrelease), which ``make`` runs during setup.
"""

from __future__ import annotations

from pathlib import Path

I18N_DIR = Path(__file__).resolve().parent
QML_DIR = I18N_DIR.parent / "qml"
LANGUAGES = ("zh_CN", "en_US")


def ts_path(lang: str) -> Path:
    return I18N_DIR / f"kiosk_{lang}.ts"


def qm_path(lang: str) -> Path:
    return I18N_DIR / f"kiosk_{lang}.qm"
