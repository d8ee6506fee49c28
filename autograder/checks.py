"""The checks: a pipeline of small steps, each with one job and its own message.

Every check compares plain values from two traces — the learner's file and the
reference, both run by the executor on the same plan — and never runs code
from the learner's file. A probe kind's checks run in the order listed in
``CHECKS_BY_KIND``; a check covers every size of its probe and reports the
first size that fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy

from autograder.catalog import Exercise, Probe
from autograder.diagnosis import compare, describe_type, index_text, relative_error, shape_problem
from autograder.messages import Msg

GRADCHECK_TOLERANCE = 1e-6  # relative error of analytic vs central-difference gradient in float64 (CS231n: < 1e-7 is good)
DEFAULT_RTOL, DEFAULT_ATOL = 1e-5, 1e-8


@dataclass
class CheckResult:
    name: str
    passed: bool
    message: Msg
    status: str = "passed"  # passed, failed, not_implemented, skipped
    symbol: str | None = None
    details: dict = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        return self.message.render(lang)


@dataclass
class Item:
    """One size of one probe: what was sent, what came back, what should have."""

    plan: dict
    got: dict | None
    want: dict

    @property
    def error(self):
        return (self.got or {}).get("error")


class Failure(Exception):
    def __init__(self, message: Msg, status: str = "failed", details=None):
        super().__init__(message.key)
        self.message, self.status, self.details = message, status, details or {}


class Check:
    """One job. Subclasses set `name` and the record keys they need, and write `verify`."""

    name = ""
    needs: tuple[str, ...] = ()

    def __init__(self, exercise: Exercise, probe: Probe):
        self.exercise, self.probe = exercise, probe

    @property
    def symbol(self) -> str:
        return self.probe.symbol

    def title(self) -> str:
        label = self.probe.label("en")
        return f"{self.name}: {self.symbol}" + (f" ({label})" if label else "")

    def rtol(self):
        return float(self.probe.spec.get("rtol", DEFAULT_RTOL))

    def atol(self):
        return float(self.probe.spec.get("atol", DEFAULT_ATOL))

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
                if len(items) > 1 and failure.status == "failed":
                    message = Msg("check.with_size", size=_sizes_text(item.plan["sizes"]), detail=message)
                details.update(failure.details)
                return CheckResult(self.title(), False, message, failure.status, self.symbol, details)
        message = self.ok_message(items, details)
        if note is not None:
            message = Msg("check.ok_note", note=note)
        return CheckResult(self.title(), True, message, "passed", self.symbol, details)

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


def error_failure(error: dict) -> Failure:
    """A Failure for a step that raised; an untouched stub's NotImplementedError is not a bug."""
    return Failure(error_message(error), "not_implemented" if error["not_implemented"] else "failed")


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
    names = item.want.get("forward_params") or []
    want_dx = item.want.get("dx")
    count = len(want_dx) if isinstance(want_dx, list) else 1
    return [("d" + names[i]) if i < len(names) else f"dx[{i}]" for i in range(count)]


def batch_size(item: Item):
    inputs = item.plan.get("forward") or item.plan.get("args") or []
    first = inputs[0] if inputs else None
    return int(first.shape[0]) if isinstance(first, numpy.ndarray) and first.ndim >= 2 else None


def scalar_dout(item: Item):
    dout = item.plan.get("dout")
    if dout is None:
        return 1.0
    return float(dout) if not isinstance(dout, numpy.ndarray) else None


def _dtype_problem(what: str, value, reference):
    if not isinstance(value, numpy.ndarray) or not isinstance(reference, numpy.ndarray):
        return None
    if value.dtype.kind != "f" and reference.dtype.kind == "f":
        return Msg("interface.not_float", what=what, got=str(value.dtype))
    if value.dtype.kind == "f" and reference.dtype.kind == "f" and value.dtype != reference.dtype:
        return Msg("interface.dtype_changed", what=what, got=str(value.dtype), expected=str(reference.dtype))
    return None


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
        for what, key in ((f"{self.symbol}.forward(...)", "out"), ("dx", "dx")):
            value, reference = got.get(key), want.get(key)
            if isinstance(reference, list):
                # Several gradients (a tuple): look at the first. `value or [...]` would ask an
                # array for its truth value and crash the grader when backward returned one array
                # instead of a tuple; that mismatch is the backward check's to diagnose.
                value = value[0] if isinstance(value, list) and value else None
                reference = reference[0] if reference else None
            problem = _dtype_problem(what, value, reference)
            if problem:
                raise Failure(problem)
        for j, (g, w) in enumerate(zip(got.get("grads") or [], want.get("grads") or [])):
            problem = _dtype_problem(f"{self.symbol}.grads[{j}]", g, w)
            if problem:
                raise Failure(problem)
        details["param_shapes"] = [tuple(p.shape) for p in want["params"]]

    def ok_message(self, items, details):
        shapes = details.get("param_shapes") or []
        if not shapes:
            return Msg("interface.ok_no_params")
        names = param_names(self.exercise, self.probe, len(shapes))
        return Msg("interface.ok", shapes=", ".join(f"{n} {s}" for n, s in zip(names, shapes)))


