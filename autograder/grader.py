"""Grade one file: plan → sandboxed runs (learner and reference) → checks → result."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import re
import shutil
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy

from autograder import donothing, engine, resources, sandbox, wire
from autograder import scoring as scoring_rule
from autograder.catalog import Exercise, load_catalog
from autograder.checks import CheckResult, Item, checks_for
from autograder.figures import GradientErrors
from autograder.loads import check_loads, run_failure
from autograder.messages import LANGS, Msg
from autograder.plan import build_plan, timed_steps, untimed


class GraderError(RuntimeError):
    """The grader itself is broken (for instance the reference fails): not the learner's fault."""


class GradingCancelled(Exception):
    """grade() was asked to stop (its `cancel` event was set) before a verdict."""


@dataclass
class GradeResult:
    exercise: str
    checks: list[CheckResult]
    max_score: float
    elapsed: float = 0.0
    output: str = ""
    output_dropped: int = 0
    notes: list[Msg] = field(default_factory=list)  # said once per verdict, below the checks
    score: float = 0.0  # what the checks earned (autograder.scoring), set by grade()

    @property
    def scored(self) -> list[CheckResult]:
        """The checks that count; the others (reported, not scored) are shown but never fail a grade."""
        return [c for c in self.checks if c.scored]

    @property
    def passed(self) -> bool:
        return bool(self.scored) and all(c.passed for c in self.scored)

    @property
    def pending(self) -> bool:
        """Whether some checks wait for measure_speed (graded with timing=False)."""
        return any(c.status == "pending" for c in self.checks)

    @property
    def status(self) -> str:
        """passed, not_implemented (every failure is an untouched stub), or failed."""
        if self.passed:
            return "passed"
        failing = [c for c in self.scored if not c.passed]
        if all(c.status in ("not_implemented", "skipped", "blocked") for c in failing) and any(
            c.status == "not_implemented" for c in failing
        ):
            return "not_implemented"
        return "failed"

    def summary(self) -> Msg:
        fields = dict(exercise=self.exercise, passed=sum(c.passed for c in self.scored), total=len(self.scored),
                      score=self.score, max_score=self.max_score)
        return Msg("summary." + self.status, **fields)

    def to_json(self, lang: str = "en") -> dict:
        return {
            "exercise": self.exercise,
            "score": self.score,
            "max_score": self.max_score,
            "passed": self.passed,
            "status": self.status,
            "summary": self.summary().render(lang),
            "elapsed": round(self.elapsed, 3),
            "checks": [
                {
                    "name": c.name,
                    "title": c.display_name(lang),
                    "passed": c.passed,
                    "status": c.status,
                    "message": c.text(lang),
                    "kind": c.kind,
                    "weight": c.weight,
                    "scored": c.scored,
                    "points": c.points,
                    "earned": c.earned,
                    "unearned": c.unearned,
                    **({"blocked_by": c.details["blocked_by"]} if "blocked_by" in c.details else {}),
                    **({"errors": dict(c.figure(GradientErrors).errors)} if c.figure(GradientErrors) else {}),
                    # the kind of mistake, the same in every language (autograder.diagnosis_kinds); None if none
                    "diagnosis": c.diagnosis.to_json(lang) if c.diagnosis is not None else None,
                }
                for c in self.checks
            ],
            "output": self.output,
            "notes": [n.render(lang) for n in self.notes],
        }


