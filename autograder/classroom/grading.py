"""One student's answer to one exercise, graded for a class: guarded, and never raising.

Every classroom route (the gradebook, Gradescope, grade-batch, the notebooks' own
test cells) comes through ``grade_answer``, so they agree on every score:

- no answer, or the starting answer handed back unchanged, scores 0 without a run
  (nbgrader's own "No response" rule; the engine would give it 0 as well);
- anything else is written to a file of its own, the guard's call put before its
  first statement (``autograder.classroom.guard``), and graded by
  ``autograder.grader.grade`` in its sandboxed child;
- a grader that fails (a broken reference, a full disk) is a verdict too, so one
  submission never stops a class.

The score is the engine's (``autograder.scoring``): each check's ``points`` (its share
of the exercise's points, in whole hundredths) and ``earned``. A check *counts* when
it earned its points; one that passed without earning them (an answer passing no
more than a do-nothing answer, or a supporting check whose behaviour checks fail)
counts as not passed in every front end, with the engine's reason. Points are
added in whole hundredths (``cents``), so every total shown is the sum of the
scores shown.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from autograder.catalog import Catalog, Exercise, load_catalog
from autograder.classroom import guard
from autograder.classroom.answers import is_untouched
from autograder.messages import text

MISSING = "missing"
UNTOUCHED = "untouched"
ERROR = "error"

_SHOWN_FILES = 8  # unmatched files named in a verdict; the rest counted


# -- points, in whole hundredths ----------------------------------------------------------

def cents(points: float) -> int:
    """Points in whole hundredths (the engine shares them so: 3.34 + 3.33 + 3.33)."""
    return round(float(points) * 100)


def add(points) -> float:
    """The sum of two-decimal scores, exactly as shown (no 21.166015625, no 9.999999999999998)."""
    return sum(cents(p) for p in points) / 100


def shown(points: float) -> str:
    """A score as text: at most two decimals ("6.67", "10")."""
    return f"{cents(points) / 100:.2f}".rstrip("0").rstrip(".")


def column(points: float) -> str:
    """A score in a table or CSV column: two decimals ("6.67", "10.00")."""
    return f"{cents(points) / 100:.2f}"


def counts(check: dict) -> bool:
    """Whether a check's points count: it passed and earned them (see the module's docstring)."""
    return bool(check.get("passed")) and cents(check.get("earned", 0.0)) >= cents(check.get("points", 0.0))


@dataclass
class Verdict:
    """The grade of one answer: the exercise's score and every check, as plain data."""

    exercise: str
    score: float
    max_score: float
    status: str  # passed, failed, not_implemented (engine statuses), or missing, untouched, error
    checks: list[dict] = field(default_factory=list)  # GradeResult.to_json's checks (+ "reason" when unearned)
    summary: str = ""
    elapsed: float = 0.0
    lang: str = "en"

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    @property
    def scored_checks(self) -> list[dict]:
        return [c for c in self.checks if c.get("scored", True)]

    def check(self, name: str) -> dict | None:
        """A check by its name, or by its title in the verdict's language."""
        return next((c for c in self.checks if name in (c.get("name"), c.get("title"))), None)

    def outcome(self, check: dict) -> str:
        """What a check says, with the engine's reason when it passed without earning its points."""
        message = str(check.get("message", ""))
        if check.get("passed") and not counts(check) and check.get("reason"):
            return _said("unearned", self.lang, message=message, reason=check["reason"])
        return message

    @property
    def first_failure(self) -> str:
        """The first scored check that does not count, as "title: what it says"; the summary when none."""
        failing = next((c for c in self.scored_checks if not c.get("passed")), None) or \
            next((c for c in self.scored_checks if not counts(c)), None)
        if failing is None:
            return "" if self.passed else self.summary
        return f"{failing.get('title') or failing.get('name')}: {self.outcome(failing)}"

    def to_json(self) -> dict:
        return {"exercise": self.exercise, "score": round(self.score, 2), "max_score": round(self.max_score, 2),
                "status": self.status, "passed": self.passed, "summary": self.summary,
                "elapsed": round(self.elapsed, 3), "checks": self.checks}


def _said(key: str, lang: str, **fields) -> str:
    return text("classroom." + key, lang, **fields)


