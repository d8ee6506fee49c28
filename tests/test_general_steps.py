"""The engine's general steps and checks for the coming chapters, each on a scratch exercise
(a catalog entry written here, a reference written here) and proven able to fail by mutants,
each written as its one edit of the reference:

- a step that keeps what a call prints, and the `printed` check (most_similar prints its answer);
- `repeat` on a call and the `distribution` check (a text generator's draws, χ² against the
  reference's softmax probabilities);
- the `trainer` step (the book's Trainer / RnnlmTrainer) with the `learns` check, and the `generate`
  step (seq2seq answers, as eval_seq2seq) with the `accuracy` check, on tiny models
  (tests/training_models.py).

The message-coverage test at the end runs last: it reads what the tests above produced.
"""

import numpy as np
import pytest

import autograder.catalog as catalog_module
from autograder.catalog import Catalog, Exercise, Probe, Symbol
from autograder.checks.values import compare_printed, printed_lines
from autograder.figures import Curve
from autograder.grader import grade

REACHED: set[str] = set()  # message keys the tests below produced (see the last test)


def edit(source: str, old: str, new: str) -> str:
    """The reference with one change: `old` must occur exactly once."""
    assert source.count(old) == 1, f"{old!r} occurs {source.count(old)} times"
    return source.replace(old, new)


def grade_scratch(tmp_path, reference: str, symbols: list[str], probes: list[Probe], files: dict[str, str]):
    """Grade each of `files` (name → source) against `reference` under a scratch catalog entry."""
    exercise = Exercise(id="scratch", chapter=99, title={"en": "scratch", "zh": "草稿"}, module="ch99/scratch.py",
                        symbols=tuple(Symbol.parse(s) for s in symbols), depends=(), points=10, timeout=20,
                        hints=(), probes=tuple(probes))
    path = tmp_path / "reference.py"
    path.write_text(reference)
    original = catalog_module.Exercise.solution_path
    results = {}
    try:
        catalog_module.Exercise.solution_path = property(lambda self: path)
        for name, source in files.items():
            learner = tmp_path / f"{name}.py"
            learner.write_text(source)
            results[name] = grade("scratch", learner, catalog=Catalog([exercise]))
    finally:
        catalog_module.Exercise.solution_path = original
    for result in results.values():
        for check in result.checks:
            REACHED.add(check.message.key)
            REACHED.update(_keys(check.message))
    return results


def _keys(message):
    keys = {message.key}
    for value in message.fields.values():
        if hasattr(value, "key") and hasattr(value, "fields"):
            keys |= _keys(value)
    return keys


def failing(result):
    return {c.name: c for c in result.checks if not c.passed}


# -- what a call prints ---------------------------------------------------------------------

MOST_SIMILAR = '''
import numpy as np


def most_similar(query, word_to_id, id_to_word, word_matrix, top=5):
    """Prints the `top` words nearest to `query` by cosine similarity."""
    if query not in word_to_id:
        print(f"{query} is not found")
        return
    print("\\n[query] " + query)
    q = word_matrix[word_to_id[query]]
    norms = np.sqrt(np.sum(word_matrix ** 2, axis=1)) + 1e-8
    similarity = word_matrix @ q / (norms * (np.sqrt(np.sum(q ** 2)) + 1e-8))
    shown = 0
    for i in np.argsort(-similarity, kind="stable"):
        if id_to_word[int(i)] == query:
            continue
        print(f" {id_to_word[int(i)]}: {similarity[i]}")
        shown += 1
        if shown >= top:
            return
'''

# the toy sentence's co-occurrence matrix (window 1): "you" is as near to goodbye, i and hello
TOY_C = [[0, 1, 0, 0, 0, 0, 0], [1, 0, 1, 0, 1, 1, 0], [0, 1, 0, 1, 0, 0, 0], [0, 0, 1, 0, 1, 0, 0],
         [0, 1, 0, 1, 0, 0, 0], [0, 1, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 1, 0]]


def _printing_probes(order):
    def probe(query, label):
        return Probe("steps", "most_similar", {
            "steps": [{"fn": [{"str": query}, "toy_word_to_id", "toy_id_to_word", {"floats": TOY_C}],
                       "as": "out", "prints": "printed"}],
            "checks": [{"check": "printed", "label": "most_similar", "order": order}],
            "label": {"en": label, "zh": label},
        })
    return [probe("you", "you"), probe("hi", "unknown word")]


