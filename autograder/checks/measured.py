"""Reported measurements: precision in float16/32 against float64, and speed against the reference."""

from __future__ import annotations

import numpy

from autograder.checks.base import (
    Check,
    Failure,
    _sizes_text,
    error_failure,
    error_message,
    grad_names,
    input_gradient_names,
    output_names,
)
from autograder.messages import LANGS, Msg
from autograder.plan import DEFERRED, SLOWER, timed_steps


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
    kind = "precision"
    stage = "precision"
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
                                                                         for lang in LANGS})))

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

    Both are timed in the learner's child, in turns (autograder.executor: op_time), and compared by
    their fastest runs, so that the machine's load falls on both alike; a trace without the
    reference's times (its file failed there) is compared with the reference's own run. Beyond
    SLOWER × the reference, it names the likely cause from how the time grows with four times the
    batch: a per-row Python loop grows about 4×, vectorised code much less.
    """

    name = "speed"
    kind = "speed"
    needs = ("speed",)
    stage = "speed"
    SLOWER = SLOWER

    def run(self, items):
        # the timed calls have sizes of their own and run once per probe, with its first size's item
        timed = [item for item in items if timed_steps(item.plan) or item.plan.get("timing") == DEFERRED]
        return super().run(timed or items[:1])

    def require(self, item):
        if "speed" not in (item.got or {}):
            if item.error:
                raise error_failure(item.error)
            if item.plan.get("timing") == DEFERRED:
                raise Failure(Msg("speed.pending"), "pending")  # measured after the verdict
            raise Failure(Msg("speed.skipped"), "skipped")

    def verify(self, item, details):
        own = _timings(item.got, "speed")
        in_turns = "speed.reference" in item.got
        theirs = _timings(item.got, "speed.reference") if in_turns else _timings(item.want or {}, "speed")
        ratio = own[0] / max(theirs[0], 1e-9)
        growth, reference_growth = own[1] / max(own[0], 1e-9), theirs[1] / max(theirs[0], 1e-9)
        timed = next(s for s in item.plan["steps"] if s["op"] == "time")
        sizes = timed.get("base", timed["sizes"])
        batch = timed.get("batch", "N")
        details.update(ratio=ratio, seconds=own[0], reference=theirs[0], sizes=_sizes_text(sizes),
                       how="speed.in_turns" if in_turns else "speed.apart")
        if ratio <= self.SLOWER:
            return None
        if growth >= 2.5 and growth >= 1.6 * reference_growth:
            large = timed.get("large", {}).get(batch, 4 * int(sizes.get(batch, 0)))
            cause = Msg("speed.loop_over_batch", growth=growth, reference_growth=reference_growth,
                        batch=f"{batch}={large}")
        else:
            cause = Msg("speed.generic")
        raise Failure(Msg("speed.slow", ratio=ratio, seconds=own[0] * 1000, reference=theirs[0] * 1000,
                          sizes=details["sizes"], how=Msg(details["how"]), cause=cause), details=details)

    def ok_message(self, items, details):
        return Msg("speed.ok", ratio=details.get("ratio", 0.0), seconds=details.get("seconds", 0.0) * 1000,
                   reference=details.get("reference", 0.0) * 1000, sizes=details.get("sizes", ""),
                   how=Msg(details.get("how", "speed.in_turns")))


def _timings(record, prefix):
    """(fastest run at the speed sizes, fastest at four times the batch) of `prefix`'s times in a record."""
    fastest = record.get(prefix + ".fastest", record.get(prefix, 1.0))
    return fastest, record.get(prefix + ".large", fastest)
