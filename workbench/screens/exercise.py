"""One exercise: instructions, the learner's file in an editor, live results, hints.

Every save of the file (here with ctrl+s, or by any editor: the watcher polls
the file) grades it in a thread worker; a newer run supersedes an older one
and a superseded run's result is dropped, so the panel always shows the verdict
on the newest file. Nothing moves on by itself: `n` goes to the next exercise.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time

from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Footer, Header, Markdown, TextArea
from textual.worker import Worker, WorkerState, get_current_worker

from workbench import plots, strings
from workbench.grading import GradeOutcome, relative_to_workspace
from workbench.messages import FileChanged, GradeFinished, PicturesSaved
from workbench.screens.base import WorkbenchScreen
from workbench.screens.dialogs import ConfirmDialog, SolutionScreen
from workbench.watcher import FileWatcher
from workbench.widgets.hints import HintPanel
from workbench.widgets.results import ResultsPanel


def _read(path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


PICTURE_DELAY = 1.0  # seconds after a verdict before its PNGs are drawn


class ExerciseScreen(WorkbenchScreen):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save", priority=True),
        Binding("r", "check", "Check", id="check"),
        Binding("f5", "check", show=False),
        Binding("h", "hint", "Hint", id="hint"),
        Binding("f2", "hint", show=False),
        Binding("e", "edit", "Edit", id="edit"),
        Binding("o", "external", "$EDITOR", id="external"),
        Binding("s", "solution", "Solution", id="solution"),
        Binding("ctrl+r", "reset", "Reset", id="reset"),
        Binding("n", "next", "Next", id="next"),
        Binding("escape", "back", "Home", id="back"),
    ]
    AUTO_FOCUS = "#results"

    def __init__(self, exercise) -> None:
        super().__init__()
        self.exercise = exercise
        self.path = None  # the learner's file, known once the screen is attached to the app
        self.latest_run = 0  # the newest grading run; results of older runs are dropped
        self.disk_text = ""
        self.watcher: FileWatcher | None = None
        self._settle_timer: Timer | None = None
        self._picture_timer: Timer | None = None
        self._shown_lang: str | None = None

    @property
    def workspace(self):
        return self.app.workspace

    # -- layout ------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        self.path = self.workspace.file_for(self.exercise)
        self.disk_text = _read(self.path)
        yield Header()
        with Horizontal(id="exercise-body"):
            with Vertical(id="left"):
                with VerticalScroll(id="instructions-pane"):
                    yield Markdown(id="instructions")
                yield HintPanel(id="hints")
            with Vertical(id="right"):
                yield TextArea.code_editor(self.disk_text, language="python", id="editor",
                                           theme=self._editor_theme())
                yield ResultsPanel(id="results")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        # A stat every 0.1 s costs nothing; the change is noticed within 0.1 s and graded
        # once it has held still for 0.1 s (an editor that writes in steps grades once).
        self.watcher = FileWatcher([self.path], interval=0.1, debounce=0.1)
        self.set_interval(self.watcher.interval, self._poll_watcher)
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._retheme_editor())
        self.request_grade("open")

    def relabel(self, lang: str) -> None:
        self.title = strings.get("app.title", lang)
        self.sub_title = f"{self.exercise.id} · {self.exercise.title_in(lang)}"
        pane = self.query_one("#instructions-pane")
        pane.border_title = strings.get("ex.instructions", lang)
        if self._shown_lang != lang:
            self._shown_lang = lang
            self.query_one("#instructions", Markdown).update(self.exercise.instructions(lang))
        self._update_editor_title()
        self.query_one(HintPanel).show(self.exercise, self.workspace.hints_shown(self.exercise), lang)
        results = self.query_one(ResultsPanel)
        results.border_title = strings.get("ex.results", lang)
        results.set_language(lang)

    # -- the editor ----------------------------------------------------------------------
    @property
    def editor(self) -> TextArea:
        return self.query_one("#editor", TextArea)

    @property
    def dirty(self) -> bool:
        return self.editor.text != self.disk_text

    def _editor_theme(self) -> str:
        try:
            dark = self.app.current_theme.dark
        except Exception:
            dark = True
        return "monokai" if dark else "github_light"

    def _retheme_editor(self) -> None:
        self.editor.theme = self._editor_theme()

    def _update_editor_title(self) -> None:
        key = "ex.file_modified" if self.dirty else "ex.file_saved"
        self.editor.border_title = strings.get(key, self.lang, file=self.exercise.module)
        self.editor.set_class(self.dirty, "-modified")

    @on(TextArea.Changed, "#editor")
    def _edited(self) -> None:
        self._update_editor_title()

    def _load_editor(self, text: str) -> None:
        editor = self.editor
        row, column = editor.cursor_location
        editor.load_text(text)
        lines = text.split("\n")
        row = min(row, len(lines) - 1)
        editor.cursor_location = (row, min(column, len(lines[row])))
        self.disk_text = text
        self._update_editor_title()

    # -- grading -----------------------------------------------------------------------
    def request_grade(self, reason: str = "manual") -> None:
        if self._picture_timer is not None:
            self._picture_timer.stop()
            self._picture_timer = None
        self.latest_run = self.app.grading.new_run(self.exercise.id)
        self.query_one(ResultsPanel).set_running(True)
        self._grade(self.latest_run)

    @work(thread=True, exclusive=True, group="grade", exit_on_error=False)
    def _grade(self, run: int) -> None:
        worker = get_current_worker()
        outcome = self.app.grading.run(self.exercise, run, self.lang, cancelled=lambda: worker.is_cancelled)
        if outcome is not None and not worker.is_cancelled:
            self.post_message(GradeFinished(self.exercise.id, run, outcome))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A grading worker that broke (a bug, not the learner's file) must not leave "grading…" forever."""
        worker = event.worker
        if worker.group == "grade" and event.state == WorkerState.ERROR:
            now = time.monotonic()
            self.query_one(ResultsPanel).show_outcome(
                GradeOutcome(self.exercise.id, None, f"{type(worker.error).__name__}: {worker.error}", now, now))

    def on_grade_finished(self, message: GradeFinished) -> None:
        if message.run != self.latest_run:
            return  # a newer run is on its way: this verdict is about an older file
        results = self.query_one(ResultsPanel)
        was = results.verdict
        results.show_outcome(message.outcome)
        result = message.outcome.result
        if result is not None and result.passed and was != "passed":
            self.notify(strings.get("ex.passed_toast", self.lang, id=self.exercise.id), timeout=3)
        if result is not None and (plots.gradcheck_checks(result) or plots.losses_of(result) is not None):
            # drawn once the learner has had a moment with the verdict, so that matplotlib
            # never competes with the grading of a quick follow-up save
            self._picture_timer = self.set_timer(PICTURE_DELAY, lambda: self._save_pictures(message.run, result))

    @work(thread=True, exclusive=True, group="pictures", exit_on_error=False)
    def _save_pictures(self, run: int, result) -> None:
        try:
            paths = plots.save_pictures(result, self.workspace.state_dir / "plots")
        except Exception:  # pictures are a bonus: no matplotlib, a read-only disk…
            return
        if not get_current_worker().is_cancelled:
            self.post_message(PicturesSaved(self.exercise.id, run, paths))

    def on_pictures_saved(self, message: PicturesSaved) -> None:
        if message.run == self.latest_run:
            self.query_one(ResultsPanel).show_pictures(
                [relative_to_workspace(self.workspace, p) for p in message.paths])

    # -- watching the file on disk ----------------------------------------------------------
    def _poll_watcher(self) -> None:
        if self.watcher is None:
            return
        for path in self.watcher.poll():
            self.post_message(FileChanged(path))
        if self.watcher.pending and self._settle_timer is None:
            # a little past the debounce, so the change has surely settled when it fires
            self._settle_timer = self.set_timer(self.watcher.debounce + 0.02, self._settled)

    def _settled(self) -> None:
        self._settle_timer = None
        self._poll_watcher()

    def on_file_changed(self, message: FileChanged) -> None:
        text = _read(self.path)
        if not self.dirty:
            if text != self.editor.text:
                self._load_editor(text)
        else:
            self.disk_text = text
            self._update_editor_title()
            self.notify(strings.get("ex.conflict", self.lang, file=self.exercise.module), severity="warning")
        self.request_grade("disk")

    # -- actions ---------------------------------------------------------------------------
    def action_save(self) -> None:
        text = self.editor.text
        try:
            backup = self.workspace.save(self.exercise, text)
        except OSError as err:
            self.notify(str(err), severity="error")
            return
        self.disk_text = text
        self.watcher.mark_seen(self.path)
        self._update_editor_title()
        if backup is not None:
            self.notify(strings.get("ex.saved_backup", self.lang, file=self.exercise.module,
                                    backup=relative_to_workspace(self.workspace, backup)), timeout=2)
        self.request_grade("save")

    def action_check(self) -> None:
        self.request_grade("manual")

    def action_hint(self) -> None:
        if not self.exercise.hints:
            self.notify(strings.get("hint.none", self.lang))
            return
        shown = self.workspace.reveal_hint(self.exercise)
        panel = self.query_one(HintPanel)
        panel.show(self.exercise, shown, self.lang)

    def action_edit(self) -> None:
        self.editor.focus()

    def action_external(self) -> None:
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not command:
            found = shutil.which("nano") or shutil.which("vi")
            if not found:
                self.notify(strings.get("ex.no_editor", self.lang), severity="warning")
                return
            command = found
        if self.dirty:
            self.action_save()
        try:
            argv = shlex.split(command) + [str(self.path)]
            with self.app.suspend():
                subprocess.call(argv)
        except SuspendNotSupported:
            self.notify(strings.get("ex.no_suspend", self.lang), severity="warning")
            return
        except (OSError, ValueError) as err:
            self.notify(strings.get("ex.editor_failed", self.lang, editor=command, error=err), severity="error")
            return
        self._poll_watcher()  # pick up the edit now rather than at the next tick

    def passed(self) -> bool:
        results = self.query_one(ResultsPanel)
        if results.verdict is not None:
            return results.verdict == "passed"
        return self.workspace.progress().get(self.exercise.id, {}).get("status") == "passed"

    def action_solution(self) -> None:
        def show(confirmed: bool | None = True) -> None:
            if confirmed:
                self.app.push_screen(SolutionScreen(self.exercise))

        if self.passed():
            show()
        else:
            self.app.push_screen(ConfirmDialog("ex.solution_confirm", id=self.exercise.id),
                                 show)

    def action_reset(self) -> None:
        def reset(confirmed: bool | None) -> None:
            if not confirmed:
                return
            backup = self.workspace.reset(self.exercise)
            self._load_editor(_read(self.path))
            self.watcher.mark_seen(self.path)
            self.notify(strings.get("ex.reset_done", self.lang,
                                    backup=relative_to_workspace(self.workspace, backup) if backup else "—"))
            self.request_grade("reset")

        self.app.push_screen(ConfirmDialog("ex.reset_confirm", id=self.exercise.id), reset)

    def leave(self, then) -> None:
        """Run `then` (which leaves this screen), asking first if edits are unsaved."""
        if not self.dirty:
            then()
            return

        def decided(confirmed: bool | None) -> None:
            if confirmed:
                then()

        self.app.push_screen(ConfirmDialog("ex.discard_confirm", file=self.exercise.module),
                             decided)

    def action_next(self) -> None:
        ids = self.workspace.catalog.ids
        position = ids.index(self.exercise.id)
        if position + 1 >= len(ids):
            self.notify(strings.get("ex.last", self.lang))
            return
        self.leave(lambda: self.app.open_exercise(ids[position + 1], replace=True))

    def action_back(self) -> None:
        self.leave(self.app.pop_screen)

    def on_unmount(self) -> None:
        self.watcher = None
