"""The self-check the notebooks' test cells call inside a Jupyter kernel: ``check(exercise, name)``.

It takes the latest answer cell this kernel ran for the exercise (from IPython's
input history: the cell that defines most of the exercise's names), grades it with
the sandboxed grader exactly as ``autograder classroom grade`` does, prints the
one check's verdict on stdout and returns whether it counts (passed and earned its
points, ``grading.counts``). Nothing reaches stderr (nbgrader scores a test cell
that writes to stderr as 0). One grading per version of an answer: the other test
cells of the exercise reuse it.

Inside the student's kernel this is still the student's kernel: an earlier cell can
patch it. ``autograder classroom grade`` does not run these cells at all.
"""

from __future__ import annotations

import contextlib
import sys
import warnings

_verdicts: dict[tuple[str, str, str], object] = {}
_starts: dict[str, str] = {}


def handed_out(fingerprints: dict[str, str]) -> None:
    """The notebook's starting answers (exercise id → ``answers.fingerprint``): unchanged, they score 0."""
    _starts.update(fingerprints)


def _history() -> list[str]:
    try:
        shell = get_ipython()  # noqa: F821 - defined inside IPython
    except NameError:
        return []
    return list(getattr(shell.history_manager, "input_hist_raw", []) or [])


def latest_answer(exercise, exercises) -> str | None:
    """The source of the latest cell run in this kernel that answers `exercise`."""
    from autograder.classroom.answers import best_exercise

    for source in reversed(_history()):
        match = best_exercise(source, exercises)
        if match is not None and match.id == exercise.id:
            return source
    return None


def verdict_for(exercise_id: str, lang: str = "en"):
    from autograder.catalog import load_catalog
    from autograder.classroom.grading import grade_answer

    catalog = load_catalog()
    exercise = catalog[exercise_id]
    chapter = [ex for ex in catalog if ex.chapter == exercise.chapter]
    source = latest_answer(exercise, chapter)
    key = (exercise_id, lang, source or "")
    if key not in _verdicts:
        starts = {_starts[exercise_id]} if exercise_id in _starts else set()
        _verdicts[key] = grade_answer(exercise, source, lang=lang, catalog=catalog, starts=starts)
    return _verdicts[key]


def check(exercise_id: str, name: str, lang: str = "en", quiet: bool = False) -> bool:
    """Print the verdict of one check (by name, or by title in `lang`) of the latest answer to
    `exercise_id`; True if it counts."""
    from autograder.classroom.grading import counts
    from autograder.messages import text

    out = sys.stdout
    with warnings.catch_warnings(), contextlib.redirect_stderr(out):
        warnings.simplefilter("ignore")
        verdict = verdict_for(exercise_id, lang)
        found = verdict.check(name)
        if verdict.status == "missing":
            passed, message = False, text("classroom.run_answer_first", lang, id=exercise_id)
        elif found is None:
            passed, message = False, verdict.summary if verdict.status in ("untouched", "error") else text(
                "classroom.check_gone", lang)
        else:  # a check that passed without earning its points fails its test cell, with the engine's reason
            passed, message = counts(found), verdict.outcome(found)
        if not quiet:
            title = (found or {}).get("title") or name
            print(f"{'✔' if passed else '✘'} {title}: {message}", file=out)
    return passed
