"""The prefill sources a form may name, built from the identified resident and the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from contract.settings import TerminalSettings
    from kiosk.identity import Identity


def prefill_values(
    identity: Identity | None,
    terminal: TerminalSettings | None = None,
    lang: str = "zh_CN",
) -> dict[str, str]:
    """``card.*`` from the identity (when there is one) and ``terminal.*`` from the settings.

    Sex is the GB/T 2261.1 code (1 male, 2 female); dates are ISO. Empty values
    are left out so nothing is prefilled with a blank.
    """
    out: dict[str, str] = {}
    if identity is not None:
        out["card.name"] = identity.name_in(lang)  # a foreign card's Latin name on an English form
        out["card.id_number"] = identity.id_number
        out["card.sex"] = identity.sex
        out["card.nation"] = identity.nation
        out["card.address"] = identity.address
        out["card.phone"] = identity.phone
        if identity.birth_date is not None:
            out["card.birth_date"] = identity.birth_date.isoformat()
    if terminal is not None:
        zh = lang == "zh_CN"
        out["terminal.community_name"] = terminal.community_name_zh if zh else terminal.community_name_en
        out["terminal.centre_name"] = terminal.centre_name_zh if zh else terminal.centre_name_en
        out["terminal.district_code"] = terminal.district_code
    return {k: v for k, v in out.items() if v}
