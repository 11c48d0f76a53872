"""Gates on the QML: ``pyside6-qmllint`` finds nothing in any file, and no file but Theme.qml writes a colour.

qmllint only knows the Python-registered elements (``Kiosk.Backend``, ``Kiosk.Technician``,
``Kiosk.Consultation``) from type information, so the test writes it first from the classes'
live meta-objects (what the QML engine itself sees; ``pyside6-metaobjectdump`` reads the source
and misses properties built by helpers), one module directory per import name, then lints every
file with that directory on the import path. Every warning category stays on.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMetaMethod, QMetaObject, QObject
from PySide6.QtGui import QColor

from ui.backend import KioskBackend
from ui.consultation import ConsultationBackend
from ui.technician import TechnicianBackend

ROOT = Path(__file__).resolve().parent.parent
QML_DIR = ROOT / "ui" / "qml"
QMLLINT = Path(sys.executable).with_name("pyside6-qmllint")
ELEMENTS: dict[str, type[QObject]] = {"Kiosk.Backend": KioskBackend, "Kiosk.Technician": TechnicianBackend,
                                      "Kiosk.Consultation": ConsultationBackend}
# a colour literal: "#rgb"/"#rrggbb"/"#aarrggbb", Qt.rgba/rgb/hsla/hsva/darker/lighter/tint of literals, or a
# quoted SVG colour name (the names QColor accepts)
HEX = re.compile(r'"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})"')
QT_COLOUR = re.compile(r"\bQt\.(?:rgba|rgb|hsla|hsva|hsl|hsv)\s*\(")
QUOTED = re.compile(r'"([a-z]+)"')


def _type(name: str) -> str:
    """A C++ type name as qmltypes writes it: an object pointer is the class plus ``isPointer``."""
    return f'type: "{name[:-1]}"; isPointer: true' if name.endswith("*") else f'type: "{name}"'


def _params(method: QMetaMethod) -> str:
    names = [bytes(n).decode() for n in method.parameterNames()]
    types = [bytes(t).decode() for t in method.parameterTypes()]
    return "".join(f'\n            Parameter {{ name: "{n or f"arg{i}"}"; {_type(t)} }}'
                   for i, (n, t) in enumerate(zip(names, types, strict=True)))


def qmltypes(cls: type[QObject], module: str) -> str:
    """The ``.qmltypes`` text of one uncreatable Python element, its Python base classes folded in."""
    meta: QMetaObject = cls.staticMetaObject
    base = QObject.staticMetaObject
    parts = []
    for i in range(base.propertyCount(), meta.propertyCount()):
        prop = meta.property(i)
        notify = prop.notifySignal()
        notify_part = f'; notify: "{bytes(notify.name()).decode()}"' if notify.isValid() else ""
        constant = "; isConstant: true" if prop.isConstant() else ""
        parts.append(f'        Property {{ name: "{prop.name()}"; {_type(prop.typeName())}; read: "{prop.name()}"'
                     f'{notify_part}{constant}; index: {i - base.propertyCount()}; isReadonly: true }}')
    for i in range(base.methodCount(), meta.methodCount()):
        method = meta.method(i)
        name = bytes(method.name()).decode()
        if method.methodType() == QMetaMethod.MethodType.Signal:
            parts.append(f'        Signal {{ name: "{name}"{_params(method)} }}')
        elif method.access() == QMetaMethod.Access.Public:
            returns = method.typeName()
            type_part = f"; {_type(returns)}" if returns and returns != "void" else ""
            parts.append(f'        Method {{ name: "{name}"{type_part}{_params(method)} }}')
    body = "\n".join(parts)
    name = cls.__name__
    return f"""import QtQuick.tooling 1.2

Module {{
    Component {{
        file: "{cls.__module__}.py"
        name: "{name}"
        accessSemantics: "reference"
        prototype: "QObject"
        exports: ["{module}/{name} 1.0"]
        isCreatable: false
        exportMetaObjectRevisions: [256]
{body}
    }}
}}
"""


def write_modules(root: Path) -> Path:
    """One module directory per import name under ``root`` (``python tests/test_qmllint.py DIR`` for a shell)."""
    for module, cls in ELEMENTS.items():
        target = root.joinpath(*module.split("."))
        target.mkdir(parents=True, exist_ok=True)
        (target / "types.qmltypes").write_text(qmltypes(cls, module), encoding="utf-8")
        (target / "qmldir").write_text(f"module {module}\ntypeinfo types.qmltypes\ndepends QtQml\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def import_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_modules(tmp_path_factory.mktemp("qmlmodules"))


QML_FILES = sorted(QML_DIR.glob("*.qml"))


@pytest.mark.parametrize("qml", QML_FILES, ids=[p.name for p in QML_FILES])
def test_qmllint_finds_nothing(qml: Path, import_dir: Path) -> None:
    run = subprocess.run([str(QMLLINT), "-I", str(import_dir), "-I", str(QML_DIR), "--max-warnings", "0", str(qml)],
                         capture_output=True, text=True, cwd=QML_DIR, timeout=120)
    out = (run.stdout + run.stderr).strip()
    assert run.returncode == 0 and not re.search(r"^(Warning|Error):", out, re.M), out


def test_no_colour_outside_theme() -> None:
    found = []
    for qml in QML_FILES:
        if qml.name == "Theme.qml":
            continue
        for n, line in enumerate(qml.read_text(encoding="utf-8").splitlines(), 1):
            names = [m for m in QUOTED.findall(line) if QColor.isValidColorName(m)]
            if HEX.search(line) or QT_COLOUR.search(line) or names:
                found.append(f"{qml.name}:{n}: {line.strip()}")
    assert not found, "colours belong in Theme.qml:\n" + "\n".join(found)


if __name__ == "__main__":
    print(write_modules(Path(sys.argv[1])))
