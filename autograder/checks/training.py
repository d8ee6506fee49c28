"""Checks of a model that is trained by the probe: accuracy reached, a loss or perplexity curve that falls."""

from __future__ import annotations

import numpy

from autograder.checks.base import Check, Failure, error_failure
from autograder.executor import data_pair
from autograder.figures import CURVE_RECORDS, Curve
from autograder.messages import Msg, both


class Training(Check):
    name = "training"
    kind = "training"
    needs = ("loss_list", "scores")

    def verify(self, item, details):
        losses = numpy.asarray(item.got["loss_list"], float)
        self.draw(Curve.recorded("loss_list", losses, item.want["loss_list"], step="epoch"))
        if losses.size and not numpy.all(numpy.isfinite(losses)):
            epoch = int(numpy.argmax(~numpy.isfinite(losses))) + 1
            raise Failure(Msg("fit.nan", value=str(losses[epoch - 1]), epoch=epoch), details=details)
        train = next(s for s in item.plan["steps"] if s["op"] == "train")
        labels = train["data"][1]
        labels = labels.argmax(axis=1) if labels.ndim == 2 else labels
        accuracy = _accuracy(item.got["scores"], labels)
        reference = _accuracy(item.want["scores"], labels)
        needed = float(self.spec("min_accuracy", 0.9))
        fields = dict(accuracy=accuracy, reference=reference, epochs=train["epochs"],
                      first=float(losses[0]), last=float(losses[-1]), needed=needed)
        if accuracy < needed:
            raise Failure(Msg("fit.low", **fields), details=details)
        details["fields"] = fields

    def ok_message(self, items, details):
        return Msg("fit.ok", **details["fields"])


def _accuracy(scores, labels) -> float:
    scores = numpy.asarray(scores, float) if isinstance(scores, numpy.ndarray) else None
    if scores is None or scores.ndim != 2 or scores.shape[0] != labels.shape[0]:
        return 0.0
    return float(numpy.mean(scores.argmax(axis=1) == labels))


# -- checks that compare named values ------------------------------------------------------



class Learns(Check):
    """A curve the book's trainer kept (`<as>.loss_list`, `<as>.ppl_list`) falls as the reference's does.

    `curve` names it; `below_start` (default 0.7): its last value must be at most that share of its
    first; `within_reference` (optional): at most that multiple of the reference's last value. The
    learner's and the reference's curves are the result's Curve, for the app to draw.
    """

    name = "learns"
    kind = "learning"

    @property
    def needs(self):
        return (self.options["curve"],)

    def verify(self, item, details):
        key = self.options["curve"]
        drawn = Curve.recorded(key, item.got[key], item.want.get(key, []))
        self.draw(drawn)
        curve, reference = drawn.values, drawn.reference
        run = key.rpartition(".")[0]
        if item.error and not item.got.get(run + ".done"):
            raise error_failure(item.error)  # a step of the training raised: that is what to fix
        fields = dict(measure=self._measure(), steps=int(item.got.get(run + ".updates", 0)),
                      reference=float(reference[-1]) if reference.size else float("nan"))
        if curve.size == 0:
            raise Failure(Msg("learns.no_curve", curve=key.rpartition(".")[2], **fields), details=details)
        if not numpy.all(numpy.isfinite(curve)):
            bad = int(numpy.argmax(~numpy.isfinite(curve)))
            raise Failure(Msg("learns.nan", value=str(curve[bad]), evaluation=bad + 1, count=int(curve.size),
                              **fields), details=details)
        first, last = float(curve[0]), float(curve[-1])
        fields.update(first=first, last=last)
        below = float(self.options.get("below_start", 0.7))
        if last > first * 1.05:
            raise Failure(Msg("learns.rises", **fields), details=details)
        if last > first * 0.98:
            raise Failure(Msg("learns.flat", **fields), details=details)
        if last > first * below:
            raise Failure(Msg("learns.slow", target=first * below, **fields), details=details)
        within = self.options.get("within_reference")
        if within is not None and reference.size and last > float(within) * reference[-1]:
            raise Failure(Msg("learns.behind", limit=float(within) * reference[-1], **fields), details=details)
        details["fields"] = fields

    def _measure(self):
        kind = CURVE_RECORDS[self.options["curve"].rpartition(".")[2]]
        return both(f"word.{kind}")

    def ok_message(self, items, details):
        return Msg("learns.ok", **details["fields"])


class Accuracy(Check):
    """The share of answers a trained model generates exactly (a `generate` step named `value`)."""

    name = "accuracy"
    kind = "accuracy"

    @property
    def needs(self):
        return (self.options.get("value", "test") + ".accuracy",)

    def verify(self, item, details):
        run = self.options.get("value", "test")
        accuracy, reference = float(item.got[run + ".accuracy"]), float(item.want.get(run + ".accuracy", 0.0))
        needed = float(self.options.get("min_accuracy", 0.9))
        correct = numpy.asarray(item.got.get(run + ".correct", []), bool)
        fields = dict(accuracy=accuracy, reference=reference, needed=needed, count=int(correct.size))
        if accuracy < needed:
            wrong = int(numpy.argmin(correct)) if correct.size else 0
            answers = data_pair(item.sent(run))[1] if correct.size else None
            if answers is None:
                raise Failure(Msg("accuracy.low", **fields))
            raise Failure(Msg("accuracy.low_example", row=wrong, got=_ids_text(item.got[run + ".guesses"][wrong]),
                              expected=_ids_text(answers[wrong][1:]), **fields))
        details["fields"] = fields

    def ok_message(self, items, details):
        return Msg("accuracy.ok", **details["fields"])


def _ids_text(ids) -> str:
    try:
        return "[" + " ".join(str(int(i)) for i in numpy.ravel(numpy.asarray(ids))) + "]"
    except (TypeError, ValueError):
        return str(ids)[:80]
