"""What Qt must find in the environment before its libraries load. Qt reads its logging rules once, when
the first logging category is made, and importing a PySide6 module can do that: a rule set afterwards
(as ``ui.first_frame`` did, after ``ui.start`` had imported Qt) is never seen, and the demo's log filled
with multimedia and property-cache noise. So this module imports no Qt, and each entry that brings Qt up
(``kiosk demo``/``run``, ``screenshot``, ``qml-cache``, the tests) calls :func:`prepare` first."""

from __future__ import annotations

import os

QT_LOGGING_RULES = "qt.multimedia.*=false;qt.qml.propertyCache.append=false"


def prepare() -> None:
    """The virtual keyboard as the input method, the Basic style, the logging rules (what is set stays)."""
    os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
    os.environ.setdefault("QT_QUICK_CONTROLS_STYLE", "Basic")
    os.environ.setdefault("QT_LOGGING_RULES", QT_LOGGING_RULES)
