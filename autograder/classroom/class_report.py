"""``autograder report``: what a class got wrong, per exercise, from what the class's tools already produced.

Per exercise: how many students pass, and the commonest diagnoses ranked with their counts, each with
an anonymised example line and the hint the catalog gives a learner for it. Students are counted by the
kind of their diagnosis (autograder.diagnosis_kinds: the message key, what it concerns, the symbol),
never by the rendered sentence, so a report in English and one in Chinese count the same: each failing
student once per exercise, under the first diagnosis their verdict shows (the one they read first).

It reads, in this order of preference (``read_class``):

- ``autograder grade-batch DIR --json``'s output (a ``.json`` file), or one Gradescope ``results.json``;
- an nbgrader course graded by ``autograder classroom grade``: its autograded notebooks carry every
  verdict in their metadata (``--assignment chNN`` picks one assignment);
- a folder of Gradescope results: one ``results.json`` per submission's folder (the folder names the student);
- otherwise raw submissions (a grade-batch folder, or an nbgrader course's ``submitted/`` that was never
  graded by ``classroom grade``): they are graded first, ``--jobs`` at a time, as ``grade-batch`` would
  (the speed checks, reported and never scored, left untimed), and the report says how long that took.
  Grading is the cost; the report itself reads a class's verdicts in about a second.

The JSON (``ClassReport.to_json``) and the HTML (autograder.classroom.report_html) show the same numbers.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from autograder.catalog import Catalog, load_catalog
from autograder.classroom.grading import ERROR, MISSING, UNTOUCHED
from autograder.diagnosis_kinds import Diagnosis
from autograder.hints import hint_for
from autograder.messages import TEMPLATES, text

NOT_STARTED = (MISSING, UNTOUCHED, "not_implemented")
SHOWN = 8  # diagnoses ranked per exercise; the rest are counted together


class ReportError(RuntimeError):
    """Nothing to report on (no such file, no verdicts in it): one sentence."""


# -- what the class's tools produced ------------------------------------------------------------

@dataclass
class ClassVerdicts:
    """Each student's verdict per exercise, as ``Verdict.to_json`` writes it (status, checks, diagnoses)."""

    verdicts: dict[str, dict[str, dict]]  # student → exercise id → verdict
    source: str  # what was read, for the report's heading
    graded: int = 0  # answers graded by the report itself (raw submissions), 0 when it read verdicts
    grading_seconds: float = 0.0


def read_class(path, *, assignment: str | None = None, catalog: Catalog | None = None, jobs: int = 2,
               lang: str = "en", progress: bool = False) -> ClassVerdicts:
    """The verdicts of the class at `path` (see the module's docstring for what it may be)."""
    catalog = catalog or load_catalog()
    path = Path(path)
    if path.is_file():
        return _read_json_file(path)
    if not path.is_dir():
        raise ReportError(f"no such file or folder: {path}")
    if (path / "nbgrader_config.py").is_file() or (path / "submitted").is_dir() or (path / "autograded").is_dir():
        return _read_course(path, assignment, catalog, jobs, lang, progress)
    results = sorted(path.rglob("results.json"))
    if results:
        return _read_gradescope(path, results)
    return _grade_folder(path, assignment, catalog, jobs, lang, progress)


def _read_json_file(path: Path) -> ClassVerdicts:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ReportError(f"{path} is not a JSON file: {err}") from None
    if isinstance(data, dict) and isinstance(data.get("students"), list):  # grade-batch --json
        verdicts = {}
        for row in data["students"]:
            verdicts[str(row.get("student"))] = {v["exercise"]: v for v in row.get("exercises", [])
                                                 if isinstance(v, dict) and "exercise" in v}
        return ClassVerdicts(verdicts, f"grade-batch {path.name}")
    if isinstance(data, dict) and isinstance(data.get("tests"), list):  # one Gradescope results.json
        return ClassVerdicts({path.parent.name or "student": _from_gradescope(data)}, f"Gradescope {path.name}")
    raise ReportError(f"{path} holds neither grade-batch's JSON nor a Gradescope results.json")


