"""The .deb's file list, control fields, relocated environment and the app it carries."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from contract.settings import load_settings
from tests.packaging.conftest import NAME, ROOT, Built, project_version

pytestmark = pytest.mark.slow

APP_PACKAGES = ("contract", "kiosk", "ui", "devices", "sync", "terminal")  # the terminal's distribution


def _listing(deb: Path) -> dict[str, tuple[str, str, str]]:
    """``dpkg-deb -c``: path -> (mode string, owner/group, link target or "")."""
    out = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True, timeout=120)
    entries: dict[str, tuple[str, str, str]] = {}
    for line in out.stdout.splitlines():
        mode, owner, _size, _date, _time, rest = line.split(None, 5)
        path, _, target = rest.partition(" -> ")
        entries[path.removeprefix(".")] = (mode, owner, target)
    return entries


def test_file_list_has_the_parts_of_a_kiosk(built: Built) -> None:
    files = _listing(built.deb)
    expected_modes = {
        "/opt/kiosk/venv/bin/kiosk": "-rwxr-xr-x",
        "/usr/bin/kiosk": "-rwxr-xr-x",
        "/etc/kiosk/kiosk.toml": "-rw-r--r--",
        "/lib/systemd/system/kiosk.service": "-rw-r--r--",
        "/lib/udev/rules.d/70-kiosk-devices.rules": "-rw-r--r--",
        "/usr/share/doc/community-kiosk/copyright": "-rw-r--r--",
        "/usr/share/doc/community-kiosk/changelog.gz": "-rw-r--r--",
        "/usr/share/doc/community-kiosk/README.md": "-rw-r--r--",
        "/usr/share/man/man1/kiosk.1.gz": "-rw-r--r--",
        "/usr/share/lintian/overrides/community-kiosk": "-rw-r--r--",
        "/usr/share/metainfo/community-kiosk.metainfo.xml": "-rw-r--r--",
        "/usr/lib/sysctl.d/70-community-kiosk.conf": "-rw-r--r--",
    }
    for path, mode in expected_modes.items():
        assert path in files, f"{path} missing from the package"
        assert files[path][0] == mode, (path, files[path])
    # The venv's interpreter is Debian's python3, not a copy.
    assert files["/opt/kiosk/venv/bin/python"][0].startswith("l")
    assert files["/opt/kiosk/venv/bin/python3"][2] in ("/usr/bin/python3", "python3.11", "/usr/bin/python3.11")
    assert {owner for _m, owner, _t in files.values()} == {"root/root"}
    top = {p.split("/")[1] for p in files if p.count("/") >= 2}
    assert top <= {"opt", "etc", "lib", "usr"}, top
    # Data is made by the postinst (owned by the kiosk user, which does not exist at build time).
    assert not any(p.startswith("/var/") for p in files)
    assert not [p for p in files if "__pycache__" in p or p.endswith((".pyc", ".pyo"))]
    site = next(p for p in files if re.fullmatch(r"/opt/kiosk/venv/lib/python3\.11/site-packages/", p))
    assert f"{site}terminal/watchdog.py" in files and f"{site}terminal/logging_setup.py" in files
    assert not any(p.startswith((f"{site}pip/", f"{site}tests/")) for p in files)


def _tracked_app_files() -> list[str]:
    out = subprocess.run(["git", "ls-files", *APP_PACKAGES], cwd=ROOT, capture_output=True, text=True,
                         check=True, timeout=60)
    tracked = [f for f in out.stdout.splitlines() if (ROOT / f).is_file()]
    built_files = [str(p.relative_to(ROOT)) for pkg in APP_PACKAGES for p in (ROOT / pkg).rglob("*.qm")]
    return sorted(set(tracked + built_files))


def test_every_app_file_is_packaged(built: Built) -> None:
    """Package data (QML, JSON, YAML, translations...) must reach the wheel, not only the .py files."""
    missing = [f for f in _tracked_app_files() if not (built.site_packages / f).exists()
               and not f.endswith(".md")]
    assert not missing, f"not in the package (add the pattern to [tool.setuptools.package-data]): {missing[:20]}"
    if (ROOT / "assets").is_dir():
        for asset in (ROOT / "assets").rglob("*"):
            if asset.is_file():
                assert (built.site_packages / "assets" / asset.relative_to(ROOT / "assets")).is_file(), asset


def test_the_package_carries_no_hub_and_no_server_framework(built: Built) -> None:
    """The .deb is the terminal's distribution only (packaging/terminal/pyproject.toml, issue 14)."""
    site = built.site_packages
    assert not (site / "hub").exists()
    assert not [p.name for p in site.iterdir() if p.name.lower().startswith(("fastapi", "uvicorn", "starlette"))]
    assert not (built.venv / "bin/kiosk-hub").exists()


