"""Which questions the form screen offers as a − / + stepper (issue 15 item 13): whole-number counts with a short
range; everything else keeps its keypad. And which keypads get a minus key: numbers whose ``min`` is negative."""

from __future__ import annotations

from contract.forms.model import Field
from kiosk.flow.form_steps import STEPPED_SPAN, counted_range, takes_negative


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


def test_only_a_number_with_a_negative_min_gets_the_minus_key() -> None:
    assert takes_negative(_number(decimals=0, low=-3, high=60))  # a basement floor
    assert takes_negative(_number(decimals=2, low=-0.5))
    assert not takes_negative(_number(decimals=2))  # no min: an income, an area; a minus would invite mistakes
    assert not takes_negative(_number(decimals=0, low=0, high=99))
    assert not takes_negative(Field(id="d", type="date", label={"zh_CN": "x"}, min="today"))
    assert not takes_negative(Field(id="t", type="text", label={"zh_CN": "x"}, min=-1))
