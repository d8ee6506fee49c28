"""Checks of a book-style layer: interface, forward, backward, gradient check, conventions."""

from __future__ import annotations

import numpy

from autograder import numgrad
from autograder.checks.base import (
    GRADCHECK_TOLERANCE,
    Check,
    Failure,
    _dtype_problem,
    _first,
    batch_divisors,
    douts,
    forward_args,
    grad_names,
    group_name,
    grouped,
    input_gradient_names,
    output_names,
    param_names,
    scalar_dout,
    variant_shapes,
    warning_cause,
)
from autograder.diagnosis import (
    compare,
    describe_type,
    index_text,
    relative_error,
    shape_problem,
    tolerance_for,
)
from autograder.checks.svd import svd_factor_message
from autograder.executor import block_orders, state_subsets
from autograder.figures import GradientErrors
from autograder.messages import Msg


class Interface(Check):
    name = "interface"
    kind = "interface"
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
                                  arrays=Msg("word.array" if count == 1 else "word.arrays"),
                                  names=", ".join(names) or "—", got=len(value)))
            for j, (g, w) in enumerate(zip(value, want["params"])):
                shape = getattr(g, "shape", None)
                if shape != w.shape:
                    problem = Msg("interface.shape", symbol=self.symbol, attr=attr, index=j,
                                  name=names[j] if attr == "params" else "d" + names[j],
                                  got=shape if shape is not None else describe_type(g), expected=w.shape)
                    says = variant_shapes(self.spec("variants"), item, [getattr(p, "shape", ()) for p in value])
                    if says is not None:
                        problem = Msg("interface.variant", detail=problem, says=says)
                    raise Failure(problem)
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

    transposed = {(g[0][0], j) for g in want_groups for j, t in g[1:] if t}
    want_pairs, got_pairs = pairs(want_groups), pairs(got_groups)
    for first, second in sorted(want_pairs - got_pairs):
        # weight tying (TimeAffine(embed_W.T, b)): the second use is a transposed view of the first
        key = "interface.not_tied" if (first, second) in transposed else "interface.not_shared"
        return Msg(key, symbol=symbol, first=first, second=second, name=names[first])
    for first, second in sorted(got_pairs - want_pairs):
        return Msg("interface.shared_unexpectedly", symbol=symbol, first=first, second=second)
    return None


class Forward(Check):
    name = "forward"
    kind = "forward"
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
        problem = compare(value, reference, names, rtol, atol, divisors=batch_divisors(item),
                          sums=self.spec("sum_over"))
        if problem:
            if self.spec("svd_of"):
                problem = svd_factor_message(value, reference, item.sent(self.spec("svd_of")), names) or problem
            problem = self.named(problem, value, reference, rtol, atol)
            raise (_alternative_failure(self, item, value, names, rtol, atol)
                   or Failure(_forward_steps_message(self.spec("time_axis"), value, reference, names, rtol, atol)
                              or problem))
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
            warning = warnings[0].split(": ", 1)[-1]
            cause = warning_cause(self.spec("causes"), warning)
            if cause:
                return Msg("forward.warning_cause", warning=warning, cause=cause)
            return Msg("forward.warning_note", warning=warning)
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


def _alternative_failure(check, item, value, names, rtol, atol) -> Failure | None:
    """A wrong forward output that is the reference's built another way (executor.op_alternatives):
    the weights' column blocks in another order, the state reset between calls, or a known mistake
    (a variant: the reference's source with the mistake edited in) named by the catalog."""
    want = item.want
    label = ", ".join(names) if isinstance(names, list) else names
    cause = f"alternative:{item.plan['probe']}"
    block = next((b for b in check.spec("blocks", []) if b.get("order")), None)
    if block and want.get("out.reordered"):
        order = list(block["order"])
        for permutation, alternative in zip(block_orders(len(order)), want["out.reordered"]):
            if compare(value, alternative, names, rtol, atol) is None:
                # the reference read block permutation[k] as part k: so does the learner's code
                read = [None] * len(order)
                for k, block_index in enumerate(permutation):
                    read[block_index] = k
                unit = block.get("unit", "")
                reads = [Msg("forward.block_read", columns=f"{_span(j, unit)}:{_span(j + 1, unit)}",
                             part=_part(block["parts"][k])) for j, k in enumerate(read) if j != k]
                return Failure(Msg("forward.block_order", name=label, tensors=", ".join(block["of"]),
                                   got=", ".join(order[k] for k in read), expected=", ".join(order), reads=reads),
                               cause=cause)
    state = check.spec("state")
    if state and want.get("out.reset"):
        for attrs, alternative in zip(state_subsets(state), want["out.reset"]):
            if compare(value, alternative, names, rtol, atol) is None:
                kept = [a for a in state if a not in attrs]
                return Failure(Msg("forward.state_reset", name=label,
                                   reset=Msg("forward.reset_one" if len(attrs) == 1 else "forward.reset_many",
                                             attrs=_and(attrs)),
                                   kept=Msg("forward.kept", attrs=_and(kept)) if kept else "",
                                   state=_and(state)), cause=cause)
    for variant, alternative in zip(check.spec("variants") or [], want.get("out.variants") or []):
        if alternative is not None and compare(value, alternative, names, rtol, atol) is None:
            return Failure(Msg("forward.variant", name=label, says=variant["says"], id=variant.get("id", "")),
                           cause=cause)
    return None


