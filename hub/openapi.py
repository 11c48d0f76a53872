"""The committed OpenAPI document (``hub/openapi.json``) is rendered here, without a database."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hub.app import create_app
from hub.config import HubConfig

COMMITTED = Path(__file__).resolve().parent / "openapi.json"


def openapi_document() -> dict[str, Any]:

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(HubConfig(data_dir=Path(tmp), db_url=f"sqlite:///{tmp}/openapi.sqlite3"))
        try:
            return app.openapi()
        finally:
            app.state.engine.dispose()


def render_openapi(document: dict[str, Any] | None = None) -> str:
    return json.dumps(document or openapi_document(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