def grade(exercise_id: str, path, lang: str = "en", catalog=None,
          cancel: threading.Event | None = None, timing: bool = True, scoring: bool = True) -> GradeResult:
    """Grade the file at `path` as exercise `exercise_id`. Never imports the file.

    Setting `cancel` (from another thread) stops the learner's run at once and
    raises GradingCancelled: a newer save need not wait for an older, hanging one.
    The speed checks are timed afterwards, in a child of their own (measure_speed), so that
    whatever happens while timing (an error at the large sizes, a hang) costs only them.
    With `timing=False` they are left "pending" and the verdict comes sooner: the workbench
    shows it, then calls measure_speed itself. Both ways give the same result.
    `scoring=False` leaves every check's points at 0 (the do-nothing answers are graded so).
    """
    catalog = catalog or load_catalog()
    exercise = catalog[exercise_id]
    symbols, limits, withheld = _sandboxing(exercise)
    reference = _cached_reference(exercise)
    full_plan = build_plan(exercise) if reference is None or timing else None  # timed calls included
    plan = build_plan(exercise, timing=False) if full_plan is None else untimed(full_plan)
    if reference is None:
        # First run of this exercise: the reference runs beside the learner's file (two cores).
        with ThreadPoolExecutor(max_workers=2) as pool:
            ref_future = pool.submit(_run_reference, exercise, full_plan, symbols)
            outcome = sandbox.run(Path(path), plan, symbols, limits, withheld, cancel)
            reference = ref_future.result()
    else:
        outcome = sandbox.run(Path(path), plan, symbols, limits, withheld, cancel)

    # A hang or crash inside one class should not cost the others their checks:
    # blame the symbol whose step was running and grade the rest without it.
    lost: dict[str, Msg] = {}
    elapsed = outcome.elapsed
    while outcome.trace is None and elapsed < 3 * limits.timeout and outcome.status != "cancelled":
        symbol = _symbol_of_step(outcome.last_step, symbols)
        if symbol is None or symbol in lost:
            break
        lost[symbol] = run_failure(outcome, limits.timeout)
        outcome = sandbox.run(Path(path), [p for p in plan if p["symbol"] not in lost], symbols, limits, withheld,
                              cancel)
        elapsed += outcome.elapsed
    if outcome.status == "cancelled":
        raise GradingCancelled(exercise_id)
    result = assemble(exercise, plan, outcome, reference, lost)
    result.elapsed = elapsed
    if timing:
        result = _time_pending(exercise, full_plan, reference, result, path, cancel)
    if scoring:
        score(result, exercise, catalog)
    return result


def score(result: GradeResult, exercise: Exercise, catalog=None) -> GradeResult:
    """Fill in `result`'s points by the one scoring rule (autograder.scoring); again after any change."""
    def free() -> frozenset[str]:
        return donothing.free_checks(exercise, _free_key(exercise),
                                     lambda path: grade(exercise.id, path, catalog=catalog, scoring=False))

    scoring_rule.apply(result, free)
    return result


def _free_key(exercise: Exercise) -> str:
    """The reference's key, and the engine and starting file the do-nothing answers' checks depend on."""
    digest = hashlib.sha256(_reference_key(exercise).encode())  # the engine's digest included
    digest.update(exercise.stub_path.read_bytes() if exercise.stub_path.is_file() else b"")
    digest.update(exercise.solution_path.read_bytes())
    return f"{exercise.id}-{digest.hexdigest()[:16]}"


def _sandboxing(exercise: Exercise) -> tuple[list[str], sandbox.Limits, tuple[str, ...]]:
    """sandbox.run's symbols, limits and withheld module for a learner's run of `exercise`."""
    return ([s.name for s in exercise.symbols], sandbox.Limits(timeout=exercise.timeout),
            (exercise.module.removesuffix(".py").replace("/", "."),))


def _symbol_of_step(step: str | None, symbols: list[str]) -> str | None:
    """'Affine.forward', 'Affine(...)', 'sigmoid()', 'SGD.update (step 1)' → the symbol."""
    name = re.match(r"[A-Za-z_]\w*", step or "")
    return name.group(0) if name and name.group(0) in symbols else None


def assemble(exercise: Exercise, plan: list[dict], outcome: sandbox.Outcome, reference: dict,
             lost: dict | None = None) -> GradeResult:
    lost = lost or {}
    results = [check_loads(exercise, outcome)]
    probes = (outcome.trace or {}).get("probes", {})
    defined = ((outcome.trace or {}).get("loads", {}) or {}).get("symbols", {})
    for check in checks_for(exercise):
        pi = exercise.probes.index(check.probe)
        items = [Item(p, probes.get(p["id"]), reference["probes"][p["id"]]) for p in plan if p["probe"] == pi]
        if check.symbol in lost:
            results.append(check.result(False, lost[check.symbol], "failed", cause=f"lost:{check.symbol}"))
        elif outcome.trace is None:
            results.append(check.result(False, Msg("check.skipped_no_run"), "skipped"))
        elif defined.get(check.symbol, {}).get("kind", "missing") == "missing":
            results.append(check.result(False, Msg("check.skipped_missing", symbol=check.symbol), "skipped"))
        else:
            results.append(check.run(items))
    if outcome.trace is None and outcome.last_step and outcome.last_step != "loading the file":
        results[0].message = run_failure(outcome, exercise.timeout)
    mark_blocked(results)
    mark_same_gradient(results)
    return GradeResult(exercise.id, results, exercise.points, outcome.elapsed, outcome.output,
                       outcome.output_dropped, _notes(results, outcome.trace))


