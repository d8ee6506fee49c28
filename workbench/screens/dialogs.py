"""Small modal screens: a yes/no confirmation and the reference solution."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.widgets import Button, Static, TextArea

from workbench import strings
from workbench.screens.base import WorkbenchModal, editor_theme


class ConfirmDialog(WorkbenchModal):
    """Asks a yes/no question; dismisses with True (y, Enter on Yes) or False (n, Esc)."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="yes"),
        Binding("n,escape", "answer(False)", "No", id="no"),
    ]
    AUTO_FOCUS = "#no"

    def __init__(self, question_key: str, **fields) -> None:
        super().__init__(classes="dialog")
        self.question_key = question_key  # a key of workbench.strings, so a language switch re-words it
        self.fields = fields

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box"):
            yield Static(id="question")
            with Horizontal(id="dialog-buttons"):
                yield Button("", variant="warning", id="yes")
                yield Button("", variant="primary", id="no")

    def relabel(self, lang: str) -> None:
        self.query_one("#question", Static).update(escape(strings.get(self.question_key, lang, **self.fields)))
        self.query_one("#dialog-box").border_title = strings.get("dialog.title", lang)
        self.query_one("#yes", Button).label = strings.get("bind.yes", lang) + " (y)"
        self.query_one("#no", Button).label = strings.get("bind.no", lang) + " (n)"

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class SolutionScreen(WorkbenchModal):
    """The reference solution, read-only."""

    BINDINGS = [Binding("escape,q", "close", "Close", id="close")]

    def __init__(self, exercise) -> None:
        super().__init__(classes="solution")
        self.exercise = exercise

    def compose(self) -> ComposeResult:
        try:
            text = self.exercise.solution_path.read_text(encoding="utf-8")
        except OSError as err:
            text = f"# {err}"
        with Vertical(id="solution-box"):
            yield TextArea.code_editor(text, language="python", read_only=True, id="solution",
                                       theme=editor_theme(self.app))

    def relabel(self, lang: str) -> None:
        self.query_one("#solution-box").border_title = strings.get("ex.solution_title", lang, id=self.exercise.id)
        self.query_one("#solution-box").border_subtitle = strings.get("help.close", lang) + ": Esc"

    def action_close(self) -> None:
        self.dismiss(None)
