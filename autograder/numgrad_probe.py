"""The numerical gradient of a probe: the learner's forward replayed around perturbed tensors.

After a probe's steps ran, every backward step marked `numgrad` is checked against
central differences of the learner's own forward (the numerics are autograder.numgrad):
each replay starts from the snapshot taken before that forward and runs the probe's
before-forward hooks, so stateful and random layers see what they saw. Inputs and
each distinct param are perturbed; params that are one array (weight tying) are
perturbed once and their grads summed, as the book's remove_duplicate sums them.
"""

import numpy

from autograder import backend, numgrad

# Tensors this small get every element's central difference too (two forwards per element): the
# learner's heatmap of |analytic − numeric|, drawn from the size where the gradient check stops (the
# first that fails, or the last: numgrad_options' picture). Otherwise elements are sampled only to
# localise a failure.
FULL_BELOW = 64


def numerical_gradients(run) -> None:
    """Record `numeric` for the run's backward steps (an executor _Run after its steps)."""
    if not run.backwards or not run.probe.get("numgrad", True):
        return
    options = run.probe.get("numgrad_options", {})
    run.ex.progress(f"{run.symbol}.forward (numerical gradient)")
    numeric = {}
    for spec, dx, grads in run.backwards:
        try:
            numeric.update(_check_one(run, spec, dx, grads, options))
        except numgrad.ShapeMismatch as mismatch:
            numeric = {"__mismatch__": {"got": str(mismatch.got), "expected": str(mismatch.expected)}}
            break
    run.record["numeric"] = numeric


def _check_one(run, spec, dx, grads, options):
    forward_name = spec.get("of", "out")
    sent, snapshot = run.calls[forward_name]
    douts = [d for d in spec.get("args", [])] or [1.0]
    out = run.record.get(forward_name)
    fwd = getattr(run.subject, "forward")
    held = [run.fresh(a) for a in sent]
    wrt = options.get("wrt")
    if wrt is None:
        wrt = [i for i, a in enumerate(sent) if isinstance(a, numpy.ndarray) and a.dtype.kind == "f"]
    dx_list = dx if isinstance(dx, list) else [dx]

    def loss():
        run.restore(snapshot)
        run.hooks()
        args = [a.copy() if hasattr(a, "shape") and hasattr(a, "copy") else run.value(a) for a in held]
        result = run.ex.step(f"{run.symbol}.forward", fwd, *args, mark=False)
        return numgrad.weighted_sum(result, douts)

    targets = []
    for i in wrt:
        if not isinstance(dx, list) and len(wrt) == 1:
            analytic = dx  # one gradient returned: that of the one input differentiated (Decoder's dh)
        else:
            analytic = dx_list[i] if i < len(dx_list) else None
        targets.append((f"input{i}", None, i, analytic))
    params = run.subject.params
    for group in run.record.get("param_groups", []):
        j = group[0][0]
        targets.append((f"param{j}", params[j], None, _group_sum(grads, group)))
    out_dtypes = [getattr(o, "dtype", None) for o in (out if isinstance(out, list) else [out])]
    # a float32 weight anywhere (the book's .astype('f') decoder behind a float64 encoder) rounds the
    # forward to float32 there: the step must be one float32 resolves, whichever tensor is perturbed
    out_dtypes += [getattr(p, "dtype", None) for p in params]
    results = {}
    seed = int(run.probe.get("seed", 0))
    rng = numpy.random.default_rng(seed)
    tol = float(options.get("tol", 1e-6))
    measured = []
    for k, (key, tensor, input_index, analytic) in enumerate(targets):
        if input_index is not None:
            tensor = held[input_index] = backend.to_gpu(numpy.array(sent[input_index], copy=True))
        eps = float(options.get("eps") or numgrad.eps_for(tensor.dtype, *out_dtypes))
        directions = numgrad.unit_directions(tuple(tensor.shape), int(options.get("directions", 2)), [seed, k])
        plus, minus = numgrad.directional(tensor, loss, eps, directions)
        results[key] = {"eps": eps, "directions": directions, "plus": numpy.array(plus), "minus": numpy.array(minus)}
        measured.append((key, tensor, _disagrees(analytic, directions, plus, minus, eps, tol)))
    # The gradient check stops at the first size where it fails and draws that size's maps, or the
    # last size's: there, every small tensor gets every element's difference (the picture, the
    # right tensors beside the wrong ones); elsewhere only a wrong tensor is sampled, to say where.
    picture = bool(options.get("picture", True)) or any(wrong for _, _, wrong in measured)
    for key, tensor, wrong in measured:
        small = int(tensor.size) <= int(options.get("full_below", FULL_BELOW))
        if wrong or (small and picture):
            indices = numgrad.pick(int(tensor.size), None if small else int(options.get("sample", 40)), rng)
            eplus, eminus = numgrad.elementwise(tensor, loss, float(results[key]["eps"]), indices)
            results[key].update(indices=indices, eplus=numpy.array(eplus), eminus=numpy.array(eminus))
    run.restore(snapshot)
    return results


def _disagrees(analytic, directions, plus, minus, eps, tol):
    """Whether the gradient check will find the directions wrong (its own rule, numgrad.directions_wrong):
    then elements are sampled to say where. A float32 forward is not sampled for its rounding alone."""
    if not isinstance(analytic, numpy.ndarray) or any(analytic.shape != v.shape for v in directions):
        return True
    return bool(numgrad.directions_wrong(analytic, directions, plus, minus, eps, tol)[3].any())


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
