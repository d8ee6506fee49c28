"""``autograder grade-batch SUBMISSIONS_DIR``: a whole class graded on one machine, one CSV.

SUBMISSIONS_DIR holds one entry per student: a folder (the workbench's layout,
``ch01/affine.py`` …, Python files named after the exercise or holding its names,
see ``answers.find_in_folder``, or notebooks) or a single notebook (``alice.ipynb``). Every answer is graded by
``grading.grade_answer`` (sandboxed, guarded, never raising), ``--jobs`` at a time,
so a broken or hostile submission costs at most its own time limit and never
stops the others. The CSV has one row per student and exercise: score and max score
(two decimals, the engine's), status and the first failing check's message; a
file that answers no exercise is named in the message of each exercise left
without an answer.
"""

from __future__ import annotations

import csv
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from autograder.catalog import Catalog, Exercise, load_catalog
from autograder.classroom import answers
from autograder.classroom.grading import MISSING, UNTOUCHED, Verdict, add, column, grade_answer
from autograder.classroom.progress import Progress

CSV_COLUMNS = ("student", "exercise", "chapter", "score", "max_score", "status", "message")


@dataclass
class Submission:
    student: str
    path: Path
    answers: dict[str, str] = field(default_factory=dict)
    unmatched: list[str] = field(default_factory=list)  # files handed in that answer no exercise


@dataclass
class BatchResult:
    exercises: list[Exercise]
    verdicts: dict[str, dict[str, Verdict]]  # student → exercise id → verdict
    elapsed: float

    @property
    def students(self) -> list[str]:
        return sorted(self.verdicts)

    def total(self, student: str) -> float:
        """The sum of the student's exercise scores as shown (two decimals)."""
        return add(v.score for v in self.verdicts[student].values())

    @property
    def per_minute(self) -> float:
        return len(self.verdicts) / self.elapsed * 60 if self.elapsed > 0 else 0.0

    def rows(self):
        for student in self.students:
            for exercise in self.exercises:
                verdict = self.verdicts[student][exercise.id]
                yield {"student": student, "exercise": exercise.id, "chapter": exercise.chapter,
                       "score": column(verdict.score), "max_score": column(verdict.max_score),
                       "status": verdict.status,
                       "message": verdict.first_failure.replace("\n", " ")}

    def write_csv(self, path) -> None:
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
            writer.writeheader()
            writer.writerows(self.rows())

    def to_json(self) -> dict:
        max_total = add(ex.points for ex in self.exercises)
        return {
            "students": [
                {"student": s, "score": self.total(s), "max_score": max_total,
                 "exercises": [self.verdicts[s][ex.id].to_json() for ex in self.exercises]}
                for s in self.students
            ],
            "exercises": [ex.id for ex in self.exercises],
            "elapsed": round(self.elapsed, 3),
            "submissions_per_minute": round(self.per_minute, 1),
        }


def find_submissions(folder, exercises: list[Exercise]) -> list[Submission]:
    """One Submission per folder or notebook in `folder` (hidden entries skipped)."""
    found = []
    for entry in sorted(Path(folder).iterdir()):
        if entry.name.startswith((".", "_")):
            continue
        if entry.is_dir():
            upload = answers.find_in_folder(entry, exercises)
            found.append(Submission(entry.name, entry, upload.answers, upload.unmatched))
        elif entry.suffix == ".ipynb":
            notebook = answers.read_notebook(entry)
            found.append(Submission(entry.stem, entry, answers.answers_in_notebook(notebook, exercises)))
    return found


def graded_exercises(catalog: Catalog, submissions: list[Submission], chapters: list[int] | None) -> list[Exercise]:
    """The exercises a class is graded on: the chapters asked for, else every exercise anyone answered."""
    if chapters:
        return [ex for ex in catalog if ex.chapter in chapters]
    answered = {exercise_id for sub in submissions for exercise_id in sub.answers}
    return [ex for ex in catalog if ex.id in answered]


def grade_batch(folder, *, jobs: int = 2, lang: str = "en", catalog: Catalog | None = None,
                chapters: list[int] | None = None, progress: bool = True, timing: bool = True) -> BatchResult:
    catalog = catalog or load_catalog()
    start = time.monotonic()
    submissions = find_submissions(folder, list(catalog))
    return grade_submissions(submissions, folder, jobs=jobs, lang=lang, catalog=catalog, chapters=chapters,
                             progress=progress, start=start, timing=timing)


def grade_submissions(submissions: list[Submission], folder, *, jobs: int = 2, lang: str = "en",
                      catalog: Catalog | None = None, chapters: list[int] | None = None, progress: bool = True,
                      start: float | None = None, timing: bool = True) -> BatchResult:
    """Grade found submissions, `jobs` answers at a time; `folder` (the class's work) is out of every answer's reach."""
    catalog = catalog or load_catalog()
    start = time.monotonic() if start is None else start
    exercises = graded_exercises(catalog, submissions, chapters)
    tasks = [(sub, ex) for sub in submissions for ex in exercises]
    bar = Progress(len(tasks), "answers", enabled=progress)
    protect = (str(Path(folder).resolve()),)  # the other students' work

    def run(task):
        sub, exercise = task
        verdict = grade_answer(exercise, sub.answers.get(exercise.id), lang=lang, catalog=catalog, protect=protect,
                               unmatched=sub.unmatched, timing=timing)
        bar.advance(timed=verdict.status not in (MISSING, UNTOUCHED))  # those two never reach the grader
        return sub.student, exercise.id, verdict

    verdicts: dict[str, dict[str, Verdict]] = {sub.student: {} for sub in submissions}
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for student, exercise_id, verdict in pool.map(run, tasks):
            verdicts[student][exercise_id] = verdict
    bar.close()
    return BatchResult(exercises, verdicts, time.monotonic() - start)
