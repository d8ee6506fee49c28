"""The usual cheats against `autograder classroom grade`: each scores 0, honest answers beside it keep their marks.

Each cheating student hands in the first chapter with one exercise cheated and
the others answered honestly. Hanging answers are graded with the time limit
lowered (HOSTILE_TIMEOUT); the grader behaves the same at any limit.
"""

from __future__ import annotations

import json

import pytest

from autograder.classroom.answers import release_source
from autograder.classroom.gradebook import grade_assignment
from classroom_cases import ASSIGNMENTS, fast_catalog, gradebook_scores, reference_answers, submit

FIRST = list(ASSIGNMENTS)[0]
EXERCISES = ASSIGNMENTS[FIRST]
TARGET = next((ex for ex in EXERCISES if len(ex.symbols) > 1), EXERCISES[0])  # the exercise cheated on


def _stub(extra: str, after: bool = False) -> str:
    start = release_source(TARGET)
    return start + "\n" + extra if after else extra + "\n" + start


def _cheats(course) -> dict[str, dict]:
    """student → how they hand in (submit's keyword arguments, `sources` for the cheated exercise)."""
    reference = TARGET.solution_path
    source_notebook = course / "source" / FIRST / f"{FIRST}.ipynb"
    read_source_notebook = (
        "import json\n"
        f"nb = json.load(open({str(source_notebook)!r}))\n"
        f"for c in nb['cells']:\n"
        f"    if c['metadata'].get('nbgrader', {{}}).get('grade_id') == {TARGET.id!r}:\n"
        f"        exec(''.join(c['source']))\n"
    )
    return {
        "patched-numpy-cell": {"before": {TARGET.id: "import numpy as np\nnp.allclose = lambda *a, **k: True\n"
                                                     "np.testing.assert_allclose = lambda *a, **k: None\n"}},
        "patched-numpy-answer": {"sources": _stub("import numpy as np\nnp.allclose = lambda *a, **k: True\n"
                                                  "np.array_equal = lambda *a, **k: True\n")},
        "patched-checker": {"before": {TARGET.id: "import autograder.classroom.kernel as kernel\n"
                                                  "kernel.check = lambda *a, **k: True\ncheck = kernel.check\n"},
                            "sources": _stub("import autograder.grader as g\n"
                                             "g.grade = lambda *a, **k: None\n")},
        "edited-tests": {"edit_tests": {TARGET.id: "pass\n"}},
        "deleted-tests": {"drop_tests": (TARGET.id,)},
        "reads-reference": {"sources": f"exec(open({str(reference)!r}).read())\n"},
        "imports-reference-by-path": {"sources": (
            "import importlib.util\n"
            f"spec = importlib.util.spec_from_file_location('ref', {str(reference)!r})\n"
            "ref = importlib.util.module_from_spec(spec)\nspec.loader.exec_module(ref)\n"
            + "".join(f"{s.name} = ref.{s.name}\n" for s in TARGET.symbols))},
        "reads-hidden-tests": {"sources": read_source_notebook},
        "reads-gradebook": {"sources": _stub(
            f"import sqlite3\nsqlite3.connect({str(course / 'gradebook.db')!r}).execute('delete from grade')\n")},
        "sys-exit": {"sources": _stub("import sys\nsys.exit(0)\n")},
        "os-exit": {"sources": _stub("import os\nos._exit(0)\n")},
        "infinite-loop": {"sources": _stub("while True:\n    pass\n")},
        "memory-bomb": {"sources": _stub("hoard = bytearray(64 * 1024**3)\n")},
        "kills-the-grader": {"sources": _stub("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n")},
    }


@pytest.fixture(scope="module")
def graded(course):
    cheats = _cheats(course)
    honest = reference_answers(FIRST)
    for student, how in cheats.items():
        sources = dict(honest)
        if "sources" in how:
            sources[TARGET.id] = how["sources"]
        elif "before" in how or "edit_tests" in how or "drop_tests" in how:
            sources.pop(TARGET.id)  # the cheated exercise left as handed out
        submit(course, f"cheat-{student}", FIRST, sources,
               **{k: v for k, v in how.items() if k in ("before", "edit_tests", "drop_tests")})
    submit(course, "cheat-honest-without-tests", FIRST, honest, drop_tests=(TARGET.id,))
    students = [f"cheat-{s}" for s in cheats] + ["cheat-honest-without-tests"]
    results = grade_assignment(course, FIRST, jobs=2, catalog=fast_catalog(), students=students, progress=False)
    return {r.student: r for r in results}


CHEATS = ["patched-numpy-cell", "patched-numpy-answer", "patched-checker", "edited-tests", "deleted-tests",
          "reads-reference", "imports-reference-by-path", "reads-hidden-tests", "reads-gradebook", "sys-exit",
          "os-exit", "infinite-loop", "memory-bomb", "kills-the-grader"]


@pytest.mark.parametrize("student", CHEATS)
def test_a_cheat_scores_0_and_the_honest_answers_keep_their_marks(course, graded, student):
    scores = gradebook_scores(course, FIRST, f"cheat-{student}")
    assert scores[TARGET.id] == 0, graded[f"cheat-{student}"].verdicts[FIRST][TARGET.id].to_json()
    for exercise in EXERCISES:
        if exercise.id != TARGET.id:
            assert scores[exercise.id] == exercise.points, (student, exercise.id)


def test_every_cheat_was_graded(course, graded):
    assert set(_cheats(course)) == set(CHEATS)
    assert set(graded) == {f"cheat-{s}" for s in CHEATS} | {"cheat-honest-without-tests"}


def test_an_honest_answer_whose_test_cells_were_deleted_keeps_its_marks(course, graded):
    scores = gradebook_scores(course, FIRST, "cheat-honest-without-tests")
    assert scores == {ex.id: ex.points for ex in EXERCISES}
    nb = json.loads((course / "autograded" / "cheat-honest-without-tests" / FIRST / f"{FIRST}.ipynb")
                    .read_text(encoding="utf-8"))
    restored = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id", "")
                .startswith(f"{TARGET.id}-check-")]
    assert restored and all(c["outputs"][0]["text"].startswith("✔") for c in restored)


def test_the_reason_a_guarded_read_scored_0_is_said(graded):
    verdict = graded["cheat-reads-reference"].verdicts[FIRST][TARGET.id]
    assert "not allowed while graded" in verdict.first_failure
    assert "__import__('autograder.classroom.guard')" not in verdict.first_failure  # the prologue stays unseen


def test_a_cheat_left_the_gradebook_and_the_course_alone(course, graded):
    scores = gradebook_scores(course, FIRST, "cheat-honest-without-tests")
    assert sum(scores.values()) > 0  # the gradebook's rows were not deleted
    assert (course / "source" / FIRST / f"{FIRST}.ipynb").is_file()
