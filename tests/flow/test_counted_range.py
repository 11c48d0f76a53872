"""Which questions the form screen offers as a − / + stepper (issue 15 item 13): whole-number counts with a short
range; everything else keeps its keypad."""

from __future__ import annotations

from contract.forms.model import Field
from kiosk.flow.form_steps import STEPPED_SPAN, counted_range


def _number(decimals: int | None = None, low: float | None = None, high: float | None = None) -> Field:
    return Field(id="n", type="number", label={"zh_CN": "份数"}, decimals=decimals, min=low, max=high)


def test_a_short_whole_number_range_is_stepped() -> None:
    assert counted_range(_number(decimals=0, low=1, high=3)) == [1, 3]
    assert counted_range(_number(decimals=0, low=0, high=STEPPED_SPAN)) == [0, STEPPED_SPAN]


def test_amounts_open_ranges_and_long_ranges_are_typed() -> None:
    assert counted_range(_number(decimals=2, low=0, high=5)) == []
    assert counted_range(_number(decimals=0, low=1)) == []
    assert counted_range(_number(decimals=0, low=0, high=STEPPED_SPAN + 1)) == []
    assert counted_range(_number(decimals=0, low=3, high=3)) == []
    assert counted_range(Field(id="t", type="text", label={"zh_CN": "x"}, min=1, max=3)) == []
