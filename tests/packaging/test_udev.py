"""udev rules: udev's own parser (udevadm test), and which device gets which stable name.

udev 252 (Debian 12) has no `udevadm verify` (new in 253). `udevadm test` loads
every rules file and logs each line it cannot parse (with file:line), so the
rules are loaded by it in a private mount namespace where /etc/udev/rules.d
holds only ours and /etc/group has the kiosk group (a rule naming an unknown
group is also reported). `udevadm test` cannot run rules against invented
devices (sd-device refuses a fake /sys), so matching is checked by a small
evaluator of the rule language's subset the file uses, against descriptions
of real devices.
"""

from __future__ import annotations

import fnmatch
import re
import shutil
import subprocess
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.packaging.conftest import PACKAGING, Built

pytestmark = pytest.mark.slow

RULES_NAME = "70-kiosk-devices.rules"


def _udevadm_test(rules: Path, work: Path) -> str:
    """udev's messages about our rules file when it loads it next to the system's rules."""
    if shutil.which("udevadm") is None or shutil.which("unshare") is None:
        pytest.fail("udevadm/unshare missing: install the Debian package 'udev' (APT_PACKAGES)")
    rules_dir = work / "rules.d"
    rules_dir.mkdir()
    shutil.copy(rules, rules_dir / RULES_NAME)
    group = work / "group"
    group.write_text(Path("/etc/group").read_text() + "kiosk:x:64999:\n")
    device = next(p for p in ("/sys/class/tty/tty1", "/sys/class/mem/null", "/sys/class/tty/console")
                  if Path(p).exists())
    script = textwrap.dedent(f"""\
        set -e
        mount --bind {group} /etc/group
        mount --bind {rules_dir} /etc/udev/rules.d
        udevadm test --action=add {device} 2>&1
    """)
    out = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
                         capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    return "\n".join(line for line in out.stdout.splitlines() if RULES_NAME in line)


def test_udevadm_loads_the_rules_without_complaint(built: Built, tmp_path: Path) -> None:
    messages = _udevadm_test(built.tree / "lib/udev/rules.d" / RULES_NAME, tmp_path)
    assert messages == f"Reading rules file: /etc/udev/rules.d/{RULES_NAME}", messages


def test_udevadm_check_can_fail(tmp_path: Path) -> None:
    broken = tmp_path / "broken.rules"
    broken.write_text((PACKAGING / "files/lib/udev/rules.d" / RULES_NAME).read_text()
                      + 'SUBSYSTEM=="tty", FOO{x}=="y", GROUP=="kiosk"\nKERNEL="ttyUSB0", MODE="0600"\n'
                      + 'KERNEL=="ttyUSB9", GROUP="nogroup-xyz"\n')
    work = tmp_path / "w"
    work.mkdir()
    messages = _udevadm_test(broken, work)
    assert "Invalid key 'FOO'" in messages or "Invalid operator" in messages, messages
    assert "Invalid operator for KERNEL" in messages and "Unknown group 'nogroup-xyz'" in messages, messages


# --- what the rules do -----------------------------------------------------------------------

_PAIR = re.compile(r'\s*([A-Z_]+(?:\{[^}]*\})?)\s*(==|!=|\+=|-=|:=|=)\s*"((?:[^"\\]|\\.)*)"\s*,?')


def _parse(text: str) -> list[list[tuple[str, str, str]]]:
    rules = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        pairs, pos = [], 0
        while pos < len(line):
            m = _PAIR.match(line, pos)
            assert m, f"line {n}: cannot parse {line[pos:]!r}"
            pairs.append((m.group(1), m.group(2), m.group(3)))
            pos = m.end()
        rules.append(pairs)
    return rules


@dataclass
class Device:
    """A device as udev sees it: its own properties and attributes, and its parents' attributes."""

    subsystem: str
    kernel: str
    env: dict[str, str] = field(default_factory=dict)
    attr: dict[str, str] = field(default_factory=dict)
    parents: list[dict[str, str]] = field(default_factory=list)  # ATTRS{} candidates, nearest first
    action: str = "add"


