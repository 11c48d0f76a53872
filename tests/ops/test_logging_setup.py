"""Journal logging: redaction of personal data, the native protocol, and the stderr fallback."""

from __future__ import annotations

import io
import logging
import os
import socket
import struct
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contract.idnumber import make_valid
from kiosk import __version__
from terminal.logging_setup import (
    JournalHandler,
    LogfmtHandler,
    PersonalDataFilter,
    configure_logging,
    contains_personal_data,
    decode_datagram,
    encode_field,
    journal_field_name,
    redact,
    stderr_is_journal,
    structured,
)
from tests.ops.conftest import Journald

ID_NUMBER = make_valid("37010219900101123")
ID_WITH_X = next(n for n in (make_valid(f"37010219850201{i:03d}") for i in range(1000)) if n.endswith("X"))


# --- redaction ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"read card {ID_NUMBER} ok", "read card [REDACTED:id] ok"),
        (f"身份证{ID_WITH_X}已读", "身份证[REDACTED:id]已读"),
        (f"id={ID_WITH_X.lower()}", "id=[REDACTED:id]"),
        ("old id 370102850101123", "old id [REDACTED:number]"),
        ("card 6222021234567890123", "card [REDACTED:number]"),
        ("call 13812345678.", "call [REDACTED:phone]."),
        ("手机:+86 138 1234 5678", "手机:[REDACTED:phone]"),
        ("tel 0531-86123456", "tel [REDACTED:phone]"),
        ("tel (0531) 86123456", "tel [REDACTED:phone]"),
        (f"٣{ID_NUMBER}٤", "٣[REDACTED:id]٤"),  # another script's digits do not shield it
        (f"{ID_NUMBER}abc", "[REDACTED:id]abc"),
    ],
)
def test_redact_personal_data(text: str, expected: str) -> None:
    assert redact(text) == expected
    assert contains_personal_data(text)
    assert not contains_personal_data(expected)


@pytest.mark.parametrize(
    "text",
    [
        "terminal demo-terminal-001 heartbeat ok",
        "2026-11-26T09:31:00.123+00:00 took 1234 ms",
        "receipt R-20261126-0001 printed on tcp://127.0.0.1:9100",
        "epoch ms 1764150000000 sha 3f2a9c",
        "district 370102, port 35963, version 0.1.0",
    ],
)
def test_redact_leaves_technical_text_alone(text: str) -> None:
    assert redact(text) == text


@settings(max_examples=200, deadline=None)
@given(
    prefix=st.text(alphabet=st.characters(blacklist_characters="0123456789"), max_size=20),
    suffix=st.text(alphabet=st.characters(blacklist_characters="0123456789"), max_size=20),
    body=st.from_regex(r"[1-6][0-9]{16}", fullmatch=True),
)
def test_any_id_number_in_any_text_is_removed(prefix: str, suffix: str, body: str) -> None:
    number = make_valid(body)
    assert number not in redact(prefix + number + suffix)
    assert body not in redact(prefix + number + suffix)


def test_journal_field_names_are_valid() -> None:
    assert journal_field_name("event") == "EVENT"
    assert journal_field_name("duration-ms") == "DURATION_MS"
    assert journal_field_name("_PID") == "PID"  # callers cannot forge trusted fields
    assert journal_field_name("9lives") == "LIVES"
    assert journal_field_name("") == "FIELD"
    assert len(journal_field_name("x" * 100)) == 64


# --- the filter on a handler ---------------------------------------------------------------


@pytest.fixture
def isolated_logger() -> Iterator[logging.Logger]:
    logger = logging.getLogger(f"kiosk.test.{os.getpid()}.{id(object())}")
    logger.propagate = False
    try:
        yield logger
    finally:
        for h in list(logger.handlers):
            logger.removeHandler(h)
            h.close()