def _control(built: Built) -> dict[str, str]:
    fields: dict[str, str] = {}
    key = ""
    for line in (built.control / "control").read_text(encoding="utf-8").splitlines():
        if line.startswith((" ", "\t")):
            fields[key] += "\n" + line
        else:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return fields


def test_control_fields(built: Built) -> None:
    c = _control(built)
    assert c["Package"] == NAME
    assert c["Version"] == project_version()
    assert c["Architecture"] == "amd64"
    assert c["Maintainer"] and c["Description"].startswith("self-service terminal")
    assert int(c["Installed-Size"]) > 100_000  # KiB: Qt alone is well over 100 MB
    depends = {re.split(r"[ (]", d.strip())[0] for d in c["Depends"].split(",")}
    required = {
        "python3", "python3-venv", "adduser", "systemd", "udev", "cage", "fonts-wqy-microhei", "pcscd",
        "cups-client", "libpcsclite1", "libpulse0", "libegl1", "libgl1", "libfontconfig1", "libdbus-1-3",
        "libxkbcommon0", "libwayland-client0", "libxcb-cursor0",
    }
    assert required <= depends, required - depends
    assert "python3 (>= 3.11)" in c["Depends"] and "python3 (<< 3.12)" in c["Depends"]
    assert (built.control / "conffiles").read_text().split() == ["/etc/kiosk/kiosk.toml"]


