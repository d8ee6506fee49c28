"""Grade one file: plan → sandboxed runs (learner and reference) → checks → result."""

from __future__ import annotations

import copy
import dataclasses
import functools
import hashlib
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy

from autograder import donothing, engine, phases, resources, sandbox, wire
from autograder import scoring as scoring_rule
from autograder.catalog import Exercise, load_catalog
from autograder.checks import CheckResult, Item, checks_for
from autograder.figures import GradientErrors
from autograder.loads import loads_of, loads_result, run_failure
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
    def checking(self) -> bool:
        """Whether some checks are not decided yet (a result so far, from grade's on_rows)."""
        return any(c.status == CHECKING for c in self.checks)

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
        if self.checking:
            decided = [c for c in self.checks if c.status != CHECKING]
            return Msg("summary.checking", exercise=self.exercise, passed=sum(c.passed for c in decided),
                       decided=len(decided), waiting=len(self.checks) - len(decided))
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
          cancel: threading.Event | None = None, timing: bool = True, scoring: bool = True,
          on_rows: Callable[[GradeResult], None] | None = None, started: sandbox.Started | None = None) -> GradeResult:
    """Grade the file at `path` as exercise `exercise_id`. Never imports the file.

    Setting `cancel` (from another thread) stops the learner's run at once and
    raises GradingCancelled: a newer save need not wait for an older, hanging one.
    The speed checks' calls are timed last (their phase), so that whatever happens while
    timing (an error at the large sizes, a hang) costs only them. With `timing=False` they are
    left "pending" and the verdict comes sooner: the workbench shows it, then calls
    measure_speed, which times them in a child of their own. Both ways give the same result.
    `scoring=False` leaves every check's points at 0 (the do-nothing answers are graded so).

    The checks are decided phase by phase as the child's parts come (autograder.phases): loads,
    then every probe's own steps (interface, forward, backward …), then the gradient checks,
    the training, the precision. `on_rows(result)` is called in this thread each time some are:
    a GradeResult of the checks decided so far, each as it stays in the verdict, and the others
    "checking". A check is decided from what its phase and the earlier ones recorded, and a
    "same cause as" names only a check decided before it, so the verdict does not depend on when
    the parts arrive; a run that ends early keeps the checks its parts decided.

    `started`: the learner's run begun already (the CLI forks it before importing this module):
    sandbox.start(path, build_plan(exercise), *sandbox.sandboxing(exercise), here=True), with timing.
    """
    catalog = catalog or load_catalog()
    exercise = catalog[exercise_id]
    symbols, limits, withheld = _sandboxing(exercise)
    # A program that grades once forks the learner's child itself (sandbox.forks_here), before
    # any reference's answers are in its memory: the reference is read once the child is forked.
    if started is not None and not timing:
        raise ValueError("a run started before grade() has the timed calls: grade it with timing")
    here = started is not None or (sandbox.forks_here() and not _memory)
    reference = None if here else _cached_reference(exercise)
    if started is not None:
        full_plan = started.plan
    else:
        full_plan = build_plan(exercise) if reference is None or timing else None  # timed calls included
    # with timing the learner's child times the speed checks' calls last (their phase, "speed")
    plan = full_plan if timing else _plan(exercise, timing=False) if full_plan is None else untimed(full_plan)
    verdict = Verdict(exercise, plan, reference, on_rows)
    if here:
        started = started or sandbox.start(Path(path), plan, symbols, limits, withheld, here=True)
        # the child is forked: the reference's trace is read now, and the parts decided as they come
        reference = _cached_reference(exercise)
        if reference is not None:
            verdict.reference_is(reference)
        outcome = started.wait(cancel, verdict.take)
        if reference is None:
            verdict.reference_is(_run_reference(exercise, full_plan, symbols, here=True))
    elif reference is None:
        # First run of this exercise: the reference runs beside the learner's file (two cores).
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=2) as pool:
            verdict.waiting_for = pool.submit(_run_reference, exercise, full_plan, symbols)
            outcome = sandbox.run(Path(path), plan, symbols, limits, withheld, cancel, verdict.take)
            verdict.reference_is(verdict.waiting_for.result())
    else:
        outcome = sandbox.run(Path(path), plan, symbols, limits, withheld, cancel, verdict.take)

    # A hang or crash inside one class should not cost the others their checks:
    # blame the symbol whose step was running and grade the rest without it.
    lost: set[str] = set()
    elapsed = outcome.elapsed
    while outcome.trace is None and elapsed < 3 * limits.timeout and outcome.status != "cancelled":
        symbol = _symbol_of_step(outcome.last_step, symbols)
        if symbol is None or symbol in lost:
            break
        lost.add(symbol)
        verdict.lose(symbol, run_failure(outcome, limits.timeout))
        rest = [p for p in plan if p["symbol"] not in lost and verdict.open(p["probe"])]
        if not rest:
            break
        outcome = sandbox.run(Path(path), rest, symbols, limits, withheld, cancel, verdict.take)
        elapsed += outcome.elapsed
    if outcome.status == "cancelled":
        raise GradingCancelled(exercise_id)
    result = verdict.finish(outcome)
    result.elapsed = elapsed
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
    return sandbox.sandboxing(exercise)