def unmatched_note(lang: str, unmatched) -> str:
    """The files of a submission that answer no exercise, named ("" when there are none)."""
    names = list(unmatched)
    if not names:
        return ""
    files = ", ".join(names[:_SHOWN_FILES]) + (f", … (+{len(names) - _SHOWN_FILES})" if len(names) > _SHOWN_FILES
                                                else "")
    return _said("unmatched", lang, files=files)


def missing_summary(lang: str, unmatched=()) -> str:
    """"No answer handed in", naming the files that were handed in but matched to no exercise."""
    note = unmatched_note(lang, unmatched)
    return _said("missing_unmatched", lang, missing=_said(MISSING, lang), unmatched=note) if note else \
        _said(MISSING, lang)


def grade_answer(exercise: Exercise, source: str | None, *, lang: str = "en", catalog: Catalog | None = None,
                 protect: tuple = (), starts=(), unmatched=(), timing: bool = True) -> Verdict:
    """Grade `source` as the answer to `exercise`. Never raises.

    `protect`: folders the answer must not read (the course); `starts`: fingerprints of
    the starting answers this class was handed (``answers.fingerprint``), besides today's;
    `unmatched`: files of the submission that answer no exercise, named when `source` is None;
    `timing=False` leaves the speed checks (reported, never scored) untimed: the class report's way.
    """
    if source is None:
        return Verdict(exercise.id, 0.0, exercise.points, MISSING, summary=missing_summary(lang, unmatched), lang=lang)
    if is_untouched(exercise, source, starts):
        return Verdict(exercise.id, 0.0, exercise.points, UNTOUCHED, summary=_said(UNTOUCHED, lang), lang=lang)
    from autograder.grader import grade

    folder = Path(tempfile.mkdtemp(prefix="dlfs2-answer-"))
    try:
        path = folder / exercise.module
        path.parent.mkdir(parents=True, exist_ok=True)
        guard.write_guarded(path, source, guard.config_for(exercise, folders=protect, own_file=path))
        result = grade(exercise.id, path, lang=lang, catalog=catalog, timing=timing)
        data = result.to_json(lang)
        # why a passing check earned nothing: the engine's score notes
        reason = " ".join(n.render(lang) for n in result.notes if n.key.startswith("score."))
        checks = []
        for check in data.get("checks", []):
            check = {**check, "message": guard.unguarded(str(check.get("message", "")))}
            if check.get("scored", True) and check.get("passed") and not counts(check) and reason:
                check["reason"] = reason
            checks.append(check)
        return Verdict(exercise.id, float(result.score), float(result.max_score), result.status, checks,
                       data.get("summary", ""), result.elapsed, lang)
    except Exception as err:  # the grader's own failure: a verdict, so the class goes on
        reason = f"{type(err).__name__}: {err}"[:300]
        return Verdict(exercise.id, 0.0, exercise.points, ERROR, summary=_said(ERROR, lang, error=reason), lang=lang)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class Share(NamedTuple):
    """One scored check of an exercise, as the reference meets it: a test cell or a Gradescope test."""

    name: str  # the check's identity (the same in every language)
    title: str  # its name in the course's language
    points: float  # its share of the exercise's points (two decimals; they add up to the exercise's points)


@lru_cache(maxsize=None)
def _reference_shares(exercise_id: str, catalog_key: int, lang: str) -> tuple[Share, ...]:
    catalog = _catalogs[catalog_key]
    exercise = catalog[exercise_id]
    from autograder.grader import grade

    result = grade(exercise.id, exercise.solution_path, lang=lang, catalog=catalog)
    if not result.passed:
        raise RuntimeError(f"the reference of {exercise.id} does not pass its own checks: {result.summary()}")
    return tuple(Share(c.name, c.display_name(lang), cents(c.points) / 100) for c in result.scored)


_catalogs: dict[int, Catalog] = {}


def reference_checks(exercise: Exercise, catalog: Catalog | None = None, lang: str = "en") -> list[Share]:
    """The scored checks of an exercise and the engine's points for each, as the reference meets them."""
    catalog = catalog or load_catalog()
    _catalogs.setdefault(id(catalog), catalog)
    return list(_reference_shares(exercise.id, id(catalog), lang))
