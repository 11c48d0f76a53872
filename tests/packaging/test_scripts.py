"""Maintainer scripts: syntax, shellcheck, argument handling, and what they promise to keep."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.packaging.conftest import Built

pytestmark = pytest.mark.slow

SCRIPTS = ("postinst", "prerm", "postrm")


@pytest.mark.parametrize("name", SCRIPTS)
def test_syntax_and_shellcheck(built: Built, name: str) -> None:
    script = built.control / name
    assert script.stat().st_mode & 0o777 == 0o755
    assert script.read_text().startswith("#!/bin/sh\n")
    for shell in ("sh", "bash"):  # dash is /bin/sh on Debian; bash -n as a second parser
        out = subprocess.run([shell, "-n", str(script)], capture_output=True, text=True, timeout=30, check=False)
        assert out.returncode == 0, out.stderr
    if shutil.which("shellcheck") is None:
        pytest.fail("shellcheck is missing: `make setup` installs it (APT_PACKAGES)")
    out = subprocess.run(["shellcheck", "--shell=sh", "--severity=style", str(script)], capture_output=True,
                         text=True, timeout=60, check=False)
    assert out.returncode == 0, out.stdout


@pytest.mark.parametrize("name", SCRIPTS)
def test_unknown_argument_is_refused_before_doing_anything(built: Built, name: str) -> None:
    out = subprocess.run(["sh", str(built.control / name), "bogus-action"], capture_output=True, text=True,
                         timeout=30, check=False)
    assert out.returncode == 1
    assert "unknown argument 'bogus-action'" in out.stderr


def test_scripts_keep_settings_keys_and_outbox(built: Built) -> None:
    postinst = (built.control / "postinst").read_text()
    prerm = (built.control / "prerm").read_text()
    postrm = (built.control / "postrm").read_text()
    assert "adduser --system" in postinst and "--no-create-home" in postinst
    assert "install -d -m 0700 -o \"$KIOSK_USER\" -g \"$KIOSK_USER\" \"$DATA_DIR\"" in postinst
    assert 'chmod 0600 "$key"' in postinst
    # Nothing but purge deletes data; the settings file is a conffile (dpkg keeps local edits).
    for text in (postinst, prerm):
        assert not re.search(r"\brm\b.*(/var/lib/kiosk|/etc/kiosk|\$DATA_DIR)", text)
    purge_branch = postrm.split("purge)")[1].split(";;")[0]
    remove_branch = postrm.split("remove)")[1].split(";;")[0]
    assert "rm -rf /var/lib/kiosk" in purge_branch and "/var/lib/kiosk" not in remove_branch
    assert "/etc/kiosk" in purge_branch and "/etc/kiosk" not in remove_branch
    # The running app is stopped before its files change, and restarted after an upgrade.
    assert 'deb-systemd-invoke stop "$UNIT"' in prerm
    assert 'deb-systemd-invoke restart "$UNIT"' in postinst
