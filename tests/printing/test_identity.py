"""``GS I``: the receipt printer tells its maker, model, firmware and serial (issue 24), which reach the
technician's inventory and the heartbeat; a clone that does not answer leaves them blank, never invented."""

from __future__ import annotations

from pathlib import Path

from devices.printer.escpos_driver import EscposReceiptPrinter
from devices.printer.simulator import SIM_IDENTITY, PrinterSimulator
from kiosk.roles.printer import PrinterIdentity
from terminal.diag.checks import DiagContext
from terminal.diag.inventory import inventory
from tests.technician.helpers import settings_for


def test_the_printer_tells_what_it_is(sim: PrinterSimulator, driver: EscposReceiptPrinter) -> None:
    assert driver.identify() == PrinterIdentity(maker="Simulated", model="ESC/POS simulator", firmware="SIM-1.0",
                                                serial="SIM-0001")
    assert sim.info_queries() == [[65, 66, 67, 68]]
    assert sim.jobs() == []  # nothing reached the paper


def test_asked_once_per_connection_and_again_after_the_link_dropped(sim: PrinterSimulator,
                                                                     driver: EscposReceiptPrinter) -> None:
    driver.identify()
    driver.identify()
    assert len(sim.info_queries()) == 1
    sim.set_status_reply("silent")  # the link is gone: the status says so and the answer is forgotten
    assert driver.status().error
    sim.set_status_reply("normal")
    sim.identity = {**SIM_IDENTITY, 68: "SIM-0002"}  # a swapped printer
    assert driver.identify().serial == "SIM-0002"


def test_a_clone_that_answers_only_its_model(sim: PrinterSimulator, driver: EscposReceiptPrinter) -> None:
    sim.identity = {67: "TM-T88V"}
    assert driver.identify() == PrinterIdentity(model="TM-T88V")


def test_a_printer_that_never_answers_is_blank_not_invented(sim: PrinterSimulator,
                                                           driver: EscposReceiptPrinter) -> None:
    sim.identity = None
    assert driver.identify() == PrinterIdentity()


def test_garbage_is_not_an_identity(sim: PrinterSimulator, driver: EscposReceiptPrinter) -> None:
    sim.identity = {67: "TM-T88V"}
    sim.set_status_reply("garbage")  # the DLE EOT replies are garbage; GS I still frames its own answer
    assert driver.identify().model == "TM-T88V"


def test_the_inventory_carries_the_printers_answer(tmp_path: Path, sim: PrinterSimulator,
                                                   driver: EscposReceiptPrinter) -> None:
    settings = settings_for(tmp_path, idcard={"driver": "none"}, printer={"driver": "escpos", "uri": sim.uri})
    entry = inventory(DiagContext(settings=settings, printer=driver))["printer"]
    assert entry == {"model": "Simulated ESC/POS simulator", "firmware": "SIM-1.0", "serial": "SIM-0001",
                     "simulated": False}
