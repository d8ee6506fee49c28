"""Runs a probe's steps against a module and records what came back, by name.

The same code runs the learner's file (in the sandbox's child process) and the
reference solution (in a child of its own), so both see exactly the same calls.
Only plain values leave this module: numpy arrays, numbers, strings, lists and
dicts; the parent compares them and never sees a learner object.

A probe is a list of steps (see autograder.presets):
    new      construct the probe's symbol            → params, grads_at_init, param_groups
    params   write values into subject.params in place
    set      set attributes (train_flg = False)
    call     call a method (or the function itself) → <as>, <as>.args_after, <as>.rebound
    backward backward(*douts)                        → <as>, <grads_as>, <as>.rebound, <as>.dout_after
    get      read an attribute                       → <as>
    let/var  keep a value across calls / read it back
    seed     reseed numpy's global generator
    train    a minibatch training loop               → losses, scores
    alternatives  (the reference only) the probe's forward again on fresh subjects, with its
             weights' column blocks in every other order and with its state reset
                                                     → <of>.reordered, <of>.reset
Forward calls are snapshotted so the numerical gradient (autograder.numgrad)
replays them from the same state, after the probe's before-forward hooks.
"""

import copy
import inspect
import itertools
import traceback
import warnings

import numpy

from autograder import backend, numgrad

MAX_WARNINGS = 5
# Tensors this small get every element's central difference too (a few forwards more):
# the learner's heatmap of |analytic − numeric|. Larger ones are sampled only to localise a failure.
FULL_BELOW = 64
OVERFLOW_GRID = [2.0 ** k for k in range(11)]  # 1 … 1024, then bisected between the last finite and the first not


def _synchronise():
    if backend.np is not numpy:
        backend.np.cuda.Device().synchronize()  # GPU work is asynchronous: time it to the end


def _cast(value, dtype):
    if isinstance(value, numpy.ndarray) and value.dtype.kind == "f":
        return backend.to_gpu(value.astype(dtype))
    if isinstance(value, float):
        return value
    if isinstance(value, list):
        return [_cast(v, dtype) for v in value]
    return _backend_copy(value)


class ProbeFailed(Exception):
    """A step of a probe raised: carries the recorded error."""

    def __init__(self, error: dict):
        super().__init__(error.get("message", ""))
        self.error = error


class StopProbe(Exception):
    """The subject cannot go on (no params list): the interface check says why."""


