"""One sentence on what is wrong with a tensor, against the expected one.

Tried in order, most specific first: missing, wrong type, wrong shape
(transposed? not summed over the batch?), nan/inf, all zeros, transposed
values, a constant factor (−1: sign; N or 1/N: batch averaging; 1/dout:
dout ignored), and finally the worst element with its index.
"""

from __future__ import annotations

import numpy

from autograder.messages import Msg
from autograder.numgrad import relative_error  # noqa: F401 - one measure for the gradient check and the diagnosis

TINY = 1e-30


def is_array(value) -> bool:
    return isinstance(value, numpy.ndarray)


def describe_type(value) -> Msg | str:
    """What a value is, in the learner's language: "an array of shape (3, 4)", "2 values", "int"."""
    if value is None:
        return "None"
    if isinstance(value, dict) and "__type__" in value:
        return value["__type__"]
    if isinstance(value, dict) and "__dict__" in value:
        return Msg("type.dict_of", count=len(value["__dict__"]))
    if is_array(value):
        return array_of_shape(value.shape)
    if isinstance(value, list):
        return Msg("type.values", count=len(value))
    return type(value).__name__


def array_of_shape(shape) -> Msg:
    return Msg("type.array", shape=tuple(shape))


def index_text(index) -> str:
    return "[" + ", ".join(str(int(i)) for i in index) + "]"


def tolerance_for(got, expected, rtol: float, atol: float) -> tuple[float, float]:
    """Looser tolerances where the learner's values are float32/float16 and the reference's float64."""
    got, expected = _first_array(got), _first_array(expected)
    if not (is_array(got) and is_array(expected)) or got.dtype.kind != "f" or expected.dtype != numpy.float64:
        return rtol, atol
    if got.dtype == numpy.float32:
        return max(rtol, 2e-4), max(atol, 1e-5)
    if got.dtype == numpy.float16:
        return max(rtol, 2e-2), max(atol, 1e-2)
    return rtol, atol


def _first_array(value):
    while isinstance(value, list) and value:
        value = value[0]
    return value


def divisors_of(inputs) -> dict:
    """What a mean may divide by, named as the learner knows it: N, N·T, mask.sum()."""
    first = next((a for a in inputs if is_array(a)), None)
    out = {}
    if is_array(first) and first.ndim >= 2:
        out["N"] = int(first.shape[0])
        if first.ndim >= 3 or (first.ndim == 2 and first.dtype.kind in "iu"):
            out["N·T"] = int(first.shape[0] * first.shape[1])
    for a in inputs:
        if is_array(a) and a.dtype.kind in "iu" and a.ndim >= 1 and (a == -1).any():
            out["mask.sum()"] = int((a != -1).sum())
    return out


def compare(got, expected, name, rtol: float = 1e-5, atol: float = 1e-8,
            batch: int | None = None, dout: float | None = None, divisors: dict | None = None,
            sums: dict | None = None) -> Msg | None:
    """None when `got` matches `expected`, else the most specific diagnosis.

    `name` names the value, or (for a list) each of its values; `divisors` are what a
    mean may divide by ({"N": 4, "N·T": 20}), to name a missing or extra average; `sums`
    ({"count": 2, "over": {"en": ..., "zh": ...}}) a sum over parts that must not be a mean.
    """
    if divisors is None:
        divisors = {"N": batch} if batch else {}
    names = name if isinstance(name, list) else None
    name = ", ".join(names) if names else name
    if expected is None:
        return None
    if got is None:
        return Msg("diag.none", name=name, hint=Msg("diag.none_return"))
    if isinstance(expected, list):
        parts = names or [f"{name}[{i}]" for i in range(len(expected))]
        if not isinstance(got, list) or len(got) != len(expected):
            return Msg("diag.count", name=name, expected=len(expected), got=describe_type(got),
                       names=", ".join(parts))
        for part, g, e in zip(parts, got, expected):
            problem = compare(g, e, part, rtol, atol, dout=dout, divisors=divisors, sums=sums)
            if problem:
                return problem
        return None
    if isinstance(expected, dict) and "__dict__" in expected:
        return _compare_dicts(got, expected, name, rtol, atol)
    if isinstance(expected, str):
        return None if got == expected else Msg("diag.value", name=name, got=repr(got), expected=repr(expected))
    if not is_array(expected):  # a scalar, such as a loss
        got_value = _as_scalar(got)
        if got_value is None:
            return Msg("diag.type", name=name, expected=Msg("type.number"), got=describe_type(got))
        got, expected = numpy.array(got_value), numpy.array(float(expected))
    elif is_array(got) and got.ndim == 0 and expected.ndim == 0:
        pass
    elif not is_array(got):
        if isinstance(got, (int, float)) and expected.size == 1:
            got = numpy.array(got).reshape(expected.shape)
        else:
            return Msg("diag.type", name=name, expected=array_of_shape(expected.shape),
                       got=describe_type(got))
    return _compare_arrays(got, expected, name, rtol, atol, divisors, dout, sums)


