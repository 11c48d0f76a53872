"""The hub's web console for admins and staff (issue 9): server-rendered pages at ``/console``.

``mount(app)`` attaches it to the hub's FastAPI application; see docs/console.md.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import RedirectResponse


def mount(app: FastAPI) -> None:
    """Serve the console at ``/console`` (a sub-application: not part of the API's OpenAPI document)."""
    from hub.console.app import PREFIX, build_console

    app.mount(PREFIX, build_console(app), name="console")

    @app.get(PREFIX, include_in_schema=False)
    def _console_root() -> RedirectResponse:
        return RedirectResponse(f"{PREFIX}/", status_code=307)
