"""benchmarks/mutation_score.py: the mutants it makes, and how it counts them."""

import ast
import sys
from pathlib import Path

import pytest

from autograder.catalog import load_catalog

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import mutation_score  # noqa: E402
from mutation_score import Equivalent, generate, grade_mutants, load_equivalents, summarise  # noqa: E402


@pytest.fixture(scope="module")
def affine_mutants():
    return generate("affine", load_catalog()["affine"].solution_path.read_text(encoding="utf-8"))


def test_mutants_are_single_edits_of_the_learner_part_that_parse_and_differ(affine_mutants):
    reference = load_catalog()["affine"].solution_path.read_text(encoding="utf-8")
    ranges = mutation_score.solution_ranges(reference)
    sources = [m.source for m in affine_mutants]
    assert len(set(sources)) == len(sources)  # deduplicated
    normalised = ast.unparse(ast.parse(reference))
    for mutant in affine_mutants:
        assert ast.unparse(ast.parse(mutant.source)) != normalised
        assert any(begin < mutant.line < end for begin, end in ranges)
        assert mutant.old  # the changed line, as the report and the equivalents file name it
    operators = {m.operator for m in affine_mutants}
    assert {"statement deleted", ".T dropped", "in-place write → rebind", "sign flip", "axis changed"} <= operators
    diffs = {(m.within, m.old, m.new) for m in affine_mutants}
    assert ("Affine.backward", "self.grads[1][...] = np.sum(dout, axis=0)",
            "self.grads[1] = np.sum(dout, axis=0)") in diffs
    assert ("Affine.backward", "dx = np.dot(dout, W.T)", "dx = np.dot(dout, W)") in diffs


def test_a_wrong_mutant_is_killed_and_a_listed_equivalent_one_is_counted_as_equivalent(affine_mutants):
    wrong = next(m for m in affine_mutants if m.within == "Affine.backward" and m.operator == ".T dropped")
    # MatMul has one gradient: grads[-1] is grads[0]
    same = next(m for m in affine_mutants if m.within == "MatMul.backward" and m.new.startswith("self.grads[-1]"))
    unlisted = next(m for m in affine_mutants if m.within == "MatMul.forward" and m.operator == "statement deleted"
                    and m.old == "self.x = x")
    equivalents = [Equivalent("affine", same.within, same.old, same.new, "MatMul has one gradient array")]
    verdicts = grade_mutants([wrong, same, unlisted], equivalents, workers=1)
    assert [v.killed for v in verdicts] == [True, False, True]
    assert verdicts[1].equivalent is equivalents[0]
    score = summarise("affine", 3, verdicts)
    assert (score.killed, score.equivalent, score.survived, score.score) == (2, 1, 0, 1.0)
    # the same survivor, not listed, is a blind spot
    blind = summarise("affine", 1, grade_mutants([same], [], workers=1))
    assert (blind.survived, blind.score) == (1, 0.0)
    assert blind.survivors[0]["new"] == same.new


def test_every_listed_equivalent_mutant_has_a_reason_and_is_still_generated():
    catalog = load_catalog()
    equivalents = load_equivalents()
    assert equivalents, "benchmarks/equivalent_mutants.toml lists the reviewed equivalent mutants"
    generated = {}
    for entry in equivalents:
        if entry.exercise not in generated:
            source = catalog[entry.exercise].solution_path.read_text(encoding="utf-8")
            generated[entry.exercise] = {(m.within, m.old, m.new) for m in generate(entry.exercise, source)}
        assert entry.reason.strip()
        assert (entry.within, entry.old, entry.new) in generated[entry.exercise], (
            f"{entry.exercise} {entry.within}: - {entry.old} + {entry.new} is no longer generated")


def test_an_equivalent_entry_without_a_reason_is_refused(tmp_path):
    path = tmp_path / "equivalent_mutants.toml"
    path.write_text('[[equivalent]]\nexercise = "affine"\nwithin = "MatMul.backward"\nold = "a"\nnew = "b"\n'
                    'reason = " "\n', encoding="utf-8")
    with pytest.raises(ValueError, match="reason"):
        load_equivalents(path)
