"""Hints that follow the diagnosis: the hint for the mistake a learner's file shows, offered first.

The catalog says which hint addresses which kind of diagnosis (autograder.diagnosis_kinds), as data:

- a known mistake, a probe's variant or named cause, may carry its own ``hint = { en, zh }``;
- an exercise's ``hint_for`` list names the engine's general diagnoses::

      hint_for = [
        { diagnosis = "diag.averaged", of = "dx", symbol = "SoftmaxWithLoss", en = "...", zh = "..." },
      ]

  ``of`` (what the diagnosis concerns) and ``symbol`` narrow it and may be left out; of several that
  match, the one that names more wins.

When a check fails with such a kind, the workbench's ``h`` and ``workbench hint`` offer that hint first,
then the exercise's gentle-to-explicit ``hints``. Nothing here knows an exercise: it reads the catalog.
"""

from __future__ import annotations

from dataclasses import dataclass

from autograder.catalog import Exercise
from autograder.diagnosis_kinds import Diagnosis


@dataclass(frozen=True)
class Hint:
    id: str  # stable across runs and languages: what a workspace remembers as revealed
    text: dict  # {"en": ..., "zh": ...}
    diagnosis: str = ""  # the id of the diagnosis it addresses

    def text_in(self, lang: str) -> str:
        return self.text.get(lang) or self.text["en"]


def hint_for(exercise: Exercise, diagnosis: Diagnosis) -> Hint | None:
    """The catalog's hint for one kind of diagnosis, or None."""
    if diagnosis.named:
        mistake = exercise.known_mistakes().get(f"{diagnosis.key}|{diagnosis.of}")
        if mistake is not None and mistake.get("hint"):
            return Hint(f"{diagnosis.key}|{diagnosis.of}", dict(mistake["hint"]), diagnosis.id)
    best, best_score = None, -1
    for entry in exercise.hint_for:
        if entry["diagnosis"] != diagnosis.key:
            continue
        if entry.get("of", diagnosis.of) != diagnosis.of or entry.get("symbol", diagnosis.symbol) != diagnosis.symbol:
            continue
        score = ("of" in entry) + ("symbol" in entry)
        if score > best_score:
            best, best_score = entry, score
    if best is None:
        return None
    key = "|".join(("for", best["diagnosis"], best.get("of", ""), best.get("symbol", "")))
    return Hint(key, {"en": best["en"], "zh": best["zh"]}, diagnosis.id)


def diagnoses_of(result) -> list[Diagnosis]:
    """The kinds of mistake a grading result shows, the scored checks' first, each once, in check order."""
    checks = [c for c in result.checks if c.scored] + [c for c in result.checks if not c.scored]
    found, seen = [], set()
    for check in checks:
        diagnosis = check.diagnosis
        if diagnosis is not None and diagnosis.id not in seen:
            seen.add(diagnosis.id)
            found.append(diagnosis)
    return found


def hints_for(exercise: Exercise, diagnoses) -> list[Hint]:
    """The hints that address these diagnoses, in their order, each once."""
    hints, seen = [], set()
    for diagnosis in diagnoses:
        hint = hint_for(exercise, diagnosis)
        if hint is not None and hint.id not in seen:
            seen.add(hint.id)
            hints.append(hint)
    return hints


def hints_for_result(exercise: Exercise, result) -> list[Hint]:
    """The hints for the mistakes a grading result shows (none for a result that passed)."""
    if result is None or getattr(result, "passed", False):
        return []
    return hints_for(exercise, diagnoses_of(result))
