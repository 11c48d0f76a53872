"""Run INSIDE a boot-test machine by the packaged interpreter (/opt/kiosk/venv/bin/python), as "kiosk".

``submit N`` makes N submissions through the installed app's own ``Store.submit`` (the kiosk's
transaction: outbox item, case stub, audit line, receipt journal), printing each id once it is
committed: the power-cut test cuts the power while this runs. ``outbox`` prints the ids of the
outbox's submissions, one a line, and ``integrity`` SQLite's full ``PRAGMA integrity_check``, both read-only.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import date

from contract.idnumber import make_valid
from contract.settings import load_settings
from kiosk.audit import AuditEvent, AuditRecord
from kiosk.identity import CardType, Identity
from kiosk.receipt import Receipt
from kiosk.submission import NewSubmission
from sync.store import open_store


def submit(count: int) -> None:
    store = open_store(load_settings())
    person = Identity(CardType.RESIDENT, "欧阳测试", make_valid("37010219900307123"), sex="1", nation="汉",
                      birth_date=date(1990, 3, 7), address="山东省济南市历下区测试路1号", phone="13800138000")

    def receipt(tracking_number: str) -> Receipt:
        return Receipt(centre_name="示例中心", title="办理回执", service_name="高龄津贴", tracking_number=tracking_number,
                       masked_name=person.masked_name, masked_id=person.masked_id, time=store.clock.now(),
                       next_steps=("等待审核",), counter="1-3")

    for _ in range(count):
        new = NewSubmission(service_id="elderly-allowance", form_id="elderly-allowance-form", form_version=3,
                            answers={"reason": "断电测试"}, identity=person, language="zh_CN")
        store.submit(new, receipt, AuditRecord(AuditEvent.SUBMISSION_CREATED, store.clock.now(), {}))
        print(new.submission_id, flush=True)
    store.close()


def read_only() -> sqlite3.Connection:
    return sqlite3.connect(f"file:{load_settings().db_path}?mode=ro", uri=True)


def main(argv: list[str]) -> int:
    if argv[0] == "submit":
        submit(int(argv[1]))
    elif argv[0] == "outbox":
        for (item_id,) in read_only().execute("SELECT id FROM outbox WHERE kind = 'submission' ORDER BY seq"):
            print(item_id)
    elif argv[0] == "integrity":
        print("\n".join(row[0] for row in read_only().execute("PRAGMA integrity_check")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
