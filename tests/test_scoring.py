"""The one scoring rule (autograder.scoring): points only for the learner's own work, the same
through every front end, in hundredths that add up."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.catalog import load_catalog
from autograder.donothing import VARIANTS, variant_sources
from autograder.grader import grade
from autograder.scoring import share_cents
from mutants import build
from submission_cases import MUTANTS

pytest_plugins = ["pytester"]

CATALOG = load_catalog()
BIN = Path(sys.executable).parent


def write_variants(folder: Path, variant: str) -> dict[str, Path]:
    paths = {}
    for exercise in CATALOG:
        path = folder / variant / exercise.module
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(variant_sources(exercise)[variant], encoding="utf-8")
        paths[exercise.id] = path
    return paths


def mutant(name: str, tmp_path: Path) -> Path:
    return build(next(m for m in MUTANTS if m.name == name), tmp_path)


def test_shares_are_hundredths_that_add_up_to_the_points():
    assert share_cents(10, [1, 1, 1]) == [334, 333, 333]
    assert share_cents(10, [1, 3]) == [250, 750]
    assert sum(share_cents(7, [1] * 13)) == 700
    assert share_cents(10, []) == [] and share_cents(10, [0, 0]) == [0, 0]


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_do_nothing_answer_scores_zero(tmp_path, variant):
    for exercise_id, path in write_variants(tmp_path, variant).items():
        result = grade(exercise_id, path)
        assert result.score == 0, (exercise_id, variant, [(c.name, c.earned) for c in result.checks if c.earned])
        assert not result.passed


def test_a_do_nothing_answer_that_passes_behaviour_checks_still_earns_nothing(tmp_path):
    """clip_grads of `pass` leaves gradients below the threshold alone, as it should: right,
    but not the learner's work. A clip_grads that clips but forgets nothing else earns its share."""
    paths = write_variants(tmp_path, "pass")
    idle = grade("clip_grads", paths["clip_grads"])
    passed = [c for c in idle.checks if c.passed and c.kind == "in_place_update"]
    assert passed and all(c.earned == 0 for c in passed) and idle.score == 0
    assert any(n.key == "score.nothing_beyond_do_nothing" for n in idle.notes)
    assert "0 分" in " ".join(n.render("zh") for n in idle.notes)
    scales_up_too = grade("clip_grads", mutant("bad_always_scales", tmp_path))
    assert 0 < scales_up_too.score < 10


def test_supporting_checks_earn_only_with_the_behaviour_they_support(tmp_path):
    result = grade("affine", mutant("bad_db_not_summed", tmp_path))
    by_name = {c.name: c for c in result.checks}
    assert by_name["forward: MatMul"].earned > 0 and by_name["interface: MatMul"].earned > 0
    assert not by_name["backward: Affine"].passed
    for name in ("loads", "interface: Affine"):
        assert by_name[name].passed and by_name[name].points > 0 and by_name[name].earned == 0, name
    assert by_name["forward: Affine"].earned == by_name["forward: Affine"].points  # its own work counts
    assert result.score == pytest.approx(sum(c.earned for c in result.checks))
    note = next(n for n in result.notes if n.key == "score.support_waits")
    assert "backward: Affine" in note.render("en") and "反向传播" in note.render("zh")


def test_a_right_forward_with_a_backward_that_returns_constants(tmp_path):
    result = grade("lstm", mutant("bad_backward_constants", tmp_path))
    forward = next(c for c in result.checks if c.kind == "forward")
    assert result.score == forward.points  # the forward is the learner's; nothing else is
    conventions = next(c for c in result.checks if c.kind == "conventions")
    assert "dout used" not in conventions.text("en")  # dx was never an array: nothing showed dout at work
    assert "使用了 dout" not in conventions.text("zh")


# Four answers per exercise, each a whole CLI run: the limit grows with the catalog.
@pytest.mark.timeout(1800)
def test_the_cli_scores_every_do_nothing_answer_zero(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    def cli(exercise_id: str, path: Path):
        run = subprocess.run([str(BIN / "autograder"), "grade", exercise_id, str(path), "--json"],
                             capture_output=True, text=True, timeout=300)
        return exercise_id, path, run.returncode, json.loads(run.stdout)

    answers = [(exercise.id, exercise.stub_path) for exercise in CATALOG]
    for variant in ("pass", "zeros", "inputs"):
        answers += list(write_variants(tmp_path, variant).items())
    with ThreadPoolExecutor(max_workers=2) as pool:
        for exercise_id, path, returncode, data in pool.map(lambda answer: cli(*answer), answers):
            assert returncode == 1 and data["score"] == 0, (exercise_id, path)
            assert sum(c["earned"] for c in data["checks"]) == 0
            assert sum(c["points"] for c in data["checks"] if c["scored"]) == pytest.approx(CATALOG[exercise_id].points)
            if path == CATALOG[exercise_id].stub_path:
                assert data["status"] == "not_implemented", exercise_id


@pytest.mark.parametrize("variant", ["pass", "zeros", "inputs"])
def test_workbench_test_passes_no_test_for_a_do_nothing_answer(pytester, variant):
    from workbench.workspace import init_workspace

    workspace, _ = init_workspace(pytester.path)
    for exercise in CATALOG:
        workspace.file_for(exercise).write_text(variant_sources(exercise)[variant], encoding="utf-8")
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    outcomes = result.parseoutcomes()
    assert "passed" not in outcomes, result.stdout.str()[-3000:]


def test_the_apps_grading_service_scores_a_do_nothing_answer_zero(tmp_path):
    from workbench.grading import Grading
    from workbench.workspace import init_workspace

    workspace, _ = init_workspace(tmp_path / "ws")
    grading = Grading(workspace)
    for exercise in CATALOG:
        workspace.file_for(exercise).write_text(variant_sources(exercise)["pass"], encoding="utf-8")
        outcome = grading.run(exercise, grading.new_run(exercise.id))
        assert outcome.result.score == 0, exercise.id
        assert workspace.progress()[exercise.id]["score"] == 0


def test_every_check_class_says_its_own_kind():
    from autograder.checks import REGISTRY

    kinds = [cls.__dict__.get("kind") for cls in REGISTRY.values()]
    assert all(kinds) and len(set(kinds)) == len(kinds), kinds


def test_conventions_claim_nothing_for_a_backward_that_returns_a_number(tmp_path):
    result = grade("softmax_with_loss", mutant("bad_backward_zero", tmp_path))
    conventions = next(c for c in result.checks if c.kind == "conventions")
    assert "nothing to observe yet" in conventions.text("en") and "暂时无可观察" in conventions.text("zh")
    assert conventions.unearned and conventions.earned == 0
