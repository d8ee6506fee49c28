"""The grading engine's general mechanisms, beyond any one exercise: the public gradcheck on
layers with several inputs and outputs, shared params and state; values of the catalog;
the averaging diagnosis; a probe written as steps in a scratch catalog."""

import importlib
import sys

import numpy as np
import pytest

from autograder import GradcheckError, gradcheck, resources
from autograder.catalog import Catalog, Exercise, Probe, Symbol
from autograder.diagnosis import CAUSE_RELATIONS, compare, divisors_of, relation_holds
from autograder.grader import grade
from autograder.tensors import SpecError, build


@pytest.fixture(scope="module")
def ref():
    sys.path.insert(0, str(resources.solutions_root()))
    try:
        yield lambda name: importlib.import_module(name)
    finally:
        sys.path.remove(str(resources.solutions_root()))


def _lstm_weights(rng, D=3, H=4):
    return rng.standard_normal((D, 4 * H)) * 0.5, rng.standard_normal((H, 4 * H)) * 0.5, rng.standard_normal(4 * H)


def test_gradcheck_takes_an_lstm_cell_with_two_outputs_and_two_douts(ref):
    rng = np.random.default_rng(1)
    lstm = ref("ch06.lstm").LSTM(*_lstm_weights(rng))
    x, h, c = rng.standard_normal((2, 3)), rng.standard_normal((2, 4)), rng.standard_normal((2, 4))
    report = gradcheck(lstm, x, h, c)  # one random dout per output: (dh_next, dc_next)
    assert report and [t.name for t in report.tensors] == ["input 0", "input 1", "input 2", "params[0]",
                                                             "params[1]", "params[2]"]
    report = gradcheck(lstm, x, h, c, dout=[rng.standard_normal((2, 4)), np.zeros((2, 4))], mode="directional")
    assert report and all(t.directional for t in report.tensors)


def test_gradcheck_names_the_wrong_input_of_a_two_input_layer():
    class WeightSum:  # the book's ch08 WeightSum: c = Σ_t a_t h_t, with da wrong by a factor of 2
        params, grads = [], []

        def forward(self, hs, a):
            self.hs, self.a = hs, a
            return np.sum(hs * a[:, :, None], axis=1)

        def backward(self, dc):
            dhs = dc[:, None, :] * self.a[:, :, None]
            da = 2 * np.sum(dhs / self.a[:, :, None] * self.hs, axis=2)
            return dhs, da

    rng = np.random.default_rng(2)
    with pytest.raises(GradcheckError) as err:
        gradcheck(WeightSum(), rng.standard_normal((2, 5, 3)), rng.random((2, 5)))
    verdicts = {t.name: t.passed for t in err.value.report.tensors}
    assert verdicts == {"input 0": True, "input 1": False}


def test_gradcheck_sums_the_grads_of_a_shared_param_as_remove_duplicate_does(ref):
    np.random.seed(0)
    model = ref("ch03.simple_cbow").SimpleCBOW(6, 3)
    rng = np.random.default_rng(3)
    contexts = np.eye(6, dtype=int)[rng.integers(0, 6, (4, 2))]
    target = np.eye(6, dtype=int)[rng.integers(0, 6, 4)]
    report = gradcheck(model, contexts, target, tol=1e-4)  # log(y + 1e-7) shifts the gradient by ~1e-5
    assert report
    assert [t.name for t in report.tensors] == ["params[0] + params[1]", "params[2]"]
    assert any("one array" in note for note in report.notes)


def test_gradcheck_replays_a_stateful_layer_from_its_state(ref):
    rng = np.random.default_rng(4)
    layer = ref("ch06.time_lstm").TimeLSTM(*_lstm_weights(rng), stateful=True)
    layer.forward(rng.standard_normal((2, 3, 3)))  # h and c now carry over into the checked call
    before = layer.h.copy()
    assert gradcheck(layer, rng.standard_normal((2, 3, 3)), mode="directional")
    assert np.array_equal(layer.h, before)  # the check leaves the layer as it found it


