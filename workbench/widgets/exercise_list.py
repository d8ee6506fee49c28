"""The home screen's parts: chapters and exercises in book order, details, progress."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.markup import escape
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from workbench import strings
from workbench.widgets.instructions import wrap_code

# "checking": the file changed since its verdict, which is being graded again (drawn, never stored)
MARKS = {"not_started": "·", "not_implemented": "·", "failed": "✘", "passed": "✔", "checking": "…"}
STYLES = {"not_started": "$text-muted", "not_implemented": "$text-muted", "failed": "$text-error",
          "passed": "$text-success", "checking": "$text-warning"}


def chapter_name(number: int, lang: str) -> str:
    key = f"chapter.{number}"
    return strings.get(key, lang) if key in strings.STRINGS else strings.get("chapter.other", lang, n=number)


def bar(done: int, total: int, width: int = 10) -> str:
    filled = round(width * done / total) if total else 0
    return "▰" * filled + "▱" * (width - filled)


TITLE_COLUMN = 36  # "  · not started  nodes              " — where an exercise's title begins


class ExerciseList(OptionList):
    """One disabled row per chapter (with its progress), one row per exercise.

    A row too long for the list continues under its title (an exercise) or indented (a
    chapter), not at the left edge where the next row's status would be expected.
    """

    _shown: tuple | None = None

    def _wrapped(self, markup: str, hang: int):
        padding = self.get_component_styles("option-list--option").padding.width
        width = self.scrollable_content_region.width - padding - 1  # a cell for the gutter
        return wrap_code(Content.from_markup(markup), width, hang, most=0.7) if width >= 24 else markup

    def on_resize(self) -> None:
        if self._shown is not None:
            self.show(*self._shown)

    def show(self, catalog, statuses: dict[str, str], lang: str) -> None:
        self._shown = (catalog, statuses, lang)
        highlighted = self.highlighted_option.id if self.highlighted_option is not None else None
        options: list[Option | None] = []
        chapters = catalog.chapters()
        for number, exercises in chapters.items():
            passed = sum(statuses.get(ex.id) == "passed" for ex in exercises)
            header = (f"[b]{escape(strings.get('home.chapter', lang, n=number, name=chapter_name(number, lang)))}[/b]"
                      f"   {bar(passed, len(exercises))} "
                      f"{escape(strings.get('home.chapter_progress', lang, passed=passed, total=len(exercises)))}")
            options.append(Option(self._wrapped(header, 2), id=f"chapter-{number}", disabled=True))
            for ex in exercises:
                status = statuses.get(ex.id, "not_started")
                label = strings.get("status." + status, lang)
                label += " " * max(0, 12 - cell_len(label))
                row = (f"  [{STYLES[status]}]{MARKS[status]} {escape(label)}[/] {escape(ex.id):<18} "
                       f"[dim]{escape(ex.title_in(lang))}[/dim]")
                options.append(Option(self._wrapped(row, TITLE_COLUMN - 2), id=ex.id))
        self.clear_options()
        self.add_options(options)
        if highlighted is not None:
            self.highlight_exercise(highlighted)

    def highlight_exercise(self, exercise_id: str) -> None:
        try:
            self.highlighted = self.get_option_index(exercise_id)
        except Exception:
            pass


class ExerciseDetails(Static):
    def show(self, workspace, exercise, statuses: dict[str, str], progress: dict, lang: str) -> None:
        self.border_title = strings.get("home.details", lang)
        if exercise is None:
            self.update("")
            return
        status = statuses.get(exercise.id, "not_started")
        entry = progress.get(exercise.id, {})
        label = lambda key: escape(strings.get(key, lang))  # noqa: E731
        lines = [
            f"[b]{escape(exercise.title_in(lang))}[/b]",
            f"[dim]{escape(exercise.id)} · {escape(strings.get('home.chapter', lang, n=exercise.chapter, name=chapter_name(exercise.chapter, lang)))}[/dim]",
            "",
            f"{label('home.status')}: [{STYLES[status]}]{MARKS[status]} {escape(strings.get('status.' + status, lang))}[/]",
        ]
        if status not in ("not_started", "checking") and entry:
            lines.append(f"{label('home.score')}: {entry.get('score', 0):g}/{entry.get('max_score', exercise.points):g}")
            lines.append(f"{label('home.checks')}: {entry.get('passed_checks', 0)}/{entry.get('total_checks', 0)}")
        lines.append(f"{label('home.hints')}: {workspace.hints_shown(exercise)}/{len(exercise.hints)}")
        if exercise.depends:
            lines.append(f"{label('home.depends')}: {escape(', '.join(exercise.depends))}")
        lines.append(f"{label('home.file')}: {escape(exercise.module)}")
        lines += ["", f"[dim]{label('home.open')}[/dim]"]
        self.update("\n".join(lines))


class ProgressLine(Static):
    def show(self, catalog, statuses: dict[str, str], continue_with, lang: str) -> None:
        total = len(catalog)
        passed = sum(s == "passed" for s in statuses.values())
        percent = round(100 * passed / total) if total else 0
        lines = [f"{bar(passed, total, 20)}  {escape(strings.get('home.overall', lang, passed=passed, total=total, percent=percent))}"]
        if passed == total:
            lines.append(f"[$text-success]{escape(strings.get('home.all_done', lang))}[/]")
        elif continue_with is not None:
            lines.append(f"[b]▶[/b] {escape(strings.get('home.continue', lang, title=continue_with.title_in(lang), id=continue_with.id))}")
        self.update("\n".join(lines))
