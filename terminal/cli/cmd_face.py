"""``kiosk face compare|check|calibrate``: on-device face verification from the command line.

- ``compare --card CARD_IMAGE --live LIVE_IMAGE [--json]`` prints ``{"match", "distance",
  "threshold", "faces": {"card", "live"}}``; exit 0 match, 1 no match, 3 a face missing
  from either image, 2 bad arguments, 4 the face models cannot be loaded.
- ``check --camera [--card CARD_IMAGE] [--json]`` runs one live check (blink, then compare) on
  the configured camera against ``--card`` or, without it, the photo of the card on the
  configured ID card reader; prints the decision object (decision, score, model, version,
  attempts); exit 0 match, 1 no match or no blink, 3 no face or no decodable card photo,
  4 camera or models unavailable, 2 bad arguments or settings.
- ``calibrate FOLDER [--json]`` measures false accept/reject rates over a folder of photos
  (one sub-folder per person) and suggests a threshold (docs/face-verification.md).
Nothing of a face is printed, logged or written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from terminal.cli import EXIT_DEVICE_FAULT, EXIT_FAIL, EXIT_NO_CARD, EXIT_OK, EXIT_USAGE, add_config_argument

# Each command imports what it runs inside its function, on purpose: every cmd_* module is imported
# to build the parser, and hoisting those imports made `kiosk --help` load 977 modules in 8.9 s and
# 113 MB RSS instead of 260 modules in 1.8 s and 33 MB (measured 2026-12-03, terminal/cli/__init__.py).


def _threshold(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 < value < 1.2:
        raise argparse.ArgumentTypeError("threshold must be between 0 and 1.2")
    return value


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("face", help="face verification: compare two photos, check the camera, calibrate")
    fsub = p.add_subparsers(dest="face_command", required=True)
    c = fsub.add_parser("compare", help="compare a card photo with a live photo (exit 0 match, 1 no, 3 no face)")
    c.add_argument("--card", type=Path, required=True, help="the card photo (BMP, JPEG or PNG)")
    c.add_argument("--live", type=Path, required=True, help="the live photo")
    c.add_argument("--threshold", type=_threshold, default=None, help="override face.threshold")
    c.add_argument("--json", action="store_true")
    add_config_argument(c)
    c.set_defaults(func=run_compare)
    k = fsub.add_parser("check", help="one live check with a blink on the configured camera")
    k.add_argument("--camera", action="store_true", help="use the configured camera (required)")
    k.add_argument("--card", type=Path, default=None, help="card photo; default: read the card on the reader")
    k.add_argument("--json", action="store_true")
    add_config_argument(k)
    k.set_defaults(func=run_check)
    b = fsub.add_parser("calibrate", help="false accept/reject rates over FOLDER/<person>/<photo>")
    b.add_argument("folder", type=Path)
    b.add_argument("--json", action="store_true")
    add_config_argument(b)
    b.set_defaults(func=run_calibrate)


def _engine(threshold: float) -> Any:
    from kiosk.face.engine import FaceEngine
    from kiosk.face.models import load_models

    return FaceEngine(load_models(), threshold)


def _fail(message: str, code: int) -> int:
    print(f"kiosk face: {message}", file=sys.stderr)
    return code


def run_compare(args: argparse.Namespace) -> int:
    from contract.settings import load_settings
    from kiosk.face.engine import ImageError, read_image
    from kiosk.face.models import ModelError

    settings = load_settings(args.config)
    try:
        card, live = read_image(args.card), read_image(args.live)
    except ImageError as exc:
        return _fail(str(exc), EXIT_USAGE)
    try:
        result = _engine(args.threshold or settings.face.threshold).compare(card, live)
    except ModelError as exc:
        return _fail(str(exc), EXIT_DEVICE_FAULT)
    if args.json:
        print(json.dumps(result.as_json()))
    elif result.distance is None:
        print(f"no face found: card {result.faces_card}, live {result.faces_live}")
    else:
        print(f"{'match' if result.match else 'no match'}: distance {result.distance:.3f} "
              f"(threshold {result.threshold}), faces card {result.faces_card}, live {result.faces_live}")
    if result.distance is None:
        return EXIT_NO_CARD
    return EXIT_OK if result.match else EXIT_FAIL


_EXITS = {"match": EXIT_OK, "no_match": EXIT_FAIL, "not_live": EXIT_FAIL, "no_face": EXIT_NO_CARD,
          "no_card_face": EXIT_NO_CARD, "camera_unavailable": EXIT_DEVICE_FAULT}


def _card_from_reader(settings: Any) -> tuple[Any, str]:
    """(RGB image, "") from the card on the configured reader, or (None, why not)."""
    from devices.idcard.card_photo import CardPhoto, card_photo
    from kiosk.face.engine import decode_image
    from kiosk.roles.idcard import CardRead
    from terminal.bootstrap import make_idcard_reader

    if settings.idcard.driver == "none":
        return None, "no ID card reader configured: give --card"
    closers: list[Any] = []
    reader = make_idcard_reader(settings, closers)
    try:
        read = reader.read(timeout=5.0)
    finally:
        reader.close()
        for close in reversed(closers):
            close()
    if not isinstance(read, CardRead):
        return None, f"no card read ({type(read).__name__})"
    photo = card_photo(read)
    if not isinstance(photo, CardPhoto):
        return None, f"the card has no decodable photo ({photo.reason})"
    return decode_image(photo.bmp), ""


def run_check(args: argparse.Namespace) -> int:
    from contract.settings import load_settings
    from kiosk.face.check import FaceCheck
    from kiosk.face.engine import ImageError, read_image
    from kiosk.face.models import ModelError
    from terminal.bootstrap import ConfigurationError
    from terminal.camera_factory import make_camera

    if not args.camera:
        return _fail("check needs --camera (the configured camera)", EXIT_USAGE)
    settings = load_settings(args.config)
    camera = make_camera(settings)
    if camera is None:
        return _fail("camera.driver is 'none': configure the [camera] section", EXIT_USAGE)
    try:
        if args.card is not None:
            card, why = read_image(args.card), ""
        else:
            card, why = _card_from_reader(settings)
        if card is None:
            return _fail(why, EXIT_NO_CARD)
        check = FaceCheck(_engine(settings.face.threshold), camera, card, timeout_s=settings.face.liveness_timeout_s)
        if not args.json:
            print("look at the camera and blink", file=sys.stderr)
        decision = check.attempt()
        check.wipe()
    except ImageError as exc:
        return _fail(str(exc), EXIT_USAGE)
    except ConfigurationError as exc:
        return _fail(str(exc), EXIT_USAGE)
    except ModelError as exc:
        return _fail(str(exc), EXIT_DEVICE_FAULT)
    finally:
        camera.close()
    data = decision.as_json()
    print(json.dumps(data) if args.json else " ".join(f"{k}={v}" for k, v in data.items()))
    return _EXITS[str(decision.decision)]


def run_calibrate(args: argparse.Namespace) -> int:
    from contract.settings import load_settings
    from kiosk.face.calibrate import CalibrationError, calibrate
    from kiosk.face.engine import ImageError
    from kiosk.face.models import ModelError

    settings = load_settings(args.config)
    try:
        cal = calibrate(_engine(settings.face.threshold), args.folder)
    except (CalibrationError, ImageError) as exc:
        return _fail(str(exc), EXIT_USAGE)
    except ModelError as exc:
        return _fail(str(exc), EXIT_DEVICE_FAULT)
    current = next((r for r in cal.rates if abs(r.threshold - settings.face.threshold) < 1e-9), None)
    if args.json:
        print(json.dumps({"genuine_pairs": len(cal.genuine), "impostor_pairs": len(cal.impostor),
                          "genuine_max": round(max(cal.genuine), 4), "impostor_min": round(min(cal.impostor), 4),
                          "no_face": cal.no_face, "suggested_threshold": cal.suggested,
                          "rates": [{"threshold": r.threshold, "far": round(r.far, 4), "frr": round(r.frr, 4)}
                                    for r in cal.rates]}))
        return EXIT_OK
    print(f"{len(cal.genuine)} genuine pairs (largest distance {max(cal.genuine):.3f}), "
          f"{len(cal.impostor)} impostor pairs (smallest distance {min(cal.impostor):.3f})")
    if cal.no_face:
        print(f"no face found in: {', '.join(cal.no_face)}")
    for r in cal.rates[::5]:
        print(f"threshold {r.threshold:.2f}: false accept {r.far:.1%}, false reject {r.frr:.1%}")
    if current is not None:
        print(f"current face.threshold {current.threshold}: false accept {current.far:.1%}, "
              f"false reject {current.frr:.1%}")
    print(f"suggested face.threshold = {cal.suggested}")
    return EXIT_OK
