"""Wording rules held over the whole source: inclusive-writing dots ("ajouté·e") are not
used, the axes of the programme are called "Axe" (never "Thème"), and no help text asks
for a modifier key to choose several entries."""

import re
from pathlib import Path

SOURCES = Path(__file__).resolve().parent.parent / "territoires"
RULES = {
    "a middle dot for inclusive writing (ajouté·e)": re.compile(r"\w·\w"),
    "Thème for an axis": re.compile(r"\bTh[èe]me\b", re.IGNORECASE),
    "a modifier key to choose several (Ctrl, ⌘)": re.compile(r"Ctrl ou|⌘"),
}


def _files():
    for path in sorted(SOURCES.rglob("*")):
        if path.suffix in {".py", ".html", ".txt", ".js"} and "migrations" not in path.parts:
            yield path


def test_sources_follow_the_wording_rules():
    problems = []
    for path in _files():
        text = path.read_text(encoding="utf-8")
        for rule, pattern in RULES.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                problems.append(f"{path.relative_to(SOURCES)}:{line}: {rule}")
    assert not problems, "\n".join(problems)


def test_every_plain_text_email_template_turns_html_escaping_off():
    """A plain-text email (subject or body) escaped for HTML would read "d&#x27;industrie"."""
    escaped = [
        str(path.relative_to(SOURCES))
        for path in sorted(SOURCES.glob("**/templates/**/*.txt"))
        if "{% autoescape off %}" not in path.read_text(encoding="utf-8")
    ]
    assert not escaped, f"gabarits texte sans {{% autoescape off %}} : {escaped}"
