"""The gradient picture (issue 18, items 3 and 4): the tensor the diagnosis names first, its gate
blocks marked, the others a key away; every PNG title whole."""

from __future__ import annotations

import dataclasses
import functools

import numpy
from rich.console import Console

from autograder.figures import GradientErrors
from autograder.grader import grade
from mutants import mutated_source
from submission_cases import MUTANTS
from workbench import plots, strings
from workbench.app import WorkbenchApp
from workbench.widgets.heatmap import GradientView

from .conftest import SIZE, solution_text, wait_for
from .test_pilot import open_exercise, results


def mutant_text(exercise: str, name: str) -> str:
    return mutated_source(next(m for m in MUTANTS if m.exercise == exercise and m.name == name))


@functools.cache
def graded(exercise: str, name: str, folder: str):
    from pathlib import Path

    path = Path(folder) / f"{exercise}_{name}.py"
    path.write_text(solution_text(exercise) if name == "reference" else mutant_text(exercise, name))
    return grade(exercise, path)


def test_a_wrong_gate_is_drawn_in_dwx_with_the_gates_marked(tmp_path):
    result = graded("lstm", "bad_input_gate", str(tmp_path))
    backward = next(c for c in result.checks if c.kind == "backward")
    assert backward.details["blocks"]["tensors"][0] == "dWx"
    assert backward.details["blocks"]["labels"] == ["f", "g", "i", "o"] and backward.details["blocks"]["wrong"] == [2]
    gradcheck = next(c for c in result.checks if c.kind == "gradcheck")
    # every tensor is measured, not only the first wrong one (dx): dWx's map is there to draw
    assert {"dx", "dWx", "dWh", "db"} <= set(gradcheck.figure(GradientErrors).maps)
    assert set(gradcheck.details["wrong"]) == {"dx", "dh_prev", "dWx", "dWh", "db"}
    entries = plots.tensor_maps(result)
    first = entries[0]
    assert first.tensor == "dWx" and first.wrong
    assert first.blocks.labels == ["f", "g", "i", "o"] and first.blocks.wrong == {2}
    # the map shows the bug: the input gate's columns are wrong, the other gates' are right
    H = first.error_map.shape[1] // 4
    gate_i, others = first.error_map[:, 2 * H:3 * H], numpy.delete(first.error_map, numpy.s_[2 * H:3 * H], axis=1)
    assert numpy.nanmax(gate_i) > 1e-4 and numpy.nanmax(others) < 1e-6

    figure = plots.gradient_figure(result)
    figure.canvas.draw()
    top_left = figure.axes[0]
    assert "dWx" in top_left.get_title()
    labels = {t.get_text(): t for t in top_left.texts}
    assert set(labels) == {"f", "g", "i", "o"}
    assert labels["i"].get_color() != labels["f"].get_color()  # the wrong gate stands out
    assert len(top_left.lines) == 3  # the lines between the four gates


def test_the_output_gate_is_marked_too(tmp_path):
    entries = plots.tensor_maps(graded("lstm", "bad_output_gate", str(tmp_path)))
    assert entries[0].tensor == "dWx" and entries[0].blocks.wrong == {3}


async def test_the_heatmap_shows_dwx_first_and_steps_through_the_others(workspace):
    workspace.file_for("lstm").write_text(mutant_text("lstm", "bad_input_gate"), encoding="utf-8")
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        await open_exercise(app, pilot, "lstm")
        await wait_for(pilot, lambda: results(app).verdict == "failed")
        view = app.screen.query_one(GradientView)
        assert view.display and view.shown_tensor == "dWx"
        drawn = _text(view)
        assert "LSTM.dWx (4, 20)" in drawn and "i ✘" in drawn and "tensor 1 of 6" in drawn
        results(app).focus()
        await pilot.press("right_square_bracket")
        assert view.shown_tensor == "dWh" and "tensor 2 of 6" in _text(view)
        timed = dataclasses.replace(results(app).outcome, result=dataclasses.replace(results(app).outcome.result))
        results(app).show_measured(timed)  # the speed timing arriving later: a new result, the same tensors
        assert view.shown_tensor == "dWh"  # the learner's place is kept
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert view.shown_tensor == "dc_prev"  # around to the last
        app.action_switch_language()
        await wait_for(pilot, lambda: "第 6/6 个张量" in _text(view))  # the same tensor, in Chinese
        footer = [b.description for b in results(app)._bindings.key_to_bindings["right_square_bracket"]]
        assert footer == [strings.get("bind.next_tensor", "zh")]


def _text(view) -> str:
    console = Console(width=120, record=True, file=open("/dev/null", "w"))
    console.print(view.content if hasattr(view, "content") else view.renderable)
    return console.export_text()


# -- 4: every PNG title fits its picture ----------------------------------------------------------
def _titles_fit(figure):
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    width = figure.bbox.width
    texts = [figure._suptitle] + [ax.title for ax in figure.axes]
    for text in texts:
        if text is None or not text.get_text():
            continue
        box = text.get_window_extent(renderer)
        assert box.x0 >= 0 and box.x1 <= width, (text.get_text(), box, width)
        ax = next((a for a in figure.axes if a.title is text), None)
        if ax is not None:  # a subplot's title stays over its own subplot, not its neighbour's
            neighbours = [a for a in figure.axes if a is not ax and a.get_position().y0 == ax.get_position().y0]
            for other in neighbours:
                inner = other.get_window_extent(renderer)
                assert box.x1 <= inner.x0 or box.x0 >= inner.x1, (text.get_text(), box, inner)


def test_png_titles_of_a_long_layer_name_are_wrapped_not_clipped(tmp_path):
    result = graded("time_lstm", "reference", str(tmp_path))
    entries = plots.tensor_maps(result)
    assert any("carried over" in e.layer for e in entries)  # the name that was cut before
    figure = plots.gradient_figure(result)
    _titles_fit(figure)
    shown = " ".join(ax.get_title() for ax in figure.axes).split()
    assert "dxs" in shown and "call)" in shown  # every word is there, only the lines broken


def test_wrap_title_breaks_at_spaces_and_counts_wide_characters_twice():
    assert plots.wrap_title("a b c", 10, 8) == "a b c"
    wrapped = plots.wrap_title("TimeLSTM (h and c carried over from the previous call) dxs", 2.0, 8)
    assert max(len(line) for line in wrapped.split("\n")) <= int(2.0 * 72 / (8 * 0.62))
    assert wrapped.split() == "TimeLSTM (h and c carried over from the previous call) dxs".split()
    chinese = plots.wrap_title("时间 LSTM（沿用上一次调用的 h 和 c） dxs 梯度", 1.5, 8)
    assert len(chinese.split("\n")) > 1
