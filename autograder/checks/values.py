"""Checks of returned values: equal to the reference's, or an intended in-place update."""

from __future__ import annotations

import numpy

from autograder.checks.base import Check, Failure
from autograder.checks.layer import _align_column_signs
from autograder.diagnosis import (
    compare,
    tolerance_for,
)
from autograder.messages import Msg


class Match(Check):
    """Named values against the reference's (`values = ["word_vecs"]`), with a tolerance by dtype."""

    name = "match"

    @property
    def needs(self):
        return tuple(self.options.get("values", ["out"]))

    def verify(self, item, details):
        for name in self.needs:
            got, want = item.got[name], item.want[name]
            if self.options.get("up_to_sign") == "columns":
                got = _align_column_signs(got, want)
            label = self.options.get("label_of", {}).get(name, name)
            rtol, atol = tolerance_for(got, want, self.rtol(), self.atol())
            problem = compare(got, want, label, rtol, atol)
            if problem:
                raise Failure(problem)

    def ok_message(self, items, details):
        return Msg("match.ok", names=", ".join(self.needs))


class InPlaceUpdate(Check):
    """A call meant to change its argument in place (clip_grads): the arrays after, and the same arrays."""

    name = "in place update"
    kind = "in_place_update"
    kind = "match"

    @property
    def needs(self):
        return (self.options.get("value", "out") + ".args_after",)

    def verify(self, item, details):
        call = self.options.get("value", "out")
        index = int(self.options.get("arg", 0))
        label = self.options.get("label", "grads")
        got_after, want_after = item.got[call + ".args_after"][index], item.want[call + ".args_after"][index]
        rebound = (item.got.get(call + ".rebound") or [None] * (index + 1))[index] or []
        for j, moved in enumerate(rebound):
            if moved:
                raise Failure(Msg("inplace_update.rebound", name=label, index=j))
        sent = item.sent(f"{call}:{index}")
        problem = compare(got_after, want_after, label, self.rtol(), self.atol())
        if problem is None:
            return
        untouched = compare(got_after, sent, label, 1e-12, 1e-14) is None
        if untouched and compare(want_after, sent, label, 1e-12, 1e-14) is not None:
            raise Failure(Msg("inplace_update.unchanged", name=label))
        if compare(want_after, sent, label, 1e-12, 1e-14) is None:
            raise Failure(Msg("inplace_update.changed", name=label, detail=problem))
        raise Failure(_factor_per_array(got_after, want_after, sent, label) or problem)

    def ok_message(self, items, details):
        return Msg("inplace_update.ok", name=self.options.get("label", "grads"))




def _factor_per_array(got, want, sent, label):
    """The arrays each scaled by a factor of their own where the reference scales them all by one
    (clip_grads with a norm per array instead of one norm over every gradient)."""
    if not (isinstance(got, list) and isinstance(want, list) and isinstance(sent, list)
            and len(got) == len(want) == len(sent) > 1):
        return None

    def factor(after, before):
        if not (isinstance(after, numpy.ndarray) and isinstance(before, numpy.ndarray)
                and after.shape == before.shape and numpy.any(before)):
            return None
        before, after = before.astype(float), after.astype(float)
        c = float(numpy.sum(after * before) / numpy.sum(before * before))
        return c if numpy.allclose(after, c * before, rtol=1e-6, atol=1e-12) else None

    expected = [factor(w, x) for w, x in zip(want, sent)]
    found = [factor(g, x) for g, x in zip(got, sent)]
    if None in expected or None in found or not numpy.allclose(expected, expected[0], rtol=1e-6):
        return None
    if numpy.allclose(found, found[0], rtol=1e-6):
        return None  # one factor for all: the generic "× the expected values" says how far off it is
    return Msg("inplace_update.factor_per_array", name=label, factors=", ".join(f"{c:.4g}" for c in found),
               expected=float(expected[0]))