def test_gradcheck_catches_a_wrong_gate_in_both_modes(ref):
    lstm_module = ref("ch06.lstm")

    class WrongInputGate(lstm_module.LSTM):
        def backward(self, dh_next, dc_next):
            dx, dh_prev, dc_prev = super().backward(dh_next, dc_next)
            H = self.params[1].shape[0]
            self.grads[0][:, 2 * H:3 * H] *= 1.5
            return dx, dh_prev, dc_prev

    rng = np.random.default_rng(5)
    for mode in ("full", "directional"):
        layer = WrongInputGate(*_lstm_weights(rng))
        report = gradcheck(layer, rng.standard_normal((2, 3)), rng.standard_normal((2, 4)),
                           rng.standard_normal((2, 4)), mode=mode, raise_exception=False)
        assert [t.name for t in report.tensors if not t.passed] == ["params[0]"], mode


def test_values_the_catalog_can_write():
    rng = np.random.default_rng(0)
    sizes = {"N": 2, "H": 3}
    assert build("randn(N,4*H)", sizes, rng).shape == (2, 12)
    assert build("4*H", sizes, rng) == 12
    assert build({"str": "You say"}, sizes, rng) == "You say"
    assert build({"ints": [1, 2]}, sizes, rng).dtype.kind == "i"
    mask = build({"bools": [[True, False], [False, False]]}, sizes, rng)
    assert mask.dtype == bool and mask.tolist() == [[True, False], [False, False]]
    assert [a.shape for a in build(["randn(N)", "zeros(H)"], sizes, rng)] == [(2,), (3,)]
    assert build("toy_text", sizes, rng) == "You say goodbye and I say hello."
    assert build("toy_id_to_word", sizes, rng)[0] == "you"
    assert build("causal(H)", sizes, rng).tolist() == [[True, False, False], [True, True, False], [True] * 3]
    ignore = build("labels_ignore(N,H,5)", sizes, rng)
    assert ignore.shape == (2, 3) and ignore.min() >= -1
    counts = build("symcounts(5,4)", sizes, rng)
    assert counts.shape == (5, 5) and (counts == counts.T).all() and not counts.diagonal().any()
    corpus = build("zipf(50,6)", sizes, rng)
    assert len(corpus) == 50 and set(corpus) == set(range(6))
    with pytest.raises(SpecError, match="not in the probe's sizes"):
        build("randn(N,T)", sizes, rng)
    with pytest.raises(SpecError, match="unknown value generator"):
        build("gauss(N)", sizes, rng)


def test_the_averaging_diagnosis_knows_n_times_t_and_the_mask():
    labels = np.array([[0, 1, -1], [2, -1, 1]])
    scores = np.zeros((2, 3, 4))
    divisors = divisors_of([scores, labels])
    assert divisors == {"N": 2, "N·T": 6, "mask.sum()": 4}
    expected = np.random.default_rng(0).standard_normal((2, 3, 4))
    assert "N·T = 6" in compare(expected * 6, expected, "dxs", divisors=divisors).render()
    assert "mask.sum() = 4" in compare(expected * 4, expected, "dxs", divisors=divisors).render()
    assert "once too often" in compare(expected / 6, expected, "dxs", divisors=divisors).render()
    # a mean over every position where only the unmasked ones count: 4/6 of the expected
    over_all = compare(expected * 4 / 6, expected, "dxs", divisors=divisors).render()
    assert "divided by N·T = 6 instead of mask.sum() = 4" in over_all
    loss = compare(1.5 * 4 / 6, 1.5, "loss", divisors=divisors)
    assert "divided by N·T = 6 instead of mask.sum() = 4" in loss.render()
    assert "N·T = 6" in loss.render("zh") and "mask.sum() = 4" in loss.render("zh")


