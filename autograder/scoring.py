"""One score for one verdict: the rule every front end shows (CLI, app, pytest, classroom).

A check earns points only where it shows the learner's own work:
- an exercise's points are shared among its scored checks in proportion to their weights,
  in whole hundredths (largest remainder), so the points shown add up to the total shown;
- checks of a *supporting* kind (loads, interface, conventions, precision, speed, …) earn
  their share only while every behaviour check they support passes: those of their symbol,
  or of the whole exercise for loads;
- an answer that passes nothing beyond what a do-nothing answer passes (the starting file,
  bodies of `pass`, zeros returned, inputs returned; see ``autograder.donothing``) earns 0.

``apply`` fills in each check's ``points``, ``earned`` and ``unearned`` (passed, but not
the learner's work yet: reported checks too) and the verdict's notes; the verdict's score
is the sum of what its checks earned.
"""

from __future__ import annotations

from typing import Callable

from autograder.messages import LANGS, Msg

# what a check of these kinds observes holds for a file that does nothing useful as well
SUPPORTING_KINDS = frozenset({"loads", "interface", "conventions", "precision", "speed", "in_place", "no_full_call"})

CENT = 100  # points are kept in whole hundredths


def share_cents(max_score: float, weights: list[float]) -> list[int]:
    """`max_score` in hundredths, shared in proportion to `weights` by largest remainder (sums exactly)."""
    total, weight_sum = round(max_score * CENT), sum(weights)
    if not weights or weight_sum <= 0:
        return [0] * len(weights)
    exact = [total * w / weight_sum for w in weights]
    cents = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: exact[i] - cents[i], reverse=True)
    for i in by_remainder[: total - sum(cents)]:
        cents[i] += 1
    return cents


def is_supporting(check) -> bool:
    return check.kind in SUPPORTING_KINDS


def apply(result, free: Callable[[], frozenset[str]]) -> None:
    """Score `result` (a GradeResult) in place. `free()` names the checks a do-nothing answer
    passes; it is asked only when the answer passes some scored checks but not all."""
    scored = [c for c in result.checks if c.scored]
    cents = share_cents(result.max_score, [c.weight for c in scored])
    passed = [c for c in scored if c.passed]
    notes = [n for n in result.notes if n.key not in (_FREE, _SUPPORT)]
    unearned: list = []
    if passed and len(passed) < len(scored):
        free_names = free()
        if all(c.name in free_names for c in passed):
            unearned = [c for c in result.checks if c.passed]
            if result.status != "not_implemented":  # an untouched file is "not implemented yet", said already
                notes.append(Msg(_FREE))
        else:
            unearned = _waiting_support(result.checks, scored)
            if any(c.scored for c in unearned):
                failing = [c for c in scored if not c.passed and not is_supporting(c)]
                notes.append(Msg(_SUPPORT, checks=_names([c for c in unearned if c.scored]),
                                 behaviour=_names(failing)))
    waiting = {id(c) for c in unearned}
    for check in result.checks:
        check.unearned = id(check) in waiting
        check.points = check.earned = 0.0
    for check, share in zip(scored, cents):
        check.points = share / CENT
        check.earned = check.points if check.passed and not check.unearned else 0.0
    result.score = sum(round(c.earned * CENT) for c in scored) / CENT
    result.notes = notes


def _waiting_support(checks: list, scored: list) -> list:
    """The passing supporting checks (scored or reported) whose behaviour checks do not all pass."""
    behaviour = [c for c in scored if not is_supporting(c)]
    out = []
    for check in checks:
        if not (check.passed and is_supporting(check)):
            continue
        supported = [b for b in behaviour if check.symbol is None or b.symbol == check.symbol] or behaviour
        if not all(b.passed for b in supported):
            out.append(check)
    return out


def _names(checks: list) -> Msg:
    separator = Msg("word.separator")
    return Msg("text.plain", text={lang: separator.render(lang).join(c.display_name(lang) for c in checks)
                                   for lang in LANGS})


_FREE = "score.nothing_beyond_do_nothing"
_SUPPORT = "score.support_waits"