def test_md5sums_cover_every_file(built: Built) -> None:
    sums: dict[str, str] = {}
    for line in (built.control / "md5sums").read_text().splitlines():
        digest, path = line.split("  ", 1)
        sums[path] = digest
    files = {str(p.relative_to(built.tree)) for p in built.tree.rglob("*") if p.is_file() and not p.is_symlink()}
    assert set(sums) == files
    out = subprocess.run(["md5sum", "--check", "--quiet", str(built.control / "md5sums")], cwd=built.tree,
                         capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 0, out.stdout[-2000:]


def test_environment_is_relocated_to_opt(built: Built) -> None:
    """Built elsewhere, the venv must name only /opt/kiosk/venv: shebangs, activate, pyvenv.cfg."""
    for script in (built.venv / "bin").iterdir():
        if script.is_file() and not script.is_symlink() and script.read_bytes()[:2] == b"#!":
            first = script.read_text(encoding="utf-8", errors="replace").splitlines()[0]
            assert first in ("#!/opt/kiosk/venv/bin/python", "#!/bin/sh"), (script.name, first)
    cfg = (built.venv / "pyvenv.cfg").read_text()
    assert "home = /usr/bin" in cfg and "include-system-site-packages = false" in cfg
    assert 'VIRTUAL_ENV="/opt/kiosk/venv"' in (built.venv / "bin/activate").read_text() or \
        "/opt/kiosk/venv" in (built.venv / "bin/activate").read_text()
    leak = subprocess.run(["grep", "-rlE", "/dev/shm/kiosk-package|/build/package/|/work/main", str(built.tree)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert leak.stdout == "", f"build paths in the package: {leak.stdout[:1000]}"


def _packaged_python(built: Built, code: str) -> subprocess.CompletedProcess[str]:
    """Run the packaged environment's Python (its pyvenv.cfg makes the extracted tree the prefix)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "KIOSK_"))}
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1", KIOSK_DATA_DIR="/nonexistent")
    return subprocess.run([str(built.venv / "bin/python"), "-c", code], cwd="/", env=env, capture_output=True,
                          text=True, timeout=180, check=False)


def test_packaged_app_reports_the_package_version(built: Built) -> None:
    out = _packaged_python(built, "import sys, kiosk, ui.main; print(kiosk.__version__); print(sys.prefix)")
    assert out.returncode == 0, out.stderr[-3000:]
    version, prefix = out.stdout.split()
    assert version == project_version()
    assert prefix == str(built.venv)  # the packaged environment, not the developer's
    out = _packaged_python(built, "import ui.main; ui.main.main(['--version'])")
    assert f"kiosk {project_version()}" in out.stdout + out.stderr


def _qt_modules_used() -> tuple[set[str], set[str]]:
    """PySide6 Python modules and QML module URIs the UI source imports."""
    py, qml = set(), set()
    for path in (ROOT / "ui").rglob("*"):
        if path.suffix == ".py":
            py.update(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
        elif path.suffix in (".qml", ".js"):
            qml.update(re.findall(r"^\s*import\s+(Qt[\w.]*)", path.read_text(encoding="utf-8"), re.MULTILINE))
    return py, qml


def test_pruned_qt_still_has_every_module_the_ui_uses(built: Built) -> None:
    py, qml = _qt_modules_used()
    assert "QtCore" in py  # the scan itself works
    qml_root = built.site_packages / "PySide6/Qt/qml"
    missing_qml = [uri for uri in qml if not (qml_root / uri.replace(".", "/") / "qmldir").is_file()]
    assert not missing_qml, f"QML modules pruned by build.sh but imported by ui/: {missing_qml}"
    pruned_styles = ("FluentWinUI3", "Imagine")
    for path in (ROOT / "ui").rglob("*"):
        if path.suffix in (".py", ".qml", ".js", ".conf"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not any(style in text for style in pruned_styles), f"{path} uses a Controls style build.sh prunes"
    assert (qml_root / "QtQuick/Controls/Basic/qmldir").is_file()
    out = _packaged_python(built, "import importlib\n" + "".join(
        f"importlib.import_module('PySide6.{m}')\n" for m in sorted(py)))
    assert out.returncode == 0, f"PySide6 modules the UI imports fail in the package: {out.stderr[-3000:]}"


def test_magic_sysrq_is_off(built: Built) -> None:
    """Alt+SysRq on a passer-by's keyboard must not reboot the terminal."""
    lines = [line.split("#")[0].strip() for line in
             (built.tree / "usr/lib/sysctl.d/70-community-kiosk.conf").read_text().splitlines()]
    assert [line for line in lines if line] == ["kernel.sysrq = 0"]


def test_production_settings_use_real_drivers_and_stable_device_names(built: Built) -> None:
    settings = load_settings(built.tree / "etc/kiosk/kiosk.toml", environ={})
    assert settings.mode == "production"
    assert str(settings.data_dir) == "/var/lib/kiosk"
    assert settings.idcard.driver == "sam_serial" and settings.idcard.port == "/dev/kiosk-idcard"
    assert settings.printer.driver == "escpos" and "/dev/kiosk-printer" in settings.printer.uri
    assert settings.ui.fullscreen and not settings.ui.dev_dock


_QML_PROBE = r'''
import sys
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
app = QGuiApplication(sys.argv)
engine = QQmlApplicationEngine()
engine.loadData(b"""
import QtQuick
import QtQuick.Controls
import QtQuick.VirtualKeyboard
ApplicationWindow { width: 200; height: 200; visible: true
    Button { text: "x" }
    InputPanel { width: parent.width } }
""")
print("roots", len(engine.rootObjects()))
'''


@pytest.mark.parametrize("style", ["Basic", ""])
def test_packaged_qt_loads_controls_and_virtual_keyboard(built: Built, style: str) -> None:
    """The pruned Qt still loads what the kiosk screen is made of (Basic style, and Qt's default)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "QT_"))}
    env.update(QT_QPA_PLATFORM="offscreen", QT_IM_MODULE="qtvirtualkeyboard", QT_QUICK_BACKEND="software",
               PYTHONDONTWRITEBYTECODE="1")
    if style:
        env["QT_QUICK_CONTROLS_STYLE"] = style
    out = subprocess.run([str(built.venv / "bin/python"), "-c", _QML_PROBE], cwd="/", env=env,
                         capture_output=True, text=True, timeout=180, check=False)
    assert out.returncode == 0 and "roots 1" in out.stdout, out.stdout[-2000:] + out.stderr[-3000:]