def test_a_named_cause_holds_only_for_its_own_relation_to_the_expected_value():
    from autograder import schema

    assert set(schema.CAUSE.fields["when"].type.choices) == set(CAUSE_RELATIONS)
    want = np.array([[0.0, 1.5, 0.0], [1.5, 0.0, 2.0], [0.0, 2.0, 0.0]])

    def holding(got, **kw):
        return [r for r in ("factor", "diagonal", "fewer", "negative_where_zero", "nonzero_where_zero", "nonfinite")
                if relation_holds(r, got, want, **kw)]

    assert holding(want * np.log(2), factor=np.log(2)) == ["factor", "fewer"]
    assert holding(want * np.log(2), factor=np.log10(2)) == ["fewer"]
    assert holding(want + np.eye(3)) == ["diagonal", "nonzero_where_zero"]
    assert holding(np.where(want == 0, -3.0, want)) == ["fewer", "negative_where_zero", "nonzero_where_zero"]
    # a masked position given weight: right everywhere but where the expected value is exactly 0
    assert holding(np.where(want == 0, 0.1, want)) == ["nonzero_where_zero"]
    assert holding(np.where(want == 0, 0.1, want * 0.9)) == []  # wrong elsewhere too: something else is
    assert holding(np.where(want == 0, np.nan, want)) == ["nonfinite"]
    assert holding(want) == []  # a right value stands in no relation: nothing to name
    assert not relation_holds("diagonal", np.ones(3), np.zeros(3))  # not a square matrix
    assert not relation_holds("fewer", "text", want)


def test_a_directional_failure_is_reported_when_no_sampled_element_shows_it():
    from autograder.checks import Gradcheck, Item

    exercise = _scratch_exercise([])
    check = Gradcheck(exercise, exercise.probes[0])
    v = np.ones((3,)) / np.sqrt(3)
    got = {"dx": np.zeros(3), "grads": [], "numeric": {"input0": {
        "eps": 1e-5, "directions": [v], "plus": np.array([1.0]), "minus": np.array([-1.0])}}}
    item = Item({"sizes": {}, "steps": []}, got, {"dx": np.zeros(3), "grads": [], "out.params": ["x"]})
    result = check.run([item])
    assert not result.passed and "along a random direction" in result.text()


def _scratch_exercise(probes, symbol="Scale"):
    return Exercise(id="scratch", chapter=99, title={"en": "scratch", "zh": "草稿"}, module="ch99/scratch.py",
                    symbols=(Symbol.parse(f"class {symbol}(k)"),), depends=(), points=10, timeout=10, hints=(),
                    probes=tuple(probes) or (Probe("layer", symbol, {"forward": ["randn(N)"]}),))


SCALE = '''
import numpy as np

class Scale:
    def __init__(self, k):
        self.k, self.params, self.grads = k, [], []
        self.calls = 0

    def forward(self, x):
        self.calls += 1
        return x * self.k

    def scaled(self, x):
        return x * self.k
'''


def test_a_probe_written_as_steps_needs_no_engine_code(tmp_path):
    """A scratch catalog entry: construct, set an attribute, call a method, read an attribute, compare."""
    probe = Probe("steps", "Scale", {
        "steps": [{"new": [2.0]}, {"set": {"k": 3.0}}, {"call": "scaled", "args": ["randn(N)"], "as": "y"},
                  {"forward": ["randn(N)"]}, {"get": "calls"}],
        "checks": [{"check": "match", "values": ["y", "calls"]}],
        "sizes": [{"N": 4}],
    })
    exercise = _scratch_exercise([probe])
    solutions = tmp_path / "ch99"
    solutions.mkdir()
    reference = solutions / "scratch.py"
    reference.write_text(SCALE)
    wrong = tmp_path / "wrong.py"
    wrong.write_text(SCALE.replace("def scaled(self, x):\n        return x * self.k",
                                   "def scaled(self, x):\n        return x * 2.0"))
    import autograder.catalog as catalog_module

    original = catalog_module.Exercise.solution_path
    try:
        catalog_module.Exercise.solution_path = property(lambda self: reference)
        ok = grade("scratch", reference, catalog=Catalog([exercise]))
        bad = grade("scratch", wrong, catalog=Catalog([exercise]))
    finally:
        catalog_module.Exercise.solution_path = original
    assert ok.passed, [(c.name, c.text()) for c in ok.checks]
    failing = [c for c in bad.checks if not c.passed]
    assert [c.name for c in failing] == ["result: Scale"]
    assert "y differs" in failing[0].text() or "y is" in failing[0].text()


def test_steps_must_name_their_checks():
    from autograder.presets import PresetError, expand

    with pytest.raises(PresetError, match="must list its checks"):
        expand("steps", {"steps": [{"new": []}]})
    with pytest.raises(PresetError, match="must say what it does"):
        expand("steps", {"steps": [{"frobnicate": 1}], "checks": []})


