"""From a catalog entry to a grading plan: concrete, seeded inputs for every probe.

A plan is a list of plain dicts (numbers, strings, numpy arrays), one per probe
and size, identical on every run, so the learner's file and the reference see
exactly the same calls.
"""

from __future__ import annotations

import zlib

import numpy

from autograder.catalog import Exercise, Probe
from autograder.tensors import SpecError, build


def probe_seed(exercise_id: str, probe_index: int, size_index: int) -> int:
    return zlib.crc32(f"{exercise_id}/{probe_index}/{size_index}".encode())


def build_plan(exercise: Exercise) -> list[dict]:
    plan = []
    for pi, probe in enumerate(exercise.probes):
        for si, sizes in enumerate(probe.spec.get("sizes", [{}])):
            seed = probe_seed(exercise.id, pi, si)
            rng = numpy.random.default_rng(seed)
            item = {
                "id": f"{pi}.{si}",
                "probe": pi,
                "sizes": dict(sizes),
                "kind": probe.kind,
                "symbol": probe.symbol,
                "seed": seed,
            }
            item.update(_BUILDERS[probe.kind](probe, sizes, rng))
            plan.append(item)
    return plan


def _tensors(exprs, sizes, rng):
    return [build(e, sizes, rng) for e in exprs]


def _call(probe: Probe, sizes, rng):
    return {"args": _tensors(probe.spec["args"], sizes, rng)}


def _layer(probe: Probe, sizes, rng):
    spec = probe.spec
    forward = _tensors(spec["forward"], sizes, rng)
    item = {
        "init": _tensors(spec.get("init", []), sizes, rng),
        "set_params": _tensors(spec.get("set_params", []), sizes, rng) or None,
        "forward": forward,
        "calls": list(spec.get("calls", [])),
        "numgrad_max": int(spec.get("numgrad_max", 40)),
        "eps": float(spec.get("eps", 1e-5)),
    }
    if "dout" in spec:
        item["dout"] = build(spec["dout"], sizes, rng)
    else:
        item["dout"] = None  # a loss layer: backward() with its default dout=1
    if "wrt" in spec:
        item["wrt"] = list(spec["wrt"])
    else:
        item["wrt"] = [i for i, a in enumerate(forward) if isinstance(a, numpy.ndarray) and a.dtype.kind == "f"]
    return item


def _optimizer(probe: Probe, sizes, rng):
    spec = probe.spec
    params = _tensors(spec["params"], sizes, rng)
    grads = [_tensors(spec["grads"], sizes, rng) for _ in range(int(spec.get("steps", 3)))]
    return {"init": list(spec.get("init", [])), "params": params, "grads": grads}


def _fit(probe: Probe, sizes, rng):
    spec = probe.spec
    return {
        "init": _tensors(spec.get("init", []), sizes, rng),
        "data": _tensors(spec["data"], sizes, rng),
        "epochs": int(spec["epochs"]),
        "batch_size": int(spec["batch_size"]),
        "lr": float(spec["lr"]),
    }


_BUILDERS = {"call": _call, "layer": _layer, "optimizer": _optimizer, "fit": _fit}

__all__ = ["build_plan", "probe_seed", "SpecError"]
