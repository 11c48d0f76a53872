"""The vendor SDK backend against a small C library compiled here with gcc."""

from __future__ import annotations

import ctypes
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.idcard.samples import SAMPLES
from devices.idcard.vendor_sdk import SdkLibraryError, VendorSdkReader, port_number
from kiosk.roles.idcard import CardRead, IdCardReader, NoCard, Presence, ReaderDisconnected, ReaderFault

from .conftest import TODAY

SOURCE = Path(__file__).with_name("fake_sdk.c")


@pytest.fixture(scope="module")
def libs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if shutil.which("gcc") is None:
        pytest.fail("gcc is needed to build the test SDK (Makefile APT_PACKAGES has it)")
    out = tmp_path_factory.mktemp("sdk")
    built = {}
    for name, flags in {"cvr": ["-DCVR_STYLE"], "plain": [], "incomplete": ["-DCVR_STYLE", "-DOMIT_READBASEMSG"]}.items():
        target = out / f"libfake_{name}.so"
        subprocess.run(["gcc", "-shared", "-fPIC", "-O1", "-o", str(target), str(SOURCE), *flags], check=True)
        built[name] = target
    return built


def _reader(lib: Path, style: str) -> tuple[VendorSdkReader, ctypes.CDLL]:
    handle = ctypes.CDLL(str(lib))  # same handle as the reader's (dlopen returns the loaded library)
    handle.SIMSDK_Remove()
    handle.SIMSDK_SetPortOk(1)
    handle.SIMSDK_SetReadRc(1)
    return VendorSdkReader(str(lib), style=style, port="1001", today=lambda: TODAY), handle


@pytest.fixture(params=["cvr", "plain"])
def sdk(request: pytest.FixtureRequest, libs: dict[str, Path]) -> Iterator[tuple[VendorSdkReader, ctypes.CDLL]]:
    reader, handle = _reader(libs[request.param], request.param)
    yield reader, handle
    reader.close()


def _load(handle: ctypes.CDLL, key: str) -> None:
    card = SAMPLES[key]
    handle.SIMSDK_Load(card.text, card.photo, len(card.photo))


@pytest.mark.parametrize("key", ["resident", "rare_name", "hmt", "foreign2017", "foreign2023", "expired"])
def test_reads_cards_through_the_sdk(sdk: tuple[VendorSdkReader, ctypes.CDLL], key: str) -> None:
    reader, handle = sdk
    assert isinstance(reader, IdCardReader)
    _load(handle, key)
    r = reader.read()
    assert isinstance(r, CardRead)
    assert r.identity.checksum_ok and r.identity.expired == (key == "expired")
    assert r.photo == SAMPLES[key].photo


def test_no_card_and_faults(sdk: tuple[VendorSdkReader, ctypes.CDLL]) -> None:
    reader, handle = sdk
    assert reader.read() == NoCard()
    _load(handle, "resident")
    handle.SIMSDK_SetReadRc(-3)
    r = reader.read()
    assert isinstance(r, ReaderFault) and r.code == "sdk:-3"
    handle.SIMSDK_SetReadRc(1)
    assert isinstance(reader.read(), CardRead)


def test_port_failure_is_disconnected_then_recovers(sdk: tuple[VendorSdkReader, ctypes.CDLL]) -> None:
    reader, handle = sdk
    _load(handle, "resident")
    assert isinstance(reader.read(), CardRead)
    handle.SIMSDK_SetPortOk(0)
    assert isinstance(reader.read(), ReaderDisconnected)
    assert reader.sam_info().connected is False
    handle.SIMSDK_SetPortOk(1)
    assert isinstance(reader.read(), CardRead)
    assert reader.sam_info().status == "ok"


def test_missing_library_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(SdkLibraryError, match="does not exist"):
        VendorSdkReader(str(tmp_path / "libtermb.so"))
    with pytest.raises(SdkLibraryError, match="no SDK library configured"):
        VendorSdkReader("")
    not_elf = tmp_path / "libbroken.so"
    not_elf.write_bytes(b"not a shared object")
    with pytest.raises(SdkLibraryError, match="cannot be loaded"):
        VendorSdkReader(str(not_elf))


def test_incompatible_library_names_what_is_missing(libs: dict[str, Path]) -> None:
    with pytest.raises(SdkLibraryError, match="missing CVR_ReadBaseMsg"):
        VendorSdkReader(str(libs["incomplete"]), style="cvr")
    with pytest.raises(SdkLibraryError, match="sdk_style='plain'"):
        VendorSdkReader(str(libs["plain"]), style="cvr")


def test_bootstrap_turns_library_errors_into_configuration_errors(tmp_path: Path) -> None:
    from contract.settings import load_settings
    from terminal.bootstrap import ConfigurationError, make_idcard_reader

    settings = load_settings(environ={}, overrides={"data_dir": str(tmp_path), "idcard": {
        "driver": "vendor_sdk", "library": str(tmp_path / "missing.so")}})
    with pytest.raises(ConfigurationError, match="idcard.library"):
        make_idcard_reader(settings, [])


def test_port_numbers() -> None:
    assert port_number("1001") == 1001
    assert port_number("/dev/ttyS0") == 1
    assert port_number("/dev/ttyUSB2") == 3
    assert port_number("/dev/kiosk-idcard") == 1001


def test_presence_is_authenticate_only(sdk: tuple[VendorSdkReader, ctypes.CDLL]) -> None:
    """The SDKs cannot tell a card already read from a new one: a selected card is NEW (the watcher reads)."""
    reader, handle = sdk
    assert isinstance(reader, IdCardReader)
    assert reader.presence() is Presence.ABSENT
    _load(handle, "resident")
    assert reader.presence() is Presence.NEW
    handle.SIMSDK_SetPortOk(0)
    assert reader.presence() is Presence.DISCONNECTED
    handle.SIMSDK_SetPortOk(1)
    assert reader.presence() is Presence.NEW
