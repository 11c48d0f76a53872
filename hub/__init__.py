"""The platform hub: the reference implementation of the platform side of the sync contract.

See ``docs/sync-protocol.md`` for the terminal API and ``hub/openapi.json`` for the
whole HTTP surface. Nothing here imports Qt.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
