"""lintian on the built .deb: no errors, every remaining warning justified in packaging/README.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.packaging.conftest import LINTIAN_SKIPS, PACKAGING, Built

pytestmark = pytest.mark.slow


def _tags(output: str) -> list[tuple[str, str, str]]:
    """(severity letter, tag, rest) of every reported tag."""
    out = []
    for line in output.splitlines():
        m = re.match(r"([EWIPXCO]): community-kiosk(?: [a-z]+)?: (\S+)\s*(.*)", line)
        if m:
            out.append((m.group(1), m.group(2), m.group(3)))
    return out


def _justified_in_readme() -> set[str]:
    readme = (PACKAGING / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Lintian", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"`([a-z0-9][a-z0-9+.-]+)`", section))


def test_lintian(built: Built) -> None:
    assert built.lintian is not None
    rc, output = built.lintian.result()
    tags = _tags(output)
    assert tags or rc == 0, output[-3000:]
    errors = [t for t in tags if t[0] == "E"]
    assert not errors, "lintian errors:\n" + "\n".join(" ".join(t) for t in errors[:30])
    # Overrides that no longer match anything would hide nothing and rot.
    stale = [t for t in tags if t[1] in ("unused-override", "mismatched-override")]
    assert not stale, stale
    warnings = {t[1] for t in tags if t[0] == "W"}
    unjustified = warnings - _justified_in_readme()
    assert not unjustified, f"lintian warnings not justified in packaging/README.md (## Lintian): {unjustified}"
    assert rc == 0 or not errors


def test_every_override_is_justified_in_the_readme(built: Built) -> None:
    overrides = (built.tree / "usr/share/lintian/overrides/community-kiosk").read_text()
    tags = set(re.findall(r"^community-kiosk: (\S+)", overrides, re.MULTILINE))
    assert tags and tags <= _justified_in_readme(), tags - _justified_in_readme()


def test_skipped_checks_only_have_tags_lintian_does_not_show() -> None:
    """A check left out of the lintian run (for time) could only have reported info tags, never displayed."""
    skipped = set(LINTIAN_SKIPS[1::2])
    severities: dict[str, str] = {}
    for tag in Path("/usr/share/lintian/tags").rglob("*.tag"):
        fields = dict(re.findall(r"^(Tag|Severity|Check): (\S+)$", tag.read_text(encoding="utf-8"), re.MULTILINE))
        if fields.get("Check") in skipped:
            severities[fields["Tag"]] = fields.get("Severity", "")
    assert severities, f"lintian has no tags for {skipped}: check the names"
    assert set(severities.values()) <= {"info", "pedantic", "classification"}, severities
