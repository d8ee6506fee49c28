"""Checks of stochastic layers, true for any draw: a sampler's distribution, inverted dropout."""

from __future__ import annotations

import numpy

from autograder.checks.base import Check, Failure, error_failure
from autograder.diagnosis import (
    describe_type,
    index_text,
    shape_problem,
)
from autograder.messages import Msg


class NegativeSamples(Check):
    """Negative samples: valid ids, never the row's target, no repeats, frequencies ∝ count^power.

    The frequency test is a χ² test against the exact expected counts (the target
    removed and the rest renormalised, one draw per row) at a false-alarm rate of 1e-4;
    the draws are seeded, so a given sampler gets the same verdict on every run.
    """

    name = "negative samples"
    kind = "negative_samples"

    @property
    def needs(self):
        return (self.options.get("value", "negatives"),)

    def verify(self, item, details):
        value = self.options.get("value", "negatives")
        samples = item.got[value]
        target = numpy.asarray(item.sent(self.options.get("target", f"{value}:0")))
        corpus = numpy.asarray(item.sent(self.options.get("corpus", "new:0")))
        power = float(item.sent(self.options.get("power", "new:1")))
        size = int(item.sent(self.options.get("sample_size", "new:2")))
        vocab = int(corpus.max()) + 1
        shape = (target.shape[0], size)
        if not isinstance(samples, numpy.ndarray):
            raise Failure(Msg("diag.type", name="get_negative_sample(target)", expected=f"an array of shape {shape}",
                              got=describe_type(samples)))
        if samples.shape != shape:
            raise Failure(shape_problem(samples.shape, shape, "get_negative_sample(target)"))
        if samples.dtype.kind not in "iu":
            raise Failure(Msg("sampler.not_int", got=str(samples.dtype)))
        if samples.min() < 0 or samples.max() >= vocab:
            raise Failure(Msg("sampler.range", vocab=vocab, low=int(samples.min()), high=int(samples.max())))
        hits = numpy.where((samples == target[:, None]).any(axis=1))[0]
        if hits.size:
            raise Failure(Msg("sampler.target", row=int(hits[0]), count=int(hits.size), rows=shape[0]))
        ordered = numpy.sort(samples, axis=1)
        repeats = numpy.where((ordered[:, 1:] == ordered[:, :-1]).any(axis=1))[0] if size > 1 else []
        if len(repeats):
            raise Failure(Msg("sampler.repeats", row=int(repeats[0]), count=len(repeats)))
        if not self.options.get("distribution", False) or size != 1:
            return
        p = numpy.bincount(corpus, minlength=vocab).astype(float) ** power
        p /= p.sum()
        rows = numpy.broadcast_to(p, (shape[0], vocab)).copy()
        rows[numpy.arange(shape[0]), target] = 0.0
        expected = (rows / rows.sum(axis=1, keepdims=True)).sum(axis=0)
        observed = numpy.bincount(samples[:, 0], minlength=vocab).astype(float)
        used = expected > 0
        chi2 = float(numpy.sum((observed[used] - expected[used]) ** 2 / expected[used]))
        limit = chi2_limit(int(used.sum()) - 1)
        details["chi2"] = (chi2, limit)
        if chi2 > limit:
            worst = int(numpy.argmax(numpy.abs(observed - expected) / numpy.sqrt(numpy.maximum(expected, 1e-12))))
            for other in (1.0, 0.0):
                if abs(other - power) > 1e-9 and _fits_power(observed, corpus, target, vocab, other):
                    raise Failure(Msg("sampler.power", power=power, other=other))
            raise Failure(Msg("sampler.frequencies", chi2=chi2, limit=limit, word=worst,
                              observed=int(observed[worst]), expected=float(expected[worst])))

    def ok_message(self, items, details):
        if "chi2" in details:
            chi2, limit = details["chi2"]
            return Msg("sampler.ok_chi2", chi2=chi2, limit=limit)
        return Msg("sampler.ok")


def chi2_limit(dof: int, z: float = 3.719) -> float:
    """The χ² value exceeded with probability ~1e-4 (Wilson–Hilferty; z is the normal's 1 − 1e-4 quantile)."""
    dof = max(dof, 1)
    return dof * (1 - 2 / (9 * dof) + z * (2 / (9 * dof)) ** 0.5) ** 3


