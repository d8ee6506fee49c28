"""What every check shares: the result, one probe size's item, the Check base class, and how a step's error reads."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy

from autograder.catalog import Exercise, Probe
from autograder.figures import Figure
from autograder.diagnosis import (
    divisors_of,
    relation_holds,
    shape_problem,
)
from autograder.messages import LANGS, Msg
from autograder.plan import plan_value

# relative error of analytic vs central-difference gradient in float64, and on a forward in float32
from autograder.numgrad import GRADCHECK_TOLERANCE, GRADCHECK_TOLERANCE_FLOAT32  # noqa: E402,F401
DEFAULT_RTOL, DEFAULT_ATOL = 1e-5, 1e-8


@dataclass
class CheckResult:
    name: str
    passed: bool
    message: Msg
    status: str = "passed"  # passed, failed, not_implemented, skipped, blocked, reported, pending
    symbol: str | None = None
    details: dict = field(default_factory=dict)  # the check's own bookkeeping (wrong, blocked_by …)
    weight: float = 1.0
    scored: bool = True
    display: dict = field(default_factory=dict)  # the name in each language
    cause: str | None = None  # an error several checks share: shown once (see grader.blocked_by)
    kind: str = ""  # what the check observes (loads, forward, gradcheck, …): read by scoring and every front end
    points: float = 0.0  # its share of the exercise's points (autograder.scoring)
    earned: float = 0.0  # what it earned: its points, or 0 (failed, or its work is not the learner's yet)
    unearned: bool = False  # passed, but shows no work of the learner's yet (autograder.scoring)
    figures: tuple[Figure, ...] = ()  # what the front ends draw (autograder.figures), at most one of each type

    def figure(self, kind: type):
        """This result's figure of type `kind` (GradientErrors, Curve …), or None."""
        return next((f for f in self.figures if isinstance(f, kind)), None)

    def text(self, lang: str = "en") -> str:
        return self.message.render(lang)

    def display_name(self, lang: str = "en") -> str:
        if self.display:
            return self.display.get(lang) or self.display.get("en") or self.name
        key = "checkname." + self.name
        return Msg(key).render(lang) if key in _names() else self.name


@dataclass
class Item:
    """One size of one probe: what was sent, what came back, what should have."""

    plan: dict
    got: dict | None
    want: dict

    @property
    def error(self):
        return (self.got or {}).get("error")

    def sent(self, path: str):
        return plan_value(self.plan, path)


class Failure(Exception):
    def __init__(self, message: Msg, status: str = "failed", details=None, cause=None):
        super().__init__(message.key)
        self.message, self.status, self.details, self.cause = message, status, details or {}, cause


class Check:
    """One job. Subclasses set `name` and the record keys they need, and write `verify`."""

    name = ""  # the registry name the catalog writes
    kind = ""  # the result's kind: what scoring and the front ends read, never the display name
    needs: tuple[str, ...] = ()
    stage = "main"  # the phase whose records it reads (autograder.phases); its probe's steps' may be later

    @property
    def phase(self) -> str:
        """The phase after which this check is decided: its own, or its probe's steps' if later."""
        from autograder.phases import later, steps_phase

        return later(self.stage, steps_phase(self.probe.steps))

    def __init__(self, exercise: Exercise, probe: Probe, options: dict | None = None):
        self.exercise, self.probe, self.options = exercise, probe, options or {}
        self.drawn: dict[type, Figure] = {}  # what its result shows (draw)

    @property
    def symbol(self) -> str:
        return self.probe.symbol

    def heading(self, lang: str) -> str:
        own = self.options.get("name")
        if isinstance(own, dict):
            return own.get(lang) or own["en"]
        if own:
            return own
        return Msg("checkname." + self.name).render(lang) if ("checkname." + self.name) in _names() else self.name

    def title(self, lang: str = "en") -> str:
        label = self.probe.label(lang)
        return f"{self.heading(lang)}: {self.symbol}" + (f" ({label})" if label else "")

    def spec(self, key, default=None):
        return self.options.get(key, self.probe.spec.get(key, default))

    def rtol(self):
        return float(self.spec("rtol", DEFAULT_RTOL))

    def atol(self):
        return float(self.spec("atol", DEFAULT_ATOL))

    def result(self, passed, message, status, details=None, cause=None) -> CheckResult:
        scored = bool(self.options.get("scored", True))
        if not scored and status == "failed":
            status = "reported"  # shown, never counted
        return CheckResult(self.title(), passed, message, status, self.symbol, details or {},
                           float(self.options.get("weight", 1.0)), bool(self.options.get("scored", True)),
                           {lang: self.title(lang) for lang in LANGS}, cause, self.kind,
                           figures=tuple(self.drawn.values()))

    def draw(self, figure: Figure) -> None:
        """Show `figure` with the result (replacing an earlier one of its type): drawn before a
        Failure is raised, it is shown with the failure too."""
        self.drawn[type(figure)] = figure

    def run(self, items: list[Item]) -> CheckResult:
        details: dict = {}
        self.drawn = {}
        note = None
        for item in items:
            try:
                self.require(item)
                result = self.verify(item, details)
                note = note or result
            except Failure as failure:
                message = failure.message
                if len(items) > 1 and failure.status == "failed" and failure.cause is None:
                    message = Msg("check.with_size", size=_sizes_text(item.plan["sizes"]), detail=message)
                details.update(failure.details)
                return self.result(False, message, failure.status, details, failure.cause)
        message = self.ok_message(items, details)
        if note is not None:
            message = Msg("check.ok_note", note=note)
        return self.result(True, message, "passed", details)

    def complete(self, item: Item) -> bool:
        """Whether the record holds everything this check compares (a step may have raised midway)."""
        return True

    def require(self, item: Item) -> None:
        missing = [k for k in self.needs if k not in (item.got or {})]
        if not missing and self.complete(item):
            return
        if item.error:
            raise error_failure(item.error, self.spec("causes"))
        raise Failure(Msg("check.skipped_interface", symbol=self.symbol), "skipped")

    def named(self, problem: Msg, got, want, rtol: float, atol: float) -> Msg:
        """`problem`, with the probe's named cause (`causes`) when the wrong value stands in its relation."""
        return named_cause(self.spec("causes"), problem, got, want, rtol, atol)

    def verify(self, item: Item, details: dict):  # returns an optional note
        raise NotImplementedError

    def ok_message(self, items, details) -> Msg:
        return Msg("check.ok")


