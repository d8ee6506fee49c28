"""Runs a probe's steps against a module and records what came back, by name.

The same code runs the learner's file (in the sandbox's child process) and the
reference solution (in a child of its own), so both see exactly the same calls.
Only plain values leave this module: numpy arrays, numbers, strings, lists and
dicts; the parent compares them and never sees a learner object.

A probe is a list of steps (see autograder.presets):
    new      construct the probe's symbol            → params, grads_at_init, param_groups
    params   write values into subject.params in place
    set      set attributes (train_flg = False)
    call     call a method (or the function itself) → <as>, <as>.args_after, <as>.rebound;
             `prints = "name"` keeps what it printed, `repeat = K` makes <as> the list of K results
    backward backward(*douts)                        → <as>, <grads_as>, <as>.rebound, <as>.dout_after
    get      read an attribute                       → <as>
    let/var  keep a value across calls / read it back
    seed     reseed numpy's global generator
    train    a minibatch training loop               → loss_list (per epoch), scores
    trainer  the book's Trainer / RnnlmTrainer .fit    → <as>.loss_list or <as>.ppl_list, <as>.updates
    generate model.generate row by row (eval_seq2seq)  → <as>.accuracy, <as>.correct, <as>.guesses
    again    forward and backward again on the same subject at other sizes
                                                     → <as>.out, <as>.dx, <as>.grads, or <as>.error
    alternatives  (the reference only) the probe's forward again on fresh subjects, with its
             weights' column blocks in every other order, with its state reset, and on the
             reference with a known mistake edited in   → <of>.reordered, <of>.reset, <of>.variants
                                                       (and <of>.variants_backward: [dx, grads] each)
Forward calls are snapshotted so the numerical gradient (autograder.numgrad_probe)
replays them from the same state, after the probe's before-forward hooks. What the
module defines is read by autograder.symbols.
"""

import copy
import itertools
import sys
import traceback
import warnings

import numpy

from autograder import backend, numgrad, numgrad_probe, phases
from autograder.numgrad_probe import param_groups
from autograder.symbols import inspect_symbols, parameter_names, source_line

__all__ = ["Executor", "Staged", "ProbeFailed", "StopProbe", "plain", "data_pair", "param_groups", "inspect_symbols"]

MAX_WARNINGS = 5
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
        self._references: dict = {}

    def reference_module(self, path):
        """The reference's module at `path`, to time beside the file (op_time): loaded once, when first
        timed (after every other phase), under a name of its own and never in sys.modules, where the
        file could import it (graded itself, the reference is loaded a second time). None without a path
        or where it fails to load."""
        import importlib.util

        if not path:
            return None
        if path not in self._references:
            try:
                spec = importlib.util.spec_from_file_location("__reference_timed__", path)
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
            except Exception:  # noqa: BLE001 - then the file is timed alone, against the cached reference
                module = None
            self._references[path] = module
        return self._references[path]

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
                code = source_line(self.source_path, lineno)
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
        """Every step of the probe, and its numerical gradients: its record."""
        staged = self.start(probe)
        staged.advance(phases.LAST)
        return staged.record

    def start(self, probe: dict) -> "Staged":
        """The probe, to be run phase by phase (autograder.phases): Staged.advance."""
        return Staged(self, probe)


