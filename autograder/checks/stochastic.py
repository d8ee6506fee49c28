"""Checks of stochastic layers, true for any draw: a sampler's distribution, inverted dropout."""

from __future__ import annotations

import numpy

from autograder.checks.base import Check, Failure, cause_text, error_failure
from autograder.diagnosis import (
    array_of_shape,
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
            raise Failure(Msg("diag.type", name="get_negative_sample(target)", expected=array_of_shape(shape),
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
        chi2, limit = chi2_test(observed, expected)
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


def chi2_test(observed, expected) -> tuple[float, float]:
    """(χ², the limit it exceeds with probability ~1e-4) over the cells with an expected count."""
    used = expected > 0
    chi2 = float(numpy.sum((observed[used] - expected[used]) ** 2 / expected[used]))
    return chi2, chi2_limit(int(used.sum()) - 1)


def _fits_power(observed, corpus, target, vocab, power):
    p = numpy.bincount(corpus, minlength=vocab).astype(float) ** power
    p /= p.sum()
    rows = numpy.broadcast_to(p, (target.shape[0], vocab)).copy()
    rows[numpy.arange(target.shape[0]), target] = 0.0
    expected = (rows / rows.sum(axis=1, keepdims=True)).sum(axis=0)
    chi2, limit = chi2_test(observed, expected)
    return chi2 <= limit


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
                raise Failure(Msg("diag.type", name=name, expected=array_of_shape(x.shape),
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




class Distribution(Check):
    """Sampled ids against the probabilities they should be drawn with: a χ² test (false alarms ~1e-4).

    `sampled` names the draws: one call's array of ids, or the K results of a call with
    `repeat = K` (a generator's `generate`), of which `position = k` takes the k-th id.
    `probs` names the probabilities, from the reference's record (`source = "learner"`: from
    the learner's own) or, as "step:index", a value the plan sent: one distribution (V,) behind
    every draw, or one per row (R, V) behind each row of draws; `logits = true` applies a softmax
    first. `given = j` makes them conditional: probs holds one row per id, and each draw at
    `position` is tested against the row of the id drawn at position j of the same result (a
    generator whose next id depends on the one it drew). `exclude` (a plan path such as
    "generate:1", or ids) are ids never drawn, the rest renormalised, as skip_ids are.
    `length` and `first` (plan paths or numbers) are what every result holds: that many ids,
    the first of them the one given (then not a draw); excluded ids are then looked for at every
    other position. `mistakes` are probabilities a known mistake draws from ({ probs, en, zh }):
    draws that fail the test but fit one of them are named by its words.
    Cells expected fewer than 5 times are pooled, so the χ² approximation holds.
    """

    name = "distribution"
    kind = "distribution"

    @property
    def needs(self):
        return (self.options["sampled"],)

    def require(self, item):
        super().require(item)
        if self._probabilities(item) is None:
            raise Failure(Msg("check.skipped_interface", symbol=self.symbol), "skipped")

    def _probabilities(self, item, name=None):
        """The named value, or a value the plan sent ("step:index": a sampler given its probabilities)."""
        name = name or self.options["probs"]
        source = item.got if self.options.get("source") == "learner" else item.want
        if name in (source or {}):
            return source[name]
        return item.sent(name) if ":" in name else None

    def _table(self, values, excluded) -> numpy.ndarray:
        """Rows (R, V) of probabilities: a softmax of logits, the excluded ids removed, renormalised."""
        p = numpy.array(values, float)  # a copy: the record is the cached reference
        if self.options.get("logits"):
            p = numpy.exp(p - p.max(axis=-1, keepdims=True))
        p = p.reshape(-1, p.shape[-1]) if p.ndim else p.reshape(1, 1)
        p[:, excluded] = 0.0
        return p / numpy.maximum(p.sum(axis=1, keepdims=True), 1e-300)

    def verify(self, item, details):
        name = self.options["sampled"]
        label = self.options.get("label", name)
        draws = item.got[name]
        vocab = numpy.asarray(self._probabilities(item)).shape[-1]
        excluded = self._excluded(item, vocab)
        self._results(item, draws, vocab, excluded)
        p = self._table(self._probabilities(item), excluded)
        ids = _sampled_ids(draws, self.options.get("position"), label)
        if ids.size == 0:
            raise Failure(Msg("distribution.empty", name=label))
        if ids.min() < 0 or ids.max() >= vocab:
            raise Failure(Msg("sampler.range", vocab=vocab, low=int(ids.min()), high=int(ids.max())))
        before = None
        if self.options.get("given") is not None:
            before = _sampled_ids(draws, self.options["given"], label)
            if before.min() < 0 or before.max() >= vocab:
                raise Failure(Msg("sampler.range", vocab=vocab, low=int(before.min()), high=int(before.max())))
            p = _given(p, before)
        if p.shape[0] > 1 and ids.size % p.shape[0]:
            raise Failure(Msg("distribution.rows", name=label, count=int(ids.size), rows=int(p.shape[0])))
        expected = _expected(ids.size, p)
        observed = numpy.bincount(ids, minlength=vocab).astype(float)
        impossible = numpy.where((observed > 0) & (expected <= 0))[0]
        if impossible.size:
            word = int(impossible[0])
            key = "distribution.excluded" if word in excluded else "distribution.impossible"
            raise Failure(Msg(key, name=label, word=word, observed=int(observed[word]), draws=int(ids.size)))
        chi2, limit, by_probability = _fit(ids, p, observed, expected)
        details["chi2"] = (chi2, limit)
        if chi2 <= limit and by_probability is None:
            return
        likeliest = int(numpy.argmax(expected))
        if observed[likeliest] == ids.size:
            raise Failure(Msg("distribution.argmax", name=label, word=likeliest, draws=int(ids.size),
                              share=float(expected[likeliest] / ids.size)))
        for mistake in self.options.get("mistakes", []):
            q = self._table(self._probabilities(item, mistake["probs"]), excluded)
            q = _given(q, before) if before is not None else q
            if q.shape[0] == 1 or ids.size % q.shape[0] == 0:
                other, other_limit, other_bins = _fit(ids, q, observed, _expected(ids.size, q))
                if other <= other_limit and other_bins is None:
                    raise Failure(Msg("distribution.mistake", name=label, draws=int(ids.size),
                                      says=cause_text(mistake), id=mistake.get("id", "")))
        if chi2 > limit:
            allowed = (expected > 0).astype(float)
            if chi2_test(*_pooled(observed, ids.size * allowed / allowed.sum()))[0] <= limit:
                raise Failure(Msg("distribution.uniform", name=label, draws=int(ids.size)))
            worst = int(numpy.argmax(numpy.abs(observed - expected) / numpy.sqrt(numpy.maximum(expected, 1e-12))))
            raise Failure(Msg("distribution.frequencies", name=label, chi2=chi2, limit=limit, word=worst,
                              observed=int(observed[worst]), expected=float(expected[worst]), draws=int(ids.size)))
        chi2, limit, low, high, bin_observed, bin_expected = by_probability
        raise Failure(Msg("distribution.by_probability", name=label, chi2=chi2, limit=limit, low=low, high=high,
                          observed=bin_observed, expected=bin_expected, draws=int(ids.size)))

    def _results(self, item, draws, vocab, excluded):
        """`length` and `first`: each result holds that many ids and starts with the one given; no
        excluded id at any other position."""
        length, first = self.options.get("length"), self.options.get("first")
        if length is None and first is None:
            return
        call = self._call_name(item)
        calls = len(draws) if isinstance(draws, list) else 1
        results = draws if isinstance(draws, list) else [draws]
        if length is not None:
            wanted = int(item.sent(length) if isinstance(length, str) else length)
            for k, result in enumerate(results):
                got = len(result) if isinstance(result, (list, tuple, numpy.ndarray)) else None
                if got is None:
                    raise Failure(Msg("diag.type", name=call, expected=Msg("type.integer_ids"),
                                      got=describe_type(result)))
                if got != wanted:
                    raise Failure(Msg("distribution.length", call=call, got=got, index=k + 1, calls=calls,
                                      expected=wanted))
        if first is not None:
            wanted = int(item.sent(first) if isinstance(first, str) else first)
            for k, result in enumerate(results):
                head = result[0] if isinstance(result, (list, tuple, numpy.ndarray)) and len(result) else None
                if not _same_id(head, wanted):
                    raise Failure(Msg("distribution.first", call=call, got=repr(head), index=k + 1, calls=calls,
                                      expected=wanted))
        if excluded and length is not None:
            ids = _sampled_ids(draws, None, call).reshape(len(results), -1)[:, 0 if first is None else 1:]
            counts = numpy.bincount(ids.ravel()[(ids.ravel() >= 0) & (ids.ravel() < vocab)], minlength=vocab)
            hit = next((w for w in excluded if counts[w]), None)
            if hit is not None:
                raise Failure(Msg("distribution.excluded", name=call, word=hit, observed=int(counts[hit]),
                                  draws=int(ids.size)))

    def _call_name(self, item) -> str:
        sampled = self.options["sampled"]
        step = next((s for s in item.plan["steps"] if s.get("as") == sampled), {})
        method = step.get("method")
        return f"{self.symbol}.{method}(...)" if method else f"{self.symbol}(...)"

    def _excluded(self, item, vocab) -> list[int]:
        exclude = self.options.get("exclude")
        if exclude is None:
            return []
        ids = item.sent(exclude) if isinstance(exclude, str) else exclude
        ids = [] if ids is None else numpy.atleast_1d(numpy.asarray(ids)).ravel().tolist()
        return sorted({int(i) for i in ids if 0 <= int(i) < vocab})

    def ok_message(self, items, details):
        chi2, limit = details.get("chi2", (0.0, 0.0))
        return Msg("distribution.ok", name=self.options.get("label", self.options["sampled"]), chi2=chi2,
                   limit=limit)


def _same_id(value, wanted: int) -> bool:
    try:
        return numpy.asarray(value).ndim == 0 and int(value) == wanted and float(value) == wanted
    except (TypeError, ValueError):
        return False


def _given(p, before) -> numpy.ndarray:
    """Each draw's row: that of the id drawn before it (one row: the same for every draw)."""
    return numpy.broadcast_to(p, (before.size, p.shape[1])) if p.shape[0] == 1 else p[before]


def _expected(draws: int, p) -> numpy.ndarray:
    """Expected counts of each id: one distribution behind every draw, or one per row of draws."""
    return draws * p[0] if p.shape[0] == 1 else draws // p.shape[0] * p.sum(axis=0)


def _fit(ids, p, observed, expected):
    """(χ², its limit, None) of the counts; with one distribution per row, the counts binned by
    probability too, and their (χ², limit, low, high, observed, expected) of the worst bin when they fail."""
    chi2, limit = chi2_test(*_pooled(observed, expected))
    if p.shape[0] == 1:
        return chi2, limit, None
    return chi2, limit, _by_probability(ids.reshape(p.shape[0], -1), p)


def _by_probability(ids, p, bins: int = 10):
    """One distribution per row: the id counts summed over rows hide a sampler that draws each
    row's unlikely ids (randomly ordered rows sum to about uniform either way). So the cells
    (row, id) are also put in `bins` bins by their probability, each bin about equally likely,
    and the draws that fall in each bin are tested against the bin's total probability.
    None when they follow it; else (χ², limit, lowest and highest probability of the worst bin,
    its observed and expected count)."""
    flat = p.ravel()
    order = numpy.argsort(flat, kind="stable")
    before = numpy.cumsum(flat[order]) - flat[order]
    cell_bin = numpy.empty(flat.size, dtype=int)
    cell_bin[order] = numpy.minimum(before / flat.sum() * bins, bins - 1).astype(int)
    expected = numpy.bincount(cell_bin, weights=flat, minlength=bins) * ids.shape[1]
    drawn = cell_bin.reshape(p.shape)[numpy.arange(p.shape[0])[:, None], ids]
    observed = numpy.bincount(drawn.ravel(), minlength=bins).astype(float)
    chi2, limit = chi2_test(*_pooled(observed, expected))
    if chi2 <= limit:
        return None
    worst = int(numpy.argmax(numpy.abs(observed - expected) / numpy.sqrt(numpy.maximum(expected, 1e-12))))
    inside = flat[cell_bin == worst]
    return chi2, limit, float(inside.min()), float(inside.max()), int(observed[worst]), float(expected[worst])


def _sampled_ids(draws, position, label) -> numpy.ndarray:
    """The drawn ids as one flat integer array, or a Failure saying what came back instead."""
    try:
        ids = numpy.asarray(draws)
        if position is not None:
            ids = ids[:, int(position)] if ids.ndim == 2 else numpy.asarray([d[int(position)] for d in draws])
    except (ValueError, TypeError, IndexError):
        raise Failure(Msg("diag.type", name=label, expected=Msg("type.integer_ids"), got=describe_type(draws))) from None
    if ids.dtype.kind == "f" and ids.size and numpy.all(ids == numpy.round(ids)):
        ids = ids.astype(int)  # ids that went through a float array
    if ids.dtype.kind not in "iu":
        raise Failure(Msg("sampler.not_int", got=str(ids.dtype) if ids.dtype.kind != "O" else describe_type(draws)))
    return ids.ravel().astype(numpy.int64)


def _pooled(observed, expected, below: float = 5.0):
    """Cells expected fewer than `below` times merged into one (χ² is an approximation there)."""
    small = (expected > 0) & (expected < below)
    if small.sum() < 2:
        return observed, expected
    keep = ~small
    return (numpy.append(observed[keep], observed[small].sum()),
            numpy.append(expected[keep], expected[small].sum()))


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