class Forward(Check):
    name = "forward"
    needs = ("out",)

    def verify(self, item, details):
        got, want, plan = item.got, item.want, item.plan
        is_call = self.probe.kind == "call"
        label = f"{self.symbol}(...)" if is_call else f"{self.symbol}.forward(...)"
        problem = compare(got["out"], want["out"], label, self.rtol(), self.atol(), batch=batch_size(item))
        if problem:
            raise Failure(problem)
        if is_call:
            # A function has no interface check, and float32 agrees with float64 within the
            # forward tolerance, so a hard-coded dtype (x.astype(np.float32)) passed unseen.
            problem = _dtype_problem(label, got["out"], want["out"])
            if problem:
                raise Failure(problem)
        for method in plan.get("calls", []):
            key = f"call:{method}"
            problem = compare(got.get(key), want.get(key), f"{self.symbol}.{method}(...)", self.rtol(), self.atol())
            if problem:
                raise Failure(problem)
        sent = plan["args"] if is_call else plan["forward"]
        after = got.get("args_after" if is_call else "inputs_after") or []
        names = want.get("forward_params") or [f"#{i + 1}" for i in range(len(sent))]
        for i, (before, now) in enumerate(zip(sent, after)):
            if isinstance(before, numpy.ndarray) and isinstance(now, numpy.ndarray) and before.shape == now.shape:
                if not numpy.array_equal(before, now):
                    name = names[i] if i < len(names) else f"#{i + 1}"
                    raise Failure(Msg("forward.modified_input", step=label, name=name))
        warnings = got.get("warnings") or []
        if warnings and not want.get("warnings"):
            return Msg("forward.warning_note", warning=warnings[0].split(": ", 1)[-1])
        return None

    def ok_message(self, items, details):
        return Msg("forward.ok", extra="")


class Backward(Check):
    name = "backward"
    needs = ("dx", "grads")

    def verify(self, item, details):
        got, want = item.got, item.want
        batch, dout = batch_size(item), scalar_dout(item)
        rtol, atol = self.rtol(), self.atol()
        compared = []
        if self.probe.spec.get("check_dx", True):
            names = input_gradient_names(item)
            want_dx, got_dx = want["dx"], got["dx"]
            if isinstance(want_dx, list):
                problem = compare(got_dx, want_dx, "backward(...)", rtol, atol, batch, dout)
                if problem is None:
                    compared += names
                elif isinstance(got_dx, list) and len(got_dx) == len(want_dx):
                    swapped = _swapped(got_dx, want_dx, names, rtol, atol)
                    if swapped:
                        raise Failure(swapped)
                    for name, g, w in zip(names, got_dx, want_dx):
                        problem = compare(g, w, name, rtol, atol, batch, dout)
                        if problem:
                            raise Failure(self._explain(problem, item, name, g))
                else:
                    raise Failure(problem)
            else:
                problem = compare(got_dx, want_dx, names[0], rtol, atol, batch, dout)
                if problem:
                    raise Failure(self._explain(problem, item, names[0], got_dx))
                compared.append(names[0])
        grad_names = ["d" + n for n in param_names(self.exercise, self.probe, len(want["grads"]))]
        for j, (name, w) in enumerate(zip(grad_names, want["grads"])):
            g = got["grads"][j] if isinstance(got["grads"], list) and j < len(got["grads"]) else None
            problem = compare(g, w, name, rtol, atol, batch, dout)
            if problem:
                raise Failure(self._explain(problem, item, name, g, j))
            compared.append(name)
        details["compared"] = compared

    def _explain(self, problem, item, name, got_value, grad_index=None):
        # Reading dout as all ones is a diagnosis of its own: check it before the generic sentence.
        key = "dx_ones" if grad_index is None else "grads_ones"
        ones = item.want.get(key)
        if ones is not None and grad_index is not None:
            ones = ones[grad_index]
        elif isinstance(ones, list):
            index = input_gradient_names(item).index(name) if name in input_gradient_names(item) else 0
            ones = ones[index]
        if ones is not None and isinstance(got_value, numpy.ndarray):
            if compare(got_value, ones, name, self.rtol(), self.atol()) is None:
                return Msg("diag.ignores_dout", name=name)
        return problem

    def ok_message(self, items, details):
        return Msg("backward.ok", names=", ".join(details.get("compared") or ["—"]))


