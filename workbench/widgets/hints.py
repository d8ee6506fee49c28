"""Hints, revealed one at a time (how many are shown is saved in the workspace)."""

from __future__ import annotations

from textual.markup import escape
from textual.widgets import Static

from workbench import strings


class HintPanel(Static):
    def show(self, exercise, shown: int, lang: str) -> None:
        total = len(exercise.hints)
        self.border_title = strings.get("ex.hints", lang, shown=shown, total=total)
        if not total:
            self.update(strings.get("hint.none", lang))
            return
        lines = []
        for number, hint in enumerate(exercise.hints[:shown], start=1):
            lines.append(f"[b]{number}.[/b] {escape(hint.get(lang) or hint['en'])}")
        if shown == 0:
            lines.append(f"[dim]{escape(strings.get('ex.hint_prompt', lang))}[/dim]")
        elif shown < total:
            lines.append(f"[dim]{escape(strings.get('ex.hint_more', lang))}[/dim]")
        else:
            lines.append(f"[dim]{escape(strings.get('ex.hint_last', lang))}[/dim]")
        self.update("\n".join(lines))
