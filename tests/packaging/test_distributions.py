"""Two distributions from one repository (issue 14 item 7): the terminal's installs no server framework,
the hub's no Qt and no device library; the development project (root pyproject.toml) holds both.

The quick tests read the three pyproject files and the sources; the slow one reads what both wheels hold and
declare (built by packaging/tools/build_wheel.sh, as ``make package`` does, in the background from the session's
start: tests/packaging/conftest.py).
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.packaging.conftest import PACKAGING, ROOT, Wheel

DISTS = {
    "terminal": ("community-kiosk", {"contract", "kiosk", "devices", "sync", "terminal", "ui"}, "kiosk"),
    "hub": ("community-kiosk-hub", {"contract", "hub"}, "kiosk-hub"),
}
SERVER = {"fastapi", "uvicorn", "starlette", "jinja2", "python-multipart", "httptools", "uvloop"}
QT_AND_DEVICES = {"pyside6-essentials", "pyside6-addons", "pyscard", "pyserial", "python-escpos", "pyusb", "evdev",
                  "dlib-bin", "face-recognition-models", "opencv-python-headless"}

# What in a distribution's own source shows that it uses a dependency (a regex over its .py and .qml files).
IMPORT = r"^\s*(?:from|import)\s+{}\b"
EVIDENCE = {
    "pyside6-essentials": IMPORT.format("PySide6"),
    "pyside6-addons": r"PySide6\.(?:QtMultimedia|QtTextToSpeech)|import QtQuick\.VirtualKeyboard",
    "sqlalchemy": IMPORT.format("sqlalchemy"),
    "alembic": IMPORT.format("alembic"),
    "requests": IMPORT.format("requests"),
    "urllib3": IMPORT.format("urllib3"),
    "segno": IMPORT.format("segno"),
    "reportlab": IMPORT.format("reportlab"),
    "pyscard": IMPORT.format("smartcard"),
    "pyserial": IMPORT.format("serial"),
    "python-escpos": IMPORT.format("escpos"),
    "pyusb": r"from escpos\.printer import Usb",  # python-escpos's USB printer runs on pyusb
    "pydantic": IMPORT.format("pydantic"),
    "platformdirs": IMPORT.format("platformdirs"),
    "cryptography": IMPORT.format("cryptography"),
    "pypinyin": IMPORT.format("pypinyin"),
    "pillow": IMPORT.format("PIL"),
    "pyyaml": IMPORT.format("yaml"),
    "openpyxl": IMPORT.format("openpyxl"),
    "xlrd": IMPORT.format("xlrd"),
    "evdev": IMPORT.format("evdev"),
    "numpy": IMPORT.format("numpy"),
    "dlib-bin": IMPORT.format("dlib"),
    "face-recognition-models": r"\"face_recognition_models\"",  # its model files, found by package name
    "opencv-python-headless": IMPORT.format("cv2"),
    "fastapi": IMPORT.format("fastapi"),
    "uvicorn": IMPORT.format("uvicorn"),
    "httptools": r"uvicorn\.run\(",  # uvicorn picks its C HTTP parser up by itself (README, dependency notes)
    "uvloop": r"uvicorn\.run\(",  # and its event loop
    "jinja2": r"Jinja2Templates\(",
    "python-multipart": r"Form\(",  # FastAPI parses form fields with python-multipart
    "psycopg": IMPORT.format("psycopg"),
    "httpx": IMPORT.format("httpx"),
}
# Import name -> the dependency that provides it, where the names differ or another dependency brings it.
PROVIDED_BY = {"PySide6": "pyside6-essentials", "shiboken6": "pyside6-essentials", "smartcard": "pyscard",
               "serial": "pyserial", "escpos": "python-escpos", "PIL": "pillow", "yaml": "pyyaml", "dlib": "dlib-bin",
               "cv2": "opencv-python-headless", "starlette": "fastapi", "markupsafe": "jinja2"}
OPTIONAL_IMPORTS = {"argon2", "zxingcpp"}  # guarded imports: the code works without them (kiosk.staff, decoder)
FIRST_PARTY = {"contract", "kiosk", "devices", "sync", "terminal", "ui", "hub", "tests", "benchmarks"}


def _project(path: Path) -> dict:
    with path.open("rb") as f:
        return dict(tomllib.load(f)["project"])


def _names(requirements: list[str]) -> set[str]:
    return {str(canonicalize_name(Requirement(r).name)) for r in requirements}


def _sources(packages: set[str]) -> Iterator[Path]:
    for pkg in sorted(packages):
        for path in (ROOT / pkg).rglob("*"):
            if path.suffix in (".py", ".qml") and "__pycache__" not in path.parts:
                yield path


def test_the_development_project_is_both_distributions_together() -> None:
    root = _project(ROOT / "pyproject.toml")
    terminal, hub = (_project(PACKAGING / d / "pyproject.toml") for d in DISTS)
    assert set(root["dependencies"]) == set(terminal["dependencies"]) | set(hub["dependencies"])
    test_extra = _names(root["optional-dependencies"]["test"])
    assert all(_names(extra) <= test_extra for extra in hub.get("optional-dependencies", {}).values())
    assert root["version"] == terminal["version"] == hub["version"]
    assert root["scripts"] == {**terminal["scripts"], **hub["scripts"]}


@pytest.mark.parametrize("dist", sorted(DISTS))
def test_a_distribution_declares_what_it_imports_and_uses_what_it_declares(dist: str) -> None:
    project = _project(PACKAGING / dist / "pyproject.toml")
    declared = _names(project["dependencies"])
    declared |= {n for extra in project.get("optional-dependencies", {}).values() for n in _names(extra)}
    _name, packages, _script = DISTS[dist]
    texts = [path.read_text(encoding="utf-8") for path in _sources(packages)]
    unused = [d for d in sorted(declared) if not any(re.search(EVIDENCE[d], t, re.MULTILINE) for t in texts)]
    assert not unused, f"{dist} declares dependencies its packages do not use: {unused}"
    imported: set[str] = set()
    for path in _sources(packages):
        if path.suffix == ".py":
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    imported.update(a.name.split(".")[0] for a in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    imported.add(node.module.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names) - FIRST_PARTY - OPTIONAL_IMPORTS - {"__future__"}
    undeclared = sorted(m for m in third_party if canonicalize_name(PROVIDED_BY.get(m, m)) not in declared)
    assert not undeclared, f"{dist}'s packages import what it does not declare: {undeclared}"


def test_the_terminal_declares_no_server_framework_and_the_hub_no_qt_or_device_library() -> None:
    terminal, hub = (_project(PACKAGING / d / "pyproject.toml") for d in ("terminal", "hub"))
    assert not _names(terminal["dependencies"]) & SERVER
    hub_all = _names(hub["dependencies"]) | {n for e in hub["optional-dependencies"].values() for n in _names(e)}
    assert not hub_all & QT_AND_DEVICES


def _wheel_contents(path: Path) -> tuple[set[str], set[str], str, list[str]]:
    """Top-level packages, dependency names (extras excluded), entry points text, file names."""
    with zipfile.ZipFile(path) as z:
        files = z.namelist()
        info = next(n.split("/")[0] for n in files if n.endswith(".dist-info/METADATA"))
        metadata = z.read(f"{info}/METADATA").decode("utf-8")
        entry_points = z.read(f"{info}/entry_points.txt").decode("utf-8")
    requires = [line.split(":", 1)[1].strip() for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    deps = {str(canonicalize_name(Requirement(r).name)) for r in requires if "extra ==" not in r}
    packages = {f.split("/")[0] for f in files if not f.split("/")[0].endswith(".dist-info")}
    return packages, deps, entry_points, files


@pytest.mark.slow
@pytest.mark.parametrize("dist", sorted(DISTS))
def test_the_built_wheel_holds_its_packages_and_declares_its_dependencies(dist: str,
                                                                         wheels: dict[str, Wheel]) -> None:
    built = wheels[dist]
    assert built.build.returncode == 0, built.build.stderr[-3000:]
    name, packages, script = DISTS[dist]
    wheel = next(built.out.glob(f"{name.replace('-', '_')}-*.whl"))
    found, deps, entry_points, files = _wheel_contents(wheel)
    assert found == packages
    assert deps == _names(_project(PACKAGING / dist / "pyproject.toml")["dependencies"])
    assert re.findall(r"^(\S+) = ", entry_points, re.MULTILINE) == [script]
    if dist == "terminal":
        assert not deps & SERVER
        assert any(f.startswith("ui/") and f.endswith(".qml") for f in files)
    else:
        assert not deps & QT_AND_DEVICES
        assert any(f.startswith("hub/console/templates/") and f.endswith(".html") for f in files)
        assert any(f.startswith("hub/migrations/") and f.endswith(".mako") for f in files)
    assert not any("__pycache__" in f for f in files)
