"""The checks: a registry of small comparators, each with one job and its own message.

Every check reads named values from two records — the learner's file and the
reference, both run by the executor on the same plan — and never runs code
from the learner's file. A probe lists its checks (its preset's by default);
a check covers every size of its probe and reports the first size that fails.
A check may carry a weight, or be reported without counting (``scored = false``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy

from autograder.catalog import Exercise, Probe
from autograder.diagnosis import (compare, describe_type, divisors_of, index_text, relative_error, shape_problem,
                                  tolerance_for)
from autograder.messages import Msg
from autograder.plan import DEFERRED, plan_value

GRADCHECK_TOLERANCE = 1e-6  # relative error of analytic vs central-difference gradient in float64 (CS231n: < 1e-7 is good)
GRADCHECK_TOLERANCE_FLOAT32 = 1e-2  # the same check on a forward that computes in float32
DEFAULT_RTOL, DEFAULT_ATOL = 1e-5, 1e-8


@dataclass
class CheckResult:
    name: str
    passed: bool
    message: Msg
    status: str = "passed"  # passed, failed, not_implemented, skipped, blocked, reported, pending
    symbol: str | None = None
    details: dict = field(default_factory=dict)
    weight: float = 1.0
    scored: bool = True
    display: dict = field(default_factory=dict)  # the name in each language
    cause: str | None = None  # an error several checks share: shown once (see grader.blocked_by)

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

    name = ""
    needs: tuple[str, ...] = ()

    def __init__(self, exercise: Exercise, probe: Probe, options: dict | None = None):
        self.exercise, self.probe, self.options = exercise, probe, options or {}

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
                           {lang: self.title(lang) for lang in ("en", "zh")}, cause)

    def run(self, items: list[Item]) -> CheckResult:
        details: dict = {}
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
            raise error_failure(item.error)
        raise Failure(Msg("check.skipped_interface", symbol=self.symbol), "skipped")

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


def error_failure(error: dict) -> Failure:
    """A Failure for a step that raised; an untouched stub's NotImplementedError is not a bug."""
    return Failure(error_message(error), "not_implemented" if error["not_implemented"] else "failed",
                   cause=error_cause(error))


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

class Interface(Check):
    name = "interface"
    needs = ("params",)

    def verify(self, item, details):
        got, want = item.got, item.want
        count = len(want["params"])
        names = param_names(self.exercise, self.probe, count)
        for attr, key in (("params", "params"), ("grads", "grads_at_init")):
            value = got.get(key)
            if not isinstance(value, list):
                raise Failure(Msg("interface.no_list", symbol=self.symbol, attr=attr,
                                  expected=", ".join(names) or "[]", got=describe_type(value)))
            if len(value) != count:
                raise Failure(Msg("interface.count", symbol=self.symbol, attr=attr, expected=count,
                                  names=", ".join(names) or "—", got=len(value)))
            for j, (g, w) in enumerate(zip(value, want["params"])):
                shape = getattr(g, "shape", None)
                if shape != w.shape:
                    raise Failure(Msg("interface.shape", symbol=self.symbol, attr=attr, index=j,
                                      name=names[j] if attr == "params" else "d" + names[j],
                                      got=shape if shape is not None else describe_type(g), expected=w.shape))
        sharing = _sharing_problem(got.get("param_groups") or [], want.get("param_groups") or [], names, self.symbol)
        if sharing:
            raise Failure(sharing)
        note = None
        for what, key in ((f"{self.symbol}.forward(...)", "out"), ("dx", "dx")):
            problem, dtype_note = _dtype_problem(what, _first(got.get(key)), _first(want.get(key)))
            if problem:
                raise Failure(problem)
            note = note or dtype_note
        for j, (g, w) in enumerate(zip(got.get("grads") or [], want.get("grads") or [])):
            problem, dtype_note = _dtype_problem(f"{self.symbol}.grads[{j}]", g, w)
            if problem:
                raise Failure(problem)
        for j, (p, w) in enumerate(zip(got.get("params") or [], want["params"])):
            note = note or _dtype_problem(f"{self.symbol}.params[{j}] ({names[j]})", p, w)[1]
        details["param_shapes"] = [tuple(p.shape) for p in want["params"]]
        return note

    def ok_message(self, items, details):
        shapes = details.get("param_shapes") or []
        if not shapes:
            return Msg("interface.ok_no_params")
        names = param_names(self.exercise, self.probe, len(shapes))
        return Msg("interface.ok", shapes=", ".join(f"{n} {s}" for n, s in zip(names, shapes)))


def _sharing_problem(got_groups, want_groups, names, symbol):
    def pairs(groups):
        return {(g[0][0], j) for g in groups for j, _ in g[1:]}

    want_pairs, got_pairs = pairs(want_groups), pairs(got_groups)
    for first, second in sorted(want_pairs - got_pairs):
        return Msg("interface.not_shared", symbol=symbol, first=first, second=second, name=names[first])
    for first, second in sorted(got_pairs - want_pairs):
        return Msg("interface.shared_unexpectedly", symbol=symbol, first=first, second=second)
    return None


class Forward(Check):
    name = "forward"
    needs = ("out",)

    def verify(self, item, details):
        got, want, plan = item.got, item.want, item.plan
        is_call = self.probe.kind in ("call",) or not any(s["op"] == "new" for s in plan["steps"])
        label = f"{self.symbol}(...)" if is_call else f"{self.symbol}.forward(...)"
        value, reference = got["out"], want["out"]
        if self.spec("up_to_sign") == "columns":
            value = _align_column_signs(value, reference)
        names = output_names(self.probe, reference, label)
        rtol, atol = tolerance_for(value, reference, self.rtol(), self.atol())
        problem = compare(value, reference, names, rtol, atol, divisors=batch_divisors(item))
        if problem:
            raise Failure(problem)
        note = None
        if is_call:
            # A function has no interface check, and float32 agrees with float64 within the
            # forward tolerance, so the dtype is looked at here.
            problem, note = _dtype_problem(label, _first(value), _first(reference))
            if problem:
                raise Failure(problem)
        for key in [k for k in want if k.startswith("call:") and "." not in k]:
            problem = compare(got.get(key), want.get(key), f"{self.symbol}.{key[5:]}(...)", self.rtol(), self.atol())
            if problem:
                raise Failure(problem)
        sent = forward_args(item)
        after = got.get("out.args_after") or []
        arg_names = want.get("out.params") or [f"#{i + 1}" for i in range(len(sent))]
        for i, (before, now) in enumerate(zip(sent, after)):
            if isinstance(before, numpy.ndarray) and isinstance(now, numpy.ndarray) and before.shape == now.shape:
                if not numpy.array_equal(before, now):
                    name = arg_names[i] if i < len(arg_names) else f"#{i + 1}"
                    raise Failure(Msg("forward.modified_input", step=label, name=name))
        warnings = got.get("warnings") or []
        if warnings and not want.get("warnings"):
            return Msg("forward.warning_note", warning=warnings[0].split(": ", 1)[-1])
        return note

    def ok_message(self, items, details):
        return Msg("forward.ok", extra="")