NEGATIVE = '''
import numpy as np

class Scores:
    """Scores of a target and of negatives drawn from self.sampler, the way NegativeSamplingLoss draws."""
    def __init__(self, W):
        self.params, self.grads = [W], [np.zeros_like(W)]
        self.sampler = None

    def forward(self, h, target):
        negatives = self.sampler.get_negative_sample(target)
        self.cache = (h, negatives)
        W, = self.params
        return np.sum(W[negatives] * h[:, None, :], axis=2)

    def backward(self, dout):
        h, negatives = self.cache
        W, = self.params
        self.grads[0][...] = 0
        np.add.at(self.grads[0], negatives, dout[:, :, None] * h[:, None, :])
        return np.sum(dout[:, :, None] * W[negatives], axis=1), None
'''


def _grade_scratch(tmp_path, source, probes, symbol, bad=None):
    symbol_text = f"class {symbol}()" if "__init__(self):" in source else f"class {symbol}(W)"
    import autograder.catalog as catalog_module

    exercise = Exercise(id="scratch", chapter=99, title={"en": "scratch", "zh": "草稿"}, module="ch99/scratch.py",
                        symbols=(Symbol.parse(symbol_text),), depends=(), points=10, timeout=10, hints=(),
                        probes=tuple(probes))
    reference = tmp_path / "reference.py"
    reference.write_text(source)
    original = catalog_module.Exercise.solution_path
    try:
        catalog_module.Exercise.solution_path = property(lambda self: reference)
        results = [grade("scratch", reference, catalog=Catalog([exercise]))]
        if bad is not None:
            wrong = tmp_path / "wrong.py"
            wrong.write_text(bad)
            results.append(grade("scratch", wrong, catalog=Catalog([exercise])))
    finally:
        catalog_module.Exercise.solution_path = original
    return results


def test_what_a_layer_draws_can_be_injected_so_its_check_is_deterministic(tmp_path):
    probe = Probe("layer", "Scores", {
        "init": ["randn(V,D)"],
        "setup": [{"set": {"sampler": {"returns": {"get_negative_sample": "labels(N,S,V)"}}}}],
        "forward": ["randn(N,D)", "labels(N,V)"],
        "dout": "randn(N,S)",
        "wrt": [0],
        "sizes": [{"N": 3, "D": 4, "V": 6, "S": 5}],
    })
    bad = NEGATIVE.replace("np.add.at(self.grads[0], negatives,", "self.grads[0][negatives] = (")
    ok, wrong = _grade_scratch(tmp_path, NEGATIVE, [probe], "Scores", bad)
    assert ok.passed, [(c.name, c.text()) for c in ok.checks if not c.passed]
    backward = next(c for c in wrong.checks if c.name == "backward: Scores")
    assert not backward.passed and "dW" in backward.text()


def test_a_check_carries_its_weight_and_one_reported_only_never_fails_a_grade(tmp_path):
    scale = SCALE.replace("class Scale:\n    def __init__(self, k):", "class Scale:\n    def __init__(self, W):\n"
                                                                     "        k = W")
    probe = Probe("steps", "Scale", {
        "steps": [{"new": [2.0]}, {"call": "scaled", "args": ["randn(N)"], "as": "y"}, {"get": "k"}],
        "checks": [{"check": "match", "values": ["y"], "weight": 3},
                   {"check": "match", "values": ["k"], "name": "k", "scored": False}],
        "sizes": [{"N": 4}],
    })
    ok, wrong = _grade_scratch(tmp_path, scale, [probe], "Scale",
                               bad=scale.replace("        self.k, self.params", "        self.k2, self.params")
                               .replace("return x * self.k", "return x * self.k2"))
    assert ok.passed and ok.score == ok.max_score
    unscored = next(c for c in wrong.checks if c.name == "k: Scale")
    assert not unscored.passed and not unscored.scored
    assert wrong.passed and wrong.score == wrong.max_score  # the reported-only check does not count
    assert wrong.to_json()["checks"][-1]["scored"] is False