def _notes(results: list[CheckResult], trace: dict | None) -> list[Msg]:
    notes = []
    served = (trace or {}).get("from_reference") or {}
    if served:  # names a file took from the book's `common`: a reference's work, not the learner's
        by_module: dict[str, list[str]] = {}
        for name, module in served.items():
            by_module.setdefault(module, []).append(name)
        notes.append(Msg("note.from_reference", names="; ".join(
            f"{', '.join(sorted(names))} ({module})" for module, names in sorted(by_module.items()))))
    if not any(c.kind == "speed" and "seconds" in c.details for c in results):
        return notes  # nothing was timed: no word about the GPU
    backend_name = (trace or {}).get("backend", "numpy")
    return notes + [Msg("note.gpu_timed") if backend_name == "cupy" else Msg("note.no_gpu")]


# -- speed, measured after the verdict ---------------------------------------------------

def measure_speed(result: GradeResult, path, catalog=None, cancel: threading.Event | None = None) -> GradeResult:
    """`result` (from grade(..., timing=False)) with its pending speed checks timed on the file at `path`.

    Only the timed calls run, in a child of their own; a check whose probe failed earlier
    was never pending and keeps its verdict. Raises GradingCancelled as grade() does.
    """
    if not result.pending:
        return result
    exercise = (catalog or load_catalog())[result.exercise]
    plan = build_plan(exercise)
    reference = _cached_reference(exercise) or _run_reference(exercise, plan, [s.name for s in exercise.symbols])
    return score(_time_pending(exercise, plan, reference, result, path, cancel), exercise, catalog)


def _time_pending(exercise: Exercise, plan: list[dict], reference: dict, result: GradeResult, path,
                  cancel: threading.Event | None) -> GradeResult:
    pending = {c.name for c in result.checks if c.status == "pending"}
    if not pending:
        return result
    checks = [c for c in checks_for(exercise) if c.title() in pending]
    wanted = {exercise.probes.index(c.probe) for c in checks}
    timed = [{**p, "steps": timed_steps(p), "numgrad": False}
             for p in plan if p["probe"] in wanted and timed_steps(p)]
    outcome = sandbox.run(Path(path), timed, *_sandboxing(exercise), cancel)
    if outcome.status == "cancelled":
        raise GradingCancelled(result.exercise)
    probes = (outcome.trace or {}).get("probes", {})
    measured = {}
    for check in checks:
        pi = exercise.probes.index(check.probe)
        if outcome.trace is None:
            measured[check.title()] = check.result(False, run_failure(outcome, exercise.timeout), "failed")
            continue
        items = [Item(p, probes.get(p["id"]), reference["probes"][p["id"]]) for p in plan if p["probe"] == pi]
        measured[check.title()] = check.run(items)
    results = [measured.get(c.name, c) for c in result.checks]
    return dataclasses.replace(result, checks=results, notes=_notes(results, outcome.trace),
                               elapsed=result.elapsed + outcome.elapsed)


def mark_blocked(results: list[CheckResult]) -> None:
    """One cause, one message: a later check failing for the error an earlier one already showed
    (a step that raised, a hang) says "not run: same cause as backward" instead. Scores are unchanged."""
    first: dict[tuple, CheckResult] = {}
    for check in results:
        if check.passed or check.cause is None or check.status == "not_implemented":
            continue  # an untouched stub says "not implemented" everywhere: that is its state, not a bug
        key = (check.symbol, check.cause)
        if key not in first:
            first[key] = check
            continue
        check.status = "blocked" if check.status == "failed" else check.status
        check.details["blocked_by"] = first[key].name
        check.message = Msg("check.blocked", check=Msg("text.plain", text={
            lang: first[key].display_name(lang) for lang in LANGS}))