def test_filter_redacts_args_exceptions_and_fields(isolated_logger: logging.Logger) -> None:
    out = io.StringIO()
    handler = configure_logging(level="DEBUG", environ={}, stream=out, logger=isolated_logger)
    isolated_logger.info("card %s read for %s", ID_NUMBER, "13812345678")
    try:
        raise ValueError(f"bad number {ID_NUMBER}")
    except ValueError:
        isolated_logger.exception("lookup failed")
    isolated_logger.warning("submitted", extra=structured(event="submission.created", name="张三",
                                                          id_number="x", note="phone 13912345678",
                                                          queue_name="A4"))
    text = out.getvalue()
    assert ID_NUMBER not in text and "13812345678" not in text and "13912345678" not in text
    assert "张三" not in text
    assert "card [REDACTED:id] read for [REDACTED:phone]" in text
    assert "ValueError: bad number [REDACTED:id]" in text
    assert "name=[REDACTED]" in text and "id_number=[REDACTED]" in text and "queue_name=A4" in text
    assert "event=submission.created" in text
    filt = handler.filters[0]
    assert isinstance(filt, PersonalDataFilter) and filt.redacted == 3


def test_logfmt_line_shape(isolated_logger: logging.Logger) -> None:
    out = io.StringIO()
    configure_logging(environ={}, stream=out, logger=isolated_logger)
    isolated_logger.debug("not shown at INFO")
    isolated_logger.info('printer "P1" ok\nnext', extra=structured(duration_ms=41))
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    line = lines[0]
    assert line.startswith("ts=") and " level=info " in line
    assert f"logger={isolated_logger.name}" in line
    assert 'msg="printer \\"P1\\" ok\\nnext"' in line and line.endswith("duration_ms=41")


def test_configure_is_idempotent(isolated_logger: logging.Logger) -> None:
    configure_logging(environ={}, stream=io.StringIO(), logger=isolated_logger)
    configure_logging(environ={}, stream=io.StringIO(), logger=isolated_logger)
    ours = [h for h in isolated_logger.handlers if isinstance(h, (LogfmtHandler, JournalHandler))]
    assert len(ours) == 1  # (pytest may add its own capture handlers next to ours)


# --- choosing the journal ------------------------------------------------------------------


def _journal_stream_env(stream: io.TextIOBase) -> dict[str, str]:
    st_ = os.fstat(stream.fileno())
    return {"JOURNAL_STREAM": f"{st_.st_dev}:{st_.st_ino}"}


def test_journal_stream_detection() -> None:
    with tempfile.TemporaryFile("w+") as a, tempfile.TemporaryFile("w+") as b:
        assert stderr_is_journal(_journal_stream_env(a), a)
        assert not stderr_is_journal(_journal_stream_env(a), b)  # inherited variable, other stream
        assert not stderr_is_journal({}, a)
        assert not stderr_is_journal({"JOURNAL_STREAM": "garbage"}, a)
        assert not stderr_is_journal(_journal_stream_env(a), io.StringIO())  # no file descriptor


@pytest.fixture
def fake_journal() -> Iterator[tuple[Path, socket.socket]]:
    with tempfile.TemporaryDirectory(prefix="jrnl-") as d:
        path = Path(d) / "socket"
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(str(path))
        sock.settimeout(5)
        try:
            yield path, sock
        finally:
            sock.close()


def test_native_protocol_encoding_is_exact() -> None:
    assert encode_field("MESSAGE", "hello") == b"MESSAGE=hello\n"
    assert encode_field("MESSAGE", "a\nb") == b"MESSAGE\n" + struct.pack("<Q", 3) + b"a\nb\n"
    assert encode_field("E", "打印") == "E=打印\n".encode()
    raw = encode_field("A", "1") + encode_field("B", "x\ny=z") + encode_field("C", "")
    assert decode_datagram(raw) == [("A", b"1"), ("B", b"x\ny=z"), ("C", b"")]


