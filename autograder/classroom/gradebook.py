"""``autograder classroom grade COURSE ASSIGNMENT``: a class graded outside the students' kernels.

``nbgrader autograde`` runs each notebook in the student's own kernel, test cells
included, so a student can patch numpy or the checker in a cell above and collect
the points. Here no cell of the submission runs in this process or in a kernel:

1. the assignment's test cells, points and answer cells come from the course's
   own *source* notebooks (trusted), never from the submission;
2. from each submitted notebook only the answer cells are taken (by grade_id, or
   by the names they define when the metadata was lost), each graded by
   ``grading.grade_answer`` in the sandbox, ``--jobs`` at a time, with the course
   folder out of the answer's reach;
3. every test cell's score goes into nbgrader's gradebook (its check counts: the
   cell's points, two decimals; otherwise 0, see ``grading.counts``), the answer
   cell gets the verdict as its automatic
   comment, and an autograded notebook is written: the student's cells, every
   locked or test cell restored from the release (its hidden part left out), the
   verdict of each check as the test cell's output.

So ``nbgrader export``, the formgrader and ``nbgrader generate_feedback`` show the
scores as if ``nbgrader autograde`` had made them, and the feedback never holds a
hidden test. Every submission is graded each time (nbgrader skips an already
graded one unless told ``--force``; this never does).
"""

from __future__ import annotations

import copy
import json
import os
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from autograder.catalog import Catalog, load_catalog
from autograder.classroom import answers
from autograder.classroom.grading import Verdict, add, counts, grade_answer
from autograder.classroom.progress import Progress
from autograder.messages import text
from autograder.stubs import make_stub


class CourseError(RuntimeError):
    """The course is not ready for grading (no source notebook, no gradebook entry): say what to do."""


@dataclass
class TestCell:
    grade_id: str
    exercise: str
    check: str
    points: float


@dataclass
class SourceNotebook:
    """What grading needs from one of the instructor's notebooks."""

    name: str
    lang: str
    exercises: list  # Exercise, in notebook order
    tests: list[TestCell]
    starts: dict[str, str]  # exercise id → fingerprint of its starting answer
    release: dict  # the notebook as students got it (hidden tests and solutions cleared)


@dataclass
class StudentResult:
    student: str
    verdicts: dict[str, dict[str, Verdict]] = field(default_factory=dict)  # notebook → exercise → verdict
    cell_scores: dict[str, dict[str, float]] = field(default_factory=dict)  # notebook → grade_id → score

    @property
    def score(self) -> float:
        return add(score for cells in self.cell_scores.values() for score in cells.values())




def _nbgrader():
    try:
        from nbgrader.api import Gradebook, MissingEntry  # noqa: F401
        from nbgrader.coursedir import CourseDirectory  # noqa: F401
    except ImportError as err:  # pragma: no cover - the classroom extra is missing
        raise CourseError("nbgrader is not installed: pip install 'dlfs2-workbench[classroom]'") from err


def course_directory(root: Path):
    """nbgrader's CourseDirectory as the course's nbgrader_config.py sets it up."""
    _nbgrader()
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = Config()
    if (root / "nbgrader_config.py").is_file():
        config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    coursedir = CourseDirectory(config=config)
    coursedir.root = str(root)
    return coursedir


def _clear_hidden_tests(source: str) -> str:
    out, hidden = [], False
    for line in source.split("\n"):
        if "BEGIN HIDDEN TESTS" in line:
            hidden = True
        elif "END HIDDEN TESTS" in line:
            hidden = False
        elif not hidden:
            out.append(line)
    return "\n".join(out)


def _meta(cell: dict) -> dict:
    return (cell.get("metadata") or {}).get("nbgrader") or {}


