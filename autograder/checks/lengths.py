"""A layer called again on the same instance with other sizes (a longer sequence): it must not keep what it built for one."""

from __future__ import annotations

import numpy

from autograder.checks.base import Check, Failure, grad_names, grouped, input_gradient_names, output_names
from autograder.diagnosis import compare, shape_problem, tolerance_for
from autograder.messages import Msg


class Lengths(Check):
    """The `again` steps of a probe (a layer preset's `lengths`): each ran, and its out, dx and grads match the
    reference's at those sizes (`compare = false`: have its shapes, for a layer that draws at random)."""

    name = "lengths"
    kind = "lengths"
    needs = ("out",)

    def complete(self, item):
        return all(step["as"] + ".out" in item.got or step["as"] + ".error" in item.got for step in _again(item))

    def verify(self, item, details):
        before = dict(item.plan["sizes"])
        for step in _again(item):
            name, changed = step["as"], step["sizes"]
            now = {**before, **changed}
            was, at = _sizes(before, changed), _sizes(now, changed)
            error = item.got.get(name + ".error")
            if error:
                raise Failure(_raised(self.symbol, was, at, error))
            for problem in self._problems(item, name):
                raise Failure(Msg("lengths.differs", symbol=self.symbol, before=was, now=at, detail=problem))
            before = now
        details["lengths"] = [_sizes({**item.plan["sizes"], **s["sizes"]}, s["sizes"]) for s in _again(item)]

    def _problems(self, item, name):
        """What differs from the reference at these sizes, first problem first."""
        got, want = item.got, item.want
        pairs = [(output_names(self.probe, want["out"], f"{self.symbol}.forward(...)"), ".out")]
        if name + ".dx" in want:
            pairs.append((input_gradient_names(item), ".dx"))
        for names, key in pairs:
            value, reference = got.get(name + key), want[name + key]
            if isinstance(reference, list) and len(names) == 1:
                names = names[0]
            yield from self._compared(value, reference, names)
        if isinstance(want.get(name + ".grads"), list) and want[name + ".grads"]:
            groups = want.get("param_groups") or [[[j, False]] for j in range(len(want[name + ".grads"]))]
            labels = grad_names(self, item)
            got_grads = got.get(name + ".grads") if isinstance(got.get(name + ".grads"), list) else []
            for group, g, w in zip(groups, grouped(got_grads, groups), grouped(want[name + ".grads"], groups)):
                yield from self._compared(g, w, labels[group[0][0]] if group[0][0] < len(labels) else "grads")

    def _compared(self, value, reference, names):
        if self.options.get("compare", True):
            rtol, atol = tolerance_for(value, reference, self.rtol(), self.atol())
            problem = compare(value, reference, names, rtol, atol)
        else:
            problem = _shape_problem(value, reference, names)
        if problem is not None:
            yield problem

    def ok_message(self, items, details):
        return Msg("lengths.ok", sizes=", ".join(details.get("lengths") or []))


def _again(item) -> list[dict]:
    return [step for step in item.plan["steps"] if step["op"] == "again"]


def _sizes(sizes: dict, keys) -> str:
    return ", ".join(f"{k}={sizes[k]}" for k in keys if k in sizes)


def _raised(symbol, was, at, error) -> Msg:
    if error.get("line"):
        return Msg("lengths.raised", symbol=symbol, before=was, now=at, type=error["type"], message=error["message"],
                   line=error["line"], code=error.get("code") or "")
    return Msg("lengths.raised_noline", symbol=symbol, before=was, now=at, type=error["type"],
               message=error["message"], step=error["step"])


def _shape_problem(value, reference, names):
    """Only the shapes: a value of the reference's kind, each array of the reference's shape."""
    if isinstance(reference, list):
        parts = names if isinstance(names, list) else [f"{names}[{i}]" for i in range(len(reference))]
        if not isinstance(value, list) or len(value) != len(reference):
            return compare(value, reference, names)
        return next((p for p in (_shape_problem(v, r, n) for v, r, n in zip(value, reference, parts)) if p), None)
    if isinstance(reference, numpy.ndarray):
        if not isinstance(value, numpy.ndarray):
            return compare(value, reference, names)
        if value.shape != reference.shape:
            return shape_problem(value.shape, reference.shape, names)
    return None
