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
from PySide6.QtCore import QByteArray, QMetaMethod, QMetaObject, QObject
from PySide6.QtGui import QColor

from ui.backend import KioskBackend
from ui.community import CommunityBackend
from ui.consultation import ConsultationBackend
from ui.devdock import DevDockBackend
from ui.face_backend import FaceBackend
from ui.field_lookups import FieldLookups
from ui.lookup import LookupBackend
from ui.materials_backend import MaterialsBackend
from ui.models import DictListModel
from ui.technician import TechnicianBackend

ROOT = Path(__file__).resolve().parent.parent
QML_DIR = ROOT / "ui" / "qml"
QMLLINT = Path(sys.executable).with_name("pyside6-qmllint")
ELEMENTS: dict[str, tuple[type[QObject], ...]] = {
    "Kiosk.Backend": (KioskBackend, CommunityBackend, LookupBackend, FieldLookups, MaterialsBackend, DictListModel,
                      FaceBackend),
    "Kiosk.DevDock": (DevDockBackend,),
    "Kiosk.Technician": (TechnicianBackend,),
    "Kiosk.Consultation": (ConsultationBackend,),
}
# a colour literal: "#rgb"/"#rrggbb"/"#aarrggbb", Qt.rgba/rgb/hsla/hsva/darker/lighter/tint of literals, or a
# quoted SVG colour name (the names QColor accepts)
HEX = re.compile(r'"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})"')
QT_COLOUR = re.compile(r"\bQt\.(?:rgba|rgb|hsla|hsva|hsl|hsv)\s*\(")
QUOTED = re.compile(r'"([a-z]+)"')


def _text(value: object) -> str:
    """PySide6 gives names as str, QByteArray or bytes depending on the call."""
    if isinstance(value, QByteArray):
        value = value.data()
    return bytes(value).decode() if isinstance(value, bytes | bytearray | memoryview) else str(value)


def _type(name: str) -> str:
    """A C++ type name as qmltypes writes it: an object pointer is the class plus ``isPointer``."""
    return f'type: "{name[:-1]}"; isPointer: true' if name.endswith("*") else f'type: "{name}"'


def _params(method: QMetaMethod) -> str:
    names = [_text(n) for n in method.parameterNames()]
    types = [_text(t) for t in method.parameterTypes()]
    return "".join(f'\n            Parameter {{ name: "{n or f"arg{i}"}"; {_type(t)} }}'
                   for i, (n, t) in enumerate(zip(names, types, strict=True)))


def _qt_base(cls: type[QObject]) -> type[QObject]:
    """The nearest Qt class among the bases: its members are Qt's own (qmllint knows them), the rest are ours."""
    return next(c for c in cls.__mro__ if c.__module__.startswith("PySide6."))


def component(cls: type[QObject], module: str) -> str:
    """The ``Component`` of one uncreatable Python element in ``.qmltypes``, its Python base classes folded in."""
    meta: QMetaObject = cls.staticMetaObject  # type: ignore[attr-defined]  # the stubs know it on instances only
    qt_base = _qt_base(cls)
    base: QMetaObject = qt_base.staticMetaObject  # type: ignore[attr-defined]
    parts = []
    for i in range(base.propertyCount(), meta.propertyCount()):
        prop = meta.property(i)
        notify = prop.notifySignal()
        notify_part = f'; notify: "{_text(notify.name())}"' if notify.isValid() else ""
        constant = "; isConstant: true" if prop.isConstant() else ""
        name = _text(prop.name())
        parts.append(f'        Property {{ name: "{name}"; {_type(_text(prop.typeName()))}; read: "{name}"'
                     f'{notify_part}{constant}; index: {i - base.propertyCount()}; isReadonly: true }}')
    for i in range(base.methodCount(), meta.methodCount()):
        method = meta.method(i)
        name = _text(method.name())
        if method.methodType() == QMetaMethod.MethodType.Signal:
            parts.append(f'        Signal {{ name: "{name}"{_params(method)} }}')
        elif method.access() == QMetaMethod.Access.Public:
            returns = _text(method.typeName())
            type_part = f"; {_type(returns)}" if returns and returns != "void" else ""
            parts.append(f'        Method {{ name: "{name}"{type_part}{_params(method)} }}')
    body = "\n".join(parts)
    name = cls.__name__
    return f"""    Component {{
        file: "{cls.__module__}.py"
        name: "{name}"
        accessSemantics: "reference"
        prototype: "{qt_base.__name__}"
        exports: ["{module}/{name} 1.0"]
        isCreatable: false
        exportMetaObjectRevisions: [256]
{body}
    }}
"""


def qmltypes(classes: tuple[type[QObject], ...], module: str) -> str:
    """The ``.qmltypes`` text of one import name with all its elements."""
    components = "".join(component(cls, module) for cls in classes)
    return f"import QtQuick.tooling 1.2\n\nModule {{\n{components}}}\n"


def depends(module: str) -> list[str]:
    """QtQml and every other import name whose elements type a property here (the dock's list of sample cards)."""
    meta = [cls.staticMetaObject for cls in ELEMENTS[module]]  # type: ignore[attr-defined]
    used = {_text(m.property(i).typeName()).rstrip("*") for m in meta for i in range(m.propertyCount())}
    return ["QtQml"] + [other for other, classes in ELEMENTS.items()
                        if other != module and used & {cls.__name__ for cls in classes}]


def write_modules(root: Path) -> Path:
    """One module directory per import name under ``root`` (``python tests/test_qmllint.py DIR`` for a shell)."""
    for module, classes in ELEMENTS.items():
        target = root.joinpath(*module.split("."))
        target.mkdir(parents=True, exist_ok=True)
        (target / "types.qmltypes").write_text(qmltypes(classes, module), encoding="utf-8")
        lines = [f"module {module}", "typeinfo types.qmltypes"] + [f"depends {d}" for d in depends(module)]
        (target / "qmldir").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def import_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_modules(tmp_path_factory.mktemp("qmlmodules"))


QML_FILES = sorted(QML_DIR.glob("*.qml"))
# qmllint 6.12 does not read the qmldir of the directory of the file it lints for that file's own type, so
# it calls the singleton undeclared; the runtime uses the qmldir, and linting each user of Theme checks it.
SELF_SINGLETON = re.compile(r"^Warning: \S*Theme\.qml:: Type Theme not declared as singleton in qmldir but using "
                            r"pragma Singleton \[import\]$", re.M)


@pytest.mark.parametrize("qml", QML_FILES, ids=[q.name for q in QML_FILES])
def test_qmllint_finds_nothing(qml: Path, import_dir: Path) -> None:
    run = subprocess.run([str(QMLLINT), "-I", str(import_dir), "-I", str(QML_DIR), str(qml)],
                         capture_output=True, text=True, cwd=QML_DIR, timeout=120)
    out = SELF_SINGLETON.sub("", run.stdout + run.stderr).strip()
    assert not re.search(r"^(Warning|Error|Critical):", out, re.M), out


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
