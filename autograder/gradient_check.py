"""Check any book-style layer against numerical gradients, in your own process.

Like ``torch.autograd.gradcheck`` for PyTorch: it runs ``forward`` and
``backward`` of a layer with ``params``/``grads`` lists, compares every
gradient (inputs and params) with central differences of ``forward``, and
reports the relative error per tensor and its worst element::

    import numpy as np
    from autograder import gradcheck
    from ch01.affine import Affine

    layer = Affine(np.random.randn(5, 3), np.random.randn(3))
    report = gradcheck(layer, np.random.randn(4, 5))
    print(report)          # one line per tensor: relative error, worst index
    assert report          # truthy when every gradient agrees

Float64 by default (inputs are cast; params must already be float64 for a tight
check). ``sample=K`` checks K random elements per tensor instead of all, for
big tensors. ``dout`` defaults to a random upstream gradient (not all ones, so
a backward that ignores dout is caught); for a scalar loss it is 1.
With ``raise_exception=True`` (the default) a failure raises GradcheckError,
which is what you want inside a pytest test.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy

from autograder.checks import central_difference
from autograder.diagnosis import index_text, relative_error

DEFAULT_TOLERANCE = 1e-6


class GradcheckError(AssertionError):
    def __init__(self, report: GradcheckReport):
        super().__init__("\n" + str(report))
        self.report = report


@dataclass
class TensorCheck:
    name: str
    relative_error: float
    worst_index: tuple
    analytic: float
    numeric: float
    checked: int
    total: int
    passed: bool
    problem: str = ""

    def line(self) -> str:
        mark = "ok  " if self.passed else "FAIL"
        if self.problem:
            return f"  {mark} {self.name:<12} {self.problem}"
        sampled = "" if self.checked == self.total else f" ({self.checked} of {self.total} elements sampled)"
        return (f"  {mark} {self.name:<12} relative error {self.relative_error:.2e}, worst at "
                f"{index_text(self.worst_index)}: analytic {self.analytic:.6g}, numeric {self.numeric:.6g}{sampled}")


@dataclass
class GradcheckReport:
    layer: str
    tolerance: float
    tensors: list[TensorCheck] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(t.passed for t in self.tensors)

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        verdict = "passed" if self.passed else "FAILED"
        lines = [f"gradcheck {self.layer}: {verdict} (tolerance {self.tolerance:.0e})"]
        lines += [t.line() for t in self.tensors]
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)


def gradcheck(layer, *inputs, dout=None, eps: float = 1e-5, tol: float = DEFAULT_TOLERANCE,
              sample: int | None = None, seed: int = 0, wrt_inputs=None,
              raise_exception: bool = True) -> GradcheckReport:
    """Compare `layer.backward` with central differences of `layer.forward` at `inputs`."""
    rng = numpy.random.default_rng(seed)
    report = GradcheckReport(type(layer).__name__, tol)
    inputs = [numpy.array(x, dtype=numpy.float64) if _is_float(x) else numpy.asarray(x) for x in inputs]
    params = list(getattr(layer, "params", []))
    for j, p in enumerate(params):
        if getattr(p, "dtype", None) != numpy.float64:
            report.notes.append(f"params[{j}] is {getattr(p, 'dtype', type(p).__name__)}, not float64: "
                                f"the numerical gradient is only as precise as that")

    out = layer.forward(*[x.copy() for x in inputs])
    scalar = numpy.ndim(out) == 0
    if dout is None:
        dout = 1.0 if scalar else rng.standard_normal(numpy.shape(out))
    grads_before = list(getattr(layer, "grads", []))
    returned = layer.backward(dout.copy() if isinstance(dout, numpy.ndarray) else dout)
    returned = list(returned) if isinstance(returned, (tuple, list)) else [returned]

    wrt = [i for i, x in enumerate(inputs) if _is_float(x)] if wrt_inputs is None else list(wrt_inputs)
    for i in wrt:
        analytic = returned[i] if i < len(returned) else None
        report.tensors.append(_check(f"input {i}", analytic, inputs[i],
                                     lambda: layer.forward(*[x.copy() for x in inputs]), dout, eps, tol, sample, rng))
    grads = list(getattr(layer, "grads", []))
    for j, p in enumerate(params):
        name = f"params[{j}]"
        if j < len(grads_before) and j < len(grads) and grads[j] is not grads_before[j]:
            report.notes.append(f"grads[{j}] was replaced by a new array; write into it with grads[{j}][...] = ...")
        analytic = grads[j] if j < len(grads) else None
        report.tensors.append(_check(name, analytic, p, lambda: layer.forward(*[x.copy() for x in inputs]),
                                     dout, eps, tol, sample, rng))
    if raise_exception and not report.passed:
        raise GradcheckError(report)
    return report


def _is_float(x) -> bool:
    return numpy.asarray(x).dtype.kind == "f"


def _check(name, analytic, tensor, forward, dout, eps, tol, sample, rng) -> TensorCheck:
    size = int(tensor.size)
    if analytic is None or numpy.shape(analytic) != tensor.shape:
        got = "None" if analytic is None else f"shape {numpy.shape(analytic)}"
        return TensorCheck(name, float("inf"), (), 0.0, 0.0, 0, size, False,
                           f"backward gave {got}, expected shape {tensor.shape}")
    picked = numpy.arange(size) if sample is None or size <= sample else numpy.sort(
        rng.choice(size, sample, replace=False))
    plus, minus = [], []
    for flat in picked:
        index = numpy.unravel_index(int(flat), tensor.shape)
        kept = tensor[index].copy()
        tensor[index] = kept + eps
        plus.append(numpy.asarray(forward(), dtype=float))
        tensor[index] = kept - eps
        minus.append(numpy.asarray(forward(), dtype=float))
        tensor[index] = kept
    numeric = central_difference(numpy.array(plus), numpy.array(minus), dout, eps)
    got = numpy.asarray(analytic, dtype=float).reshape(-1)[picked]
    err = relative_error(got, numeric)
    scale = max(1.0, float(numpy.abs(numeric).max()) if numeric.size else 1.0)
    fine = (err <= tol) | (numpy.abs(got - numeric) <= 1e-8 * scale)
    worst = int(numpy.argmax(numpy.where(fine, -1.0, err))) if not fine.all() else int(numpy.argmax(err))
    return TensorCheck(name, float(err.max()) if err.size else 0.0,
                       numpy.unravel_index(int(picked[worst]), tensor.shape) if size else (),
                       float(got[worst]) if size else 0.0, float(numeric[worst]) if size else 0.0,
                       int(picked.size), size, bool(fine.all()))