@dataclass
class Result:
    symlinks: list[str] = field(default_factory=list)
    group: str | None = None
    mode: str | None = None
    tags: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)


def _glob(value: str, pattern: str) -> bool:
    return any(fnmatch.fnmatchcase(value, alt) for alt in pattern.split("|"))


def _evaluate(rules: list[list[tuple[str, str, str]]], dev: Device) -> Result:
    res = Result(env=dict(dev.env))
    i = 0
    while i < len(rules):
        rule = rules[i]
        i += 1
        if rule[0][0] == "LABEL":
            continue
        attrs = [(k[6:-1], op, v) for k, op, v in rule if k.startswith("ATTRS{")]
        ok = not attrs or any(all(_glob(p.get(a, ""), v) == (op == "==") for a, op, v in attrs)
                              for p in [dev.attr, *dev.parents])
        for key, op, value in rule:
            if op not in ("==", "!=") or key.startswith("ATTRS{"):
                continue
            actual = {"ACTION": dev.action, "SUBSYSTEM": dev.subsystem, "KERNEL": dev.kernel}.get(key)
            if key.startswith("ENV{"):
                actual = res.env.get(key[4:-1], "")
            elif key.startswith("ATTR{"):
                actual = dev.attr.get(key[5:-1], "")
            assert actual is not None, f"evaluator does not know match key {key}"
            ok = ok and _glob(actual, value) == (op == "==")
        if not ok:
            continue
        for key, op, value in rule:
            if key == "GOTO":
                i = next(n for n, r in enumerate(rules) if r[0] == ("LABEL", "=", value))
            elif key.startswith("ENV{") and op == "=":
                res.env[key[4:-1]] = value
            elif key == "SYMLINK" and op == "+=":
                res.symlinks.append(value)
            elif key == "GROUP" and op == "=":
                res.group = value
            elif key == "MODE" and op == "=":
                res.mode = value
            elif key == "TAG" and op == "+=":
                res.tags.append(value)
    return res


def _usb(vid: str, pid: str, product: str) -> dict[str, str]:
    return {"idVendor": vid, "idProduct": pid, "product": product}


def _tty(kernel: str, vid: str, pid: str, product: str, **env: str) -> Device:
    iface = {"bInterfaceClass": "ff"}
    return Device("tty", kernel, env=dict(env), parents=[{}, iface, _usb(vid, pid, product)])


def _v4l(kernel: str, index: str, product: str, name: str = "", **env: str) -> Device:
    return Device("video4linux", kernel, env=dict(env), attr={"index": index, "name": name or product},
                  parents=[{}, {"bInterfaceClass": "0e"}, _usb("2b16", "0001", product)])