def _read_gradescope(root: Path, files: list[Path]) -> ClassVerdicts:
    verdicts = {}
    for file in files:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        folder = file.parent.parent if file.parent.name == "results" else file.parent
        student = folder.relative_to(root).as_posix() if folder != root else folder.name
        verdicts[student] = _from_gradescope(data)
    return ClassVerdicts(verdicts, f"Gradescope results in {root.name}")


def _from_gradescope(data: dict) -> dict[str, dict]:
    """Per exercise, a verdict rebuilt from its tests (``extra_data``, autograder.classroom.gradescope)."""
    out: dict[str, dict] = {}
    for test in data.get("tests", []):
        extra = test.get("extra_data") or {}
        exercise = extra.get("exercise")
        if not exercise:
            continue
        verdict = out.setdefault(exercise, {"exercise": exercise, "status": extra.get("exercise_status", "failed"),
                                            "checks": []})
        if extra.get("check"):
            verdict["checks"].append({"name": extra["check"], "title": test.get("name", ""), "scored": True,
                                      "passed": test.get("status") == "passed", "message": test.get("output", ""),
                                      "status": "passed" if test.get("status") == "passed" else "failed",
                                      "diagnosis": extra.get("diagnosis")})
    return out


def _read_course(root: Path, assignment: str | None, catalog: Catalog, jobs: int, lang: str,
                 progress: bool) -> ClassVerdicts:
    """An nbgrader course: the verdicts `classroom grade` left in its autograded notebooks, else its submissions
    graded now."""
    pattern = f"autograded/*/{assignment or '*'}/*.ipynb"
    verdicts: dict[str, dict[str, dict]] = {}
    for notebook in sorted(root.glob(pattern)):
        try:
            data = json.loads(notebook.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        found = ((data.get("metadata") or {}).get("dlfs2") or {}).get("verdicts")
        if isinstance(found, dict):
            verdicts.setdefault(notebook.parent.parent.name, {}).update(found)
    if verdicts:
        return ClassVerdicts(verdicts, f"nbgrader course {root.name}" + (f", {assignment}" if assignment else ""))
    submitted = sorted(root.glob(f"submitted/*/{assignment or '*'}/*.ipynb"))
    if not submitted:
        raise ReportError(f"{root} has no graded notebooks (autograder classroom grade) and no submissions"
                          + (f" of {assignment}" if assignment else ""))
    from autograder.classroom import answers
    from autograder.classroom.batch import Submission, grade_submissions

    subs: dict[str, Submission] = {}
    for notebook in submitted:
        student = notebook.parent.parent.name
        sub = subs.setdefault(student, Submission(student, notebook.parent.parent))
        sub.answers.update(answers.answers_in_notebook(answers.read_notebook(notebook), list(catalog)))
    chapters = _chapters(assignment)
    result = grade_submissions(list(subs.values()), root, jobs=jobs, lang=lang, catalog=catalog, chapters=chapters,
                               progress=progress, timing=False)
    return ClassVerdicts(_batch_verdicts(result), f"nbgrader course {root.name} (submitted, graded now)",
                         sum(1 for vs in result.verdicts.values() for v in vs.values()
                             if v.status not in (MISSING, UNTOUCHED)), result.elapsed)


def _grade_folder(folder: Path, assignment: str | None, catalog: Catalog, jobs: int, lang: str,
                  progress: bool) -> ClassVerdicts:
    from autograder.classroom.batch import grade_batch

    result = grade_batch(folder, jobs=jobs, lang=lang, catalog=catalog, chapters=_chapters(assignment),
                         progress=progress, timing=False)  # the speed checks are never a diagnosis: left untimed
    if not result.verdicts:
        raise ReportError(f"{folder} holds no submissions, verdicts or results")
    graded = sum(1 for vs in result.verdicts.values() for v in vs.values() if v.status not in (MISSING, UNTOUCHED))
    return ClassVerdicts(_batch_verdicts(result), f"{folder.name} (graded now)", graded, result.elapsed)


def _batch_verdicts(result) -> dict[str, dict[str, dict]]:
    return {student: {ex: v.to_json() for ex, v in verdicts.items()} for student, verdicts in result.verdicts.items()}


def _chapters(assignment: str | None) -> list[int] | None:
    if not assignment:
        return None
    digits = assignment.lower().removeprefix("ch")
    if not digits.isdigit():
        raise ReportError(f"not an assignment id: {assignment} (ch01, ch02, ...)")
    return [int(digits)]


# -- the report --------------------------------------------------------------------------------

@dataclass
class DiagnosisRow:
    diagnosis: Diagnosis  # the kind (its id, key, what it concerns, symbol, where it was seen)
    count: int  # students whose first diagnosis it is
    example: str  # one learner's message, anonymised
    hint: dict | None  # the hint a learner with it is offered first: {"id", "en", "zh"}

    def where(self, lang: str) -> str:
        check = self.diagnosis.check
        name = text("checkname." + check, lang) if check and ("checkname." + check) in TEMPLATES else check
        return ": ".join(part for part in (name, self.diagnosis.symbol) if part)


@dataclass
class ExerciseReport:
    id: str
    chapter: int | None
    title: dict  # {en, zh}
    students: int = 0
    passed: int = 0
    failing: int = 0
    not_started: int = 0
    errors: int = 0  # the grader's own failures
    diagnoses: list[DiagnosisRow] = field(default_factory=list)  # ranked, every one
    unnamed: int = 0  # failing with no diagnosis recorded (a verdict written before diagnoses existed)

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title.get("en") or self.id

    @property
    def shown(self) -> list[DiagnosisRow]:
        return self.diagnoses[:SHOWN]

    @property
    def others(self) -> int:
        """Failing students under a diagnosis beyond the SHOWN commonest."""
        return sum(row.count for row in self.diagnoses[SHOWN:])


@dataclass
class ClassReport:
    exercises: list[ExerciseReport]
    students: int
    source: str
    graded: int = 0
    grading_seconds: float = 0.0
    seconds: float = 0.0  # building the report from the verdicts

    def to_json(self, lang: str = "en") -> dict:
        return {
            "source": self.source,
            "lang": lang,
            "students": self.students,
            "graded_now": {"answers": self.graded, "seconds": round(self.grading_seconds, 2)} if self.graded else None,
            "counted_by": text("classroom.report.counted_by", lang),
            "exercises": [{
                "id": ex.id, "chapter": ex.chapter, "title": ex.title_in(lang), "students": ex.students,
                "passed": ex.passed, "failing": ex.failing, "not_started": ex.not_started, "errors": ex.errors,
                "unnamed": ex.unnamed,
                "diagnoses": [{
                    "id": row.diagnosis.id, "key": row.diagnosis.key, "of": row.diagnosis.of,
                    "symbol": row.diagnosis.symbol, "check": row.diagnosis.check, "where": row.where(lang),
                    "label": row.diagnosis.label(lang), "count": row.count,
                    "share": round(row.count / ex.students, 4) if ex.students else 0.0,
                    "example": row.example,
                    "hint": {"id": row.hint["id"], "text": row.hint.get(lang) or row.hint["en"]} if row.hint else None,
                } for row in ex.diagnoses],
            } for ex in self.exercises],
        }


def build_report(graded: ClassVerdicts, *, lang: str = "en", catalog: Catalog | None = None,
                 assignment: str | None = None) -> ClassReport:
    """Count the class's verdicts per exercise (catalog order; `assignment` = "chNN" keeps one chapter)."""
    start = time.monotonic()
    catalog = catalog or load_catalog()
    chapters = _chapters(assignment)
    students = sorted(graded.verdicts)
    names = _names_to_hide(students)
    seen = {ex_id for verdicts in graded.verdicts.values() for ex_id in verdicts}
    ordered = [ex.id for ex in catalog if ex.id in seen] + sorted(seen - set(catalog.ids))
    exercises = []
    for ex_id in ordered:
        exercise = catalog[ex_id] if ex_id in catalog else None
        if chapters and (exercise is None or exercise.chapter not in chapters):
            continue
        row = ExerciseReport(ex_id, exercise.chapter if exercise else None,
                             dict(exercise.title) if exercise else {"en": ex_id})
        found: dict[str, list] = {}  # diagnosis id → [(student, diagnosis)]
        for student in students:
            verdict = graded.verdicts[student].get(ex_id)
            row.students += 1
            status = (verdict or {}).get("status", MISSING)
            if status == "passed":
                row.passed += 1
            elif status in NOT_STARTED:
                row.not_started += 1
            elif status == ERROR:
                row.errors += 1
            else:
                row.failing += 1
                diagnosis = first_diagnosis(verdict)
                if diagnosis is None:
                    row.unnamed += 1
                else:
                    found.setdefault(diagnosis.id, []).append((student, diagnosis))
        for members in sorted(found.values(), key=lambda m: (-len(m), m[0][1].id)):
            diagnosis = members[0][1]
            # the example: the shortest of the lines its students read (then the first in order, for a fixed report)
            examples = sorted((line for line in (_anonymised(d.message.render(lang), names) for _, d in members
                                                 if d.message is not None)), key=lambda line: (len(line), line))
            hint = hint_for(exercise, diagnosis) if exercise else None
            row.diagnoses.append(DiagnosisRow(diagnosis, len(members), examples[0] if examples else "",
                                              {"id": hint.id, **hint.text} if hint else None))
        exercises.append(row)
    return ClassReport(exercises, len(students), graded.source, graded.graded, graded.grading_seconds,
                       time.monotonic() - start)


def first_diagnosis(verdict: dict) -> Diagnosis | None:
    """The first diagnosis a failing verdict shows: its first scored check that found a mistake."""
    for check in verdict.get("checks") or ():
        found = check.get("diagnosis")
        if check.get("scored", True) and isinstance(found, dict) and found.get("key"):
            return Diagnosis.from_json(found)
    return None


def _names_to_hide(students: list[str]) -> re.Pattern | None:
    words = sorted({part for s in students for part in re.split(r"[/\\]", s) if len(part) >= 3}, key=len, reverse=True)
    # whole words only: a student called "sum" must not cut "sum over the batch"
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)") if words else None


