"""A clock that jumps (back a year after a dead RTC battery, forward by hours, NTP stepping it back
mid-session), on an injected clock (:class:`contract.clock.FakeClock`, ``jump`` moves the wall clock only).

Tracking numbers stay unique, a backoff set before a jump back does not hold items for the size
of the jump, the clock guard says when the clock is known wrong (dated documents are then
refused), and against the real hub a terminal whose clock is hours off still syncs, with its
heartbeat saying "clock wrong" rather than failing like a forged request.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from contract import tracking
from contract.clock import BEIJING, FakeClock, SystemClock
from kiosk.clock_guard import ClockGuard, ClockWrong, require_trusted
from sync.store import Store

from .helpers import identity, submit_many

YEAR_S = 365 * 86400.0


def _numbers(store: Store) -> list[str]:
    return [s.tracking_number for s in store.find_by_id_number(identity().id_number)]


def test_tracking_numbers_stay_unique_when_the_clock_jumps(tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 11, 26, 23, 50, tzinfo=BEIJING))  # tracking numbers date in Beijing time
    with Store(tmp_path / "kiosk.sqlite3", clock=clock) as store:
        submit_many(store, 2)
        clock.jump(3 * 3600)  # forward by hours, past midnight
        submit_many(store, 2)
        clock.jump(-3 * 3600)  # NTP steps it back into the first day
        submit_many(store, 2)
        clock.jump(-YEAR_S)  # the RTC battery died
        submit_many(store, 1)
        clock.jump(YEAR_S)  # and NTP puts it right again
        submit_many(store, 1)
        numbers = _numbers(store)
    assert len(numbers) == len(set(numbers)) == 8
    assert all(tracking.is_valid(n) for n in numbers)
    first_day = sorted(n for n in numbers if n.startswith("261126"))
    assert [n[10:14] for n in first_day] == ["0001", "0002", "0003", "0004", "0005"]


def test_a_backoff_set_before_the_clock_went_back_does_not_hold_items(tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    with Store(tmp_path / "kiosk.sqlite3", clock=clock) as store:
        item = store.enqueue("rating", {"service_id": "x", "level": 5})
        store.mark_retry({item: 900.0}, "hub unreachable")
        assert [i.id for i in store.due_items()] == []
        clock.jump(-YEAR_S)
        assert [i.id for i in store.due_items()] == [item]  # not a year's wait
        assert store.next_due_at() == pytest.approx(clock.now().timestamp())
        clock.jump(YEAR_S + 3 * 3600)  # forward by hours: due as well
        assert [i.id for i in store.due_items()] == [item]


def test_the_clock_guard_knows_when_the_clock_is_wrong(tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    with Store(tmp_path / "kiosk.sqlite3", clock=clock) as store:
        guard = ClockGuard(clock, store.latest_record_at)
        assert guard.state().ok and guard.state().code == "CLK-OK"
        require_trusted(guard)
        submit_many(store, 1)
        clock.jump(-3600)  # went back past the newest record, and nobody says otherwise
        assert guard.state().code == "CLK-BACKWARDS"
        guard.observe_hub_time(clock.now())  # the hub agrees with this time: it was the record that was wrong
        assert guard.state().ok
        guard.observe_hub_time(clock.now() + timedelta(hours=2))
        state = guard.state()
        assert not state.ok and state.code == "CLK-WRONG" and state.offset_s == pytest.approx(7200)
        with pytest.raises(ClockWrong) as refused:
            require_trusted(guard)
        assert refused.value.state.code == "CLK-WRONG"
        clock.jump(-60 * YEAR_S)
        assert guard.state().code == "CLK-UNSET"
    require_trusted(None)


@pytest.mark.slow
@pytest.mark.parametrize("skew_h", [3.0, -3.0])
def test_hours_off_still_syncs_and_says_clock_wrong(real_hub: Any, terminal_factory: Any, skew_h: float) -> None:
    clock = FakeClock(SystemClock().now() + timedelta(hours=skew_h))
    t = terminal_factory(real_hub.url, clock=clock)
    terminal_id = t.enroll(real_hub.url, real_hub.new_token()).terminal_id
    ids = submit_many(t.store, 2)
    report = t.service.run_once()
    assert report.ok, report.errors
    rows = dict(real_hub.query("SELECT submission_id, count(*) FROM cases WHERE submission_id IN (?, ?) "
                               "GROUP BY submission_id", *ids))
    assert rows == {i: 1 for i in ids}
    state = t.service.clock_guard.state()
    assert state.code == "CLK-WRONG" and state.offset_s == pytest.approx(-skew_h * 3600, abs=120)
    with pytest.raises(ClockWrong):
        require_trusted(t.service.clock_guard)
    t.service.run_once()  # the next heartbeat carries what the last one learnt
    (heartbeat,) = real_hub.query("SELECT heartbeat FROM terminals WHERE id = ?", terminal_id)[0]
    hb = json.loads(heartbeat) if isinstance(heartbeat, str) else heartbeat
    assert hb["clock"]["ok"] is False and hb["clock"]["code"] == "CLK-WRONG"
    from hub.fleet import heartbeat_alerts

    assert "clock_wrong" in {a["code"] for a in heartbeat_alerts(hb)}