def _align_column_signs(value, reference):
    """Singular vectors are defined up to sign: flip each column of `value` to match `reference`."""
    if not (isinstance(value, numpy.ndarray) and isinstance(reference, numpy.ndarray)
            and value.shape == reference.shape and value.ndim == 2):
        return value
    signs = numpy.sign(numpy.sum(value * reference, axis=0))
    signs[signs == 0] = 1
    return value * signs


class Backward(Check):
    name = "backward"
    needs = ("dx", "grads")

    def verify(self, item, details):
        got, want = item.got, item.want
        divisors, dout = batch_divisors(item), scalar_dout(item)
        rtol, atol = self.rtol(), self.atol()
        problems: list[tuple[str, Msg]] = []  # every wrong tensor, in order
        compared = []
        if self.spec("check_dx", True):
            names = input_gradient_names(item)
            want_dx, got_dx = want["dx"], got["dx"]
            if isinstance(want_dx, list):
                if not isinstance(got_dx, list) or len(got_dx) != len(want_dx):
                    problem = compare(got_dx, want_dx, "backward(...)", rtol, atol, dout=dout, divisors=divisors)
                    raise Failure(problem or Msg("diag.count", name="backward(...)", expected=len(want_dx),
                                                 got=describe_type(got_dx), names=", ".join(names)))
                swapped = _swapped(got_dx, want_dx, names, rtol, atol)
                if swapped:
                    raise Failure(swapped)
                pairs = list(zip(names, got_dx, want_dx))
            else:
                pairs = [(names[0], got_dx, want_dx)]
            for index, (name, g, w) in enumerate(pairs):
                r, a = tolerance_for(g, w, rtol, atol)
                problem = compare(g, w, name, r, a, dout=dout, divisors=divisors)
                if problem:
                    problems.append((name, self._explain(problem, item, name, g, index=index)))
                compared.append(name)
        groups = want.get("param_groups") or [[[j, False]] for j in range(len(want["grads"]))]
        all_names = grad_names(self, item)
        got_grads = got["grads"] if isinstance(got["grads"], list) else []
        for group, g, w in zip(groups, grouped(got_grads, groups), grouped(want["grads"], groups)):
            name = group_name(all_names, group)
            r, a = tolerance_for(g, w, rtol, atol)
            problem = compare(g, w, name, r, a, dout=dout, divisors=divisors)
            if problem:
                problems.append((name, self._explain(problem, item, name, g, grad_index=group[0][0])))
            compared.append(name)
        for attr in self.spec("gradients_read", []):
            r, a = tolerance_for(got.get(attr), want.get(attr), rtol, atol)
            problem = compare(got.get(attr), want.get(attr), attr, r, a, dout=dout, divisors=divisors)
            if problem:
                problems.append((attr, problem))
            compared.append(attr)
        details["compared"] = compared
        if problems:
            raise Failure(self._summary(problems, item), details={"wrong": [name for name, _ in problems]})

    def _summary(self, problems, item):
        wrong = [name for name, _ in problems]
        located = _blocks_message(self.spec("blocks", []), wrong, item, self)
        if located is not None:
            return located
        located = _time_steps_message(self.spec("time_axis"), problems, item, self)
        first = located or problems[0][1]
        if len(problems) == 1:
            return first
        return Msg("backward.several", first=first, others=", ".join(wrong[1:]))

    def _explain(self, problem, item, name, got_value, grad_index=None, index=0):
        # Reading dout as all ones is a diagnosis of its own: check it before the generic sentence.
        key = "dx_ones" if grad_index is None else "grads_ones"
        ones = item.want.get(key)
        if ones is not None and grad_index is not None:
            ones = ones[grad_index]
        elif isinstance(ones, list):
            ones = ones[index] if index < len(ones) else None
        if ones is not None and isinstance(got_value, numpy.ndarray):
            if compare(got_value, ones, name, self.rtol(), self.atol()) is None:
                return Msg("diag.ignores_dout", name=name)
        return problem

    def ok_message(self, items, details):
        return Msg("backward.ok", names=", ".join(details.get("compared") or ["—"]))


def _blocks_message(blocks, wrong, item, check):
    """'the input gate i (columns 2H:3H of dWx, dWh, db) is wrong; f, g, o are right'."""
    for block in blocks:
        tensors = ["d" + t for t in block["of"]]
        if not set(tensors) & set(wrong):
            continue
        parts = block["parts"]
        axis = int(block.get("axis", -1))
        all_names = grad_names(check, item)
        got, want = item.got["grads"], item.want["grads"]
        bad = set()
        for t in tensors:
            if t not in all_names:
                continue
            j = all_names.index(t)
            g, w = got[j], want[j]
            if not (isinstance(g, numpy.ndarray) and g.shape == w.shape):
                return None
            for k, (gp, wp) in enumerate(zip(numpy.array_split(g, len(parts), axis=axis),
                                             numpy.array_split(w, len(parts), axis=axis))):
                if compare(gp, wp, t, check.rtol(), check.atol()) is not None:
                    bad.add(k)
        if not bad or len(bad) == len(parts):
            return None
        unit = block.get("unit", "")
        spans = [f"{_span(k, unit)}:{_span(k + 1, unit)}" for k in sorted(bad)]
        others = [n for n in wrong if n not in tensors]
        return Msg("backward.blocks", wrong=[_part(parts[k]) for k in sorted(bad)],
                   columns=", ".join(spans), tensors=", ".join(t for t in tensors if t in all_names),
                   right=[_part(parts[k]) for k in range(len(parts)) if k not in bad],
                   others=Msg("backward.also", names=", ".join(others)) if others else "")
    return None


