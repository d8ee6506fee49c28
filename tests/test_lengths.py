"""One instance called at two sequence lengths (`lengths`, the `again` step), and the keyword names of the book's calls.

The graded mutants (tests/submission_cases.py: time_lstm/bad_cells_built_once, time_dropout/bad_mask_built_once,
two_layer_net/bad_renamed_args, optimizers/bad_sgd_renamed_lr) prove the checks fail on real files; these
tests pin down the messages no graded file reaches and the plan's part.
"""

import numpy as np
import pytest

from autograder import presets
from autograder.catalog import Exercise, Probe, Symbol, load_catalog
from autograder.checks import Item
from autograder.checks.lengths import Lengths
from autograder.loads import _symbol_problems
from autograder.plan import build_plan


def _exercise(probe_spec):
    return Exercise(id="scratch", chapter=99, title={"en": "scratch", "zh": "草稿"}, module="ch99/scratch.py",
                    symbols=(Symbol.parse("class TimeScale(k)"),), depends=(), points=10, timeout=10, hints=(),
                    probes=(Probe("layer", "TimeScale", probe_spec),))


SPEC = {"init": [2.0], "forward": ["randn(N,T,D)"], "dout": "randn(N,T,D)", "lengths": [{"T": 7}],
        "sizes": [{"N": 2, "T": 3, "D": 4}]}


def test_a_layer_probe_with_lengths_draws_its_values_again_at_those_sizes_and_adds_the_check():
    exercise = _exercise(SPEC)
    assert [c.check for c in exercise.probes[0].checks][-2:] == ["lengths", "precision"]
    item, = build_plan(exercise)
    again, = [s for s in item["steps"] if s["op"] == "again"]
    assert again["args"][0].shape == (2, 7, 4) and again["douts"][0].shape == (2, 7, 4)
    first = next(s for s in item["steps"] if s.get("as") == "out")
    assert first["args"][0].shape == (2, 3, 4)


def test_an_again_step_repeats_the_forward_and_backward_before_it_and_needs_one():
    steps, _ = presets.expand("steps", {"steps": [{"new": []}, {"forward": ["x"]}, {"backward": ["d"]},
                                                  {"again": {"T": 9}, "as": "longer"}], "checks": ["lengths"]})
    assert steps[-1] == {"op": "again", "sizes": {"T": 9}, "as": "longer", "args": ["x"], "douts": ["d"]}
    with pytest.raises(presets.PresetError, match="after a forward"):
        presets.expand("steps", {"steps": [{"new": []}, {"again": {"T": 9}}], "checks": ["lengths"]})


def _item(got, want_extra=None):
    exercise = _exercise(SPEC)
    plan, = build_plan(exercise)
    out, longer = np.ones((2, 3, 4)), np.ones((2, 7, 4))
    want = {"out": out, "dx": out, "grads": [], "out.params": ["xs"], "length1.out": longer, "length1.dx": longer,
            "length1.grads": [], **(want_extra or {})}
    return exercise, Item(plan, {"out": out, **got}, want)


def test_a_different_value_at_the_second_length_is_named_with_both_lengths():
    exercise, item = _item({"length1.out": np.ones((2, 7, 4)), "length1.dx": np.full((2, 7, 4), 3.0),
                            "length1.grads": []})
    result = Lengths(exercise, exercise.probes[0]).run([item])
    assert not result.passed
    assert "after a call with T=3, the same instance at T=7: dxs" in result.text("en")
    assert "同一个实例在 T=7 时" in result.text("zh")
    shapes_only = Lengths(exercise, exercise.probes[0], {"compare": False}).run([item])
    assert shapes_only.passed and "T=7" in shapes_only.text()


def test_a_wrong_shape_at_the_second_length_fails_even_when_values_are_not_compared():
    exercise, item = _item({"length1.out": np.ones((2, 3, 4)), "length1.dx": np.ones((2, 7, 4)),
                            "length1.grads": []})
    result = Lengths(exercise, exercise.probes[0], {"compare": False}).run([item])
    assert not result.passed and "(2, 3, 4)" in result.text()


def test_an_error_outside_the_learners_lines_still_says_where_and_at_which_length():
    error = {"type": "ValueError", "message": "bad shape", "step": "TimeScale.forward", "line": None, "code": None,
             "not_implemented": False}
    exercise, item = _item({"length1.error": error})
    result = Lengths(exercise, exercise.probes[0]).run([item])
    assert "TimeScale ran for T=3, then on the same instance raised ValueError at T=7 (in TimeScale.forward" \
        in result.text("en")
    assert "T=7 时抛出了 ValueError" in result.text("zh")


def test_keywords_bind_to_a_parameter_of_that_name_or_to_kwargs_only():
    symbol = load_catalog()["two_layer_net"].symbol("TwoLayerNet")
    as_book = [["input_size", "POSITIONAL_OR_KEYWORD", False], ["hidden_size", "POSITIONAL_OR_KEYWORD", False],
               ["output_size", "POSITIONAL_OR_KEYWORD", False]]
    assert _symbol_problems(symbol, {"kind": "class", "params": as_book}, []) == []
    kwargs = [["input_size", "POSITIONAL_OR_KEYWORD", False], ["hidden", "POSITIONAL_OR_KEYWORD", False],
              ["out", "POSITIONAL_OR_KEYWORD", False], ["rest", "VAR_KEYWORD", False]]
    assert _symbol_problems(symbol, {"kind": "class", "params": kwargs}, []) == []
    renamed = [["in_size", "POSITIONAL_OR_KEYWORD", False]] + as_book[1:]
    problem, = _symbol_problems(symbol, {"kind": "class", "params": renamed}, [])
    assert problem.key == "loads.keywords"


def test_a_value_already_wrong_at_the_first_length_is_left_to_backward_not_blamed_on_the_second_call():
    # dh not carried back in time: dxs is wrong at every length; the second call reuses nothing
    exercise, item = _item({"dx": np.full((2, 3, 4), 3.0), "length1.out": np.ones((2, 7, 4)),
                            "length1.dx": np.full((2, 7, 4), 3.0), "length1.grads": []})
    result = Lengths(exercise, exercise.probes[0]).run([item])
    assert result.passed
    assert "runs again at T=7 and is right there except dxs, which is wrong at the first sizes already" in result.text("en")
    assert "dxs 在第一组尺寸下就已经是错的" in result.text("zh")
    # a value right at the first length and wrong at the second is still named
    exercise, item = _item({"dx": np.ones((2, 3, 4)), "length1.out": np.full((2, 7, 4), 2.0),
                            "length1.dx": np.ones((2, 7, 4)), "length1.grads": []})
    assert not Lengths(exercise, exercise.probes[0]).run([item]).passed