SIMILAR_SYMBOLS = ["def most_similar(query, word_to_id, id_to_word, word_matrix, top=5)"]


def test_what_a_function_prints_is_compared_with_what_the_reference_prints(tmp_path):
    files = {
        "reference": MOST_SIMILAR,
        # three decimals: the same numbers, printed otherwise
        "ok_rounded": edit(MOST_SIMILAR, 'print(f" {id_to_word[int(i)]}: {similarity[i]}")',
                           'print(f" {id_to_word[int(i)]}: {similarity[i]:.3f}")'),
        # the ties (goodbye, i, hello) in the opposite order
        "ok_ties": edit(MOST_SIMILAR, 'np.argsort(-similarity, kind="stable")',
                        'np.argsort(-similarity, kind="stable")[np.r_[0, 3, 2, 1, 4:7]]'),
        "bad_not_normalised": edit(MOST_SIMILAR, "q / (norms * (np.sqrt(np.sum(q ** 2)) + 1e-8))", "q"),
        "bad_silent": edit(MOST_SIMILAR, 'print(f" {id_to_word[int(i)]}: {similarity[i]}")', "pass")
        .replace('print("\\n[query] " + query)', "pass").replace('print(f"{query} is not found")', "pass"),
        "bad_top_one_short": edit(MOST_SIMILAR, "if shown >= top:", "if shown >= top - 1:"),
        "bad_top_one_over": edit(MOST_SIMILAR, "if shown >= top:", "if shown > top:"),
        "bad_query_included": edit(MOST_SIMILAR, "            continue\n", "            pass\n"),
        "bad_ascending": edit(MOST_SIMILAR, 'np.argsort(-similarity, kind="stable")',
                              'np.argsort(similarity, kind="stable")'),
    }
    results = grade_scratch(tmp_path, MOST_SIMILAR, SIMILAR_SYMBOLS, _printing_probes("ties"), files)
    assert results["reference"].passed
    assert "prints what the reference prints" in results["reference"].checks[-1].text()
    assert results["ok_rounded"].passed, failing(results["ok_rounded"])
    assert results["ok_ties"].passed, [c.text() for c in failing(results["ok_ties"]).values()]

    def message(name, probe="you"):
        return failing(results[name])[f"printed: most_similar ({probe})"].text()

    assert "line 2: printed “goodbye: 1.0”, expected “goodbye: 0.7071067" in message("bad_not_normalised")
    assert "printed nothing; the reference prints 6 lines, the first: “[query] you”" in message("bad_silent")
    assert "printed nothing; the reference prints 1 line, the first: “hi is not found”" in message(
        "bad_silent", "unknown word")
    assert "printed 5 lines where the reference prints 6 lines; this one is missing: “and: 0.0”" in message(
        "bad_top_one_short")
    assert "printed 7 lines where the reference prints 6 lines; this one should not be there: “.: 0.0”" in message(
        "bad_top_one_over")
    assert "line 2: printed “you: 0.99999" in message("bad_query_included")
    assert "line 2: printed “say: 0.0”" in message("bad_ascending")
    zh = failing(results["bad_top_one_short"])["printed: most_similar (you)"].text("zh")
    assert "缺少这一行" in zh


def test_ties_in_either_order_are_the_exercises_choice(tmp_path):
    tie_swapped = edit(MOST_SIMILAR, 'np.argsort(-similarity, kind="stable")',
                       'np.argsort(-similarity, kind="stable")[np.r_[0, 2, 1, 3:7]]')
    results = grade_scratch(tmp_path, MOST_SIMILAR, SIMILAR_SYMBOLS, _printing_probes("exact")[:1],
                            {"tie_swapped": tie_swapped})
    text = failing(results["tie_swapped"])["printed: most_similar (you)"].text()
    assert "line 2: printed “i: 0.7071" in text and "another order" in text


