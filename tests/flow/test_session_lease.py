"""The session lease from the flow's side (issue 20): a session holds it from its start until the attract
screen is back; while the updater holds it, a tap on the attract screen begins nothing."""

from __future__ import annotations

from pathlib import Path

from kiosk.flow import ResidentFlow
from kiosk.update.channel import AppChannel


def test_a_session_holds_the_lease_until_the_attract_screen(flow: ResidentFlow, tmp_path: Path) -> None:
    channel = AppChannel(tmp_path / "update")
    flow.lease = channel.session_lease()
    updater = channel.session_lease()

    assert flow.start() and flow.screen == "home"
    assert not updater.try_hold()  # the install waits while the session is open
    flow.wipe("finish")
    flow.stack.show("attract", reset=True)
    assert updater.try_hold()  # back on the attract screen: free for the install

    assert not flow.start()  # the updater holds it: no session begins, the attract screen stays
    assert flow.screen == "attract" and not flow.lease.held
    updater.release()
    assert flow.start() and flow.lease.held
