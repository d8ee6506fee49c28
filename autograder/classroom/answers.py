"""The learner's answer to an exercise, as source text: made from the reference, found in a submission.

One rule makes every classroom format's answer cell from the reference solution,
so the nbgrader notebooks, the Gradescope zip and the workbench's starting files
cannot drift apart:

- ``from workbench.backend import np`` becomes ``import numpy as np`` (a student's
  notebook needs only numpy; the grader accepts both);
- the leading comments of each ``### BEGIN SOLUTION`` region (the formula) move
  above the marker, so nbgrader's own ClearSolutions keeps them, exactly as
  ``autograder.stubs.make_stub`` does for the workbench's starting files.

The other way round, ``answers_in_notebook`` and ``find_in_folder`` find the
answer of each exercise in what a student handed in, and name the files that
answer none.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from autograder.catalog import Exercise
from autograder.messages import LANGS
from autograder.stubs import MARKER_COMMENT, RAISE, localize, make_stub

_BACKEND_IMPORT = re.compile(r"^from (?:workbench|autograder)\.backend import np[ \t]*$", re.M)
_MARKER = re.compile(r"^(\s*)### (BEGIN|END) SOLUTION\s*$")
_MODULE = re.compile(r"^ch\d\d\.\w+$")


def for_notebooks(text: str) -> str:
    """Source or instructions with the backend import as a notebook has it: plain numpy."""
    return _BACKEND_IMPORT.sub("import numpy as np", text)


def answer_source(exercise: Exercise, lang: str = "en") -> str:
    """The answer cell of the instructor's (source) notebook: the reference in `lang`, markers kept."""
    source = localize(exercise.solution_path.read_text(encoding="utf-8"), lang)
    return _hoist_region_comments(for_notebooks(source))


def release_source(exercise: Exercise, lang: str = "en") -> str:
    """The student's starting answer: what nbgrader's ClearSolutions makes of answer_source
    (with the course's code stub, ``code_stub(lang)``)."""
    return make_stub(answer_source(exercise, lang), lang)


def code_stub(lang: str = "en") -> str:
    """What replaces a solution region: the workbench's stub body, for nbgrader's ClearSolutions."""
    return f"{MARKER_COMMENT[lang]}\n{RAISE}"


def reference_module(exercise: Exercise, lang: str = "en") -> str:
    """The reference as a plain module (markers dropped): a helper shipped with a later chapter."""
    lines = [line for line in answer_source(exercise, lang).splitlines() if not _MARKER.match(line)]
    return "\n".join(lines) + "\n"


def _hoist_region_comments(source: str) -> str:
    out: list[str] = []
    lines = source.splitlines()
    i = 0
    while i < len(lines):
        marker = _MARKER.match(lines[i])
        if marker and marker.group(2) == "BEGIN":
            j = i + 1
            while j < len(lines) and lines[j].strip().startswith("#") and not _MARKER.match(lines[j]):
                j += 1
            out.extend(lines[i + 1:j])  # the formula, above the marker
            out.append(lines[i])
            i = j
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out) + "\n"


def normalized(source: str) -> str:
    """Source compared for 'unchanged': trailing spaces and blank lines at the ends ignored."""
    return "\n".join(line.rstrip() for line in source.strip("\n").splitlines())


def fingerprint(source: str) -> str:
    """A short hash of a source, blind to trailing spaces and blank lines at its ends."""
    return hashlib.sha256(normalized(source).encode("utf-8")).hexdigest()[:16]


def starting_fingerprints(exercise: Exercise) -> frozenset[str]:
    """Fingerprints of every starting answer the catalog hands out for an exercise today:
    the notebooks' and the workbench's, in each language."""
    stamps = []
    for path in (exercise.solution_path, exercise.stub_path):
        try:
            stamps.append((str(path), path.stat().st_mtime_ns))
        except OSError:
            stamps.append((str(path), None))
    key = (exercise.id, tuple(stamps))
    if key not in _starts:
        solution = exercise.solution_path.read_text(encoding="utf-8")
        starts = set()
        for lang in LANGS:
            starts.add(fingerprint(release_source(exercise, lang)))
            starts.add(fingerprint(make_stub(solution, lang)))
        if exercise.stub_path.is_file():
            starts.add(fingerprint(exercise.stub_path.read_text(encoding="utf-8")))
        _starts[key] = frozenset(starts)
    return _starts[key]


_starts: dict[tuple, frozenset[str]] = {}


def is_untouched(exercise: Exercise, source: str, starts=()) -> bool:
    """The starting answer handed back as it was (nbgrader's 'No response'); it scores 0.
    `starts`: fingerprints of the starting answers this class was given, besides today's."""
    mark = fingerprint(source)
    return mark in starts or mark in starting_fingerprints(exercise)


def imported_modules(source: str) -> set[str]:
    """The exercise modules (``ch01.affine``) a source imports, at any depth of the file."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found.update(name for name in names if _MODULE.match(name))
    return found


def module_name(exercise: Exercise) -> str:
    return exercise.module.removesuffix(".py").replace("/", ".")


def defined_names(source: str) -> set[str]:
    """Top-level classes and functions a source defines (a line scan when it does not parse)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set(re.findall(r"^(?:class|def)\s+([A-Za-z_]\w*)", source, re.M))
    return {node.name for node in tree.body
            if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))}


def best_exercise(source: str, exercises: list[Exercise]) -> Exercise | None:
    """The exercise a piece of code answers: the one most of whose symbols it defines."""
    names = defined_names(source)
    scored = [(len(names & {s.name for s in ex.symbols}), -i, ex) for i, ex in enumerate(exercises)]
    best = max(scored, default=None, key=lambda t: t[:2])
    return best[2] if best and best[0] > 0 else None


