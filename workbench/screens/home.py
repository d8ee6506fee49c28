"""Home: every chapter and exercise in book order with its status, and overall progress.

The list follows the disk while it is shown: a learner's file saved by any editor is graded
again (its row says "checking…" meanwhile, never the verdict of the file before), and a
progress.json written by another process (`workbench check`) is drawn as soon as it lands.
"""

from __future__ import annotations

import time

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.markup import escape
from textual.widgets import Footer, Header, OptionList, Static
from textual.worker import get_current_worker

from workbench import strings
from workbench.messages import ProgressChanged, Rebuilding
from workbench.screens.base import ICON, WorkbenchScreen
from workbench.watcher import FileWatcher
from workbench.widgets.exercise_list import ExerciseDetails, ExerciseList, ProgressLine


class HomeScreen(WorkbenchScreen):
    BINDINGS = [
        Binding("enter", "open", "Open", id="open"),
        Binding("c", "continue", "Continue", id="continue"),
        Binding("r", "check_all", "Check all", id="check_all"),
        Binding("d", "demos", "Demos", id="demos"),
    ]
    AUTO_FOCUS = "#exercise-list"

    def __init__(self) -> None:
        super().__init__()
        self._statuses: dict[str, str] = {}  # as last drawn: reused while moving through the list
        self._progress: dict = {}
        self._just_mounted = True
        self._rebuild_run: tuple[str, int] | None = None  # the rebuild's run in progress
        self._checking: set[str] = set()  # exercises whose file the rebuild is grading: no verdict shown
        self.watcher: FileWatcher | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon=ICON)
        yield Static(id="welcome")
        with Horizontal(id="home-body"):
            yield ExerciseList(id="exercise-list")
            yield ExerciseDetails(id="details")
        yield ProgressLine(id="progress")
        yield Static(id="rebuilding")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        # no drawing here: WorkbenchScreen.on_mount draws everything (relabel), in the language
        self.query_one("#rebuilding").display = False
        workspace = self.workspace
        self.watcher = FileWatcher([workspace.file_for(ex) for ex in workspace.catalog]
                                   + [workspace.state_dir / "progress.json"],
                                   interval=0.25, debounce=0.1, wall=time.time)
        self.set_interval(self.watcher.interval, self._poll_disk)

    def on_screen_resume(self) -> None:
        if self.watcher is not None:
            self.watcher.reset()  # what changed while another screen was shown is drawn and graded below
        if not self._just_mounted:  # the first resume comes right after the mount, which drew it all
            self.refresh_view()
        self._just_mounted = False
        # every time home comes back: a verdict thrown away by leaving mid-grade, or an edit
        # made outside the app, leaves progress older than the file; such files are re-graded
        self.rebuild_progress()

    def _poll_disk(self) -> None:
        """Notice files and progress changed on disk, by any program, while this screen is shown."""
        # is_active, not is_current: Textual counts the screen just below the top one as current
        # (it may show through), and this one's re-grade and redraw of every exercise would then
        # run beside the exercise screen's grading of each save
        if self.watcher is None or not self.is_active:
            return  # another screen is on top: it grades its own file, and resuming redraws all
        changed = self.watcher.poll()
        if not changed:
            return
        progress_file = self.workspace.state_dir / "progress.json"
        if any(path != progress_file for path in changed):
            self.rebuild_progress()  # grades the files edited since their verdict; draws when it starts
        else:
            self.refresh_view()

    def on_unmount(self) -> None:
        self.watcher = None
        if self._rebuild_run is not None:
            self.app.grading.cancel(*self._rebuild_run)  # the app is closing: end the child now

    def relabel(self, lang: str) -> None:
        self.refresh_view()

    # -- drawing -----------------------------------------------------------------------
    def refresh_view(self) -> None:
        lang = self.lang
        workspace = self.workspace
        self._progress = workspace.progress()
        statuses = {ex.id: workspace.status(ex, self._progress) for ex in workspace.catalog}
        for exercise_id in self._checking:
            # the verdict recorded is about the file before (unless another process, `workbench
            # check`, has recorded one on the file as it is since: that one is shown)
            if statuses.get(exercise_id) != "not_started" and \
                    self._stale(workspace.file_for(exercise_id), self._progress.get(exercise_id)):
                statuses[exercise_id] = "checking"
        self._statuses = statuses
        continue_with = self.app.continue_exercise()
        self.title = strings.get("app.title", lang)
        self.sub_title = strings.get("home.exercises", lang)
        self.query_one("#welcome", Static).update(f"[dim]{escape(strings.get('home.welcome', lang))}[/dim]")
        exercise_list = self.query_one(ExerciseList)
        exercise_list.border_title = strings.get("home.exercises", lang)
        exercise_list.show(workspace.catalog, statuses, lang)
        if exercise_list.highlighted is None or self._just_mounted:
            exercise_list.highlight_exercise(continue_with.id)
        self.query_one(ProgressLine).show(workspace.catalog, statuses, continue_with, lang)
        self._show_details()

    def _show_details(self) -> None:
        option = self.query_one(ExerciseList).highlighted_option
        exercise = self.workspace.catalog[option.id] if option is not None and option.id in self.workspace.catalog else None
        self.query_one(ExerciseDetails).show(self.workspace, exercise, self._statuses, self._progress, self.lang)

    @on(OptionList.OptionHighlighted, "#exercise-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_details()  # from what refresh_view computed: an arrow key reads no file

    @on(OptionList.OptionSelected, "#exercise-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id in self.workspace.catalog:
            self.app.open_exercise(event.option.id)

    def on_progress_changed(self, message: ProgressChanged) -> None:
        self._checking.discard(message.exercise)
        self.refresh_view()

    # -- actions -------------------------------------------------------------------------
    def action_open(self) -> None:
        option = self.query_one(ExerciseList).highlighted_option
        if option is not None and option.id in self.workspace.catalog:
            self.app.open_exercise(option.id)

    def action_continue(self) -> None:
        self.app.open_exercise(self.app.continue_exercise().id)

    def action_check_all(self) -> None:
        self.rebuild_progress(everything=True)

    def action_demos(self) -> None:
        self.app.open_demos()

    # -- progress rebuilt by grading -------------------------------------------------------
    @staticmethod
    def _stale(path, entry: dict | None) -> bool:
        """Whether a progress entry does not speak for the file as it is now."""
        if entry is None or "graded_at" not in entry:
            return True
        try:
            return path.stat().st_mtime > entry["graded_at"]  # edited after it was graded
        except OSError:
            return True

    @work(thread=True, exclusive=True, group="rebuild", exit_on_error=False)
    def rebuild_progress(self, everything: bool = False) -> None:
        """Grade edited files whose recorded verdict is missing or older than the file
        (or all edited files, when asked).

        A progress file that was lost or corrupt comes back this way, never as a crash.
        """
        workspace = self.workspace
        worker = get_current_worker()
        progress = workspace.progress()
        todo = [ex for ex in workspace.catalog if not workspace.is_untouched(ex)
                and (everything or self._stale(workspace.file_for(ex), progress.get(ex.id)))]
        if worker.is_cancelled:
            return
        self.post_message(Rebuilding([ex.id for ex in todo]))  # none as well: hides what a cancelled rebuild showed
        if not todo:
            return
        grading = self.app.grading
        try:
            for exercise in todo:
                if worker.is_cancelled:
                    return
                # an exercise graded right now by its screen is left to that run (which is
                # recorded): superseding it would leave that screen without a verdict
                # (this screen's own run of an older rebuild, though, grades a file older than now)
                ours = self._rebuild_run is not None and self._rebuild_run[0] == exercise.id
                run = grading.new_run(exercise.id, unless_busy=not ours)
                if run is None:
                    self.post_message(ProgressChanged(exercise.id))  # its screen's run records the verdict
                    continue
                self._rebuild_run = (exercise.id, run)
                try:
                    grading.run(exercise, run)
                finally:
                    if self._rebuild_run == (exercise.id, run):  # a newer rebuild may have set its own
                        self._rebuild_run = None
                # a cancelled rebuild's exercise is still being checked by the newer one
                self.post_message(ProgressChanged(None if worker.is_cancelled else exercise.id))
        finally:
            if not worker.is_cancelled:  # a newer rebuild has posted its own count: leave it shown
                self.post_message(Rebuilding())

    def on_rebuilding(self, message: Rebuilding) -> None:
        count = message.count
        if set(message.exercises) != self._checking:
            self._checking = set(message.exercises)
            self.refresh_view()
        label = self.query_one("#rebuilding", Static)
        label.display = count > 0
        if count:
            label.update(f"[dim]{escape(strings.get('home.rebuilding', self.lang, count=count))}[/dim]")
