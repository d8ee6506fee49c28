"""A learner's first hour (issue 7): what got in a new user's way, each fixed and kept fixed."""

from __future__ import annotations

import re

import numpy
from textual.content import Content
from textual.widgets._markdown import MarkdownFence

from autograder.grader import grade
from autograder.stubs import make_stub
from workbench import cjk, plots, strings
from workbench.app import WorkbenchApp
from workbench.screens.help import HelpScreen
from workbench.widgets.hints import HintPanel
from workbench.widgets.instructions import wrap_code

from .conftest import solution_text, wait_for
from .test_pilot import open_exercise, results

WIDE = (140, 45)
NARROW = (100, 45)


# -- 2: instruction code blocks fit the pane; formulas are text ----------------------------------------
async def test_code_blocks_wrap_inside_the_instructions_pane(workspace):
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_exercise(app, pilot, "affine")
        await pilot.pause()
        fences = list(screen.query(MarkdownFence))
        assert fences
        for fence in fences:
            code = fence.query_one("#code-content")
            # nothing drawn past the pane's right edge, where no scrollbar would show it
            assert code.region.right <= fence.content_region.right, (code.region, fence.content_region)
        source = "".join(fence.code for fence in fences).split()
        shown = "".join(str(fence.query_one("#code-content").render()) for fence in fences).split()
        assert shown == source  # every word still there, only the lines are broken
        assert "[zeros_like(W)]" in shown


async def test_formula_blocks_are_plain_text_not_python(workspace):
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_exercise(app, pilot, "affine")
        await pilot.pause()
        formulas = [f for f in screen.query(MarkdownFence) if "dW = xᵀ · dout" in f.code]
        assert formulas and not formulas[0].lexer
        styles = {span.style for span in formulas[0]._highlighted_code.spans}
        assert not any("error" in str(style) for style in styles), styles  # `·` is no error token
        assert len(styles) <= 1  # one colour: nothing is guessed to be a keyword or a string


def test_a_wrapped_code_line_continues_indented_under_itself():
    wrapped = wrap_code(Content("    def __init__(self, W): ...       # params = [W], grads = [zeros_like(W)]"), 40)
    lines = wrapped.plain.split("\n")
    assert max(len(line) for line in lines) <= 40 and len(lines) == 3
    assert all(line.startswith("        ") for line in lines[1:])  # 4 deeper than the line's own indent
    assert " ".join(" ".join(lines).split()) == "def __init__(self, W): ... # params = [W], grads = [zeros_like(W)]"


# -- 6: Chinese ---------------------------------------------------------------------------------------
async def test_check_names_are_in_chinese(workspace):
    app = WorkbenchApp(workspace, "zh")
    async with app.run_test(size=WIDE) as pilot:
        await open_exercise(app, pilot, "affine")
        await wait_for(pilot, lambda: results(app).verdict == "not_implemented")
        text = results(app).plain_text()
        result = results(app).outcome.result
        for check in result.checks:
            assert strings.check_name(check, "zh") in text
        if hasattr(result.checks[0], "display_name"):  # the grader names its checks in Chinese
            assert "正向传播: Affine" in text and "forward: Affine" not in text


def test_a_check_name_falls_back_to_the_plain_name():
    class OldCheck:  # a grader without display_name
        name = "forward: Affine"

    class BrokenCheck:
        name = "forward: Affine"

        def display_name(self, lang):
            raise KeyError(lang)

    assert strings.check_name(OldCheck(), "zh") == strings.check_name(BrokenCheck(), "zh") == "forward: Affine"


HINT = ("在 forward 中保存 x。偏置加到了批次的每一行上，所以它的梯度要汇总每一行的 dout：沿 axis 0 求和。"
        "用 [...] 把梯度写进已有数组，而不是重新绑定列表元素。")


def lines_of(text: str, width: int) -> list[str]:
    return [str(line) for line in Content(text).wrap(width)]


def test_chinese_lines_never_break_before_closing_or_after_opening_punctuation():
    cjk.install()  # what the app does when it is made
    for width in range(12, 61):
        lines = lines_of(HINT, width)
        assert "".join(lines).replace(" ", "") == HINT.replace(" ", "")
        for line in lines:
            assert line.strip()[0] not in cjk.NO_START, (width, lines)
            assert line.strip()[-1] not in cjk.NO_END, (width, lines)
        assert all(len(line) <= width for line in lines)
    assert lines_of("在 forward 中保存 x。偏置", 16) == ["在 forward 中保", "存 x。偏置"]  # "x。" stays together


