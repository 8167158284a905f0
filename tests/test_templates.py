"""The CSP forbids inline scripts and styles: templates must not contain any."""

import re
from pathlib import Path

import pytest
from django.conf import settings

SKIP_DIRS = {".venv", "var", "static", "node_modules", ".git", "tests", "__pycache__", ".ruff_cache"}

INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc\s*=)(?![^>]*\btype\s*=\s*[\"']application/(?:ld\+)?json)[^>]*>", re.I
)
STYLE_ATTRIBUTE = re.compile(r"(?<![\w-])style\s*=\s*[\"'{]", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
EVENT_HANDLER = re.compile(r"(?<![\w:-])on[a-z]+\s*=\s*[\"']", re.I)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.I)

RULES = {
    "inline <script> without src": INLINE_SCRIPT,
    "style= attribute": STYLE_ATTRIBUTE,
    "<style> element": STYLE_ELEMENT,
    "inline event handler (on...=)": EVENT_HANDLER,
    "javascript: URL": JAVASCRIPT_URL,
}


def html_templates() -> list[Path]:
    """Project templates and every local app's templates/ directory."""
    base = Path(settings.BASE_DIR)
    roots = [base / "templates"] + [
        d / "templates" for d in base.iterdir() if d.name not in SKIP_DIRS and (d / "templates").is_dir()
    ]
    return sorted({path for root in roots for path in root.rglob("*.html")})


def violations(text: str) -> list[str]:
    found = []
    for rule, pattern in RULES.items():
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"line {line}: {rule}: {match.group(0)!r}")
    return found


def test_templates_are_found():
    names = {p.relative_to(settings.BASE_DIR).as_posix() for p in html_templates()}
    assert "templates/base.html" in names
    assert len(names) >= 10


@pytest.mark.parametrize("path", html_templates(), ids=lambda p: p.relative_to(settings.BASE_DIR).as_posix())
def test_no_inline_script_or_style(path):
    found = violations(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(settings.BASE_DIR)}:\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("<script>alert(1)</script>", 1),
        ('<script type="module">x()</script>', 1),
        ("<script src=\"{% static 'a.js' %}\"></script>", 0),
        ('<script id="d" type="application/json">{}</script>', 0),
        ('<div style="color: red">', 1),
        ("<div style='x'>", 1),
        ('<div class="lifestyle">', 0),
        ('<button onclick="go()">', 1),
        ('<button hx-on:click="go()">', 0),
        ('<a href="javascript:void(0)">', 1),
        ("<style>p{}</style>", 1),
        ('<p class="text-body-secondary">Once upon a time</p>', 0),
    ],
)
def test_the_checker_itself(snippet, expected):
    assert len(violations(snippet)) == expected
