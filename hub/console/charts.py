"""Small charts drawn as inline SVG on the server: no script, no library, readable without JavaScript.

Presentation attributes only (no ``style``), so the console's Content-Security-Policy
(``style-src 'self'``) holds. Every label is escaped.
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup

BAR = "#2f6db5"
GRID = "#d0d7de"
TEXT = "#333333"


def bar_chart(points: list[tuple[str, float]], title: str, *, empty: str, unit: str = "", width: int = 640,
              height: int = 220, max_value: float | None = None) -> Markup:
    """Vertical bars, one per (label, value), labels under the bars, values above them; ``empty`` says in words
    why there are none (a bare dash read as a broken chart)."""
    left, right, top, bottom = 36, 8, 28, 34
    inner_w, inner_h = width - left - right, height - top - bottom
    peak = max_value if max_value is not None else max([v for _l, v in points] + [1])
    n = max(len(points), 1)
    slot = inner_w / n
    bar_w = max(slot * 0.7, 1)
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
              f'aria-label="{escape(title)}" class="chart">'),
             f'<title>{escape(title)}</title>',
             f'<text x="{left}" y="16" font-size="13" fill="{TEXT}" font-weight="bold">{escape(title)}</text>']
    for frac in (0, 0.5, 1):
        y = top + inner_h * (1 - frac)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end" fill="{TEXT}">'
                     f'{_num(peak * frac)}</text>')
    every = max(1, round(n / 16))
    for i, (label, value) in enumerate(points):
        h = inner_h * (value / peak) if peak else 0
        x = left + i * slot + (slot - bar_w) / 2
        y = top + inner_h - h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{BAR}">'
                     f'<title>{escape(label)}: {_num(value)}{escape(unit)}</title></rect>')
        if value and n <= 40:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}" font-size="10" text-anchor="middle" '
                         f'fill="{TEXT}">{_num(value)}</text>')
        if i % every == 0:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 14}" font-size="10" '
                         f'text-anchor="middle" fill="{TEXT}">{escape(label)}</text>')
    if not any(value for _label, value in points):  # no bars, or only zero ones: an empty grid says nothing
        # between the top and middle grid lines: on the middle line the line would strike the words through
        parts.append(f'<text x="{width / 2}" y="{top + inner_h / 4 + 4:.1f}" font-size="12" text-anchor="middle" '
                     f'fill="{TEXT}">{escape(empty)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def hbar_chart(points: list[tuple[str, float]], title: str, *, empty: str, unit: str = "", width: int = 640,
               max_value: float | None = None) -> Markup:
    """Horizontal bars with the label on the left: for long labels (services, terminals); ``empty`` as above."""
    row, top, label_w, right = 22, 28, 200, 50
    height = top + row * max(len(points), 1) + 8
    inner_w = width - label_w - right
    peak = max_value if max_value is not None else max([v for _l, v in points] + [1])
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
              f'aria-label="{escape(title)}" class="chart">'),
             f'<title>{escape(title)}</title>',
             f'<text x="4" y="16" font-size="13" fill="{TEXT}" font-weight="bold">{escape(title)}</text>']
    for i, (label, value) in enumerate(points):
        y = top + i * row
        w = inner_w * (value / peak) if peak else 0
        short = label if len(label) <= 28 else label[:27] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" font-size="11" text-anchor="end" fill="{TEXT}">'
                     f'{escape(short)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" fill="{BAR}">'
                     f'<title>{escape(label)}: {_num(value)}{escape(unit)}</title></rect>')
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + 14}" font-size="11" fill="{TEXT}">'
                     f'{_num(value)}{escape(unit)}</text>')
    if not points:
        parts.append(f'<text x="{width / 2}" y="{top + 14}" font-size="12" text-anchor="middle" fill="{TEXT}">{escape(empty)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