def test_latin_text_is_wrapped_as_before():
    cjk.install()
    text = "Keep x from forward. The bias is added to every row of the batch, so its gradient sums dout."
    from rich._wrap import re_word

    assert [w for _, _, w in cjk.words(text)] == re_word.findall(text)


async def test_chinese_hints_wrap_by_the_chinese_rules_in_the_app(workspace, monkeypatch):
    from rich import _wrap

    cjk.install()
    monkeypatch.setattr(_wrap, "words", cjk.rich_words)  # as Rich comes: the app must put the Chinese rules in
    monkeypatch.setattr(cjk, "_installed", False)
    app = WorkbenchApp(workspace, "zh")
    assert _wrap.words is cjk.words
    async with app.run_test(size=NARROW) as pilot:
        screen = await open_exercise(app, pilot, "affine")
        for _ in workspace.catalog["affine"].hints:
            await pilot.press("h")
        await pilot.pause()
        panel = screen.query_one(HintPanel)
        drawn = [str(line) for line in panel.render().wrap(panel.content_size.width)]  # as the panel draws it
        assert any("，" in line for line in drawn)
        for line in drawn:
            stripped = line.strip()
            if stripped:
                assert stripped[0] not in cjk.NO_START, drawn


def test_a_chinese_workspace_opens_on_chinese_starting_files(tmp_path):
    from workbench.workspace import init_workspace

    workspace, _ = init_workspace(tmp_path / "ws", lang="zh")
    text = workspace.file_for("affine").read_text(encoding="utf-8")
    assert text == make_stub(solution_text("affine"), "zh") and "YOUR CODE HERE" in text and "在这里写你的代码" in text


# -- 4: take the file from disk -------------------------------------------------------------------------
async def test_reload_from_disk_discards_the_edits_here_into_a_backup(workspace):
    path = workspace.file_for("affine")
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_exercise(app, pilot, "affine")
        await wait_for(pilot, lambda: results(app).verdict == "not_implemented")
        await pilot.press("e", "tab")  # the stray Tab: the editor now differs from the file
        assert screen.dirty and "modified" in screen.editor.border_title
        stray = screen.editor.text
        assert "unsaved edits" in results(app).plain_text()
        path.write_text(solution_text("affine"), encoding="utf-8")  # the fix, saved from another editor
        await wait_for(pilot, lambda: results(app).verdict == "passed")
        assert screen.editor.text == stray  # kept, not overwritten …
        assert "differs from the file on disk" in screen.editor.border_title  # … and it says so
        assert screen.editor.has_class("-conflict")
        await pilot.press("ctrl+o")  # in the editor still: a priority key
        assert screen.editor.text == solution_text("affine") and not screen.dirty
        assert "saved" in screen.editor.border_title and not screen.editor.has_class("-conflict")
        assert "unsaved edits" not in results(app).plain_text()
        kept = list((workspace.state_dir / "backups").glob("affine.*.unsaved.py"))
        assert [k.read_text(encoding="utf-8") for k in kept] == [stray]
        assert any("Took ch01/affine.py from disk" in n.message for n in app._notifications)
        assert path.read_text(encoding="utf-8") == solution_text("affine")


async def test_reload_is_in_the_palette_and_the_help(workspace):
    app = WorkbenchApp(workspace, "zh")
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_exercise(app, pilot, "affine")
        commands = [command.title for command in app.get_system_commands(screen)]
        assert strings.get("bind.reload", "zh") in commands
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        from .test_pilot import help_text

        page = help_text(app)
        assert "^o" in page and strings.get("help.reload", "zh")[:8] in page


# -- 7: a one-row tensor's heatmap has whole-number ticks ----------------------------------------------------
def test_the_heatmap_of_a_one_row_tensor_has_integer_ticks(tmp_path):
    solution = tmp_path / "affine.py"
    solution.write_text(solution_text("affine"))
    result = grade("affine", solution)
    figure = plots.gradient_figure(result)
    assert figure is not None
    figure.canvas.draw()
    maps = {tuple(numpy.asarray(m).shape) for _, errors in plots.gradient_errors(result) for m in errors.maps.values()}
    assert any(len(shape) == 1 or shape[0] == 1 for shape in maps)  # db (H,) is drawn as one row
    for ax in figure.axes:
        if not ax.images:
            continue  # a colour bar
        for axis, (low, high) in ((ax.yaxis, sorted(ax.get_ylim())), (ax.xaxis, sorted(ax.get_xlim()))):
            shown = [t for t in axis.get_majorticklocs() if low <= t <= high]
            assert shown and all(float(t).is_integer() for t in shown), (ax.get_title(), shown)


