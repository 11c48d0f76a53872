"""Install, upgrade, remove and purge the real .deb with dpkg, in a throwaway copy of this machine
(tests/packaging/install_run.py does it, in the background from the session's start): what each step left."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.packaging.conftest import UPGRADE_VERSION, project_version

pytestmark = pytest.mark.slow


def _group_exists(name: str) -> bool:
    return any(line.split(":", 1)[0] == name for line in Path("/etc/group").read_text().splitlines())


def test_install_upgrade_remove_purge(install_report: dict[str, str]) -> None:
    r = install_report
    if r["pre_user"] == "yes":
        pytest.fail("this machine already has a 'kiosk' user; the test needs a machine without one")
    assert r["installed"] == "ii "
    assert r["user"] == "/var/lib/kiosk:/usr/sbin/nologin"
    assert r["data_dir"] == "700:kiosk:kiosk"
    assert r["conffile"] == "644:root"
    assert r["settings_dir"] == "770:root:kiosk"
    expected_groups = {"kiosk"} | {g for g in ("video", "input", "render", "dialout", "lp", "systemd-journal")
                                   if _group_exists(g)}
    assert set(r["groups"].split()) == expected_groups
    assert r["saved_by_app"] == "kiosk"
    assert r["enabled"] == "yes"
    assert int(r["bytecode"]) > 5
    assert r["version"] == f"kiosk {project_version()}"
    # the postinst compiled every QML file into the service's cache, as the kiosk user (issue 17 item 3)
    mode_owner_count = r["qml_cache"].rsplit(":", 1)
    # ours and the virtual keyboard's style and layouts
    assert mode_owner_count[0] == "700:kiosk" and int(mode_owner_count[1]) >= int(r["qml_files"]) + 5 > 45, \
        (r["qml_cache"], r["qml_files"])
    assert r["verify"] == ""
    assert r["udev"].strip() in ("Reading rules file: /usr/lib/udev/rules.d/70-kiosk-devices.rules",
                                 "Reading rules file: /lib/udev/rules.d/70-kiosk-devices.rules"), r["udev"]
    assert r["upgraded"] == UPGRADE_VERSION and r["upgraded_version"] == f"kiosk {project_version()}"
    assert r["kept_settings"] == "1"
    assert r["kept_key"] == "secret:600:kiosk"  # kept, and its loose mode repaired
    assert r["kept_outbox"] == "outbox-item-1"
    assert r["keys_dir"] == "700"
    assert r["stray_pyc"] == "gone"  # the prerm removed the old bytecode
    assert r["removed"] == "rc "
    assert r["after_remove_data"] == "outbox-item-1" and r["after_remove_conf"] == "present"
    assert r["after_remove_opt"] == "gone"
    assert r["purged"] == "none" or r["purged"].startswith("un")
    assert r["after_purge"] == "0"
    assert r["after_purge_user"] == "kept"
