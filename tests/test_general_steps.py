"""The engine's general steps and checks for the coming chapters, each on a scratch exercise
(a catalog entry written here, a reference written here) and proven able to fail by mutants,
each written as its one edit of the reference:

- a step that keeps what a call prints, and the `printed` check (most_similar prints its answer);
- `repeat` on a call and the `distribution` check (a text generator's draws, χ² against the
  reference's softmax probabilities).
"""

import numpy as np
import pytest

import autograder.catalog as catalog_module
from autograder.catalog import Catalog, Exercise, Probe, Symbol
from autograder.checks.values import compare_printed, printed_lines
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
