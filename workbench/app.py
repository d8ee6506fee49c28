"""The Textual workbench: home → exercise → green, with live grading on every save."""

from __future__ import annotations

import sys
from functools import partial
from typing import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.reactive import reactive
from textual.screen import Screen

from autograder import sandbox
from autograder.messages import LANGS
from workbench import cjk, strings
from workbench.grading import Grading
from workbench.screens.base import localize_bindings
from workbench.screens.demo import DemoScreen
from workbench.screens.exercise import ExerciseScreen
from workbench.screens.help import HelpScreen
from workbench.screens.home import HomeScreen

# How long this thread may hold the GIL while another waits. Python's 5 ms means that each file
# the grading thread opens, each socket read, waits out up to 5 ms of drawing here; at 1 ms
# save → verdict is some 20 ms shorter, and drawing no slower.
SWITCH_INTERVAL = 0.001


class WorkbenchApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "DLFS2 Workbench"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        Binding("question_mark", "help", "Help", id="help", key_display="?"),
        Binding("f1", "help", show=False),
        Binding("ctrl+l", "switch_language", strings.get("bind.lang"), id="lang", priority=True),
        Binding("ctrl+p", "command_palette", "Commands", id="palette", show=False, priority=True),
    ]

    lang: reactive[str] = reactive("en", init=False)

    def __init__(self, workspace, lang: str | None = None) -> None:
        cjk.install()  # Chinese lines break where Chinese typesetting allows, in every widget
        super().__init__()
        self.workspace = workspace
        self.grading = Grading(workspace)
        self._switch_interval: float | None = None  # the process's, while this app runs
        self.set_reactive(WorkbenchApp.lang, lang if lang in LANGS else workspace.language())
        theme = workspace.settings().get("theme")
        self._saved_theme = theme if isinstance(theme, str) else None

    # -- start-up ----------------------------------------------------------------------
    def on_mount(self) -> None:
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(SWITCH_INTERVAL, self._switch_interval))
        if self._saved_theme and self._saved_theme in self.available_themes:
            self.theme = self._saved_theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.title = strings.get("app.title", self.lang)
        localize_bindings(self, self.lang)
        self.push_screen(HomeScreen())

    def on_unmount(self) -> None:
        if self._switch_interval is not None:  # None: the app stopped before it was mounted
            sys.setswitchinterval(self._switch_interval)

    def _remember_theme(self, theme) -> None:
        if self.workspace.settings().get("theme") != theme.name:
            try:
                self.workspace.update_settings(theme=theme.name)
            except OSError:
                pass

    # -- where to go ------------------------------------------------------------------------
    def continue_exercise(self):
        """The exercise opened last, unless it passes; then the first one that does not."""
        last = self.workspace.settings().get("last_opened")
        progress = self.workspace.progress()
        # a hand-edited settings.json may hold anything: only a known exercise id counts
        if isinstance(last, str) and last in self.workspace.catalog and progress.get(last, {}).get("status") != "passed":
            return self.workspace.catalog[last]
        return self.workspace.next_exercise()

    def open_demos(self) -> None:
        if not isinstance(self.screen, DemoScreen):
            self.push_screen(DemoScreen())

    def open_exercise(self, exercise_id: str, replace: bool = False) -> None:
        try:
            self.workspace.update_settings(last_opened=exercise_id)
        except OSError:
            pass
        screen = ExerciseScreen(self.workspace.catalog[exercise_id])
        if replace and isinstance(self.screen, ExerciseScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    # -- language ----------------------------------------------------------------------------
    def action_switch_language(self) -> None:
        self.lang = LANGS[(LANGS.index(self.lang) + 1) % len(LANGS)] if self.lang in LANGS else "en"

    def watch_lang(self, lang: str) -> None:
        try:
            self.workspace.update_settings(lang=lang)
        except OSError:
            pass
        self.title = strings.get("app.title", lang)
        localize_bindings(self, lang)
        for screen in self.screen_stack:
            apply = getattr(screen, "apply_language", None)
            if apply is not None and screen.is_mounted:
                apply(lang)

    # -- help, palette, quitting ---------------------------------------------------------------
    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=strings.get("palette.placeholder", self.lang),
                                            id="--command-palette"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        t = lambda key: strings.get(key, self.lang)  # noqa: E731
        if isinstance(screen, (ExerciseScreen, HomeScreen, DemoScreen)):
            # the screen's own keys, as its footer and help page show them: every binding with
            # an id (the others are alternative keys of the same actions)
            for binding in Binding.make_bindings(screen.BINDINGS):
                if binding.id and f"help.{binding.id}" in strings.STRINGS:
                    yield SystemCommand(t(f"bind.{binding.id}"), t(f"help.{binding.id}"),
                                        partial(screen.run_action, binding.action))
        yield SystemCommand(f"{t('bind.lang')} · {t('languages')}", t("help.lang"), self.action_switch_language)
        yield SystemCommand(t("bind.help"), t("help.help"), self.action_help)
        yield SystemCommand(t("cmd.theme"), t("cmd.theme_help"), self.action_change_theme)
        yield SystemCommand(t("cmd.screenshot"), t("cmd.screenshot_help"),
                            lambda: self.set_timer(0.1, self.deliver_screenshot))
        yield SystemCommand(t("bind.quit"), t("help.quit"), self.action_quit)

    async def action_quit(self) -> None:
        # The exercise with unsaved edits may lie under a dialog, the help page or the
        # palette: ask through its own leave() so quitting from anywhere asks the same way.
        exercise = next((s for s in reversed(self.screen_stack) if isinstance(s, ExerciseScreen)), None)
        if exercise is not None and exercise.is_mounted:
            exercise.leave(self.exit)
        else:
            self.exit()

    def action_help_quit(self) -> None:
        """ctrl+c (copy, in the editor) does not quit: say which key does, in the app's language."""
        for active in self.active_bindings.values():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(strings.get("app.quit_hint", self.lang, shortcut=self.get_key_display(active.binding)),
                            title=strings.get("app.quit_title", self.lang), markup=False)
                return


def run_app(workspace, lang: str | None = None) -> int:
    app = WorkbenchApp(workspace, lang)
    try:
        app.run()
    finally:
        sandbox.kill_running()  # runs abandoned at exit (a hanging file) end with the app
    return app.return_code or 0