def _symbol_of_step(step: str | None, symbols: list[str]) -> str | None:
    """'Affine.forward', 'Affine(...)', 'sigmoid()', 'SGD.update (step 1)' → the symbol."""
    name = re.match(r"[A-Za-z_]\w*", step or "")
    return name.group(0) if name and name.group(0) in symbols else None


CHECKING = "checking"  # a check's status while its phase has not ended (a result so far)


class Verdict:
    """The checks of one grading, decided phase by phase as the child's parts arrive.

    Each part ends a phase (autograder.phases): every check of that phase or an earlier one that
    is not decided yet is decided from the records so far and never changed after (but for its
    points, given by the scoring rule at the end). Parts of a new child (a run again without a
    symbol that hung) start a new trace; what the first child decided stands.
    """

    def __init__(self, exercise: Exercise, plan: list[dict], reference: dict | None, on_rows=None):
        self.exercise, self.plan, self.reference, self.on_rows = exercise, plan, reference, on_rows
        self.checks = checks_for(exercise)
        self.rows: list[CheckResult | None] = [None] * (len(self.checks) + 1)  # loads, then the checks
        self.waiting_for = None  # the reference's future while it runs beside the learner's file
        self.queued: list[dict] = []  # parts that came before the reference
        self.trace: dict | None = None  # the current child's parts, merged
        self.phase: str | None = None  # the current child's last part's phase
        self.first_cause: dict[tuple, CheckResult] = {}  # mark_blocked's, over the checks decided so far

    # -- the parts ------------------------------------------------------------------------
    def take(self, part: dict, _trace=None) -> None:
        """sandbox.run's on_part: decide what this part's phase lets decide."""
        self.queued.append(part)
        if self.reference is None and self.waiting_for is not None and self.waiting_for.done():
            self.reference_is(self.waiting_for.result())  # a broken reference raises here: the run ends
        elif self.reference is not None:
            self.reference_is(self.reference)

    def reference_is(self, reference: dict) -> None:
        """The reference's trace is there: the parts that waited for it are taken, in order."""
        self.reference = reference
        queued, self.queued = self.queued, []
        for part in queued:
            self._take(part)

    def _take(self, part: dict) -> None:
        phase = part["phase"]
        if self.trace is None or self.phase is None or phases.RANK[phase] <= phases.RANK[self.phase]:
            self.trace = {"loads": {}, "probes": {}}  # a new child's first part
        self.phase = phase
        sandbox.merge_part(self.trace, part)
        self._decide(phase)

    def _decide(self, phase: str) -> None:
        rank = phases.RANK[phase]
        trace = self.trace or {"loads": {}, "probes": {}}
        new = []
        if self.rows[0] is None:
            self.rows[0] = loads_of(self.exercise, trace)
            new.append(0)
        defined = (trace.get("loads", {}) or {}).get("symbols", {}) or {}
        probes = trace.get("probes", {})
        for i, check in enumerate(self.checks, start=1):
            if self.rows[i] is not None or phases.RANK[check.phase] > rank:
                continue
            if defined.get(check.symbol, {}).get("kind", "missing") == "missing":
                row = check.result(False, Msg("check.skipped_missing", symbol=check.symbol), "skipped")
            else:
                pi = self.exercise.probes.index(check.probe)
                items = [Item(p, _copied(probes.get(p["id"])), self.reference["probes"][p["id"]])
                         for p in self.plan if p["probe"] == pi]
                row = check.run(items)
            self.rows[i] = row
            new.append(i)
        self._settle(new)

    def lose(self, symbol: str, message: Msg) -> None:
        """The run hung or crashed in a step of `symbol`: its checks not decided yet fail with why."""
        new = []
        for i, check in enumerate(self.checks, start=1):
            if self.rows[i] is None and check.symbol == symbol:
                self.rows[i] = check.result(False, message, "failed", cause=f"lost:{symbol}")
                new.append(i)
        self._settle(new)

    def open(self, probe_index: int) -> bool:
        """Whether a check of this probe is not decided yet."""
        return any(self.rows[i] is None for i, check in enumerate(self.checks, start=1)
                   if self.exercise.probes.index(check.probe) == probe_index)

    def finish(self, outcome: sandbox.Outcome) -> GradeResult:
        """The verdict: the checks decided, and those no part decided failed with why the run ended."""
        if outcome.trace is not None and self.reference is not None:
            self._decide(phases.LAST)  # a whole trace decides every check
        if any(row is None for row in self.rows):
            message = run_failure(outcome, self.exercise.timeout)
            new = []
            if self.rows[0] is None:  # the file did not load: that row says why, the others wait for it
                self.rows[0] = loads_result(CheckResult("loads", False, message, "failed"))
                new.append(0)
                message, status = Msg("check.skipped_no_run"), "skipped"
            else:  # the first undecided check says why, the others are "not run: same cause"
                status = "failed"
            for i, check in enumerate(self.checks, start=1):
                if self.rows[i] is None:
                    self.rows[i] = check.result(False, message, status, cause="run" if status == "failed" else None)
                    new.append(i)
            self._settle(new, report=False)
        rows = list(self.rows)
        return GradeResult(self.exercise.id, rows, self.exercise.points, outcome.elapsed, outcome.output,
                           outcome.output_dropped, _notes(rows, outcome.trace or self.trace))

    # -- one cause, one message ---------------------------------------------------------------
    def _settle(self, new: list[int], report: bool = True) -> None:
        """The newly decided rows, in the order of their phases and then of the catalog: a later
        check failing for the error an earlier one showed says so (mark_blocked's rule), and a
        gradient check that adds nothing to backward's says that (mark_same_gradient's)."""
        if not new:
            return
        decided = [row for row in self.rows if row is not None]
        for i in new:
            row = self.rows[i]
            _block(row, self.first_cause)
            _same_gradient(row, decided)
        if report and self.on_rows is not None:
            self.on_rows(self.so_far())

    def so_far(self) -> GradeResult:
        """A GradeResult of the checks decided so far (copies), the others "checking"."""
        rows = [dataclasses.replace(row, details=dict(row.details)) if row is not None
                else self.checks[i - 1].result(False, Msg("check.checking"), CHECKING)
                for i, row in enumerate(self.rows)]
        if self.rows[0] is None:
            rows[0] = loads_result(CheckResult("loads", False, Msg("check.checking"), CHECKING))
        return GradeResult(self.exercise.id, rows, self.exercise.points)


