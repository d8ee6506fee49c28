"""Checks of an optimizer: its trajectory over several update steps, and that it updates in place."""

from __future__ import annotations

import numpy

from autograder.checks.base import (
    Check,
    Failure,
    Item,
)
from autograder.diagnosis import (
    compare,
)
from autograder.messages import Msg

# -- optimizer checks ----------------------------------------------------------------

def _steps(item: Item) -> int:
    return sum(1 for s in item.plan["steps"] if s.get("method") == "update")


class OptimizerCheck(Check):
    needs = ("step1.list",)

    def complete(self, item):
        # a step that raised leaves fewer recorded steps: nothing to judge "in place" on
        return f"step{_steps(item)}.list" in item.got

    def trajectory(self, record, item):
        return [record[f"step{k}.list"] for k in range(1, _steps(item) + 1)]


class Update(OptimizerCheck):
    name = "update"
    kind = "update"

    def verify(self, item, details):
        before = next(s["value"] for s in item.plan["steps"] if s["op"] == "let")
        for k, (got, want) in enumerate(zip(self.trajectory(item.got, item), self.trajectory(item.want, item)),
                                        start=1):
            problem = compare(got, want, "params", self.rtol(), self.atol())
            if problem:
                raise Failure(Msg("update.step", step=k, detail=self._explain(problem, got, want, before)))
            before = want
        details["steps"] = _steps(item)

    def _explain(self, problem, got, want, before):
        """The weights themselves differ by little (W − 0.1·g vs W + 0.1·g): look at the step.

        Comparing W_after − W_before with the reference's step names a flipped sign, a
        missing learning rate or bias correction (a constant factor) or no step at all,
        where comparing the weights could only say "differs in 12 of 12 elements".
        """
        if not isinstance(got, list) or len(got) != len(want):
            return problem
        for i, (g, w, b) in enumerate(zip(got, want, before)):
            if not (isinstance(g, numpy.ndarray) and isinstance(w, numpy.ndarray) and isinstance(b, numpy.ndarray)
                    and g.shape == w.shape == b.shape):
                continue
            if compare(g, w, f"params[{i}]", self.rtol(), self.atol()) is None:
                continue
            step = compare(g - b, w - b, f"params[{i}]", max(self.rtol(), 1e-4), self.atol())
            if step is None:
                return problem
            if step.key == "diag.sign":
                return Msg("update.sign", index=i)
            if step.key == "diag.scaled":
                return Msg("update.scaled", index=i, factor=step.fields["factor"])
            if step.key == "diag.zeros":
                return Msg("update.unchanged", index=i)
            return problem
        return problem

    def ok_message(self, items, details):
        return Msg("update.ok", steps=details.get("steps", 0))


class InPlace(OptimizerCheck):
    name = "in place"
    kind = "in_place"

    def verify(self, item, details):
        updates = [s for s in item.plan["steps"] if s.get("method") == "update"]
        for k, step in enumerate(updates, start=1):
            original, current = item.got[f"step{k}.original"], item.got[f"step{k}.list"]
            for i, (o, c) in enumerate(zip(original, current)):
                if isinstance(o, numpy.ndarray) and isinstance(c, numpy.ndarray):
                    if o.shape == c.shape and not numpy.array_equal(o, c):
                        raise Failure(Msg("inplace.rebound", step=k, index=i))
            grads_after = (item.got.get(f"step{k}.args_after") or [None, []])[1] or []
            for i, (sent, after) in enumerate(zip(step["args"][1], grads_after)):
                if isinstance(after, numpy.ndarray) and after.shape == sent.shape and not numpy.array_equal(sent, after):
                    raise Failure(Msg("inplace.grads_modified", step=k, index=i))

    def ok_message(self, items, details):
        return Msg("inplace.ok")


# -- training ------------------------------------------------------------------------

