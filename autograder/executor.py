"""Runs a grading plan's probes against a module and records what came back.

The same code runs the learner's file (in the sandbox's child process) and the
reference solution (in a child of its own), so both see exactly the same calls.
Only plain values leave this module: numpy arrays, numbers, strings, lists and
dicts; the parent compares them and never sees a learner object.
"""

import traceback
import warnings

import numpy

from workbench import backend

MAX_WARNINGS = 5


class ProbeFailed(Exception):
    """A step of a probe raised: carries the recorded error."""

    def __init__(self, error: dict):
        super().__init__(error.get("message", ""))
        self.error = error


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
    return {"__type__": type(value).__name__}


def _backend_copy(value):
    if isinstance(value, numpy.ndarray):
        return backend.to_gpu(value.copy())
    return value


class Executor:
    def __init__(self, module, source_path: str, progress=lambda step: None):
        self.module = module
        self.source_path = source_path
        self.progress = progress
        self.current = "loading the file"  # the learner's step that ran last, for errors between steps

    # -- one step, with its errors and warnings recorded ---------------------
    def step(self, name: str, fn, *args, warnings_out=None, mark=True):
        # mark=False inside the hot loops (training, numerical gradients): their phase is marked
        # once outside, and a progress line per call cost thousands of writes per grade
        if mark:
            self.progress(name)
        self.current = name
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                result = fn(*args)
            except BaseException as exc:  # noqa: BLE001 - SystemExit too: it is the learner's
                raise ProbeFailed(self.describe(exc, name)) from None
        if warnings_out is not None:
            for w in caught[: MAX_WARNINGS - len(warnings_out)]:
                warnings_out.append(f"{w.category.__name__}: {w.message}")
        return result

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

    # -- probes --------------------------------------------------------------
    def run(self, probe: dict) -> dict:
        record: dict = {"warnings": []}
        try:
            getattr(self, "_" + probe["kind"])(probe, record)
        except ProbeFailed as failed:
            record["error"] = failed.error
        except Exception as exc:  # noqa: BLE001
            # The executor's own work between the learner's calls (len(layer.grads), float(loss),
            # param -= lr * grad ...) can fail on what the learner's objects hold. Uncaught, that
            # killed the child with a traceback and the learner read "the process ended (exit
            # code 1) ... does the file call os._exit()?". Record it against the step that ran
            # last instead, so every check says what went wrong where.
            record["error"] = self.describe(exc, self.current)
        return record

    def _symbol(self, probe):
        return getattr(self.module, probe["symbol"])

    def _call(self, probe, record):
        fn = self._symbol(probe)
        args = [_backend_copy(a) for a in probe["args"]]
        out = self.step(f"{probe['symbol']}()", fn, *args, warnings_out=record["warnings"])
        record["out"] = plain(out)
        # the argument names, so a message can say "changed its argument x" rather than "#1"
        record["forward_params"] = _parameter_names(fn)
        record["args_after"] = [plain(a) for a in args]

    def _layer(self, probe, record):
        name = probe["symbol"]
        cls = self._symbol(probe)
        init = [_backend_copy(a) for a in probe.get("init", [])]
        layer = self.step(f"{name}(...)", cls, *init)
        record["params"] = _listed(getattr(layer, "params", None))
        record["grads_at_init"] = _listed(getattr(layer, "grads", None))
        if not isinstance(getattr(layer, "params", None), list) or not isinstance(
            getattr(layer, "grads", None), list
        ):
            return  # the interface check says what is missing
        values = probe.get("set_params") or []
        if values and (len(layer.params) != len(values) or any(
            getattr(p, "shape", None) != v.shape for p, v in zip(layer.params, values)
        )):
            # params in another order or of other shapes: writing the probe's weights into
            # them would raise here, outside any learner step. The interface check reports it.
            return
        for param, value in zip(layer.params, values):
            param[...] = backend.to_gpu(value)

        record["forward_params"] = _parameter_names(layer.forward)
        inputs = [_backend_copy(a) for a in probe["forward"]]
        out = self.step(f"{name}.forward", layer.forward, *inputs, warnings_out=record["warnings"])
        record["out"] = plain(out)
        record["inputs_after"] = [plain(a) for a in inputs]
        for method in probe.get("calls", []):
            result = self.step(f"{name}.{method}", getattr(layer, method), inputs[0])
            record[f"call:{method}"] = plain(result)

        grads_before = list(layer.grads)
        dout = probe.get("dout")
        backward_args = () if dout is None else (_backend_copy(dout),)
        dx = self.step(f"{name}.backward", layer.backward, *backward_args, warnings_out=record["warnings"])
        record["dx"] = plain(dx)
        record["grads"] = plain(layer.grads)
        record["grads_rebound"] = [
            i >= len(layer.grads) or layer.grads[i] is not g for i, g in enumerate(grads_before)
        ]
        record["dout_after"] = plain(backward_args[0]) if backward_args else None

        again = () if dout is None else (_backend_copy(dout),)
        record["dx_again"] = plain(self.step(f"{name}.backward", layer.backward, *again))
        record["grads_again"] = plain(layer.grads)
        if isinstance(dout, numpy.ndarray):
            ones = backend.to_gpu(numpy.ones_like(dout))
            record["dx_ones"] = plain(self.step(f"{name}.backward", layer.backward, ones))
            record["grads_ones"] = plain(layer.grads)

        record["numeric"] = self._perturb(layer, name, probe)

    def _perturb(self, layer, name, probe):
        """Forward outputs at x ± eps for the sampled elements of each checked tensor.

        The parent turns them into central differences; nothing is summed here.
        """
        eps = probe.get("eps", 1e-5)
        targets = [f"input{i}" for i in probe.get("wrt", [])] + [f"param{j}" for j in range(len(layer.params))]
        rng = numpy.random.default_rng(probe.get("seed", 0))
        fresh = [_backend_copy(a) for a in probe["forward"]]
        out = {}
        self.progress(f"{name}.forward (numerical gradient)")
        for key in targets:
            if key.startswith("input"):
                i = int(key[5:])
                tensor = fresh[i] = _backend_copy(probe["forward"][i])
            else:
                tensor = layer.params[int(key[5:])]
            size = int(numpy.prod(tensor.shape))
            limit = probe.get("numgrad_max", 40)
            picked = numpy.arange(size) if size <= limit else numpy.sort(rng.choice(size, limit, replace=False))
            plus, minus = [], []
            for flat in picked:
                index = numpy.unravel_index(int(flat), tensor.shape)
                kept = float(tensor[index])
                tensor[index] = kept + eps
                plus.append(plain(self.step(f"{name}.forward", layer.forward, *fresh, mark=False)))
                tensor[index] = kept - eps
                minus.append(plain(self.step(f"{name}.forward", layer.forward, *fresh, mark=False)))
                tensor[index] = kept
            out[key] = {"indices": picked, "plus": _stack(plus), "minus": _stack(minus)}
        return out

    def _optimizer(self, probe, record):
        name = probe["symbol"]
        opt = self.step(f"{name}(...)", self._symbol(probe), *probe.get("init", []))
        params = [_backend_copy(p) for p in probe["params"]]
        originals = list(params)
        record["steps"] = []
        for k, grads in enumerate(probe["grads"], start=1):
            grads = [_backend_copy(g) for g in grads]
            self.step(f"{name}.update (step {k})", opt.update, params, grads, warnings_out=record["warnings"])
            record["steps"].append(
                {"list": plain(params), "original": plain(originals), "grads_after": plain(grads)}
            )

    def _fit(self, probe, record):
        name = probe["symbol"]
        seed = probe.get("seed", 0)
        backend.np.random.seed(seed)  # the model draws its initial weights from np.random
        model = self.step(f"{name}(...)", self._symbol(probe), *probe.get("init", []))
        x, t = (backend.to_gpu(a) for a in probe["data"])
        n, batch, lr = len(x), probe["batch_size"], probe["lr"]
        rng = numpy.random.default_rng(seed)
        losses = []
        for epoch in range(1, probe["epochs"] + 1):
            self.progress(f"{name}: training epoch {epoch}")
            order = rng.permutation(n)
            total = 0.0
            for i in range(n // batch):
                idx = order[i * batch : (i + 1) * batch]
                loss = self.step(f"{name}.forward", model.forward, x[idx], t[idx], mark=False)
                self.step(f"{name}.backward", model.backward, mark=False)
                self.step(f"{name}: params[i] -= lr * grads[i]", _descend, model.params, model.grads, lr,
                          mark=False)
                total += self.step(f"{name}.forward (the loss as a number)", float, loss, mark=False)
            losses.append(total / (n // batch))
            if not numpy.isfinite(losses[-1]):
                break
        record["losses"] = numpy.array(losses)
        record["scores"] = plain(self.step(f"{name}.predict", model.predict, x))


def _descend(params, grads, lr):
    for param, grad in zip(params, grads):
        param -= lr * grad


def _listed(value):
    """params or grads as plain values; anything but a list keeps only its type name.

    plain() turns a tuple into a list, which hid `self.params = (W, b)` from the
    interface check (the book's optimizers assign to params[i], so a tuple breaks them).
    """
    if value is None or isinstance(value, list):
        return plain(value)
    return {"__type__": type(value).__name__}


def _stack(values):
    try:
        return numpy.array(values, dtype=float)
    except (TypeError, ValueError):
        return {"__type__": "outputs of varying shape"}


def _parameter_names(fn):
    import inspect

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
    import inspect

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


