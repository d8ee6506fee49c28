"""A probe is a list of steps; the common shapes of probe are presets that expand into steps.

In the catalog a probe either names a preset (``kind = "layer"``) with that
preset's few fields, or writes its own ``steps`` and ``checks``:

    steps = [
      { new = ["randn(D,4*H)", "randn(H,4*H)", "randn(4*H)", true] },   # construct the symbol
      { call = "forward", args = ["randn(N,T,D)"], as = "warm" },        # any method → a named value
      { forward = ["randn(N,T,D)"], as = "out" },                        # a forward the gradient check replays
      { backward = ["randn(N,T,H)"], as = "dx", numgrad = true },        # several douts allowed
      { get = "dh" },                                                    # read an attribute
      { set = { train_flg = false } },  { seed = true },  { params = [...] },
      { fn = ["toy_text"], as = "out" },                                 # call a function symbol
      { let = "grads", value = [...] },  { call = "update", args = [{ var = "grads" }] },
      { trainer = "RnnlmTrainer", optimizer = "SGD", lr = 20.0, data = ["markov(L,V)"],  # the book's loop
        max_epoch = 4, batch_size = 5, time_size = 5, max_grad = 0.25, eval_interval = 10, as = "train" },
      { generate = ["reversal(M,T,V)"], as = "test" },                     # seq2seq's eval_seq2seq
      { again = { T = 8 }, as = "longer" },      # that forward and backward again on the same subject, at T = 8
    ]
    before_forward = ["seed", "reset_state"]   # hooks before every forward and every replay

Each step here is turned into ``{"op": ..., ...}``; values stay unbuilt
expressions until autograder.plan draws them. A probe expands once, when
autograder.catalog builds it; the keys each step form and each preset take are
written in autograder.schema, which the catalog is checked against first.
"""

from __future__ import annotations


class PresetError(ValueError):
    pass


def normalise(step: dict) -> dict:
    """A catalog step in the op form the executor runs."""
    step = dict(step)
    name = step.pop("as", None)
    if "new" in step:
        return {"op": "new", "args": step.pop("new"), "kwargs": step.pop("kwargs", {}), **step}
    if "forward" in step:
        return {"op": "call", "method": "forward", "args": step.pop("forward"), "as": name or "out",
                "forward": True, **step}
    if "call" in step:
        method = step.pop("call")
        return {"op": "call", "method": method, "args": step.pop("args", []), "kwargs": step.pop("kwargs", {}),
                "as": name or method, **step}
    if "fn" in step:
        return {"op": "call", "method": None, "args": step.pop("fn"), "kwargs": step.pop("kwargs", {}),
                "as": name or "out", **step}
    if "backward" in step:
        douts = step.pop("backward")
        return {"op": "backward", "args": douts if isinstance(douts, list) else [douts], "as": name or "dx", **step}
    if "trainer" in step:
        return {"op": "trainer", "as": name or "train", **step}
    if "generate" in step:
        return {"op": "generate", "args": step.pop("generate"), "as": name or "test", **step}
    if "again" in step:
        return {"op": "again", "sizes": step.pop("again"), "as": name or "again"}
    if "get" in step:
        attr = step.pop("get")
        return {"op": "get", "attr": attr, "as": name or attr}
    if "set" in step:
        return {"op": "set", "attrs": step.pop("set")}
    if "params" in step:
        return {"op": "params", "values": step.pop("params")}
    if "seed" in step:
        return {"op": "seed"}
    if "let" in step:
        return {"op": "let", "name": step.pop("let"), **step}
    if "var" in step:
        return {"op": "var", "name": step.pop("var"), "as": name or step.get("var")}
    raise PresetError(f"a step must say what it does (new, forward, call, fn, backward, get, set, ...): {step}")


def _repeating(steps) -> list[dict]:
    """The steps, each `again` given the values of the forward and the backward before it, to draw at its sizes."""
    out, forward, backward = [], None, None
    for step in steps:
        if step["op"] == "again":
            if forward is None:
                raise PresetError("an again step repeats the probe's forward and backward: put it after a forward")
            step = {**step, "args": forward["args"], "douts": backward["args"] if backward else None}
        elif step["op"] == "call" and step.get("forward"):
            forward, backward = step, None
        elif step["op"] == "backward":
            backward = step
        out.append(step)
    return out


def _douts(dout) -> list:
    if dout is None:
        return []  # a loss layer: backward() with its default dout=1
    return list(dout) if isinstance(dout, list) else [dout]