def _compare_dicts(got, expected, name, rtol, atol):
    if not (isinstance(got, dict) and "__dict__" in got):
        return Msg("diag.type", name=name, expected=Msg("type.dict"), got=describe_type(got))
    want = {_key(k): v for k, v in expected["__dict__"]}
    have = {_key(k): v for k, v in got["__dict__"]}
    missing = [k for k in want if k not in have]
    for key in missing:
        text_key = key[1]
        wrong_type = next((k for k in have if k[1] == text_key or str(k[1]) == str(text_key)), None)
        if wrong_type is not None:
            return Msg("diag.key_type", name=name, entry=repr(wrong_type[1]), got=type(wrong_type[1]).__name__,
                       expected=type(text_key).__name__)
    if missing:
        return Msg("diag.missing_keys", name=name, keys=", ".join(repr(k[1]) for k in missing[:5]),
                   count=len(missing))
    extra = [k for k in have if k not in want]
    if extra:
        return Msg("diag.extra_keys", name=name, keys=", ".join(repr(k[1]) for k in extra[:5]), count=len(extra))
    for key, value in want.items():
        problem = compare(have[key], value, f"{name}[{key[1]!r}]", rtol, atol)
        if problem:
            return problem
    return None


def _key(k):
    return (type(k).__name__, k)


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
    # (N, T, H) where (N, H) is expected: an axis after the batch never summed (a weighted sum over time)
    for axis in range(1, len(got_shape)):
        if len(got_shape) == len(expected_shape) + 1 and got_shape[:axis] + got_shape[axis + 1:] == expected_shape:
            return Msg("diag.not_summed_axis", **fields, axis=axis, length=got_shape[axis])
    # (N, H) where (N, T, H) is expected: every step's value is needed, not their sum or the last one
    for axis in range(len(expected_shape)):
        if (len(got_shape) + 1 == len(expected_shape) and expected_shape[axis] > 1
                and expected_shape[:axis] + expected_shape[axis + 1:] == got_shape):
            return Msg("diag.missing_axis", **fields, axis=axis, length=expected_shape[axis])
    return Msg("diag.shape", **fields)


def _compare_arrays(got, expected, name, rtol, atol, divisors, dout, sums=None):
    if got.shape != expected.shape:
        return shape_problem(got.shape, expected.shape, name)
    if expected.dtype.kind in "iub":
        if got.dtype.kind not in "iub":
            return Msg("diag.not_bool" if expected.dtype.kind == "b" else "diag.not_int", name=name, got=str(got.dtype))
        if numpy.array_equal(got, expected):
            return None
        wrong = numpy.argwhere(got != expected)
        index = tuple(wrong[0])
        return Msg("diag.int_values", name=name, bad=len(wrong), total=int(got.size), index=index_text(index),
                   got=got[index].item(), expected=expected[index].item())
    got = got.astype(float)
    expected = expected.astype(float)
    bad_values = ~numpy.isfinite(got) & numpy.isfinite(expected)
    if bad_values.any():
        if got.ndim == 0:
            return Msg("diag.nonfinite_scalar", name=name, value=str(float(got)))
        first = numpy.argwhere(bad_values)[0]
        return Msg("diag.nonfinite", name=name, count=int(bad_values.sum()), index=index_text(first))
    if numpy.allclose(got, expected, rtol=rtol, atol=atol):
        return None
    if got.ndim == 0:
        # Two numbers are always "a constant factor" apart, so for a scalar (a loss) only the
        # factors that name a cause (−1, N, 1/N, 1/dout) are worth saying; any other factor
        # ("-0.08351 × the expected values") is noise: say the two values instead.
        return _scale_message(got, expected, name, rtol, atol, divisors, dout, sums, specific=True) or Msg(
            "diag.scalar", name=name, got=float(got), expected=float(expected))
    if not numpy.any(got) and numpy.any(expected):
        return Msg("diag.zeros", name=name)
    if got.ndim == 2 and got.shape[0] == got.shape[1] and numpy.allclose(got, expected.T, rtol=rtol, atol=atol):
        return Msg("diag.transposed", name=name)
    scaled = _scale_message(got, expected, name, rtol, atol, divisors, dout, sums)
    if scaled:
        return scaled
    return worst_element(got, expected, name, rtol, atol)