def plain(value):
    """A value that can leave the process: arrays are copied to the CPU."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, numpy.generic):
        return value.item() if value.dtype.kind in "biuf" else {"__type__": type(value).__name__}
    if isinstance(value, numpy.ndarray):
        if value.dtype.kind not in "biuf":
            return {"__type__": f"array of {value.dtype}"}
        return numpy.array(value, copy=True)
    if hasattr(value, "get") and hasattr(value, "__cuda_array_interface__"):
        return plain(value.get())  # a cupy array
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {"__dict__": [[plain(k), plain(v)] for k, v in list(value.items())[:10_000]]}
    return {"__type__": type(value).__name__}


def _backend_copy(value):
    if isinstance(value, numpy.ndarray):
        return backend.to_gpu(value.copy())
    if isinstance(value, list):
        return [_backend_copy(v) for v in value]
    if isinstance(value, dict):
        return copy.deepcopy(value)
    return value


class Executor:
    def __init__(self, module, source_path: str, progress=lambda step: None):
        self.module = module
        self.source_path = source_path
        self.progress = progress
        self.current = "loading the file"  # the learner's step that ran last, for errors between steps

    # -- one step, with its errors and warnings recorded ---------------------
    def step(self, name: str, fn, *args, warnings_out=None, mark=True, **kwargs):
        # mark=False inside the hot loops (training, numerical gradients): their phase is marked
        # once outside, and a progress line per call cost thousands of writes per grade
        if mark:
            self.progress(name)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = self.call(name, fn, *args, **kwargs)
        if warnings_out is not None:
            for w in caught[: MAX_WARNINGS - len(warnings_out)]:
                warnings_out.append(f"{w.category.__name__}: {w.message}")
        return result

    def call(self, name: str, fn, *args, **kwargs):
        """step() for a hot loop whose warnings the caller silenced once (a warnings context per
        call was a fifth of a training probe's time): only an error is recorded."""
        self.current = name
        try:
            return fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - SystemExit too: it is the learner's
            raise ProbeFailed(self.describe(exc, name)) from None

    def describe(self, exc: BaseException, step: str) -> dict:
        line, code = None, None
        for frame, lineno in traceback.walk_tb(exc.__traceback__):
            if frame.f_code.co_filename == self.source_path:
                line = lineno
                code = _source_line(self.source_path, lineno)
        message = str(exc)
        if isinstance(exc, SystemExit):
            message = f"exit code {exc.code!r}"
        return {
            "type": type(exc).__name__,
            "message": message[:500],
            "step": step,
            "line": line,
            "code": code,
            "not_implemented": isinstance(exc, NotImplementedError),
        }

    # -- a probe ---------------------------------------------------------------
    def run(self, probe: dict) -> dict:
        run = _Run(self, probe)
        try:
            for spec in probe["steps"]:
                getattr(run, "op_" + spec["op"])(spec)
            run.numerical_gradients()
        except StopProbe:
            pass
        except ProbeFailed as failed:
            run.record["error"] = failed.error
        except Exception as exc:  # noqa: BLE001
            # The executor's own work between the learner's calls (len(layer.grads), float(loss),
            # param -= lr * grad ...) can fail on what the learner's objects hold: record it
            # against the step that ran last, so every check says what went wrong where.
            run.record["error"] = self.describe(exc, self.current)
        return run.record


class _Run:
    """The state of one probe while its steps run."""

    def __init__(self, executor: Executor, probe: dict):
        self.ex = executor
        self.probe = probe
        self.symbol = probe["symbol"]
        self.record: dict = {"warnings": []}
        self.subject = None
        self.vars: dict = {}
        self.calls: dict = {}  # name of a forward call → (args as sent, snapshot before it)
        self.made: dict = {}  # "new" and every call's name → (method, args, kwargs) as sent: what alternatives replay
        self.backwards: list = []  # (spec, analytic gradients) of backward steps to check numerically

    # -- helpers ---------------------------------------------------------------
    def value(self, spec):
        """A step's argument: {"var": name} is the kept object itself, anything else a fresh copy."""
        if isinstance(spec, dict) and set(spec) == {"var"}:
            return self.vars[spec["var"]]
        if isinstance(spec, list):
            return [self.value(v) for v in spec]
        return _backend_copy(spec)

    def target(self, method):
        if method:
            return getattr(self.subject, method), f"{self.symbol}.{method}"
        return getattr(self.ex.module, self.symbol), f"{self.symbol}()"

    def reseed(self):
        seed = int(self.probe.get("seed", 0)) % (2**32)
        numpy.random.seed(seed)
        if backend.np is not numpy:
            backend.np.random.seed(seed)

    def hooks(self):
        for hook in self.probe.get("before_forward", []):
            if hook == "seed":
                self.reseed()
            else:
                fn, name = self.target(hook)
                self.ex.step(name, fn, mark=False)

    def snapshot(self):
        if self.subject is None or not hasattr(self.subject, "__dict__"):
            return None
        return numgrad.LayerState(self.subject)

    @staticmethod
    def restore(snapshot):
        if snapshot is not None:
            snapshot.restore()

    # -- the steps -------------------------------------------------------------
    def op_new(self, spec):
        self.reseed()  # layers that draw their own weights (np.random.randn) get the same ones
        cls = getattr(self.ex.module, self.symbol)
        args = [self.value(a) for a in spec.get("args", [])]
        kwargs = {k: self.value(v) for k, v in spec.get("kwargs", {}).items()}
        self.subject = self.ex.step(f"{self.symbol}(...)", cls, *args, **kwargs)
        self.made["new"] = (None, spec.get("args", []), spec.get("kwargs", {}))
        params, grads = getattr(self.subject, "params", None), getattr(self.subject, "grads", None)
        self.record["params"] = _listed(params)
        self.record["grads_at_init"] = _listed(grads)
        if isinstance(params, list) and isinstance(grads, list):
            self.record["param_groups"] = param_groups(params)
        elif spec.get("layer"):
            raise StopProbe()  # the interface check says what is missing

    def op_params(self, spec):
        values = spec["values"]
        params = self.subject.params
        if len(params) != len(values) or any(getattr(p, "shape", None) != v.shape for p, v in zip(params, values)):
            # params in another order or of other shapes: writing the probe's weights into
            # them would raise here, outside any learner step. The interface check reports it.
            raise StopProbe()
        for param, value in zip(params, values):
            param[...] = backend.to_gpu(value)

    def op_set(self, spec):
        for attr, value in spec["attrs"].items():
            setattr(self.subject, attr, self.value(value))

    def op_seed(self, spec):
        self.reseed()

    def op_let(self, spec):
        if "copy_of" in spec:
            self.vars[spec["name"]] = list(self.vars[spec["copy_of"]])
        else:
            self.vars[spec["name"]] = self.value(spec["value"])

    def op_var(self, spec):
        self.record[spec["as"]] = plain(self.vars[spec["name"]])

    def op_get(self, spec):
        name = spec.get("as") or spec["attr"]
        self.record[name] = plain(self.ex.step(f"{self.symbol}.{spec['attr']}", getattr, self.subject,
                                               spec["attr"]))

    def op_call(self, spec):
        fn, label = self.target(spec.get("method"))
        if spec.get("label"):
            label = f"{self.symbol}.{spec['label']}"
        name = spec["as"]
        if spec.get("restore"):
            self.restore(self.calls[spec["restore"]][1])
        snapshot = None
        if spec.get("forward"):
            snapshot = self.snapshot()
            self.hooks()
        args = [self.value(a) for a in spec.get("args", [])]
        kwargs = {k: self.value(v) for k, v in spec.get("kwargs", {}).items()}
        before = [list(a) if isinstance(a, list) else None for a in args]
        with _Spy(spec.get("spy", ())) as spy:
            out = self.ex.step(label, fn, *args, warnings_out=self.record["warnings"], **kwargs)
        self.record[name] = plain(out)
        self.record[name + ".args_after"] = [plain(a) for a in args]
        self.record[name + ".rebound"] = [
            None if b is None else [j >= len(a) or a[j] is not x for j, x in enumerate(b)]
            for a, b in zip(args, before)
        ]
        if spy.calls:
            self.record[name + ".spied"] = spy.calls
        self.record.setdefault(name + ".params", _parameter_names(fn))
        if spec.get("forward"):
            self.calls[name] = (spec.get("args", []), snapshot)
        self.made[name] = (spec.get("method"), spec.get("args", []), spec.get("kwargs", {}))

    def op_backward(self, spec):
        layer = self.subject
        grads_before = list(layer.grads)
        douts = [self.value(d) for d in spec.get("args", [])]
        name = spec["as"]
        dx = self.ex.step(f"{self.symbol}.backward", layer.backward, *douts, warnings_out=self.record["warnings"])
        self.record[name] = plain(dx)
        grads = plain(layer.grads)
        self.record[spec.get("grads_as", "grads")] = grads
        self.record[name + ".rebound"] = [
            i >= len(layer.grads) or layer.grads[i] is not g for i, g in enumerate(grads_before)
        ]
        self.record[name + ".dout_after"] = [plain(d) for d in douts]
        if spec.get("numgrad"):
            self.backwards.append((spec, self.record[name], grads))

    def op_alternatives(self, spec):
        """What the forward `of` gives on fresh subjects built differently: the column blocks of the
        named constructor arguments in every other order (an LSTM's gates), or the `reset` state
        attributes set to None after the setup calls (a stateful layer that forgets). Run for the
        reference only: a check names the learner's mistake by the one its output matches."""
        if not self.probe.get("reference"):
            return
        of = spec.get("of", "out")
        replay = [self.made[name] for name in spec.get("replay", [])] + [self.made[of]]
        _, new_args, new_kwargs = self.made["new"]
        reorder = spec.get("reorder")
        if reorder:
            names = _parameter_names(getattr(self.ex.module, self.symbol))
            positions = {names.index(n) for n in reorder["of"] if n in names}
            axis = int(reorder.get("axis", -1))
            self.record[of + ".reordered"] = [
                self._fresh_run([_blocks_in_order(a, order, axis) if i in positions else a
                                 for i, a in enumerate(new_args)], new_kwargs, replay)
                for order in block_orders(int(reorder["parts"]))]
        if spec.get("reset"):
            self.record[of + ".reset"] = [self._fresh_run(new_args, new_kwargs, replay, reset=attrs)
                                          for attrs in state_subsets(spec["reset"])]

    def _fresh_run(self, new_args, new_kwargs, calls, reset=()):
        """The output of the last of `calls` on a new subject; the `reset` attributes set to None before it."""
        self.reseed()
        subject = getattr(self.ex.module, self.symbol)(*self.value(list(new_args)),
                                                        **{k: self.value(v) for k, v in new_kwargs.items()})
        out = None
        for k, (method, args, kwargs) in enumerate(calls):
            if k == len(calls) - 1:
                for attr in reset:
                    setattr(subject, attr, None)
            out = getattr(subject, method)(*self.value(list(args)), **{n: self.value(v) for n, v in kwargs.items()})
        return plain(out)

    def op_train(self, spec):
        model = self.subject
        x, t = (backend.to_gpu(a) for a in spec["data"])
        n, batch, lr = len(x), spec["batch_size"], spec["lr"]
        rng = numpy.random.default_rng(self.probe.get("seed", 0))
        losses = []
        call = self.ex.call
        forward, backward = f"{self.symbol}.forward", f"{self.symbol}.backward"
        update, as_number = f"{self.symbol}: params[i] -= lr * grads[i]", f"{self.symbol}.forward (the loss as a number)"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # as step() does: the training's warnings are not the verdict's
            for epoch in range(1, spec["epochs"] + 1):
                self.ex.progress(f"{self.symbol}: training epoch {epoch}")
                order = rng.permutation(n)
                total = 0.0
                for i in range(n // batch):
                    idx = order[i * batch : (i + 1) * batch]
                    loss = call(forward, model.forward, x[idx], t[idx])
                    call(backward, model.backward)
                    call(update, _descend, model.params, model.grads, lr)
                    total += call(as_number, float, loss)
                losses.append(total / (n // batch))
                if not numpy.isfinite(losses[-1]):
                    break
        self.record["losses"] = numpy.array(losses)
        self.record["scores"] = plain(self.ex.step(f"{self.symbol}.predict", model.predict, x))

    def op_precision(self, spec):
        """The same construction, forward and backward with every float array cast to float32 and float16;
        then the first float input scaled up until the outputs stop being finite (the overflow range).
        A float64 run of the same calls first: the baseline the lower precisions are measured against."""
        try:
            self._cast_run(spec, "float64", self.record, "precision.float64")
        except ProbeFailed:
            pass  # no baseline of the learner's own: the reference's values stand in
        for dtype in spec["dtypes"]:
            key = f"precision.{dtype}"
            try:
                out = self._cast_run(spec, dtype, self.record, key)
            except ProbeFailed as failed:
                self.record[key + ".error"] = failed.error
                continue
            self.record[key + ".overflow"] = self._overflow_at(spec, dtype) if out is not None else None

    def _cast_run(self, spec, dtype, record, key):
        cast = lambda values: [_cast(v, dtype) for v in values]  # noqa: E731
        if "new_args" in spec:
            cls = getattr(self.ex.module, self.symbol)
            layer = self.ex.step(f"{self.symbol}(...) in {dtype}", cls, *cast(spec["new_args"]), mark=False)
            out = self.ex.step(f"{self.symbol}.forward in {dtype}", layer.forward, *cast(spec["args"]), mark=False)
            record[key + ".out"] = plain(out)
            if spec.get("douts") is not None:
                dx = self.ex.step(f"{self.symbol}.backward in {dtype}", layer.backward, *cast(spec["douts"]),
                                  mark=False)
                record[key + ".dx"] = plain(dx)
                record[key + ".grads"] = plain(getattr(layer, "grads", None))
            return out
        fn = getattr(self.ex.module, self.symbol)
        out = self.ex.step(f"{self.symbol}() in {dtype}", fn, *cast(spec["args"]), mark=False)
        record[key + ".out"] = plain(out)
        return out

    def _overflow_at(self, spec, dtype):
        """About the smallest max|x| up to 1024 at which forward's output is not finite (None: always finite)."""
        args = spec["args"]
        first = next((i for i, a in enumerate(args) if isinstance(a, numpy.ndarray) and a.dtype.kind == "f"), None)
        if first is None or not numpy.abs(args[first]).max() > 0:
            return None
        unit = args[first] / numpy.abs(args[first]).max()

        def finite(magnitude):
            scaled = dict(spec, args=[unit * magnitude if i == first else a for i, a in enumerate(args)],
                          douts=None)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    out = self._cast_run(scaled, dtype, {}, "s")
                except ProbeFailed:
                    return False
            values = out if isinstance(out, (list, tuple)) else [out]
            return all(bool(numpy.all(numpy.isfinite(backend.to_cpu(v)))) for v in values if hasattr(v, "dtype"))

        low = None
        for magnitude in OVERFLOW_GRID:
            if not finite(magnitude):
                if low is None:
                    return magnitude
                high = magnitude
                for _ in range(4):
                    middle = (low * high) ** 0.5
                    low, high = (middle, high) if finite(middle) else (low, middle)
                return float(f"{high:.3g}")
            low = magnitude
        return None

    def op_time(self, spec):
        """Median time of the timed calls on a fresh subject at realistic sizes; fastest times there and at
        four times the batch, for how the time grows.

        Each size stops repeating once half the `budget` (seconds) is spent; the large one skips the
        warm-up (the first size paid it) and is timed at least once. The growth compares fastest runs
        because a busy machine only ever adds time to a run.
        """
        self.ex.progress(f"{self.symbol}: timing")
        budget = float(spec.get("budget", 0.15)) / 2
        base = self._timed(spec["base"], budget, warm=True)
        self.record["speed"] = float(numpy.median(base))
        self.record["speed.fastest"] = float(min(base))
        self.record["speed.large"] = float(min(self._timed(spec["large"], budget, warm=False)))

    def _timed(self, entry, budget, warm):
        import time

        subject = getattr(self.ex.module, self.symbol)
        if entry.get("new_args") is not None:  # constructed once, outside the timing
            subject = self.ex.step(f"{self.symbol}(...)", subject, *[_backend_copy(a) for a in entry["new_args"]],
                                   mark=False)

        def once():
            start = time.perf_counter()
            for call in entry["calls"]:
                fn = getattr(subject, call["method"]) if call.get("method") else subject
                self.ex.step(f"{self.symbol}.{call.get('method') or ''}", fn,
                             *[_backend_copy(a) for a in call["args"]], mark=False)
            _synchronise()
            return time.perf_counter() - start

        spent, times = 0.0, []
        if warm:
            first = once()  # warm-up: caches, lazy imports, the allocator
            spent += first
            if first > budget:
                return [first]
        while len(times) < 7 and (not times or spent < budget):
            times.append(once())
            spent += times[-1]
        return times

    # -- the numerical gradient of the learner's own forward ---------------------
    def numerical_gradients(self):
        if not self.backwards or not self.probe.get("numgrad", True):
            return
        options = self.probe.get("numgrad_options", {})
        self.ex.progress(f"{self.symbol}.forward (numerical gradient)")
        numeric = {}
        for spec, dx, grads in self.backwards:
            try:
                numeric.update(self._check_one(spec, dx, grads, options))
            except numgrad.ShapeMismatch as mismatch:
                numeric = {"__mismatch__": {"got": str(mismatch.got), "expected": str(mismatch.expected)}}
                break
        self.record["numeric"] = numeric

    def _check_one(self, spec, dx, grads, options):
        forward_name = spec.get("of", "out")
        sent, snapshot = self.calls[forward_name]
        douts = [d for d in spec.get("args", [])] or [1.0]
        out = self.record.get(forward_name)
        fwd = getattr(self.subject, "forward")
        held = [_backend_copy(a) for a in sent]
        wrt = options.get("wrt")
        if wrt is None:
            wrt = [i for i, a in enumerate(sent) if isinstance(a, numpy.ndarray) and a.dtype.kind == "f"]
        dx_list = dx if isinstance(dx, list) else [dx]

        def loss():
            self.restore(snapshot)
            self.hooks()
            args = [a.copy() if hasattr(a, "shape") and hasattr(a, "copy") else self.value(a) for a in held]
            result = self.ex.step(f"{self.symbol}.forward", fwd, *args, mark=False)
            return numgrad.weighted_sum(result, douts)

        targets = []
        for i in wrt:
            targets.append((f"input{i}", None, i, dx_list[i] if i < len(dx_list) else None))
        params = self.subject.params
        for group in self.record.get("param_groups", []):
            j = group[0][0]
            targets.append((f"param{j}", params[j], None, _group_sum(grads, group)))
        out_dtypes = [getattr(o, "dtype", None) for o in (out if isinstance(out, list) else [out])]
        results = {}
        seed = int(self.probe.get("seed", 0))
        rng = numpy.random.default_rng(seed)
        for k, (key, tensor, input_index, analytic) in enumerate(targets):
            if input_index is not None:
                tensor = held[input_index] = backend.to_gpu(numpy.array(sent[input_index], copy=True))
            eps = float(options.get("eps") or numgrad.eps_for(tensor.dtype, *out_dtypes))
            directions = numgrad.unit_directions(tuple(tensor.shape), int(options.get("directions", 2)),
                                                 [seed, k])
            plus, minus = numgrad.directional(tensor, loss, eps, directions)
            entry = {"eps": eps, "directions": directions, "plus": numpy.array(plus), "minus": numpy.array(minus)}
            small = int(tensor.size) <= int(options.get("full_below", FULL_BELOW))
            if small or _disagrees(analytic, directions, plus, minus, eps, float(options.get("tol", 1e-6))):
                indices = numgrad.pick(int(tensor.size), None if small else int(options.get("sample", 40)), rng)
                eplus, eminus = numgrad.elementwise(tensor, loss, eps, indices)
                entry.update(indices=indices, eplus=numpy.array(eplus), eminus=numpy.array(eminus))
            results[key] = entry
        self.restore(snapshot)
        return results


def block_orders(parts: int) -> list[tuple[int, ...]]:
    """Every order of `parts` blocks but their own, as op_alternatives runs them and the checks read them."""
    return [order for order in itertools.permutations(range(parts)) if list(order) != sorted(order)]


def state_subsets(attrs) -> list[tuple[str, ...]]:
    """Every non-empty subset of the state attributes, smallest first."""
    return [subset for count in range(1, len(attrs) + 1) for subset in itertools.combinations(attrs, count)]


def _blocks_in_order(value, order, axis):
    """`value` with its equal blocks along `axis` rearranged: block k of the result is block order[k]."""
    if not isinstance(value, numpy.ndarray) or value.ndim == 0 or value.shape[axis] % len(order):
        return value
    blocks = numpy.split(value, len(order), axis=axis)  # the plan's values: on the CPU until a call copies them
    return numpy.concatenate([blocks[k] for k in order], axis=axis)


def _disagrees(analytic, directions, plus, minus, eps, tol):
    """Whether the directional check fails: then elements are sampled to say where."""
    if not isinstance(analytic, numpy.ndarray):
        return True
    numeric = numgrad.central(plus, minus, eps)
    for v, d in zip(directions, numeric):
        if analytic.shape != v.shape:
            return True
        a = float(numpy.sum(analytic * v))
        if abs(a - d) > tol * (abs(a) + abs(d)) + 1e-8 * max(1.0, abs(d)):
            return True
    return False


def param_groups(params) -> list[list[list]]:
    """Params that are one array (listed twice, or as a transposed view): [[index, transposed], ...].

    As the book's remove_duplicate sees them: the same object, or a 2-D array whose
    transpose is another param (weight tying, `TimeAffine(embed_W.T, b)`).
    """
    groups: list[list[list]] = []
    for j, p in enumerate(params):
        for group in groups:
            first = params[group[0][0]]
            if p is first:
                group.append([j, False])
                break
            if (getattr(p, "ndim", 0) == 2 and getattr(first, "ndim", 0) == 2 and p.shape == first.shape[::-1]
                    and _shares_memory(p, first) and bool((p == first.T).all())):
                group.append([j, True])
                break
        else:
            groups.append([[j, False]])
    return groups


def _shares_memory(a, b) -> bool:
    try:
        return bool(numpy.shares_memory(backend.to_cpu(a), backend.to_cpu(b))) if isinstance(a, numpy.ndarray) \
            else a.data.ptr == b.data.ptr
    except Exception:  # noqa: BLE001
        return False


def _group_sum(grads, group):
    """The gradient of one shared array: its grads summed (transposed back where it is a view)."""
    total = None
    for j, transposed in group:
        g = grads[j] if isinstance(grads, list) and j < len(grads) else None
        if not isinstance(g, numpy.ndarray):
            return None
        g = g.T if transposed else g
        total = g.astype(float) if total is None else (total + g if total.shape == g.shape else None)
        if total is None:
            return None
    return total


class _Spy:
    """Records the argument shapes of named library functions while one step runs."""

    def __init__(self, names):
        self.names, self.calls, self._undo = list(names), {}, []

    def __enter__(self):
        import importlib

        for name in self.names:
            module_name, _, attr = name.rpartition(".")
            try:
                owner = importlib.import_module(module_name)
            except ImportError:
                continue
            real = getattr(owner, attr)
            seen = self.calls.setdefault(name, [])

            def spied(*args, _real=real, _seen=seen, **kwargs):
                _seen.append([list(getattr(a, "shape", ())) for a in args[:1]])
                return _real(*args, **kwargs)

            setattr(owner, attr, spied)
            self._undo.append((owner, attr, real))
        return self

    def __exit__(self, *exc):
        for owner, attr, real in reversed(self._undo):
            setattr(owner, attr, real)
        return False


def _descend(params, grads, lr):
    for param, grad in zip(params, grads):
        param -= lr * grad


def _listed(value):
    """params or grads as plain values; anything but a list keeps only its type name.

    plain() turns a tuple into a list, which would hide `self.params = (W, b)` from the
    interface check (the book's optimizers assign to params[i], so a tuple breaks them).
    """
    if value is None or isinstance(value, list):
        return plain(value)
    return {"__type__": type(value).__name__}


def _parameter_names(fn):
    try:
        return list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return []


def _source_line(path, lineno):
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for number, line in enumerate(fh, start=1):
                if number == lineno:
                    return line.strip()[:200]
    except OSError:
        pass
    return None


def inspect_symbols(module, names, module_name):
    """What the module defines under each expected name, for the loads check."""
    found = {}
    for name in names:
        if not hasattr(module, name):
            found[name] = {"kind": "missing"}
            continue
        obj = getattr(module, name)
        kind = "class" if inspect.isclass(obj) else "function" if callable(obj) else "other"
        entry = {"kind": kind, "own": getattr(obj, "__module__", None) == module_name}
        try:
            sig = inspect.signature(obj)
            entry["params"] = [
                [p.name, p.kind.name, p.default is not inspect.Parameter.empty]
                for p in sig.parameters.values()
            ]
        except (TypeError, ValueError):
            entry["params"] = None
        found[name] = entry
    found["__defined__"] = sorted(n for n in vars(module) if not n.startswith("_"))[:200]
    return found