def _part(part):
    return Msg("text.plain", text=part if isinstance(part, dict) else {"en": part, "zh": part})


def _span(k, unit):
    if not unit:
        return str(k)
    return "0" if k == 0 else unit if k == 1 else f"{k}{unit}"


def _time_steps_message(axis, problems, item, check):
    """'dxs is wrong at time steps 0–3 and right at 4': the gradient is not carried back through time."""
    if axis is None:
        return None
    for name, _ in problems:
        g, w = _tensor_named(item, name, check)
        if not (isinstance(g, numpy.ndarray) and isinstance(w, numpy.ndarray) and g.shape == w.shape
                and g.ndim > axis):
            continue
        steps = g.shape[axis]
        bad = [t for t in range(steps)
               if compare(numpy.take(g, t, axis=axis), numpy.take(w, t, axis=axis), name, check.rtol(),
                          check.atol()) is not None]
        right = sorted(set(range(steps)) - set(bad))
        if bad and right and max(bad) < min(right):
            return Msg("backward.time_carry", name=name, wrong=_ranges(bad), right=_ranges(right))
    return None


def _tensor_named(item, name, check):
    names = input_gradient_names(item)
    if name in names:
        g, w = item.got["dx"], item.want["dx"]
        i = names.index(name)
        return (g[i] if isinstance(g, list) else g), (w[i] if isinstance(w, list) else w)
    return None, None


def _ranges(values) -> str:
    out, start = [], None
    for i, v in enumerate(values):
        if start is None:
            start = v
        if i + 1 == len(values) or values[i + 1] != v + 1:
            out.append(str(start) if start == v else f"{start}–{v}")
            start = None
    return ", ".join(out)


class Gradcheck(Check):
    """The learner's backward against central differences of the learner's own forward."""

    name = "gradcheck"
    needs = ("numeric", "dx", "grads")

    def verify(self, item, details):
        got = item.got
        all_names = grad_names(self, item)
        input_names = input_gradient_names(item)
        groups = got.get("param_groups") or []
        errors = details.setdefault("errors", {})
        maps = details.setdefault("maps", {})
        mismatch = got["numeric"].get("__mismatch__")
        if mismatch:
            raise Failure(Msg("gradcheck.out_shape", got=mismatch["got"], expected=mismatch["expected"]))
        for key, sampled in got["numeric"].items():
            if key.startswith("input"):
                i = int(key[5:])
                analytic = got["dx"][i] if isinstance(got["dx"], list) else got["dx"]
                name = input_names[i] if i < len(input_names) else f"dx[{i}]"
            else:
                j = int(key[5:])
                group = next((g for g in groups if g[0][0] == j), [[j, False]])
                analytic = grouped(got["grads"], [group])[0] if isinstance(got["grads"], list) else None
                name = all_names[j] if j < len(all_names) else f"grads[{j}]"
            if not isinstance(analytic, numpy.ndarray):
                raise Failure(compare(analytic, numpy.zeros(1), name) or Msg("diag.type", name=name,
                              expected="an array", got=describe_type(analytic)))
            eps = float(sampled["eps"])
            tolerance = float(self.spec("gradcheck_tol", GRADCHECK_TOLERANCE))
            if eps >= 1e-3:
                tolerance = max(tolerance, GRADCHECK_TOLERANCE_FLOAT32)
            directions = sampled["directions"]
            if any(numpy.shape(v) != analytic.shape for v in directions):
                expected = numpy.shape(directions[0]) if directions else "?"
                raise Failure(shape_problem(analytic.shape, expected, name))
            numeric = (numpy.asarray(sampled["plus"], float) - numpy.asarray(sampled["minus"], float)) / (2 * eps)
            along = numpy.array([float(numpy.sum(analytic.astype(float) * v)) for v in directions])
            err = relative_error(along, numeric)
            errors[name] = max(errors.get(name, 0.0), float(err.max()) if err.size else 0.0)
            bad = _beyond(err, along, numeric, tolerance)
            element = None
            if "indices" in sampled:
                element = self._elements(sampled, analytic, eps, tolerance, name, maps, errors)
            if bad.any() or element is not None:
                if element is not None:
                    raise Failure(element, details={"errors": errors, "maps": maps, "wrong": [name]})
                worst = int(numpy.argmax(err))
                raise Failure(Msg("gradcheck.bad_direction", name=name, error=float(err[worst]),
                                  analytic=float(along[worst]), numeric=float(numeric[worst])),
                              details={"errors": errors, "maps": maps, "wrong": [name]})

    def _elements(self, sampled, analytic, eps, tolerance, name, maps, errors):
        indices = numpy.asarray(sampled["indices"], dtype=int)
        numeric = (numpy.asarray(sampled["eplus"], float) - numpy.asarray(sampled["eminus"], float)) / (2 * eps)
        flat = analytic.reshape(-1).astype(float)
        if indices.size and indices.max() >= flat.size:
            return Msg("diag.shape", name=name, got=analytic.shape, expected="?")
        picked = flat[indices]
        err = relative_error(picked, numeric)
        error_map = numpy.full(analytic.shape, numpy.nan)
        error_map.reshape(-1)[indices] = numpy.abs(picked - numeric)
        maps[name] = error_map
        if err.size:
            errors[name] = max(errors.get(name, 0.0), float(err.max()))
        bad = _beyond(err, picked, numeric, tolerance)
        if not bad.any():
            return None
        positions = numpy.where(bad)[0]
        worst = int(positions[numpy.argmax(err[positions])])
        index = numpy.unravel_index(int(indices[worst]), analytic.shape)
        return Msg("gradcheck.bad", name=name, error=float(err[worst]), index=index_text(index),
                   analytic=float(picked[worst]), numeric=float(numeric[worst]))

    def ok_message(self, items, details):
        errors = details.get("errors") or {}
        return Msg("gradcheck.ok", errors=", ".join(f"{n} {e:.1e}" for n, e in errors.items()) or "—")


