"""``kiosk print``: receipts, queue tickets and test pages on ESC/POS printers; A4 documents via CUPS.

    kiosk print receipt --sample --printer URI
    kiosk print ticket --sample --printer URI
    kiosk print test --printer URI
    kiosk print status --printer URI [--json]
    kiosk print document --sample certificate|application|guide --printer cups:QUEUE [--out FILE.pdf]
    kiosk print inspect FILE

URI: ``tcp://HOST:PORT``, ``serial:PATH?baud=N``, ``usb:VID:PID``, ``cups:QUEUE``, ``file:PATH``.
Without ``--printer`` the configured ``printer.uri`` is used. Exit codes: 0 printed / ready,
1 status read but the printer cannot print (paper out, cover open, offline), 2 bad arguments,
4 the printer failed the job or its status could not be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from terminal.cli import EXIT_DEVICE_FAULT, EXIT_FAIL, EXIT_OK, UsageError, add_config_argument

# Each command imports what it runs inside its function, on purpose: every cmd_* module is imported
# to build the parser, and hoisting those imports made `kiosk --help` load 977 modules in 8.9 s and
# 113 MB RSS instead of 260 modules in 1.8 s and 33 MB (measured 2026-12-03, terminal/cli/__init__.py).


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("print", help="receipt printer and document printing (ESC/POS, CUPS)")
    psub = p.add_subparsers(dest="print_command", metavar="ACTION")

    def esc_options(q: argparse.ArgumentParser) -> None:
        add_config_argument(q)
        q.add_argument("--printer", metavar="URI", help="printer URI (default: printer.uri from settings)")
        q.add_argument("--width", type=int, choices=[58, 80], help="paper width in mm (default: settings)")
        q.add_argument("--mode", choices=["text", "raster"], help="render mode (default: settings)")
        q.add_argument("--native-qr", action="store_true", default=None, help="QR as GS ( k instead of raster")
        q.add_argument("--preview", type=Path, metavar="PNG", help="also save a PNG of what is sent")
        q.add_argument("--timeout", type=float, default=3.0, help="seconds to wait for the printer (default 3)")

    r = psub.add_parser("receipt", help="print a receipt")
    r.add_argument("--sample", action="store_true", help="print the sample receipt")
    r.add_argument("--name", default=None, help="masked name to put on the sample (e.g. 王䶮 to try raster fallback)")
    esc_options(r)
    r.set_defaults(func=_run_receipt)

    t = psub.add_parser("ticket", help="print a queue ticket")
    t.add_argument("--sample", action="store_true", help="print the sample queue ticket")
    esc_options(t)
    t.set_defaults(func=_run_ticket)

    tp = psub.add_parser("test", help="test page: font sample, QR code, width ruler")
    esc_options(tp)
    tp.set_defaults(func=_run_test)

    s = psub.add_parser("status", help="printer status by DLE EOT")
    add_config_argument(s)
    s.add_argument("--printer", metavar="URI")
    s.add_argument("--json", action="store_true", help="JSON with keys online, paper, cover_open (and error)")
    s.add_argument("--timeout", type=float, default=3.0)
    s.set_defaults(func=_run_status)

    d = psub.add_parser("document", help="A4 PDF document through CUPS")
    add_config_argument(d)
    d.add_argument("--sample", choices=["certificate", "application", "guide"], required=True)
    d.add_argument("--printer", metavar="cups:QUEUE", help="CUPS queue (default: document_printer.queue)")
    d.add_argument("--out", type=Path, metavar="FILE.pdf", help="also save the PDF here")
    d.add_argument("--no-print", action="store_true", help="only write --out, do not print")
    d.add_argument("--timeout", type=float, default=60.0, help="seconds to follow the CUPS job")
    d.set_defaults(func=_run_document)

    i = psub.add_parser("inspect", help="decode a captured ESC/POS stream")
    i.add_argument("file", type=Path)
    i.add_argument("--png", type=Path, help="save the slip as it would look on paper")
    i.add_argument("--width", type=int, default=None, help="paper width in dots for --png (384 or 576)")
    i.add_argument("--json", action="store_true")
    i.set_defaults(func=_run_inspect)

    def _usage(args: argparse.Namespace) -> int:
        p.print_help()
        return 2

    p.set_defaults(func=_usage)


def _settings(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from contract.settings import load_settings

    return load_settings(args.config)


def _printer(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from devices.printer.escpos_driver import EscposReceiptPrinter
    from devices.printer.profile import PrinterProfile

    settings = _settings(args)
    cfg = settings.printer
    uri = args.printer or cfg.uri
    width = getattr(args, "width", None) or cfg.paper_width_mm
    mode = getattr(args, "mode", None) or cfg.render_mode
    native = getattr(args, "native_qr", None)
    profile = PrinterProfile.for_paper(width, mode, cfg.native_qr if native is None else native)
    try:
        return EscposReceiptPrinter(uri, profile, timeout_s=args.timeout, status_timeout_s=min(args.timeout, 1.5))
    except ValueError as exc:
        raise UsageError(str(exc)) from exc


def _send(args: argparse.Namespace, data: bytes, what: str) -> int:
    printer = _printer(args)
    if args.preview:
        from devices.printer.decoder import decode

        decode(data).page_image(printer.profile.width_dots).save(args.preview)
    outcome = printer.print_bytes(data)
    if outcome.ok:
        print(f"{what} printed to {printer.uri} ({len(data)} bytes, {printer.profile.mode} mode)")
        return EXIT_OK
    print(f"kiosk: {what} NOT printed: {outcome.reason} ({outcome.detail})", file=sys.stderr)
    return EXIT_DEVICE_FAULT


def _run_receipt(args: argparse.Namespace) -> int:
    from devices.printer.render import render_receipt
    from kiosk.receipt import sample_receipt

    if not args.sample:
        raise UsageError("print receipt: only --sample is available from the command line")
    printer = _printer(args)
    receipt = sample_receipt(masked_name=args.name) if args.name else sample_receipt()
    return _send(args, render_receipt(receipt, printer.profile), "receipt")


def _run_ticket(args: argparse.Namespace) -> int:
    from devices.printer.render import render_ticket
    from kiosk.ticket import sample_ticket

    if not args.sample:
        raise UsageError("print ticket: only --sample is available from the command line")
    return _send(args, render_ticket(sample_ticket(), _printer(args).profile), "queue ticket")


def _run_test(args: argparse.Namespace) -> int:
    from devices.printer.render import render_test_page

    return _send(args, render_test_page(_printer(args).profile), "test page")


def _run_status(args: argparse.Namespace) -> int:
    from kiosk.printing import status_to_dict

    st = _printer(args).status()
    data = status_to_dict(st)
    if args.json:
        print(json.dumps(data))
    else:
        print(f"online: {'yes' if st.online else 'no'}")
        print(f"paper: {data['paper']}")
        print(f"cover open: {'unknown' if data['cover_open'] is None else 'yes' if st.cover_open else 'no'}")
        if st.error:
            print(f"error: {st.error}")
    if st.error:
        return EXIT_DEVICE_FAULT
    return EXIT_OK if st.can_print else EXIT_FAIL


def _run_document(args: argparse.Namespace) -> int:
    from devices.cups.jobs import CupsQueue
    from kiosk.documents.cups import CupsError
    from kiosk.documents.fonts import FontNotFound
    from kiosk.documents.pdf import sample_pdf

    queue = None
    if not args.no_print:
        target = args.printer or ""
        if not target:
            q = _settings(args).document_printer.queue
            target = f"cups:{q}" if q else ""
        if not target.startswith("cups:") or len(target) <= 5:
            raise UsageError("print document: --printer must be cups:QUEUE (or set document_printer.queue)")
        try:
            queue = CupsQueue(target[5:], timeout_s=min(args.timeout, 15.0))
        except ValueError as exc:
            raise UsageError(str(exc)) from exc
    elif not args.out:
        raise UsageError("print document --no-print needs --out FILE.pdf")
    try:
        pdf = sample_pdf(args.sample)
    except FontNotFound as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_FAIL
    if args.out:
        args.out.write_bytes(pdf)
        print(f"wrote {args.out} ({len(pdf)} bytes)")
    if queue is None:
        return EXIT_OK
    try:
        st = queue.print_pdf(pdf, f"kiosk-{args.sample}", timeout_s=args.timeout)
    except CupsError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_DEVICE_FAULT
    print(f"CUPS job {queue.queue}-{st.job_id}: {st.state}")
    return EXIT_OK if st.ok else EXIT_DEVICE_FAULT


def _run_inspect(args: argparse.Namespace) -> int:
    from devices.printer.decoder import decode

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {args.file}: {exc}") from exc
    d = decode(data)
    raster_qr = d.raster_qr_payloads()
    if args.json:
        print(json.dumps({
            "lines": d.lines,
            "images": [[im.width, im.height] for im in d.images],
            "qr_native": d.native_qr_payloads,
            "qr_raster": raster_qr,
            "cuts": d.cuts,
            "status_queries": d.status_queries,
            "complete": d.complete,
            "truncated_bytes": len(d.truncated),
            "unknown_commands": [u.hex() for u in d.unknown],
        }, ensure_ascii=False, indent=2))
    else:
        print(f"{len(data)} bytes, {'complete' if d.complete else 'INCOMPLETE'} job, {d.cuts} cut(s)")
        from devices.printer.decoder import Cut, QrCode, RasterImage, TextLine

        for e in d.elements:
            if isinstance(e, TextLine):
                print(f"  | {e.text}")
            elif isinstance(e, RasterImage):
                print(f"  [raster image {e.image.width}x{e.image.height} dots, {e.align}]")
            elif isinstance(e, QrCode):
                print(f"  [QR (native)] {e.payload}")
            elif isinstance(e, Cut):
                print("  ---- cut ----")
        for q in raster_qr:
            print(f"  [QR (raster)] {q}")
        if d.truncated:
            print(f"  ! {len(d.truncated)} bytes cut off inside a command")
        if d.unknown:
            print(f"  ! unknown commands: {' '.join(u.hex() for u in d.unknown[:10])}")
    if args.png:
        d.page_image(args.width).save(args.png)
        print(f"wrote {args.png}")
    return EXIT_OK