def _scale_message(got, expected, name, rtol, atol, divisors, dout, sums=None, specific=False):
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
    if sums and sums["count"] > 1 and near(1.0 / sums["count"]):
        return Msg("diag.mean_not_sum", name=name, count=int(sums["count"]), over=sums["over"])
    if dout not in (None, 0, 1) and near(1.0 / dout):
        return Msg("diag.dout_ignored", name=name, dout=float(dout))
    for divisor, batch in (divisors or {}).items():
        if batch and batch > 1 and near(float(batch)):
            if divisor == "N":
                return Msg("diag.not_averaged", name=name, factor=factor, batch=batch)
            return Msg("diag.not_averaged_by", name=name, factor=factor, batch=batch, divisor=divisor)
        if batch and batch > 1 and near(1.0 / batch):
            if divisor == "N":
                return Msg("diag.averaged", name=name, batch=batch)
            return Msg("diag.averaged_by", name=name, batch=batch, divisor=divisor)
    # a mean over another count: the loss averaged over N·T where only mask.sum() positions count
    for used, used_count in (divisors or {}).items():
        for meant, meant_count in (divisors or {}).items():
            if used_count and meant_count and used_count != meant_count and near(meant_count / used_count):
                return Msg("diag.divided_instead", name=name, factor=factor, used=used, used_count=used_count,
                           meant=meant, meant_count=meant_count)
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


# -- named causes: a relation between a wrong value and the expected one --------------------------
#
# A probe's `causes` (catalog) name, in the exercise's own words, what a wrong value means when it
# stands in one of these relations to the reference's. The relations are general; the words are data.

CAUSE_RELATIONS = ("factor", "power", "log", "diagonal", "fewer", "negative_where_zero", "nonzero_where_zero",
                   "nonfinite", "raises", "warning")


def relation_holds(relation: str, got, expected, rtol: float = 1e-5, atol: float = 1e-8,
                   factor: float | None = None, power: float | None = None) -> bool:
    """Whether `got` (wrong) stands in `relation` to `expected` (values; "raises" and "warning" are not)."""
    if not (is_array(expected) or isinstance(expected, (int, float))) or isinstance(expected, bool):
        return False
    if not (is_array(got) or isinstance(got, (int, float))) or isinstance(got, bool):
        return False
    got, expected = numpy.asarray(got), numpy.asarray(expected)
    if got.shape != expected.shape or got.dtype.kind not in "iubf" or expected.dtype.kind not in "iubf":
        return False
    got, expected = got.astype(float), expected.astype(float)
    finite = numpy.isfinite(expected)
    if relation == "nonfinite":
        return bool((~numpy.isfinite(got) & finite).any())
    if not numpy.isfinite(got).all() or not finite.all():
        return False
    close = numpy.isclose(got, expected, rtol=rtol, atol=atol)
    if close.all():
        return False
    if relation == "factor":
        return factor is not None and numpy.allclose(got, factor * expected, rtol=max(rtol, 1e-4), atol=atol)
    if relation == "power":  # expected ** power: a sum of logs where their mean belongs (exp of a summed loss)
        return power is not None and numpy.allclose(got, numpy.sign(expected) * numpy.abs(expected) ** power,
                                                    rtol=max(rtol, 1e-4), atol=atol)
    if relation == "log":  # the log of the expected values: an exp left out (a mean loss for a perplexity)
        return bool((expected > 0).all()) and numpy.allclose(got, numpy.log(expected), rtol=max(rtol, 1e-4),
                                                             atol=max(atol, 1e-8))
    if relation == "diagonal":
        if got.ndim != 2 or got.shape[0] != got.shape[1]:
            return False
        return bool(close[~numpy.eye(got.shape[0], dtype=bool)].all())
    if relation == "fewer":
        return bool((got <= expected + atol).all())
    if relation == "negative_where_zero":
        wrong = ~close
        return bool((expected[wrong] == 0).all() and (got[wrong] < 0).all())
    if relation == "nonzero_where_zero":  # right but where it must vanish (a masked position's weight or gradient)
        wrong = ~close
        return bool((expected[wrong] == 0).all())
    return False