def cell_source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def answers_in_notebook(notebook: dict, exercises: list[Exercise]) -> dict[str, str]:
    """exercise id → answer source, from a notebook's JSON.

    An answer cell is found by its nbgrader grade_id (the exercise id); a cell whose
    metadata was lost still counts when it defines an exercise's symbols.
    """
    by_id = {ex.id: ex for ex in exercises}
    answers: dict[str, str] = {}
    loose = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        meta = (cell.get("metadata") or {}).get("nbgrader") or {}
        grade_id = meta.get("grade_id")
        if grade_id in by_id and meta.get("solution"):
            answers.setdefault(grade_id, cell_source(cell))
        elif not meta.get("grade"):
            loose.append(cell_source(cell))
    for source in loose:
        match = best_exercise(source, [ex for ex in exercises if ex.id not in answers])
        if match is not None:
            answers[match.id] = source
    return answers


def read_notebook(path: Path) -> dict:
    """A notebook's JSON; an unreadable one reads as a notebook without cells."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError, UnicodeDecodeError):
        return {}


@dataclass
class Found:
    """What a folder handed in answers: each exercise's source, the file it came from, and the
    files that answer no exercise (paths relative to the folder)."""

    answers: dict[str, str] = field(default_factory=dict)  # exercise id → answer source
    files: dict[str, str] = field(default_factory=dict)  # exercise id → the file it was taken from
    unmatched: list[str] = field(default_factory=list)


def find_in_folder(folder: Path, exercises: list[Exercise]) -> Found:
    """The answers in a folder a student handed in, and the files that answer nothing.

    Notebooks by their answer cells. Python files, for each exercise in turn, by the
    first rule that finds one: its module path (``ch06/clip_grads.py``, which wins over
    a notebook), its file name (``clip_grads.py``, one such file); then, for the
    exercises still unanswered, among the files still unused: a name that contains the
    exercise id (``my_clip_grads.py``; the longest id wins, so ``my_time_lstm.py`` is
    time_lstm's), the one file in a folder named after the exercise
    (``clip_grads/clip.py``), and last a file that defines the exercise's names
    (``clip.py`` defining ``clip_grads``, ``my_lstm.py`` defining ``LSTM``).
    """
    folder = Path(folder)
    found = Found()
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not _ignored(p.relative_to(folder)))
    used: set[Path] = set()
    for notebook in (p for p in files if p.suffix == ".ipynb"):
        for exercise_id, source in answers_in_notebook(read_notebook(notebook), exercises).items():
            used.add(notebook)
            if exercise_id not in found.answers:
                found.answers[exercise_id], found.files[exercise_id] = source, _relative(notebook, folder)
    py_files = [p for p in files if p.suffix == ".py"]

    def take(exercise: Exercise, path: Path) -> None:
        try:
            found.answers[exercise.id] = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return
        found.files[exercise.id] = _relative(path, folder)
        used.add(path)

    for exercise in exercises:
        exact = folder / exercise.module
        by_name = [p for p in py_files if p.name == Path(exercise.module).name]
        chosen = exact if exact.is_file() else (by_name[0] if len(by_name) == 1 else None)
        if chosen is not None:
            take(exercise, chosen)
    for rule in (_by_id_in_name, _alone_in_its_folder, _by_names_defined):
        for path in py_files:
            waiting = [ex for ex in exercises if ex.id not in found.answers]
            if path in used or not waiting:
                continue
            exercise = rule(path, folder, waiting)
            if exercise is not None:
                take(exercise, path)
    found.unmatched = [_relative(p, folder) for p in files if p not in used and p.name != "__init__.py"]
    return found


def answers_in_folder(folder: Path, exercises: list[Exercise]) -> dict[str, str]:
    """exercise id → answer source, from a folder a student handed in (see ``find_in_folder``)."""
    return find_in_folder(folder, exercises).answers


def _ignored(relative: Path) -> bool:
    return any(part.startswith(".") or part in ("__pycache__", ".ipynb_checkpoints") for part in relative.parts) \
        or relative.suffix == ".pyc"


def _relative(path: Path, folder: Path) -> str:
    return path.relative_to(folder).as_posix()


def _by_id_in_name(path: Path, folder: Path, waiting: list[Exercise]) -> Exercise | None:
    named = [ex for ex in waiting if ex.id.lower() in path.stem.lower()]
    return max(named, key=lambda ex: len(ex.id), default=None)


def _alone_in_its_folder(path: Path, folder: Path, waiting: list[Exercise]) -> Exercise | None:
    if path.parent == folder or len(list(path.parent.glob("*.py"))) != 1:
        return None
    name = path.parent.name.lower()
    return next((ex for ex in waiting if name in (ex.id.lower(), Path(ex.module).stem.lower())), None)


def _by_names_defined(path: Path, folder: Path, waiting: list[Exercise]) -> Exercise | None:
    try:
        source = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return best_exercise(source, waiting)


def with_answers(notebook: dict, sources: dict[str, str]) -> dict:
    """A copy of `notebook` with the answer cells of the given exercises replaced: a submission
    made from a release (for sample submissions, tests and benchmarks)."""
    copy = json.loads(json.dumps(notebook))
    for cell in copy.get("cells", []):
        grade_id = ((cell.get("metadata") or {}).get("nbgrader") or {}).get("grade_id")
        if cell.get("cell_type") == "code" and grade_id in sources:
            cell["source"] = sources[grade_id]
    return copy