def _fits_power(observed, corpus, target, vocab, power):
    p = numpy.bincount(corpus, minlength=vocab).astype(float) ** power
    p /= p.sum()
    rows = numpy.broadcast_to(p, (target.shape[0], vocab)).copy()
    rows[numpy.arange(target.shape[0]), target] = 0.0
    expected = (rows / rows.sum(axis=1, keepdims=True)).sum(axis=0)
    used = expected > 0
    return float(numpy.sum((observed[used] - expected[used]) ** 2 / expected[used])) <= chi2_limit(int(used.sum()) - 1)


class InvertedDropout(Check):
    """What holds for any draw: out ∈ {0, x/(1−p)}, about a fraction p dropped, backward uses the same mask."""

    name = "inverted dropout"
    kind = "inverted_dropout"
    needs = ("out",)

    def verify(self, item, details):
        x = numpy.asarray(item.sent(self.options.get("x", "out:0")), float)
        ratio = float(item.sent(self.options.get("ratio", "new:0")))
        dout = numpy.asarray(item.sent(self.options.get("dout", "dx:0")), float)
        out, dx = item.got["out"], item.got.get("dx")
        if isinstance(out, numpy.ndarray) and out.shape == x.shape and ratio > 0 and numpy.array_equal(out, x):
            raise Failure(Msg("dropout.nothing_dropped"))
        if dx is None and item.error:
            raise error_failure(item.error)
        for name, value in (("out", out), ("dx", dx)):
            if not isinstance(value, numpy.ndarray):
                raise Failure(Msg("diag.type", name=name, expected=f"an array of shape {x.shape}",
                                  got=describe_type(value)))
            if value.shape != x.shape:
                raise Failure(shape_problem(value.shape, x.shape, name))
        after = (item.got.get("out.args_after") or [None])[0]
        if isinstance(after, numpy.ndarray) and after.shape == x.shape and not numpy.array_equal(after, x):
            raise Failure(Msg("forward.modified_input", step=f"{self.symbol}.forward(...)", name="xs"))
        out, dx = out.astype(float), dx.astype(float)
        kept_value = x / (1.0 - ratio)
        zero = numpy.isclose(out, 0.0, atol=1e-12)
        kept = numpy.isclose(out, kept_value, rtol=1e-5, atol=1e-12)
        stray = ~(zero | kept)
        if stray.any():
            index = tuple(numpy.argwhere(stray)[0])
            unscaled = numpy.isclose(out, x, rtol=1e-5) | zero
            key = "dropout.not_scaled" if unscaled.all() else "dropout.values"
            raise Failure(Msg(key, index=index_text(index), got=float(out[index]), x=float(x[index]), ratio=ratio,
                              kept=float(kept_value[index])))
        dropped = float(numpy.mean(zero & ~numpy.isclose(x, 0.0)))
        n = x.size
        sigma = (ratio * (1 - ratio) / n) ** 0.5
        details.setdefault("dropped", dropped)
        if abs(dropped - ratio) > 4.4 * sigma + 1.0 / n:  # two-sided false alarm ~1e-5
            raise Failure(Msg("dropout.rate", dropped=dropped, ratio=ratio, n=n))
        expected_dx = numpy.where(zero, 0.0, dout / (1.0 - ratio))
        if not numpy.allclose(dx, expected_dx, rtol=1e-5, atol=1e-10):
            index = tuple(numpy.argwhere(~numpy.isclose(dx, expected_dx, rtol=1e-5, atol=1e-10))[0])
            raise Failure(Msg("dropout.backward_mask", index=index_text(index), got=float(dx[index]),
                              expected=float(expected_dx[index])))

    def ok_message(self, items, details):
        return Msg("dropout.ok", dropped=details.get("dropped", 0.0))




class Seeded(Check):
    """A function with a `seed` argument: the same seed gives the same result, another seed another.
    Judged on the learner's own values (any generator seeded by `seed` is right), never the reference's."""

    name = "seeded"
    kind = "seeded"

    @property
    def needs(self):
        return tuple(dict.fromkeys(list(self.options["same"]) + list(self.options["different"])))

    def verify(self, item, details):
        from autograder.diagnosis import compare

        index = int(self.options.get("seed_arg", -1))
        call = f"{self.symbol}(...)"
        first, again = self.options["same"]
        if compare(item.got[again], item.got[first], call, 1e-12, 1e-14) is not None:
            raise Failure(Msg("seed.not_reproducible", call=call, seed=item.sent(f"{first}:{index}")))
        first, other = self.options["different"]
        if compare(item.got[other], item.got[first], call, 1e-9, 1e-12) is None:
            raise Failure(Msg("seed.ignored", call=call, seed=item.sent(f"{first}:{index}"),
                              other=item.sent(f"{other}:{index}")))

    def ok_message(self, items, details):
        return Msg("seed.ok")
