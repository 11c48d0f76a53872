"""The boot tests' screenshot checks (tests/boot/frames.py) on frames the app really renders: the attract
screen laid out for the output passes at a landscape and a portrait size; the same screen laid out for
the terminal's configured 1080x1920 and shown on cage's 1280x720 (the first-frame bug of stop 28) fails,
though it covers every pixel."""

from __future__ import annotations

import pytest
from PIL import Image

from tests.boot.frames import fills_output, laid_out_for_output
from ui.screenshot import render

pytestmark = pytest.mark.gui

LANDSCAPE, PORTRAIT = (1280, 720), (1080, 1920)


@pytest.fixture(scope="module")
def attract(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[int, int], Image.Image]:
    """The attract screen rendered at each size (once for the module: a render starts the whole app)."""
    out = tmp_path_factory.mktemp("frames")
    return {size: Image.open(render("attract", out / f"{size[0]}x{size[1]}.png", size=size)).convert("RGB")
            for size in (LANDSCAPE, PORTRAIT)}


@pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT])
def test_the_attract_screen_laid_out_for_its_output_passes(attract: dict, size: tuple[int, int]) -> None:
    assert attract[size].size == size
    assert fills_output(attract[size]) and laid_out_for_output(attract[size])


def test_a_portrait_layout_on_a_landscape_output_fails_though_it_covers_it(attract: dict) -> None:
    portrait = attract[PORTRAIT]
    output = Image.new("RGB", LANDSCAPE, portrait.getpixel((1079, 719)))  # the strip right of the window
    output.paste(portrait.crop((0, 0, 1080, 720)), (0, 0))  # cage shows the window's top-left 1280x720
    assert fills_output(output)
    assert not laid_out_for_output(output)
    shifted = Image.new("RGB", LANDSCAPE, (0, 0, 0))
    shifted.paste(attract[LANDSCAPE].crop((0, 0, 1100, 720)), (180, 0))  # laid out right, drawn off-centre
    assert not laid_out_for_output(shifted)