def test_printed_lines_compare_numbers_to_the_precision_printed():
    want = printed_lines("\n[query] you\n goodbye: 0.7071067691154799\n  say:   0.0\n")
    assert want == ["[query] you", "goodbye: 0.7071067691154799", "say: 0.0"]
    assert compare_printed(["[query] you", "goodbye: 0.707", "say: 0"], want, "exact", 1e-6) is None
    assert compare_printed(["[query] you", "goodbye: 7.071e-1", "say: 0"], want, "exact", 1e-6) is None
    assert compare_printed(["[query] you", "goodbye: 0.71", "say: 0"], want, "exact", 1e-6) is None
    assert compare_printed(["[query] you", "goodbye: 0.7", "say: 0"], want, "exact", 1e-6) is None
    assert compare_printed(["[query] you", "goodbye: 0.708", "say: 0"], want, "exact", 1e-6)[0] == "printed.line"
    assert compare_printed(["[query] you", "say: 0.0", "goodbye: 0.7071"], want, "any", 1e-6) is None
    key, fields = compare_printed(["[query] you", "say: 0.0", "goodbye: 0.7071"], want, "exact", 1e-6)
    assert key == "printed.order" and fields["line"] == 2
    assert compare_printed(want + ["extra"], want, "any", 1e-6) == ("printed.extra_line", {"got": "extra"})


# -- sampled ids against the reference's probabilities -----------------------------------------

GENERATOR = '''
import numpy as np


def softmax(x):
    e = np.exp(x - x.max())
    return e / e.sum()


class Gen:
    """A bigram text generator: the next id is drawn from softmax(W[previous id])."""

    def __init__(self, W):
        self.params, self.grads = [W], [np.zeros_like(W)]

    def predict(self, x):
        return self.params[0][x]

    def generate(self, start_id, skip_ids=None, sample_size=3):
        word_ids = [start_id]
        x = start_id
        while len(word_ids) < sample_size:
            p = softmax(self.predict(x))
            sampled = int(np.random.choice(len(p), p=p))
            if skip_ids is None or sampled not in skip_ids:
                x = sampled
                word_ids.append(x)
        return word_ids
'''

DRAWS = 1500


def _generator_probe():
    return Probe("steps", "Gen", {
        "steps": [{"new": ["randn(V,V)"]},
                  {"call": "predict", "args": [2], "as": "scores"},
                  {"seed": True},
                  {"call": "generate", "args": [2, [0], 2], "repeat": DRAWS, "as": "draws"}],
        "checks": [{"check": "distribution", "sampled": "draws", "probs": "scores", "logits": True, "position": 1,
                    "exclude": "draws:1", "label": "generate(...)[1]"}],
        "sizes": [{"V": 6}],
    })


def test_a_generators_draws_follow_the_references_softmax(tmp_path):
    choice = "sampled = int(np.random.choice(len(p), p=p))"
    files = {
        "reference": GENERATOR,
        # another correct sampler: the inverse of the cumulative distribution
        "ok_inverse_cdf": edit(GENERATOR, choice,
                               "sampled = int(min(np.searchsorted(np.cumsum(p), np.random.random()), len(p) - 1))"),
        "bad_argmax": edit(GENERATOR, choice, "sampled = int(np.argmax(p))"),
        "bad_uniform": edit(GENERATOR, choice, "sampled = int(np.random.choice(len(p)))"),
        "bad_skip_ignored": edit(GENERATOR, "if skip_ids is None or sampled not in skip_ids:", "if True:"),
        "bad_sharpened": edit(GENERATOR, "p = softmax(self.predict(x))", "p = softmax(3 * self.predict(x))"),
        "bad_floats": edit(GENERATOR, "word_ids.append(x)", "word_ids.append(x + 0.5)"),
    }
    results = grade_scratch(tmp_path, GENERATOR, ["class Gen(W)"], [_generator_probe()], files)
    assert results["reference"].passed, failing(results["reference"])
    assert "follows the expected probabilities (χ² =" in results["reference"].checks[-1].text()
    assert results["ok_inverse_cdf"].passed, [c.text() for c in failing(results["ok_inverse_cdf"]).values()]

    def message(name, lang="en"):
        return failing(results[name])["distribution: Gen"].text(lang)

    assert f"in all {DRAWS} draws, the likeliest id" in message("bad_argmax")
    assert "argmax" in message("bad_argmax", "zh")
    assert "is drawn uniformly" in message("bad_uniform")
    assert "drew id 0" in message("bad_skip_ignored") and "excluded (skip_ids)" in message("bad_skip_ignored")
    assert "does not follow the expected probabilities" in message("bad_sharpened")
    assert "should be integers" in message("bad_floats")