def _beyond(err, analytic, numeric, tolerance):
    """Entries that are neither relatively close nor both ~0 (rounding)."""
    scale = max(1.0, float(numpy.abs(numeric).max()) if numeric.size else 1.0)
    absolute_ok = numpy.abs(analytic - numeric) <= 1e-8 * scale
    return ~((err <= tolerance) | absolute_ok)


def _swapped(got: list, want: list, names: list, rtol, atol):
    """Msg when two returned gradients match each other's expected values (Mul's dx, dy)."""
    for i in range(len(want)):
        for j in range(i + 1, len(want)):
            if (compare(got[i], want[i], names[i], rtol, atol) is not None
                    and compare(got[i], want[j], names[i], rtol, atol) is None
                    and compare(got[j], want[i], names[j], rtol, atol) is None):
                return Msg("diag.swapped", first=names[i], second=names[j])
    return None


class Conventions(Check):
    name = "conventions"
    needs = ("dx", "grads", "dx_again", "grads_again", "out_fresh", "dx_fresh", "grads_fresh")

    def verify(self, item, details):
        got = item.got
        names = input_gradient_names(item)
        sent = douts(item)
        for before, after in zip(sent, got.get("dx.dout_after") or []):
            if (isinstance(before, numpy.ndarray) and isinstance(after, numpy.ndarray)
                    and after.shape == before.shape and not numpy.array_equal(after, before)):
                raise Failure(Msg("conventions.dout_modified"))
        all_names = param_names(self.exercise, self.probe, len(item.want["grads"]))
        for j, rebound in enumerate(got.get("dx.rebound") or []):
            if rebound:
                name = "d" + all_names[j] if j < len(all_names) else f"grads[{j}]"
                raise Failure(Msg("conventions.rebound", symbol=self.symbol, index=j, name=name))

        def pairs(dx_key, grads_key):
            first = got["dx"] if isinstance(got["dx"], list) else [got["dx"]]
            again = got[dx_key] if isinstance(got[dx_key], list) else [got[dx_key]]
            out = list(zip(names, first, again))
            out += [("d" + all_names[j] if j < len(all_names) else f"grads[{j}]", a, b)
                    for j, (a, b) in enumerate(zip(got["grads"] or [], got[grads_key] or []))]
            return out

        fresh = compare(got.get("out_fresh"), got.get("out"), "out", 1e-12, 1e-14)
        if fresh is not None and got.get("out") is not None:
            raise Failure(Msg("conventions.forward_not_repeatable", symbol=self.symbol))
        for name, first, again in pairs("dx_fresh", "grads_fresh"):
            if isinstance(first, numpy.ndarray) and compare(again, first, name, 1e-12, 1e-14) is not None:
                raise Failure(Msg("conventions.not_repeatable", name=name))
        note = None
        for name, first, again in pairs("dx_again", "grads_again"):
            if isinstance(first, numpy.ndarray) and compare(again, first, name, 1e-12, 1e-14) is not None:
                note = Msg("note.backward_twice", name=name)
                break
        arrays = [d for d in sent if isinstance(d, numpy.ndarray)]
        if arrays and "dx_ones" in got and self.spec("check_dx", True):
            want_dx, want_ones, got_dx = item.want["dx"], item.want.get("dx_ones"), got["dx"]
            if not isinstance(want_dx, list):
                want_dx, want_ones, got_dx = [want_dx], [want_ones], [got_dx]
            for name, g, w, w1 in zip(names, got_dx if isinstance(got_dx, list) else [], want_dx, want_ones or []):
                if (isinstance(g, numpy.ndarray) and compare(g, w1, name) is None
                        and compare(w, w1, name) is not None):
                    raise Failure(Msg("conventions.dout_ignored", name=name))
        scalar = scalar_dout(item)
        if scalar not in (None, 1.0) and not isinstance(got["dx"], list):
            problem = compare(got["dx"], item.want["dx"], names[0], self.rtol(), self.atol(), dout=scalar)
            if problem is not None and problem.key == "diag.dout_ignored":
                raise Failure(Msg("conventions.dout_ignored", name=names[0]))
        return note

    def ok_message(self, items, details):
        return Msg("conventions.ok")


# -- optimizer checks ----------------------------------------------------------------

def _steps(item: Item) -> int:
    return sum(1 for s in item.plan["steps"] if s.get("method") == "update")


class OptimizerCheck(Check):
    needs = ("step1.list",)

    def complete(self, item):
        # a step that raised leaves fewer recorded steps: nothing to judge "in place" on
        return f"step{_steps(item)}.list" in item.got

    def trajectory(self, record, item):
        return [record[f"step{k}.list"] for k in range(1, _steps(item) + 1)]


class Update(OptimizerCheck):
    name = "update"

    def verify(self, item, details):
        before = next(s["value"] for s in item.plan["steps"] if s["op"] == "let")
        for k, (got, want) in enumerate(zip(self.trajectory(item.got, item), self.trajectory(item.want, item)),
                                        start=1):
            problem = compare(got, want, "params", self.rtol(), self.atol())
            if problem:
                raise Failure(Msg("update.step", step=k, detail=self._explain(problem, got, want, before)))
            before = want
        details["steps"] = _steps(item)

    def _explain(self, problem, got, want, before):
        """The weights themselves differ by little (W − 0.1·g vs W + 0.1·g): look at the step.

        Comparing W_after − W_before with the reference's step names a flipped sign, a
        missing learning rate or bias correction (a constant factor) or no step at all,
        where comparing the weights could only say "differs in 12 of 12 elements".
        """
        if not isinstance(got, list) or len(got) != len(want):
            return problem
        for i, (g, w, b) in enumerate(zip(got, want, before)):
            if not (isinstance(g, numpy.ndarray) and isinstance(w, numpy.ndarray) and isinstance(b, numpy.ndarray)
                    and g.shape == w.shape == b.shape):
                continue
            if compare(g, w, f"params[{i}]", self.rtol(), self.atol()) is None:
                continue
            step = compare(g - b, w - b, f"params[{i}]", max(self.rtol(), 1e-4), self.atol())
            if step is None:
                return problem
            if step.key == "diag.sign":
                return Msg("update.sign", index=i)
            if step.key == "diag.scaled":
                return Msg("update.scaled", index=i, factor=step.fields["factor"])
            if step.key == "diag.zeros":
                return Msg("update.unchanged", index=i)
            return problem
        return problem

    def ok_message(self, items, details):
        return Msg("update.ok", steps=details.get("steps", 0))


