"""The catalog, the solutions and the stubs stay in step."""

import ast
import tomllib

import pytest

from autograder import checks, cli, presets, resources, schema
from autograder.catalog import CatalogError, Symbol, load_catalog
from autograder.checks import checks_for
from autograder.messages import LANGS
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
            # a subclass without its own __init__ takes its base's (RnnlmGen(Rnnlm)): the loads check
            # holds it to the signature when the reference is graded
            args = [a.arg for a in init.args.args[1:]] if init else (None if node.bases else [])
            defined[node.name] = ("class", args)
        elif isinstance(node, ast.FunctionDef):
            defined[node.name] = ("def", [a.arg for a in node.args.args])
    for symbol in exercise.symbols:
        assert symbol.name in defined, f"{exercise.id}: the solution lacks {symbol.name}"
        kind, args = defined[symbol.name]
        assert kind == symbol.kind
        assert args is None or args == list(symbol.required + symbol.optional), \
            f"{symbol.name}{args} vs {symbol.signature}"


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


# -- the schema: every kind of mistake in catalog.toml stops the load, saying where ---------------------

REAL_CATALOG = (resources.exercises_root() / "catalog.toml").read_text(encoding="utf-8")


def load_edited(folder, old, new):
    """The real catalog with one change: the one place that reads `old` reads `new`."""
    assert REAL_CATALOG.count(old) == 1, f"{old!r} should appear exactly once in catalog.toml"
    (folder / "catalog.toml").write_text(REAL_CATALOG.replace(old, new), encoding="utf-8")
    return load_catalog(folder)


STATEFUL_TIME_LSTM = ('  state = ["h", "c"]\n  forward = ["randn(N,T,D)"]\n  dout = "randn(N,T,H)"\n'
                      '  gradients_read = ["dh"]\n  time_axis = 1\n  checks = ["forward", "backward", "gradcheck"]')
SAMPLER_CHECK = ('{ call = "get_negative_sample", args = ["labels(R,V)"], as = "negatives" },\n  ]\n'
                 '  checks = [{ check = "negative samples", distribution = true }]')


