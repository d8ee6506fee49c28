"""Checks of a model that is trained by the probe: accuracy reached."""

from __future__ import annotations

import numpy

from autograder.checks.base import Check, Failure
from autograder.messages import Msg


class Training(Check):
    name = "training"
    kind = "training"
    needs = ("losses", "scores")

    def verify(self, item, details):
        losses = numpy.asarray(item.got["losses"], float)
        details["losses"] = losses
        details["reference_losses"] = numpy.asarray(item.want["losses"], float)
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
        details.update(accuracy=accuracy, reference_accuracy=reference)
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

