"""Domain core of the community self-service terminal. Never imports Qt."""

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version


def _installed_version() -> str:
    """The terminal's distribution on a terminal; the development project (both programs) in a checkout."""
    for name in ("community-kiosk", "community-kiosk-dev"):
        try:
            return _version(name)
        except PackageNotFoundError:
            continue
    return "0.0.0+src"  # running from a source tree that is not installed


__version__ = _installed_version()