MISTAKES = [  # (the real catalog's text, the same text with one mistake, the error it gives)
    # an unknown key: of an exercise, of a probe, of a check; a misspelt step, check, preset, value table
    ('chapter = 1\ntitle = { en = "The MatMul', 'chaptre = 1\ntitle = { en = "The MatMul',
     "exercise 'affine': unknown key 'chaptre' (did you mean 'chapter'?)"),
    (STATEFUL_TIME_LSTM, STATEFUL_TIME_LSTM.replace("gradients_read", "gradient_read"),
     "exercise 'time_lstm', probe 2: unknown key 'gradient_read' (did you mean 'gradients_read'?)"),
    ('args = ["randn(N,H)", "randn(N,H)"] },\n    { forward = ["randn(N,T,D)"], as = "from_state" },\n'
     '    { call = "reset_state" },',
     'args = ["randn(N,H)", "randn(N,H)"] },\n    { forward = ["randn(N,T,D)"], as = "from_state" },\n'
     '    { cal = "reset_state" },',
     "exercise 'time_lstm', probe 3, steps #4: unknown step 'cal' (did you mean 'call'?)"),
    ('    { new = [0.5] },\n    { set = {', '    { new = [0.5], seed = true },\n    { set = {',
     "exercise 'time_dropout', probe 3, steps #1: a step does one thing; this one says new and seed"),
    (STATEFUL_TIME_LSTM, STATEFUL_TIME_LSTM.replace('"gradcheck"', '"gradchek"'),
     "exercise 'time_lstm', probe 2, checks #3: unknown check 'gradchek' (did you mean 'gradcheck'?)"),
    (SAMPLER_CHECK, SAMPLER_CHECK.replace("distribution", "distributon"),
     "exercise 'unigram_sampler', probe 1, check 'negative samples': unknown option 'distributon' "
     "(did you mean 'distribution'?)"),
    ('  kind = "fit"', '  kind = "fitt"',
     "exercise 'two_layer_net', probe 2, kind: unknown kind 'fitt' (did you mean 'fit'?)"),
    ('args = [{ str = "The cat', 'args = [{ string = "The cat',
     "exercise 'preprocess', probe 2, args #1: unknown value table 'string' (did you mean 'str'?)"),
    ('  min_accuracy = 0.9', '  min_accuracy = 0.9\n  rtol = 1e-3',
     "exercise 'two_layer_net', probe 2: 'rtol' is an option of the forward, backward"),
    # a wrong type
    ('points = 10\nhints = [\n  { en = "Let the shapes', 'points = "ten"\nhints = [\n  { en = "Let the shapes',
     "exercise 'affine', points: expected a number, got 'ten'"),
    ('  speed = { N = 20, D = 300, H = 300 }\n  sizes = [{ N = 4, D = 5, H = 3 }, { N = 1, D = 3, H = 2 }]',
     '  speed = { N = 20, D = 300, H = 300 }\n  sizes = { N = 4, D = 5, H = 3 }',
     "exercise 'affine', probe 2, sizes: expected a list (each a table of sizes such as { N = 4 })"),
    ('  sizes = [{ N = 3, D = 4, H = 5 }, { N = 1, D = 2, H = 3 }]',
     '  sizes = [{ N = 3, D = 4, H = 5 }, { N = 1, D = 2.5, H = 3 }]',
     "exercise 'lstm', probe 1, sizes #2, D: expected an integer, got 2.5"),
    ('  epochs = 300', '  epochs = "300"',
     "exercise 'two_layer_net', probe 2, epochs: expected an integer, got '300'"),
    ('  label = { en = "norm exactly max_norm", zh = "范数正好等于 max_norm" }', '  label = "norm exactly max_norm"',
     "exercise 'clip_grads', probe 3, label: expected a table { en, zh }, got 'norm exactly max_norm'"),
    # a missing required field
    ('id = "sigmoid"\n', '', "exercise #2: missing required key 'id'"),
    ('module = "ch01/affine.py"\n', '', "exercise 'affine': missing required key 'module'"),
    ('symbols = ["def preprocess(text)"]\n', '', "exercise 'preprocess': missing required key 'symbols'"),
    ('  label = { en = "norm exactly max_norm", zh = "范数正好等于 max_norm" }',
     '  label = { en = "norm exactly max_norm" }',
     "exercise 'clip_grads', probe 3, label: missing required key 'zh'"),
    ('  kind = "fit"\n  symbol = "TwoLayerNet"', '  kind = "fit"',
     "exercise 'two_layer_net', probe 2: missing required key 'symbol'"),
    ('  epochs = 300\n', '', "exercise 'two_layer_net', probe 2: missing required key 'epochs'"),
    ('{ check = "no full call", function = "numpy.linalg.svd", shown', '{ check = "no full call", shown',
     "exercise 'svd', probe 2, check 'no full call': missing required option 'function'"),
    # what the schema cannot say alone: a probe of the exercise's own symbols, known exercises it depends on
    ('  symbol = "Affine"', '  symbol = "Afine"',
     "exercise 'affine', probe 2, symbol: unknown symbol 'Afine' (did you mean 'Affine'?)"),
    ('depends = ["lstm"]', 'depends = ["lstn"]',
     "exercise 'time_lstm', depends: unknown exercise 'lstn' (did you mean 'lstm'?)"),
    ('symbols = ["def preprocess(text)"]', 'symbols = ["function preprocess(text)"]',
     "exercise 'preprocess', symbols #1: symbol 'function preprocess(text)' must start with 'class' or 'def'"),
    # keywords: of its own symbols, naming their parameters, with the script that passes them
    ('keywords = { SGD = { names = ["lr"]', 'keywords = { SDG = { names = ["lr"]',
     "exercise 'optimizers', keywords: unknown symbol 'SDG' (did you mean 'SGD'?); not among its symbols"),
    ('keywords = { TwoLayerNet = { names = ["input_size"', 'keywords = { TwoLayerNet = { names = ["in_size"',
     "exercise 'two_layer_net', keywords, TwoLayerNet, names: unknown parameter 'in_size' (did you mean "
     "'input_size'?) of TwoLayerNet(input_size, hidden_size, output_size)"),
    ('{ names = ["stateful"], script = "ch06/rnnlm.py" }', '{ names = ["stateful"] }',
     "exercise 'time_lstm', keywords, TimeLSTM: missing required key 'script'"),
    # hints that follow the diagnosis: a kind of diagnosis that exists, of the exercise's own symbols and mistakes
    ('{ diagnosis = "diag.averaged", symbol = "SoftmaxWithLoss"', '{ diagnosis = "diag.averagd", symbol = '
     '"SoftmaxWithLoss"', "exercise 'softmax_with_loss', hint_for #1, diagnosis: unknown message key "
     "'diag.averagd' (did you mean 'diag.averaged'?)"),
    ('{ diagnosis = "diag.not_summed", symbol = "Affine"', '{ diagnosis = "diag.not_summed", symbol = "Afine"',
     "exercise 'affine', hint_for #1, symbol: unknown symbol 'Afine' (did you mean 'Affine'?); not among its "
     "symbols"),
    ('{ diagnosis = "diag.not_summed", symbol = "Affine"', '{ diagnosis = "variant", of = "db-not-summed"',
     "exercise 'affine', hint_for #1, of: unknown variant 'db-not-summed'; not among the exercise's variants"),
    ('id = "softmax-over-the-whole-array"', 'id = "softmax-over-the-batch"',
     "exercise 'softmax', probe 1, variants #2: the id 'softmax-over-the-batch' names another variant already"),
    ('{ id = "softmax-over-the-batch", edits', '{ id = 7, edits',
     "exercise 'softmax', probe 1, variants #1, id: expected a string, got 7"),
    ]