def _backward_variant(check, item, wrong, rtol, atol) -> Msg | None:
    """Gradients that are exactly the reference's with a known mistake edited into its backward (the
    catalog's `variants`: tanh's derivative as 1 − h): named in the exercise's words."""
    got = item.got
    forwards = item.want.get("out.variants") or []
    for k, (variant, run) in enumerate(zip(check.spec("variants") or [], item.want.get("out.variants_backward") or [])):
        if not run or run[1] is None:  # dx may be None: a backward that returns nothing (Encoder's)
            continue
        # the mistake is the learner's only if their forward is the variant's too (it may leave forward alone)
        if k >= len(forwards) or not _matches(got.get("out"), forwards[k], rtol, atol):
            continue
        dx, grads = run
        if (_matches(got.get("dx"), dx, rtol, atol) and _matches(got.get("grads"), grads, rtol, atol)
                and not (_matches(dx, item.want.get("dx"), rtol, atol)
                         and _matches(grads, item.want.get("grads"), rtol, atol))):
            return Msg("backward.variant", names=", ".join(wrong),
                       is_are=Msg("word.is" if len(wrong) == 1 else "word.are"), says=variant["says"],
                       id=variant.get("id", ""))
    return None


def _matches(got, want, rtol, atol) -> bool:
    if isinstance(want, list):
        return (isinstance(got, list) and len(got) == len(want)
                and all(_matches(g, w, rtol, atol) for g, w in zip(got, want)))
    r, a = tolerance_for(got, want, rtol, atol)
    return compare(got, want, "value", r, a) is None


def _and(words) -> Msg:
    return Msg("word.and_two" if len(words) == 2 else "text.plain", **(
        {"first": words[0], "second": words[1]} if len(words) == 2 else {"text": ", ".join(words)}))


class Backward(Check):
    name = "backward"
    kind = "backward"
    needs = ("dx", "grads")

    def verify(self, item, details):
        got, want = item.got, item.want
        divisors, dout = batch_divisors(item), scalar_dout(item)
        rtol, atol = self.rtol(), self.atol()
        if "out" in got and "out" in want:
            # a forward that is the reference's built another way (gates in another order, state
            # reset): backward's differences have the same cause, said once (forward's)
            r, a = tolerance_for(got["out"], want["out"], rtol, atol)
            names = output_names(self.probe, want["out"], "out")
            if compare(got["out"], want["out"], names, r, a) is not None:
                alternative = _alternative_failure(self, item, got["out"], names, r, a)
                if alternative:
                    raise alternative
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
                    problem = _masked_positions_message(item, name, g, w, r, a) or problem
                    problems.append((name, self.named(self._explain(problem, item, name, g, index=index), g, w, r, a)))
                compared.append(name)
        groups = want.get("param_groups") or [[[j, False]] for j in range(len(want["grads"]))]
        all_names = grad_names(self, item)
        got_grads = got["grads"] if isinstance(got["grads"], list) else []
        sums = self.spec("sum_over")
        for group, g, w in zip(groups, grouped(got_grads, groups), grouped(want["grads"], groups)):
            name = group_name(all_names, group)
            r, a = tolerance_for(g, w, rtol, atol)
            problem = compare(g, w, name, r, a, dout=dout, divisors=divisors, sums=sums)
            if problem:
                problem = (_shared_slots_message(group, got_grads, want["grads"], all_names, r, a)
                           or _repeated_ids_message(self.spec("gathers"), item, name, g, w, r, a) or problem)
                problems.append((name, self.named(self._explain(problem, item, name, g, grad_index=group[0][0]),
                                                  g, w, r, a)))
            compared.append(name)
        for attr in self.spec("gradients_read", []):
            r, a = tolerance_for(got.get(attr), want.get(attr), rtol, atol)
            problem = compare(got.get(attr), want.get(attr), attr, r, a, dout=dout, divisors=divisors)
            if problem:
                problems.append((attr, problem))
            compared.append(attr)
        details["compared"] = compared
        if problems:
            wrong = [name for name, _ in problems]
            named = _backward_variant(self, item, wrong, rtol, atol)
            message = named or self._summary(problems, item)
            found = {"wrong": wrong}
            if message.key == "backward.blocks":  # the front ends mark the blocks on blocks["tensors"][0]
                blocks = wrong_blocks(self.spec("blocks", []), wrong, item, self)
                found["blocks"] = {k: v for k, v in blocks.items() if k != "block"}
            raise Failure(message, details=found,
                          cause=f"alternative:{item.plan['probe']}" if named else None)

    def run(self, items):
        self._items = items  # the sizes of the probe: a bug seen at T > 1 only is named by the T = 1 size
        return super().run(items)

    def _summary(self, problems, item):
        wrong = [name for name, _ in problems]
        located = _one_part_only(self.spec("sum_over"), problems, item, self)
        if located is not None:
            return located
        located = _not_summed_over_time(self.spec("time_axis"), wrong, item, getattr(self, "_items", [item]), self)
        if located is not None:
            return located
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


