"""PC/SC against a real pcscd + vsmartcard-vpcd with a test-owned virtual staff card."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from contract.crypto import canonical_json, key_id, new_signing_key, public_bytes, sign_record
from devices.pcsc.monitor import CardInserted, CardRemoved, PcscMonitor, ReaderAdded, ServiceState
from devices.pcsc.readers import PcscUnavailable, snapshot
from devices.pcsc.staff import read_staff_card, verify_staff_record
from kiosk.roles.staffcard import StaffCard, StaffCardEvent, StaffCardRejected
from tests.devices.vcard import VirtualCard

from .conftest import Pcscd

pytestmark = pytest.mark.pcscd

READER = "Virtual PCD 00 00"
KEY = new_signing_key()
KID = key_id(public_bytes(KEY))
TRUSTED = {KID: public_bytes(KEY)}


def _record(**over: object) -> bytes:
    body = {"v": 1, "staff_id": "T-0007", "role": "technician", "issued": "2026-01-15"}
    body.update(over)
    return canonical_json(sign_record(KEY, body, KID))


class Events:
    def __init__(self) -> None:
        self.items: list[StaffCardEvent] = []
        self.cond = threading.Condition()

    def __call__(self, e: StaffCardEvent) -> None:
        with self.cond:
            self.items.append(e)
            self.cond.notify_all()

    def wait_for(self, pred: Callable[[StaffCardEvent], bool], timeout: float = 8.0) -> StaffCardEvent:
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for e in self.items:
                    if pred(e):
                        self.items.remove(e)
                        return e
                left = deadline - time.monotonic()
                assert left > 0, f"no matching event; got {self.items}"
                self.cond.wait(left)


@pytest.fixture(autouse=True)
def _reader_empty_after(request: pytest.FixtureRequest) -> Iterator[None]:
    """vpcd notices a pulled card only when it next talks to it: wait for that, so tests do not overlap."""
    yield
    if "pcscd" not in request.fixturenames:
        return
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        try:
            if not {r.name: r for r in snapshot()}[READER].card_present:
                return
        except (PcscUnavailable, KeyError):
            pass
        time.sleep(0.1)


@pytest.fixture
def monitor(pcscd: Pcscd) -> Iterator[tuple[PcscMonitor, Events]]:
    events = Events()
    mon = PcscMonitor(events, wait_ms=300, retry_s=0.2).start()
    yield mon, events
    mon.stop()


def test_snapshot_lists_vpcd_readers_and_uid(pcscd: Pcscd) -> None:
    names = [r.name for r in snapshot()]
    assert READER in names and "Virtual PCD 00 01" in names
    with VirtualCard(_record()):
        deadline = time.monotonic() + 5
        while True:
            snap = {r.name: r for r in snapshot()}
            if snap[READER].card_present or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert snap[READER].card_present and snap[READER].uid == "04A1B2C3D4E5F6"
        assert snap[READER].atr.startswith("3B8F")
        assert not snap["Virtual PCD 00 01"].card_present


def _wait_card(mon_events: Events) -> CardInserted:
    # vpcd notices a pulled card only on its next poll, so an earlier card may show up first, without UID
    e = mon_events.wait_for(lambda e: isinstance(e, CardInserted) and e.reader == READER and bool(e.uid))
    assert isinstance(e, CardInserted)
    return e


def test_monitor_reports_readers_cards_and_uid(monitor: tuple[PcscMonitor, Events]) -> None:
    mon, events = monitor
    assert events.wait_for(lambda e: isinstance(e, ServiceState)) == ServiceState(True)
    events.wait_for(lambda e: e == ReaderAdded(READER))
    card = VirtualCard(_record()).insert()
    try:
        ins = _wait_card(events)
        assert ins.uid == "04A1B2C3D4E5F6"
        assert READER in mon.cards
    finally:
        card.pull()
    assert events.wait_for(lambda e: isinstance(e, CardRemoved)) == CardRemoved(READER)


def test_valid_staff_card(pcscd: Pcscd) -> None:
    with VirtualCard(_record()) as card:
        result = _read_when_present(card)
    assert isinstance(result, StaffCard)
    assert (result.staff_id, result.role, result.kid, result.uid) == ("T-0007", "technician", KID, "04A1B2C3D4E5F6")
    assert card.apdus[1][:5] == bytes.fromhex("00A4040007")
    assert any(a[1] == 0xB0 for a in card.apdus)


def _read_when_present(card: VirtualCard, keys: dict[str, bytes] | None = None) -> StaffCard | StaffCardRejected:
    deadline = time.monotonic() + 5
    while True:
        result = read_staff_card(READER, TRUSTED if keys is None else keys)
        if not (isinstance(result, StaffCardRejected) and result.reason == "no_card") or time.monotonic() > deadline:
            return result
        time.sleep(0.1)


def test_long_record_is_read_in_chunks(pcscd: Pcscd) -> None:
    with VirtualCard(_record(note="x" * 600)) as card:
        result = _read_when_present(card)
    assert isinstance(result, StaffCard)
    assert sum(1 for a in card.apdus if a[1] == 0xB0) >= 3


def test_forged_signature(pcscd: Pcscd) -> None:
    record = json.loads(_record())
    record["role"] = "administrator"  # escalated after signing
    with VirtualCard(canonical_json(record)) as card:
        assert _read_when_present(card) == StaffCardRejected("bad_signature", "04A1B2C3D4E5F6")


def test_unknown_key(pcscd: Pcscd) -> None:
    other = new_signing_key()
    record = canonical_json(sign_record(other, {"v": 1, "staff_id": "X", "role": "technician",
                                                "issued": "2026-01-01"}, key_id(public_bytes(other))))
    with VirtualCard(record) as card:
        assert _read_when_present(card).reason == "unknown_key"  # type: ignore[union-attr]


def test_truncated_record(pcscd: Pcscd) -> None:
    with VirtualCard(_record()[:40]) as card:
        assert _read_when_present(card) == StaffCardRejected("truncated", "04A1B2C3D4E5F6")


def test_no_applet(pcscd: Pcscd) -> None:
    with VirtualCard(_record(), applet=False) as card:
        assert _read_when_present(card) == StaffCardRejected("no_applet", "04A1B2C3D4E5F6")


def test_card_pulled_mid_read(pcscd: Pcscd) -> None:
    card = VirtualCard(_record(note="y" * 600), pull_after_reads=1).insert()
    try:
        result = _read_when_present(card)
    finally:
        card.pull()
    assert isinstance(result, StaffCardRejected) and result.reason in ("unreadable", "no_card")


def test_no_card_on_reader(pcscd: Pcscd) -> None:
    assert read_staff_card(READER, TRUSTED) == StaffCardRejected("no_card")


def test_pcscd_stop_and_restart_is_survived(pcscd: Pcscd, monitor: tuple[PcscMonitor, Events]) -> None:
    _mon, events = monitor
    assert events.wait_for(lambda e: isinstance(e, ServiceState)) == ServiceState(True)
    events.wait_for(lambda e: e == ReaderAdded(READER))
    pcscd.stop()
    try:
        assert events.wait_for(lambda e: isinstance(e, ServiceState)).available is False  # type: ignore[union-attr]
        with pytest.raises(PcscUnavailable):
            snapshot()
        assert read_staff_card(READER, TRUSTED) == StaffCardRejected("no_service")
    finally:
        pcscd.start()
    assert events.wait_for(lambda e: isinstance(e, ServiceState)) == ServiceState(True)
    events.wait_for(lambda e: e == ReaderAdded(READER))
    with VirtualCard(_record()):
        assert _wait_card(events).uid == "04A1B2C3D4E5F6"


def test_cli_pcsc_json(pcscd: Pcscd, capsys: pytest.CaptureFixture[str]) -> None:
    from ui.main import main

    with VirtualCard(_record()):
        deadline = time.monotonic() + 5
        while True:
            assert main(["card", "pcsc", "--json"]) == 0
            data = json.loads(capsys.readouterr().out)
            readers = {r["name"]: r for r in data["readers"]}
            if readers[READER]["card_present"] or time.monotonic() > deadline:
                break
            time.sleep(0.1)
    assert readers[READER]["uid"] == "04A1B2C3D4E5F6"
    assert readers["Virtual PCD 00 01"]["uid"] is None


def test_verify_staff_record_pure() -> None:
    assert isinstance(verify_staff_record(_record(), TRUSTED), StaffCard)
    assert verify_staff_record(b"\xff\xfe", TRUSTED).reason == "bad_record"  # type: ignore[union-attr]
    assert verify_staff_record(b"[1]", TRUSTED).reason == "bad_record"  # type: ignore[union-attr]
    bad_role = json.loads(_record())
    bad_role["role"] = "mayor"
    assert verify_staff_record(canonical_json(bad_role), TRUSTED).reason == "bad_record"  # type: ignore[union-attr]
