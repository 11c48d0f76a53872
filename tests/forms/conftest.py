"""Shared fixtures for the form engine tests: the sample forms and a fixed 'today'."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from contract.forms import FormDefinition, load_definition
from contract.idnumber import make_valid

ROOT = Path(__file__).resolve().parents[2]
FORMS_DIR = ROOT / "assets" / "content" / "forms"
TODAY = date(2026, 11, 26)


def sample(name: str) -> FormDefinition:
    return load_definition(FORMS_DIR / f"{name}.json")


@pytest.fixture
def residence() -> FormDefinition:
    return sample("residence_certificate")


@pytest.fixture
def elderly() -> FormDefinition:
    return sample("elderly_allowance")


@pytest.fixture
def dibao() -> FormDefinition:
    return sample("minimum_living_allowance")


@pytest.fixture
def card() -> dict[str, str]:
    """Prefill of a fictional resident born 1940-03-15 (86 on TODAY)."""
    return {
        "card.name": "张秀英",
        "card.sex": "2",
        "card.birth_date": "1940-03-15",
        "card.id_number": make_valid("37010219400315002"),
        "card.address": "山东省济南市历下区示例路1号",
        "terminal.community_name": "示例社区",
    }


def minimal(**field: object) -> dict:
    """A one-field form around ``field`` for focused checks."""
    f: dict[str, object] = {"id": "q", "type": "text", "label": {"zh_CN": "问题", "en_US": "Question"}}
    f.update(field)
    return {
        "id": "t",
        "version": 1,
        "title": {"zh_CN": "测试", "en_US": "Test"},
        "pages": [{"id": "p", "title": {"zh_CN": "页", "en_US": "Page"}, "fields": [f]}],
    }