CASES = {
    "CH340 bridge (CVR-100 serial)": (_tty("ttyUSB0", "1a86", "7523", "USB Serial"), "kiosk-idcard"),
    "PL2303 bridge": (_tty("ttyUSB1", "067b", "2303", "USB-Serial Controller"), "kiosk-idcard"),
    "FTDI FT232R": (_tty("ttyUSB0", "0403", "6001", "FT232R USB UART"), "kiosk-idcard"),
    "CP210x": (_tty("ttyUSB0", "10c4", "ea60", "CP2102 USB to UART Bridge Controller"), "kiosk-idcard"),
    "reader naming itself": (_tty("ttyACM0", "0483", "5740", "SS628 ID Card Reader"), "kiosk-idcard"),
    "Winbond POS80 in CDC mode": (_tty("ttyACM0", "0416", "5011", "USB Virtual COM"), "kiosk-printer"),
    "printer behind a CH340, by product string": (_tty("ttyUSB2", "1a86", "7523", "POS80 Printer"),
                                                  "kiosk-printer"),
    "site rule pins a CH340 to the printer": (_tty("ttyUSB0", "1a86", "7523", "USB Serial", KIOSK_ROLE="printer"),
                                              "kiosk-printer"),
    "Epson TM-T20 on usblp": (Device("usbmisc", "lp0", parents=[{"bInterfaceClass": "07"},
                                                                  _usb("04b8", "0e15", "TM-T20")]),
                              "kiosk-printer"),
    "SNBC on usblp": (Device("usbmisc", "lp0", parents=[{}, _usb("154f", "1300", "BTP-R580")]), "kiosk-printer"),
    "A4 laser printer on usblp stays CUPS's": (Device("usbmisc", "lp1", parents=[{}, _usb("03f0", "3d17",
                                                                                              "HP LaserJet P1102")]),
                                               None),
    "UVC webcam, capture node": (Device("video4linux", "video0", env={"ID_V4L_CAPABILITIES": ":capture:"},
                                        attr={"index": "0"}, parents=[_usb("046d", "0825", "Webcam C270")]),
                                 "kiosk-camera"),
    "UVC webcam, metadata node": (Device("video4linux", "video1", env={"ID_V4L_CAPABILITIES": ":"},
                                         attr={"index": "1"}, parents=[_usb("046d", "0825", "Webcam C270")]),
                                  None),
    "site rule pins the second camera": (Device("video4linux", "video2", env={"ID_V4L_CAPABILITIES": ":capture:",
                                                                               "KIOSK_ROLE": "camera"},
                                                attr={"index": "0"}), "kiosk-camera"),
    "unknown USB-serial gadget": (_tty("ttyUSB3", "2341", "0043", "Arduino Uno"), None),
    "on-board serial port": (Device("tty", "ttyS0"), None),
    "document camera naming itself": (_v4l("video2", "0", "USB Document Camera"), "kiosk-doccam"),
    "document camera, by its V4L2 name": (_v4l("video0", "0", "HD Camera", name="Eloam DocCam 1200"),
                                          "kiosk-doccam"),
    "document camera's metadata node": (_v4l("video3", "1", "USB Document Camera"), None),
    "site rule pins a camera": (_v4l("video0", "0", "USB2.0 Camera", KIOSK_ROLE="doccam"), "kiosk-doccam"),
    "face camera stays unnamed": (_v4l("video0", "0", "Integrated Webcam HD"), None),
    "removal": (Device("tty", "ttyUSB0", parents=[{}, {}, _usb("1a86", "7523", "USB Serial")], action="remove"),
                None),
}


@pytest.mark.parametrize("case", list(CASES))
def test_device_gets_its_stable_name(case: str) -> None:
    rules = _parse((PACKAGING / "files/lib/udev/rules.d" / RULES_NAME).read_text())
    device, expected = CASES[case]
    res = _evaluate(rules, device)
    if expected is None:
        assert res.symlinks == [] and res.group is None, res
    else:
        assert res.symlinks == [expected], res
        assert res.group == "kiosk" and res.mode == "0660" and "uaccess" in res.tags


def test_raw_usb_printer_is_accessible_to_the_kiosk_group() -> None:
    rules = _parse((PACKAGING / "files/lib/udev/rules.d" / RULES_NAME).read_text())
    dev = Device("usb", "1-2", env={"DEVTYPE": "usb_device"}, attr=_usb("0416", "5011", "POS80"))
    res = _evaluate(rules, dev)
    assert res.group == "kiosk" and res.mode == "0660" and res.symlinks == []


def test_metainfo_declares_every_usb_id_the_rules_name() -> None:
    rules = (PACKAGING / "files/lib/udev/rules.d" / RULES_NAME).read_text()
    meta = (PACKAGING / "files/usr/share/metainfo/community-kiosk.metainfo.xml").read_text()
    declared = {m.lower() for m in re.findall(r"<modalias>usb:v([0-9A-F]{4})", meta)}
    named = set(re.findall(r'idVendor\}=="([0-9a-f|]+)"', rules))
    vendors = {v for group in named for v in group.split("|")}
    assert vendors <= declared, vendors - declared
