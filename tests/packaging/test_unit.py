"""kiosk.service: systemd-analyze verify, the settings the kiosk depends on, and its exposure."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.packaging.conftest import Built

pytestmark = pytest.mark.slow


def _unit(built: Built) -> Path:
    return built.tree / "lib/systemd/system/kiosk.service"


def _directives(path: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        if line and not line.startswith(("#", "[")):
            key, _, value = line.partition("=")
            out.setdefault(key.strip(), []).append(value.strip())
    return out


def test_systemd_analyze_verify(built: Built, tmp_path: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.fail("systemd-analyze is missing: install the Debian package 'systemd' (APT_PACKAGES)")
    if shutil.which("cage") is None:
        pytest.fail("cage is missing (verify checks that ExecStart's program exists): APT_PACKAGES has it")
    out = subprocess.run(["systemd-analyze", "verify", str(_unit(built))], capture_output=True, text=True,
                         timeout=120, check=False, cwd=tmp_path)
    # Unknown keys or bad values are only warnings to systemd: any output at all fails the test.
    assert out.returncode == 0 and out.stdout == "" and out.stderr == "", out.stdout + out.stderr


def test_verify_catches_a_broken_unit(built: Built, tmp_path: Path) -> None:
    """The check above can fail: the same unit with a typo and a missing program does."""
    broken = tmp_path / "kiosk.service"
    text = _unit(built).read_text().replace("WatchdogSec=", "WatchdogSecs=").replace("/usr/bin/cage", "/usr/bin/nocage")
    broken.write_text(text)
    out = subprocess.run(["systemd-analyze", "verify", str(broken)], capture_output=True, text=True, timeout=120,
                         check=False, cwd=tmp_path)
    assert out.returncode != 0
    assert "WatchdogSecs" in out.stderr and "nocage" in out.stderr


def test_unit_runs_the_kiosk_under_cage_with_watchdog(built: Built) -> None:
    d = _directives(_unit(built))
    one = {k: v[-1] for k, v in d.items()}
    assert one["ExecStart"] == "/usr/bin/cage -s -- /opt/kiosk/venv/bin/kiosk run"
    assert one["Type"] == "notify" and one["NotifyAccess"] == "all" and one["WatchdogSec"] == "30"
    assert one["Restart"] == "always" and one["StartLimitIntervalSec"] == "0"
    assert one["User"] == "kiosk" and "PAMName" not in one and one["TTYPath"] == "/dev/tty1"
    assert one["Conflicts"] == "getty@tty1.service"
    assert {"QT_QPA_PLATFORM=wayland", "QT_IM_MODULE=qtvirtualkeyboard"} <= set(d["Environment"])
    assert one["StandardOutput"] == "journal" and one["StandardError"] == "journal"
    assert one["StateDirectory"] == "kiosk" and one["StateDirectoryMode"] == "0700" and one["UMask"] == "0077"
    # the QML compiled at installation is where the app looks for it (issue 17 item 3)
    assert one["CacheDirectory"] == "kiosk" and "QML_DISK_CACHE_PATH=/var/cache/kiosk/qml" in d["Environment"]
    # Hardening that would cut the app off from DRM, input, serial and USB device nodes is absent.
    for key in ("PrivateDevices", "DevicePolicy", "DeviceAllow", "ProtectClock", "PrivateUsers"):
        assert key not in d, key
    assert one["NoNewPrivileges"] == "yes" and one["ProtectSystem"] == "full"
    # An offline terminal must still come up at once: no waiting for the network.
    assert "network-online.target" not in " ".join(d.get("After", []) + d.get("Wants", []) + d.get("Requires", []))
    # The technician screen saves settings there; nothing else under /etc is writable.
    assert d["ReadWritePaths"] == ["/etc/kiosk"]


def test_security_exposure_is_low(built: Built) -> None:
    out = subprocess.run(["systemd-analyze", "security", "--offline=yes", "--no-pager", str(_unit(built))],
                         capture_output=True, text=True, timeout=120, check=False)
    m = re.search(r"Overall exposure level for kiosk\.service: ([0-9.]+)", out.stdout + out.stderr)
    assert m, out.stdout[-2000:] + out.stderr[-2000:]
    # systemd's scale: 0 best .. 10 worst; an unhardened service scores 9.6.
    assert float(m.group(1)) <= 5.0, m.group(0)