def _names():
    from autograder.messages import TEMPLATES

    return TEMPLATES


def error_message(error: dict) -> Msg:
    step = error["step"]
    if error["not_implemented"]:
        return Msg("error.not_implemented", step=step)
    if error["type"] == "SystemExit":
        return Msg("error.sys_exit", step=step, line=error["line"])
    if error["type"] == "MemoryError":
        return Msg("error.memory", step=step, line=error["line"], code=error["code"], limit="2 GB")
    if error["type"] == "OSError" and (error.get("message") or "").startswith("[Errno 27]"):
        # EFBIG: the file-size limit on what the child writes. Python ignores SIGXFSZ, so a
        # flood written straight to fd 1 ends in this OSError, not in a killed process.
        return Msg("error.output", step=step, line=error["line"] or "?", code=error["code"] or "", limit="64 MB")
    if error["type"] == "EOFError":
        # input() or a read of stdin: the sandbox gives no input, so this can only fail
        return Msg("error.input", step=step, line=error["line"] or "?", code=error["code"] or "")
    shapes = _assignment_shapes(error)
    if shapes and error["line"]:
        # `self.grads[0][...] = dW` with dW of the wrong shape raises numpy's "could not
        # broadcast input array from shape (3,5) into shape (5,3)": that is the backward
        # check's transposed / not-summed diagnosis, met before any value is compared.
        detail = shape_problem(shapes[0], shapes[1], Msg("error.assigned_value"))
        return Msg("error.assign_shape", step=step, line=error["line"], code=error["code"], detail=detail)
    if error["line"]:
        return Msg("error.raised", step=step, type=error["type"], line=error["line"], code=error["code"],
                   message=error["message"])
    return Msg("error.raised_noline", step=step, type=error["type"], message=error["message"])


_BROADCAST = (
    # "could not broadcast input array from shape (3,5) into shape (5,3)": x[...] = value
    (re.compile(r"could not broadcast input array from shape \(([\d, ]*)\) into shape \(([\d, ]*)\)"), False),
    # "non-broadcastable output operand with shape (3,) doesn't match the broadcast shape (4,3)": x += value
    (re.compile(r"non-broadcastable output operand with shape \(([\d, ]*)\) doesn't match the broadcast shape "
                r"\(([\d, ]*)\)"), True),
)


def _assignment_shapes(error: dict):
    """(value's shape, target's shape) of a failed in-place numpy assignment, else None."""
    if error.get("type") != "ValueError":
        return None
    for pattern, swapped in _BROADCAST:
        match = pattern.search(error.get("message") or "")
        if match:
            first, second = (tuple(int(d) for d in g.replace(" ", "").split(",") if d) for g in match.groups())
            return (second, first) if swapped else (first, second)
    return None


def error_cause(error: dict) -> str:
    return f"{error['step']}|{error['type']}|{error['line']}|{error['message']}"


