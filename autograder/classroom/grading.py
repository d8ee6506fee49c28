"""One student's answer to one exercise, graded for a class: guarded, and never raising.

Every classroom route (the gradebook, Gradescope, grade-batch, the notebooks' own
test cells) comes through ``grade_answer``, so they agree on every score:

- no answer, or the starting answer handed back unchanged, scores 0 without a run
  (nbgrader's own "No response" rule: points are for what the student wrote, and
  the provided ``__init__`` alone would pass the loads and interface checks);
- anything else is written to a file of its own, the guard's call put before its
  first statement (``autograder.classroom.guard``), and graded by
  ``autograder.grader.grade`` in its sandboxed child;
- an answer that passes only the checks the starting code passes as well (the
  provided ``__init__`` meets loads and interface) scores 0: a stub with a cheat
  stuck on it earns nothing;
- a grader that fails (a broken reference, a full disk) is a verdict too, so one
  submission never stops a class.

Points per check: the exercise's points shared by the scored checks in proportion
to their weights, in steps of 1/1024 with the remainder on the last, so the test
cells or Gradescope tests of an exercise add up to its points exactly (no
69.99999999999999 in a gradebook).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from autograder.catalog import Catalog, Exercise, load_catalog
from autograder.classroom import guard
from autograder.classroom.answers import is_untouched

MISSING = "missing"
UNTOUCHED = "untouched"
ERROR = "error"

_WORDS = {
    "free": {"en": "{message} (but nothing beyond what the starting code passes works yet: no points)",
             "zh": "{message}（但除了起始代码本来就能通过的检查之外，还没有任何检查通过：不得分）"},
    MISSING: {"en": "no answer handed in for this exercise", "zh": "没有提交这道练习的答案"},
    UNTOUCHED: {"en": "the starting code is unchanged: no answer yet", "zh": "起始代码没有改动：还没有作答"},
    ERROR: {"en": "the grader could not grade this answer ({error}); ask the instructor",
            "zh": "评分程序无法为这个答案评分（{error}）；请联系老师"},
}


@dataclass
class Verdict:
    """The grade of one answer: the exercise's score and every check, as plain data."""

    exercise: str
    score: float
    max_score: float
    status: str  # passed, failed, not_implemented (engine statuses), or missing, untouched, error
    checks: list[dict] = field(default_factory=list)  # GradeResult.to_json's checks
    summary: str = ""
    elapsed: float = 0.0

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    @property
    def scored_checks(self) -> list[dict]:
        return [c for c in self.checks if c.get("scored", True)]

    def check(self, name: str) -> dict | None:
        return next((c for c in self.checks if c.get("name") == name), None)

    @property
    def first_failure(self) -> str:
        """The first failing scored check, as "name: message"; the summary when none failed."""
        failing = next((c for c in self.scored_checks if not c.get("passed")), None)
        if failing is None:
            return "" if self.passed else self.summary
        return f"{failing.get('name')}: {failing.get('message', '')}"

    def to_json(self) -> dict:
        return {"exercise": self.exercise, "score": self.score, "max_score": self.max_score,
                "status": self.status, "passed": self.passed, "summary": self.summary,
                "elapsed": round(self.elapsed, 3), "checks": self.checks}


def _said(key: str, lang: str, **fields) -> str:
    words = _WORDS[key]
    return (words.get(lang) or words["en"]).format(**fields)


def grade_answer(exercise: Exercise, source: str | None, *, lang: str = "en", catalog: Catalog | None = None,
                 protect: tuple = (), starts=()) -> Verdict:
    """Grade `source` as the answer to `exercise`. Never raises.

    `protect`: folders the answer must not read (the course); `starts`: fingerprints of
    the starting answers this class was handed (``answers.fingerprint``), besides today's.
    """
    if source is None:
        return Verdict(exercise.id, 0.0, exercise.points, MISSING, summary=_said(MISSING, lang))
    if is_untouched(exercise, source, starts):
        return Verdict(exercise.id, 0.0, exercise.points, UNTOUCHED, summary=_said(UNTOUCHED, lang))
    from autograder.grader import grade

    folder = Path(tempfile.mkdtemp(prefix="dlfs2-answer-"))
    try:
        path = folder / exercise.module
        path.parent.mkdir(parents=True, exist_ok=True)
        guard.write_guarded(path, source, guard.config_for(exercise, folders=protect, own_file=path))
        result = grade(exercise.id, path, lang=lang, catalog=catalog)
        data = result.to_json(lang)
        checks = [{**c, "message": guard.unguarded(str(c.get("message", "")))} for c in data.get("checks", [])]
        verdict = Verdict(exercise.id, float(result.score), float(result.max_score), result.status,
                          checks, data.get("summary", ""), result.elapsed)
        # the score as the test cells and Gradescope tests add it up (result.score to 1/100, exactly)
        passed = {c["name"] for c in verdict.scored_checks if c.get("passed")}
        verdict.score = sum(points for name, points in check_points(verdict) if name in passed)
        return _no_free_points(verdict, free_checks(exercise, catalog), lang)
    except Exception as err:  # the grader's own failure: a verdict, so the class goes on
        reason = f"{type(err).__name__}: {err}"[:300]
        return Verdict(exercise.id, 0.0, exercise.points, ERROR, summary=_said(ERROR, lang, error=reason))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