class InPlace(OptimizerCheck):
    name = "in place"

    def verify(self, item, details):
        updates = [s for s in item.plan["steps"] if s.get("method") == "update"]
        for k, step in enumerate(updates, start=1):
            original, current = item.got[f"step{k}.original"], item.got[f"step{k}.list"]
            for i, (o, c) in enumerate(zip(original, current)):
                if isinstance(o, numpy.ndarray) and isinstance(c, numpy.ndarray):
                    if o.shape == c.shape and not numpy.array_equal(o, c):
                        raise Failure(Msg("inplace.rebound", step=k, index=i))
            grads_after = (item.got.get(f"step{k}.args_after") or [None, []])[1] or []
            for i, (sent, after) in enumerate(zip(step["args"][1], grads_after)):
                if isinstance(after, numpy.ndarray) and after.shape == sent.shape and not numpy.array_equal(sent, after):
                    raise Failure(Msg("inplace.grads_modified", step=k, index=i))

    def ok_message(self, items, details):
        return Msg("inplace.ok")


# -- training ------------------------------------------------------------------------

class Training(Check):
    name = "training"
    needs = ("losses", "scores")

    def verify(self, item, details):
        losses = numpy.asarray(item.got["losses"], float)
        details["losses"] = losses
        details["reference_losses"] = numpy.asarray(item.want["losses"], float)
        if losses.size and not numpy.all(numpy.isfinite(losses)):
            epoch = int(numpy.argmax(~numpy.isfinite(losses))) + 1
            raise Failure(Msg("fit.nan", value=str(losses[epoch - 1]), epoch=epoch), details=details)
        train = next(s for s in item.plan["steps"] if s["op"] == "train")
        labels = train["data"][1]
        labels = labels.argmax(axis=1) if labels.ndim == 2 else labels
        accuracy = _accuracy(item.got["scores"], labels)
        reference = _accuracy(item.want["scores"], labels)
        needed = float(self.spec("min_accuracy", 0.9))
        fields = dict(accuracy=accuracy, reference=reference, epochs=train["epochs"],
                      first=float(losses[0]), last=float(losses[-1]), needed=needed)
        details.update(accuracy=accuracy, reference_accuracy=reference)
        if accuracy < needed:
            raise Failure(Msg("fit.low", **fields), details=details)
        details["fields"] = fields

    def ok_message(self, items, details):
        return Msg("fit.ok", **details["fields"])


def _accuracy(scores, labels) -> float:
    scores = numpy.asarray(scores, float) if isinstance(scores, numpy.ndarray) else None
    if scores is None or scores.ndim != 2 or scores.shape[0] != labels.shape[0]:
        return 0.0
    return float(numpy.mean(scores.argmax(axis=1) == labels))


# -- checks that compare named values ------------------------------------------------------

class Match(Check):
    """Named values against the reference's (`values = ["word_vecs"]`), with a tolerance by dtype."""

    name = "match"

    @property
    def needs(self):
        return tuple(self.options.get("values", ["out"]))

    def verify(self, item, details):
        for name in self.needs:
            got, want = item.got[name], item.want[name]
            if self.options.get("up_to_sign") == "columns":
                got = _align_column_signs(got, want)
            label = self.options.get("label_of", {}).get(name, name)
            rtol, atol = tolerance_for(got, want, self.rtol(), self.atol())
            problem = compare(got, want, label, rtol, atol)
            if problem:
                raise Failure(problem)

    def ok_message(self, items, details):
        return Msg("match.ok", names=", ".join(self.needs))


class InPlaceUpdate(Check):
    """A call meant to change its argument in place (clip_grads): the arrays after, and the same arrays."""

    name = "in place update"

    @property
    def needs(self):
        return (self.options.get("value", "out") + ".args_after",)

    def verify(self, item, details):
        call = self.options.get("value", "out")
        index = int(self.options.get("arg", 0))
        label = self.options.get("label", "grads")
        got_after, want_after = item.got[call + ".args_after"][index], item.want[call + ".args_after"][index]
        rebound = (item.got.get(call + ".rebound") or [None] * (index + 1))[index] or []
        for j, moved in enumerate(rebound):
            if moved:
                raise Failure(Msg("inplace_update.rebound", name=label, index=j))
        sent = item.sent(f"{call}:{index}")
        problem = compare(got_after, want_after, label, self.rtol(), self.atol())
        if problem is None:
            return
        untouched = compare(got_after, sent, label, 1e-12, 1e-14) is None
        if untouched and compare(want_after, sent, label, 1e-12, 1e-14) is not None:
            raise Failure(Msg("inplace_update.unchanged", name=label))
        if compare(want_after, sent, label, 1e-12, 1e-14) is None:
            raise Failure(Msg("inplace_update.changed", name=label, detail=problem))
        raise Failure(problem)

    def ok_message(self, items, details):
        return Msg("inplace_update.ok", name=self.options.get("label", "grads"))