_PATH = re.compile(r"(?:/[\w.\-~ ]+)+/([\w.\-]+)")


def _anonymised(line: str, names: re.Pattern | None) -> str:
    """One line of a learner's message with nothing that says whose: student names and folders left out."""
    line = line.strip().splitlines()[0] if line.strip() else ""
    line = _PATH.sub(r"…/\1", line)
    return names.sub("…", line) if names is not None else line


# -- as text ------------------------------------------------------------------------------------

def as_text(report: ClassReport, lang: str = "en") -> str:
    lines = [heading(report, lang)]
    for ex in report.exercises:
        lines.append("")
        lines.append(f"{ex.id} · {ex.title_in(lang)}")
        lines.append("  " + summary_line(ex, lang))
        for rank, row in enumerate(ex.shown, start=1):
            lines.append(f"  {rank}. {text('classroom.report.count', lang, count=row.count, students=ex.students)}"
                         f"  [{row.where(lang)}] {row.diagnosis.label(lang)}")
            if row.example:
                lines.append(f"       {text('classroom.report.example', lang)}: {row.example}")
        if ex.others:
            lines.append("  " + text("classroom.report.others", lang, count=ex.others))
    return "\n".join(lines)


def counted(noun: str, count: int, lang: str) -> str:
    """"1 student", "300 students" (noun: student, exercise, answer), in `lang`."""
    return text(f"classroom.report.{noun}" if count == 1 else f"classroom.report.{noun}s", lang, count=count)


def heading(report: ClassReport, lang: str) -> str:
    return text("classroom.report.heading", lang, students=counted("student", report.students, lang),
                exercises=counted("exercise", len(report.exercises), lang), source=report.source)


def timing_line(report: ClassReport, lang: str) -> str:
    """How long the grading (if the report graded) and the report took."""
    if report.graded:
        return text("classroom.report.graded_now", lang, answers=counted("answer", report.graded, lang),
                    seconds=report.grading_seconds, report=report.seconds)
    return text("classroom.report.read", lang, students=counted("student", report.students, lang),
                report=report.seconds)


def summary_line(ex: ExerciseReport, lang: str) -> str:
    said = text("classroom.report.summary", lang, passed=ex.passed, students=ex.students, failing=ex.failing,
                not_started=ex.not_started)
    if ex.errors:
        said += text("classroom.report.errors", lang, count=ex.errors)
    return said


__all__ = ["ClassReport", "ClassVerdicts", "ExerciseReport", "ReportError", "build_report", "read_class", "as_text",
           "first_diagnosis"]
