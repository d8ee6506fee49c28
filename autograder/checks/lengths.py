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
        details.setdefault("wrong_first", [])
        details["wrong_first"] += [n for n in self._wrong_first(item) if n not in details["wrong_first"]]

    def _parts(self, item, prefix):
        """(names, learner's value, reference's value) of out, dx and each grad, after the call `prefix`
        ("" for the probe's own forward and backward, "length1." for an again step)."""
        got, want = item.got, item.want
        if prefix + "out" not in want:
            return
        pairs = [(output_names(self.probe, want[prefix + "out"], f"{self.symbol}.forward(...)"), "out")]
        if prefix + "dx" in want:
            pairs.append((input_gradient_names(item), "dx"))
        for names, key in pairs:
            reference = want[prefix + key]
            if isinstance(reference, list) and len(names) == 1:
                names = names[0]
            yield names, got.get(prefix + key), reference
        if isinstance(want.get(prefix + "grads"), list) and want[prefix + "grads"]:
            groups = want.get("param_groups") or [[[j, False]] for j in range(len(want[prefix + "grads"]))]
            labels = grad_names(self, item)
            got_grads = got.get(prefix + "grads") if isinstance(got.get(prefix + "grads"), list) else []
            for group, g, w in zip(groups, grouped(got_grads, groups), grouped(want[prefix + "grads"], groups)):
                yield labels[group[0][0]] if group[0][0] < len(labels) else "grads", g, w

    def run(self, items):
        self._items = items
        return super().run(items)

    def _wrong_first(self, item) -> list:
        """The values already wrong at the probe's own sizes (any of them: a gradient not carried back in
        time is right at T = 1): forward and backward name that bug; here it would be blamed on the
        second call."""
        if not self.options.get("compare", True):
            return []
        wrong = []
        for one in getattr(self, "_items", [item]):
            if not one.got:
                continue
            wrong += [_label(names) for names, value, reference in self._parts(one, "")
                      if value is not None and self._differs(value, reference, names) and _label(names) not in wrong]
        return wrong

    def _problems(self, item, name):
        """What differs from the reference at these sizes, first problem first (values right at the first
        sizes only: one wrong there is forward's or backward's to name)."""
        wrong_first = self._wrong_first(item)
        for names, value, reference in self._parts(item, name + "."):
            if _label(names) not in wrong_first:
                yield from self._compared(value, reference, names)

    def _differs(self, value, reference, names) -> bool:
        rtol, atol = tolerance_for(value, reference, self.rtol(), self.atol())
        return compare(value, reference, names, rtol, atol) is not None

    def _compared(self, value, reference, names):
        if self.options.get("compare", True):
            rtol, atol = tolerance_for(value, reference, self.rtol(), self.atol())
            problem = compare(value, reference, names, rtol, atol)
        else:
            problem = _shape_problem(value, reference, names)
        if problem is not None:
            yield problem

    def ok_message(self, items, details):
        sizes = ", ".join(details.get("lengths") or [])
        if details.get("wrong_first"):
            wrong = details["wrong_first"]
            return Msg("lengths.ok_except", sizes=sizes, names=", ".join(wrong),
                       is_are=Msg("word.is" if len(wrong) == 1 else "word.are"))
        return Msg("lengths.ok", sizes=sizes)


def _label(names) -> str:
    return ", ".join(names) if isinstance(names, list) else str(names)


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