class SvdFactors(Check):
    """(U, S, Vt) of a truncated SVD, judged by what any correct one satisfies (no reference values)."""

    name = "svd factors"
    needs = ("out",)

    def verify(self, item, details):
        matrix = numpy.asarray(item.sent(self.options.get("matrix", "out:0")), float)
        k = int(item.sent(self.options.get("rank", "out:1")))
        out = item.got["out"]
        if not isinstance(out, list) or len(out) != 3:
            raise Failure(Msg("diag.count", name="randomized_svd(...)", expected=3, got=describe_type(out),
                              names="U, S, Vt"))
        u, s, vt = out
        m, n = matrix.shape
        for name, value, shape in (("U", u, (m, k)), ("S", s, (k,)), ("Vt", vt, (k, n))):
            if not isinstance(value, numpy.ndarray):
                raise Failure(Msg("diag.type", name=name, expected=f"an array of shape {shape}", got=describe_type(value)))
            if value.shape != shape:
                raise Failure(shape_problem(value.shape, shape, name))
        u, s, vt = (numpy.asarray(a, float) for a in (u, s, vt))
        eye = numpy.eye(k)
        for name, gram in (("U", u.T @ u), ("Vt", vt @ vt.T)):
            if not numpy.allclose(gram, eye, atol=1e-6):
                raise Failure(Msg("svd.not_orthonormal", name=name, error=float(numpy.abs(gram - eye).max())))
        if numpy.any(numpy.diff(s) > 1e-12 * max(1.0, float(numpy.abs(s).max()))):
            raise Failure(Msg("svd.not_descending"))
        true_s = numpy.linalg.svd(matrix, compute_uv=False)
        if not numpy.allclose(s, true_s[:k], rtol=float(self.options.get("s_rtol", 0.02))):
            worst = int(numpy.argmax(numpy.abs(s - true_s[:k]) / numpy.abs(true_s[:k])))
            raise Failure(Msg("svd.values", index=worst, got=float(s[worst]), expected=float(true_s[worst])))
        best = float(numpy.sqrt(numpy.sum(true_s[k:] ** 2)))
        error = float(numpy.linalg.norm(matrix - (u * s) @ vt))
        allowed = best * (1 + float(self.options.get("slack", 0.05))) + 1e-9 * float(numpy.linalg.norm(matrix))
        details["reconstruction"] = (error, best)
        if error > allowed:
            raise Failure(Msg("svd.reconstruction", error=error, best=best, ratio=error / best if best else float("inf")))

    def ok_message(self, items, details):
        error, best = details.get("reconstruction", (0.0, 0.0))
        return Msg("svd.ok", error=error, best=best)


class NoFullCall(Check):
    """A library function must not be applied to the whole input (no np.linalg.svd of all of M)."""

    name = "no full call"
    needs = ("out",)

    def verify(self, item, details):
        function = self.options["function"]
        matrix = item.sent(self.options.get("matrix", "out:0"))
        full = {tuple(matrix.shape), tuple(matrix.shape[::-1])}
        for shapes in (item.got.get("out.spied") or {}).get(function, []):
            if shapes and tuple(shapes[0]) in full:
                raise Failure(Msg("nofull.called", function=self.options.get("shown", function),
                                  shape=tuple(matrix.shape)))

    def ok_message(self, items, details):
        return Msg("nofull.ok", function=self.options.get("shown", self.options["function"]))


class NegativeSamples(Check):
    """Negative samples: valid ids, never the row's target, no repeats, frequencies ∝ count^power.

    The frequency test is a χ² test against the exact expected counts (the target
    removed and the rest renormalised, one draw per row) at a false-alarm rate of 1e-4;
    the draws are seeded, so a given sampler gets the same verdict on every run.
    """

    name = "negative samples"

    @property
    def needs(self):
        return (self.options.get("value", "negatives"),)

    def verify(self, item, details):
        value = self.options.get("value", "negatives")
        samples = item.got[value]
        target = numpy.asarray(item.sent(self.options.get("target", f"{value}:0")))
        corpus = numpy.asarray(item.sent(self.options.get("corpus", "new:0")))
        power = float(item.sent(self.options.get("power", "new:1")))
        size = int(item.sent(self.options.get("sample_size", "new:2")))
        vocab = int(corpus.max()) + 1
        shape = (target.shape[0], size)
        if not isinstance(samples, numpy.ndarray):
            raise Failure(Msg("diag.type", name="get_negative_sample(target)", expected=f"an array of shape {shape}",
                              got=describe_type(samples)))
        if samples.shape != shape:
            raise Failure(shape_problem(samples.shape, shape, "get_negative_sample(target)"))
        if samples.dtype.kind not in "iu":
            raise Failure(Msg("sampler.not_int", got=str(samples.dtype)))
        if samples.min() < 0 or samples.max() >= vocab:
            raise Failure(Msg("sampler.range", vocab=vocab, low=int(samples.min()), high=int(samples.max())))
        hits = numpy.where((samples == target[:, None]).any(axis=1))[0]
        if hits.size:
            raise Failure(Msg("sampler.target", row=int(hits[0]), count=int(hits.size), rows=shape[0]))
        ordered = numpy.sort(samples, axis=1)
        repeats = numpy.where((ordered[:, 1:] == ordered[:, :-1]).any(axis=1))[0] if size > 1 else []
        if len(repeats):
            raise Failure(Msg("sampler.repeats", row=int(repeats[0]), count=len(repeats)))
        if not self.options.get("distribution", False) or size != 1:
            return
        p = numpy.bincount(corpus, minlength=vocab).astype(float) ** power
        p /= p.sum()
        rows = numpy.broadcast_to(p, (shape[0], vocab)).copy()
        rows[numpy.arange(shape[0]), target] = 0.0
        expected = (rows / rows.sum(axis=1, keepdims=True)).sum(axis=0)
        observed = numpy.bincount(samples[:, 0], minlength=vocab).astype(float)
        used = expected > 0
        chi2 = float(numpy.sum((observed[used] - expected[used]) ** 2 / expected[used]))
        limit = chi2_limit(int(used.sum()) - 1)
        details["chi2"] = (chi2, limit)
        if chi2 > limit:
            worst = int(numpy.argmax(numpy.abs(observed - expected) / numpy.sqrt(numpy.maximum(expected, 1e-12))))
            for other in (1.0, 0.0):
                if abs(other - power) > 1e-9 and _fits_power(observed, corpus, target, vocab, other):
                    raise Failure(Msg("sampler.power", power=power, other=other))
            raise Failure(Msg("sampler.frequencies", chi2=chi2, limit=limit, word=worst,
                              observed=int(observed[worst]), expected=float(expected[worst])))

    def ok_message(self, items, details):
        if "chi2" in details:
            chi2, limit = details["chi2"]
            return Msg("sampler.ok_chi2", chi2=chi2, limit=limit)
        return Msg("sampler.ok")