def _sequence_probe():
    """Three ids per result: the start id, a draw given it, a draw given the first draw."""
    return Probe("steps", "Gen", {
        "steps": [{"new": ["randn(V,V)*1.5"]},
                  {"call": "predict", "args": ["arange(V)"], "as": "table"},
                  {"call": "predict", "args": [2], "as": "scores"},
                  {"seed": True},
                  {"call": "generate", "args": [2, [0], 3], "repeat": DRAWS, "as": "draws"}],
        "checks": [{"check": "distribution", "sampled": "draws", "probs": "scores", "logits": True, "position": 1,
                    "exclude": "draws:1", "length": "draws:2", "first": "draws:0", "label": "generate(...)[1]",
                    "name": "the first draw"},
                   {"check": "distribution", "sampled": "draws", "probs": "table", "logits": True, "position": 2,
                    "given": 1, "exclude": "draws:1", "label": "generate(...)[2]", "name": "the second draw",
                    "mistakes": [{"probs": "scores", "en": "the start id is fed at every step",
                                  "zh": "每一步都输入了起始编号"}]}],
        "sizes": [{"V": 6}],
    })


def test_a_generators_later_draws_follow_the_row_of_the_id_drawn_before(tmp_path):
    files = {
        "reference": GENERATOR,
        "bad_start_every_step": edit(GENERATOR, "p = softmax(self.predict(x))", "p = softmax(self.predict(start_id))"),
        "bad_one_too_many": edit(GENERATOR, "while len(word_ids) < sample_size:", "while len(word_ids) <= sample_size:"),
        "bad_no_start": edit(GENERATOR, "word_ids = [start_id]", "word_ids = [int(np.random.choice(len(self.params[0])))]"),
        "bad_skip_only_first": edit(GENERATOR, "if skip_ids is None or sampled not in skip_ids:",
                                    "if skip_ids is None or sampled not in skip_ids or len(word_ids) > 1:"),
        # the second draw from the first row whatever came first: neither the right rows nor the mistake's
        "bad_fixed_row": edit(GENERATOR, "p = softmax(self.predict(x))",
                              "p = softmax(self.predict(x if len(word_ids) == 1 else 0))"),
    }
    results = grade_scratch(tmp_path, GENERATOR, ["class Gen(W)"], [_sequence_probe()], files)
    assert results["reference"].passed, [c.text() for c in failing(results["reference"]).values()]

    def message(name, lang="en"):
        return "\n".join(c.text(lang) for c in failing(results[name]).values())

    assert set(failing(results["bad_start_every_step"])) == {"the second draw: Gen"}  # the first draw is right
    assert "generate(...)[2] does not follow the expected probabilities" in message("bad_start_every_step")
    assert "known mistake: the start id is fed at every step" in message("bad_start_every_step")
    assert "每一步都输入了起始编号" in message("bad_start_every_step", "zh")
    assert "Gen.generate(...) returned 4 ids in call 1 of 1500, but it was asked for 3" in message("bad_one_too_many")
    assert "it should start with 2, the id it was given" in message("bad_no_start")
    skipped_late = failing(results["bad_skip_only_first"])["the first draw: Gen"].text()
    assert "Gen.generate(...) drew id 0" in skipped_late and "excluded (skip_ids)" in skipped_late
    fixed_row = message("bad_fixed_row")
    assert "generate(...)[2] does not follow" in fixed_row and "known mistake" not in fixed_row


SAMPLER = '''
import numpy as np


def draw(p):
    """One id per row of p, drawn with that row's probabilities."""
    u = np.random.random((p.shape[0], 1))
    return (np.cumsum(p, axis=1) < u).sum(axis=1)
'''


def test_one_call_returning_ids_is_tested_against_one_distribution_per_row(tmp_path):
    probe = Probe("steps", "draw", {
        "steps": [{"seed": True}, {"fn": ["softmax(R,V)"], "as": "ids"}],
        "checks": [{"check": "distribution", "sampled": "ids", "probs": "ids:0"}],
        "sizes": [{"R": 2000, "V": 5}],
    })
    files = {"reference": SAMPLER,
             "bad_reversed": edit(SAMPLER, "np.cumsum(p, axis=1)", "np.cumsum(p[:, ::-1], axis=1)"),
             "bad_out_of_range": edit(SAMPLER, "< u).sum(axis=1)", "< u).sum(axis=1) + 1")}
    results = grade_scratch(tmp_path, SAMPLER, ["def draw(p)"], [probe], files)
    assert results["reference"].passed, failing(results["reference"])
    assert "does not follow each row's probabilities" in failing(results["bad_reversed"])["distribution: draw"].text()
    assert "range from 1 to" in failing(results["bad_out_of_range"])["distribution: draw"].text()


