#!/usr/bin/env python3
"""Make the release key and sign terminal packages with it, offline (issue 20).

Why a separate tool and not ``kiosk-hub``: the release key must never be on the hub. A hub that could
sign could push code to every terminal; this one only checks a manifest against the public halves it is
given (``KIOSK_HUB_RELEASE_KEYS``), and the terminals pin the public key at installation. Run it on the
machine where packages are built and the key is kept (an offline laptop, a hardware-backed account)::

    python packaging/tools/sign_release.py keygen --out ~/release-keys
    python packaging/tools/sign_release.py sign dist/community-kiosk_0.2.0_amd64.deb --key ~/release-keys/release-<kid>.key
    python packaging/tools/sign_release.py verify dist/community-kiosk_0.2.0_amd64.deb --pub release-<kid>.pub

``sign`` writes ``PKG.release.json`` next to the package: the manifest (package, version, architecture,
SHA-256, size, notes) signed with Ed25519. Version and architecture come from the .deb (``dpkg-deb``)
unless given. Exit codes: 0 ok, 1 failed (refused, unreadable, does not verify), 2 bad arguments.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from contract import crypto
from contract.release import (
    MAX_PACKAGE_BYTES,
    PACKAGE,
    ReleaseError,
    ReleaseManifest,
    sign_release,
    verify_release,
)

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
CHUNK = 1024 * 1024


class ToolError(Exception):
    """Why the tool refused (printed as ``error: ...``, exit 1)."""


def read_public_key(path: Path) -> bytes:
    """A ``.pub`` file: one line, the base64 of the raw 32-byte Ed25519 public key (what the hub and the terminal
    read too)."""
    try:
        raw = crypto.b64d(path.read_text(encoding="ascii").strip())
        crypto.verify_key_from_bytes(raw)
    except (OSError, UnicodeDecodeError, crypto.CryptoError) as exc:
        raise ToolError(f"{path} is not a release public key: {exc}") from exc
    return raw


def _read_private_key(path: Path) -> bytes:
    try:
        raw = crypto.b64d(path.read_text(encoding="ascii").strip())
    except (OSError, UnicodeDecodeError, crypto.CryptoError) as exc:
        raise ToolError(f"{path} is not a release private key: {exc}") from exc
    if len(raw) != 32:
        raise ToolError(f"{path} is not a release private key (32 bytes, base64)")
    return raw


def cmd_keygen(args: argparse.Namespace) -> int:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = crypto.new_signing_key()
    public = crypto.public_bytes(key)
    kid = crypto.key_id(public)
    private_path, public_path = out / f"release-{kid}.key", out / f"release-{kid}.pub"
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # never overwrite a key
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(crypto.b64e(crypto.signing_key_to_bytes(key)) + "\n")
    public_path.write_text(crypto.b64e(public) + "\n", encoding="ascii")
    print(json.dumps({"kid": kid, "private_key": str(private_path), "public_key": str(public_path),
                      "fingerprint": crypto.fingerprint(public)}, indent=2))
    return EXIT_OK


def _deb_field(package: Path, name: str) -> str | None:
    """A control field of the .deb, or None where dpkg-deb is not installed."""
    dpkg_deb = shutil.which("dpkg-deb")
    if dpkg_deb is None:
        return None
    done = subprocess.run([dpkg_deb, "--field", str(package), name], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ToolError(f"{package} is not a Debian package: {done.stderr.strip()[:200]}")
    return done.stdout.strip()


def hash_file(path: Path) -> tuple[str, int]:
    """SHA-256 and size of a file, read in 1 MiB chunks; refused past the largest package a release may be."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ToolError(f"cannot read {path}: {exc.strerror}") from exc
    if not 0 < size <= MAX_PACKAGE_BYTES:
        raise ToolError(f"{path} is {size} bytes; a release package is 1..{MAX_PACKAGE_BYTES} bytes")
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest(), size


def cmd_sign(args: argparse.Namespace) -> int:
    package = Path(args.package)
    key = crypto.signing_key_from_bytes(_read_private_key(Path(args.key)))
    sha256, size = hash_file(package)
    name = _deb_field(package, "Package")
    if name is not None and name != PACKAGE:
        raise ToolError(f"{package} is the package {name!r}, not {PACKAGE!r}")
    version = args.version or _deb_field(package, "Version")
    if not version:
        raise ToolError("give --version: dpkg-deb is not installed to read it from the package")
    architecture = args.architecture or _deb_field(package, "Architecture") or "amd64"
    manifest = ReleaseManifest(version=version, sha256=sha256, size=size, architecture=architecture,
                               notes=args.notes)
    record = sign_release(key, manifest, crypto.key_id(crypto.public_bytes(key)))
    out = Path(args.out) if args.out else package.with_name(package.name + ".release.json")
    out.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"signed {PACKAGE} {version} ({size} bytes, sha256 {sha256[:16]}…) with {record['kid']}: {out}")
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    package = Path(args.package)
    public = read_public_key(Path(args.pub))
    manifest_path = Path(args.manifest) if args.manifest else package.with_name(package.name + ".release.json")
    try:
        record = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ToolError(f"cannot read the manifest {manifest_path}: {exc}") from exc
    manifest = verify_release(record, {crypto.key_id(public): public})
    sha256, size = hash_file(package)
    if (sha256, size) != (manifest.sha256, manifest.size):
        raise ToolError(f"{package} is not the package the manifest signs (sha256 or size differ)")
    print(f"ok: {PACKAGE} {manifest.version} signed by {record['kid']}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sign_release.py", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("keygen", help="make a release key pair (the private half never leaves this machine)")
    p.add_argument("--out", required=True, help="directory for release-<kid>.key (0600) and release-<kid>.pub")
    p.set_defaults(func=cmd_keygen)
    p = sub.add_parser("sign", help="sign a package: writes PKG.release.json")
    p.add_argument("package")
    p.add_argument("--key", required=True, help="the release private key file (release-<kid>.key)")
    p.add_argument("--version", default="", help="package version (default: read from the .deb)")
    p.add_argument("--architecture", default="", help="default: read from the .deb, else amd64")
    p.add_argument("--notes", default="", help="release notes the console shows (at most 2000 characters)")
    p.add_argument("--out", default="", help="manifest file (default: PKG.release.json)")
    p.set_defaults(func=cmd_sign)
    p = sub.add_parser("verify", help="check a package and its manifest against a release public key")
    p.add_argument("package")
    p.add_argument("--pub", required=True, help="the release public key file (release-<kid>.pub)")
    p.add_argument("--manifest", default="", help="default: PKG.release.json")
    p.set_defaults(func=cmd_verify)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (ToolError, ReleaseError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAIL
    except FileExistsError as exc:
        print(f"error: {exc.filename} exists; a key is never overwritten", file=sys.stderr)
        return EXIT_FAIL


if __name__ == "__main__":
    sys.exit(main())