def layer(spec: dict) -> list[dict]:
    """construct → (params) → (setup) → forward → backward, then again, with ones, and afresh."""
    steps = [{"op": "new", "args": spec.get("init", []), "kwargs": spec.get("init_kwargs", {}), "layer": True,
              "as": "layer"}]
    if spec.get("set_params"):
        steps.append({"op": "params", "values": spec["set_params"]})
    setup = [normalise(s) for s in spec.get("setup", [])]
    steps += setup
    steps.append({"op": "call", "method": "forward", "args": spec["forward"], "as": "out", "forward": True})
    for method in spec.get("calls", []):
        steps.append({"op": "call", "method": method, "args": [{"arg_of": ["out", 0]}], "as": f"call:{method}"})
    douts = _douts(spec.get("dout"))
    steps.append({"op": "backward", "args": douts, "as": "dx", "grads_as": "grads", "numgrad": True})
    steps += [{"op": "get", "attr": attr, "as": attr} for attr in spec.get("read", []) + spec.get("gradients_read", [])]
    same = [{"arg_of": ["dx", i]} for i in range(len(douts))]
    steps.append({"op": "backward", "args": same, "as": "dx_again", "grads_as": "grads_again"})
    if any(isinstance(d, str) for d in douts):
        ones = [{"ones_like": ["dx", i]} for i in range(len(douts))]
        steps.append({"op": "backward", "args": ones, "as": "dx_ones", "grads_as": "grads_ones"})
    # forward and backward once more from the same state: what training does every step (after the
    # probe's before-forward hooks, as every forward: a layer that samples draws the same again)
    steps.append({"op": "call", "method": "forward", "args": [{"arg_of": ["out", i]} for i in
                                                              range(len(spec["forward"]))],
                  "as": "out_fresh", "forward": True})
    steps.append({"op": "backward", "args": same, "as": "dx_fresh", "grads_as": "grads_fresh"})
    # forward and backward again at other sizes (a longer sequence): a layer must not keep what it built for one T
    steps += [{"op": "again", "sizes": dict(sizes), "as": f"length{k}", "args": spec["forward"], "douts": douts}
              for k, sizes in enumerate(spec.get("lengths", []), start=1)]
    alternatives = _alternatives(spec, [s for s in setup if s["op"] == "call"])
    if alternatives:
        steps.append(alternatives)
    if precision_applies(spec):
        steps.append({"op": "precision", "dtypes": list(PRECISION_DTYPES),
                      "new_args": [{"arg_of": ["layer", i]} for i in range(len(spec.get("init", [])))],
                      "args": [{"arg_of": ["out", i]} for i in range(len(spec["forward"]))], "douts": same})
    return steps


def _alternatives(spec: dict, setup: list[dict]) -> dict | None:
    """The reference's forward built other ways, for the checks to name what a wrong output matches:
    a block of `blocks` with an `order` (its parts' short names, the book's order) → every other order
    of those column blocks; `state` (attributes a stateful layer carries over) → each of them reset;
    `variants` (the reference with a known mistake edited into its source) → each one's forward."""
    step = {"op": "alternatives", "of": "out", "replay": [s["as"] for s in setup]}
    ordered = [b for b in spec.get("blocks", []) if b.get("order")]
    if ordered:
        block = ordered[0]
        if len(block["order"]) != len(block["parts"]):
            raise PresetError(f"blocks: order {block['order']} must name each of the {len(block['parts'])} parts")
        if spec.get("set_params"):
            raise PresetError("blocks: order needs the weights among the constructor's arguments (init)")
        step["reorder"] = {"of": list(block["of"]), "parts": len(block["parts"]), "axis": int(block.get("axis", -1))}
    if spec.get("variants"):
        step["variants"] = [[list(edit) for edit in v["edits"]] for v in spec["variants"]]
    if spec.get("state"):
        if not setup:
            raise PresetError("state: the attributes a stateful layer carries over need a setup call to carry")
        step["reset"] = list(spec["state"])
    return step if len(step) > 3 else None


PRECISION_DTYPES = ("float32", "float16")


def precision_applies(spec: dict) -> bool:
    """Precision runs need the weights among the constructor's arguments (cast with them), not set afterwards."""
    return spec.get("precision", True) and not spec.get("set_params") and not spec.get("setup")


