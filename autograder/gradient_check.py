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

Layers with several outputs and upstream gradients work as they are: an LSTM
cell is ``gradcheck(lstm, x, h, c)`` (``dout`` defaults to one random array per
output; pass ``dout=[dh, dc]`` to choose). What is differentiated is
Σ_k ⟨out_k, dout_k⟩. Params listed twice (or as a transposed view, as in weight
tying) are checked once, against the sum of their grads, as the book's
``remove_duplicate`` adds them up. Each forward of the check starts from the
layer's state before the first one, so a stateful layer (``TimeLSTM(...,
stateful=True)``) is checked as it is.

Float64 by default (float inputs are cast; params must already be float64 for a
tight check). ``mode="full"`` (default) checks every element; ``sample=K``
checks K random elements per tensor; ``mode="directional"`` checks a few random
directions per tensor (two forwards each, whatever the size), like
``fast_mode`` of torch's gradcheck. ``dout`` defaults to a random upstream
gradient (not all ones, so a backward that ignores dout is caught); for a
scalar loss it is 1. With ``raise_exception=True`` (the default) a failure
raises GradcheckError, which is what you want inside a pytest test.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy

from autograder import numgrad
from autograder.diagnosis import index_text, relative_error
from autograder.numgrad_probe import param_groups

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
    directional: bool = False

    def line(self) -> str:
        mark = "ok  " if self.passed else "FAIL"
        if self.problem:
            return f"  {mark} {self.name:<12} {self.problem}"
        if self.directional:
            return (f"  {mark} {self.name:<12} relative error {self.relative_error:.2e} along {self.checked} random "
                    f"directions: analytic {self.analytic:.6g}, numeric {self.numeric:.6g}")
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
              sample: int | None = None, seed: int = 0, wrt_inputs=None, mode: str = "full",
              directions: int = 2, raise_exception: bool = True) -> GradcheckReport:
    """Compare `layer.backward` with central differences of `layer.forward` at `inputs`."""
    if mode not in ("full", "directional"):
        raise ValueError("mode is 'full' or 'directional'")
    rng = numpy.random.default_rng(seed)
    report = GradcheckReport(type(layer).__name__, tol)
    inputs = [numpy.array(x, dtype=numpy.float64) if _is_float(x) else numpy.asarray(x) for x in inputs]
    params = list(getattr(layer, "params", []))
    for j, p in enumerate(params):
        if getattr(p, "dtype", None) != numpy.float64:
            report.notes.append(f"params[{j}] is {getattr(p, 'dtype', type(p).__name__)}, not float64: "
                                f"the numerical gradient is only as precise as that")
    state = numgrad.LayerState(layer)

    out = layer.forward(*[x.copy() for x in inputs])
    outputs = list(out) if isinstance(out, (tuple, list)) else [out]
    if dout is None:
        douts = [1.0 if numpy.ndim(o) == 0 else rng.standard_normal(numpy.shape(o)) for o in outputs]
    else:
        douts = list(dout) if isinstance(dout, (tuple, list)) else [dout]
    grads_before = list(getattr(layer, "grads", []))
    returned = layer.backward(*[d.copy() if isinstance(d, numpy.ndarray) else d for d in douts])
    returned = list(returned) if isinstance(returned, (tuple, list)) else [returned]
    grads = list(getattr(layer, "grads", []))

    def loss(current=inputs):
        state.restore()
        return numgrad.weighted_sum(layer.forward(*[x.copy() for x in current]), douts)

    wrt = [i for i, x in enumerate(inputs) if _is_float(x)] if wrt_inputs is None else list(wrt_inputs)
    for i in wrt:
        analytic = returned[i] if i < len(returned) else None
        report.tensors.append(_check(f"input {i}", analytic, inputs[i], loss, eps, tol, sample, rng, mode,
                                     directions))
    for j in range(len(grads_before)):
        if j < len(grads) and grads[j] is not grads_before[j]:
            report.notes.append(f"grads[{j}] was replaced by a new array; write into it with grads[{j}][...] = ...")
    for group in param_groups(params):
        j = group[0][0]
        members = [f"params[{k}]" for k, _ in group]
        name = members[0] if len(members) == 1 else " + ".join(members)
        analytic = _summed(grads, group)
        if len(group) > 1:
            report.notes.append(f"{' and '.join(members)} are one array: checked against the sum of their grads")
        report.tensors.append(_check(name, analytic, params[j], loss, eps, tol, sample, rng, mode, directions))
    state.restore()
    if raise_exception and not report.passed:
        raise GradcheckError(report)
    return report


def _summed(grads, group):
    total = None
    for j, transposed in group:
        if j >= len(grads) or grads[j] is None:
            return None
        g = numpy.asarray(grads[j], dtype=float)
        g = g.T if transposed else g
        total = g if total is None else total + g
    return total


def _is_float(x) -> bool:
    return numpy.asarray(x).dtype.kind == "f"


def _check(name, analytic, tensor, loss, eps, tol, sample, rng, mode, directions) -> TensorCheck:
    size = int(tensor.size)
    if analytic is None or numpy.shape(analytic) != tensor.shape:
        got = "None" if analytic is None else f"shape {numpy.shape(analytic)}"
        return TensorCheck(name, float("inf"), (), 0.0, 0.0, 0, size, False,
                           f"backward gave {got}, expected shape {tensor.shape}")
    analytic = numpy.asarray(analytic, dtype=float)
    if mode == "directional":
        vs = numgrad.unit_directions(tensor.shape, directions, rng.integers(2**32))
        plus, minus = numgrad.directional(tensor, loss, eps, vs)
        numeric = numgrad.central(plus, minus, eps)
        got = numpy.array([float(numpy.sum(analytic * v)) for v in vs])
        worst_index = ()
    else:
        picked = numgrad.pick(size, sample, rng)
        plus, minus = numgrad.elementwise(tensor, loss, eps, picked)
        numeric = numgrad.central(plus, minus, eps)
        got = analytic.reshape(-1)[picked]
    err = relative_error(got, numeric)
    scale = max(1.0, float(numpy.abs(numeric).max()) if numeric.size else 1.0)
    fine = (err <= tol) | (numpy.abs(got - numeric) <= 1e-8 * scale)
    worst = int(numpy.argmax(numpy.where(fine, -1.0, err))) if not fine.all() else int(numpy.argmax(err)) \
        if err.size else 0
    if mode != "directional" and size:
        worst_index = numpy.unravel_index(int(picked[worst]), tensor.shape)
    return TensorCheck(name, float(err.max()) if err.size else 0.0, worst_index,
                       float(got[worst]) if got.size else 0.0, float(numeric[worst]) if numeric.size else 0.0,
                       int(got.size), size, bool(fine.all()), directional=mode == "directional")
