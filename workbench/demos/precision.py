"""Train a model in float32, as the book does.

The book draws every weight `.astype('f')` and its layers keep float32 states; the references
(and most learners' files) draw float64, which computes the same model at half the speed of
the book's BLAS calls. `to_float32(model)` replaces every float64 array the model holds — in
its params and grads lists and in any attribute of it or of its layers — by a float32 copy,
each array copied once, so a weight two layers share stays one array and a view of a weight
(weight tying's `embed_W.T`) stays a view of its copy. Layers that derive their dtype from
their inputs and weights (the references do) then run in float32 throughout.
"""

from __future__ import annotations

import types

import numpy

_SKIP = (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, types.MethodType, type)


def to_float32(model) -> int:
    """Cast the model's float64 arrays to float32 in place of the originals; returns how many arrays it cast."""
    copies: dict[int, numpy.ndarray] = {}

    def cast(array: numpy.ndarray) -> numpy.ndarray:
        if array.dtype != numpy.float64:
            return array
        if id(array) in copies:
            return copies[id(array)]
        base = array.base
        if isinstance(base, numpy.ndarray) and base.dtype == numpy.float64 and base.ndim and base.flags.c_contiguous:
            # a view (a transposed or sliced weight): the same view of the base's copy
            owner = cast(base)
            offset = array.__array_interface__["data"][0] - base.__array_interface__["data"][0]
            copy = numpy.ndarray(array.shape, numpy.float32, buffer=owner, offset=offset // 2,
                                 strides=tuple(s // 2 for s in array.strides))
        else:
            copy = array.astype(numpy.float32)
        copies[id(array)] = copy
        return copy

    seen: set[int] = set()

    def walk(value):
        if isinstance(value, numpy.ndarray):
            return cast(value)
        if id(value) in seen or isinstance(value, _SKIP) or value is None:
            return value
        if isinstance(value, list):
            seen.add(id(value))
            value[:] = [walk(v) for v in value]
        elif isinstance(value, dict):
            seen.add(id(value))
            for key in list(value):
                value[key] = walk(value[key])
        elif isinstance(value, tuple):
            return tuple(walk(v) for v in value)
        elif hasattr(value, "__dict__"):
            seen.add(id(value))
            for key, attr in list(vars(value).items()):
                setattr(value, key, walk(attr))
        return value

    walk(model)
    return len(copies)
