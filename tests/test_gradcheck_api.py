"""`from autograder import gradcheck`: the self-check learners use in pytest."""

import importlib
import sys

import numpy as np
import pytest

from autograder import GradcheckError, gradcheck, resources


@pytest.fixture(scope="module")
def ch01():
    sys.path.insert(0, str(resources.solutions_root()))
    try:
        yield lambda name: importlib.import_module(f"ch01.{name}")
    finally:
        sys.path.remove(str(resources.solutions_root()))


def layers(ch01):
    rng = np.random.default_rng(0)
    n = ch01("nodes")
    return [
        (ch01("affine").Affine(rng.standard_normal((5, 3)), rng.standard_normal(3)), [rng.standard_normal((4, 5))], {}),
        (ch01("affine").MatMul(rng.standard_normal((5, 3))), [rng.standard_normal((1, 5))], {}),
        (ch01("sigmoid").Sigmoid(), [rng.standard_normal((4, 3))], {}),
        (ch01("softmax").Softmax(), [rng.standard_normal((4, 3))], {}),
        (ch01("softmax_with_loss").SoftmaxWithLoss(), [rng.standard_normal((4, 3)), np.array([0, 2, 1, 1])],
         {"tol": 1e-4}),
        (n.Add(), [rng.standard_normal((2, 3)), rng.standard_normal((2, 3))], {}),
        (n.Mul(), [rng.standard_normal((2, 3)), rng.standard_normal((2, 3))], {}),
        (n.Repeat(4), [rng.standard_normal((1, 3))], {}),
        (n.Sum(), [rng.standard_normal((4, 3))], {}),
    ]


def test_every_reference_layer_passes_gradcheck(ch01):
    for layer, inputs, options in layers(ch01):
        report = gradcheck(layer, *inputs, **options)
        assert report.passed, str(report)
        assert "relative error" in str(report)


def test_a_wrong_gradient_raises_with_a_readable_report(ch01):
    Affine = ch01("affine").Affine

    class DoubleBias(Affine):
        def backward(self, dout):
            dx = super().backward(dout)
            self.grads[1][...] *= 2
            return dx

    rng = np.random.default_rng(1)
    with pytest.raises(GradcheckError) as info:
        gradcheck(DoubleBias(rng.standard_normal((5, 3)), rng.standard_normal(3)), rng.standard_normal((4, 5)))
    text = str(info.value)
    assert "FAIL params[1]" in text and "ok   params[0]" in text and "worst at" in text
    assert not info.value.report.passed


def test_ignoring_dout_is_caught_because_dout_is_not_all_ones(ch01):
    class IgnoresDout(ch01("sigmoid").Sigmoid):
        def backward(self, dout):
            return (1.0 - self.out) * self.out

    report = gradcheck(IgnoresDout(), np.random.default_rng(2).standard_normal((3, 4)), raise_exception=False)
    assert not report and "FAIL input 0" in str(report)


def test_sampled_mode_checks_a_subset_of_a_big_tensor(ch01):
    rng = np.random.default_rng(3)
    layer = ch01("affine").Affine(rng.standard_normal((60, 50)), rng.standard_normal(50))
    report = gradcheck(layer, rng.standard_normal((8, 60)), sample=10)
    assert report.passed
    assert all(t.checked == 10 for t in report.tensors)
    assert "10 of 3000 elements sampled" in str(report)


def test_float32_params_are_noted(ch01):
    layer = ch01("affine").MatMul(np.ones((3, 2), dtype=np.float32))
    report = gradcheck(layer, np.ones((2, 3)), raise_exception=False, tol=1e-2)
    assert any("float32" in note for note in report.notes)


def test_rebinding_grads_is_noted(ch01):
    class Rebinds(ch01("affine").MatMul):
        def backward(self, dout):
            W, = self.params
            self.grads[0] = self.x.T @ dout
            return dout @ W.T

    report = gradcheck(Rebinds(np.random.default_rng(4).standard_normal((3, 2))),
                       np.random.default_rng(5).standard_normal((2, 3)))
    assert any("replaced by a new array" in note for note in report.notes)