def _one_part_only(sums, problems, item, check):
    """'dW_in, dW_out are 1/2 of the expected values while the loss is right': the loss is a sum over
    `count` parts (skip-gram's context positions) and backward sends back only some of them."""
    if not sums or not all(problem.key == "diag.mean_not_sum" for _, problem in problems):
        return None
    got, want = item.got.get("out"), item.want.get("out")
    if got is None or compare(got, want, "out", check.rtol(), check.atol()) is not None:
        return None  # the loss itself is a mean: each gradient's message says so
    names = [name for name, _ in problems]
    return Msg("backward.one_part_only", names=", ".join(names), count=int(sums["count"]), over=sums["over"],
               is_are=Msg("word.is" if len(names) == 1 else "word.are"))


def _repeated_ids_message(gathers, item, name, got, want, rtol, atol):
    """'dW is right except at the rows of ids 1, 3, which idx holds more than once': the rows an id
    picks (Embedding's W[idx]) must add up the gradients of every position holding it."""
    args = forward_args(item)
    if gathers is None or gathers >= len(args):
        return None
    ids = args[gathers]
    if not (isinstance(ids, numpy.ndarray) and ids.dtype.kind in "iu" and ids.size
            and isinstance(got, numpy.ndarray) and isinstance(want, numpy.ndarray)
            and got.shape == want.shape and got.ndim >= 1):
        return None
    flat = ids.reshape(-1)
    if flat.min() < 0 or flat.max() >= got.shape[0]:
        return None
    counts = numpy.bincount(flat, minlength=got.shape[0])
    wrong = [k for k in range(got.shape[0]) if compare(got[k], want[k], name, rtol, atol) is not None]
    if not wrong or any(counts[k] < 2 for k in wrong):
        return None
    arg_names = item.want.get("out.params") or []
    idx = arg_names[gathers] if gathers < len(arg_names) else f"argument #{gathers + 1}"
    ids_text = ", ".join(str(k) for k in wrong)
    if len(wrong) == 1:
        return Msg("backward.repeated_id", name=name, id=ids_text, times=int(counts[wrong[0]]), idx=idx)
    return Msg("backward.repeated_ids", name=name, ids=ids_text, idx=idx)


IGNORE_LABEL = -1  # the book's ignore_label: a position with this label has no loss (as diagnosis.divisors_of)


