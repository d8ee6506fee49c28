"""The guard armed before a class's answers: what it refuses, what it leaves alone, where it sits.

Each attack is a whole answer file graded with classroom.grading.grade_answer;
the honest answers of every exercise still pass with it armed.
"""

from __future__ import annotations

import py_compile

import pytest

from autograder.classroom import guard
from autograder.classroom.answers import answer_source, release_source
from autograder.classroom.grading import grade_answer
from classroom_cases import CATALOG, fast_catalog

EXERCISE = CATALOG[[ex.id for ex in CATALOG if ex.chapter == 1][2]] if len(CATALOG.ids) > 2 else next(iter(CATALOG))
REFERENCE = EXERCISE.solution_path
PYC = REFERENCE.parent / "__pycache__" / f"{REFERENCE.stem}.*.pyc"

ATTACKS = {
    "open the reference": f"exec(open({str(REFERENCE)!r}).read())\n",
    "read the compiled reference": (
        "import glob, marshal\n"
        f"for path in glob.glob({str(PYC)!r}):\n"
        "    exec(marshal.loads(open(path, 'rb').read()[16:]))\n"),
    "a path-like that lies": (
        "class Sly:\n    calls = 0\n    def __fspath__(self):\n        Sly.calls += 1\n"
        f"        return '/dev/null' if Sly.calls == 1 else {str(REFERENCE)!r}\n"
        "exec(open(Sly()).read())\n"),
    "a symlink to the reference": (
        "import os, tempfile\nlink = os.path.join(tempfile.mkdtemp(), 'x.py')\n"
        f"os.symlink({str(REFERENCE)!r}, link)\nexec(open(link).read())\n"),
    "a folder descriptor": (
        f"import os\nfd = os.open({str(REFERENCE.parent)!r}, os.O_RDONLY)\n"
        f"exec(open(os.open({REFERENCE.name!r}, os.O_RDONLY, dir_fd=fd)).read())\n"),
    "through /proc": f"exec(open('/proc/self/root' + {str(REFERENCE)!r}).read())\n",
    "a shell": f"import subprocess\nexec(subprocess.check_output(['cat', {str(REFERENCE)!r}]))\n",
    "posix_spawn": "import os\nos.posix_spawn('/bin/true', ['true'], {})\n",
    "ctypes": "import ctypes\nctypes.CDLL(None).system(b'true')\n",
    "a hard link to the reference": (
        "import os, tempfile\nlink = os.path.join(tempfile.mkdtemp(), 'x.py')\n"
        f"os.link({str(REFERENCE)!r}, link)\nexec(open(link).read())\n"),
    "patching os first": (
        "import os, posixpath\nposixpath.realpath = lambda p, **k: '/dev/null'\nos.lstat = None\n"
        f"exec(open({str(REFERENCE)!r}).read())\n"),
    "writing outside the temporary folder": "open('/root/.bashrc-dlfs2-test', 'a').write('x')\n",
    "walking gc to the hook": "import gc\ngc.get_objects()\n",
}


# Python asks a path-like for its path once and audits that: the lie opens /dev/null
SEEN_THROUGH = {"a path-like that lies"}


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_the_guard_refuses(attack):
    # a machine that ever imported the reference holds its compiled copy: make sure this one does
    py_compile.compile(str(REFERENCE), doraise=True)
    verdict = grade_answer(EXERCISE, ATTACKS[attack], catalog=fast_catalog())
    assert verdict.score == 0
    if attack not in SEEN_THROUGH:
        assert "not allowed while graded" in verdict.first_failure, verdict.first_failure


def test_a_protected_folder_can_be_neither_read_nor_changed(tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    secret = course / "hidden_tests.py"
    secret.write_text("ANSWER = 42\n", encoding="utf-8")
    for attack in (f"exec(open({str(secret)!r}).read())\n",
                   f"import os\nos.rename({str(secret)!r}, {str(tmp_path / 'moved.py')!r})\n",
                   f"import os\nos.remove({str(secret)!r})\n",
                   f"open({str(secret)!r}, 'w').write('')\n"):
        verdict = grade_answer(EXERCISE, attack + release_source(EXERCISE), protect=(str(course),))
        assert verdict.score == 0 and "not allowed while graded" in verdict.first_failure, attack
    assert secret.read_text(encoding="utf-8") == "ANSWER = 42\n"


def test_the_guard_sits_on_the_first_statements_line_and_keeps_line_numbers():
    source = '"""Doc."""\nfrom __future__ import annotations\nimport numpy as np\n\nx = 1\n'
    guarded = guard.with_guard(source)
    assert guarded.splitlines()[2] == guard.PROLOGUE + "; import numpy as np"
    assert len(guarded.splitlines()) == len(source.splitlines())
    starts_with_class = "class A:\n    pass\n"
    assert guard.with_guard(starts_with_class).splitlines()[0] == guard.PROLOGUE
    assert guard.with_guard("def broken(:\n") == "def broken(:\n"  # runs nothing: no guard needed


def test_a_syntax_error_is_reported_at_the_students_line():
    source = release_source(EXERCISE).replace("raise NotImplementedError()", "return (", 1)
    verdict = grade_answer(EXERCISE, source)
    line = next(n for n, text in enumerate(source.splitlines(), start=1) if "return (" in text)
    assert f"line {line}" in verdict.first_failure or f"line {line + 1}" in verdict.first_failure


@pytest.mark.parametrize("exercise", CATALOG.ids)
def test_every_reference_passes_with_the_guard_armed(exercise):
    verdict = grade_answer(CATALOG[exercise], answer_source(CATALOG[exercise]))
    assert verdict.passed and verdict.score == CATALOG[exercise].points, verdict.first_failure


def test_an_untouched_or_missing_answer_scores_0_without_a_run():
    assert grade_answer(EXERCISE, release_source(EXERCISE)).status == "untouched"
    assert grade_answer(EXERCISE, EXERCISE.stub_path.read_text(encoding="utf-8")).status == "untouched"
    assert grade_answer(EXERCISE, None).status == "missing"


def test_folders_made_and_renamed_in_the_temporary_folder_are_allowed():
    scratch = ("import os, tempfile\nbase = tempfile.mkdtemp()\nos.mkdir(os.path.join(base, 'a'), 0o700)\n"
               "os.rename(os.path.join(base, 'a'), os.path.join(base, 'b'))\nos.chmod(os.path.join(base, 'b'), 0o700)\n")
    verdict = grade_answer(EXERCISE, scratch + answer_source(EXERCISE), catalog=fast_catalog())
    assert verdict.score == EXERCISE.points, verdict.first_failure
