"""Inputs of the probes, written in the catalog as small expressions.

    randn(N,D)        standard normal, shape (N, D)
    randn(N,C)*1000   scaled;  randn(N,C)+1000  shifted
    rand(N,D)         uniform [0, 1)
    softmax(N,C)      rows of probabilities (for losses)
    labels(N,C)       N class indices below C (shape (N,)); labels(C): one index
    onehot(N,C)       one-hot rows
    spiral_x, spiral_t  the spiral data set (book ch. 1)
    N                 a size taken from the probe's `sizes` entry
    0.5, 3            plain numbers pass through

Dims are names looked up in the size table or integer literals.
"""

import re

import numpy

_EXPR = re.compile(r"^\s*(\w+)\s*\(([^)]*)\)\s*(?:([*+])\s*([-+0-9.eE]+))?\s*$")


class SpecError(ValueError):
    """The catalog says something the grader cannot build."""


def build(expr, sizes: dict, rng: numpy.random.Generator):
    if isinstance(expr, (int, float, bool)):
        return expr
    if not isinstance(expr, str):
        raise SpecError(f"cannot build a tensor from {expr!r}")
    text = expr.strip()
    if text in sizes:
        return int(sizes[text])
    if text in ("spiral_x", "spiral_t"):
        from corpora import spiral

        x, t = spiral.load_data()
        return x if text == "spiral_x" else t
    match = _EXPR.match(text)
    if not match:
        raise SpecError(f"cannot parse tensor expression {expr!r}")
    kind, dims_text, op, operand = match.groups()
    dims = tuple(_dim(d, sizes, expr) for d in dims_text.split(",") if d.strip())
    value = _generate(kind, dims, rng, expr)
    if op == "*":
        value = value * float(operand)
    elif op == "+":
        value = value + float(operand)
    return value


def _dim(name: str, sizes: dict, expr) -> int:
    name = name.strip()
    if name.isdigit():
        return int(name)
    if name not in sizes:
        raise SpecError(f"size {name!r} of {expr!r} is not in the probe's sizes")
    return int(sizes[name])


def _generate(kind, dims, rng, expr):
    if kind == "randn":
        return rng.standard_normal(dims)
    if kind == "rand":
        return rng.random(dims)
    if kind == "softmax":
        z = rng.standard_normal(dims)
        e = numpy.exp(z - z.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    if kind == "labels":
        classes = dims[-1]
        count = dims[:-1]
        return rng.integers(0, classes, size=count if count else ())
    if kind == "onehot":
        *count, classes = dims
        idx = rng.integers(0, classes, size=tuple(count))
        return numpy.eye(classes, dtype=numpy.int64)[idx]
    raise SpecError(f"unknown tensor generator {kind!r} in {expr!r}")