def call(spec: dict) -> list[dict]:
    steps = [{"op": "call", "method": None, "args": spec["args"], "kwargs": spec.get("kwargs", {}), "as": "out",
              "spy": spec.get("spy", [])}]
    alternatives = _alternatives(spec, [])  # `variants`: the function with a known mistake, for the check to name
    if alternatives:
        steps.append(alternatives)
    if spec.get("precision", False):
        steps.append({"op": "precision", "dtypes": list(PRECISION_DTYPES),
                      "args": [{"arg_of": ["out", i]} for i in range(len(spec["args"]))]})
    return steps


def optimizer(spec: dict) -> list[dict]:
    """update(params, grads_k) k times on the same params list, recording the list after each."""
    steps = [{"op": "new", "args": spec.get("init", []), "layer": False},
             {"op": "let", "name": "params", "value": spec["params"]},
             {"op": "let", "name": "originals", "copy_of": "params"}]
    for k in range(1, int(spec.get("steps", 3)) + 1):
        steps.append({"op": "call", "method": "update", "args": [{"var": "params"}, spec["grads"]],
                      "as": f"step{k}", "label": f"update (step {k})"})
        steps.append({"op": "var", "name": "params", "as": f"step{k}.list"})
        steps.append({"op": "var", "name": "originals", "as": f"step{k}.original"})
    return steps


def fit(spec: dict) -> list[dict]:
    return [{"op": "new", "args": spec.get("init", []), "layer": False},
            {"op": "train", "data": spec["data"], "epochs": int(spec["epochs"]),
             "batch_size": int(spec["batch_size"]), "lr": float(spec["lr"])}]


PRESETS = {
    "call": (call, ["forward"]),
    "layer": (layer, ["interface", "forward", "backward", "gradcheck", "conventions"]),
    "optimizer": (optimizer, ["update", "in place"]),
    "fit": (fit, ["training"]),
}


def timing(kind: str, spec: dict) -> dict | None:
    """`speed = { N = 20, T = 35, ... }` on a probe: time its calls at those sizes (reported, not scored)."""
    speed = spec.get("speed")
    if not speed:
        return None
    sizes = {k: v for k, v in speed.items() if k not in ("budget", "batch")}
    step = {"op": "time", "sizes": sizes, "budget": speed.get("budget", 0.1), "batch": speed.get("batch", "N")}
    if kind == "layer":
        return {**step, "new_args": spec.get("init", []), "calls": [
            {"method": "forward", "args": spec["forward"]}, {"method": "backward", "args": _douts(spec.get("dout"))}]}
    if kind == "call":
        return {**step, "calls": [{"method": None, "args": spec["args"]}]}
    new = next((s for s in spec["steps"] if "new" in s), None)
    return {**step, "new_args": new["new"] if new else None,
            "calls": [{"method": s["call"], "args": s.get("args", [])} for s in spec["steps"] if "call" in s]}


def expand(kind: str, spec: dict) -> tuple[list[dict], list]:
    steps, checks = _expand(kind, spec)
    timed = timing(kind, spec)
    if timed is not None:
        steps = steps + [timed]
        checks = checks + [{"check": "speed", "scored": False}]
    return steps, checks


def _expand(kind: str, spec: dict) -> tuple[list[dict], list]:
    """(steps, check specs) of a probe."""
    if kind == "steps":
        if "checks" not in spec:
            raise PresetError("a probe with its own steps must list its checks")
        steps = _repeating(normalise(s) for s in spec["steps"])
        if spec.get("variants"):
            # the reference with each known mistake edited in, run up to the value `variants_of`
            values = spec.get("variants_of", "out")
            values = [values] if isinstance(values, str) else list(values)
            for value in values:
                if not any(step.get("as") == value for step in steps):
                    raise PresetError(f"variants_of: no step records a value named {value!r}")
            steps.append({"op": "alternatives", "of": values[0], "names": values, "replay": [],
                          "variants": [[list(edit) for edit in v["edits"]] for v in spec["variants"]]})
        return steps, list(spec["checks"])
    if kind not in PRESETS:
        raise PresetError(f"unknown probe kind {kind!r}; the presets are {', '.join(PRESETS)}, or write steps")
    builder, checks = PRESETS[kind]
    checks = list(spec.get("checks", checks))
    if "checks" not in spec and kind == "layer" and spec.get("lengths"):
        checks.append("lengths")
    if "checks" not in spec and ((kind == "layer" and precision_applies(spec)) or (kind == "call" and spec.get(
            "precision", False))):
        checks.append({"check": "precision", "scored": bool(spec.get("precision_scored", False))})
    return builder(spec), checks + list(spec.get("also", []))