# -- training through the book's Trainer and RnnlmTrainer -------------------------------------

LM_SYMBOLS = ["class TinyLM(vocab_size, wordvec_size, hidden_size)"]


def _has_book_trainer() -> bool:
    from autograder import resources

    return (resources.compat_root() / "common" / "trainer.py").is_file()


# the training steps drive the book's common.trainer, which the compat package provides (branch wp-backend)
needs_trainer = pytest.mark.skipif(not _has_book_trainer(), reason="the compat package has no common.trainer yet")


@needs_trainer
def test_a_language_models_perplexity_falls_under_the_books_rnnlm_trainer(tmp_path):
    from training_models import LM_PROBE, TINY_LM

    files = {
        "reference": TINY_LM,
        "bad_backward_does_nothing": edit(TINY_LM, "        dout = self.loss_layer.backward(dout)\n",
                                          "        return 0\n"),
        "bad_grads_copied": edit(TINY_LM, "self.grads += layer.grads", "self.grads += [g.copy() for g in layer.grads]"),
        "bad_uphill": edit(TINY_LM, "dout = self.loss_layer.backward(dout)", "dout = -self.loss_layer.backward(dout)"),
        "bad_overflow": edit(TINY_LM, "TimeAffine(rn(H, V) / np.sqrt(H)", "TimeAffine(rn(H, V) * 1e300"),
        "bad_embedding_frozen": edit(TINY_LM, "for layer in reversed(self.layers):",
                                     "for layer in reversed(self.layers[1:]):"),
        "bad_lstm_skipped": edit(TINY_LM, "for layer in reversed(self.layers):",
                                 "for layer in reversed(self.layers[::2]):"),
    }
    results = grade_scratch(tmp_path, TINY_LM, LM_SYMBOLS, [LM_PROBE], files)
    learns = next(c for c in results["reference"].checks if c.name == "learns: TinyLM")
    assert learns.passed and learns.text().startswith("perplexity fell from ")
    curve = learns.figure(Curve)  # for the app to draw
    assert curve.kind == "perplexity" and curve.values.size == curve.reference.size > 10

    def message(name, lang="en"):
        return failing(results[name])["learns: TinyLM"].text(lang)

    flat = message("bad_backward_does_nothing")
    assert flat.startswith("perplexity went from ") and "the model does not learn — check backward" in flat
    assert "模型没有在学习" in message("bad_backward_does_nothing", "zh")
    assert "written into the arrays of grads in place" in message("bad_grads_copied")
    assert "became inf at evaluation" in message("bad_uphill") and "diverges" in message("bad_uphill")
    assert "became inf at evaluation 1 of 24 (240 steps in all): the training diverges" in message("bad_overflow")
    assert "not below 12; the reference reaches 4.514: the model learns too slowly" in message("bad_embedding_frozen")
    assert "RnnlmTrainer(TinyLM, SGD).fit raised ValueError on line" in message("bad_lstm_skipped")


@needs_trainer
def test_seq2seq_is_trained_teacher_forced_then_generates_exact_answers(tmp_path):
    from training_models import SEQ2SEQ_PROBE, TINY_SEQ2SEQ

    files = {
        "reference": TINY_SEQ2SEQ,
        "bad_state_not_passed": edit(TINY_SEQ2SEQ, "        h = self.encode(xs)\n        self.dec_lstm.set_state(h)\n",
                                     "        h = self.encode(xs)\n"),
        "bad_start_returned": edit(TINY_SEQ2SEQ, "        return sampled\n", "        return [start_id] + sampled\n"),
    }
    results = grade_scratch(tmp_path, TINY_SEQ2SEQ, ["class TinySeq2seq(vocab_size, wordvec_size, hidden_size)"],
                            [SEQ2SEQ_PROBE], files)
    assert results["reference"].passed, [c.text() for c in failing(results["reference"]).values()]
    accuracy = next(c for c in results["reference"].checks if c.name == "accuracy: TinySeq2seq")
    assert "of the 50 answers generated exactly" in accuracy.text()
    state = failing(results["bad_state_not_passed"])["accuracy: TinySeq2seq"].text()
    assert "after training, " in state and "the reference gets" in state
    start = failing(results["bad_start_returned"])["accuracy: TinySeq2seq"].text()
    assert "after training, 0% of the 50 answers" in start and "For question 0: generated [0 " in start
    assert "learns: TinySeq2seq" not in failing(results["bad_start_returned"])  # it learned; generate is wrong


