"""One sentence on what is wrong with a tensor, against the expected one.

Tried in order, most specific first: missing, wrong type, wrong shape
(transposed? not summed over the batch?), nan/inf, all zeros, transposed
values, a constant factor (−1: sign; N or 1/N: batch averaging; 1/dout:
dout ignored), and finally the worst element with its index.
"""

from __future__ import annotations

import numpy

from autograder.messages import Msg

TINY = 1e-30


def is_array(value) -> bool:
    return isinstance(value, numpy.ndarray)


def describe_type(value) -> str:
    if value is None:
        return "None"
    if isinstance(value, dict) and "__type__" in value:
        return value["__type__"]
    if is_array(value):
        return f"an array of shape {value.shape}"
    if isinstance(value, list):
        return f"{len(value)} values"
    return type(value).__name__


def index_text(index) -> str:
    return "[" + ", ".join(str(int(i)) for i in index) + "]"


def relative_error(got, expected):
    """Elementwise |a − b| / (|a| + |b|), 0 where both are 0 (CS231n's measure)."""
    got, expected = numpy.asarray(got, float), numpy.asarray(expected, float)
    denom = numpy.abs(got) + numpy.abs(expected)
    with numpy.errstate(invalid="ignore", divide="ignore"):
        err = numpy.where(denom > TINY, numpy.abs(got - expected) / numpy.maximum(denom, TINY), 0.0)
    return numpy.where(numpy.isfinite(got) & numpy.isfinite(expected), err, numpy.inf)


def compare(got, expected, name: str, rtol: float = 1e-5, atol: float = 1e-8,
            batch: int | None = None, dout: float | None = None) -> Msg | None:
    """None when `got` matches `expected`, else the most specific diagnosis."""
    if expected is None:
        return None
    if got is None:
        return Msg("diag.none", name=name, hint=Msg("diag.none_return"))
    if isinstance(expected, list):
        if not isinstance(got, list) or len(got) != len(expected):
            return Msg("diag.count", name=name, expected=len(expected), got=describe_type(got),
                       names=", ".join(f"{name}[{i}]" for i in range(len(expected))))
        for i, (g, e) in enumerate(zip(got, expected)):
            problem = compare(g, e, f"{name}[{i}]", rtol, atol, batch, dout)
            if problem:
                return problem
        return None
    if not is_array(expected):  # a scalar, such as a loss
        got_value = _as_scalar(got)
        if got_value is None:
            return Msg("diag.type", name=name, expected="a number", got=describe_type(got))
        got, expected = numpy.array(got_value), numpy.array(float(expected))
    elif is_array(got) and got.ndim == 0 and expected.ndim == 0:
        pass
    elif not is_array(got):
        if isinstance(got, (int, float)) and expected.size == 1:
            got = numpy.array(got).reshape(expected.shape)
        else:
            return Msg("diag.type", name=name, expected=f"an array of shape {expected.shape}",
                       got=describe_type(got))
    return _compare_arrays(got, expected, name, rtol, atol, batch, dout)


def _as_scalar(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if is_array(value) and value.size == 1:
        return float(value.reshape(-1)[0])
    return None


def shape_problem(got_shape, expected_shape, name) -> Msg:
    """Why an array of `got_shape` is not one of `expected_shape` (which differs)."""
    got_shape, expected_shape = tuple(got_shape), tuple(expected_shape)
    fields = dict(name=name, got=got_shape, expected=expected_shape)
    if len(got_shape) == 2 and got_shape == expected_shape[::-1]:
        return Msg("diag.transposed_shape", **fields)
    if len(got_shape) == len(expected_shape) + 1 and got_shape[1:] == expected_shape:
        # (1, H) for (H,) is an extra axis (keepdims, a reshape), not a missing sum over N rows
        return Msg("diag.extra_axis" if got_shape[0] == 1 else "diag.not_summed", **fields)
    # (N, D) where (1, D) is expected: the copies along axis 0 were never added up
    # (Repeat.backward returning dout as it came, a bias gradient kept per row).
    if (len(got_shape) == len(expected_shape) >= 1 and expected_shape[0] == 1 and got_shape[0] > 1
            and got_shape[1:] == expected_shape[1:]):
        return Msg("diag.not_summed_keepdims", **fields)
    # (D,) where (1, D) is expected: summed, but the summed axis was dropped.
    if len(got_shape) + 1 == len(expected_shape) and any(
        expected_shape[a] == 1 and expected_shape[:a] + expected_shape[a + 1:] == got_shape
        for a in range(len(expected_shape))
    ):
        return Msg("diag.keepdims", **fields)
    return Msg("diag.shape", **fields)


def _compare_arrays(got, expected, name, rtol, atol, batch, dout):
    if got.shape != expected.shape:
        return shape_problem(got.shape, expected.shape, name)
    got = got.astype(float)
    expected = expected.astype(float)
    bad_values = ~numpy.isfinite(got) & numpy.isfinite(expected)
    if bad_values.any():
        first = numpy.argwhere(bad_values)[0]
        return Msg("diag.nonfinite", name=name, count=int(bad_values.sum()), index=index_text(first))
    if numpy.allclose(got, expected, rtol=rtol, atol=atol):
        return None
    if got.ndim == 0:
        # Two numbers are always "a constant factor" apart, so for a scalar (a loss) only the
        # factors that name a cause (−1, N, 1/N, 1/dout) are worth saying; any other factor
        # ("-0.08351 × the expected values") is noise: say the two values instead.
        return _scale_message(got, expected, name, rtol, atol, batch, dout, specific=True) or Msg(
            "diag.scalar", name=name, got=float(got), expected=float(expected))
    if not numpy.any(got) and numpy.any(expected):
        return Msg("diag.zeros", name=name)
    if got.ndim == 2 and got.shape[0] == got.shape[1] and numpy.allclose(got, expected.T, rtol=rtol, atol=atol):
        return Msg("diag.transposed", name=name)
    scaled = _scale_message(got, expected, name, rtol, atol, batch, dout)
    if scaled:
        return scaled
    return worst_element(got, expected, name, rtol, atol)


def _scale_message(got, expected, name, rtol, atol, batch, dout, specific=False):
    norm = float(numpy.sum(expected * expected))
    if norm <= TINY:
        return None
    factor = float(numpy.sum(got * expected)) / norm
    if not numpy.allclose(got, factor * expected, rtol=max(rtol, 1e-4), atol=atol):
        return None

    def near(value):
        return abs(factor - value) <= 1e-3 * max(1.0, abs(value))

    if near(-1.0):
        return Msg("diag.sign", name=name)
    if dout not in (None, 0, 1) and near(1.0 / dout):
        return Msg("diag.dout_ignored", name=name, dout=float(dout))
    if batch and batch > 1 and near(float(batch)):
        return Msg("diag.not_averaged", name=name, factor=factor, batch=batch)
    if batch and batch > 1 and near(1.0 / batch):
        return Msg("diag.averaged", name=name, batch=batch)
    if specific:
        return None
    return Msg("diag.scaled", name=name, factor=factor)


def worst_element(got, expected, name, rtol=1e-5, atol=1e-8) -> Msg:
    excess = numpy.abs(got - expected) - (atol + rtol * numpy.abs(expected))
    flat = int(numpy.argmax(excess))
    index = numpy.unravel_index(flat, got.shape)
    bad = int(numpy.sum(excess > 0))
    return Msg("diag.worst", name=name, bad=bad, total=int(got.size), index=index_text(index),
               got=float(got[index]), expected=float(expected[index]),
               error=float(relative_error(got[index], expected[index])))
