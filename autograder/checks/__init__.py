"""The checks: a registry of small comparators, each with one job and its own message.

Every check reads named values from two records — the learner's file and the
reference, both run by the executor on the same plan — and never runs code
from the learner's file. A probe lists its checks (its preset's by default);
a check covers every size of its probe and reports the first size that fails.
A check may carry a weight, or be reported without counting (``scored = false``).

"""

from autograder.catalog import Exercise, Probe
from autograder.checks.base import Check, CheckResult, Failure, Item, error_message
from autograder.checks.layer import Backward, Conventions, Forward, Gradcheck, Interface
from autograder.checks.lengths import Lengths
from autograder.checks.measured import Precision, Speed
from autograder.checks.optimizer import InPlace, Update
from autograder.checks.stochastic import Distribution, InvertedDropout, NegativeSamples, Seeded
from autograder.checks.svd import NoFullCall, SvdFactors
from autograder.checks.training import Accuracy, Learns, Training
from autograder.checks.values import InPlaceUpdate, Match, Printed

__all__ = ["Check", "CheckResult", "Failure", "Item", "REGISTRY", "check_of", "checks_for", "error_message",
           "Backward", "Conventions", "Forward", "Gradcheck", "Interface", "Precision", "Speed", "InPlace", "Update",
           "InvertedDropout", "NegativeSamples", "Distribution", "NoFullCall", "SvdFactors", "Training", "Learns",
           "Accuracy", "InPlaceUpdate", "Match", "Printed", "Seeded", "Lengths"]

REGISTRY: dict[str, type[Check]] = {
    cls.name: cls for cls in (Interface, Forward, Backward, Gradcheck, Conventions, Update, InPlace, Training, Learns,
                              Accuracy, Match, InPlaceUpdate, Printed, SvdFactors, NoFullCall, NegativeSamples,
                              Distribution, Seeded, InvertedDropout, Lengths, Precision, Speed)
}



def check_of(exercise: Exercise, probe: Probe, spec) -> Check:
    if isinstance(spec, str):
        name, options = spec, {}
    else:
        options = dict(spec)
        name = options.pop("check")
    if name not in REGISTRY:
        raise KeyError(f"{exercise.id}: unknown check {name!r}; known: {', '.join(REGISTRY)}")
    return REGISTRY[name](exercise, probe, options)


def checks_for(exercise: Exercise) -> list[Check]:
    """Every check of an exercise, in order; names are known before anything runs."""
    return [check_of(exercise, probe, spec) for probe in exercise.probes for spec in probe.checks]