def _copied(record: dict | None) -> dict | None:
    """A record as it is now: later parts add to the trace's, not to what a check was given."""
    return dict(record) if record is not None else None


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
    plan = _plan(exercise, timing=True)
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
        _block(check, first)


def _block(check: CheckResult, first: dict[tuple, CheckResult]) -> None:
    if check.passed or check.cause is None or check.status == "not_implemented":
        return  # an untouched stub says "not implemented" everywhere: that is its state, not a bug
    key = (check.symbol, check.cause)
    if key not in first:
        first[key] = check
        return
    check.status = "blocked" if check.status == "failed" else check.status
    check.details["blocked_by"] = first[key].name
    check.message = Msg("check.blocked", check=Msg("text.plain", text={
        lang: first[key].display_name(lang) for lang in LANGS}))


def mark_same_gradient(results: list[CheckResult]) -> None:
    """A gradcheck that fails on gradients the backward check already found wrong, while the
    layer's forward is right, adds nothing but where the bug is: it says that in one line."""
    for check in results:
        _same_gradient(check, results)


def _same_gradient(check: CheckResult, results: list[CheckResult]) -> None:
    if not (check.kind == "gradcheck" and check.status == "failed" and check.details.get("wrong")):
        return
    forwards = [c for c in results if c.kind == "forward" and c.symbol == check.symbol]
    if not forwards or not all(c.passed for c in forwards):
        return  # a wrong forward: the numerical gradient is of another function, worth its own line
    wrong = check.details["wrong"]
    backward = next((b for b in results if b.kind == "backward" and b.symbol == check.symbol
                     and b.status == "failed" and set(wrong) <= set(b.details.get("wrong", ()))), None)
    if backward is None:
        return
    check.status = "blocked"
    check.details["blocked_by"] = backward.name
    check.message = Msg("check.same_gradient", names=", ".join(wrong), check=Msg("text.plain", text={
        lang: backward.display_name(lang) for lang in LANGS}))


# -- the reference trace, computed once per catalog and solution version --------------

_memory: dict[str, dict] = {}
_lock = threading.Lock()
_plans: dict[tuple, list[dict]] = {}


def _plan(exercise: Exercise, timing: bool) -> list[dict]:
    """build_plan(exercise, timing), drawn once per program and copied for each run: a program
    that grades every save (the workbench) would draw the same seeded inputs each time, on the
    grading thread before the child is forked (rnnlm's: 18 ms, 50 ms beside the app's drawing)."""
    key = (exercise.id, str(exercise.solution_path), repr(exercise.probes), timing)
    with _lock:
        plan = _plans.get(key)
    if plan is None:
        plan = build_plan(exercise, timing=timing)
        with _lock:
            _plans[key] = plan
    return copy.deepcopy(plan)  # what a run does with its plan never reaches the next one's


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


def _run_reference(exercise: Exercise, plan: list[dict], symbols: list[str], here: bool = False) -> dict:
    # stored under the key of the files as they are now, which the run reads: a digest this
    # program took earlier would file a changed reference's trace under the old one's key
    _solutions_digest.cache_clear()
    key = _reference_key(exercise)
    limits = sandbox.Limits(timeout=max(exercise.timeout, 30.0))
    # the reference's own numerical gradients are never looked at: only the learner's are checked;
    # its alternative forwards (executor.op_alternatives) are what a check names a learner's mistake by
    outcome = sandbox.run(exercise.solution_path, [{**p, "numgrad": False, "reference": True} for p in plan],
                          symbols, limits, here=here)
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
    import shutil
    import tempfile

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
