"""The learner's workspace: their files, progress, settings and backups.

A workspace is a folder holding one file per exercise at the catalog's module
path (``ch01/affine.py``) and a ``.workbench/`` folder for state. In a clone of
the project the default workspace is ``workspace/`` at the top of the clone,
made on first run and ignored by git (it holds its own ``.gitignore``), so the
learner's work never shows in ``git status`` nor collides with ``git pull``.
Nothing here is ever lost: every write is atomic, and a file is backed up
before anything replaces it. New files get the permissions the umask allows,
as any other program's.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock; one process per workspace is then assumed
    fcntl = None

from autograder import resources
from autograder.catalog import Catalog, Exercise, load_catalog
from autograder.messages import LANGS
from autograder.stubs import make_stub

STATE_DIR = ".workbench"
MARKER = "workspace.toml"
CLONE_WORKSPACE = "workspace"  # the default workspace in a clone, beside exercises/
# conftests earlier versions wrote: still ours, so they are brought up to date (a learner's own is never touched)
OLD_CONFTESTS = (
    '''"""Lets `pytest` here grade your files: one test per check of every exercise."""
pytest_plugins = ["autograder.pytest_plugin"]
''',
)
PYTEST_INI = '''# made by `workbench init`: pytest here (`workbench test`) grades your files, one test per check
[pytest]
addopts = -p no:cacheprovider
'''
GITIGNORE = "# the learner's work in a clone of dlfs2-workbench: never committed, never in `git pull`'s way\n*\n"
STATUSES = ("not_started", "not_implemented", "failed", "passed")


def conftest_text() -> str:
    """The conftest.py a workspace gets: exercises/conftest.py itself, one text (with which pytest in
    the exercises folder grades too)."""
    return (resources.exercises_root() / "conftest.py").read_text(encoding="utf-8")


class WorkspaceError(RuntimeError):
    pass


def umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # elsewhere: set and restore (a moment in which another thread's file gets 022)
    os.umask(mask)
    return mask


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write all of `data` (text as UTF-8, or bytes as they are) or nothing: a crash mid-write
    never leaves half a file. A file replaced keeps its mode; a new one gets 0666 less the umask."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")  # before the temporary file exists: a bad text leaves nothing behind
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file 0600; the file written is the learner's, with the usual permissions
        mode = path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~umask()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class Workspace:
    def __init__(self, root: Path, catalog: Catalog | None = None):
        self.root = Path(root).resolve()
        self.catalog = catalog or load_catalog()
        self._pristine: dict[tuple[str, str], str] = {}
        self.adopted: list[Path] = []  # learner files taken over from exercises/ (see create_missing)
        # `workbench serve` runs one process per browser tab on the same workspace, and the app
        # records from worker threads: every read-modify-write of a JSON file holds this lock
        # (threads of this process, re-entrant) and an flock on .workbench/lock (other processes).
        self._lock = threading.RLock()
        self._lock_depth = 0
        self._lock_file = None

    # -- where things are ------------------------------------------------------------
    @property
    def state_dir(self) -> Path:
        return self.root / STATE_DIR

    def file_for(self, exercise: Exercise | str) -> Path:
        exercise = self.catalog[exercise] if isinstance(exercise, str) else exercise
        return self.root / exercise.module

    def exercise_for(self, path: Path) -> Exercise | None:
        try:
            relative = Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None
        return self.catalog.by_module(relative)

    # -- creating and restoring files -----------------------------------------------------
    def ensure_state(self) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        marker = self.state_dir / MARKER
        if not marker.exists():
            atomic_write(marker, 'version = 1\n# made by `workbench init`; progress and backups live beside it\n')

    def pristine(self, exercise: Exercise, lang: str = "en") -> str:
        """The starting file of `exercise` in `lang` (its docstring, comments and marker)."""
        # memoized: the solutions do not change while the app runs, and the home screen asks
        # for every exercise's stub on each redraw
        stub = self._pristine.get((exercise.id, lang))
        if stub is None:
            source = exercise.solution_path.read_text(encoding="utf-8")
            stub = self._pristine[(exercise.id, lang)] = make_stub(source, lang)
        return stub

    def starting_file(self, exercise: Exercise) -> str:
        """The starting file to write now: in the workspace's language."""
        return self.pristine(exercise, self.language())

    def create_missing(self) -> list[Path]:
        """Write the stub of every exercise whose file is missing; never touch existing files.

        The first time the clone's default workspace is made, it is kept out of git and takes
        over what the learner did in exercises/ with an earlier version (see `adopted`).
        """
        first_time = not (self.state_dir / MARKER).is_file()
        if self.root == clone_workspace_root():
            self.root.mkdir(parents=True, exist_ok=True)
            ignore = self.root / ".gitignore"
            if not ignore.exists():
                atomic_write(ignore, GITIGNORE)
            if first_time:
                self.adopted = self._adopt(self.root.parent / "exercises")
        self.ensure_state()
        written = []
        for exercise in self.catalog:
            target = self.file_for(exercise)
            if not target.exists():
                atomic_write(target, self.starting_file(exercise))
                written.append(target)
            init = target.parent / "__init__.py"
            if not init.exists():
                atomic_write(init, "")
        conftest = self.root / "conftest.py"
        if not conftest.exists() or _read_text(conftest) in OLD_CONFTESTS:
            atomic_write(conftest, conftest_text())
        ini = self.root / "pytest.ini"
        if not ini.exists():
            atomic_write(ini, PYTEST_INI)
        return written

    def _adopt(self, old: Path) -> list[Path]:
        """Copy the learner's files and state from `old` (exercises/, the default workspace of
        earlier versions) into this new workspace; `old` is left as it is. Returns the files copied."""
        if not (old / STATE_DIR / MARKER).is_file():
            return []  # never used as a workspace: its files are the project's starting files
        adopted = []
        for exercise in self.catalog:
            source, target = old / exercise.module, self.file_for(exercise)
            if not source.is_file() or target.exists():
                continue
            data = source.read_bytes()
            if data.decode("utf-8", errors="replace") in (self.pristine(exercise, lang) for lang in LANGS):
                continue  # untouched: the fresh starting file is written instead
            atomic_write(target, data)
            adopted.append(target)
        for name in ("progress.json", "settings.json"):
            if (old / STATE_DIR / name).is_file() and not (self.state_dir / name).exists():
                atomic_write(self.state_dir / name, (old / STATE_DIR / name).read_bytes())
        backups = old / STATE_DIR / "backups"
        if backups.is_dir():
            for backup in sorted(backups.glob("*.py")):
                if not (self.state_dir / "backups" / backup.name).exists():
                    atomic_write(self.state_dir / "backups" / backup.name, backup.read_bytes())
        return adopted

    def _backup_path(self, exercise: Exercise, kind: str = "") -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S") + f"-{time.time_ns() % 1_000_000:06d}"
        return self.state_dir / "backups" / f"{exercise.id}.{stamp}{kind}.py"

    def backup(self, exercise: Exercise) -> Path | None:
        """Copy the learner's current file into .workbench/backups/; returns the copy."""
        source = self.file_for(exercise)
        if not source.exists():
            return None
        target = self._backup_path(exercise)
        # bytes, not text: a file that is not valid UTF-8 is kept exactly as it was
        atomic_write(target, source.read_bytes())
        return target

    def keep_unsaved(self, exercise: Exercise, text: str) -> Path:
        """Keep editor text that is about to be discarded (reloaded over) in .workbench/backups/."""
        self.ensure_state()
        target = self._backup_path(exercise, ".unsaved")
        atomic_write(target, text.encode("utf-8", errors="surrogateescape"))
        return target

    def reset(self, exercise: Exercise) -> Path | None:
        """Back up the learner's file, then restore the untouched stub."""
        self.ensure_state()
        saved = self.backup(exercise)
        atomic_write(self.file_for(exercise), self.starting_file(exercise))
        return saved

    def save(self, exercise: Exercise, text: str) -> Path | None:
        """Save editor text over the learner's file, keeping a backup of what was there."""
        data = text.encode("utf-8")
        self.ensure_state()
        current = self.file_for(exercise)
        saved = None
        # compared as bytes: a file that is not UTF-8 differs from any editor text, so it is backed up
        if current.exists() and current.read_bytes() != data:
            saved = self.backup(exercise)
        atomic_write(current, data)
        return saved

    def is_untouched(self, exercise: Exercise) -> bool:
        """Whether the learner's file is missing or a starting file as written (in either language)."""
        path = self.file_for(exercise)
        try:
            if not path.exists():
                return True
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False  # unreadable: counted as edited, so grading says what is wrong with it
        return any(text == self.pristine(exercise, lang) for lang in LANGS)

    # -- progress and settings: small JSON files, rebuilt when unreadable -------------------
    def _read_json(self, name: str) -> dict:
        try:
            data = json.loads((self.state_dir / name).read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}  # missing or corrupt: start afresh, grading rebuilds progress

    def _write_json(self, name: str, data: dict) -> None:
        self.ensure_state()
        atomic_write(self.state_dir / name, json.dumps(data, indent=2, ensure_ascii=False) + "\n")

    @contextmanager
    def _locked(self):
        """Hold the workspace lock (see __init__) for one read-modify-write; re-entrant."""
        with self._lock:
            if self._lock_depth == 0 and fcntl is not None:
                try:
                    self.state_dir.mkdir(parents=True, exist_ok=True)
                    self._lock_file = open(self.state_dir / "lock", "a+b")
                    fcntl.flock(self._lock_file.fileno(), fcntl.LOCK_EX)
                except OSError:  # a read-only workspace: the write that follows fails and says so
                    if self._lock_file is not None:
                        self._lock_file.close()
                    self._lock_file = None
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
                if self._lock_depth == 0 and self._lock_file is not None:
                    self._lock_file.close()  # closing releases the flock
                    self._lock_file = None

    def progress(self) -> dict:
        raw = self._read_json("progress.json")
        entries = raw.get("exercises", {}) if isinstance(raw.get("exercises"), dict) else {}
        clean = {}
        for ex_id, entry in entries.items():
            if ex_id in self.catalog and isinstance(entry, dict) and entry.get("status") in STATUSES:
                # numbers of the wrong type (a hand-edited file) are dropped, never shown or compared
                clean[ex_id] = {key: value for key, value in entry.items() if key == "status" or _number(value)}
        return clean

    def record(self, result) -> None:
        """Store a grading result's outcome for the home screen."""
        with self._locked():
            raw = self._read_json("progress.json")
            entries = raw.get("exercises") if isinstance(raw.get("exercises"), dict) else {}
            entries[result.exercise] = {
                "status": result.status,
                "score": result.score,
                "max_score": result.max_score,
                # the checks that count, as the verdict's summary counts them (and the exercise screen says)
                "passed_checks": sum(c.passed for c in result.scored),
                "total_checks": len(result.scored),
                "graded_at": time.time(),
            }
            self._write_json("progress.json", {"version": 1, "exercises": entries, "last": result.exercise})

    def status(self, exercise: Exercise, progress: dict | None = None) -> str:
        """not_started (the untouched stub) or the recorded status; pass `progress` to read it once for many."""
        if self.is_untouched(exercise):
            return "not_started"
        progress = self.progress() if progress is None else progress
        return progress.get(exercise.id, {}).get("status", "not_started")

    def settings(self) -> dict:
        return self._read_json("settings.json")

    def update_settings(self, **values) -> None:
        with self._locked():
            data = self.settings()
            data.update(values)
            self._write_json("settings.json", data)

    def language(self, default: str = "en") -> str:
        # the first of (setting, $DLFS2_LANG, default) that is a language we have; anything else is ignored
        for lang in (self.settings().get("lang"), os.environ.get("DLFS2_LANG"), default):
            if isinstance(lang, str) and lang in LANGS:
                return lang
        return "en"

    def _hints(self) -> dict:
        hints = self.settings().get("hints")
        return dict(hints) if isinstance(hints, dict) else {}

    def hints_shown(self, exercise: Exercise) -> int:
        shown = self._hints().get(exercise.id, 0)
        if not isinstance(shown, int) or isinstance(shown, bool):
            return 0  # a hand-edited settings.json: start over rather than crash
        return max(0, min(shown, len(exercise.hints)))

    def mistake_hints_shown(self, exercise: Exercise) -> list[str]:
        """The ids of the hints for a diagnosis (autograder.hints) already revealed for `exercise`."""
        revealed = self.settings().get("mistake_hints")
        ids = revealed.get(exercise.id) if isinstance(revealed, dict) else None
        return [i for i in ids if isinstance(i, str)] if isinstance(ids, list) else []

    def reveal_hint(self, exercise: Exercise, offered=()) -> int:
        """One more hint of `exercise`: the first of `offered` (ids of the hints for the mistakes the file
        shows now, autograder.hints) not revealed yet, else the next of its ladder (up to all of them).
        Returns how many of the ladder's hints are shown."""
        with self._locked():
            revealed = self.mistake_hints_shown(exercise)
            new = next((hint_id for hint_id in offered if hint_id not in revealed), None)
            if new is not None:
                mistakes = self.settings().get("mistake_hints")
                mistakes = dict(mistakes) if isinstance(mistakes, dict) else {}
                mistakes[exercise.id] = revealed + [new]
                self.update_settings(mistake_hints=mistakes)
                return self.hints_shown(exercise)
            shown = min(self.hints_shown(exercise) + 1, len(exercise.hints))
            hints = self._hints()
            hints[exercise.id] = shown
            self.update_settings(hints=hints)
        return shown

    def next_exercise(self) -> Exercise:
        """Where to continue: the first exercise in book order that is not passed."""
        progress = self.progress()
        for exercise in self.catalog:
            if progress.get(exercise.id, {}).get("status") != "passed":
                return exercise
        return self.catalog.exercises[-1]


