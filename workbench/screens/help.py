"""The help page: every key of the workbench, in the chosen language."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from workbench import strings
from workbench.screens.base import WorkbenchModal

# keys of TextArea worth knowing, with the help text for each
EDITOR_KEYS = [
    ("ctrl+s", "help.save"),
    ("esc", "help.key.escape_editor"),
    ("tab", "help.key.tab"),
    ("ctrl+z / ctrl+y", "help.key.undo"),
    ("ctrl+x / ctrl+c / ctrl+v", "help.key.clipboard"),
    ("f5 / f2", "help.key.fkeys"),
]


def _key_name(app, binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    return app.get_key_display(binding)


def binding_rows(app, bindings) -> list[tuple[str, str]]:
    """(keys, help text) per action of `bindings` that has a help text, keys of one action merged."""
    rows: dict[str, list[str]] = {}
    bindings = list(Binding.make_bindings(bindings))
    for binding in bindings:
        # an alternative key (f1, f5…) has no id: it is listed with the action's main key
        ident = binding.id or next((b.id for b in bindings if b.action == binding.action and b.id), None)
        if ident is None or f"help.{ident}" not in strings.STRINGS:
            continue
        rows.setdefault(ident, [])
        key = _key_name(app, binding)
        if key not in rows[ident]:
            rows[ident].append(key)
    return [(" / ".join(keys), ident) for ident, keys in rows.items()]


class HelpScreen(WorkbenchModal):
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close", id="close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(id="help-text")

    def relabel(self, lang: str) -> None:
        from workbench.app import WorkbenchApp
        from workbench.screens.exercise import ExerciseScreen
        from workbench.screens.demo import DemoScreen
        from workbench.screens.home import HomeScreen

        box = self.query_one("#help-box")
        box.border_title = strings.get("help.title", lang)
        box.border_subtitle = strings.get("help.closing", lang)
        sections = [
            ("help.everywhere", binding_rows(self.app, WorkbenchApp.BINDINGS)),
            ("help.home", binding_rows(self.app, HomeScreen.BINDINGS)),
            ("help.exercise", binding_rows(self.app, ExerciseScreen.BINDINGS)),
            ("help.demo_screen", binding_rows(self.app, DemoScreen.BINDINGS)),
            ("help.editor", [(keys, key.removeprefix("help.")) for keys, key in EDITOR_KEYS]),
        ]
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
        table.add_column(style="bold", no_wrap=True)
        table.add_column(ratio=1)
        for title, rows in sections:
            table.add_row(Text(strings.get(title, lang), style="bold underline"), "")
            for keys, ident in rows:
                table.add_row(keys, strings.get(f"help.{ident}", lang))
            table.add_row("", "")
        intro = Text(strings.get("help.flow", lang) + "\n")
        where = Text(strings.get("help.workspace", lang, path=str(self.app.workspace.root)) + "\n", style="dim")
        self.query_one("#help-text", Static).update(Group(intro, where, table))

    def action_close(self) -> None:
        self.dismiss(None)
