"""A grading result as text for a terminal (the TUI draws its own)."""

from __future__ import annotations

from autograder.grader import GradeResult
from autograder.messages import text

MARKS = {"passed": "✔", "failed": "✘", "not_implemented": "…", "skipped": "-", "blocked": "·", "reported": "⚠"}


def as_text(result: GradeResult, lang: str = "en", color: bool = False) -> str:
    lines = [result.summary().render(lang)]
    for check in result.checks:
        mark = MARKS.get(check.status, "?")
        body = check.text(lang).replace("\n", "\n      ")
        line = f"  {mark} {check.display_name(lang)}: {body}"
        if color:
            code = {"passed": "32", "failed": "31", "not_implemented": "33"}.get(check.status, "2")
            line = f"\x1b[{code}m{line}\x1b[0m"
        lines.append(line)
    for note in result.notes:
        lines.append(f"  ℹ {note.render(lang)}")
    if result.output.strip():
        header = text("report.printed", lang)
        shown = result.output.strip()[-2000:]
        lines.append(f"  {header}\n" + "\n".join("    " + l for l in shown.splitlines()[-20:]))
    return "\n".join(lines)