@pytest.mark.parametrize("old, new, error", MISTAKES, ids=[error[:70] for _, _, error in MISTAKES])
def test_a_mistake_in_the_catalog_fails_the_load_saying_where(tmp_path, old, new, error):
    with pytest.raises(CatalogError) as caught:
        load_edited(tmp_path, old, new)
    assert str(caught.value).startswith(f"catalog.toml: {error}")
    assert "\n" not in str(caught.value)


def test_an_unknown_top_level_table_and_a_toml_syntax_error_fail_the_load(tmp_path):
    (tmp_path / "catalog.toml").write_text(REAL_CATALOG + '\n[[exercize]]\nid = "x"\n', encoding="utf-8")
    with pytest.raises(CatalogError, match=r"^catalog.toml: unknown key 'exercize' \(did you mean 'exercise'\?\)$"):
        load_catalog(tmp_path)
    with pytest.raises(CatalogError, match=r"^catalog.toml: .*\(at line \d+, column \d+\)$"):
        load_edited(tmp_path, 'id = "nodes"', 'id = "nodes')


ONE_EXERCISE = """
[[exercise]]
id = "scale"
chapter = 1
title = { en = "Scaling", zh = "缩放" }
module = "ch01/scale.py"
symbols = ["def scale(x)"]
BOOK

  [[exercise.probe]]
  kind = "call"
  symbol = "scale"
  args = ["randn(N)"]
"""


@pytest.mark.parametrize("book, modules", [
    ("", ()),
    ('book = "common.layers"', ("common.layers",)),
    ('book = ["common.layers", "common.util"]', ("common.layers", "common.util")),
])
def test_an_exercise_may_name_the_book_modules_of_its_symbols(tmp_path, book, modules):
    (tmp_path / "catalog.toml").write_text(ONE_EXERCISE.replace("BOOK", book), encoding="utf-8")
    assert load_catalog(tmp_path)["scale"].book == modules


def test_book_is_a_module_name_or_a_list_of_them(tmp_path):
    (tmp_path / "catalog.toml").write_text(ONE_EXERCISE.replace("BOOK", 'book = ["common.layers", 3]'),
                                           encoding="utf-8")
    with pytest.raises(CatalogError, match=r"^catalog.toml: exercise 'scale', book: expected a string or a list"):
        load_catalog(tmp_path)


def test_autograder_list_names_a_misspelt_key_in_one_line_and_exits_2(tmp_path, monkeypatch, capsys):
    (tmp_path / "catalog.toml").write_text(REAL_CATALOG.replace(STATEFUL_TIME_LSTM, STATEFUL_TIME_LSTM.replace(
        "gradients_read", "gradient_read")), encoding="utf-8")
    monkeypatch.setattr(resources, "exercises_root", lambda: tmp_path)
    assert cli.main(["list"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == ("catalog.toml: exercise 'time_lstm', probe 2: unknown key 'gradient_read' "
                                 "(did you mean 'gradients_read'?)\n")


def test_presets_expand_once_when_the_catalog_loads(monkeypatch):
    probe = catalog["affine"].probes[1]
    monkeypatch.setattr(presets, "expand", lambda *args: pytest.fail("a preset expanded again on access"))
    assert probe.steps[0]["op"] == "new" and probe.steps is probe.steps
    assert [c.check for c in probe.checks] == ["interface", "forward", "backward", "gradcheck", "conventions",
                                               "precision", "speed"]
    assert [c.title() for c in checks_for(catalog["affine"])]


def test_the_schema_knows_exactly_the_registered_checks_and_the_presets():
    assert set(schema.CHECKS) == set(checks.REGISTRY)
    assert set(schema.PROBE_KINDS) == set(presets.PRESETS) | {"steps"}
    assert {name for _, defaults in presets.PRESETS.values() for name in defaults} <= set(schema.CHECKS)


@pytest.mark.parametrize("form", list(schema.STEPS))
def test_every_step_form_of_the_schema_is_one_the_presets_turn_into_an_op(form):
    minimal = {"new": [], "forward": [], "call": "m", "fn": [], "backward": [], "get": "a", "set": {},
               "params": [], "seed": True, "let": "p", "var": "p", "trainer": "RnnlmTrainer", "generate": [],
               "again": {"T": 8}}
    required = {"trainer": {"data": ["markov(L,V)"]}}.get(form, {})
    schema.STEP.validate({form: minimal[form], **required}, [])
    assert presets.normalise({form: minimal[form], **required})["op"]
