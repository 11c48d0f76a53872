"""The private PostgreSQL cluster used by the ``postgres`` tests lives in ``hub.testing`` (benchmarks use it too)."""

from hub.testing import available_postgres as available
from hub.testing import create_database, private_cluster

__all__ = ["available", "create_database", "private_cluster"]
