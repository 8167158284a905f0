"""The shape of app code (issue 14): no function more complex than McCabe 15 or longer than 60 lines.

Ruff enforces the complexity in `ruff check` too (C90 in pyproject.toml); this test also measures the
length. No function is exempt. Tests, benchmarks, migrations and data modules
are not app code.
"""

import ast
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("accounts", "barometer", "communes", "diagnostics", "privacy", "reports", "roadmaps", "smartregion")
MAX_COMPLEXITY = 15
MAX_LINES = 60
NOT_APP_CODE = ("/migrations/", "diagnostics/data/")


def app_modules() -> list[Path]:
    return [
        path
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if not any(part in path.relative_to(ROOT).as_posix() for part in NOT_APP_CODE)
    ]


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name


def too_long(modules: list[Path] | None = None) -> dict[tuple[str, str], int]:
    """(module, function) → lines, for every function or method over MAX_LINES (decorators not counted)."""
    found = {}
    for path in modules if modules is not None else app_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_LINES:
                    found[(_name(path), node.name)] = lines
    return found


def too_complex(modules: list[Path] | None = None) -> dict[tuple[str, str], int]:
    """(module, function) → McCabe complexity over MAX_COMPLEXITY, as ruff measures it (config files ignored)."""
    command = [
        str(Path(sys.executable).parent / "ruff"),
        "check",
        "--isolated",
        "--select",
        "C901",
        "--config",
        f"lint.mccabe.max-complexity={MAX_COMPLEXITY}",
        "--output-format",
        "json",
        "--exit-zero",
        *[str(path) for path in (modules if modules is not None else app_modules())],
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)  # noqa: S603 - the project's own ruff on its own files
    found = {}
    for item in json.loads(result.stdout):
        match = re.match(r"`(?P<name>\w+)` is too complex \((?P<score>\d+) >", item["message"])
        found[(_name(Path(item["filename"])), match["name"])] = int(match["score"])
    return found


def test_the_app_code_is_measured():
    modules = {path.relative_to(ROOT).as_posix() for path in app_modules()}
    assert {"reports/sources.py", "smartregion/spreadsheets.py", "privacy/services.py"} <= modules
    assert not any("/migrations/" in module for module in modules)


def test_no_function_is_longer_than_60_lines():
    assert too_long() == {}


def test_no_function_is_more_complex_than_15():
    assert too_complex() == {}


def test_the_measures_see_a_long_and_complex_function(tmp_path):
    """A function over both limits is found by both measures, so neither can pass by seeing nothing."""
    branches = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(MAX_LINES))
    module = tmp_path / "sprawling.py"
    module.write_text(f"def sprawling(x):\n{branches}    return None\n", encoding="utf-8")
    assert too_long([module])[("sprawling.py", "sprawling")] > MAX_LINES
    assert too_complex([module])[("sprawling.py", "sprawling")] > MAX_COMPLEXITY


def test_ruff_exempts_from_c901_only_tests_and_benchmarks():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    ignores = config["tool"]["ruff"]["lint"]["per-file-ignores"]
    exempt = {pattern for pattern, rules in ignores.items() if "C901" in rules or "C90" in rules}
    assert exempt == {"tests/**", "bench/**"}
