"""The numerical gradient: one perturbation loop for the grader's child and `gradcheck`.

The quantity differentiated is L(θ) = Σ_k ⟨out_k(θ), dout_k⟩ over every output
of forward, so layers with several outputs (an LSTM cell's h and c) and several
upstream gradients are checked in one pass. Two ways to probe it:

- directional: L(θ ± ε·v) for a few random unit directions v; the analytic side
  is ⟨∂L/∂θ, v⟩. Two forwards per direction whatever the tensor's size.
- elementwise: L(θ ± ε·e_j) for sampled (or all) elements j, to say where a
  gradient is wrong.
"""

from __future__ import annotations

import copy
import functools

import numpy

EPS = {"float64": 1e-5, "float32": 1e-2, "float16": 1e-1}
GRADCHECK_TOLERANCE = 1e-6  # relative error of analytic vs central-difference gradient in float64 (CS231n: < 1e-7 is good)
GRADCHECK_TOLERANCE_FLOAT32 = 1e-2  # the same check on a forward that computes in float32
TINY = 1e-30


class LayerState:
    """A layer's attributes, put back before every replayed forward (stateful layers replay from one state).

    A deep copy, except the params and grads arrays, which stay the same objects (they are
    what is perturbed, and what optimizers hold).
    """

    def __init__(self, layer):
        self.layer = layer
        self.keep = {id(a): a for name in ("params", "grads") for a in _arrays(getattr(layer, name, None))}
        try:
            self.saved = copy.deepcopy(vars(layer), dict(self.keep))
        except Exception:  # noqa: BLE001 - an attribute that cannot be copied: keep references
            self.saved = dict(vars(layer))

    def restore(self):
        try:
            fresh = _deep_copy(self.saved, dict(self.keep))
        except Exception:  # noqa: BLE001
            fresh = dict(self.saved)
        self.layer.__dict__.clear()
        self.layer.__dict__.update(fresh)


_IMMUTABLE = (type(None), bool, int, float, complex, str, bytes)


def _deep_copy(attributes: dict, memo: dict) -> dict:
    """copy.deepcopy of a layer's attributes, faster: numbers, arrays, lists, dicts, tuples and plain
    objects (a layer, a list of layers) copied here as deepcopy would copy them; anything else
    (a generator, a class with its own copying) by copy.deepcopy itself, with the same memo, so that
    what is shared stays shared and the params and grads (in the memo already) stay themselves.
    A replayed forward restores a model's state hundreds of times per grade: deepcopy's generic
    path (reduce, reconstruct, keep-alive) was most of a language model's numerical gradient."""
    return {name: _copy(value, memo) for name, value in attributes.items()}


def _copy(value, memo: dict):
    if isinstance(value, _IMMUTABLE):
        return value
    found = memo.get(id(value), _MISSING)
    if found is not _MISSING:
        return found
    cls = type(value)
    if cls is numpy.ndarray and not value.dtype.hasobject:
        copied = memo[id(value)] = value.copy(order="K")
    elif cls is list:
        copied = memo[id(value)] = []
        copied.extend([_copy(v, memo) for v in value])
    elif cls is dict:
        copied = memo[id(value)] = {}
        for key, item in value.items():
            copied[_copy(key, memo)] = _copy(item, memo)
    elif cls is tuple:
        items = tuple(_copy(v, memo) for v in value)
        found = memo.get(id(value), _MISSING)  # a tuple inside itself (through a list) was copied meanwhile
        if found is not _MISSING:
            return found
        copied = memo[id(value)] = value if all(a is b for a, b in zip(items, value)) else items
    elif _plain(cls):
        copied = memo[id(value)] = cls.__new__(cls)
        state = value.__dict__
        if state:
            copied.__dict__.update(_copy(state, memo))
    else:
        return copy.deepcopy(value, memo)
    return copied


_MISSING = object()


@functools.lru_cache(maxsize=256)
def _plain(cls) -> bool:
    """Whether deepcopy would copy instances of `cls` as new objects of it with their __dict__ copied
    (object's own reduce, no __deepcopy__, __getstate__, __setstate__ or __slots__ of its own)."""
    return (isinstance(cls, type) and cls.__reduce_ex__ is object.__reduce_ex__ and cls.__reduce__ is object.__reduce__
            and getattr(cls, "__deepcopy__", None) is None and getattr(cls, "__setstate__", None) is None
            and getattr(cls, "__getstate__", object.__getstate__) is object.__getstate__
            and "__dict__" in dir(cls) and not any("__slots__" in vars(base) for base in cls.__mro__[:-1]))


def _arrays(values):
    return [v for v in values if hasattr(v, "shape")] if isinstance(values, (list, tuple)) else []


def to_numpy(value):
    if isinstance(value, numpy.ndarray):
        return value
    if hasattr(value, "get") and hasattr(value, "__cuda_array_interface__"):
        return value.get()
    return numpy.asarray(value)


class ShapeMismatch(ValueError):
    """forward's outputs do not fit the upstream gradients (count or shape)."""

    def __init__(self, got, expected):
        super().__init__(f"forward returned {got} where dout is {expected}")
        self.got, self.expected = got, expected


def weighted_sum(outputs, douts) -> float:
    """Σ_k ⟨out_k, dout_k⟩ in float64; raises ShapeMismatch when the outputs do not fit the douts."""
    if not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    if len(outputs) != len(douts):
        raise ShapeMismatch(f"{len(outputs)} outputs", f"{len(douts)} arrays")
    total = 0.0
    for out, dout in zip(outputs, douts):
        out = numpy.asarray(to_numpy(out), dtype=numpy.float64)
        if isinstance(dout, numpy.ndarray):
            if out.shape != dout.shape:
                raise ShapeMismatch(out.shape, dout.shape)
            total += float(numpy.vdot(out, dout))
        else:
            total += float(numpy.sum(out)) * float(dout)
    return total