class Gradcheck(Check):
    """The learner's backward against central differences of the learner's own forward."""

    name = "gradcheck"
    needs = ("numeric", "dx", "grads")

    def verify(self, item, details):
        got, plan = item.got, item.plan
        dout = plan.get("dout")
        dout = 1.0 if dout is None else dout
        eps = plan.get("eps", 1e-5)
        grad_names = ["d" + n for n in param_names(self.exercise, self.probe, len(item.want["grads"]))]
        input_names = input_gradient_names(item)
        errors = details.setdefault("errors", {})
        maps = details.setdefault("maps", {})
        for key, sampled in got["numeric"].items():
            if isinstance(sampled.get("plus"), dict) or isinstance(sampled.get("minus"), dict):
                raise Failure(Msg("gradcheck.forward_broken"))
            # The central difference weighs forward's outputs with dout, so they must have
            # dout's shape; a forward of another shape (say (D,) for (1, D)) used to crash the
            # grader inside numpy.broadcast_to instead of getting a sentence.
            out_shape = numpy.shape(sampled["plus"])[1:]
            if isinstance(dout, numpy.ndarray) and out_shape != dout.shape:
                raise Failure(Msg("gradcheck.out_shape", got=out_shape, expected=dout.shape))
            if key.startswith("input"):
                i = int(key[5:])
                analytic = got["dx"][i] if isinstance(got["dx"], list) else got["dx"]
                name = input_names[i] if i < len(input_names) else f"dx[{i}]"
            else:
                j = int(key[5:])
                analytic = got["grads"][j] if j < len(got["grads"]) else None
                name = grad_names[j] if j < len(grad_names) else f"grads[{j}]"
            if not isinstance(analytic, numpy.ndarray):
                raise Failure(compare(analytic, numpy.zeros(1), name) or Msg("diag.type", name=name,
                              expected="an array", got=describe_type(analytic)))
            numeric = central_difference(sampled["plus"], sampled["minus"], dout, eps)
            indices = numpy.asarray(sampled["indices"], dtype=int)
            flat = analytic.reshape(-1).astype(float)
            if indices.size and indices.max() >= flat.size:
                raise Failure(Msg("diag.shape", name=name, got=analytic.shape, expected="?"))
            picked = flat[indices]
            err = relative_error(picked, numeric)
            worst = int(numpy.argmax(err)) if err.size else 0
            errors[name] = float(err.max()) if err.size else 0.0
            error_map = numpy.full(analytic.shape, numpy.nan)
            error_map.reshape(-1)[indices] = numpy.abs(picked - numeric)
            maps[name] = error_map
            # an entry is fine when relatively close, or when both sides are ~0 (rounding)
            scale = max(1.0, float(numpy.abs(numeric).max()) if numeric.size else 1.0)
            absolute_ok = numpy.abs(picked - numeric) <= 1e-8 * scale
            tolerance = float(self.probe.spec.get("gradcheck_tol", GRADCHECK_TOLERANCE))
            if err.size and not numpy.all((err <= tolerance) | absolute_ok):
                bad = numpy.where(~((err <= tolerance) | absolute_ok))[0]
                worst = int(bad[numpy.argmax(err[bad])])
                index = numpy.unravel_index(int(indices[worst]), analytic.shape)
                raise Failure(Msg("gradcheck.bad", name=name, error=float(err[worst]), index=index_text(index),
                                  analytic=float(picked[worst]), numeric=float(numeric[worst])),
                              details={"errors": errors, "maps": maps})

    def ok_message(self, items, details):
        errors = details.get("errors") or {}
        return Msg("gradcheck.ok", errors=", ".join(f"{n} {e:.1e}" for n, e in errors.items()) or "—")


def _swapped(got: list, want: list, names: list, rtol, atol):
    """Msg when two returned gradients match each other's expected values (Mul's dx, dy)."""
    for i in range(len(want)):
        for j in range(i + 1, len(want)):
            if (compare(got[i], want[i], names[i], rtol, atol) is not None
                    and compare(got[i], want[j], names[i], rtol, atol) is None
                    and compare(got[j], want[i], names[j], rtol, atol) is None):
                return Msg("diag.swapped", first=names[i], second=names[j])
    return None


