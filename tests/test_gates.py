"""The gates `make test` runs: import-linter, ruff and mypy find nothing in the repository.

Each gate runs the tool as a developer would from the repository root and, when the tool finds
something, fails with the tool's own report, so the failure reads like the command line. The
`*_reports_a_finding` tests seed a defect in a scratch tree to prove a gate can fail at all.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("contract", "kiosk", "devices", "sync", "terminal", "ui", "hub")
LINTED = (*PACKAGES, "tests", "benchmarks")
BIN = Path(sys.executable).parent


def _run(args: list[str], cwd: Path = ROOT, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    """Run a tool with this checkout first on the import path (not the copy the venv was installed from)."""
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def _passes(res: subprocess.CompletedProcess[str]) -> None:
    """Fail with the tool's own report (no Python traceback around it) unless it exited 0."""
    if res.returncode != 0:
        pytest.fail(f"{' '.join(res.args)} exited {res.returncode}\n{res.stdout}{res.stderr}", pytrace=False)


def _ruff(*paths: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return _run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", *paths], cwd)


def _mypy(*paths: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return _run([sys.executable, "-m", "mypy", *paths], cwd)


def test_import_contracts_are_kept() -> None:
    _passes(_run([str(BIN / "lint-imports")]))


def test_ruff_is_clean() -> None:
    _passes(_ruff(*LINTED))


def test_mypy_is_clean_on_every_package() -> None:
    _passes(_mypy(*PACKAGES))


def _scratch(tmp_path: Path, source: str) -> Path:
    """A one-module tree that borrows the repository's tool configuration."""
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "bad.py").write_text(textwrap.dedent(source), encoding="utf-8")
    return tmp_path


def test_ruff_gate_reports_a_finding(tmp_path: Path) -> None:
    tree = _scratch(tmp_path, "import os\n\ntry:\n    x = 1\nexcept Exception:\n    pass\n")
    res = _ruff("bad.py", cwd=tree)
    assert res.returncode != 0
    assert "F401" in res.stdout and "S110" in res.stdout


def test_mypy_gate_reports_a_finding(tmp_path: Path) -> None:
    tree = _scratch(tmp_path, "def half(n: int) -> int:\n    return n / 2\n")
    res = _mypy("--cache-dir", str(tmp_path / "cache"), "bad.py", cwd=tree)
    assert res.returncode != 0
    assert "bad.py:2: error" in res.stdout