def mark_same_gradient(results: list[CheckResult]) -> None:
    """A gradcheck that fails on gradients the backward check already found wrong, while the
    layer's forward is right, adds nothing but where the bug is: it says that in one line."""
    for check in results:
        if not (check.kind == "gradcheck" and check.status == "failed" and check.details.get("wrong")):
            continue
        forwards = [c for c in results if c.kind == "forward" and c.symbol == check.symbol]
        if not forwards or not all(c.passed for c in forwards):
            continue  # a wrong forward: the numerical gradient is of another function, worth its own line
        wrong = check.details["wrong"]
        backward = next((b for b in results if b.kind == "backward" and b.symbol == check.symbol
                         and b.status == "failed" and set(wrong) <= set(b.details.get("wrong", ()))), None)
        if backward is None:
            continue
        check.status = "blocked"
        check.details["blocked_by"] = backward.name
        check.message = Msg("check.same_gradient", names=", ".join(wrong), check=Msg("text.plain", text={
            lang: backward.display_name(lang) for lang in LANGS}))


# -- the reference trace, computed once per catalog and solution version --------------

_memory: dict[str, dict] = {}
_lock = threading.Lock()


def _reference_key(exercise: Exercise) -> str:
    digest = hashlib.sha256()
    digest.update(repr([(p.kind, p.spec) for p in exercise.probes]).encode())
    digest.update(_solutions_digest(resources.solutions_root()))
    digest.update(engine.digest().encode())
    digest.update(numpy.__version__.encode())
    digest.update(b"gpu" if sandbox.gpu_requested() else b"cpu")
    return f"{exercise.id}-{digest.hexdigest()[:16]}"


@functools.cache
def _solutions_digest(solutions: Path) -> bytes:
    """The references, read once per program (the engine's code is autograder.engine's): some forty
    reads per grade cost a grading thread 10–15 ms while the app's thread draws."""
    digest = hashlib.sha256()
    for path in sorted(solutions.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.digest()


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dlfs2-workbench" / "reference"


def _cached_reference(exercise: Exercise) -> dict | None:
    key = _reference_key(exercise)
    with _lock:
        if key in _memory:
            return _memory[key]
    try:
        trace = wire.load(_cache_dir() / key)
    except (OSError, ValueError, KeyError):
        trace = None
    if trace is not None:
        with _lock:
            _memory[key] = trace
    return trace


def _run_reference(exercise: Exercise, plan: list[dict], symbols: list[str]) -> dict:
    # stored under the key of the files as they are now, which the run reads: a digest this
    # program took earlier would file a changed reference's trace under the old one's key
    _solutions_digest.cache_clear()
    key = _reference_key(exercise)
    limits = sandbox.Limits(timeout=max(exercise.timeout, 30.0))
    # the reference's own numerical gradients are never looked at: only the learner's are checked;
    # its alternative forwards (executor.op_alternatives) are what a check names a learner's mistake by
    outcome = sandbox.run(exercise.solution_path, [{**p, "numgrad": False, "reference": True} for p in plan],
                          symbols, limits)
    trace = outcome.trace
    failed = [pid for pid, rec in (trace or {}).get("probes", {}).items() if "error" in rec]
    if trace is None or trace.get("loads", {}).keys() - {"symbols"} or failed:
        detail = run_failure(outcome, limits.timeout).render() if trace is None else str(
            trace.get("loads") if not failed else trace["probes"][failed[0]]["error"])
        raise GraderError(f"the reference solution of {exercise.id} failed: {detail}\n{outcome.stderr_tail}")
    with _lock:
        _memory[key] = trace
    _store(key, trace)
    return trace


def _store(key: str, trace: dict) -> None:
    target = _cache_dir() / key
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=key + ".", dir=target.parent))
        wire.dump(trace, staging)
        try:
            os.replace(staging, target)  # atomic: a reader sees the whole trace or none
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)  # another process stored it first
    except OSError:
        pass  # no writable cache: the reference simply runs again next time