def read_source(path: Path, catalog: Catalog, release_path: Path | None = None) -> SourceNotebook:
    notebook = answers.read_notebook(path)
    lang = ((notebook.get("metadata") or {}).get("dlfs2") or {}).get("lang", "en")
    exercises, tests, starts = [], [], {}
    for cell in notebook.get("cells", []):
        meta, source = _meta(cell), answers.cell_source(cell)
        grade_id = meta.get("grade_id")
        if meta.get("solution") and grade_id in catalog:
            exercises.append(catalog[grade_id])
            starts[grade_id] = answers.fingerprint(make_stub(source, lang))
        elif meta.get("grade") and grade_id:
            tag = (cell.get("metadata") or {}).get("dlfs2") or {}
            if tag.get("exercise") in catalog and tag.get("check"):
                tests.append(TestCell(grade_id, tag["exercise"], tag["check"], float(meta.get("points", 0))))
    release = answers.read_notebook(release_path) if release_path and release_path.is_file() else None
    if not release:  # the release as nbgrader makes it: solutions stubbed, hidden tests out
        release = copy.deepcopy(notebook)
        for cell in release.get("cells", []):
            if _meta(cell).get("solution"):
                cell["source"] = make_stub(answers.cell_source(cell), lang)
            elif _meta(cell).get("grade"):
                cell["source"] = _clear_hidden_tests(answers.cell_source(cell))
    return SourceNotebook(path.stem, lang, exercises, tests, starts, release)


def _merge(submitted: dict, release: dict, answer_ids: set[str]) -> dict:
    """The autograded notebook: the student's cells in their order, every nbgrader cell of the
    release restored (answers keep the student's source), cells the student deleted put back."""
    release_cells = {_meta(c).get("grade_id"): c for c in release.get("cells", []) if _meta(c).get("grade_id")}
    order = [_meta(c).get("grade_id") for c in release.get("cells", []) if _meta(c).get("grade_id")]
    out, seen = [], set()
    for cell in submitted.get("cells", []):
        if not isinstance(cell, dict):
            continue
        grade_id = _meta(cell).get("grade_id")
        if grade_id in release_cells:
            if grade_id in seen:
                continue
            seen.add(grade_id)
            restored = copy.deepcopy(release_cells[grade_id])
            if grade_id in answer_ids:
                restored["source"] = answers.cell_source(cell)
            out.append(restored)
        else:
            loose = copy.deepcopy(cell)
            (loose.get("metadata") or {}).pop("nbgrader", None)  # no grade cell of the student's making
            if loose.get("cell_type") == "code":
                loose["outputs"], loose["execution_count"] = [], None
            out.append(loose)
    for i, grade_id in enumerate(order):
        if grade_id in seen:
            continue
        before = next((j for j in range(len(out) - 1, -1, -1) if _meta(out[j]).get("grade_id") in order[:i]), -1)
        out.insert(before + 1, copy.deepcopy(release_cells[grade_id]))
        seen.add(grade_id)
    merged = copy.deepcopy(release)
    merged["cells"] = out
    return merged


def _stream(text: str) -> dict:
    return {"name": "stdout", "output_type": "stream", "text": text if text.endswith("\n") else text + "\n"}


def grade_assignment(course_dir, assignment: str, *, jobs: int = 2, catalog: Catalog | None = None,
                     students: list[str] | None = None, progress: bool = True) -> list[StudentResult]:
    """Grade every submission of `assignment` in the course; scores into nbgrader's gradebook."""
    _nbgrader()
    from nbgrader.api import Gradebook, MissingEntry

    catalog = catalog or load_catalog()
    root = Path(course_dir).resolve()
    coursedir = course_directory(root)
    source_dir = Path(coursedir.format_path(coursedir.source_directory, ".", assignment))
    release_dir = Path(coursedir.format_path(coursedir.release_directory, ".", assignment))
    sources = [read_source(p, catalog, release_dir / p.name) for p in sorted(source_dir.glob("*.ipynb"))]
    if not sources:
        raise CourseError(f"no source notebook for {assignment} in {source_dir}: run autograder classroom init")
    with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
        try:
            gb.find_assignment(assignment)
        except MissingEntry:
            raise CourseError(f"{assignment} is not in the gradebook yet: run nbgrader generate_assignment "
                              f"{assignment}") from None
    submitted_root = Path(coursedir.format_path(coursedir.submitted_directory, "*", assignment)).parent.parent
    found = sorted(p.name for p in submitted_root.iterdir() if (p / assignment).is_dir()) if submitted_root.is_dir() \
        else []
    chosen = [s for s in found if students is None or s in students]

    submissions = {}
    tasks = []
    for student in chosen:
        folder = Path(coursedir.format_path(coursedir.submitted_directory, student, assignment))
        for source in sources:
            notebook = answers.read_notebook(folder / f"{source.name}.ipynb")
            submissions[(student, source.name)] = notebook
            found_answers = answers.answers_in_notebook(notebook, source.exercises)
            for exercise in source.exercises:
                tasks.append((student, source, exercise, found_answers.get(exercise.id)))

    bar = Progress(len(tasks), "answers", enabled=progress)

    def run(task):
        student, source, exercise, answer = task
        verdict = grade_answer(exercise, answer, lang=source.lang, catalog=catalog, protect=(str(root),),
                               starts={source.starts.get(exercise.id)} - {None})
        bar.advance()
        return task, verdict

    results = {s: StudentResult(s) for s in chosen}
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for (student, source, exercise, _), verdict in pool.map(run, tasks):
            results[student].verdicts.setdefault(source.name, {})[exercise.id] = verdict
    bar.close()

    with warnings.catch_warnings():
        # nbgrader's add_submission trips SQLAlchemy's autoflush warnings; they are nbgrader's, not the class's
        warnings.filterwarnings("ignore", module="nbgrader")
        warnings.filterwarnings("ignore", message=".*not in session.*")
        for student in chosen:
            _record(coursedir, assignment, student, sources, submissions, results[student])
    return [results[s] for s in chosen]