def chi2_limit(dof: int, z: float = 3.719) -> float:
    """The χ² value exceeded with probability ~1e-4 (Wilson–Hilferty; z is the normal's 1 − 1e-4 quantile)."""
    dof = max(dof, 1)
    return dof * (1 - 2 / (9 * dof) + z * (2 / (9 * dof)) ** 0.5) ** 3


def _fits_power(observed, corpus, target, vocab, power):
    p = numpy.bincount(corpus, minlength=vocab).astype(float) ** power
    p /= p.sum()
    rows = numpy.broadcast_to(p, (target.shape[0], vocab)).copy()
    rows[numpy.arange(target.shape[0]), target] = 0.0
    expected = (rows / rows.sum(axis=1, keepdims=True)).sum(axis=0)
    used = expected > 0
    return float(numpy.sum((observed[used] - expected[used]) ** 2 / expected[used])) <= chi2_limit(int(used.sum()) - 1)


class InvertedDropout(Check):
    """What holds for any draw: out ∈ {0, x/(1−p)}, about a fraction p dropped, backward uses the same mask."""

    name = "inverted dropout"
    needs = ("out",)

    def verify(self, item, details):
        x = numpy.asarray(item.sent(self.options.get("x", "out:0")), float)
        ratio = float(item.sent(self.options.get("ratio", "new:0")))
        dout = numpy.asarray(item.sent(self.options.get("dout", "dx:0")), float)
        out, dx = item.got["out"], item.got.get("dx")
        if isinstance(out, numpy.ndarray) and out.shape == x.shape and ratio > 0 and numpy.array_equal(out, x):
            raise Failure(Msg("dropout.nothing_dropped"))
        if dx is None and item.error:
            raise error_failure(item.error)
        for name, value in (("out", out), ("dx", dx)):
            if not isinstance(value, numpy.ndarray):
                raise Failure(Msg("diag.type", name=name, expected=f"an array of shape {x.shape}",
                                  got=describe_type(value)))
            if value.shape != x.shape:
                raise Failure(shape_problem(value.shape, x.shape, name))
        after = (item.got.get("out.args_after") or [None])[0]
        if isinstance(after, numpy.ndarray) and after.shape == x.shape and not numpy.array_equal(after, x):
            raise Failure(Msg("forward.modified_input", step=f"{self.symbol}.forward(...)", name="xs"))
        out, dx = out.astype(float), dx.astype(float)
        kept_value = x / (1.0 - ratio)
        zero = numpy.isclose(out, 0.0, atol=1e-12)
        kept = numpy.isclose(out, kept_value, rtol=1e-5, atol=1e-12)
        stray = ~(zero | kept)
        if stray.any():
            index = tuple(numpy.argwhere(stray)[0])
            unscaled = numpy.isclose(out, x, rtol=1e-5) | zero
            key = "dropout.not_scaled" if unscaled.all() else "dropout.values"
            raise Failure(Msg(key, index=index_text(index), got=float(out[index]), x=float(x[index]), ratio=ratio,
                              kept=float(kept_value[index])))
        dropped = float(numpy.mean(zero & ~numpy.isclose(x, 0.0)))
        n = x.size
        sigma = (ratio * (1 - ratio) / n) ** 0.5
        details.setdefault("dropped", dropped)
        if abs(dropped - ratio) > 4.4 * sigma + 1.0 / n:  # two-sided false alarm ~1e-5
            raise Failure(Msg("dropout.rate", dropped=dropped, ratio=ratio, n=n))
        expected_dx = numpy.where(zero, 0.0, dout / (1.0 - ratio))
        if not numpy.allclose(dx, expected_dx, rtol=1e-5, atol=1e-10):
            index = tuple(numpy.argwhere(~numpy.isclose(dx, expected_dx, rtol=1e-5, atol=1e-10))[0])
            raise Failure(Msg("dropout.backward_mask", index=index_text(index), got=float(dx[index]),
                              expected=float(expected_dx[index])))

    def ok_message(self, items, details):
        return Msg("dropout.ok", dropped=details.get("dropped", 0.0))