def test_pictures_are_still_written(tmp_path):
    solution = tmp_path / "affine.py"
    solution.write_text(solution_text("affine"))
    paths = plots.save_pictures(grade("affine", solution), tmp_path / "plots")
    assert [p.name for p in paths] == ["affine-gradcheck.png"] and re.match(rb"\x89PNG", paths[0].read_bytes())


# -- every check status the grader gives (blocked, reported, …) is drawn, an unknown one too ----------------
async def test_every_check_status_is_drawn_and_an_unknown_one_breaks_nothing(workspace):
    from autograder.checks import CheckResult
    from autograder.grader import GradeResult
    from workbench.grading import GradeOutcome

    class Said:  # a message as the grader renders one, brackets included
        def __init__(self, text):
            self.text = text

        def render(self, lang="en"):
            return self.text

    statuses = ["passed", "failed", "not_implemented", "skipped", "blocked", "reported", "frobnicated"]
    checks = [CheckResult(f"{status}: Affine", status == "passed", Said(f"[{status}] said"), status)
              for status in statuses]
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=WIDE) as pilot:
        await open_exercise(app, pilot, "affine")
        await wait_for(pilot, lambda: results(app).verdict is not None)
        results(app).show_outcome(GradeOutcome("affine", GradeResult("affine", checks, 10.0), None))
        await pilot.pause()
        text = results(app).plain_text()
        for status in statuses:
            assert f"[{status}] said" in text
        assert "⚠ reported: Affine" in text and "? frobnicated: Affine" in text
        assert app.is_running


def test_a_line_break_between_chinese_characters_is_no_space():
    from workbench.widgets.instructions import join_chinese_lines

    source = "每个输出神经元都是所有输入的\n加权和。\n\nEnglish text\nstays as it is.\n\n```\n公式\n第二行\n```\n- 列表\n- 第二项\n"
    assert join_chinese_lines(source) == ("每个输出神经元都是所有输入的加权和。\n\nEnglish text\nstays as it is.\n\n"
                                          "```\n公式\n第二行\n```\n- 列表\n- 第二项\n")


async def test_chinese_instructions_have_no_space_where_a_line_was_broken(workspace):
    app = WorkbenchApp(workspace, "zh")
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_exercise(app, pilot, "affine")
        await pilot.pause()
        from workbench.widgets.instructions import Instructions

        shown = screen.query_one(Instructions).source
        assert "所有输入的加权和" in shown and "所有输入的\n加权和" not in shown


async def test_a_long_check_row_continues_under_the_checks_name(workspace):
    from workbench.widgets.results import MARKS, CheckRows

    workspace.file_for("affine").write_text(solution_text("affine").replace("np.sum(dout, axis=0)", "dout[0]"))
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=NARROW) as pilot:
        screen = await open_exercise(app, pilot, "affine")
        await wait_for(pilot, lambda: results(app).verdict == "failed")
        await pilot.pause()
        rows = screen.query_one(CheckRows)
        lines = str(rows.render()).split("\n")
        width = rows.content_size.width
        assert len(lines) > len(results(app).outcome.result.checks)  # some rows did not fit on one line
        assert all(len(line) <= width for line in lines)
        for line in lines:
            assert line[:1] in (*MARKS.values(), "ℹ") or line.startswith("  "), line  # ℹ: a note of the grader
        assert rows.outer_size.height >= len(lines)  # and the widget is as tall as its wrapped rows


async def test_a_long_exercise_row_on_home_continues_under_its_title(workspace):
    from workbench.screens.home import HomeScreen
    from workbench.widgets.exercise_list import TITLE_COLUMN, ExerciseList

    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=(90, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.pause()
        listing = app.screen.query_one(ExerciseList)
        wrapped = 0
        for index in range(listing.option_count):
            option = listing.get_option_at_index(index)
            lines = str(option.prompt).split("\n")
            if option.id in workspace.catalog:
                for line in lines[1:]:
                    wrapped += 1
                    assert line[:TITLE_COLUMN].strip() == "" and line[TITLE_COLUMN:TITLE_COLUMN + 1].strip(), line
        assert wrapped  # at 90 columns some titles do not fit on their row
