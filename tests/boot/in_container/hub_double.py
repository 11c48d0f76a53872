"""Run INSIDE a boot-test machine (its packaged interpreter, PYTHONPATH at the checkout): the hub double of
tests/sync/contract_hub.py on 127.0.0.1:PORT, as the terminal's hub for the software update boot test.

It stands in for the real hub's release side until that lands (issue 20, part 2): it enrols the terminal,
answers heartbeats with the offer in ``CONTROL/offer.json`` (a ``ReleaseOffer`` the test signed with its
release key), serves ``/api/v1/releases/<version>/package`` from ``RELEASES/<version>.deb`` with
``Range``, and writes the newest heartbeat's ``software`` to ``CONTROL/software.json``.

    hub_double.py CONTROL RELEASES PORT     (writes CONTROL/token, a one-time enrolment token, once listening)
"""

from __future__ import annotations

import json
import mmap
import sys
import time
from pathlib import Path

from contract import crypto
from tests.sync.contract_hub import ContractHub, Terminal


def main(control: Path, releases: Path, port: int) -> None:
    hub = ContractHub(port=port)
    enrolled = control / "terminals.json"  # the terminals it knows survive the machine's reboot
    if enrolled.exists():
        hub.state.terminals = {tid: Terminal(tid, no, crypto.b64d(key))
                               for tid, (no, key) in json.loads(enrolled.read_text()).items()}
    hub.start()
    (control / "token").write_text(hub.new_token())
    packages: dict[str, memoryview] = {}
    seen = 0
    while True:
        offer = control / "offer.json"
        hub.state.release = json.loads(offer.read_text()) if offer.exists() else None
        for deb in releases.glob("*.deb"):
            if deb.stem not in packages:  # mapped, not read: a package is ~1 GB uncompressed
                with deb.open("rb") as f:
                    packages[deb.stem] = memoryview(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ))
        hub.state.packages = packages  # type: ignore[assignment]  # served as slices, never copied
        known = {t.terminal_id: [t.terminal_no, crypto.b64e(t.public_key)] for t in hub.state.terminals.values()}
        if known and (not enrolled.exists() or json.loads(enrolled.read_text()) != known):
            enrolled.write_text(json.dumps(known))
        if len(hub.state.heartbeats) != seen:
            seen = len(hub.state.heartbeats)
            software = hub.state.heartbeats[-1].get("software")
            (control / "software.json.tmp").write_text(json.dumps(software))
            (control / "software.json.tmp").replace(control / "software.json")
        time.sleep(0.2)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
