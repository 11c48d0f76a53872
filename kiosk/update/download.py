"""The package download: resumed after a cut from the ``.part`` file, bounded by the manifest's size,
and checked (size, SHA-256, the package's own name and version) before anything installs it."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from contract.release import ReleaseManifest
from kiosk.update.ports import PackageFetcher, PackageSystem


class VerifyError(Exception):
    """The downloaded file is not the package the signed manifest describes."""


def download(fetcher: PackageFetcher, url: str, manifest: ReleaseManifest, part: Path) -> None:
    """Bring ``part`` to the manifest's size, carrying on from the bytes already there; every 4 MB
    are synced so a power cut keeps what arrived. FetchError leaves the file for the next attempt; a body
    longer than the manifest says is refused (VerifyError) and the file removed."""
    synced_every = 4 * 1024 * 1024
    have = part.stat().st_size if part.exists() else 0
    if have >= manifest.size:
        if have == manifest.size:
            return
        part.unlink()  # longer than the release: not this release's bytes
        have = 0
    start, body = fetcher.open(url, have)
    if start not in (0, have):
        raise VerifyError(f"the hub answered from byte {start}, not {have}")
    with part.open("r+b" if part.exists() else "wb") as f:
        f.seek(start)
        f.truncate()
        written = synced = start
        for chunk in body:
            written += len(chunk)
            if written > manifest.size:
                f.close()
                part.unlink()
                raise VerifyError(f"the hub sent more than the release's {manifest.size} bytes")
            f.write(chunk)
            if written - synced >= synced_every:
                f.flush()
                os.fsync(f.fileno())
                synced = written
        f.flush()
        os.fsync(f.fileno())


def verify(package: Path, manifest: ReleaseManifest, packages: PackageSystem) -> None:
    """Size, SHA-256 and the package's declared name and version, against the signed manifest."""
    size = package.stat().st_size
    if size != manifest.size:
        raise VerifyError(f"package is {size} bytes, the release says {manifest.size}")
    digest = hashlib.sha256()
    with package.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != manifest.sha256:
        raise VerifyError("package SHA-256 does not match the signed release")
    name, version = packages.package_version(package)
    if (name, version) != (manifest.package, manifest.version):
        raise VerifyError(f"package declares {name} {version}, the release says {manifest.package} "
                          f"{manifest.version}")