def _record(coursedir, assignment, student, sources, submissions, result: StudentResult) -> None:
    """Scores and comments into the gradebook; the autograded notebooks on disk."""
    from nbgrader.api import Gradebook, MissingEntry

    folder = Path(coursedir.format_path(coursedir.submitted_directory, student, assignment))
    timestamp = coursedir.get_existing_timestamp(str(folder))
    out_dir = Path(coursedir.format_path(coursedir.autograded_directory, student, assignment))
    out_dir.mkdir(parents=True, exist_ok=True)
    with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
        gb.update_or_create_student(student)
        if timestamp:
            gb.update_or_create_submission(assignment, student, timestamp=timestamp)
        else:
            gb.update_or_create_submission(assignment, student)
        for source in sources:
            verdicts = result.verdicts.get(source.name, {})
            scores = result.cell_scores.setdefault(source.name, {})
            outputs = {}
            for test in source.tests:
                verdict = verdicts.get(test.exercise)
                found = verdict.check(test.check) if verdict else None
                passed = found is not None and counts(found)
                if found is not None:
                    message = verdict.outcome(found)
                elif verdict is not None:
                    message = verdict.summary
                else:
                    message = text("classroom.not_graded", source.lang)
                try:
                    grade = gb.find_grade(test.grade_id, source.name, assignment, student)
                except MissingEntry:
                    continue  # a cell the gradebook does not know: generate_assignment was not rerun
                # two decimals into nbgrader's database, as the test cell's points were written
                grade.auto_score = round(float(grade.max_score), 2) if passed else 0.0
                grade.needs_manual_grade = False
                scores[test.grade_id] = grade.auto_score
                title = (found or {}).get("title") or test.check
                outputs[test.grade_id] = f"{'✔' if passed else '✘'} {title}: {message}"
            for exercise in source.exercises:
                verdict = verdicts.get(exercise.id)
                try:
                    comment = gb.find_comment(exercise.id, source.name, assignment, student)
                except MissingEntry:
                    continue
                # the engine's summary holds the score; "no answer yet" stands for nbgrader's "No response."
                comment.auto_comment = verdict.summary if verdict is not None else None
            gb.db.commit()
            merged = _merge(submissions.get((student, source.name)) or {"cells": []}, source.release,
                            {ex.id for ex in source.exercises})
            for cell in merged["cells"]:
                grade_id = _meta(cell).get("grade_id")
                if grade_id in outputs:
                    cell["outputs"] = [_stream(outputs[grade_id])]
                    cell["execution_count"] = None
            # every verdict with its checks' diagnoses, for `autograder report` (nbgrader keeps a notebook's metadata)
            merged.setdefault("metadata", {}).setdefault("dlfs2", {})["verdicts"] = {
                exercise_id: verdict.to_json() for exercise_id, verdict in verdicts.items()}
            path = out_dir / f"{source.name}.ipynb"
            if path.exists():
                os.chmod(path, 0o644)  # nbgrader leaves its autograded notebooks read-only
                path.unlink()
            path.write_text(json.dumps(merged, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            if timestamp:
                (out_dir / "timestamp.txt").write_text((folder / "timestamp.txt").read_text(encoding="utf-8"),
                                                       encoding="utf-8")
