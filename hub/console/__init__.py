"""The hub's web console for admins and staff (issue 9): server-rendered pages at ``/console``.

``hub.console.site.mount(app)`` attaches it to the hub's FastAPI application; see docs/console.md.
"""