def _masked_positions_message(item, name, got, want, rtol, atol):
    """'dxs is right except at the 2 positions whose label in ts is −1 (ignore_label)': a masked
    position adds nothing to the loss, so its gradient is 0 (the book's TimeSoftmaxWithLoss)."""
    if not (isinstance(got, numpy.ndarray) and isinstance(want, numpy.ndarray) and got.shape == want.shape):
        return None
    arg_names = item.want.get("out.params") or []
    for k, labels in enumerate(forward_args(item)):
        if not (isinstance(labels, numpy.ndarray) and labels.dtype.kind == "i" and labels.ndim >= 1
                and got.shape[:labels.ndim] == labels.shape):
            continue
        masked = labels == IGNORE_LABEL
        if not masked.any() or numpy.any(want[masked]):
            continue
        excess = numpy.abs(got - want) > atol + rtol * numpy.abs(want)
        wrong = excess.reshape(labels.shape + (-1,)).any(axis=-1)
        if not wrong.any() or (wrong & ~masked).any():
            continue
        positions = [tuple(int(i) for i in p) for p in numpy.argwhere(wrong)]
        label = arg_names[k] if k < len(arg_names) else f"argument #{k + 1}"
        if len(positions) == 1:
            return Msg("backward.masked_one", name=name, labels=label, index=index_text(positions[0]))
        return Msg("backward.masked_many", name=name, labels=label, count=len(positions),
                   index=index_text(positions[0]))
    return None


def wrong_blocks(blocks, wrong, item, check) -> dict | None:
    """Which column blocks (an LSTM's gates) of the stacked weights are wrong, when some are right:
    {"tensors": ["dWx", "dWh", "db"], "axis": -1, "labels": ["f", "g", "i", "o"], "wrong": [2], "block": …}."""
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
        labels = [str(label) for label in block.get("order") or range(len(parts))]
        return {"tensors": [t for t in tensors if t in all_names], "axis": axis, "labels": labels,
                "wrong": sorted(bad), "block": block}
    return None


def _blocks_message(blocks, wrong, item, check):
    """'the input gate i (columns 2H:3H of dWx, dWh, db) is wrong; f, g, o are right'."""
    found = wrong_blocks(blocks, wrong, item, check)
    if found is None:
        return None
    parts, bad, tensors = found["block"]["parts"], found["wrong"], found["tensors"]
    unit = found["block"].get("unit", "")
    spans = [f"{_span(k, unit)}:{_span(k + 1, unit)}" for k in bad]
    others = [n for n in wrong if n not in tensors]
    right = [_part(parts[k]) for k in range(len(parts)) if k not in bad]
    return Msg("backward.blocks", wrong=[_part(parts[k]) for k in bad],
               columns=", ".join(spans), tensors=", ".join(tensors),
               is_wrong=Msg("backward.wrong_one" if len(bad) == 1 else "backward.wrong_many"),
               right=Msg("backward.right_one" if len(right) == 1 else "backward.right_many", parts=right),
               others=Msg("backward.also", names=", ".join(others)) if others else "")


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
            return Msg("backward.time_carry", name=name, wrong=_steps(bad), right=_steps(right))
    return None


def _forward_steps_message(axis, value, reference, names, rtol, atol):
    """'hs is right at time step 0 and wrong from time step 1 on': the state is not carried forward."""
    if axis is None or not (isinstance(value, numpy.ndarray) and isinstance(reference, numpy.ndarray)
                            and value.shape == reference.shape and value.ndim > axis):
        return None
    steps = value.shape[axis]
    bad = [t for t in range(steps) if compare(numpy.take(value, t, axis=axis), numpy.take(reference, t, axis=axis),
                                              names, rtol, atol) is not None]
    right = sorted(set(range(steps)) - set(bad))
    if bad and right and max(right) < min(bad):
        name = names if isinstance(names, str) else ", ".join(names)
        return Msg("forward.time_carry", name=name, right=_steps(right), wrong=_steps(bad))
    return None


def _steps(values) -> Msg:
    """'time step 4', 'time steps 0–3'."""
    return Msg("backward.step_one" if len(values) == 1 else "backward.steps", steps=_ranges(values))


def _not_summed_over_time(axis, wrong, item, items, check):
    """'dWx, dWh, db are right for one time step but not for T = 5': the weights every step shares get
    one step's share of the gradient instead of the sum over the steps."""
    if axis is None:
        return None
    params = [n for n in grad_names(check, item) if n in wrong]
    inputs = set(input_gradient_names(item)) | set(check.spec("gradients_read", []))
    if not params or set(wrong) & inputs:
        return None  # the gradients into the inputs are wrong too: the bug is elsewhere

    def steps(one):
        args = forward_args(one)
        first = args[0] if args else None
        return first.shape[axis] if isinstance(first, numpy.ndarray) and first.ndim > axis else None

    single = [other for other in items if steps(other) == 1 and other.got and "grads" in other.got]
    if not single or (steps(item) or 1) <= 1:
        return None
    for other in single:
        got_grads = other.got["grads"] if isinstance(other.got["grads"], list) else []
        for j, name in enumerate(grad_names(check, other)):
            if name in params and (j >= len(got_grads) or compare(got_grads[j], other.want["grads"][j], name,
                                                                  check.rtol(), check.atol()) is not None):
                return None
    return Msg("backward.not_summed_over_time", names=", ".join(dict.fromkeys(params)),
               steps=steps(item), is_are=Msg("word.is" if len(set(params)) == 1 else "word.are"))


