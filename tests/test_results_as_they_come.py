"""Results as they come: the checks are decided phase by phase (autograder.phases) and handed out
as they are, and the verdict is the same whenever the parts arrive.

No test here depends on timing: each waits on events (a part read, a row decided) and lets a
file that hangs run under a time limit no test outlives, until the test itself stops it.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from autograder import phases, sandbox
from autograder.catalog import load_catalog
from autograder.grader import CHECKING, Verdict, _cached_reference, _sandboxing, grade
from autograder.plan import build_plan
from mutants import Mutant, build
from workbench.grading import Grading
from workbench.workspace import init_workspace

# predict on the whole spiral data set (300 rows) is only called by the training probe, after its fit
TRAINING_CRASHES = Mutant("two_layer_net", "crash_in_training", "        for layer in self.layers:\n",
                          "        if x.shape[0] == 300:\n            import os\n            os._exit(3)\n"
                          "        for layer in self.layers:\n", within="TwoLayerNet.predict",
                          bug="predict leaves the process on the whole data set, as the training probe calls it.")
TRAINING_HANGS = Mutant("two_layer_net", "hang_in_training", "        for layer in self.layers:\n",
                        "        if x.shape[0] == 300:\n            import time\n            time.sleep(600)\n"
                        "        for layer in self.layers:\n", within="TwoLayerNet.predict",
                        bug="predict sleeps on the whole data set, as the training probe calls it.")
# a wrong input gate: backward and the gradient check fail (the gradient check says "same as backward")
WRONG_GATE = Mutant("lstm", "wrong_gate", "di = ds * g * i * (1 - i)", "di = ds * g * (1 - i)", within="LSTM.backward",
                    bug="the input gate's sigmoid derivative lacks the factor i.")


def rows_of(result):
    """What a verdict says, row by row, in both languages: what must not depend on arrival."""
    return [(c.name, c.status, c.passed, c.text("en"), c.text("zh"), c.details.get("blocked_by")) for c in result.checks]


def test_rows_arrive_phase_by_phase_and_each_stays_as_the_verdict_says_it():
    path = load_catalog()["two_layer_net"].solution_path
    grade("two_layer_net", path, timing=False)  # the reference trace, once
    so_far = []
    result = grade("two_layer_net", path, timing=False, on_rows=so_far.append)
    assert result.passed and not result.checking
    first = so_far[0]
    assert first.checks[0].name == "loads" and first.checks[0].passed
    assert all(c.status == CHECKING for c in first.checks[1:]) and first.checking
    assert "checking" in first.summary().render() and "检查中" in first.summary().render("zh")
    # the forward and backward rows come while the training is still to be decided
    early = next(r for r in so_far if any(c.kind == "forward" and c.status != CHECKING for c in r.checks))
    training = next(c for c in early.checks if c.kind == "training")
    assert training.status == CHECKING and training.text() == "checking…"
    # every row handed out is the verdict's row, word for word
    final = {row[0]: row for row in rows_of(result)}
    for shown in so_far:
        for row in rows_of(shown):
            if row[1] != CHECKING:
                assert row == final[row[0]]
    assert rows_of(so_far[-1]) == rows_of(result)
    # the phases in order: the checks of a later phase are never decided before an earlier one's
    decided_at = {}
    for k, shown in enumerate(so_far):
        for c in shown.checks:
            decided_at.setdefault(c.name, k) if c.status != CHECKING else None
    assert decided_at["loads"] <= decided_at["forward: TwoLayerNet"] <= decided_at["gradcheck: TwoLayerNet"] \
        <= decided_at[next(c.name for c in result.checks if c.kind == "training")]


def _parts_of(exercise_id: str, path: Path) -> list[dict]:
    """The parts the child writes for `path`, in order."""
    exercise = load_catalog()[exercise_id]
    plan = build_plan(exercise, timing=False)
    parts = []
    outcome = sandbox.run(path, plan, *_sandboxing(exercise), on_part=lambda part, trace: parts.append(part))
    assert outcome.trace is not None and [p["phase"] for p in parts][0] == "loads"
    assert [phases.RANK[p["phase"]] for p in parts] == sorted({phases.RANK[p["phase"]] for p in parts})
    assert parts[-1]["phase"] == phases.LAST
    return parts


def test_the_verdict_is_the_same_whether_the_parts_come_one_by_one_or_all_at_once(tmp_path):
    path = build(WRONG_GATE, tmp_path)
    graded = grade("lstm", path, timing=False)  # the reference trace, once; parts taken as they come
    gradcheck = next(c for c in graded.checks if c.kind == "gradcheck")
    assert gradcheck.details.get("blocked_by", "").startswith("backward")  # a row naming an earlier one
    exercise = load_catalog()["lstm"]
    plan = build_plan(exercise, timing=False)
    parts = _parts_of("lstm", path)
    reference = _cached_reference(exercise)
    outcome = sandbox.Outcome("finished", {"probes": {}}, 0, "done", 0.0)

    streamed = Verdict(exercise, plan, reference)
    for part in parts:
        streamed.take(part)
    waited = Verdict(exercise, plan, None)  # the reference computed beside the file: its parts wait for it
    for part in parts:
        waited.take(part)
    assert all(row is None for row in waited.rows)
    waited.reference_is(reference)
    late = Verdict(exercise, plan, None)  # the reference done while the parts came
    done = threading.Event()

    class Future:
        def done(self):
            return done.is_set()

        def result(self):
            return reference

    late.waiting_for = Future()
    for k, part in enumerate(parts):
        if k == 1:
            done.set()  # the first part waited, the second finds the reference there
        late.take(part)
    assert rows_of(streamed.finish(outcome)) == rows_of(waited.finish(outcome)) == rows_of(late.finish(outcome)) \
        == rows_of(graded)


def test_a_run_that_ends_in_training_keeps_the_rows_decided_before(tmp_path):
    path = build(TRAINING_CRASHES, tmp_path)
    so_far = []
    result = grade("two_layer_net", path, timing=False, on_rows=so_far.append)
    by_kind = {c.kind: c for c in result.checks}
    assert by_kind["forward"].passed and by_kind["backward"].passed and by_kind["gradcheck"].passed
    training = by_kind["training"]
    assert not training.passed and "exit" in training.text() and "TwoLayerNet.predict" in training.text()
    assert training.text("zh") != training.text()
    # the forward row was handed out as it stands, before the run ended
    assert any(c.kind == "forward" and c.passed for c in so_far[1].checks)
    assert not result.passed and 0 < result.score < result.max_score


def test_a_superseded_run_is_stopped_while_its_later_checks_are_running(tmp_path):
    """A save during a run's expensive phase: the run ends at once (its child killed), its rows stop."""
    workspace, _ = init_workspace(tmp_path / "ws")
    exercise = workspace.catalog["two_layer_net"]
    workspace.file_for(exercise).write_text(build(TRAINING_HANGS, tmp_path).read_text(encoding="utf-8"))
    grading = Grading(workspace)
    grade("two_layer_net", exercise.solution_path, timing=False)  # the reference trace, once
    forward_shown = threading.Event()
    shown = []

    def on_rows(result):
        shown.append(result)
        if any(c.kind == "forward" and c.status != CHECKING for c in result.checks):
            forward_shown.set()

    run = grading.new_run(exercise.id)
    ended = []
    worker = threading.Thread(target=lambda: ended.append(grading.run(exercise, run, timing=False, on_rows=on_rows)))
    worker.start()
    assert forward_shown.wait(120), "the forward row never came"
    training = next(c for c in shown[-1].checks if c.kind == "training")
    assert training.status == CHECKING  # the training sleeps: its row waits
    count = len(shown)
    grading.new_run(exercise.id)  # a newer save supersedes the run
    worker.join(120)
    assert not worker.is_alive() and ended == [None]
    assert len(shown) == count  # no row of the stopped run comes after it was superseded
    assert sandbox.running_children() == []


