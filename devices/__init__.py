"""Device drivers, in-memory fakes and wire-protocol simulators. Never imports Qt.

One ``typing.Protocol`` per device role (``devices.<role>.base``); expected states
(no card, paper out, disconnected) are values, not exceptions.
"""
