"""packaging/tools/sign_release.py as a release manager uses it: a key pair made offline, a real .deb signed,
the manifest verified, and the hub (``kiosk-hub releases upload``) taking it with only the public half."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging.conftest import ROOT, _need

TOOL = ROOT / "packaging/tools/sign_release.py"


def run(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, *argv], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
                          check=False)


def make_deb(tmp: Path, name: str = "community-kiosk", version: str = "0.2.0") -> Path:
    _need("dpkg-deb")
    tree = tmp / f"{name}-{version}"
    (tree / "DEBIAN").mkdir(parents=True)
    (tree / "DEBIAN/control").write_text(f"Package: {name}\nVersion: {version}\nArchitecture: amd64\n"
                                         "Maintainer: Test <test@example.org>\nDescription: test package\n")
    (tree / "opt/kiosk").mkdir(parents=True)
    (tree / "opt/kiosk/payload").write_bytes(os.urandom(50_000))
    deb = tmp / f"{name}_{version}_amd64.deb"
    subprocess.run(["dpkg-deb", "-Zgzip", "--root-owner-group", "--build", str(tree), str(deb)], check=True,
                   capture_output=True)
    return deb


def test_keygen_sign_verify_and_the_hub_takes_it(tmp_path: Path) -> None:
    made = run(str(TOOL), "keygen", "--out", str(tmp_path / "keys"))
    assert made.returncode == 0, made.stderr
    key = json.loads(made.stdout)
    assert stat.S_IMODE(Path(key["private_key"]).stat().st_mode) == 0o600
    deb = make_deb(tmp_path)
    signed = run(str(TOOL), "sign", str(deb), "--key", key["private_key"], "--notes", "fixes the printer")
    assert signed.returncode == 0, signed.stderr
    manifest = json.loads(Path(f"{deb}.release.json").read_text(encoding="utf-8"))
    assert (manifest["version"], manifest["architecture"], manifest["kid"]) == ("0.2.0", "amd64", key["kid"])
    assert manifest["size"] == deb.stat().st_size and manifest["notes"] == "fixes the printer"
    assert run(str(TOOL), "verify", str(deb), "--pub", key["public_key"]).returncode == 0

    hub = tmp_path / "hub"
    (hub / "release-keys").mkdir(parents=True)
    (hub / "release-keys" / Path(key["public_key"]).name).write_bytes(Path(key["public_key"]).read_bytes())
    uploaded = run("-m", "hub.cli", "releases", "upload", str(deb), "--data-dir", str(hub))
    assert uploaded.returncode == 0, uploaded.stderr
    assert (hub / "releases" / f"{manifest['sha256']}.deb").read_bytes() == deb.read_bytes()

    with deb.open("ab") as f:  # one byte more: the manifest no longer signs it
        f.write(b"\0")
    refused = run(str(TOOL), "verify", str(deb), "--pub", key["public_key"])
    assert refused.returncode == 1 and "not the package the manifest signs" in refused.stderr


def test_sign_refuses_another_package_and_a_missing_key(tmp_path: Path) -> None:
    made = json.loads(run(str(TOOL), "keygen", "--out", str(tmp_path / "keys")).stdout)
    other = make_deb(tmp_path, name="something-else")
    refused = run(str(TOOL), "sign", str(other), "--key", made["private_key"])
    assert refused.returncode == 1 and "not 'community-kiosk'" in refused.stderr
    missing = run(str(TOOL), "sign", str(other), "--key", str(tmp_path / "nope.key"))
    assert missing.returncode == 1 and "not a release private key" in missing.stderr
    assert run(str(TOOL), "sign").returncode == 2


@pytest.mark.parametrize("text", ["", "not base64!", "AAAA"])
def test_verify_refuses_a_public_key_file_that_is_not_one(tmp_path: Path, text: str) -> None:
    deb = make_deb(tmp_path)
    (tmp_path / "bad.pub").write_text(text)
    refused = run(str(TOOL), "verify", str(deb), "--pub", str(tmp_path / "bad.pub"))
    assert refused.returncode == 1 and "is not a release public key" in refused.stderr