def _shared_slots_message(group, got_grads, want_grads, names, rtol, atol):
    """One array used twice (params [W_in, W_in, W_out], or [embed_W, ..., embed_W.T, b] with weight tying):
    which use's gradient slot is missing, doubled, or already holds the others' shares."""
    if len(group) < 2:
        return None
    slots = [j for j, _ in group]
    flips = {j: transposed for j, transposed in group}

    def oriented(g, j):  # each slot as the first use holds it: a transposed view's grad transposed back
        return g.T if flips[j] and isinstance(g, numpy.ndarray) else g

    got = [oriented(got_grads[j], j) if j < len(got_grads) else None for j in slots]
    want = [oriented(want_grads[j], j) for j in slots]
    if not all(isinstance(g, numpy.ndarray) and g.shape == w.shape for g, w in zip(got, want)):
        return None
    name = names[slots[0]][1:] if names[slots[0]].startswith("d") else names[slots[0]]
    uses = ", ".join(f"params[{j}]" + (" (transposed)" if flips[j] else "") for j in slots)
    total = sum(want)
    holds_total = [compare(g, total, name, rtol, atol) is None for g in got]
    if all(holds_total):
        return Msg("backward.shared_sum_in_each", name=name, uses=uses, count=len(slots),
                   slots=", ".join(f"grads[{j}]" for j in slots))
    for j, g, w, whole in zip(slots, got, want, holds_total):
        others_right = all(compare(g2, w2, name, rtol, atol) is None
                           for j2, g2, w2 in zip(slots, got, want) if j2 != j)
        if not others_right:
            continue
        if not numpy.any(g) and numpy.any(w):
            return Msg("backward.shared_slot_missing", name=name, uses=uses, slot=j, count=len(slots))
        if whole:
            return Msg("backward.shared_added_twice", name=name, uses=uses, slot=j,
                       others=", ".join(f"grads[{j2}]" for j2 in slots if j2 != j))
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
    kind = "gradcheck"
    needs = ("numeric", "dx", "grads")
    stage = "gradcheck"

    def verify(self, item, details):
        got = item.got
        all_names = grad_names(self, item)
        input_names = input_gradient_names(item)
        groups = got.get("param_groups") or []
        mismatch = got["numeric"].get("__mismatch__")
        if mismatch:
            raise Failure(Msg("gradcheck.out_shape", got=mismatch["got"], expected=mismatch["expected"]))
        wrong: list[tuple[str, Msg]] = []  # (tensor, what is wrong with it), in the record's order
        for key, sampled in got["numeric"].items():
            if key.startswith("input"):
                i = int(key[5:])
                if isinstance(got["dx"], list):
                    analytic, name = got["dx"][i], input_names[i] if i < len(input_names) else f"dx[{i}]"
                else:  # one gradient: that of the one float input (single_float_input)
                    analytic, name = got["dx"], input_names[0]
            else:
                j = int(key[5:])
                group = next((g for g in groups if g[0][0] == j), [[j, False]])
                analytic = grouped(got["grads"], [group])[0] if isinstance(got["grads"], list) else None
                name = all_names[j] if j < len(all_names) else f"grads[{j}]"
            if not isinstance(analytic, numpy.ndarray):
                raise Failure(compare(analytic, numpy.zeros(1), name) or Msg("diag.type", name=name,
                              expected=Msg("type.an_array"), got=describe_type(analytic)))
            eps = float(sampled["eps"])
            tol = float(self.spec("gradcheck_tol", GRADCHECK_TOLERANCE))
            tolerance = numgrad.tolerance_for(tol, eps)
            directions = sampled["directions"]
            if any(numpy.shape(v) != analytic.shape for v in directions):
                expected = numpy.shape(directions[0]) if directions else "?"
                raise Failure(shape_problem(analytic.shape, expected, name))
            err, along, numeric, bad = numgrad.directions_wrong(analytic, directions, sampled["plus"],
                                                                sampled["minus"], eps, tol)
            self._found(name, float(err.max()) if err.size else 0.0)
            element = None
            if "indices" in sampled:
                element = self._elements(sampled, analytic, eps, tolerance, name)
            if bad.any() or element is not None:
                if element is None:
                    worst = int(numpy.argmax(err))
                    element = Msg("gradcheck.bad_direction", name=name, error=float(err[worst]),
                                  analytic=float(along[worst]), numeric=float(numeric[worst]))
                wrong.append((name, element))
        if wrong:
            # the first wrong tensor is named; the others are still measured, so the picture of the
            # result shows each of them (dWx's columns of a wrong gate, not only dx)
            raise Failure(wrong[0][1], details={"wrong": [name for name, _ in wrong]})

    def _found(self, name, error=None, error_map=None):
        """Add what was found of tensor `name` to the result's GradientErrors (over every size)."""
        self.draw(self._errors().with_tensor(name, error, error_map))

    def _errors(self) -> GradientErrors:
        return self.drawn.get(GradientErrors) or GradientErrors()

    def _elements(self, sampled, analytic, eps, tolerance, name):
        indices = numpy.asarray(sampled["indices"], dtype=int)
        numeric = (numpy.asarray(sampled["eplus"], float) - numpy.asarray(sampled["eminus"], float)) / (2 * eps)
        flat = analytic.reshape(-1).astype(float)
        if indices.size and indices.max() >= flat.size:
            return Msg("diag.shape", name=name, got=analytic.shape, expected="?")
        picked = flat[indices]
        err = relative_error(picked, numeric)
        error_map = numpy.full(analytic.shape, numpy.nan)
        error_map.reshape(-1)[indices] = numpy.abs(picked - numeric)
        self._found(name, float(err.max()) if err.size else None, error_map)
        bad = numgrad.beyond(err, picked, numeric, tolerance, numgrad.rounding_noise(sampled["eplus"], sampled["eminus"], eps))
        if not bad.any():
            return None
        positions = numpy.where(bad)[0]
        worst = int(positions[numpy.argmax(err[positions])])
        index = numpy.unravel_index(int(indices[worst]), analytic.shape)
        return Msg("gradcheck.bad", name=name, error=float(err[worst]), index=index_text(index),
                   analytic=float(picked[worst]), numeric=float(numeric[worst]))

    def ok_message(self, items, details):
        errors = self._errors().errors
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


