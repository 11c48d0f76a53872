"""What a screenshot of cage's output says about the app's window: does it cover the output, and was it laid
out for the output's size? (Plain image checks, so they are tested on rendered frames in ``make test``.)"""

from __future__ import annotations

from PIL import Image

WHITE = 240  # every channel at least this: the attract screen's start button, not its blue gradient
START_MIN_WIDTH = 0.15  # of the output's width: the start button is wide, text glyphs are not
CENTRE_TOLERANCE = 0.02  # of the output's width


def fills_output(frame: Image.Image) -> bool:
    """Whether the app's window covers cage's whole output: cage leaves what no window covers pure black,
    so the last row and the last column of the screenshot must not be mostly black (a window smaller than
    the output, as the first frame once was, leaves them all black)."""
    w, h = frame.size
    edges = [frame.getpixel((x, h - 1)) for x in range(w)] + [frame.getpixel((w - 1, y)) for y in range(h)]
    return sum(1 for px in edges if px == (0, 0, 0)) < len(edges) // 2


def laid_out_for_output(frame: Image.Image) -> bool:
    """Whether the attract screen was laid out for this output: its white start button lies in the lower half,
    centred. A window laid out for another size (the terminal's 1080x1920 over cage's 1280x720, once) may
    still cover every pixel, with the button off-centre or below the output's edge, which ``fills_output``
    cannot see."""
    rgb = frame.convert("RGB")
    w, h = rgb.size
    pixels = rgb.tobytes()
    widest, centre = 0, 0.0
    for y in range(h // 2, h):
        run = 0
        row = y * w * 3
        for x in range(w):
            i = row + x * 3
            if pixels[i] >= WHITE and pixels[i + 1] >= WHITE and pixels[i + 2] >= WHITE:
                run += 1
                if run > widest:
                    widest, centre = run, x - (run - 1) / 2
            else:
                run = 0
    return widest >= w * START_MIN_WIDTH and abs(centre - (w - 1) / 2) <= w * CENTRE_TOLERANCE