@pytest.mark.parametrize("exercise_id", ["affine", "time_lstm"])
def test_each_check_is_decided_once_its_phase_ended(exercise_id):
    """The probes' steps are scheduled so that a check's records are whole when its phase ends."""
    exercise = load_catalog()[exercise_id]
    plan = build_plan(exercise, timing=False)
    for probe in plan:
        schedule = phases.schedule(probe["steps"])
        ranks = [phases.RANK[phase] for phase, _ in schedule]
        assert ranks == sorted(ranks)  # a probe's steps keep their order
        assert sum(1 for _, step in schedule if step is None) == 1  # one numerical gradient task
    for check in __import__("autograder.checks", fromlist=["checks_for"]).checks_for(exercise):
        if check.kind == "gradcheck":
            assert check.phase == "gradcheck"
        elif check.kind in ("precision", "speed"):
            assert check.phase == check.kind
        else:
            assert check.phase == "main"


def test_a_plan_drawn_once_is_the_same_for_every_run_and_none_changes_the_next():
    import pickle

    from autograder.grader import _plan

    exercise = load_catalog()["rnnlm"]
    for timing in (False, True):
        first = _plan(exercise, timing)
        assert pickle.dumps(first) == pickle.dumps(build_plan(exercise, timing=timing))
        first[0]["steps"].clear()  # what a run might do to its own plan
        first[0]["sizes"]["N"] = -1
        assert pickle.dumps(_plan(exercise, timing)) == pickle.dumps(build_plan(exercise, timing=timing))
