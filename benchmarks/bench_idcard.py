"""ID card benchmarks: parse cost per frame, and a whole read over the pty simulator vs the wire floor.

1. Parse cost of one text+photo response (1295 bytes): frame decoding through the
   incremental decoder, splitting, and text-block parsing, per frame; as a ratio to a bare
   ``bytes.decode("utf-16-le")`` of the same 256-byte block measured in the same run.
2. A whole find/select/read (text + photo, no extra address) by the REAL serial driver
   against the pty simulator at 115200 baud, as a ratio to the wire-time floor: the bytes
   actually exchanged at ten bits per byte. Target: ratio <= 1.2.
3. One poll of the card watcher while the resident's card lies on the reader, over the same
   pty simulator: before, a whole read per poll; now, a presence probe (find + select, the card
   already known). Bytes on the wire and time per poll, and the ratios before/after.

Run: ``python -c "from benchmarks.bench_idcard import run; print(run(quick=True))"``.
"""

from __future__ import annotations

import statistics
import time
from datetime import date
from typing import Any

from devices.idcard import frame
from devices.idcard.cardparse import parse_text_block
from devices.idcard.sam_serial import SamSerialReader, split_read_data
from devices.idcard.samples import get
from devices.idcard.simulator import SamSimulator
from kiosk.flow.reader_poll import look
from kiosk.roles.idcard import CardRead, CardStillThere

BAUD = 115200


def _per_call(fn: Any, n: int) -> float:
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t0) / n


def parse_cost(n: int) -> dict[str, float]:
    card = get("resident")
    data = len(card.text).to_bytes(2, "big") + len(card.photo).to_bytes(2, "big") + card.text + card.photo
    wire = frame.encode_response(0x90, data)
    today = date(2026, 11, 26)

    def full() -> None:
        dec = frame.FrameDecoder()
        (payload,) = dec.feed(wire)
        resp = frame.response_from_payload(payload)
        text, _photo, _fp = split_read_data(resp.data, False)
        parse_text_block(text, today=today)

    def baseline() -> None:
        card.text.decode("utf-16-le")

    full()
    per_frame = _per_call(full, n)
    base = _per_call(baseline, n * 10)
    return {"parse_us_per_frame": round(per_frame * 1e6, 2), "baseline_decode_us": round(base * 1e6, 3),
            "parse_ratio_to_bare_decode": round(per_frame / base, 1)}


def full_read(reads: int) -> dict[str, float]:
    with SamSimulator(BAUD, card="resident") as sim:
        reader = SamSerialReader(sim.port, BAUD, read_extra_address=False, today=lambda: date(2026, 11, 26))
        try:
            assert isinstance(reader.read(), CardRead)  # warm up (port open)
            times, floors = [], []
            for _ in range(reads):
                reader.stats.sent = reader.stats.received = 0
                t0 = time.perf_counter()
                result = reader.read()
                times.append(time.perf_counter() - t0)
                assert isinstance(result, CardRead)
                floors.append((reader.stats.sent + reader.stats.received) * 10 / BAUD)
        finally:
            reader.close()
    median = statistics.median(times)
    floor = statistics.median(floors)
    return {"read_ms_median": round(median * 1000, 2), "read_ms_p90": round(sorted(times)[int(len(times) * 0.9)] * 1000, 2),
            "wire_floor_ms": round(floor * 1000, 2), "read_ratio_to_wire_floor": round(median / floor, 3),
            "target_ratio": 1.2}


def _poll_figures(reader: SamSerialReader, poll: Any, polls: int) -> tuple[float, float]:
    """Median seconds and bytes (both directions) of one poll."""
    times, sizes = [], []
    for _ in range(polls):
        reader.stats.sent = reader.stats.received = 0
        t0 = time.perf_counter()
        poll()
        times.append(time.perf_counter() - t0)
        sizes.append(reader.stats.sent + reader.stats.received)
    return statistics.median(times), statistics.median(sizes)


def watcher_poll(polls: int) -> dict[str, float]:
    """The card watcher's poll with the card on the reader: a whole read (before) against the probe (now)."""
    with SamSimulator(BAUD, card="resident") as sim:
        reader = SamSerialReader(sim.port, BAUD, today=lambda: date(2026, 11, 26))
        try:
            assert isinstance(reader.read(), CardRead)  # the card is known (and selected), the port open

            def before() -> None:
                assert isinstance(reader.read(timeout=3.0), CardRead)

            def after() -> None:
                assert isinstance(look(reader, card_known=True), CardStillThere)

            read_s, read_bytes = _poll_figures(reader, before, polls)
            probe_s, probe_bytes = _poll_figures(reader, after, polls)
        finally:
            reader.close()
    return {"poll_read_bytes": read_bytes, "poll_probe_bytes": probe_bytes,
            "poll_bytes_ratio_read_to_probe": round(read_bytes / probe_bytes, 1),
            "poll_read_ms_median": round(read_s * 1000, 2), "poll_probe_ms_median": round(probe_s * 1000, 2),
            "poll_time_ratio_read_to_probe": round(read_s / probe_s, 1)}


def run(quick: bool) -> dict[str, float]:
    out: dict[str, float] = {}
    out.update(parse_cost(500 if quick else 5000))
    out.update(full_read(10 if quick else 50))
    out.update(watcher_poll(10 if quick else 50))
    return out


if __name__ == "__main__":
    print(run(quick=False))