def error_failure(error: dict, causes=None) -> Failure:
    """A Failure for a step that raised; an untouched stub's NotImplementedError is not a bug.

    A probe's cause `when = "raises"` says what raising means there (most_similar on an unknown word)."""
    if error["not_implemented"]:
        return Failure(error_message(error), "not_implemented", cause=error_cause(error))
    message = error_message(error)
    raised = next((c for c in causes or [] if c["when"] == "raises"), None)
    if raised:
        message = Msg("diag.cause", detail=message, cause=cause_text(raised))
    return Failure(message, "failed", cause=error_cause(error))


def cause_text(cause: dict) -> Msg:
    return Msg("text.plain", text={"en": cause["en"], "zh": cause["zh"]})


def named_cause(causes, problem: Msg, got, want, rtol: float, atol: float) -> Msg:
    """`problem` with the first of `causes` whose relation `got` stands in to `want` (diagnosis.relation_holds)."""
    for cause in causes or []:
        if relation_holds(cause["when"], got, want, rtol, atol, cause.get("factor"), cause.get("power")):
            return Msg("diag.cause", detail=problem, cause=cause_text(cause))
    return problem


def warning_cause(causes, warning: str) -> Msg | None:
    """What a numpy warning the reference does not raise means here (`when = "warning"`, `warning` = its text)."""
    for cause in causes or []:
        if cause["when"] == "warning" and cause.get("warning", "") in warning:
            return cause_text(cause)
    return None


def _sizes_text(sizes: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in sizes.items())


# -- names of things, as the learner knows them -----------------------------------

def param_names(exercise: Exercise, probe: Probe, count: int) -> list[str]:
    named = probe.spec.get("param_names")
    if named and len(named) == count:
        return list(named)
    args = [a for a in exercise.symbol(probe.symbol).required if a not in ("self",)]
    if len(args) == count and all(a[:1].isupper() or a in ("b",) for a in args):
        return args
    return [f"params[{j}]" for j in range(count)]


def input_gradient_names(item: Item) -> list[str]:
    names = item.want.get("out.params") or []
    want_dx = item.want.get("dx")
    count = len(want_dx) if isinstance(want_dx, list) else 1
    return [("d" + names[i]) if i < len(names) else f"dx[{i}]" for i in range(count)]


def output_names(probe: Probe, want, label: str) -> list[str] | str:
    named = probe.spec.get("output_names")
    if isinstance(want, list) and named and len(named) == len(want):
        return list(named)
    return label


def forward_args(item: Item) -> list:
    for step in item.plan["steps"]:
        if step.get("as") == "out":
            return step["args"]
    return []


def douts(item: Item) -> list:
    for step in item.plan["steps"]:
        if step.get("as") == "dx":
            return step["args"]
    return []


def batch_divisors(item: Item) -> dict:
    return divisors_of(forward_args(item))


def scalar_dout(item: Item):
    sent = douts(item)
    if not sent:
        return 1.0
    return float(sent[0]) if len(sent) == 1 and not isinstance(sent[0], numpy.ndarray) else None


def _dtype_problem(what: str, value, reference):
    """(failure, note): a non-float output fails; another float dtype than the data's is a note.

    The book itself allocates float32 inside layers (TimeLSTM's dtype='f'), which trains
    fine: such code passes with a note and is compared with float32 tolerances.
    """
    if not isinstance(value, numpy.ndarray) or not isinstance(reference, numpy.ndarray):
        return None, None
    if value.dtype.kind not in "fc" and reference.dtype.kind == "f":
        return Msg("interface.not_float", what=what, got=str(value.dtype)), None
    if value.dtype.kind == "f" and reference.dtype.kind == "f" and value.dtype != reference.dtype:
        return None, Msg("note.dtype", what=what, got=str(value.dtype), expected=str(reference.dtype))
    return None, None


def _first(value):
    return (value[0] if value else None) if isinstance(value, list) else value


def grad_names(check: Check, item: Item) -> list[str]:
    return ["d" + n for n in param_names(check.exercise, check.probe, len(item.want["grads"]))]


def grouped(grads, groups):
    """Gradients of the distinct arrays: shared params' grads summed, as the book's remove_duplicate."""
    out = []
    for group in groups:
        total = None
        for j, transposed in group:
            g = grads[j] if isinstance(grads, list) and j < len(grads) else None
            if not isinstance(g, numpy.ndarray):
                total = g
                break
            g = g.T if transposed else g
            total = g if total is None else (total + g if total.shape == g.shape else g)
        out.append(total)
    return out


def group_name(names: list[str], group) -> str:
    return names[group[0][0]] if group[0][0] < len(names) else f"grads[{group[0][0]}]"


# -- layer checks ----------------------------------------------------------------