def test_the_score_weighs_each_scored_check(tmp_path):
    scale = SCALE.replace("class Scale:\n    def __init__(self, k):", "class Scale:\n    def __init__(self, W):\n"
                                                                     "        k = W")
    probe = Probe("steps", "Scale", {
        "steps": [{"new": [2.0]}, {"call": "scaled", "args": ["randn(N)"], "as": "y"}],
        "checks": [{"check": "match", "values": ["y"], "weight": 3}],
        "sizes": [{"N": 4}],
    })
    _, wrong = _grade_scratch(tmp_path, scale, [probe], "Scale",
                              bad=scale.replace("def scaled(self, x):\n        return x * self.k",
                                                "def scaled(self, x):\n        return x + self.k"))
    assert [c.passed for c in wrong.checks] == [True, False]  # loads (weight 1), y (weight 3)
    assert [c.points for c in wrong.checks] == [2.5, 7.5]
    assert wrong.score == 0  # loads supports the behaviour check, which fails: it earns nothing yet


TIME_SOFTMAX_REFERENCE = '''
import numpy as np

class TimeSoftmaxWithLoss:
    def __init__(self):
        self.params, self.grads = [], []
        self.ignore_label = -1

    def forward(self, xs, ts):
        N, T, V = xs.shape
        e = np.exp(xs - xs.max(axis=2, keepdims=True))
        self.ys = e / e.sum(axis=2, keepdims=True)
        self.ts, self.mask = ts, ts != self.ignore_label
        picked = self.ys[np.arange(N)[:, None], np.arange(T), np.where(self.mask, ts, 0)]
        return -np.sum(np.log(picked) * self.mask) / self.mask.sum()

    def backward(self, dout=1):
        N, T, V = self.ys.shape
        dx = self.ys.copy()
        dx[np.arange(N)[:, None], np.arange(T), np.where(self.mask, self.ts, 0)] -= 1
        return dx * self.mask[:, :, None] * dout / self.mask.sum()
'''

# the book's common/time_layers.py, as printed: backward writes into the cached ys
TIME_SOFTMAX_BOOK = '''
from common.np import *
from common.functions import softmax


class TimeSoftmaxWithLoss:
    def __init__(self):
        self.params, self.grads = [], []
        self.cache = None
        self.ignore_label = -1

    def forward(self, xs, ts):
        N, T, V = xs.shape

        if ts.ndim == 3:
            ts = ts.argmax(axis=2)

        mask = (ts != self.ignore_label)

        xs = xs.reshape(N * T, V)
        ts = ts.reshape(N * T)
        mask = mask.reshape(N * T)

        ys = softmax(xs)
        ls = np.log(ys[np.arange(N * T), ts])
        ls *= mask
        loss = -np.sum(ls)
        loss /= mask.sum()

        self.cache = (ts, ys, mask, (N, T, V))
        return loss

    def backward(self, dout=1):
        ts, ys, mask, (N, T, V) = self.cache

        dx = ys
        dx[np.arange(N * T), ts] -= 1
        dx *= dout
        dx /= mask.sum()
        dx *= mask[:, np.newaxis]

        dx = dx.reshape((N, T, V))

        return dx
'''


def test_the_books_time_softmax_with_loss_passes_with_a_note_on_backward_twice(tmp_path):
    probe = Probe("layer", "TimeSoftmaxWithLoss", {
        "forward": ["randn(N,T,V)", "labels_ignore(N,T,V)"], "rtol": 1e-4, "gradcheck_tol": 1e-4,
        "sizes": [{"N": 4, "T": 5, "V": 3}],
    })
    exercise_symbol = "TimeSoftmaxWithLoss"
    undivided = TIME_SOFTMAX_REFERENCE.replace("* dout / self.mask.sum()", "* dout")
    ok, book = _grade_scratch(tmp_path, TIME_SOFTMAX_REFERENCE, [probe], exercise_symbol, TIME_SOFTMAX_BOOK)
    assert ok.passed
    assert book.passed, [(c.name, c.text()) for c in book.checks if not c.passed]
    conventions = next(c for c in book.checks if c.name.startswith("conventions"))
    assert "note" in conventions.text() and "backward twice" in conventions.text()
    _, wrong = _grade_scratch(tmp_path, TIME_SOFTMAX_REFERENCE, [probe], exercise_symbol, undivided)
    backward = next(c for c in wrong.checks if c.name.startswith("backward"))
    assert "mask.sum()" in backward.text() and "divide by mask.sum()" in backward.text()