def central_difference(plus, minus, dout, eps):
    """∂(Σ out ⊙ dout)/∂θ_k ≈ Σ (f(θ+ε) − f(θ−ε)) ⊙ dout / 2ε, one k per row."""
    plus, minus = numpy.asarray(plus, float), numpy.asarray(minus, float)
    if isinstance(dout, numpy.ndarray):
        weights = numpy.broadcast_to(numpy.asarray(dout, float), plus.shape[1:])
        return numpy.sum((plus - minus) * weights, axis=tuple(range(1, plus.ndim))) / (2 * eps)
    diff = (plus - minus).reshape(plus.shape[0], -1).sum(axis=1)
    return diff * float(dout) / (2 * eps)


class Conventions(Check):
    name = "conventions"
    needs = ("dx", "grads", "dx_again", "grads_again")

    def verify(self, item, details):
        got, plan = item.got, item.plan
        names = input_gradient_names(item)
        dout = plan.get("dout")
        if isinstance(dout, numpy.ndarray):
            after = got.get("dout_after")
            if isinstance(after, numpy.ndarray) and after.shape == dout.shape and not numpy.array_equal(after, dout):
                raise Failure(Msg("conventions.dout_modified"))
        grad_names = param_names(self.exercise, self.probe, len(item.want["grads"]))
        for j, rebound in enumerate(got.get("grads_rebound") or []):
            if rebound:
                name = "d" + grad_names[j] if j < len(grad_names) else f"grads[{j}]"
                raise Failure(Msg("conventions.rebound", symbol=self.symbol, index=j, name=name))
        first_dx = got["dx"] if isinstance(got["dx"], list) else [got["dx"]]
        again_dx = got["dx_again"] if isinstance(got["dx_again"], list) else [got["dx_again"]]
        pairs = list(zip(names, first_dx, again_dx))
        pairs += [("d" + grad_names[j] if j < len(grad_names) else f"grads[{j}]", a, b)
                  for j, (a, b) in enumerate(zip(got["grads"] or [], got["grads_again"] or []))]
        for name, first, again in pairs:
            if isinstance(first, numpy.ndarray) and compare(again, first, name, 1e-12, 1e-14) is not None:
                raise Failure(Msg("conventions.not_repeatable", name=name))
        if isinstance(dout, numpy.ndarray) and "dx_ones" in got and self.probe.spec.get("check_dx", True):
            want_dx, want_ones = item.want["dx"], item.want.get("dx_ones")
            got_dx = got["dx"]
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

    def ok_message(self, items, details):
        return Msg("conventions.ok")


# -- optimizer checks ----------------------------------------------------------------

class OptimizerCheck(Check):
    needs = ("steps",)

    def complete(self, item):
        # a step that raised leaves fewer recorded steps: nothing to judge "in place" on
        return len(item.got["steps"]) == len(item.plan["grads"])


class Update(OptimizerCheck):
    name = "update"

    def verify(self, item, details):
        before = item.plan["params"]
        for k, (got, want) in enumerate(zip(item.got["steps"], item.want["steps"]), start=1):
            problem = compare(got["list"], want["list"], "params", self.rtol(), self.atol())
            if problem:
                raise Failure(Msg("update.step", step=k, detail=self._explain(problem, got["list"], want["list"],
                                                                                before)))
            before = want["list"]
        details["steps"] = len(item.want["steps"])

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
        sent_grads = item.plan["grads"]
        for k, step in enumerate(item.got["steps"], start=1):
            for i, (original, current) in enumerate(zip(step["original"], step["list"])):
                if isinstance(original, numpy.ndarray) and isinstance(current, numpy.ndarray):
                    if original.shape == current.shape and not numpy.array_equal(original, current):
                        raise Failure(Msg("inplace.rebound", step=k, index=i))
            for i, (sent, after) in enumerate(zip(sent_grads[k - 1], step["grads_after"])):
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
        labels = item.plan["data"][1]
        labels = labels.argmax(axis=1) if labels.ndim == 2 else labels
        accuracy = _accuracy(item.got["scores"], labels)
        reference = _accuracy(item.want["scores"], labels)
        needed = float(self.probe.spec.get("min_accuracy", 0.9))
        fields = dict(accuracy=accuracy, reference=reference, epochs=item.plan["epochs"],
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


CHECKS_BY_KIND: dict[str, list[type[Check]]] = {
    "call": [Forward],
    "layer": [Interface, Forward, Backward, Gradcheck, Conventions],
    "optimizer": [Update, InPlace],
    "fit": [Training],
}


def checks_for(exercise: Exercise) -> list[Check]:
    """Every check of an exercise, in order; names are known before anything runs."""
    return [cls(exercise, probe) for probe in exercise.probes for cls in CHECKS_BY_KIND[probe.kind]]
