"""The mutants of tests/mutants.py: a bug as an edit of the reference, loud when it no longer applies."""

import pytest

from mutants import Mutant, StaleMutant, build, mutated_source
from submission_cases import MUTANTS

REFERENCE = '''"""A reference (two lines
of docstring)."""
from workbench.backend import np


class Layer:
    def forward(self, x):
        ### BEGIN SOLUTION
        return np.dot(x, x)
        ### END SOLUTION

    def backward(self, dout):
        return np.dot(dout, dout)
'''


def test_a_mutant_is_the_reference_with_the_edit_and_a_one_line_bug_docstring():
    mutant = Mutant("affine", "bad_x", "np.dot(dout, dout)", "dout", bug="backward forgets the product.")
    lines = mutated_source(mutant, REFERENCE).splitlines()
    assert lines[0] == '"""Bug: backward forgets the product."""'
    assert lines[1:] == REFERENCE.splitlines()[2:-1] + ["        return dout"]


def test_within_limits_the_edit_to_one_method_and_edits_are_made_in_order():
    mutant = Mutant("affine", "bad_x", (("np.dot(", "np.matmul("), ("np.matmul(x", "np.matmul(-x")),
                    within="Layer.forward", bug="forward negates x.")
    source = mutated_source(mutant, REFERENCE)
    assert "return np.matmul(-x, x)" in source
    assert "return np.dot(dout, dout)" in source
    assert "### BEGIN SOLUTION" in source  # the reference's lines stay, so do their numbers


def test_count_says_how_many_times_old_stands_and_all_are_replaced():
    mutant = Mutant("affine", "bad_x", "np.dot", "np.outer", count=2, bug="outer products.")
    assert mutated_source(mutant, REFERENCE).count("np.outer") == 2


@pytest.mark.parametrize("mutant, words", [
    (Mutant("affine", "bad_stale", "np.sum(x)", "x", bug="b."), ["affine/bad_stale", "'np.sum(x)'", "0 times"]),
    (Mutant("affine", "bad_twice", "np.dot", "x", bug="b."), ["affine/bad_twice", "'np.dot'", "2 times"]),
    (Mutant("affine", "bad_within", "x", "y", within="Layer.update", bug="b."), ["has no Layer.update"]),
    (Mutant("affine", "bad_doc", "A reference", "x", bug="b."), ["'A reference'", "0 times"]),  # not the docstring
])
def test_an_edit_that_no_longer_applies_is_loud_and_names_the_mutant(mutant, words):
    with pytest.raises(StaleMutant) as error:
        mutated_source(mutant, REFERENCE)
    for word in words:
        assert word in str(error.value)


def test_a_mutant_needs_a_one_line_bug_and_either_old_and_new_or_edits():
    with pytest.raises(ValueError, match="bug"):
        Mutant("affine", "bad_x", "a", "b")
    with pytest.raises(ValueError, match="bug"):
        Mutant("affine", "bad_x", "a", "b", bug="two\nlines")
    with pytest.raises(ValueError, match="old and new"):
        Mutant("affine", "bad_x", "a", bug="no new")
    with pytest.raises(ValueError, match="old and new"):
        Mutant("affine", "bad_x", (("a", "b"),), "c", bug="both")


def test_every_mutant_of_the_table_applies_to_its_reference_and_compiles(tmp_path):
    for mutant in MUTANTS:
        path = build(mutant, tmp_path)
        assert path == tmp_path / mutant.exercise / f"{mutant.name}.py"
        source = path.read_text(encoding="utf-8")
        assert source != mutant.reference().read_text(encoding="utf-8")
        compile(source, str(path), "exec")
