"""What every check shares: the result, one probe size's item, the Check base class, and how a step's error reads."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

import numpy

from autograder.catalog import Exercise, Probe
from autograder.diagnosis_kinds import Diagnosis, diagnosis_of
from autograder.figures import Figure
from autograder.diagnosis import (
    compare,
    divisors_of,
    relation_holds,
    shape_problem,
)
from autograder.messages import LANGS, Msg
from autograder.plan import plan_value

# relative error of analytic vs central-difference gradient in float64, and on a forward in float32
from autograder.numgrad import GRADCHECK_TOLERANCE, GRADCHECK_TOLERANCE_FLOAT32  # noqa: E402,F401
DEFAULT_RTOL, DEFAULT_ATOL = 1e-5, 1e-8


DIAGNOSED = ("failed", "reported", "not_implemented")  # the statuses whose message is a finding of the check's own


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

    @property
    def diagnosis(self) -> Diagnosis | None:
        """The kind of mistake this check found (autograder.diagnosis_kinds): a stable key, the same in every
        language; None when it found none (passed, skipped, or blocked by an earlier check's finding)."""
        if self.status not in DIAGNOSED:
            return None
        return diagnosis_of(self.message, self.symbol, self.kind)

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
            failure = error_failure(item.error, self.spec("causes"), slots=self.gradient_slots(item))
            says = variant_raising(self.spec("variants"), item)
            if says is not None and failure.status == "failed":
                # the error as it reads, not a guess at its cause: the variant names the cause
                error = item.error
                failure.message = Msg("error.variant", step=error["step"], type=error["type"],
                                      line=error.get("line") or "?", code=error.get("code") or "",
                                      message=error.get("message") or "", says=says)
            raise failure
        raise Failure(Msg("check.skipped_interface", symbol=self.symbol), "skipped")

    def gradient_slots(self, item: Item) -> list[str]:
        """The names of the layer's grads slots (dW, db), as the reference has them; [] for what has none."""
        grads = (item.want or {}).get("grads")
        if not isinstance(grads, list) or not grads:
            return []
        return ["d" + name for name in param_names(self.exercise, self.probe, len(grads))]

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


# `self.grads[1][...] = db`, `grads[0] += dW`: a write into a slot of the layer's gradients
_GRADS_SLOT = re.compile(r"\bgrads\[(\d+)\]\s*(?:\[|[-+*/]?=)")


def error_message(error: dict, slots=()) -> Msg:
    """What a step that raised says; `slots`: the names of the layer's grads slots, for a write of the wrong shape."""
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
    if error["line"] and _array_to_scalar(error):
        return Msg("error.to_scalar", step=step, line=error["line"], code=error["code"], message=error["message"],
                   fix=_scalar_fix(error["code"] or ""))
    shapes = _assignment_shapes(error)
    if shapes and error["line"]:
        # `self.grads[0][...] = dW` with dW of the wrong shape raises numpy's "could not
        # broadcast input array from shape (3,5) into shape (5,3)": that is the backward
        # check's transposed / not-summed diagnosis, met before any value is compared.
        slot = _GRADS_SLOT.search(error.get("code") or "")
        named = slots[int(slot.group(1))] if slot and int(slot.group(1)) < len(slots) else None
        detail = shape_problem(shapes[0], shapes[1], named or Msg("error.assigned_value"))
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


# NumPy 2 ended the conversion of an array with dimensions to a Python number: int(a) of a
# shape-(1,) array (np.random.choice(V, size=1, p=p), a (1, 1) score) was a deprecation warning
# from NumPy 1.25 on and is this TypeError now
_TO_SCALAR = "only 0-dimensional arrays can be converted to Python scalars"
_SCALAR_CALL = re.compile(r"(?<![\w.])(int|float|complex)\(")


def _array_to_scalar(error: dict) -> bool:
    return error.get("type") == "TypeError" and _TO_SCALAR in (error.get("message") or "")


def _scalar_fix(code: str) -> Msg:
    """The line with the element taken out of the one int()/float()/complex() argument it holds,
    `int(x)` → `int(x.item())`; the general advice when the line holds none or several."""
    calls = list(_SCALAR_CALL.finditer(code))
    argument = _call_argument(code, calls[0].end()) if len(calls) == 1 else None
    if argument is None:
        return Msg("error.to_scalar_any")
    start, end = calls[0].end(), calls[0].end() + len(argument)
    try:
        simple = isinstance(ast.parse(argument.strip(), mode="eval").body,
                            (ast.Name, ast.Attribute, ast.Subscript, ast.Call))
    except SyntaxError:
        return Msg("error.to_scalar_any")
    taken = f"{argument.strip()}.item()" if simple else f"({argument.strip()}).item()"
    return Msg("error.to_scalar_line", fixed=(code[:start] + taken + code[end:]).strip())


def _call_argument(code: str, start: int) -> str | None:
    """The text between the parenthesis opened just before `start` and its match, if it is one argument."""
    depth = 0
    for i in range(start, len(code)):
        ch = code[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            if depth == 0:
                argument = code[start:i]
                return argument if argument.strip() else None
            depth -= 1
        elif ch == "," and depth == 0:
            return None  # int(text, base): not a conversion of an array
    return None


def error_cause(error: dict) -> str:
    return f"{error['step']}|{error['type']}|{error['line']}|{error['message']}"


def error_failure(error: dict, causes=None, slots=()) -> Failure:
    """A Failure for a step that raised; an untouched stub's NotImplementedError is not a bug.

    A probe's cause `when = "raises"` says what raising means there (most_similar on an unknown word);
    with `error = "text"`, only for an error whose type or message holds that text."""
    if error["not_implemented"]:
        return Failure(error_message(error), "not_implemented", cause=error_cause(error))
    message = error_message(error, slots)
    said = f"{error['type']}: {error['message']}"
    raised = next((c for c in causes or [] if c["when"] == "raises" and c.get("error", "") in said), None)
    if raised:
        message = Msg("diag.cause", detail=message, cause=cause_text(raised), id=raised.get("id", ""))
    return Failure(message, "failed", cause=error_cause(error))


def variant_raising(variants, item: Item):
    """The `says` of the catalog's variant (a known mistake edited into the reference, see
    executor._variant_run) that raises the very error the learner's step raised: its type and message
    (numpy's "shapes (12,4) and (8,7) not aligned" for an input concatenation left out)."""
    error = item.error or {}
    recorded = next((v for k, v in item.want.items() if k.endswith(".variants_error")), None) or []
    for variant, raised in zip(variants or [], recorded):
        if raised and (raised.get("type"), raised.get("message")) == (error.get("type"), error.get("message")):
            return variant["says"]
    return None


def variant_value(variants, item: Item, name: str, got, rtol: float, atol: float):
    """The `says` of the catalog's variant whose value `name` is the learner's (a steps probe's
    `variants_of`: Decoder.generate's ids without set_state(h))."""
    for variant, theirs in zip(variants or [], item.want.get(name + ".variants") or []):
        if theirs is not None and compare(got, theirs, name, rtol, atol) is None:
            return variant["says"]
    return None


def variant_shapes(variants, item: Item, shapes):
    """The `says` of the catalog's variant whose params have exactly the learner's `shapes` where the
    reference's have others (a weight left the width of an input that is no longer concatenated)."""
    want = [list(numpy.shape(p)) for p in item.want.get("params") or []]
    for variant, theirs in zip(variants or [], item.want.get("out.variants_shapes") or []):
        if theirs and theirs != want and [list(s) for s in shapes] == theirs:
            return variant["says"]
    return None


def cause_text(cause: dict) -> Msg:
    return Msg("text.plain", text={"en": cause["en"], "zh": cause["zh"]})


def named_cause(causes, problem: Msg, got, want, rtol: float, atol: float) -> Msg:
    """`problem` with the first of `causes` whose relation `got` stands in to `want` (diagnosis.relation_holds)."""
    for cause in causes or []:
        if relation_holds(cause["when"], got, want, rtol, atol, cause.get("factor"), cause.get("power")):
            return Msg("diag.cause", detail=problem, cause=cause_text(cause), id=cause.get("id", ""))
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
    """The names of what backward returns, one per gradient: d + forward's parameter name."""
    names = item.want.get("out.params") or []
    want_dx = item.want.get("dx")
    if isinstance(want_dx, list):
        return [("d" + names[i]) if i < len(names) else f"dx[{i}]" for i in range(len(want_dx))]
    i = single_float_input(item)
    return [("d" + names[i]) if i < len(names) else f"dx[{i}]"]


def single_float_input(item: Item) -> int:
    """Which of forward's arguments one returned gradient belongs to: the only float array among them
    when the others are ids (Decoder.forward(xs, h) → dh), else the first."""
    floats = [i for i, a in enumerate(forward_args(item)) if isinstance(a, numpy.ndarray) and a.dtype.kind == "f"]
    return floats[0] if len(floats) == 1 else 0


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
