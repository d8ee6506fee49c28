"""What a result draws is typed (autograder.figures), on the result, not in a check's details."""

from __future__ import annotations

import numpy
import pytest

from autograder.catalog import load_catalog
from autograder.figures import AttentionMap, Curve, GradientErrors
from autograder.grader import grade
from mutants import build
from submission_cases import MUTANT_OF
from workbench import plots


def test_the_gradient_check_draws_its_errors_per_tensor():
    result = grade("affine", load_catalog()["affine"].solution_path)
    gradcheck = next(c for c in result.checks if c.kind == "gradcheck")
    errors = gradcheck.figure(GradientErrors)
    assert set(errors.maps) <= set(errors.errors) and "dW" in errors.maps
    assert all(e < 1e-6 for e in errors.errors.values())
    assert not {"maps", "errors"} & set(gradcheck.details)  # details keep bookkeeping only
    with pytest.raises(TypeError):
        errors.maps["dW"] = numpy.zeros(1)  # read-only: a new value is errors.with_tensor(...)
    shown = next(c for c in result.to_json()["checks"] if c["kind"] == "gradcheck")
    assert shown["errors"] == dict(errors.errors)
    assert set(errors.maps) <= {row.tensor for row in plots.gradient_rows(result)}


def test_the_training_check_draws_its_loss_curve_even_when_it_fails(tmp_path):
    bad = grade("two_layer_net", build(MUTANT_OF["two_layer_net", "bad_loss_nan.py"], tmp_path))
    training = next(c for c in bad.checks if c.kind == "training")
    assert not training.passed and "became inf" in training.text()
    curve = training.figure(Curve)
    assert (curve.kind, curve.step) == ("loss", "epoch") and plots.curve_of(bad) is curve
    assert not numpy.all(numpy.isfinite(curve.values)) and curve.reference.size == 300
    assert not {"losses", "reference_losses"} & set(training.details)


def test_a_curve_is_named_as_the_executor_records_it():
    assert Curve.recorded("train.ppl_list", [3.0, 2.0]).kind == "perplexity"
    assert Curve.recorded("loss_list", [3.0, 2.0], step="epoch").kind == "loss"
    with pytest.raises(ValueError, match="no curve"):
        Curve.recorded("train.updates", [1])
    with pytest.raises(ValueError, match="curve kind"):
        Curve("losses", [1.0])


def test_a_picture_with_a_chinese_title_draws_every_character(tmp_path):
    """matplotlib's own font (DejaVu Sans) has no Chinese: the workbench's (workbench.fonts) is
    behind it, so a Chinese title is drawn, not boxes with a "Glyph missing" warning."""
    import warnings

    figure = plots._figure(4, 1.2)
    figure.text(0.02, 0.35, "反向传播: LSTM (dWx) 梯度检查 ✔", fontsize=14)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns for every glyph no font of the family has
        path = plots._write(figure, tmp_path / "zh.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_an_attention_map_is_drawn_with_its_labels(tmp_path):
    # two answer characters over three question characters: the second looks only at the last key
    attention = AttentionMap([[0.5, 0.5, 0.0], [0.0, 0.0, 1.0]], rows="19", columns="a b")
    assert attention.rows == ("1", "9") and attention.columns == ("a", " ", "b")
    text = plots.attention_text(attention).splitlines()
    assert text == ["  a   b", "1 = =", "9     @"]  # weight 0.5 is a middle shade, 1 the brightest, 0 blank
    path = plots.save_attention_map(attention, tmp_path / "map.png", "a date")
    assert path.stat().st_size > 0
    with pytest.raises(ValueError, match="3 columns labels for 2 columns"):
        AttentionMap(numpy.eye(2), columns="abc")
    with pytest.raises(ValueError, match="queries, keys"):
        AttentionMap(numpy.ones(3))
