"""The results panel: the verdict, every check with ✔/✘ and its sentence, and pictures."""

from __future__ import annotations

import os
from typing import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.markup import escape
from textual.widgets import Static

from workbench import strings
from workbench.screens.base import localize_bindings
from workbench.widgets.heatmap import GradientView
from workbench.widgets.instructions import Wrapping
from workbench.widgets.loss_plot import LossPlot

# a check's status: passed, failed, not_implemented, skipped, blocked (not run: the same cause as
# another check), reported (failed, shown but not scored), pending (timed after the verdict),
# checking (not decided yet: the verdict so far, while a run goes on); a status this panel does
# not know yet is drawn with "?" and no colour rather than breaking the panel
MARKS = {"passed": "✔", "failed": "✘", "not_implemented": "…", "skipped": "-", "blocked": "·", "reported": "⚠",
         "pending": "○", "checking": "◌"}
STYLES = {"passed": "$text-success", "failed": "$text-error", "not_implemented": "$text-warning",
          "skipped": "$text-muted", "blocked": "$text-muted", "reported": "$text-warning", "pending": "$text-muted",
          "checking": "$text-muted"}
RUNNING_DELAY = 0.15  # seconds a run goes before the panel says "grading…"
VERDICT_CLASSES = {"-passed", "-failed", "-not_implemented", "-error"}  # the panel's border (app.tcss)


def _update(widget: Static, markup: str, hold: bool = False) -> None:
    """widget.update(markup), arranging the screen again only when the text takes another height
    (a layout arranges every widget of the screen: tens of ms on a busy machine). With `hold`, a
    shorter text keeps the height it had (blank lines below it)."""
    width = widget.content_size.width
    if not width or (widget.styles.width is not None and widget.styles.width.is_auto):
        widget.update(markup)
        return
    def height() -> int:
        return widget.get_content_height(widget.size, widget.app.size, width)

    before = height()
    widget.update(markup, layout=False)
    after = height()
    if hold and after < before:
        widget.update(markup + "\n" * (before - after), layout=False)
        after = height()
    if after != before:
        widget.refresh(layout=True)


def _styled(style: str | None, markup: str) -> str:
    return f"[{style}]{markup}[/]" if style else markup


class CheckRows(Static):
    """One row per check; a row too long for the panel continues under the check's name, not
    under its ✔, so each check stands apart from the next."""

    HANG = 2  # the width of "✔ "

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.wrapping = Wrapping(Content(""), self.HANG)
        self.floor = 0  # lines the rows take at least (show's `hold`)

    @property
    def source(self) -> Content:
        return self.wrapping.text

    def show(self, markup: str, hold: bool = False) -> None:
        """Show these rows. With `hold` (the rows of a run on its way) they take at least the lines
        the rows before them took, so that rows turning from "checking" to decided, or the first
        rows of a run over the last verdict's, are drawn without a layout of the whole screen."""
        width = self.content_size.width
        before = self._height(width)
        self.floor = before if hold and width else 0
        self.wrapping.set(Content.from_markup(markup))
        self.refresh(layout=not width or self._height(width) != before)

    def _height(self, width: int) -> int:
        lines = len(self.wrapping.at(width).plain.split("\n")) if self.source.plain else 0
        return max(lines, self.floor)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._height(width)

    def render(self) -> Content:
        return self.wrapping.at(self.content_size.width)  # the floor's lines below it stay blank