def test_the_precision_report_names_a_raise_and_an_earlier_overflow_than_the_references():
    from autograder.checks import Item, Precision

    exercise = _scratch_exercise([])
    check = Precision(exercise, exercise.probes[0], {"scored": False})
    out = np.ones((2, 3))
    want = {"out": out, "dx": out, "grads": [], "out.params": ["x"], "precision.float32.out": out.astype("f"),
            "precision.float32.overflow": 512.0, "precision.float16.out": out.astype("e"),
            "precision.float16.overflow": 512.0}
    item = lambda got: Item({"sizes": {}, "steps": []}, got, want)  # noqa: E731
    both_overflow = {"precision.float32.out": out.astype("f"), "precision.float32.dx": out.astype("f"),
                     "precision.float32.overflow": 512.0, "precision.float16.out": out.astype("e"),
                     "precision.float16.overflow": 512.0}
    result = check.run([item(both_overflow)])
    assert result.passed and "not finite from inputs of about ±512" in result.text()
    earlier = dict(both_overflow, **{"precision.float16.overflow": 16.0})
    raised = dict(earlier)
    del raised["precision.float32.out"]
    raised["precision.float32.error"] = {"step": "linalg in float32", "type": "TypeError", "line": 3,
                                         "code": "np.linalg.svd(x)", "message": "unsupported", "not_implemented": False}
    result = check.run([item(raised)])
    assert not result.passed and result.status == "reported" and not result.scored
    assert "in float32: linalg in float32 raised TypeError" in result.text()
    assert "about ±16" in result.text() and "the reference holds out to ±512" in result.text()


def test_precision_is_measured_against_the_learners_own_float64_run():
    from autograder.checks import Item, Precision

    exercise = _scratch_exercise([])
    check = Precision(exercise, exercise.probes[0], {"scored": False})
    reference = np.linspace(1.0, 2.0, 6).reshape(2, 3)
    want = {"out": reference, "dx": reference, "grads": []}
    wrong = reference * 3  # wrong in every precision: the forward check's business, not a loss of precision
    same = {"precision.float64.out": wrong, "precision.float32.out": wrong.astype("f"),
            "precision.float16.out": wrong.astype("e")}
    assert check.run([Item({"sizes": {}, "steps": []}, same, want)]).passed
    lossy = dict(same, **{"precision.float32.out": (wrong * (1 + 1e-2)).astype("f")})
    result = check.run([Item({"sizes": {}, "steps": []}, lossy, want)])
    assert result.status == "reported" and "in float32, out is off by up to" in result.text()
    assert "above the 1e-03 that float32 allows" in result.text()
    without_baseline = {k: v for k, v in same.items() if not k.startswith("precision.float64")}
    assert not check.run([Item({"sizes": {}, "steps": []}, without_baseline, want)]).passed  # the reference's


def test_the_speed_report_names_a_loop_over_the_batch_only_when_the_time_grows_with_it():
    from autograder.checks import Item, Speed

    exercise = _scratch_exercise([])
    check = Speed(exercise, exercise.probes[0], {"scored": False})
    plan = {"sizes": {}, "steps": [{"op": "time", "sizes": {"N": 20, "H": 100}}]}
    want = {"speed": 0.010, "speed.large": 0.012}
    per_row = check.run([Item(plan, {"speed": 0.100, "speed.large": 0.390}, want)])
    assert per_row.status == "reported" and "loop over the rows" in per_row.text()
    assert "four times the batch (N=80)" in per_row.text() and "（N=80）" in per_row.text("zh")
    beside = {"speed.reference": 0.02, "speed.reference.fastest": 0.011, "speed.reference.large": 0.013}
    timed_in_turns = check.run([Item(plan, {"speed": 0.100, "speed.large": 0.110, **beside}, want)])
    assert "9.09 × slower" in timed_in_turns.text()  # against the reference's fastest run in the same child
    busy = check.run([Item(plan, {"speed": 0.300, "speed.fastest": 0.100, "speed.large": 0.390}, want)])
    assert "grows 3.9×" in busy.text()  # from the fastest runs: a busy machine only adds time
    constant = check.run([Item(plan, {"speed": 0.100, "speed.large": 0.110}, want)])
    assert "look for a Python loop over array elements" in constant.text()
    assert "timed in turns" in timed_in_turns.text() and "a run of its own" in per_row.text()
    fine = check.run([Item(plan, {"speed": 0.012, "speed.large": 0.014}, want)])
    assert fine.passed and "1.2 × the reference's time" in fine.text() and "N=20, H=100" in fine.text()
    assert check.run([Item(plan, {}, want)]).status == "skipped"


