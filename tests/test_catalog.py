"""The catalog, the solutions and the stubs stay in step."""

import ast
import tomllib

import pytest

from autograder import resources
from autograder.catalog import LANGS, Symbol, load_catalog
from autograder.checks import checks_for
from autograder.stubs import BEGIN, END, MarkerError, make_stub

CHAPTER_1 = ["nodes", "sigmoid", "affine", "softmax", "softmax_with_loss", "optimizers", "two_layer_net"]
catalog = load_catalog()


def test_chapter_1_has_exactly_the_curriculum_ids_in_book_order():
    assert [ex.id for ex in catalog if ex.chapter == 1] == CHAPTER_1


@pytest.mark.parametrize("exercise", list(catalog), ids=lambda ex: ex.id)
def test_every_exercise_is_complete_in_both_languages(exercise):
    assert exercise.solution_path.is_file()
    assert exercise.stub_path.is_file()
    for lang in LANGS:
        assert exercise.title.get(lang), f"{exercise.id} lacks a {lang} title"
        text = exercise.instructions_path(lang).read_text(encoding="utf-8")
        assert text.startswith("# "), f"{exercise.id}.{lang}.md should open with a title"
    assert len(exercise.hints) >= 2
    assert all(h["en"] and h["zh"] and h["en"] != h["zh"] for h in exercise.hints)
    assert exercise.probes, "an exercise without probes cannot be graded"
    names = [check.title() for check in checks_for(exercise)]
    assert len(names) == len(set(names)), "check names must be unique (they are pytest ids and JSON keys)"


@pytest.mark.parametrize("exercise", list(catalog), ids=lambda ex: ex.id)
def test_solution_defines_the_catalog_symbols_with_the_books_signatures(exercise):
    tree = ast.parse(exercise.solution_path.read_text(encoding="utf-8"))
    defined = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            init = next((n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None)
            args = [a.arg for a in init.args.args[1:]] if init else []
            defined[node.name] = ("class", args)
        elif isinstance(node, ast.FunctionDef):
            defined[node.name] = ("def", [a.arg for a in node.args.args])
    for symbol in exercise.symbols:
        assert symbol.name in defined, f"{exercise.id}: the solution lacks {symbol.name}"
        kind, args = defined[symbol.name]
        assert kind == symbol.kind
        assert args == list(symbol.required + symbol.optional), f"{symbol.name}{args} vs {symbol.signature}"


@pytest.mark.parametrize("exercise", list(catalog), ids=lambda ex: ex.id)
def test_stub_is_derived_from_the_solution(exercise):
    solution = exercise.solution_path.read_text(encoding="utf-8")
    stub = exercise.stub_path.read_text(encoding="utf-8")
    assert BEGIN in solution and END in solution
    assert stub == make_stub(solution), f"run `python -m autograder.stubs` to refresh {exercise.stub_path}"
    assert "raise NotImplementedError()" in stub and BEGIN not in stub


def test_stub_rule_keeps_formula_comments_and_drops_code():
    source = "def f(x):\n    ### BEGIN SOLUTION\n    # y = 2x\n    y = 2 * x\n    return y\n    ### END SOLUTION\n"
    assert make_stub(source) == "def f(x):\n    # y = 2x\n    # YOUR CODE HERE\n    raise NotImplementedError()\n"


@pytest.mark.parametrize("broken", [
    "    ### BEGIN SOLUTION\n    x = 1\n",
    "    x = 1\n    ### END SOLUTION\n",
    "    ### BEGIN SOLUTION\n    ### BEGIN SOLUTION\n",
])
def test_stub_rule_rejects_unbalanced_markers(broken):
    with pytest.raises(MarkerError):
        make_stub(broken)


def test_symbol_signatures_parse_required_and_optional_arguments():
    adam = Symbol.parse("class Adam(lr=0.001, beta1=0.9, beta2=0.999)")
    assert (adam.kind, adam.name, adam.required, adam.optional) == ("class", "Adam", (), ("lr", "beta1", "beta2"))
    assert Symbol.parse("def cross_entropy_error(y, t)").required == ("y", "t")


def test_catalog_file_is_the_one_source():
    with open(resources.exercises_root() / "catalog.toml", "rb") as fh:
        raw = tomllib.load(fh)
    assert [e["id"] for e in raw["exercise"]] == catalog.ids