@needs_trainer
def test_cbow_loss_falls_with_the_books_trainer(tmp_path):
    from training_models import CBOW_PROBE

    from autograder import resources

    cbow = (resources.solutions_root() / "ch03" / "simple_cbow.py").read_text()
    files = {
        "reference": cbow,
        "bad_no_backward": edit(cbow, "        ds = self.loss_layer.backward(dout)\n", "        return None\n"),
        "bad_inputs_not_learned": edit(cbow, "        self.in_layer1.backward(dh)\n        self.in_layer0.backward(dh)\n",
                                       ""),
        "bad_uphill": edit(cbow, "ds = self.loss_layer.backward(dout)", "ds = -self.loss_layer.backward(dout)"),
    }
    results = grade_scratch(tmp_path, cbow, ["class SimpleCBOW(vocab_size, hidden_size)"], [CBOW_PROBE], files)
    assert results["reference"].passed, [c.text() for c in failing(results["reference"]).values()]
    assert "does not learn" in failing(results["bad_no_backward"])["learns: SimpleCBOW"].text()
    # W_in stays at its small start, so h ≈ 0 and W_out alone cannot lower the loss
    assert "does not learn" in failing(results["bad_inputs_not_learned"])["learns: SimpleCBOW"].text()
    uphill = failing(results["bad_uphill"])["learns: SimpleCBOW"].text()
    assert uphill.startswith("loss rose from 1.946 to ") and "check the sign of the gradients" in uphill


def test_the_checks_messages_for_what_no_fixture_reaches():
    from autograder.checks import Accuracy, Distribution, Item, Learns

    exercise = Exercise(id="s", chapter=99, title={"en": "s", "zh": "s"}, module="ch99/s.py",
                        symbols=(Symbol.parse("class M()"),), depends=(), points=1, timeout=1, hints=(), probes=())
    probe = Probe("steps", "M", {"steps": [], "checks": []})

    def run(check, got, want, steps=()):
        result = check.run([Item({"sizes": {}, "steps": list(steps)}, got, want)])
        REACHED.add(result.message.key)
        return result

    learns = Learns(exercise, probe, {"curve": "train.ppl_list"})
    assert "is empty after 0 steps" in run(learns, {"train.ppl_list": np.array([])}, {}).text()
    slow = run(learns, {"train.ppl_list": np.array([20.0, 19.0, 15.0]), "train.updates": 30},
               {"train.ppl_list": np.array([20.0, 5.0])})
    assert "not below 14" in slow.text() and "30 steps" in slow.text()
    behind = Learns(exercise, probe, {"curve": "train.ppl_list", "within_reference": 1.5})
    text = run(behind, {"train.ppl_list": np.array([20.0, 9.0])}, {"train.ppl_list": np.array([20.0, 5.0])}).text()
    assert "but the reference reaches 5 (at most 7.5 allowed)" in text
    draws = Distribution(exercise, probe, {"sampled": "ids", "probs": "p"})
    assert "holds no ids" in run(draws, {"ids": np.array([], int)}, {"p": np.ones(3) / 3}).text()
    assert "cannot be split evenly over the 2 rows" in run(draws, {"ids": np.arange(3)},
                                                             {"p": np.ones((2, 3)) / 3}).text()
    assert "but its probability is 0" in run(draws, {"ids": np.array([0, 2])}, {"p": np.array([0.5, 0.5, 0])}).text()
    accuracy = Accuracy(exercise, probe, {"value": "test"})
    low = run(accuracy, {"test.accuracy": 0.2}, {"test.accuracy": 1.0})
    assert low.text() == "after training, 20% of the 0 answers are generated exactly; 90% needed, the reference gets 100%"


@needs_trainer
def test_every_message_of_the_new_steps_and_checks_is_reached():
    from autograder.messages import TEMPLATES

    prefixes = ("printed.", "distribution.", "learns.", "accuracy.")
    wanted = {key for key in TEMPLATES if key.startswith(prefixes)}
    assert not wanted - REACHED, sorted(wanted - REACHED)