def test_a_verdict_with_timings_says_once_where_they_were_taken():
    from autograder.catalog import load_catalog

    result = grade("lstm", load_catalog()["lstm"].solution_path)
    assert sum(c.name.startswith("speed") for c in result.checks) == 1
    notes = result.to_json()["notes"]
    assert len(notes) == 1 and ("no GPU here" in notes[0] or "on the GPU with cupy" in notes[0])
    assert "GPU" in result.to_json("zh")["notes"][0]
    from autograder.report import as_text

    assert as_text(result).count("DLFS2_GPU=1") == 1
    assert grade("lstm", load_catalog()["lstm"].stub_path).notes == []  # nothing timed, nothing to say


def test_a_verdict_without_timing_leaves_the_speed_checks_pending_and_measure_speed_times_them(tmp_path, monkeypatch):
    from autograder import grader
    from autograder.catalog import load_catalog
    from autograder.grader import measure_speed

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # the reference runs with the first grade, untimed
    monkeypatch.setattr(grader, "_memory", {})
    path = load_catalog()["affine"].solution_path
    quick = grade("affine", path, timing=False)
    full = grade("affine", path)
    speed = [c for c in quick.checks if c.name.startswith("speed")]
    assert speed and all(c.status == "pending" and not c.scored for c in speed)
    assert "measured after the verdict" in speed[0].text() and speed[0].text("zh") != speed[0].text()
    assert quick.passed and quick.pending and quick.score == full.score and quick.notes == []
    measured = measure_speed(quick, path)
    untimed = lambda result: [(c.name, c.status) for c in result.checks if not c.name.startswith("speed")]  # noqa: E731
    assert not measured.pending and untimed(measured) == untimed(full)  # fast or slow is the machine's load
    timed = next(c for c in measured.checks if c.name.startswith("speed"))
    assert timed.status in ("passed", "reported") and "ms against" in timed.text()  # timed against the reference
    assert len(measured.notes) == 1 and measured.score == full.score


def test_measure_speed_reports_what_fails_only_at_the_timed_sizes(tmp_path):
    from autograder.catalog import load_catalog
    from autograder.grader import measure_speed

    source = load_catalog()["affine"].solution_path.read_text(encoding="utf-8")
    line = "        return np.dot(x, W) + b\n"
    assert source.count(line) == 1
    bad = tmp_path / "affine.py"
    bad.write_text(source.replace(line, '        assert len(x) < 20, "no batch of 20"\n' + line), encoding="utf-8")
    quick = grade("affine", bad, timing=False)
    assert quick.passed and quick.pending  # the probes' batches are smaller than the timed one
    speed = next(c for c in measure_speed(quick, bad).checks if c.name.startswith("speed"))
    assert speed.status == "reported" and not speed.passed and "no batch of 20" in speed.text()
    full = grade("affine", bad)  # one pass: the same verdict, the error costs only the speed check
    assert [(c.name, c.status) for c in full.checks] == [(c.name, c.status) for c in measure_speed(quick, bad).checks]
    assert full.passed and full.score == full.max_score
    assert measure_speed(full, bad) is full  # nothing pending: nothing to run


def test_a_replayed_forward_starts_from_the_same_state_whatever_the_attributes_hold():
    from autograder.numgrad import LayerState

    class Layer:
        def __init__(self):
            self.params, self.grads = [np.ones(3)], [np.zeros(3)]
            self.cells = np.empty(2, dtype=object)
            self.cells[0], self.cells[1] = [], []
            self.order = np.asfortranarray(np.ones((2, 3)))
            self.pair = (self.params[0], [1])

    layer = Layer()
    state = LayerState(layer)
    for _ in range(3):
        state.restore()
        layer.cells[0].append(1)
        layer.pair[1].append(2)
        assert layer.params[0] is state.keep[id(layer.params[0])] and layer.pair[0] is layer.params[0]
    state.restore()
    assert layer.cells[0] == [] and layer.pair[1] == [1] and layer.order.flags.f_contiguous