def clone_workspace_root() -> Path | None:
    """Where the default workspace of a clone is (made on first run), or None outside a clone."""
    clone = resources.clone_root()
    return None if clone is None else clone / CLONE_WORKSPACE


def find_workspace(start: Path | None = None) -> Workspace | None:
    """The workspace holding `start` (default: the current folder), or the clone's workspace/."""
    here = Path(start or Path.cwd()).resolve()
    clone = resources.clone_root()
    # the project's starting files: the default workspace of earlier versions, never one now
    pristine = clone / "exercises" if clone is not None else None
    for folder in (here, *here.parents):
        if folder != pristine and (folder / STATE_DIR / MARKER).is_file():
            return Workspace(folder)
    if clone is not None and (here == clone or clone in here.parents):
        return Workspace(clone / CLONE_WORKSPACE)
    return None


def init_workspace(target: Path, lang: str | None = None) -> tuple[Workspace, list[Path]]:
    """Make (or complete) the workspace at `target`; the starting files are in `lang`, which is saved."""
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise WorkspaceError(f"{target} exists and is not a folder")
    target.mkdir(parents=True, exist_ok=True)
    workspace = Workspace(target)
    if lang is not None:
        workspace.update_settings(lang=lang)
    return workspace, workspace.create_missing()


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        return None