def test_records_go_to_the_native_socket_as_journal_fields(
    fake_journal: tuple[Path, socket.socket], isolated_logger: logging.Logger
) -> None:
    path, sock = fake_journal
    with tempfile.TemporaryFile("w+") as stderr:
        handler = configure_logging(environ=_journal_stream_env(stderr), stream=stderr, journal_socket=path,
                                    logger=isolated_logger)
        assert isinstance(handler, JournalHandler)
        isolated_logger.warning("paper low on %s\nsecond line", "P1",
                                extra=structured(event="device.fault", priority="x", phone="13812345678"))
        fields = dict(decode_datagram(sock.recv(65536)))
        stderr.seek(0)
        assert stderr.read() == ""  # nothing fell back
    assert fields["MESSAGE"] == b"paper low on P1\nsecond line"
    assert fields["PRIORITY"] == b"4"
    assert fields["SYSLOG_IDENTIFIER"] == b"kiosk"
    assert fields["LOGGER"] == isolated_logger.name.encode()
    assert fields["EVENT"] == b"device.fault"
    assert fields["FIELD_PRIORITY"] == b"x"  # a caller's field cannot override the level
    assert fields["PHONE"] == b"[REDACTED]"
    assert fields["KIOSK_VERSION"] == __version__.encode()
    assert fields["KIOSK_REDACTED"] == b"1"
    assert fields["CODE_FUNC"] == b"test_records_go_to_the_native_socket_as_journal_fields"


def test_oversized_record_goes_through_a_sealed_memfd(
    fake_journal: tuple[Path, socket.socket], isolated_logger: logging.Logger
) -> None:
    path, sock = fake_journal
    handler = JournalHandler(path)
    handler.addFilter(PersonalDataFilter())
    isolated_logger.addHandler(handler)
    big = "x" * 400_000  # larger than any AF_UNIX datagram the kernel accepts by default
    isolated_logger.error("dump %s", big)
    data, fds, _flags, _addr = socket.recv_fds(sock, 16, 1)
    assert data == b"" and len(fds) == 1
    try:
        with os.fdopen(fds[0], "rb") as f:
            f.seek(0)  # journald maps the file from the start; the sender's offset is at its end
            payload = f.read()
    except BaseException:
        os.close(fds[0])
        raise
    fields = dict(decode_datagram(payload))
    assert fields["MESSAGE"] == b"dump " + big.encode()
    assert fields["PRIORITY"] == b"3"


def test_missing_journal_socket_falls_back_to_prefixed_stderr(isolated_logger: logging.Logger) -> None:
    out = io.StringIO()
    handler = JournalHandler("/run/nonexistent/journal/socket", fallback=LogfmtHandler(out, priority_prefix=True))
    handler.addFilter(PersonalDataFilter())
    isolated_logger.addHandler(handler)
    isolated_logger.warning("hub unreachable for %s", "13812345678")
    line = out.getvalue().strip()
    assert line.startswith("<4>ts=")
    assert "hub unreachable for [REDACTED:phone]" in line and "13812345678" not in line


# --- a real journald -----------------------------------------------------------------------


def test_real_journald_stores_structured_redacted_records(journald: Journald,
                                                          isolated_logger: logging.Logger) -> None:
    ident = f"kiosk-test-{os.getpid()}"
    with tempfile.TemporaryFile("w+") as stderr:
        handler = configure_logging(environ=_journal_stream_env(stderr), stream=stderr,
                                    journal_socket=journald.socket, identifier=ident, logger=isolated_logger)
        assert isinstance(handler, JournalHandler)
        isolated_logger.info("card %s read", ID_NUMBER, extra=structured(event="identify.card", ms=120))
        isolated_logger.error("multi\nline " + "y" * 300_000)  # memfd path, accepted by the real journald
    records = journald.records(ident, want=2)
    assert len(records) == 2, records
    first, second = records
    assert first["MESSAGE"] == "card [REDACTED:id] read"
    assert first["EVENT"] == "identify.card" and first["MS"] == "120" and first["PRIORITY"] == "6"
    assert first["KIOSK_REDACTED"] == "1" and first["_TRANSPORT"] == "journal"
    assert ID_NUMBER not in str(records)
    assert second["PRIORITY"] == "3"
    assert str(second["MESSAGE"]).startswith("multi\nline yyy")
