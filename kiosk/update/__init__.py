"""The terminal's own software update (issue 20): a Qt-free state machine with its I/O behind ports.

``record`` holds the persisted state, ``channel`` the small files the app and the updater exchange,
``gates`` when an install may start, ``download`` the resumable download, ``updater`` the machine.
The adapters (apt, systemd, the hub download, the database copy) live in ``terminal/update_system.py``.
"""