POINT_STEP = 1 / 1024  # a binary fraction: shares add up exactly, in nbgrader's database too


def _no_free_points(verdict: Verdict, free: frozenset[str], lang: str) -> Verdict:
    """No points for an answer that passes only what the starting code passes (the provided
    ``__init__`` alone passes loads and interface): a stub with a cheat stuck on scores 0."""
    passed = {c.get("name") for c in verdict.scored_checks if c.get("passed")}
    if not passed or not passed <= free:
        return verdict
    for check in verdict.checks:
        if check.get("name") in passed:
            check["passed"] = False
            check["message"] = _said("free", lang, message=check.get("message", ""))
    verdict.score = 0.0
    return verdict


_free: dict[tuple, frozenset[str]] = {}


def free_checks(exercise: Exercise, catalog: Catalog | None = None) -> frozenset[str]:
    """The checks the untouched starting answer already passes, graded once and cached on disk."""
    import json
    import os

    from autograder import engine
    from autograder.classroom.answers import fingerprint
    from autograder.grader import grade

    start = _start_of(exercise)
    key = (exercise.id, fingerprint(start), engine.digest()[:16])
    if key in _free:
        return _free[key]
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dlfs2-workbench" / "classroom"
    cached = base / f"free-{'-'.join(key)}.json"
    try:
        names = frozenset(json.loads(cached.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        folder = Path(tempfile.mkdtemp(prefix="dlfs2-start-"))
        try:
            path = folder / exercise.module
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(start, encoding="utf-8")
            result = grade(exercise.id, path, catalog=catalog)
            names = frozenset(c.name for c in result.checks if c.passed)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        try:
            base.mkdir(parents=True, exist_ok=True)
            cached.write_text(json.dumps(sorted(names)), encoding="utf-8")
        except OSError:
            pass
    _free[key] = names
    return names


_starts: dict[tuple, str] = {}


def _start_of(exercise: Exercise) -> str:
    """The starting answer (nbgrader's release of the reference), once per version of the reference."""
    from autograder.classroom.answers import release_source

    key = (exercise.id, str(exercise.solution_path), exercise.solution_path.stat().st_mtime_ns)
    if key not in _starts:
        _starts[key] = release_source(exercise)
    return _starts[key]


def share_points(max_score: float, weights: list[float]) -> list[float]:
    """`max_score` shared in proportion to `weights`, in steps of 1/1024, summing to max_score exactly."""
    total = sum(weights)
    if not weights or total <= 0:
        return [0.0] * len(weights)
    shares = [round(max_score * w / total / POINT_STEP) * POINT_STEP for w in weights[:-1]]
    return shares + [max_score - sum(shares)]


def check_points(verdict: Verdict) -> list[tuple[str, float]]:
    """(check name, points) for every scored check of a verdict."""
    scored = verdict.scored_checks
    points = share_points(verdict.max_score, [float(c.get("weight", 1.0)) for c in scored])
    return [(c["name"], p) for c, p in zip(scored, points)]


@lru_cache(maxsize=None)
def _reference_points(exercise_id: str, catalog_key: int) -> tuple[tuple[str, float], ...]:
    catalog = _catalogs[catalog_key]
    exercise = catalog[exercise_id]
    from autograder.grader import grade

    result = grade(exercise.id, exercise.solution_path, catalog=catalog)
    if not result.passed:
        raise RuntimeError(f"the reference of {exercise.id} does not pass its own checks: {result.summary()}")
    data = result.to_json("en")
    verdict = Verdict(exercise.id, result.score, result.max_score, result.status, data["checks"])
    return tuple(check_points(verdict))


_catalogs: dict[int, Catalog] = {}


def reference_checks(exercise: Exercise, catalog: Catalog | None = None) -> list[tuple[str, float]]:
    """The scored checks of an exercise and their points, as the reference solution meets them."""
    catalog = catalog or load_catalog()
    _catalogs.setdefault(id(catalog), catalog)
    return list(_reference_points(exercise.id, id(catalog)))
