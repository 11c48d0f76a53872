"""Item 3 of the reader brief: what the technician sees (the overview's and ``kiosk diag``'s idcard check) agrees
with what the card watcher's presence probe told the resident, for every state of the real reader on the wire."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from devices.idcard.sam_serial import SamSerialReader
from devices.idcard.simulator import SamSimulator
from kiosk.flow.reader_poll import look
from kiosk.roles.idcard import Presence, ReaderDisconnected, ReaderFault
from terminal.diag.checks import DiagContext, Status, check_idcard
from tests.technician.helpers import settings_for

from .conftest import TODAY


def _empty(sim: SamSimulator) -> None:
    sim.remove()


def _card(sim: SamSimulator) -> None:
    sim.place("resident")


def _silent(sim: SamSimulator) -> None:
    sim.set_fault("silence")


def _unplugged(sim: SamSimulator) -> None:
    sim.unplug()


@pytest.mark.parametrize(("make", "presences", "status", "code"), [
    (_empty, {Presence.ABSENT}, Status.OK, "IDC-OK"),
    (_card, {Presence.NEW, Presence.PRESENT}, Status.OK, "IDC-OK"),
    (_silent, {Presence.NOT_ANSWERING}, Status.FAIL, "IDC-SAM-TIMEOUT"),
    (_unplugged, {Presence.DISCONNECTED}, Status.FAIL, "IDC-DISCONNECTED"),
], ids=["empty", "card", "silent", "unplugged"])
def test_the_technicians_check_agrees_with_the_residents_screen(
        tmp_path: Path, make: Callable[[SamSimulator], None], presences: set[Presence], status: Status,
        code: str) -> None:
    with SamSimulator(115200, link=tmp_path / "usb-IDCARD-if00") as sim:
        reader = SamSerialReader(sim.port, 115200, today=lambda: TODAY, reconnect_interval_s=0.0)
        try:
            assert reader.sam_info().connected
            make(sim)
            seen = reader.presence()
            settings = settings_for(tmp_path, idcard={"driver": "sam_serial", "port": sim.port})
            check = check_idcard(DiagContext(settings=settings, idcard=reader))
            assert seen in presences
            assert (check.status, check.code) == (status, code), check
            down = isinstance(look(reader, card_known=False), (ReaderDisconnected, ReaderFault))
            assert down == (status == Status.FAIL)  # the resident is told "not working" exactly when it fails
        finally:
            reader.close()