class Precision(Check):
    """float32 and float16 runs of the same probe against its float64 run (reported; scored where asked).

    The baseline is the learner's own float64 run of the same calls, so that values that are
    wrong in every precision (the forward and backward checks' business) are not taken for a
    loss of precision; the reference's values stand in where that run is missing.
    Per dtype: the largest relative error of each output and gradient (max |a − b| / max |b|),
    an output that comes back in another dtype than its inputs, and the input magnitude at
    which forward's output stops being finite where the reference's stays finite.
    """

    name = "precision"
    LIMITS = {"float32": 1e-3, "float16": 5e-2}

    def require(self, item):
        if not any(k.startswith("precision.") for k in (item.got or {})):
            if item.error:
                raise error_failure(item.error)
            raise Failure(Msg("check.skipped_interface", symbol=self.symbol), "skipped")

    def verify(self, item, details):
        got, want = item.got, item.want
        lines, problems = details.setdefault("lines", []), []
        for dtype in self.LIMITS:
            key = f"precision.{dtype}"
            if key + ".error" in got:
                problems.append(Msg("precision.raised", dtype=dtype, detail=error_message(got[key + ".error"])))
                continue
            errors = []
            for part in ("out", "dx", "grads"):
                reference = _baseline(got.get(f"precision.float64.{part}"), want.get(part))
                value = got.get(f"{key}.{part}")
                for name, v, w in _named_arrays(part, value, reference, self, item):
                    if v.dtype.kind == "f" and v.dtype != numpy.dtype(dtype) and w.dtype.kind == "f" \
                            and _same_dtype(want.get(f"{key}.{part}"), name, dtype):
                        problems.append(Msg("precision.dtype", dtype=dtype, name=name, got=str(v.dtype)))
                    scale = float(numpy.abs(w).max()) if w.size else 0.0
                    with numpy.errstate(invalid="ignore", over="ignore"):
                        error = float(numpy.abs(v.astype(float) - w).max() / scale) if scale > 0 else 0.0
                    if not numpy.isfinite(error):
                        error = float("inf")
                    errors.append((name, error))
            worst = max((e for _, e in errors), default=0.0)
            overflow, reference_overflow = got.get(key + ".overflow"), want.get(key + ".overflow")
            if overflow is not None and (reference_overflow is None or reference_overflow > overflow * 1.5):
                problems.append(Msg("precision.overflow", dtype=dtype, magnitude=overflow,
                                    reference=Msg("precision.reference_finite") if reference_overflow is None
                                    else Msg("precision.reference_overflow", magnitude=reference_overflow)))
            elif errors and worst > self.LIMITS[dtype]:
                name = max(errors, key=lambda e: e[1])[0]
                problems.append(Msg("precision.error", dtype=dtype, name=name, error=worst, limit=self.LIMITS[dtype]))
            lines.append(Msg("precision.line", dtype=dtype,
                             errors=", ".join(f"{n} {e:.1e}" for n, e in errors) or "—",
                             range=Msg("precision.finite") if overflow is None else Msg("precision.finite_below",
                                                                                        magnitude=overflow)))
        if problems:
            raise Failure(problems[0] if len(problems) == 1 else Msg("backward.several", first=problems[0],
                                                                     others=Msg("text.plain", text={
                                                                         lang: "; ".join(p.render(lang) for p in
                                                                                         problems[1:])
                                                                         for lang in ("en", "zh")})))

    def ok_message(self, items, details):
        lines = details.get("lines", [])
        return Msg("precision.ok", float32=lines[0], float16=lines[1]) if len(lines) >= 2 else Msg("check.ok")


def _baseline(own, reference):
    """The learner's float64 value where it has the reference's structure and shapes, else the reference's."""
    def shapes(value):
        values = value if isinstance(value, list) else [value]
        return [getattr(v, "shape", None) for v in values]

    if own is None or isinstance(own, list) != isinstance(reference, list) or shapes(own) != shapes(reference):
        return reference
    return own


def _same_dtype(reference_value, name, dtype):
    """Whether the reference keeps `dtype` for this value: only then is another dtype the learner's cast."""
    arrays = reference_value if isinstance(reference_value, list) else [reference_value]
    return any(isinstance(a, numpy.ndarray) and a.dtype == numpy.dtype(dtype) for a in arrays)


def _named_arrays(part, value, reference, check, item):
    if part == "out":
        names = output_names(check.probe, reference, "out")
        names = names if isinstance(names, list) else ["out"]
    elif part == "dx":
        names = input_gradient_names(item)
    else:
        names = grad_names(check, item) if isinstance(reference, list) else []
    values = value if isinstance(value, list) else [value]
    references = reference if isinstance(reference, list) else [reference]
    return [(n, v, w) for n, v, w in zip(names, values, references)
            if isinstance(v, numpy.ndarray) and isinstance(w, numpy.ndarray) and v.shape == w.shape]


class Speed(Check):
    """The learner's time against the reference's on realistic sizes, as a ratio (reported, not scored).

    Beyond SLOWER × the reference, it names the likely cause from how the time grows with
    four times the batch: a per-row Python loop grows about 4×, vectorised code much less.
    """

    name = "speed"
    needs = ("speed",)
    SLOWER = 5.0

    def require(self, item):
        if "speed" not in (item.got or {}):
            if item.error:
                raise error_failure(item.error)
            if item.plan.get("timing") == DEFERRED:
                raise Failure(Msg("speed.pending"), "pending")  # measured after the verdict
            raise Failure(Msg("speed.skipped"), "skipped")

    def verify(self, item, details):
        got, want = item.got, item.want
        ratio = got["speed"] / max(want.get("speed", 0.0), 1e-9)
        growth = _growth(got)
        reference_growth = _growth(want)
        timed = next(s for s in item.plan["steps"] if s["op"] == "time")
        details.update(ratio=ratio, seconds=got["speed"], reference=want.get("speed", 0.0),
                       sizes=_sizes_text(timed["sizes"]))
        if ratio <= self.SLOWER:
            return None
        if growth >= 2.5 and growth >= 1.6 * reference_growth:
            cause = Msg("speed.loop_over_batch", growth=growth, reference_growth=reference_growth)
        else:
            cause = Msg("speed.generic")
        raise Failure(Msg("speed.slow", ratio=ratio, seconds=got["speed"] * 1000, reference=want.get("speed", 0) * 1000,
                          sizes=details["sizes"], cause=cause), details=details)

    def ok_message(self, items, details):
        return Msg("speed.ok", ratio=details.get("ratio", 0.0), seconds=details.get("seconds", 0.0) * 1000,
                   reference=details.get("reference", 0.0) * 1000, sizes=details.get("sizes", ""))


def _growth(timings):
    """How many times longer the fastest run at four times the batch took than the fastest at the base size."""
    base = timings.get("speed.fastest", timings.get("speed", 1.0))
    return timings.get("speed.large", base) / max(base, 1e-9)


REGISTRY: dict[str, type[Check]] = {
    cls.name: cls for cls in (Interface, Forward, Backward, Gradcheck, Conventions, Update, InPlace, Training,
                              Match, InPlaceUpdate, SvdFactors, NoFullCall, NegativeSamples, InvertedDropout,
                              Precision, Speed)
}


def check_of(exercise: Exercise, probe: Probe, spec) -> Check:
    if isinstance(spec, str):
        name, options = spec, {}
    else:
        options = dict(spec)
        name = options.pop("check")
    if name not in REGISTRY:
        raise KeyError(f"{exercise.id}: unknown check {name!r}; known: {', '.join(REGISTRY)}")
    return REGISTRY[name](exercise, probe, options)


def checks_for(exercise: Exercise) -> list[Check]:
    """Every check of an exercise, in order; names are known before anything runs."""
    return [check_of(exercise, probe, spec) for probe in exercise.probes for spec in probe.checks]
