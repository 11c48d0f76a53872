"""The queue's business types (一窗受理取号): the ticket letter, its name and the average counter time.

The terminal numbers and prints tickets offline and estimates the wait; the hub
reconciles tickets with the counters and estimates the wait from its own queue.
Both must agree on the letters and the minutes, so they are defined here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BusinessType:
    code: str  # the ticket letter
    name: dict[str, str]
    minutes_each: int  # average counter time, for the wait estimate


BUSINESS_TYPES: tuple[BusinessType, ...] = (
    BusinessType("A", {"zh_CN": "社保医保", "en_US": "Social and medical insurance"}, 8),
    BusinessType("B", {"zh_CN": "民政救助", "en_US": "Social assistance"}, 10),
    BusinessType("C", {"zh_CN": "户籍居住", "en_US": "Household and residence"}, 7),
    BusinessType("D", {"zh_CN": "养老助残", "en_US": "Elderly and disability"}, 9),
    BusinessType("E", {"zh_CN": "综合咨询", "en_US": "General enquiries"}, 5),
)
