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

import numpy

EPS = {"float64": 1e-5, "float32": 1e-2, "float16": 1e-1}


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
    """copy.deepcopy of a layer's attributes, with the common ones (numbers, arrays) copied directly.

    One memo for all of them, so arrays shared between attributes stay shared.
    """
    fresh = {}
    for name, value in attributes.items():
        if isinstance(value, _IMMUTABLE):
            fresh[name] = value
        elif id(value) in memo:
            fresh[name] = memo[id(value)]
        elif type(value) is numpy.ndarray and not value.dtype.hasobject:
            fresh[name] = memo[id(value)] = value.copy(order="K")
        elif type(value) is list and all(id(v) in memo for v in value):  # params, grads
            fresh[name] = memo[id(value)] = [memo[id(v)] for v in value]
        else:
            fresh[name] = copy.deepcopy(value, memo)
    return fresh


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
