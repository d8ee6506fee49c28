"""Home: every chapter and exercise in book order with its status, and overall progress."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.markup import escape
from textual.widgets import Footer, Header, OptionList, Static
from textual.worker import get_current_worker

from workbench import strings
from workbench.messages import ProgressChanged, Rebuilding
from workbench.screens.base import WorkbenchScreen
from workbench.widgets.exercise_list import ExerciseDetails, ExerciseList, ProgressLine


class HomeScreen(WorkbenchScreen):
    BINDINGS = [
        Binding("enter", "open", "Open", id="open"),
        Binding("c", "continue", "Continue", id="continue"),
        Binding("r", "check_all", "Check all", id="check_all"),
    ]
    AUTO_FOCUS = "#exercise-list"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="welcome")
        with Horizontal(id="home-body"):
            yield ExerciseList(id="exercise-list")
            yield ExerciseDetails(id="details")
        yield ProgressLine(id="progress")
        yield Static(id="rebuilding")
        yield Footer(compact=True)

    @property
    def workspace(self):
        return self.app.workspace

    def on_mount(self) -> None:
        self.query_one("#rebuilding").display = False
        exercise_list = self.query_one(ExerciseList)
        self.refresh_view()
        target = self.app.continue_exercise()
        exercise_list.highlight_exercise(target.id)
        self.rebuild_progress()

    def on_screen_resume(self) -> None:
        self.refresh_view()

    def relabel(self, lang: str) -> None:
        self.refresh_view()

    # -- drawing -----------------------------------------------------------------------
    def statuses(self) -> dict[str, str]:
        return {ex.id: self.workspace.status(ex) for ex in self.workspace.catalog}

    def refresh_view(self) -> None:
        lang = self.lang
        statuses = self.statuses()
        self.title = strings.get("app.title", lang)
        self.sub_title = strings.get("home.exercises", lang)
        self.query_one("#welcome", Static).update(f"[dim]{escape(strings.get('home.welcome', lang))}[/dim]")
        exercise_list = self.query_one(ExerciseList)
        exercise_list.border_title = strings.get("home.exercises", lang)
        exercise_list.show(self.workspace.catalog, statuses, lang)
        if exercise_list.highlighted is None:
            exercise_list.highlight_exercise(self.app.continue_exercise().id)
        self.query_one(ProgressLine).show(self.workspace.catalog, statuses, self.app.continue_exercise(), lang)
        self._show_details(statuses)

    def _show_details(self, statuses=None) -> None:
        statuses = statuses or self.statuses()
        option = self.query_one(ExerciseList).highlighted_option
        exercise = self.workspace.catalog[option.id] if option is not None and option.id in self.workspace.catalog else None
        self.query_one(ExerciseDetails).show(self.workspace, exercise, statuses, self.lang)

    @on(OptionList.OptionHighlighted, "#exercise-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_details()

    @on(OptionList.OptionSelected, "#exercise-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id in self.workspace.catalog:
            self.app.open_exercise(event.option.id)

    def on_progress_changed(self, message: ProgressChanged) -> None:
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

    # -- progress rebuilt by grading -------------------------------------------------------
    @work(thread=True, exclusive=True, group="rebuild", exit_on_error=False)
    def rebuild_progress(self, everything: bool = False) -> None:
        """Grade edited files without a recorded verdict (or all edited files, when asked).

        A progress file that was lost or corrupt comes back this way, never as a crash.
        """
        workspace = self.workspace
        progress = workspace.progress()
        todo = [ex for ex in workspace.catalog
                if not workspace.is_untouched(ex) and (everything or ex.id not in progress)]
        if not todo:
            return
        worker = get_current_worker()
        self.post_message(Rebuilding(len(todo)))
        grading = self.app.grading
        try:
            for exercise in todo:
                if worker.is_cancelled:
                    return
                run = grading.new_run(exercise.id)
                grading.run(exercise, run, self.lang, cancelled=lambda: worker.is_cancelled)
                self.post_message(ProgressChanged(exercise.id))
        finally:
            self.post_message(Rebuilding(0))

    def on_rebuilding(self, message: Rebuilding) -> None:
        count = message.count
        label = self.query_one("#rebuilding", Static)
        label.display = count > 0
        if count:
            label.update(f"[dim]{escape(strings.get('home.rebuilding', self.lang, count=count))}[/dim]")
