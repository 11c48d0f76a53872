"""Search keys computed by the hub (and the sample build) instead of on the terminal (issue 17, item 2).

The terminal's normal path, sample content or a bundle published by a real hub, must never import
pypinyin, and search must find what it found when the terminal computed pinyin itself.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from contract import crypto
from contract.catalog import Catalog
from contract.forms import FormDefinition, filter_choices
from contract.i18n_text import KEYS_FIELD, KEYS_VERSION
from contract.search_keys import with_keys
from kiosk.content import SAMPLE_CONTENT_DIR, load_sample_content
from tests.hub.conftest import Hub, make_hub

REPO = Path(__file__).resolve().parents[2]
CATALOG_QUERIES = ["jzzm", "居住证明", "juzhuzhengming", "ju zhu zheng ming", "JZZM", "高龄", "gljt", "dibao",
                   "old age", "unemployment", "Residence certificate", "lsjz", "zheng", "jiuye", "hk", "残疾"]
CHOICE_QUERIES = ["gs", "gongshang", "工商", "中国", "construction", "zgyh", "yh", "bank", "nongye"]
FORM_ID = "elderly_allowance"
RAW_CATALOG = yaml.safe_load((SAMPLE_CONTENT_DIR / "catalog.yaml").read_text("utf-8"))
RAW_FORM = json.loads((SAMPLE_CONTENT_DIR / "forms" / f"{FORM_ID}.json").read_text("utf-8"))

# Runs in a fresh interpreter: what a terminal does with sample content and with a published bundle.
TERMINAL = """
import json, sys
from contract.forms import filter_choices
from kiosk.content import content_from_bundle, load_sample_content

published, queries, choice_queries = json.loads(open(sys.argv[1], encoding="utf-8").read())

class Bundle:
    version = 1
    def of_kind(self, kind):
        return published.get(kind, {})

def found(content):
    bank = content.forms["elderly_allowance"].field("bank_name")
    return {"catalog": [[s.id for s in content.catalog.search(q)] for q in queries],
            "choices": [[c.value for c in filter_choices(bank, q)] for q in choice_queries]}

print(json.dumps({"sample": found(load_sample_content()), "bundle": found(content_from_bundle(Bundle())),
                  "pypinyin": "pypinyin" in sys.modules}))
"""


def computed_on_the_terminal() -> dict[str, Any]:
    """What search found before: keys computed from the raw content with pypinyin."""
    catalog = Catalog.from_dict(RAW_CATALOG)
    bank = FormDefinition.from_dict(RAW_FORM).field("bank_name")
    return {"catalog": [[s.id for s in catalog.search(q)] for q in CATALOG_QUERIES],
            "choices": [[c.value for c in filter_choices(bank, q)] for q in CHOICE_QUERIES]}


def published_by_a_hub(hub: Hub) -> dict[str, dict[str, Any]]:
    """The catalog and a form as a terminal receives them: published, signed, fetched by hash."""
    sim = hub.terminal()
    hub.publish("catalog", RAW_CATALOG, content_id="catalog")
    hub.publish("form", RAW_FORM)
    r = sim.signed("GET", "/api/v1/bundle?have=0")
    keys = {k["kid"]: crypto.b64d(k["public_key"]) for k in sim.enrolment["bundle_keys"]}
    manifest = crypto.verify_record(r.json(), keys)
    out: dict[str, dict[str, Any]] = {}
    for item in manifest["items"]:
        body = sim.signed("GET", f"/api/v1/items/{item['sha256']}")
        assert body.status_code == 200, body.text
        out.setdefault(item["kind"], {})[item["id"]] = body.json()
    return out


def test_terminal_searches_published_and_sample_content_without_pypinyin(tmp_path: Path) -> None:
    for hub in make_hub(tmp_path / "hub"):  # runs the hub's teardown after the one hub it yields
        published = published_by_a_hub(hub)
    assert published["catalog"]["catalog"]["services"][0][KEYS_FIELD]["v"] == KEYS_VERSION
    args = tmp_path / "args.json"
    args.write_text(json.dumps([published, CATALOG_QUERIES, CHOICE_QUERIES], ensure_ascii=False), "utf-8")
    run = subprocess.run([sys.executable, "-c", TERMINAL, str(args)], cwd=REPO, capture_output=True, text=True,
                         env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, timeout=120, check=True)
    result = json.loads(run.stdout)
    assert result["pypinyin"] is False
    before = computed_on_the_terminal()
    assert result["sample"] == before
    assert result["bundle"] == before
    assert before["catalog"][0][0] == "residence_certificate"  # jzzm -> 居住证明
    assert before["choices"][0] == ["icbc"]


def test_sample_keys_file_is_up_to_date() -> None:
    run = subprocess.run([sys.executable, "tools/sample_search_keys.py", "--check"], cwd=REPO, capture_output=True,
                         text=True, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


def test_old_content_without_keys_still_searches_by_pinyin() -> None:
    assert [s.id for s in Catalog.from_dict(RAW_CATALOG).search("jzzm")][:1] == ["residence_certificate"]


def test_keys_of_another_version_or_malformed_are_recomputed() -> None:
    """A stale or broken spelling never hides a service: it is ignored and the pinyin computed."""
    doc = with_keys("catalog", RAW_CATALOG, lambda text: "zzz")
    for s in doc["services"]:
        assert s[KEYS_FIELD]["pinyin"]
    assert Catalog.from_dict(doc).search("jzzm") == []  # the carried spelling is what search uses
    for broken in ({"v": KEYS_VERSION + 1, "pinyin": {"居住证明": "x"}}, {"v": KEYS_VERSION, "pinyin": {"居住证明": "JU!"}},
                   {"v": KEYS_VERSION, "pinyin": "ju"}, "nonsense"):
        for s in doc["services"]:
            s[KEYS_FIELD] = broken
        assert [s.id for s in Catalog.from_dict(doc).search("jzzm")][:1] == ["residence_certificate"]


def test_publishing_replaces_stale_keys_and_leaves_the_author_document_alone() -> None:
    stale = with_keys("form", RAW_FORM, lambda text: "old")
    fresh = with_keys("form", stale, lambda text: "new")
    choices = [c for p in fresh["pages"] for f in p["fields"] if f["type"] == "searchable_choice"
               for c in f["choices"]]
    assert choices and all(set(c[KEYS_FIELD]["pinyin"].values()) == {"new"} for c in choices)
    assert KEYS_FIELD not in json.dumps(RAW_FORM)
    plain = {"pages": [{"fields": [{"type": "searchable_choice", "choices": [{"value": "a", "label": "工商"}]}]}]}
    assert with_keys("form", plain, lambda text: "gong shang")["pages"][0]["fields"][0]["choices"][0][KEYS_FIELD] == {
        "v": KEYS_VERSION, "pinyin": {"工商": "gong shang"}}  # a plain label is in the default language, Chinese
    assert with_keys("notices", {"a": 1}, lambda text: "x") == {"a": 1}
    assert with_keys("catalog", ["not", "an", "object"], lambda text: "x") == ["not", "an", "object"]


def test_sample_content_carries_the_keys() -> None:
    content = load_sample_content()
    service = content.catalog.service("residence_certificate")
    assert service.pinyin["居住证明"] == "ju zhu zheng ming"
    bank = content.forms[FORM_ID].field("bank_name")
    assert all(c.pinyin for c in bank.choices)
