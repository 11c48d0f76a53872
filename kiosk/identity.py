"""Who the resident at the screen is: from an ID card, a permit, or manual entry."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from contract.masking import mask_id, mask_name


class CardType(StrEnum):
    RESIDENT = "resident"
    HMT_PERMIT = "hmt_permit"
    FOREIGN_2017 = "foreign_2017"
    FOREIGN_2023 = "foreign_2023"
    MANUAL = "manual"


LONG_TERM = "long_term"


@dataclass(frozen=True, repr=False)
class Identity:
    """A resident's identity for one session. ``repr`` is masked so it never leaks into logs."""

    card_type: CardType
    name: str
    id_number: str
    sex: str = ""  # GB/T 2261.1 code: 0 unknown, 1 male, 2 female, 9 not stated
    nation: str = ""  # nation name (resident cards) or nationality code (foreign cards)
    birth_date: date | None = None
    address: str = ""
    issuer: str = ""
    valid_from: date | None = None
    valid_to: date | str | None = None  # a date or LONG_TERM
    phone: str = ""
    checksum_ok: bool = True
    expired: bool = False
    extra: dict[str, str] = field(default_factory=dict)  # type-specific fields (english_name, pass_number...)

    def __repr__(self) -> str:
        return f"Identity({self.card_type}, {self.masked_name}, {self.masked_id})"

    __str__ = __repr__

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    def name_in(self, lang: str) -> str:
        """The name a screen in ``lang`` shows: a foreign card's Latin name on screens not in Chinese
        (its Chinese transliteration means nothing to the holder reading English)."""
        latin = self.extra.get("english_name", "")
        return latin if latin and lang != "zh_CN" else self.name

    def masked_name_in(self, lang: str) -> str:
        return mask_name(self.name_in(lang))

    @property
    def masked_id(self) -> str:
        return mask_id(self.id_number)

    def is_expired(self, today: date) -> bool:
        return isinstance(self.valid_to, date) and self.valid_to < today