class Conventions(Check):
    name = "conventions"
    kind = "conventions"
    needs = ("dx", "grads", "dx_again", "grads_again", "out_fresh", "dx_fresh", "grads_fresh")

    def verify(self, item, details):
        got = item.got
        names = input_gradient_names(item)
        sent = douts(item)
        seen = details.setdefault("observed", set())  # only what this run showed is claimed
        if any(isinstance(d, numpy.ndarray) for d in sent):
            seen.add("inputs")
        for before, after in zip(sent, got.get("dx.dout_after") or []):
            if (isinstance(before, numpy.ndarray) and isinstance(after, numpy.ndarray)
                    and after.shape == before.shape and not numpy.array_equal(after, before)):
                raise Failure(Msg("conventions.dout_modified"))
        all_names = param_names(self.exercise, self.probe, len(item.want["grads"]))
        for j, rebound in enumerate(got.get("dx.rebound") or []):
            if rebound:
                name = "d" + all_names[j] if j < len(all_names) else f"grads[{j}]"
                raise Failure(Msg("conventions.rebound", symbol=self.symbol, index=j, name=name))
        if any(isinstance(g, numpy.ndarray) and g.any() for g in got.get("grads") or []):
            seen.add("grads")

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
            if isinstance(first, numpy.ndarray) and first.any():
                seen.add("repeatable")
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
                if isinstance(g, numpy.ndarray) and g.any():
                    seen.add("dout")
        scalar = scalar_dout(item)
        if scalar not in (None, 1.0) and not isinstance(got["dx"], list):
            problem = compare(got["dx"], item.want["dx"], names[0], self.rtol(), self.atol(), dout=scalar)
            if problem is not None and problem.key == "diag.dout_ignored":
                raise Failure(Msg("conventions.dout_ignored", name=names[0]))
        return note

    def ok_message(self, items, details):
        seen = [key for key in ("inputs", "grads", "repeatable", "dout") if key in details.get("observed", ())]
        if not seen:
            return Msg("conventions.nothing_observed")
        return Msg("conventions.ok", observed=[Msg("conventions.seen." + key) for key in seen])


