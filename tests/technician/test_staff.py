"""Staff authentication: PIN hashes, the staff list from the signed bundle, lockout, one-time codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from contract.clock import FakeClock
from contract.totp import match_totp, otp_code, totp_now
from devices.pcsc.staff import verify_staff_record
from kiosk.audit import AuditEvent
from kiosk.roles.staffcard import StaffCardRejected
from kiosk.staff import (
    FIRST_LOCK_S,
    LockoutBook,
    StaffAuth,
    hash_pin,
    verify_pin,
)
from sync.bundles import BundleManager
from sync.store import open_store
from tests.technician.helpers import (
    ADMIN_PIN,
    FAST,
    OTP_SECRET,
    TECH_PIN,
    Platform,
    enrol,
    new_platform,
    settings_for,
)


@pytest.fixture
def terminal(tmp_path: Path, platform: Platform) -> Any:
    settings = settings_for(tmp_path / "data", idcard={"driver": "fake"}, printer={"driver": "fake"})
    clock = FakeClock()
    store = open_store(settings, clock)
    enrol(store, platform)
    yield store, clock, settings
    store.close()


def _events(store: Any) -> list[tuple[str, str | None, dict[str, Any]]]:
    return [(e, staff, d) for e, _at, d, staff in store.audit_events()]


def test_pin_hash_round_trip_and_malformed_hashes() -> None:
    h = hash_pin("1234", **FAST)
    assert h.startswith("scrypt$1024$8$1$") and "1234" not in h
    assert verify_pin("1234", h)
    assert not verify_pin("1235", h)
    assert not verify_pin("1234", hash_pin("1234", **FAST)[:-4] + "AAAA")
    for bad in ("", "scrypt$", "scrypt$3$8$1$AA==$AA==", "md5$abc", "$argon2id$v=19$garbage", "scrypt$1024$8$1$!!$!!"):
        assert not verify_pin("1234", bad)


def test_totp_matches_rfc_6238_reference_values() -> None:
    # RFC 6238 appendix B, SHA-1 secret "12345678901234567890", 8 digits -> the 6 low digits
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert otp_code(secret, 59 // 30) == "287082"
    assert otp_code(secret, 1111111109 // 30) == "081804"
    assert totp_now(secret, 1234567890) == "005924"
    assert match_totp(secret, "005924", 1234567890 + 30) == 1234567890 // 30  # one step of drift accepted
    assert match_totp(secret, "005924", 1234567890 + 95) is None
    assert match_totp(secret, "12345", 0) is None and match_totp(secret, "abcdef", 0) is None


def test_lockout_doubles_from_15_s_and_survives_a_restart(tmp_path: Path) -> None:
    book = LockoutBook(tmp_path / "lock.json")
    now = 1000.0
    for _ in range(4):
        assert book.failure("T1", now) == 0
    assert book.failure("T1", now) == FIRST_LOCK_S
    assert book.locked_for("T1", now + 5) == pytest.approx(10)
    assert book.locked_for("T2", now) == 0  # per staff id
    again = LockoutBook(tmp_path / "lock.json")  # the app restarted
    assert again.locked_for("T1", now + 5) == pytest.approx(10)
    for _ in range(4):
        assert again.failure("T1", now + 20) == 0
    assert again.failure("T1", now + 20) == 2 * FIRST_LOCK_S
    for _ in range(5):
        last = again.failure("T1", now + 100)
    assert last == 4 * FIRST_LOCK_S
    again.success("T1")
    assert again.locked_for("T1", now + 100) == 0 and again.failures("T1") == 0


def test_card_checks_follow_the_spec_order(terminal: Any, platform: Platform) -> None:
    store, clock, settings = terminal
    auth = StaffAuth(store, clock, settings.data_dir, active_bundle=BundleManager(store).active)
    keys = auth.trusted_keys()
    assert platform.kid in keys

    ok = auth.check_card(verify_staff_record(platform.card_record("T1001"), keys, "04AA"))
    assert ok.ok and ok.staff_id == "T1001" and ok.role == "technician" and ok.uid == "04AA"
    assert auth.check_card(verify_staff_record(platform.card_record("A2001", "administrator"), keys)).ok
    assert auth.check_card(verify_staff_record(platform.card_record("R3001"), keys)).reason == "revoked"
    assert auth.check_card(verify_staff_record(platform.card_record("NOBODY"), keys)).reason == "not_in_staff_list"
    # a technician's card claiming administrator is refused
    assert auth.check_card(verify_staff_record(platform.card_record("T1001", "administrator"), keys)).reason == \
        "role_too_high"
    assert auth.check_card(verify_staff_record(platform.card_record("T1001", forge=True), keys)).reason == \
        "bad_signature"
    other = new_platform()
    assert auth.check_card(verify_staff_record(other.card_record("T1001"), keys)).reason == "unknown_key"
    assert auth.check_card(StaffCardRejected("no_applet", "04BB")).reason == "no_applet"
    failed = [d["reason"] for e, _s, d in _events(store) if e == AuditEvent.TECH_ENTRY_FAILED]
    assert failed == ["revoked", "not_in_staff_list", "role_too_high", "card_bad_signature", "card_unknown_key",
                      "card_no_applet"]


def test_pin_lockout_and_success_are_audited_without_the_pin(terminal: Any, platform: Platform) -> None:
    store, clock, settings = terminal
    auth = StaffAuth(store, clock, settings.data_dir, active_bundle=BundleManager(store).active)
    card = auth.check_card(verify_staff_record(platform.card_record("T1001"), auth.trusted_keys(), "04CC"))
    for i in range(4):
        r = auth.check_pin(card, "000000")
        assert not r.ok and r.reason == "wrong_pin" and r.locked_s == 0, i
    r = auth.check_pin(card, "111111")
    assert r.reason == "locked" and r.locked_s == FIRST_LOCK_S
    assert auth.check_pin(card, TECH_PIN).reason == "locked"  # even the right PIN waits
    clock.advance(FIRST_LOCK_S)
    r = auth.check_pin(card, TECH_PIN)
    assert r.ok and r.session is not None and r.session.staff_id == "T1001" and not r.session.is_admin
    events = _events(store)
    assert [e for e, _s, _d in events].count(AuditEvent.TECH_LOCKOUT) == 1
    entry = [(s, d) for e, s, d in events if e == AuditEvent.TECH_ENTRY]
    assert entry == [("T1001", {"method": "card", "role": "technician", "uid": "04CC"})]
    dumped = json.dumps(store.audit_events())
    assert TECH_PIN not in dumped and "000000" not in dumped and "111111" not in dumped


def test_one_time_code_is_accepted_once_and_only_for_listed_staff(terminal: Any) -> None:
    store, clock, settings = terminal
    auth = StaffAuth(store, clock, settings.data_dir, active_bundle=BundleManager(store).active)
    code = totp_now(OTP_SECRET, clock.now().timestamp())
    assert auth.check_otp("NOBODY", code).reason == "bad_code"
    assert auth.check_otp("R3001", code).reason == "bad_code"  # revoked
    assert auth.check_otp("A2001", "000000" if code != "000000" else "111111").reason == "bad_code"
    r = auth.check_otp("A2001", code)
    assert r.ok and r.session is not None and r.session.is_admin and r.session.method == "otp"
    assert auth.check_otp("A2001", code).reason == "bad_code"  # replayed
    clock.advance(30)
    assert auth.check_otp("T1001", totp_now(OTP_SECRET, clock.now().timestamp())).ok


def test_no_enrolment_no_staff_list_nobody_enters(tmp_path: Path, platform: Platform) -> None:
    settings = settings_for(tmp_path / "bare", idcard={"driver": "fake"}, printer={"driver": "fake"})
    store = open_store(settings, FakeClock())
    try:
        auth = StaffAuth(store, FakeClock(), settings.data_dir, active_bundle=BundleManager(store).active)
        assert auth.trusted_keys() == {} and auth.staff() == {}
        card = verify_staff_record(platform.card_record("T1001"), auth.trusted_keys())
        assert isinstance(card, StaffCardRejected) and not auth.check_card(card).ok
        assert auth.check_otp("T1001", "123456").reason == "bad_code"
        assert ADMIN_PIN  # the fixtures' PINs exist but no list to check them against
    finally:
        store.close()
