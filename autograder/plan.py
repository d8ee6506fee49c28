"""From a catalog entry to a grading plan: concrete, seeded values for every probe's steps.

A plan is a list of plain dicts (numbers, strings, numpy arrays), one per probe
and size, identical on every run, so the learner's file and the reference see
exactly the same calls.
"""

from __future__ import annotations

import copy
import zlib

import numpy

from typing import TYPE_CHECKING

from autograder.tensors import SpecError, build

if TYPE_CHECKING:  # the child imports this module to draw the timed calls: not the catalog
    from autograder.catalog import Exercise

VALUE_FIELDS = ("args", "values", "data", "new_args", "douts")
DEFERRED = "deferred"  # a probe's "timing" in a plan without its timed calls: its speed checks wait
SLOWER = 5.0  # beyond this many times the reference's time the speed check warns (checks.measured.Speed)


def probe_seed(exercise_id: str, probe_index: int, size_index: int) -> int:
    return zlib.crc32(f"{exercise_id}/{probe_index}/{size_index}".encode())


def build_plan(exercise: Exercise, timing: bool = True) -> list[dict]:
    """The plan; with `timing=False`, without the timed calls (their inputs are the largest to draw),
    and a probe that had some says ``"timing": "deferred"`` (its speed checks wait for them)."""
    plan = []
    for pi, probe in enumerate(exercise.probes):
        all_sizes = probe.spec.get("sizes", [{}])
        for si, sizes in enumerate(all_sizes):
            seed = probe_seed(exercise.id, pi, si)
            rng = numpy.random.default_rng(seed)
            # the timed calls draw from a generator of their own: the other values stay the same without them
            timing_rng = [seed, 1] if timing else None
            item = {
                "id": f"{pi}.{si}",
                "probe": pi,
                "sizes": dict(sizes),
                "kind": probe.kind,
                "symbol": probe.symbol,
                "seed": seed,
                # the timed calls have sizes of their own: timed once per probe, with its first size
                "steps": build_steps(probe.steps, sizes, rng, timing_rng if si == 0 else None),
                "before_forward": list(probe.spec.get("before_forward", [])),
                "numgrad": probe.spec.get("numgrad", True),
                "numgrad_options": numgrad_options(probe.spec, picture=si == len(all_sizes) - 1),
            }
            for step in timed_steps(item):  # timed beside the reference, in the same process (Executor.op_time)
                step["reference"] = str(exercise.solution_path)
            if not timing and si == 0 and any(step["op"] == "time" for step in probe.steps):
                item["timing"] = DEFERRED
            plan.append(item)
    return plan


def untimed(plan: list[dict]) -> list[dict]:
    """The full plan as build_plan(exercise, timing=False) gives it (its other values are the same)."""
    return [{**p, "steps": [s for s in p["steps"] if s["op"] != "time"], "timing": DEFERRED} if timed_steps(p)
            else p for p in plan]


def timed_steps(item: dict) -> list[dict]:
    return [s for s in item["steps"] if s["op"] == "time"]


def numgrad_options(spec: dict, picture: bool = True) -> dict:
    """How the numerical gradient of a probe's size is taken (autograder.numgrad_probe). `picture` (the
    last size): small tensors get every element's central difference, the error map the gradient
    check draws; at the other sizes only where the check will stop there (a wrong tensor). A probe
    with `numgrad_picture = false` (a whole model, hundreds of its forwards for a picture) is
    pictured only where it is wrong, at every size."""
    picture = picture and bool(spec.get("numgrad_picture", True))
    options = {"sample": int(spec.get("numgrad_max", 40)), "directions": int(spec.get("directions", 2)),
               "tol": float(spec.get("gradcheck_tol", 1e-6)), "picture": picture}
    if "eps" in spec:
        options["eps"] = float(spec["eps"])
    if "wrt" in spec:
        options["wrt"] = list(spec["wrt"])
    return options


def build_steps(steps: list[dict], sizes: dict, rng, timing_rng=None) -> list[dict]:
    """Draw every value of the steps, in order (so a probe's values do not depend on later steps);
    the timed calls are drawn where they are timed (timed_calls), from a generator seeded by
    `timing_rng`, and left out without it."""
    built: list[dict] = []
    named: dict[str, dict] = {}
    for step in steps:
        if step["op"] == "time":
            if timing_rng is not None:
                built.append(_timing(step, timing_rng))
            continue
        out = dict(step)
        at = {**sizes, **step["sizes"]} if step.get("sizes") else sizes  # a step drawn at sizes of its own (again)
        for key in VALUE_FIELDS:
            if step.get(key) is not None:
                out[key] = [_value(v, at, rng, named) for v in step[key]]
        if "kwargs" in step:
            out["kwargs"] = {k: _value(v, at, rng, named) for k, v in step["kwargs"].items()}
        if "attrs" in step:
            out["attrs"] = {k: _value(v, at, rng, named) for k, v in step["attrs"].items()}
        if "value" in step:
            out["value"] = _value(step["value"], at, rng, named)
        built.append(out)
        if "as" in out:
            named[out["as"]] = out
    return built


def _timing(step: dict, seed) -> dict:
    """The timed calls at the speed sizes and at four times their batch N (a loop over rows shows there),
    as what to draw: the child draws them when it times them (timed_calls). Book-sized arrays drawn
    here were pickled to the child, hundreds of MB for a language model's softmax over 10,000 words."""
    out = dict(step)
    batch = step.get("batch", "N")
    out["draw"] = list(seed)
    out["base"] = dict(step["sizes"])
    out["large"] = {**step["sizes"], batch: 4 * int(step["sizes"][batch])}
    return out


def timed_calls(step: dict, key: str, rng) -> dict:
    """{"calls": [{"method", "args"}], "new_args"} of a timed step at its `key` sizes ("base", then "large":
    drawn in that order from one generator, numpy.random.default_rng(step["draw"]))."""
    sizes = step[key]
    entry = {"calls": [{"method": c.get("method"), "args": [build(a, sizes, rng) for a in c["args"]]}
                       for c in step["calls"]]}
    if step.get("new_args") is not None:
        entry["new_args"] = [build(a, sizes, rng) for a in step["new_args"]]
    return entry


def _value(spec, sizes, rng, named):
    if isinstance(spec, dict) and set(spec) == {"arg_of"}:
        name, index = spec["arg_of"]
        return copy.deepcopy(named[name]["args"][index])
    if isinstance(spec, dict) and set(spec) == {"ones_like"}:
        name, index = spec["ones_like"]
        value = named[name]["args"][index]
        return numpy.ones_like(value) if isinstance(value, numpy.ndarray) else 1.0
    if isinstance(spec, dict) and set(spec) == {"var"}:
        return spec
    return build(spec, sizes, rng)


def plan_value(item: dict, path: str):
    """A value the plan sent, by "step:index" (``new:0`` the first constructor argument)."""
    name, _, index = path.partition(":")
    for step in item["steps"]:
        if step.get("as") == name or (name == "new" and step["op"] == "new"):
            return step["args"][int(index)] if index else step["args"]
    raise KeyError(path)


__all__ = ["build_plan", "untimed", "timed_steps", "probe_seed", "plan_value", "SpecError"]
