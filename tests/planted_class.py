"""A generated class: one folder per student (the workbench's layout), each exercise right, untouched, missing,
or with one planted bug of a known kind, so a report's counts can be checked against what was planted.

The bugs are the grader's known-bad mutants (tests/submission_cases.py MUTANTS), each with the kind of
diagnosis (autograder.diagnosis_kinds) its first failing check names. Every file is made distinct by a
comment with the student's id, as a real class's would be.

    planted = write_class(folder, students=100, exercises=["affine", "softmax", "softmax_with_loss"], seed=1)
    planted.diagnoses["affine"] == {"Affine|diag.not_summed|db": 17, ...}
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from autograder.catalog import load_catalog
from mutants import mutated_source
from submission_cases import MUTANTS

CATALOG = load_catalog()
BY_ID = {m.id: m for m in MUTANTS}

# a planted bug → the kind of diagnosis the report must count it under
KINDS = {
    "affine/bad_db_not_summed": "Affine|diag.not_summed|db",
    "affine/bad_dW_transposed": "Affine|diag.transposed_shape|dW",
    "affine/bad_dx_sign": "Affine|diag.sign|dx",
    "affine/bad_grads_rebound": "Affine|conventions.rebound|dW",
    "softmax/bad_softmax_axis0": "softmax|variant|softmax-over-the-batch",
    "softmax/bad_softmax_whole_array": "softmax|variant|softmax-over-the-whole-array",
    "softmax/bad_overflow": "softmax|diag.nonfinite|softmax(...)",
    "softmax/bad_ce_sum": "cross_entropy_error|diag.not_averaged|cross_entropy_error(...)",
    "softmax_with_loss/bad_double_division": "SoftmaxWithLoss|diag.averaged|dx",
    "softmax_with_loss/bad_no_batch_division": "SoftmaxWithLoss|diag.not_averaged|dx",
    "softmax_with_loss/bad_ignores_dout": "SoftmaxWithLoss|diag.dout_ignored|dx",
    "time_rnn/bad_grads_last_step": "TimeRNN|backward.not_summed_over_time|dWx, dWh, db",
    "time_rnn/bad_not_stateful": "TimeRNN|forward.state_reset|TimeRNN.forward(...)",
    "time_rnn/bad_dh_not_carried": "TimeRNN|backward.time_carry|dxs",
    "lstm/bad_gate_order": "LSTM|forward.block_order|h_next, c_next",
    "lstm/bad_input_gate": "LSTM|backward.blocks|",
    "rnn/bad_tanh_derivative": "RNN|variant|tanh-s-derivative-is-taken-as",
}
# how often each outcome is drawn: right, a planted bug (shared among the exercise's bugs), untouched, missing
WEIGHTS = {"right": 0.35, "bug": 0.5, "untouched": 0.08, "missing": 0.07}


@dataclass
class Planted:
    students: list[str]
    passed: Counter = field(default_factory=Counter)  # exercise → students handed in right
    not_started: Counter = field(default_factory=Counter)  # exercise → untouched or missing
    diagnoses: dict[str, Counter] = field(default_factory=dict)  # exercise → diagnosis id → students
    bugs: dict[tuple[str, str], str] = field(default_factory=dict)  # (student, exercise) → mutant id


def write_class(folder, students: int, exercises: list[str], seed: int = 1) -> Planted:
    folder = Path(folder)
    rng = random.Random(seed)
    names = [f"s{n:03d}" for n in range(1, students + 1)]
    planted = Planted(names)
    sources = {}
    for exercise in exercises:
        ex = CATALOG[exercise]
        bugs = [m for m in KINDS if m.startswith(exercise + "/")]
        assert bugs, f"no planted bug for {exercise}"
        sources[exercise] = {
            "right": ex.solution_path.read_text(encoding="utf-8"),
            "untouched": ex.stub_path.read_text(encoding="utf-8"),
            **{m: mutated_source(BY_ID[m]) for m in bugs},
        }
        planted.diagnoses[exercise] = Counter()
    for name in names:
        for exercise in exercises:
            outcome = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
            if outcome == "bug":
                outcome = rng.choice([m for m in KINDS if m.startswith(exercise + "/")])
            if outcome in ("untouched", "missing"):
                planted.not_started[exercise] += 1
            elif outcome == "right":
                planted.passed[exercise] += 1
            else:
                planted.diagnoses[exercise][KINDS[outcome]] += 1
                planted.bugs[(name, exercise)] = outcome
            if outcome == "missing":
                continue
            source = sources[exercise][outcome]
            if outcome != "untouched":  # every file its own (the starting file handed back as it was)
                source = source.rstrip("\n") + f"\n# {name}'s answer\n"
            path = folder / name / CATALOG[exercise].module
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(source, encoding="utf-8")
    return planted