class ResultsPanel(VerticalScroll):
    """Shows one GradeOutcome; redraws in another language without re-grading."""

    # the heatmap shows one tensor at a time, first the one the diagnosis names: these step through the rest
    BINDINGS = [
        Binding("right_square_bracket", "step_tensor(1)", "Next tensor", id="next_tensor"),
        Binding("left_square_bracket", "step_tensor(-1)", "Previous tensor", id="previous_tensor"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._bindings_lang = "en"  # the language of the bindings' descriptions (the footer's)
        self.outcome = None
        self.so_far = None  # the run's verdict so far (GradeResult, some checks "checking"), until its outcome
        self._so_far_due = False  # a redraw of so_far is asked for and not done yet
        self._drawn: list[Callable[[], None]] = []  # called once so_far's redraw is on screen (show_progress)
        self.pictures: list[str] = []
        self.running = False  # a grading run is on its way
        self.unsaved = False  # the editor holds edits not saved (show_unsaved)
        self._note_grading = False  # the unsaved note's line says "grading…" (show_unsaved)
        self._running_timer = None  # shows "grading…" once a run has taken RUNNING_DELAY

    def compose(self) -> ComposeResult:
        yield Static(id="unsaved")
        yield Static(id="running")
        yield Static(id="summary")
        yield CheckRows(id="checks")
        yield GradientView(id="gradients")
        yield LossPlot(id="loss")
        yield Static(id="output")
        yield Static(id="pictures")

    def on_mount(self) -> None:
        self.query_one("#unsaved").display = False
        self.query_one("#running").display = False
        self.set_running(self.running)  # a run asked for before this panel was mounted
        self.redraw()

    # -- state -----------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return getattr(self.app, "lang", "en")  # always the app's: a switch just needs redraw()

    @property
    def verdict(self) -> str | None:
        """passed / failed / not_implemented / error, or None before the first result."""
        if self.outcome is None:
            return None
        return "error" if self.outcome.result is None else self.outcome.result.status

    def set_running(self, running: bool) -> None:
        # an attribute, not a CSS class: a class change restyles every check row, on the thread
        # the grading needs too
        self.running = running
        if self._running_timer is not None:
            self._running_timer.stop()
            self._running_timer = None
        label = self.query_one("#running", Static)
        if running and not label.display and not self._note_grading:
            # a verdict within the delay replaces the last one without a "grading…" line between
            # (a layout of the whole screen, drawn while the grading waits for the GIL)
            self._running_timer = self.set_timer(RUNNING_DELAY, self._show_running)
        elif not running:
            if label.display:
                label.display = False
            if self._note_grading:
                self._note_grading = False
                self._draw_note()

    def _show_running(self) -> None:
        self._running_timer = None
        if self.running and not self._note_grading:
            label = self.query_one("#running", Static)
            label.update(escape(strings.get("ex.grading", self.lang)))
            label.display = True

    def show_outcome(self, outcome) -> None:
        self.outcome = outcome
        self.so_far = None
        self.pictures = []
        self.set_running(False)
        self.redraw()

    def show_progress(self, result, drawn: Callable[[], None] | None = None) -> None:
        """The running run's checks decided so far, the others "checking" (grade's on_rows); drawn
        once per turn of the event loop however many come, and never over the run's outcome.
        `drawn()` is called once the screen has been refreshed with them."""
        self.so_far = result
        if drawn is not None:
            self._drawn.append(drawn)
        if not self._so_far_due:
            self._so_far_due = True
            self.call_later(self._draw_so_far)

    def _draw_so_far(self) -> None:
        self._so_far_due = False
        if self.so_far is not None:
            self.redraw()
        for drawn in self._drawn:
            self.call_after_refresh(drawn)
        self._drawn.clear()

    def show_measured(self, outcome) -> None:
        """The same verdict with its speed checks timed (the pictures and the running state stay)."""
        self.outcome = outcome
        self.redraw()

    def show_unsaved(self, unsaved: bool) -> None:
        """Say (or stop saying) that the editor holds edits these results have not seen. Once they
        are saved and graded, the note's line says "grading…" until the verdict: the results keep
        their place (a note going is a layout of the whole screen, drawn while the grading starts)."""
        self.unsaved = unsaved
        if unsaved:
            self._note_grading = False
        elif self.query_one("#unsaved", Static).display and self.running \
                and not self.query_one("#running", Static).display:
            self._note_grading = True
            if self._running_timer is not None:
                self._running_timer.stop()
                self._running_timer = None
        self._draw_note()

    def _draw_note(self) -> None:
        """The #unsaved line: the unsaved note, "grading…" in its place, or nothing."""
        note = self.query_one("#unsaved", Static)
        shown = self.unsaved or self._note_grading
        if note.display != shown:
            note.display = shown
        if self.unsaved:
            _update(note, escape(strings.get("ex.unsaved_note", self.lang)))
        elif self._note_grading:
            _update(note, f"[b $text-accent]{escape(strings.get('ex.grading', self.lang))}[/]", hold=True)

    def action_step_tensor(self, by: int) -> None:
        self.query_one(GradientView).step(by)

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "step_tensor":  # only while a heatmap has another tensor to show
            view = self.query_one(GradientView)
            return bool(view.display and view.count > 1)
        return True

    def show_pictures(self, paths: list[str]) -> None:
        self.pictures = list(paths)
        self._draw_pictures()

    # -- drawing -----------------------------------------------------------------------
    def redraw(self) -> None:
        lang = self.lang
        if lang != self._bindings_lang:
            localize_bindings(self, lang)
            self._bindings_lang = lang
        if self.query_one("#running", Static).display:
            self._show_running()  # in the language of now
        self._draw_note()  # in the language of now
        summary = self.query_one("#summary", Static)
        outcome = self.outcome
        self._show_verdict_class()
        if self.so_far is not None:  # the rows of a run on its way: the pictures and plots wait for its end
            _update(summary, f"[b]{escape(self.so_far.summary().render(lang))}[/]", hold=True)
            self.query_one("#checks", CheckRows).show(self._rows(self.so_far, lang), hold=True)
            return
        if outcome is None:
            summary.update(escape(strings.get("ex.not_graded", lang)))
            self._clear()
            return
        result = outcome.result
        if result is None:
            summary.update(f"[$text-error]✘ {escape(strings.get('ex.grader_error', lang, error=outcome.error))}[/]")
            self._clear()
            return
        style = STYLES.get(result.status, "$text-error")
        lines = [f"[b {style}]{MARKS.get(result.status, '✘')} {escape(result.summary().render(lang))}[/]"]
        if result.passed:
            lines.append(escape(strings.get("ex.passed_next", lang)))
        elif result.status == "not_implemented":
            lines.append(f"[dim]{escape(strings.get('ex.how_to_start', lang))}[/dim]")
        _update(summary, "\n".join(lines))
        self.query_one("#checks", CheckRows).show(self._rows(result, lang))
        self.query_one(GradientView).show(result, lang)
        self.refresh_bindings()  # the tensor keys: shown while the heatmap has several tensors
        self.query_one(LossPlot).show(result, lang)
        output = self.query_one("#output", Static)
        printed = result.output.strip()
        output.display = bool(printed)
        if printed:
            tail = "\n".join(printed[-2000:].splitlines()[-20:])
            output.update(f"[b]{escape(strings.get('ex.output', lang))}[/b]\n{escape(tail)}")
        self._draw_pictures()

    @staticmethod
    def _rows(result, lang: str) -> str:
        rows = []
        for check in result.checks:
            mark = MARKS.get(check.status, "?")
            body = escape(check.text(lang)).replace("\n", "\n    ")
            name = escape(strings.check_name(check, lang))
            rows.append(f"{_styled(STYLES.get(check.status), f'{mark} [b]{name}[/b]')}  {body}")
        for note in getattr(result, "notes", None) or ():  # said once, below the checks (a grader's remark)
            rows.append(f"[dim]ℹ {escape(note.render(lang))}[/dim]")
        return "\n".join(rows)

    def _show_verdict_class(self) -> None:
        """`-passed`, `-failed`, … (the border's colour) swapped in one restyle: each class change
        restyles every widget in the panel."""
        wanted = {f"-{self.verdict}"} if self.verdict is not None else set()
        current = set(self.classes) & VERDICT_CLASSES
        if current == wanted:
            return
        self.remove_class(*current - wanted, update=not wanted)
        if wanted:
            self.add_class(*wanted)

    def _clear(self) -> None:
        """Everything below the summary emptied: no result to show."""
        self.query_one("#checks", CheckRows).show("")
        self.query_one(GradientView).show(None, self.lang)
        self.query_one(LossPlot).show(None, self.lang)
        self.query_one("#output", Static).display = False
        self._draw_pictures()

    def _draw_pictures(self) -> None:
        pictures = self.query_one("#pictures", Static)
        pictures.display = bool(self.pictures)
        if self.pictures:
            # the folder once (where a file manager or an image viewer must look), then the names
            folder = os.path.dirname(self.pictures[0])
            names = ", ".join(os.path.basename(p) if os.path.dirname(p) == folder else p for p in self.pictures)
            said = strings.get("ex.pictures", self.lang, folder=(folder or ".") + os.sep, paths=names)
            pictures.update(f"[dim]{escape(said)}[/dim]")

    def plain_text(self) -> str:
        """What the panel says, as text (tests and benchmarks read it)."""
        parts = []
        for widget in self.query(Static):
            if widget.display and not isinstance(widget, GradientView):
                parts.append(widget.source.plain if isinstance(widget, CheckRows) else str(widget.render()))
        return "\n".join(parts)