def eps_for(*dtypes) -> float:
    """A step that the least precise of the dtypes involved can resolve."""
    names = {numpy.dtype(d).name for d in dtypes if d is not None and numpy.dtype(d).kind == "f"}
    for name in ("float16", "float32"):
        if name in names:
            return EPS[name]
    return EPS["float64"]


def unit_directions(shape, count: int, seed) -> list[numpy.ndarray]:
    rng = numpy.random.default_rng(seed)
    out = []
    for _ in range(count):
        v = rng.standard_normal(shape)
        norm = float(numpy.linalg.norm(v))
        out.append(v / norm if norm > 0 else v)
    return out


def directional(tensor, loss, eps: float, directions) -> tuple[list[float], list[float]]:
    """L(θ + ε·v) and L(θ − ε·v) for each direction v, perturbing `tensor` in place."""
    kept = tensor.copy()
    plus, minus = [], []
    try:
        for v in directions:
            step = _like(tensor, v) * eps
            tensor[...] = kept + step
            plus.append(loss())
            tensor[...] = kept - step
            minus.append(loss())
            tensor[...] = kept
    finally:
        tensor[...] = kept
    return plus, minus


def elementwise(tensor, loss, eps: float, indices) -> tuple[list[float], list[float]]:
    """L(θ ± ε) at each flat index, perturbing `tensor` in place one element at a time."""
    plus, minus = [], []
    for flat in indices:
        index = numpy.unravel_index(int(flat), tensor.shape)
        kept = tensor[index].copy()
        try:
            tensor[index] = kept + eps
            plus.append(loss())
            tensor[index] = kept - eps
            minus.append(loss())
        finally:
            tensor[index] = kept
    return plus, minus


def central(plus, minus, eps: float) -> numpy.ndarray:
    return (numpy.asarray(plus, float) - numpy.asarray(minus, float)) / (2 * eps)


def pick(size: int, limit: int | None, rng) -> numpy.ndarray:
    if limit is None or size <= limit:
        return numpy.arange(size)
    return numpy.sort(rng.choice(size, limit, replace=False))


def _like(tensor, v):
    if isinstance(tensor, numpy.ndarray):
        return v
    import cupy  # a cupy tensor: the direction goes to the device too

    return cupy.asarray(v)


# -- the verdict on a directional or elementwise comparison, one rule for the check (autograder.checks.layer)
# and for the child, which samples elements only where the check will find the directions wrong


def tolerance_for(tol: float, eps: float) -> float:
    """The relative tolerance at this step: a float32 forward (eps ≥ 1e-3) is held to GRADCHECK_TOLERANCE_FLOAT32."""
    return max(tol, GRADCHECK_TOLERANCE_FLOAT32) if eps >= 1e-3 else tol


def relative_error(got, expected):
    """Elementwise |a − b| / (|a| + |b|), 0 where both are 0 (CS231n's measure)."""
    got, expected = numpy.asarray(got, float), numpy.asarray(expected, float)
    denom = numpy.abs(got) + numpy.abs(expected)
    with numpy.errstate(invalid="ignore", divide="ignore"):
        err = numpy.where(denom > TINY, numpy.abs(got - expected) / numpy.maximum(denom, TINY), 0.0)
    return numpy.where(numpy.isfinite(got) & numpy.isfinite(expected), err, numpy.inf)


def beyond(err, analytic, numeric, tolerance, noise=0.0):
    """Entries that are neither relatively close nor both ~0 (rounding), nor within `noise` of each other."""
    scale = max(1.0, float(numpy.abs(numeric).max()) if numeric.size else 1.0)
    absolute_ok = numpy.abs(analytic - numeric) <= max(1e-8 * scale, noise)
    return ~((err <= tolerance) | absolute_ok)


def rounding_noise(plus, minus, eps) -> float:
    """What a central difference of a float32 loss can be off by whatever the gradient's size: a few ulps
    of the loss over 2·eps (a model's scalar loss, where small entries of a gradient sit near that floor)."""
    if eps < 1e-3:  # a float64 forward: the relative tolerance alone
        return 0.0
    losses = numpy.abs(numpy.concatenate([numpy.ravel(numpy.asarray(plus, float)),
                                          numpy.ravel(numpy.asarray(minus, float))]))
    if not losses.size or not numpy.isfinite(losses).all():
        return 0.0
    return 8.0 * float(numpy.spacing(numpy.float32(losses.max()))) / (2 * eps)


def along_directions(analytic, directions) -> numpy.ndarray:
    """⟨analytic, v⟩ for each direction, in float64."""
    return numpy.array([float(numpy.sum(analytic.astype(float) * v)) for v in directions])


def directions_wrong(analytic, directions, plus, minus, eps: float, tol: float):
    """(err, along, numeric, bad) of the directional check of `analytic` (an array of the directions' shape)."""
    numeric = (numpy.asarray(plus, float) - numpy.asarray(minus, float)) / (2 * eps)
    along = along_directions(analytic, directions)
    err = relative_error(along, numeric)
    bad = beyond(err, along, numeric, tolerance_for(tol, eps), rounding_noise(plus, minus, eps))
    return err, along, numeric, bad