class Staged:
    """One probe run in phases: advance(phase) runs its steps up to that phase and stops before
    the first of a later one, so the child can write what the cheap steps of every probe
    recorded before any probe's expensive ones run."""

    def __init__(self, executor: Executor, probe: dict):
        self.ex = executor
        self.run = _Run(executor, probe)
        self.tasks = phases.schedule(probe["steps"])
        self.next = 0

    @property
    def record(self) -> dict:
        return self.run.record

    def advance(self, phase: str) -> dict:
        """Run the tasks of `phase` and earlier; what they added to the record (new or replaced values)."""
        before = dict(self.record)
        warnings_before = len(self.record.get("warnings", ()))
        rank = phases.RANK[phase]
        try:
            while self.next < len(self.tasks) and phases.RANK[self.tasks[self.next][0]] <= rank:
                _, spec = self.tasks[self.next]
                self.next += 1
                if spec is None:
                    numgrad_probe.numerical_gradients(self.run)
                else:
                    getattr(self.run, "op_" + spec["op"])(spec)
        except StopProbe:
            self.next = len(self.tasks)
        except ProbeFailed as failed:
            self.next = len(self.tasks)
            self.record["error"] = failed.error
        except Exception as exc:  # noqa: BLE001
            # The executor's own work between the learner's calls (len(layer.grads), float(loss),
            # param -= lr * grad ...) can fail on what the learner's objects hold: record it
            # against the step that ran last, so every check says what went wrong where.
            self.next = len(self.tasks)
            self.record["error"] = self.ex.describe(exc, self.ex.current)
        added = {k: v for k, v in self.record.items() if k not in before or before[k] is not v}
        if len(self.record.get("warnings", ())) != warnings_before:
            added["warnings"] = self.record["warnings"]  # a list the steps append to
        return added


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

    @staticmethod
    def fresh(value):
        """A copy of a plan value for one call (on the GPU when the backend is cupy)."""
        return _backend_copy(value)

    def target(self, method):
        if method:
            return getattr(self.subject, method), f"{self.symbol}.{method}"
        return getattr(self.ex.module, self.symbol), f"{self.symbol}()"

    def reseed(self):
        seed = int(self.probe.get("seed", 0)) % (2**32)
        numpy.random.seed(seed)
        if backend.np is not numpy:
            backend.np.random.seed(seed)

    def hooks(self, names=None):
        """The probe's before-forward hooks, or the named ones: "seed" or a method of the subject."""
        for hook in self.probe.get("before_forward", []) if names is None else names:
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
        # an attribute, or a dotted path of them: "decoder.attention.attention_weights"
        name = spec.get("as") or spec["attr"]
        self.record[name] = plain(self.ex.step(f"{self.symbol}.{spec['attr']}", _attribute, self.subject,
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
        if spec.get("repeat"):
            return self._repeated(spec, fn, label, args, kwargs)
        with _Spy(spec.get("spy", ())) as spy, _Printed(spec.get("prints"), self.record):
            out = self.ex.step(label, fn, *args, warnings_out=self.record["warnings"], **kwargs)
        self.record[name] = plain(out)
        self.record[name + ".args_after"] = [plain(a) for a in args]
        self.record[name + ".rebound"] = [
            None if b is None else [j >= len(a) or a[j] is not x for j, x in enumerate(b)]
            for a, b in zip(args, before)
        ]
        if spy.calls:
            self.record[name + ".spied"] = spy.calls
        self.record.setdefault(name + ".params", parameter_names(fn))
        if spec.get("forward"):
            self.calls[name] = (spec.get("args", []), snapshot)
        self.made[name] = (spec.get("method"), spec.get("args", []), spec.get("kwargs", {}))

    def _repeated(self, spec, fn, label, args, kwargs):
        """`repeat = K`: the same call K times on fresh copies of its arguments, `each` hooks before
        every one (`reset_state`, `seed`); the K results are one named value (a sampler's draws)."""
        outs = []
        with warnings.catch_warnings(), _Printed(spec.get("prints"), self.record):
            warnings.simplefilter("ignore")  # K calls: their warnings are not the verdict's
            for k in range(int(spec["repeat"])):
                self.hooks(spec.get("each", ()))
                if k:
                    args = [self.value(a) for a in spec.get("args", [])]
                    kwargs = {key: self.value(v) for key, v in spec.get("kwargs", {}).items()}
                outs.append(plain(self.ex.call(label, fn, *args, **kwargs)))
        self.record[spec["as"]] = outs

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

    def op_again(self, spec):
        """The probe's forward and backward once more on the same subject, with values of other sizes (a longer
        sequence). What it raises is recorded as `<as>.error` and the probe goes on: the other checks judge the
        calls before it, the `lengths` check this one.

        Records `<as>.out`, `<as>.dx`, `<as>.grads` (no backward without `douts`)."""
        name = spec["as"]
        try:
            self.hooks()
            out = self.ex.step(f"{self.symbol}.forward", self.subject.forward, *self.value(spec["args"]))
            self.record[name + ".out"] = plain(out)
            if spec.get("douts") is not None:
                dx = self.ex.step(f"{self.symbol}.backward", self.subject.backward, *self.value(spec["douts"]))
                self.record[name + ".dx"] = plain(dx)
                self.record[name + ".grads"] = plain(getattr(self.subject, "grads", None))
        except ProbeFailed as failed:
            self.record[name + ".error"] = failed.error

    def op_alternatives(self, spec):
        """What the forward `of` gives on fresh subjects built differently: the column blocks of the
        named constructor arguments in every other order (an LSTM's gates), or the `reset` state
        attributes set to None after the setup calls (a stateful layer that forgets). Run for the
        reference only: a check names the learner's mistake by the one its output matches."""
        if not self.probe.get("reference"):
            return
        of = spec.get("of", "out")
        if spec.get("reorder") or spec.get("reset"):  # fresh subjects of a class (a function's has variants only)
            replay = [self.made[name] for name in spec.get("replay", [])] + [self.made[of]]
            _, new_args, new_kwargs = self.made["new"]
        reorder = spec.get("reorder")
        if reorder:
            names = parameter_names(getattr(self.ex.module, self.symbol))
            positions = {names.index(n) for n in reorder["of"] if n in names}
            axis = int(reorder.get("axis", -1))
            self.record[of + ".reordered"] = [
                self._fresh_run([_blocks_in_order(a, order, axis) if i in positions else a
                                 for i, a in enumerate(new_args)], new_kwargs, replay)
                for order in block_orders(int(reorder["parts"]))]
        if spec.get("reset"):
            self.record[of + ".reset"] = [self._fresh_run(new_args, new_kwargs, replay, reset=attrs)
                                          for attrs in state_subsets(spec["reset"])]
        if spec.get("variants"):
            values = spec.get("names") or [of]  # a steps probe may compare several values (variants_of)
            runs = [self._variant_run(edits, values) for edits in spec["variants"]]
            for value in values:
                self.record[value + ".variants"] = [run.get(value) for run in runs]
            self.record[of + ".variants_backward"] = [run.get("backward") for run in runs]
            self.record[of + ".variants_shapes"] = [run.get("shapes") for run in runs]
            self.record[of + ".variants_error"] = [run.get("error") for run in runs]

    def _variant_run(self, edits, values):
        """The probe's steps up to the values named (the forward `out`) and the first backward after them, on the reference rebuilt
        with `edits` ([old, new], each old text found once) in its source: what a known mistake outputs.
        Returns {of: its output, "backward": [dx, grads]}, without what failed (a mistake in backward
        leaves the forward as the reference's: only its gradients name it); "shapes", the shapes of its
        params once constructed (a mistake that changes a weight's shape), and "error", the type and
        message of what a step raised (a mistake that makes the shapes disagree)."""
        import types

        with open(self.ex.source_path, encoding="utf-8") as fh:
            source = fh.read()
        for old, new in edits:
            if source.count(old) != 1:
                raise ValueError(f"a variant's edit must find its text once in the reference: {old!r} "
                                 f"is there {source.count(old)} times")
            source = source.replace(old, new)
        module = types.ModuleType(f"{self.ex.module.__name__}_variant")
        module.__file__ = self.ex.source_path
        found = {}
        try:
            exec(compile(source, self.ex.source_path, "exec"), module.__dict__)  # noqa: S102 - the reference
            run = _Run(Executor(module, self.ex.source_path), self.probe)
            for step in self.probe["steps"]:
                done = all(value in found for value in values)
                if step["op"] == "alternatives" or (done and step["op"] == "call" and step.get("forward")):
                    break
                getattr(run, "op_" + step["op"])(step)
                if step["op"] == "new" and isinstance(run.record.get("params"), list):
                    found["shapes"] = [list(numpy.shape(p)) for p in run.record["params"]]
                if step.get("as") in values:
                    found[step["as"]] = run.record.get(step["as"])
                elif done and step["op"] == "backward":
                    found["backward"] = [run.record.get(step["as"]), run.record.get(step.get("grads_as", "grads"))]
                    break
        except ProbeFailed as failed:
            found["error"] = {"type": failed.error.get("type"), "message": failed.error.get("message")}
        except (StopProbe, Exception):  # noqa: BLE001 - a variant that fails otherwise names nothing
            pass
        return found

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
        self.record["loss_list"] = numpy.array(losses)  # the name the book's Trainer keeps it by
        self.record["scores"] = plain(self.ex.step(f"{self.symbol}.predict", model.predict, x))

    def op_trainer(self, spec):
        """The book's training loop on the probe's model: common.trainer's Trainer (x, t) or RnnlmTrainer
        (a corpus of ids, truncated BPTT), with an optimizer of common.optimizer. The loop the demos and
        the learners' book scripts run, so the grader trains exactly as they do.

        Records `<as>.loss_list` (Trainer) or `<as>.ppl_list` (RnnlmTrainer): the curve the trainer keeps,
        one value per `eval_interval` updates (as far as it got, when a step raised); `<as>.updates`, the
        optimizer steps taken; `<as>.done` once fit returned; `<as>.log`, what the trainer printed (not
        shown as the file's output).
        """
        import importlib

        trainers = importlib.import_module("common.trainer")
        optimizers = importlib.import_module("common.optimizer")
        name = spec["as"]
        model, trainer_name, optimizer_name = self.subject, spec["trainer"], spec.get("optimizer", "SGD")
        optimizer = _Counted(getattr(optimizers, optimizer_name)(**({"lr": spec["lr"]} if "lr" in spec else {})))
        trainer = getattr(trainers, trainer_name)(model, optimizer)
        data = [backend.to_gpu(a) for a in data_pair(self.value(spec["data"]))]
        if len(data) == 1:  # a corpus of ids: predict each next word, as the book's training scripts do
            data = [data[0][:-1], data[0][1:]]
        fit = {k: spec[k] for k in ("max_epoch", "batch_size", "time_size", "max_grad", "eval_interval") if k in spec}
        self.reseed()  # the trainer shuffles (and dropout draws) with numpy's global generator
        self.ex.progress(f"{self.symbol}: {trainer_name}.fit")
        log = {}
        with warnings.catch_warnings(), _Printed(name + ".log", log, shown=False):
            warnings.simplefilter("ignore")  # as step() does: the training's warnings are not the verdict's
            try:
                self.ex.call(f"{trainer_name}({self.symbol}, {optimizer_name}).fit", trainer.fit, *data, **fit)
                self.record[name + ".done"] = True
            finally:
                for curve in ("loss_list", "ppl_list"):
                    values = getattr(trainer, curve, None)
                    if isinstance(values, list):
                        self.record[f"{name}.{curve}"] = numpy.array([float(backend.to_cpu(v)) for v in values])
                self.record[name + ".updates"] = optimizer.updates
        self.record.update(log)

    def op_generate(self, spec):
        """`model.generate(question, start_id, sample_size)` for every row, as the book's eval_seq2seq calls
        it: start_id is the answer's first id, the rest of the answer is what must come back.

        Records `<as>.accuracy` (the share of answers generated exactly), `<as>.correct` (per row) and
        `<as>.guesses`.
        """
        questions, answers = data_pair(self.value(spec["args"]))
        name, model = spec["as"], self.subject
        method = spec.get("method", "generate")
        fn, label = getattr(model, method), f"{self.symbol}.{method}(question, start_id, sample_size)"
        self.ex.progress(f"{self.symbol}.{method}")
        guesses, correct = [], []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for question, answer in zip(questions, answers):
                answer = [int(i) for i in backend.to_cpu(answer)]
                guess = plain(self.ex.call(label, fn, backend.to_gpu(question[None]), answer[0], len(answer) - 1))
                guesses.append(guess)
                try:
                    correct.append([int(i) for i in numpy.ravel(guess)] == answer[1:])
                except (TypeError, ValueError):
                    correct.append(False)
        self.record[name + ".guesses"] = guesses
        self.record[name + ".correct"] = numpy.array(correct, dtype=bool)
        self.record[name + ".accuracy"] = float(numpy.mean(correct)) if correct else 0.0

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
        """The timed calls on fresh subjects at realistic sizes ("base") and at four times the batch
        ("large", for how the time grows): the file's, and the reference's in turn with them.

        Where the plan names the reference's file (but in the reference's own run), the reference's
        calls run in this same process, turn about with the file's (A B, then B A, ...), so that
        whatever load the machine has, or gains between the two, falls on both alike; the speed
        check compares the fastest run of each, as a busy machine only ever adds time to a run (and
        a first run's warm-up: caches, lazy imports, the allocator). A size stops once each subject
        has its least runs (base: 3 beside the reference, 2 alone; large: 1) and one of them spent
        its half of the `budget` (seconds), or at its most runs (base 5, large 3). The large size
        only names the cause of a slow time: beside the reference, it is timed only when the file's
        fastest run is beyond SLOWER × the reference's (the speed check's verdict, on these numbers).
        """
        import statistics

        from autograder.plan import SLOWER, timed_calls

        self.ex.progress(f"{self.symbol}: timing")
        budget = float(spec.get("budget", 0.05)) / 2
        rng = numpy.random.default_rng(spec["draw"])
        # the reference's own run (its trace, cached) times it alone: a fallback for a file beside which it fails
        reference = None if self.probe.get("reference") is True else self.ex.reference_module(spec.get("reference"))
        base = self._turns(timed_calls(spec, "base", rng), reference, budget, least=(2, 3), most=5)
        for prefix, times in zip(("speed", "speed.reference"), base):
            # the standard library's median: numpy's imports numpy.ma on its first call (tens of ms)
            self.record[prefix] = float(statistics.median(times))
            self.record[prefix + ".fastest"] = float(min(times))
        if len(base) == 2 and min(base[0]) <= SLOWER * min(base[1]):
            return  # fast enough: how the time grows would name no cause
        large = timed_calls(spec, "large", rng)  # drawn after the base is timed: one size in memory at a time
        large = self._turns(large, reference if len(base) == 2 else None, budget, least=(1, 1), most=3)
        for prefix, times in zip(("speed", "speed.reference"), large):
            self.record[prefix + ".large"] = float(min(times))

    def _turns(self, entry, reference, budget, least, most):
        """[the file's times], or with the reference's module [the file's, the reference's]: one run of
        each per turn, the first of a turn alternating. `least`: the least turns alone, beside the
        reference. The file's errors fail its probe; where the reference fails, the file is timed alone."""
        import time

        def subject_of(module, own):
            subject = getattr(module, self.symbol)
            if entry.get("new_args") is None:
                return subject
            args = [_backend_copy(a) for a in entry["new_args"]]  # constructed once, outside the timing
            return self.ex.step(f"{self.symbol}(...)", subject, *args, mark=False) if own else subject(*args)

        def once(subject, own):
            start = time.perf_counter()
            for call in entry["calls"]:
                fn = getattr(subject, call["method"]) if call.get("method") else subject
                args = [_backend_copy(a) for a in call["args"]]
                if own:
                    self.ex.step(f"{self.symbol}.{call.get('method') or ''}", fn, *args, mark=False)
                else:
                    fn(*args)
            _synchronise()
            return time.perf_counter() - start

        mine = subject_of(self.ex.module, True)
        runs = [lambda: once(mine, True)]
        try:
            theirs = subject_of(reference, False) if reference is not None else None
        except Exception:  # noqa: BLE001 - the reference's own failure is no part of the verdict
            theirs = None
        if theirs is not None:
            runs.append(lambda: once(theirs, False))
        times, spent = [[] for _ in runs], [0.0] * len(runs)
        for turn in range(most):
            if turn >= least[len(runs) - 1] and max(spent) >= budget:
                break
            for i in (range(len(runs)) if turn % 2 == 0 else reversed(range(len(runs)))):
                try:
                    times[i].append(runs[i]())
                except Exception:  # the reference's, as above; the file's are its own
                    if i == 0:
                        raise
                    del runs[1:], times[1:], spent[1:]
                    break
                spent[i] += times[i][-1]
        return times


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


class _Printed:
    """What one step prints to stdout, kept under a named value (and, unless `shown` is false, still
    shown as the file's output)."""

    LIMIT = 20_000  # characters kept: a learner's loop that prints forever must not fill the record

    def __init__(self, name, record, shown=True):
        self.name, self.record, self.parts, self.size, self.echo = name, record, [], 0, shown

    def write(self, text):
        if self.size < self.LIMIT:
            self.parts.append(text[: self.LIMIT - self.size])
            self.size += len(self.parts[-1])
        return self.shown.write(text) if self.echo else len(text)

    def flush(self):
        self.shown.flush()

    def __enter__(self):
        if self.name:
            self.shown, sys.stdout = sys.stdout, self
        return self

    def __exit__(self, *exc):
        if self.name:
            sys.stdout = self.shown
            self.record[self.name] = "".join(self.parts)  # also when the step raised: what it printed first
        return False


class _Counted:
    """An optimizer that counts its updates (the steps a training probe took, for its messages)."""

    def __init__(self, optimizer):
        self.optimizer, self.updates = optimizer, 0

    def update(self, params, grads):
        self.updates += 1
        return self.optimizer.update(params, grads)

    def __getattr__(self, name):
        return getattr(self.optimizer, name)


def _attribute(subject, path: str):
    """subject.a.b… for the dotted `path` "a.b…" (an AttributeError names the part that is missing)."""
    for part in path.split("."):
        subject = getattr(subject, part)
    return subject


def data_pair(values):
    """[x, t] as written, or one value that is itself the pair (a generated data set such as reversal)."""
    if len(values) == 1 and isinstance(values[0], (list, tuple)):
        return list(values[0])
    return list(values)


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
