"""What a check result shows beside its sentence: typed values the front ends draw.

A check draws at most one figure of each type (CheckResult.figures); the app, the
PNGs and the JSON read these fields, never a string key of a check's details.
The names match the executor's record: a curve recorded as `<as>.loss_list`
(the book's Trainer) or `loss_list` (the train step) is a Curve of kind "loss".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping, Union

import numpy

# the record name of each curve (the attribute the book's trainers keep) → the curve's kind
CURVE_RECORDS = {"loss_list": "loss", "ppl_list": "perplexity", "acc_list": "accuracy"}
CURVE_KINDS = tuple(CURVE_RECORDS.values())
CURVE_STEPS = ("epoch", "evaluation")  # what one point of a curve stands for


def _frozen(mapping) -> Mapping:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class GradientErrors:
    """The gradient check's findings per tensor (dW, db, dx …).

    `errors`: the largest relative error of analytic vs numerical gradient over what was
    sampled; `maps`: |analytic − numeric| per element, NaN where nothing was sampled (only
    for tensors sampled element by element).
    """

    errors: Mapping[str, float] = field(default_factory=dict)
    maps: Mapping[str, numpy.ndarray] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "errors", _frozen(self.errors))
        object.__setattr__(self, "maps", _frozen(self.maps))

    def with_tensor(self, name: str, error: float | None = None, error_map=None) -> GradientErrors:
        """These findings and one more of tensor `name` (its largest error kept, its map replaced)."""
        errors, maps = dict(self.errors), dict(self.maps)
        if error is not None:
            errors[name] = max(errors.get(name, 0.0), float(error))
        if error_map is not None:
            maps[name] = error_map
        return GradientErrors(errors, maps)


@dataclass(frozen=True)
class Curve:
    """A training curve: the learner's values and the reference's, on the same probe.

    `kind`: loss, perplexity or accuracy (CURVE_KINDS); `step`: what one point stands for —
    an epoch, or one evaluation of the book's trainer (every `eval_interval` updates).
    """

    kind: str
    values: numpy.ndarray
    reference: numpy.ndarray | None = None
    step: str = "epoch"

    def __post_init__(self):
        if self.kind not in CURVE_KINDS:
            raise ValueError(f"curve kind {self.kind!r}; known: {', '.join(CURVE_KINDS)}")
        if self.step not in CURVE_STEPS:
            raise ValueError(f"curve step {self.step!r}; known: {', '.join(CURVE_STEPS)}")
        object.__setattr__(self, "values", numpy.asarray(self.values, dtype=float))
        if self.reference is not None:
            object.__setattr__(self, "reference", numpy.asarray(self.reference, dtype=float))

    @classmethod
    def recorded(cls, key: str, values, reference=None, step: str = "evaluation") -> Curve:
        """The curve the executor recorded under `key` (`train.ppl_list` → kind perplexity)."""
        record = key.rpartition(".")[2]
        if record not in CURVE_RECORDS:
            raise ValueError(f"{key!r} is no curve; a curve is recorded as {', '.join(CURVE_RECORDS)}")
        return cls(CURVE_RECORDS[record], values, reference, step)


@dataclass(frozen=True)
class AttentionMap:
    """Attention weights (queries × keys) of the learner's layer, and the reference's (chapter 8).

    `rows` and `columns` label the queries and the keys (a decoder's output characters, the
    question's characters), when there are names to show.
    """

    weights: numpy.ndarray
    reference: numpy.ndarray | None = None
    rows: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "weights", numpy.asarray(self.weights, dtype=float))
        if self.weights.ndim != 2:
            raise ValueError(f"attention weights are a (queries, keys) matrix, not of shape {self.weights.shape}")
        if self.reference is not None:
            object.__setattr__(self, "reference", numpy.asarray(self.reference, dtype=float))
        object.__setattr__(self, "rows", tuple(str(r) for r in self.rows))
        object.__setattr__(self, "columns", tuple(str(c) for c in self.columns))
        for labels, count, what in ((self.rows, self.weights.shape[0], "rows"),
                                    (self.columns, self.weights.shape[1], "columns")):
            if labels and len(labels) != count:
                raise ValueError(f"{len(labels)} {what} labels for {count} {what}")


Figure = Union[GradientErrors, Curve, AttentionMap]
