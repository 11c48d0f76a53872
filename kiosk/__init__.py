"""Domain core of the community self-service terminal. Never imports Qt."""

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version

try:
    __version__ = _version("community-kiosk")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+src"
