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
import threading
import time

from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.timer import Timer
from textual.widgets import Footer, Header, Static, TextArea
from textual.worker import Worker, WorkerState, get_current_worker

from autograder.hints import hints_for_result
from workbench import plots, strings
from workbench.grading import GradeOutcome, relative_to_workspace, shown_path
from workbench.messages import GradeFinished, GradeProgress, PicturesSaved, SpeedMeasured
from workbench.screens.base import ICON, WorkbenchScreen, editor_theme
from workbench.screens.dialogs import ConfirmDialog, SolutionScreen
from workbench.watcher import FileWatcher
from workbench.widgets.hints import HintPanel
from workbench.widgets.instructions import Instructions
from workbench.widgets.results import ResultsPanel

# Above this size the built-in editor (TextArea, which highlights the whole document)
# would freeze the UI; such a file is edited in $EDITOR (`o`) and still graded on save.
EDITOR_LIMIT = 1_000_000  # bytes


def _read(path) -> str | None:
    """The file's text for the editor (undecodable bytes shown as U+FFFD); None if it cannot be read."""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def _size(path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


PICTURE_DELAY = 1.0  # seconds after a verdict before its PNGs are drawn
FIRST_ROWS_WAIT = 0.25  # seconds a run waits at most for its first rows to be drawn
EDITOR_CATCH_UP = 0.2  # seconds after a run's first rows before the editor takes the file changed on disk


class ExerciseScreen(WorkbenchScreen):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save", priority=True),
        Binding("r", "check", "Check", id="check"),
        Binding("f5", "check", show=False),
        Binding("h", "hint", "Hint", id="hint"),
        Binding("f2", "hint", show=False),
        Binding("e", "edit", "Edit", id="edit"),
        # the results (the heatmap lies below their fold): focused, the arrows and PgUp/PgDn scroll them
        Binding("v", "results", "Results", id="results"),
        Binding("f6", "results", show=False, priority=True),  # from inside the editor too, where v is typed
        Binding("o", "external", "$EDITOR", id="external"),
        Binding("s", "solution", "Solution", id="solution"),
        Binding("ctrl+r", "reset", "Reset", id="reset"),
        # in the editor too: after a stray edit here, the fix saved from another editor must be reachable
        Binding("ctrl+o", "reload", "Reload", id="reload", priority=True, show=False),
        Binding("n", "next", "Next", id="next"),
        Binding("escape", "back", "Home", id="back"),
    ]
    AUTO_FOCUS = "#results"

    def __init__(self, exercise) -> None:
        super().__init__()
        self.exercise = exercise
        self.path = self.workspace.file_for(exercise)  # the learner's file
        self.latest_run = 0  # the newest grading run; results of older runs are dropped
        self.disk_text = ""  # the file as last read or written; the editor differs from it when dirty
        self.too_large = False  # the file is shown as a note pointing to $EDITOR, not in the editor
        self.watcher: FileWatcher | None = None
        self._gone = False  # the file was deleted on disk (and the learner was told)
        self._disk_changed = False  # the file changed on disk while the editor had unsaved edits
        self._leaving = False  # leave() decided to go: runs ending now are not re-requested
        self._grade_worker: Worker | None = None
        self._picture_timer: Timer | None = None
        self._settle_timer: Timer | None = None  # polls the watcher once a change noticed has settled
        self._editor_behind = False  # the file changed on disk; the editor takes it with the verdict
        self._catch_up_timer: Timer | None = None  # … or a while after its first rows, if the verdict takes long
        self._pictures_key: str | None = None  # what the PNGs on disk show (plots.pictures_key) …
        self._pictures_paths: list = []  # … and where they are
        self._pictures_lock = threading.Lock()  # one picture worker writes at a time
        self._shown_lang: str | None = None

    # -- layout ------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        self.too_large = _size(self.path) > EDITOR_LIMIT
        text = None if self.too_large else _read(self.path)
        self.disk_text = text or ""
        yield Header(icon=ICON)
        with Horizontal(id="exercise-body"):
            with Vertical(id="left"):
                with VerticalScroll(id="instructions-pane"):
                    yield Instructions(id="instructions")
                yield HintPanel(id="hints")
            with Vertical(id="right"):
                note = Static(id="too-large")
                note.display = self.too_large
                yield note
                editor = TextArea.code_editor(self.disk_text, language="python", id="editor",
                                              theme=editor_theme(self.app))
                editor.display = not self.too_large
                yield editor
                yield ResultsPanel(id="results")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        # A stat every 0.02 s costs nothing. The debounce is a little under the interval, so a
        # change noticed at one tick is graded at the next, once it has held still that long
        # (an editor's steps of one save come microseconds apart: it grades once), or at once if
        # its mtime is that old already; no timer beyond the interval is needed. A file missing
        # for a quarter of a second was deleted, not rewritten by an editor that deletes first.
        self.watcher = FileWatcher([self.path], interval=0.02, debounce=0.015, wall=time.time, gone_after=0.25)
        self.set_interval(self.watcher.interval, self._poll_watcher)
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._retheme_editor())
        self.request_grade()

    def relabel(self, lang: str) -> None:
        self.title = strings.get("app.title", lang)
        self.sub_title = f"{self.exercise.id} · {self.exercise.title_in(lang)}"
        pane = self.query_one("#instructions-pane")
        pane.border_title = strings.get("ex.instructions", lang)
        if self._shown_lang != lang:
            self._shown_lang = lang
            self.query_one("#instructions", Instructions).update(self.exercise.instructions(lang))
        self._update_editor_title()
        self._update_editor_hint()
        self._show_hints()
        results = self.query_one(ResultsPanel)
        results.border_title = strings.get("ex.results", lang)
        results.redraw()

    # -- the editor ----------------------------------------------------------------------
    @property
    def editor(self) -> TextArea:
        return self.query_one("#editor", TextArea)

    @property
    def dirty(self) -> bool:
        return self.editor.text != self.disk_text

    def _retheme_editor(self) -> None:
        self.editor.theme = editor_theme(self.app)

    def _update_editor_title(self) -> None:
        dirty = self.dirty  # once: it compares the whole text, and this runs on every keystroke
        conflict = dirty and self._disk_changed
        key = "ex.file_differs" if conflict else "ex.file_modified" if dirty else "ex.file_saved"
        self.editor.border_title = strings.get(key, self.lang, file=self.exercise.module)
        self.editor.set_class(dirty, "-modified")
        self.editor.set_class(conflict, "-conflict")
        self.query_one(ResultsPanel).show_unsaved(dirty and not self.too_large)
        note = self.query_one("#too-large", Static)
        note.display = self.too_large
        self.editor.display = not self.too_large
        if self.too_large:
            note.border_title = self.exercise.module
            size = f"{_size(self.path) / 1e6:.1f}"
            note.update(escape(strings.get("ex.too_large", self.lang, file=self.exercise.module, size=size)))

    def _update_editor_hint(self) -> None:
        """The editor's bottom border says how to leave it (Tab indents there) or how to enter it."""
        focused = self.focused is self.editor
        self.editor.border_subtitle = strings.get("ex.editor_leave" if focused else "ex.editor_enter", self.lang)

    def on_descendant_focus(self) -> None:
        self._update_editor_hint()

    def on_descendant_blur(self) -> None:
        self._update_editor_hint()

    @on(TextArea.Changed, "#editor")
    def _edited(self) -> None:
        self._update_editor_title()

    def _load_editor(self, text: str | None) -> None:
        """Show `text` (the file on disk) in the editor; None: the file is too large for it."""
        self.too_large = text is None
        text = text or ""
        editor = self.editor
        row, column = editor.cursor_location
        # one edit over the whole text, not load_text: that builds a new document and compiles
        # the highlight query again (~50 ms on the thread that also grades); as load_text would,
        # the reload cannot be undone
        editor.replace(text, (0, 0), editor.document.end)
        editor.history.clear()
        lines = text.split("\n")
        row = min(row, len(lines) - 1)
        editor.cursor_location = (row, min(column, len(lines[row])))
        self.disk_text = text
        self._disk_changed = False
        self._update_editor_title()

    def _reload(self) -> None:
        """Load the file on disk into the editor; one that cannot be read leaves the editor as it is."""
        if _size(self.path) > EDITOR_LIMIT:
            self._load_editor(None)
            return
        text = _read(self.path)
        if text is not None:
            self._load_editor(text)

    # -- grading -----------------------------------------------------------------------
    def request_grade(self) -> None:
        if self._picture_timer is not None:
            self._picture_timer.stop()
            self._picture_timer = None
        self.latest_run = self.app.grading.new_run(self.exercise.id)  # stops the older run's child
        self.query_one(ResultsPanel).set_running(True)
        self._grade_worker = self._grade(self.latest_run)

    @work(thread=True, exclusive=True, group="grade", exit_on_error=False)
    def _grade(self, run: int) -> None:
        # the verdict first, then the speed checks' timings (reported, not scored) beneath it
        worker = get_current_worker()
        first = [True]

        def rows(result) -> None:  # each check's row as soon as it is decided
            if worker.is_cancelled:
                return
            if not first[0]:
                self.post_message(GradeProgress(run, result))
                return
            # The first rows are what the learner waits for: this thread deciding the next ones
            # (Python, holding the GIL) would slow the frame that draws them down to its own pace.
            # It waits for that frame (the child runs on meanwhile); at most FIRST_ROWS_WAIT.
            first[0] = False
            drawn = threading.Event()
            if self.post_message(GradeProgress(run, result, drawn)):
                drawn.wait(FIRST_ROWS_WAIT)

        outcome = self.app.grading.run(self.exercise, run, timing=False, on_rows=rows)
        if get_current_worker().is_cancelled:
            return
        self.post_message(GradeFinished(run, outcome))
        if outcome is None or outcome.result is None or not outcome.result.pending \
                or get_current_worker().is_cancelled:  # nothing to time, or nobody waits for it
            return
        measured = self.app.grading.measure(self.exercise, run, outcome)
        if not get_current_worker().is_cancelled:
            self.post_message(SpeedMeasured(run, measured))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A grading worker that broke (a bug, not the learner's file) must not leave "grading…" forever."""
        worker = event.worker
        # only the newest run's worker: an older one that broke says nothing about the newest file
        if worker is self._grade_worker and event.state == WorkerState.ERROR:
            self._catch_up_editor()
            self.query_one(ResultsPanel).show_outcome(
                GradeOutcome(self.exercise.id, None, f"{type(worker.error).__name__}: {worker.error}"))

    def on_grade_progress(self, message: GradeProgress) -> None:
        if message.run == self.latest_run and not self._leaving:
            def drawn() -> None:
                if message.drawn is not None:
                    message.drawn.set()
                if self._editor_behind and self._catch_up_timer is None:
                    # after the verdict, if it comes soon; else while the later checks run
                    self._catch_up_timer = self.set_timer(EDITOR_CATCH_UP, self._catch_up_editor)

            self.query_one(ResultsPanel).show_progress(message.result, drawn)
        elif message.drawn is not None:
            message.drawn.set()  # nothing to draw: the run goes on (to be stopped) at once

    def on_grade_finished(self, message: GradeFinished) -> None:
        if message.run != self.latest_run or self._leaving:
            return  # a newer run is on its way (this verdict is about an older file), or nobody looks
        self._catch_up_editor()  # in the verdict's frame: the editor and the verdict show the same file
        if message.outcome is None:
            # This screen's newest run was superseded by a run it did not start (the home
            # screen's "Check all" of the same exercise): grade again, so that the panel
            # always ends with a verdict rather than "grading…".
            self.request_grade()
            return
        results = self.query_one(ResultsPanel)
        was = results.verdict
        results.show_outcome(message.outcome)
        self._show_hints()  # the hint for the mistake this verdict shows, if one was revealed (or waits)
        result = message.outcome.result
        if result is not None and result.passed and was != "passed":
            self.notify(strings.get("ex.passed_toast", self.lang, id=self.exercise.id), timeout=3)
        key = plots.pictures_key(result) if result is not None else None
        if key is None:
            return
        if key == self._pictures_key and all(p.exists() for p in self._pictures_paths):
            self._show_pictures(self._pictures_paths)  # the same pictures as last time: nothing to redraw
        else:
            # drawn once the learner has had a moment with the verdict, so that matplotlib
            # never competes with the grading of a quick follow-up save
            self._picture_timer = self.set_timer(PICTURE_DELAY,
                                                 lambda: self._save_pictures(message.run, result, key))

    def on_speed_measured(self, message: SpeedMeasured) -> None:
        if message.run != self.latest_run or self._leaving:
            return
        if message.outcome is None:
            self.request_grade()  # superseded by a run this screen did not start: the panel still waits
            return
        self.query_one(ResultsPanel).show_measured(message.outcome)

    @work(thread=True, exclusive=True, group="pictures", exit_on_error=False)
    def _save_pictures(self, run: int, result, key: str) -> None:
        with self._pictures_lock:  # a superseded worker still drawing finishes before this one starts
            if get_current_worker().is_cancelled:
                return
            self._pictures_key = None  # the PNGs on disk are being replaced
            try:
                paths = plots.save_pictures(result, self.workspace.state_dir / "plots")
            except Exception:  # pictures are a bonus: no matplotlib, a read-only disk…
                return
            self._pictures_key, self._pictures_paths = key, paths
        if not get_current_worker().is_cancelled:
            self.post_message(PicturesSaved(run, paths))

    def on_pictures_saved(self, message: PicturesSaved) -> None:
        if message.run == self.latest_run:
            self._show_pictures(message.paths)
            if message.paths:  # newly drawn: say where, as the panel does below the fold
                folder = os.path.dirname(shown_path(message.paths[0])) + os.sep
                self.notify(strings.get("ex.pictures_saved", self.lang, folder=folder), timeout=3, markup=False)

    def _show_pictures(self, paths) -> None:
        self.query_one(ResultsPanel).show_pictures([shown_path(p) for p in paths])

    # -- watching the file on disk ----------------------------------------------------------
    def _poll_watcher(self) -> None:
        if self.watcher is None:
            return
        if self.watcher.poll():  # only the learner's file is watched
            self._file_changed()
        elif (due := self.watcher.due()) is not None and due < self.watcher.interval:
            # a change noticed settles before the next tick: grade it then, not up to a tick later
            if self._settle_timer is not None:
                self._settle_timer.stop()
            self._settle_timer = self.set_timer(due, self._poll_watcher)
        elif self.watcher.gone(self.path) and not self._gone:
            # Deleted (and not just rewritten by an editor that deletes first): whatever the
            # editor shows is now unsaved, so leaving or quitting asks and ctrl+s writes it back.
            self._gone = True
            self.disk_text = ""
            self._update_editor_title()
            self.notify(strings.get("ex.file_gone", self.lang, file=self.exercise.module), severity="warning")

    def _file_changed(self) -> None:
        # The grading reads the file itself: it need not wait for the editor, whose reload (a
        # layout and a repaint of the whole editor) waits for the run's verdict (or EDITOR_CATCH_UP
        # after its first rows are drawn), rather than compete with the grading and the rows.
        self.request_grade()
        self._gone = False
        self._editor_behind = True

    def _catch_up_editor(self) -> None:
        """Take the file changed on disk into the editor (or say that it conflicts with its edits)."""
        if self._catch_up_timer is not None:
            self._catch_up_timer.stop()
            self._catch_up_timer = None
        if not self._editor_behind or not self.is_mounted:
            return
        self._editor_behind = False
        large = _size(self.path) > EDITOR_LIMIT
        text = None if large else _read(self.path)
        if text is None and not large:
            pass  # it cannot be read (now): the editor keeps its text, the grader says what is wrong
        elif text is not None and not self.too_large and text == self.editor.text:
            self.disk_text = text  # e.g. written back as the editor has it: nothing to reload
            self._update_editor_title()
        elif not self.dirty:
            self._load_editor(text)  # None: too large, the note replaces the editor
        else:
            if text is not None:
                self.disk_text = text
            self._disk_changed = True
            self._update_editor_title()
            self.notify(strings.get("ex.conflict", self.lang, file=self.exercise.module), severity="warning",
                        timeout=8)

    # -- actions ---------------------------------------------------------------------------
    def _write_failed(self, key: str, err: Exception) -> None:
        self.notify(strings.get(key, self.lang, file=self.exercise.module, error=err),
                    severity="error", markup=False)

    def _say_too_large(self) -> None:
        self.notify(strings.get("ex.too_large", self.lang, file=self.exercise.module,
                                size=f"{_size(self.path) / 1e6:.1f}"), severity="warning", markup=False)

    def action_save(self) -> None:
        self._catch_up_editor()  # a change on disk not in the editor yet: the save sees it (or the conflict)
        if self.too_large:
            self._say_too_large()
            return  # the editor does not hold the file: saving its (empty) text would write over it
        text = self.editor.text
        try:
            backup = self.workspace.save(self.exercise, text)
        except (OSError, UnicodeError) as err:
            self._write_failed("ex.save_failed", err)
            return
        self.disk_text = text
        self._gone = False
        self._disk_changed = False
        self.watcher.mark_seen(self.path)
        self.request_grade()  # before the title and the note: the grading thread starts meanwhile
        self._update_editor_title()
        if backup is not None:
            self.notify(strings.get("ex.saved_backup", self.lang, file=self.exercise.module,
                                    backup=relative_to_workspace(self.workspace, backup)), timeout=2, markup=False)

    def action_check(self) -> None:
        self.request_grade()

    def action_reload(self) -> None:
        """Take the file from disk into the editor; unsaved edits here go to a backup, never lost."""
        large = _size(self.path) > EDITOR_LIMIT
        try:
            text = None if large else self.path.read_text(encoding="utf-8", errors="replace")
        except OSError as err:  # deleted or unreadable: the editor keeps what it has
            self.notify(strings.get("ex.reload_failed", self.lang, file=self.exercise.module,
                                    error=err.strerror or err), severity="error", markup=False)
            return
        kept = None
        if self.dirty and not self.too_large:
            try:
                kept = self.workspace.keep_unsaved(self.exercise, self.editor.text)
            except OSError as err:  # nowhere to keep the edits: they stay, rather than vanish
                self._write_failed("ex.save_failed", err)
                return
        self._gone = False
        self._load_editor(text)  # a change the watcher has not seen yet is still graded when it does
        if kept is not None:
            self.notify(strings.get("ex.reloaded", self.lang, file=self.exercise.module,
                                    backup=relative_to_workspace(self.workspace, kept)), markup=False)
        else:
            self.notify(strings.get("ex.reloaded_same", self.lang, file=self.exercise.module), markup=False, timeout=2)

    def _offered_hints(self) -> list:
        """The hints for the mistakes the newest verdict shows (autograder.hints), in its checks' order."""
        outcome = self.query_one(ResultsPanel).outcome
        return hints_for_result(self.exercise, outcome.result if outcome is not None else None)

    def _show_hints(self) -> None:
        offered = self._offered_hints()
        revealed = set(self.workspace.mistake_hints_shown(self.exercise))
        self.query_one(HintPanel).show(self.exercise, self.workspace.hints_shown(self.exercise), self.lang,
                                       mistakes=[h for h in offered if h.id in revealed],
                                       waiting=any(h.id not in revealed for h in offered))

    def action_hint(self) -> None:
        offered = self._offered_hints()
        if not self.exercise.hints and not offered:
            self.notify(strings.get("hint.none", self.lang))
            return
        try:
            self.workspace.reveal_hint(self.exercise, [hint.id for hint in offered])
        except OSError as err:
            self.notify(strings.get("ex.hint_failed", self.lang, error=err), severity="error", markup=False)
            return
        self._show_hints()

    def action_edit(self) -> None:
        if self.too_large:
            self._say_too_large()
            return
        self.editor.focus()

    def action_results(self) -> None:
        self.query_one(ResultsPanel).focus()

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
            self.notify(strings.get("ex.editor_failed", self.lang, editor=command, error=err), severity="error",
                        markup=False)
            return
        self._poll_watcher()  # notice the edit now rather than at the next tick

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
            try:
                backup = self.workspace.reset(self.exercise)
            except (OSError, UnicodeError) as err:
                self._write_failed("ex.reset_failed", err)
                return
            self._gone = False
            self._reload()
            self.watcher.mark_seen(self.path)
            self.notify(strings.get("ex.reset_done", self.lang,
                                    backup=relative_to_workspace(self.workspace, backup) if backup else "—"),
                        markup=False)
            self.request_grade()

        self.app.push_screen(ConfirmDialog("ex.reset_confirm", id=self.exercise.id), reset)

    def leave(self, then) -> None:
        """Run `then` (which leaves this screen, or the app), asking first if edits are unsaved."""
        def go() -> None:
            # the verdict of a run still going has nobody to show it to: stop it now, before
            # home comes back and re-grades the file (it leaves a file with a run going alone)
            self._leaving = True
            self.app.grading.cancel(self.exercise.id, self.latest_run)
            then()

        if not self.dirty:
            go()
            return

        def decided(confirmed: bool | None) -> None:
            if confirmed:
                go()

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
        self.app.grading.cancel(self.exercise.id, self.latest_run)  # the app is closing: end the child now
