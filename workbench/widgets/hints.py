"""Hints, revealed one at a time (how many are shown is saved in the workspace)."""

from __future__ import annotations

from textual.markup import escape
from textual.widgets import Static

from workbench import strings


class HintPanel(Static):
    def show(self, exercise, shown: int, lang: str, mistakes=(), waiting: bool = False) -> None:
        """The ladder's first `shown` hints, after `mistakes`: the revealed hints for the mistakes the file
        shows now (autograder.hints); `waiting`: one such hint is not revealed yet (h reveals it first)."""
        total = len(exercise.hints)
        self.border_title = strings.get("ex.hints", lang, shown=shown, total=total)
        if not total and not mistakes and not waiting:
            self.update(strings.get("hint.none", lang))
            return
        lines = [f"[b]→[/b] {escape(strings.get('hint.for_mistake', lang, text=hint.text_in(lang)))}"
                 for hint in mistakes]
        for number, hint in enumerate(exercise.hints[:shown], start=1):
            lines.append(f"[b]{number}.[/b] {escape(hint.get(lang) or hint['en'])}")
        if waiting:
            lines.append(f"[dim]{escape(strings.get('ex.hint_mistake_prompt', lang))}[/dim]")
        elif shown == 0:
            lines.append(f"[dim]{escape(strings.get('ex.hint_prompt', lang))}[/dim]")
        elif shown < total:
            lines.append(f"[dim]{escape(strings.get('ex.hint_more', lang))}[/dim]")
        else:
            lines.append(f"[dim]{escape(strings.get('ex.hint_last', lang))}[/dim]")
        self.update("\n".join(lines))
