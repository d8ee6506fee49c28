"""Checks of returned values: equal to the reference's, or an intended in-place update."""

from __future__ import annotations

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
    kind = "match"

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
        raise Failure(problem)

    def ok_message(self, items, details):
        return Msg("inplace_update.ok", name=self.options.get("label", "grads"))