def test_a_plan_without_its_timed_calls_sends_the_same_values_for_everything_else():
    import pickle

    from autograder import plan
    from autograder.catalog import load_catalog
    from autograder.plan import build_plan

    for exercise in load_catalog():
        full, quick = build_plan(exercise), build_plan(exercise, timing=False)
        assert [p["id"] for p in full] == [p["id"] for p in quick]
        assert pickle.dumps(plan.untimed(full)) == pickle.dumps(quick)  # what grade() sends when it times too
        for whole, untimed in zip(full, quick):
            assert not any(s["op"] == "time" for s in untimed["steps"])
            assert (untimed.get("timing") == "deferred") == any(s["op"] == "time" for s in whole["steps"])
            rest = [s for s in whole["steps"] if s["op"] != "time"]
            assert pickle.dumps(rest) == pickle.dumps(untimed["steps"]), f"{exercise.id} {whole['id']}"


def test_a_gradient_wrong_only_at_the_masked_positions_is_named_with_them():
    from autograder.checks.base import Item
    from autograder.checks.layer import _masked_positions_message

    labels = np.array([[0, 1, -1], [2, 1, 1]])
    want = np.random.default_rng(1).standard_normal((2, 3, 4))
    want[labels == -1] = 0
    item = Item(plan={"steps": [{"as": "out", "args": [np.zeros((2, 3, 4)), labels]}]}, got={},
                want={"out.params": ["xs", "ts"]})
    got = want.copy()
    got[0, 2] = 0.25  # the one masked position given a gradient
    one = _masked_positions_message(item, "dxs", got, want, 1e-5, 1e-8)
    assert "dxs is right except at position [0, 2], whose label in ts is −1" in one.render()
    assert "[0, 2]" in one.render("zh") and "ts" in one.render("zh")
    labels[1, 0] = -1
    want[1, 0] = 0
    got[1, 0] = 0.5
    many = _masked_positions_message(item, "dxs", got, want, 1e-5, 1e-8)
    assert "at the 2 positions whose label in ts is −1 (ignore_label), first at [0, 2]" in many.render()
    got[1, 1] += 1  # wrong at an unmasked position too: not the mask's fault
    assert _masked_positions_message(item, "dxs", got, want, 1e-5, 1e-8) is None


def test_int_of_an_array_under_numpy_2_is_named_with_the_fix_of_its_own_line():
    from autograder.checks.base import error_message

    def said(code, line=12):
        error = {"step": "M.forward", "type": "TypeError", "line": line, "code": code, "not_implemented": False,
                 "message": "only 0-dimensional arrays can be converted to Python scalars"}
        return error_message(error)

    assert "as in `word_ids.append(int(x.item()))`" in said("word_ids.append(int(x))").render("en")
    assert "as in `total += float((loss * 2).item())`" in said("total += float(loss * 2)").render("en")
    assert "as in `n = int(np.sum(a, axis=0).item())`" in said("n = int(np.sum(a, axis=0))").render("en")
    for line in ("a = int(x) + int(y)", "n = int(s, 16)", "x = helper(z)"):  # no one place to write the fix
        message = said(line)
        assert message.key == "error.to_scalar" and message.fields["fix"].key == "error.to_scalar_any"
        assert "int(x.item())" in message.render("en") and "NumPy 2" in message.render("zh")
    # another TypeError keeps the general sentence
    other = error_message({"step": "M.forward", "type": "TypeError", "line": 3, "code": "f(1)",
                           "not_implemented": False, "message": "f() takes 0 positional arguments but 1 was given"})
    assert other.key == "error.raised"


def test_int_of_an_array_while_loading_the_file_is_named_with_its_fix(tmp_path):
    path = tmp_path / "affine.py"
    path.write_text("import numpy as np\n\nSIZE = int(np.ones(1))\n", encoding="utf-8")
    result = grade("affine", path)
    loads = next(c for c in result.checks if c.name.startswith("loads"))
    assert not loads.passed
    assert "loading the file raised TypeError on line 3" in loads.text()
    assert "as in `SIZE = int(np.ones(1).item())`" in loads.text()
    assert "第 3 行" in loads.text("zh") and "NumPy 2" in loads.text("zh")
