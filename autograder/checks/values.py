"""Checks of returned values: equal to the reference's, or an intended in-place update."""

from __future__ import annotations

import re

import numpy

from autograder.checks.base import Check, Failure, error_failure, output_names, variant_value
from autograder.checks.layer import _align_column_signs, _alternative_failure
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
                says = variant_value(self.spec("variants"), item, name, got, rtol, atol)
                if says is not None:
                    raise Failure(Msg("forward.variant", name=label, says=says),
                                  cause=f"alternative:{item.plan['probe']}")
                raise Failure(self.named(problem, got, want, rtol, atol), cause=_forward_named(self, item))

    def ok_message(self, items, details):
        return Msg("match.ok", names=", ".join(self.needs))


def _forward_named(check, item) -> str | None:
    """The cause of a value read after forward (a layer's attention weights) that is wrong while forward's
    output is the reference's built another way (a `variants` mistake): the forward check names it, once."""
    got, want = item.got.get("out"), item.want.get("out")
    if got is None or want is None:
        return None
    rtol, atol = tolerance_for(got, want, check.rtol(), check.atol())
    names = output_names(check.probe, want, "out")
    if compare(got, want, names, rtol, atol) is None:
        return None
    alternative = _alternative_failure(check, item, got, names, rtol, atol)
    return alternative.cause if alternative else None


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
        raise Failure(_factor_per_array(got_after, want_after, sent, label) or problem)

    def ok_message(self, items, details):
        return Msg("inplace_update.ok", name=self.options.get("label", "grads"))




class Printed(Check):
    """What a call printed (`prints = "printed"` on its step) against what the reference printed.

    Lines are compared with their whitespace collapsed and their numbers as numbers: a number
    matches when it is within half a unit of the last digit the less precise side printed
    (0.707 matches 0.7071067691154799; 0.71 does not match 0.7071). `order = "ties"` lets lines
    whose numbers are all equal (a tie in a ranking) come in any order among themselves;
    `order = "any"` ignores the order of the lines altogether.
    """

    name = "printed"
    kind = "printed"

    @property
    def needs(self):
        return (self.options.get("value", "printed"),)

    def verify(self, item, details):
        value = self.options.get("value", "printed")
        label = self.options.get("label", value)
        got, want = item.got[value], item.want[value]
        got_lines, want_lines = printed_lines(got), printed_lines(want)
        details["printed"] = got
        if item.error:
            raise error_failure(item.error, self.spec("causes"))  # what it printed before raising is not the point
        if not got_lines and want_lines:
            raise Failure(Msg("printed.nothing", name=label, want_lines=lines_text(len(want_lines)),
                              first=want_lines[0]))
        problem = compare_printed(got_lines, want_lines, self.options.get("order", "exact"),
                                  float(self.options.get("rtol", 1e-6)))
        if problem is not None:
            key, fields = problem
            raise Failure(Msg(key, name=label, lines=lines_text(len(got_lines)),
                              want_lines=lines_text(len(want_lines)), **fields))

    def ok_message(self, items, details):
        return Msg("printed.ok", name=self.options.get("label", self.options.get("value", "printed")))


_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|[-+]?\b(?:nan|inf)\b")


def lines_text(count: int) -> Msg:
    return Msg("count.line" if count == 1 else "count.lines", count=count)


def printed_lines(text) -> list[str]:
    """The non-blank lines of printed text, whitespace runs collapsed."""
    if not isinstance(text, str):
        return []
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _parsed(line: str) -> tuple[str, list[tuple[float, float]]]:
    """(the line with each number replaced by #, [(value, half a unit of its last printed digit), ...])."""
    numbers = []
    for token in _NUMBER.findall(line):
        mantissa, _, exponent = token.lower().partition("e")
        digits = len(mantissa.partition(".")[2]) if "." in mantissa else 0
        scale = 10.0 ** (int(exponent) if exponent else 0)
        numbers.append((float(token), 0.5 * 10.0 ** -digits * scale if "." in mantissa or exponent else 0.0))
    return " ".join(_NUMBER.sub("#", line).split()), numbers


def _same_line(got: str, want: str, rtol: float) -> bool:
    (got_text, got_numbers), (want_text, want_numbers) = _parsed(got), _parsed(want)
    if got_text != want_text or len(got_numbers) != len(want_numbers):
        return False
    for (a, ulp_a), (b, ulp_b) in zip(got_numbers, want_numbers):
        if a != b and not abs(a - b) <= max(ulp_a, ulp_b) + rtol * max(abs(a), abs(b)):
            return False
    return True


def _tie_groups(lines: list[str], rtol: float) -> list[list[int]]:
    """Runs of consecutive lines whose numbers are all equal (a tie in a printed ranking)."""
    groups: list[list[int]] = []
    for i, line in enumerate(lines):
        numbers = _parsed(line)[1]
        if groups and numbers:
            previous = _parsed(lines[groups[-1][0]])[1]
            if len(previous) == len(numbers) and all(
                    abs(a - b) <= max(ua, ub) + rtol * max(abs(a), abs(b))
                    for (a, ua), (b, ub) in zip(numbers, previous)):
                groups[-1].append(i)
                continue
        groups.append([i])
    return groups


def compare_printed(got: list[str], want: list[str], order: str, rtol: float):
    """None when the lines match, else (message key, fields) saying the first difference."""
    if order == "any":
        spare = list(got)
        for line in want:
            hit = next((j for j, g in enumerate(spare) if _same_line(g, line, rtol)), None)
            if hit is None:
                return "printed.missing_line", {"expected": line}
            spare.pop(hit)
        if spare:
            return "printed.extra_line", {"got": spare[0]}
        return None
    groups = _tie_groups(want, rtol) if order == "ties" else [[i] for i in range(len(want))]
    for group in groups:
        window = list(range(group[0], min(group[-1] + 1, len(got))))
        if not window:
            return "printed.missing_line", {"expected": want[group[0]]}
        spare = list(window)
        for i in group:
            hit = next((j for j in spare if _same_line(got[j], want[i], rtol)), None)
            if hit is None:
                if i >= len(got):
                    return "printed.missing_line", {"expected": want[i]}
                if order == "exact" and any(_same_line(g, want[i], rtol) for g in got):
                    return "printed.order", {"line": i + 1, "got": got[i], "expected": want[i]}
                shown = spare[0] if i not in spare else i
                return "printed.line", {"line": shown + 1, "got": got[shown], "expected": want[i]}
            spare.remove(hit)
    if len(got) > len(want):
        return "printed.extra_line", {"got": got[len(want)]}
    return None
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
