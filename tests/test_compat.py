"""The book's whole `common` package inside the sandbox: generated from the catalog, every name the
book defines answered (an exercise's from its reference, the rest from reference_common), the
layers written here correct (gradient checks), the training loops able to train, and the verdict
saying which names of a file came from a reference."""

import dataclasses
import sys
from pathlib import Path

import numpy as np
import pytest

from autograder import compat, gradcheck, resources
from autograder.catalog import load_catalog
from autograder.grader import grade

CATALOG = load_catalog()
BOOK_FILES = Path(__file__).resolve().parent / "submissions" / "book"


@pytest.fixture(scope="module")
def common():
    """The stand-in imported as the grading child imports it (solutions/ and compat/ on sys.path),
    taken out again afterwards so no other test sees a `ch01` or a `common`."""
    paths = [str(resources.solutions_root()), str(resources.compat_root())]
    sys.path[:0] = paths
    import importlib

    modules = {name: importlib.import_module(f"common.{name}") for name in (*compat.BOOK_COMMON, "np", "config")}
    yield modules
    for path in paths:
        sys.path.remove(path)
    for name in [n for n in sys.modules if n.partition(".")[0] in ("common", "reference_common", "dataset")
                 or n.startswith("ch0")]:
        del sys.modules[name]


def rng():
    return np.random.default_rng(0)


# -- the shim follows the catalog -----------------------------------------------------------

def test_the_generated_modules_are_in_step_with_the_catalog():
    stale = [path.name for path, text in compat.generated(CATALOG).items()
             if not path.is_file() or path.read_text(encoding="utf-8") != text]
    assert stale == [], f"run `python -m autograder.compat`: {stale} differ from the catalog"


def test_every_name_the_book_defines_is_answered(common):
    for module, book in compat.BOOK_COMMON.items():
        for name in book.defines:
            assert hasattr(common[module], name), f"common.{module}.{name}"
    assert common["np"].np is np and common["config"].GPU is False
    for name in ("Trainer", "RnnlmTrainer", "remove_duplicate"):
        assert hasattr(common["trainer"], name)
    assert hasattr(common["base_model"].BaseModel, "save_params")


def test_an_exercises_names_come_from_its_reference(common):
    for exercise in CATALOG:
        reference = exercise.module.removesuffix(".py").replace("/", ".")
        for module in (m.removeprefix("common.") for m in exercise.book if m.startswith("common.")):
            for symbol in exercise.symbols:
                assert common[module]._REFERENCES[symbol.name] == reference
                assert getattr(common[module], symbol.name) is getattr(sys.modules[reference], symbol.name)
    # Dropout has no exercise (TimeDropout has): written here
    assert common["layers"]._REFERENCES["Dropout"] == "reference_common.layers"
    assert common["layers"]._REFERENCES["Embedding"] == "ch04.embedding"


def test_a_book_key_naming_no_module_of_the_book_fails():
    import dataclasses

    wrong = dataclasses.replace(CATALOG["affine"], book=("common.layer",))
    with pytest.raises(compat.ShimError, match="common.layer'? is not a module"):
        compat.check_catalog([wrong])


def test_a_name_an_exercise_covers_is_not_written_twice():
    import dataclasses

    from autograder.catalog import Symbol

    dropout = dataclasses.replace(CATALOG["affine"], id="dropout", module="ch06/dropout.py",
                                  symbols=(Symbol.parse("class Dropout(dropout_ratio=0.5)"),), book=("common.layers",))
    with pytest.raises(compat.ShimError, match="Dropout.*delete them from reference_common/layers.py"):
        compat.served([*CATALOG, dropout], "layers")


def test_a_book_name_served_by_nothing_fails(monkeypatch):
    book = compat.BOOK_COMMON["layers"]
    monkeypatch.setitem(compat.BOOK_COMMON, "layers",
                        compat.BookModule(book.defines + ("Convolution",), book.imports))
    with pytest.raises(compat.ShimError, match="Convolution"):
        compat.served(CATALOG, "layers")


# -- the layers written here: gradient checks ---------------------------------------------------

def test_layers_gradcheck(common):
    L, T = common["layers"], common["time_layers"]
    r = rng()
    N, D, H, V, S = 3, 4, 5, 7, 4
    gradcheck(L.SigmoidWithLoss(), r.standard_normal(N), r.integers(0, 2, N))
    idx = np.array([1, 3, 1, 1])  # repeated ids must add up
    gradcheck(L.Embedding(r.standard_normal((V, D))), idx)
    gradcheck(T.RNN(r.standard_normal((D, H)), r.standard_normal((H, H)), r.standard_normal(H)),
              r.standard_normal((N, D)), r.standard_normal((N, H)))
    for stateful in (False, True):
        gradcheck(T.TimeRNN(r.standard_normal((D, H)), r.standard_normal((H, H)), r.standard_normal(H), stateful),
                  r.standard_normal((N, S, D)))
    gradcheck(T.TimeEmbedding(r.standard_normal((V, D))), r.integers(0, V, (N, S)))
    gradcheck(T.TimeAffine(r.standard_normal((D, H)), r.standard_normal(H)), r.standard_normal((N, S, D)))
    gradcheck(T.Simple_TimeAffine(r.standard_normal((D, H)), r.standard_normal(H)), r.standard_normal((N, S, D)))
    labels = r.integers(0, V, (N, S))
    labels[0, 1] = labels[2, 3] = -1  # ignored positions
    gradcheck(T.TimeSoftmaxWithLoss(), r.standard_normal((N, S, V)), labels, tol=1e-6)
    gradcheck(T.Simple_TimeSoftmaxWithLoss(), r.standard_normal((N, S, V)), r.integers(0, V, (N, S)), tol=1e-4)
    gradcheck(T.TimeSigmoidWithLoss(), r.standard_normal((N, S)), r.integers(0, 2, (N, S)))
    gradcheck(T.GRU(r.standard_normal((D, 3 * H)), r.standard_normal((H, 3 * H))),
              r.standard_normal((N, D)), r.standard_normal((N, H)))
    gradcheck(T.TimeGRU(r.standard_normal((D, 3 * H)), r.standard_normal((H, 3 * H))), r.standard_normal((N, S, D)))
    weights = [r.standard_normal(shape) for shape in [(D, 4 * H), (H, 4 * H), (4 * H,)] * 2]
    gradcheck(T.TimeBiLSTM(*weights), r.standard_normal((N, S, D)))


def test_the_loss_layers_agree_with_their_plain_versions(common):
    T = common["time_layers"]
    r = rng()
    xs, ts = r.standard_normal((2, 3, 5)), r.integers(0, 5, (2, 3))
    fast, simple = T.TimeSoftmaxWithLoss(), T.Simple_TimeSoftmaxWithLoss()
    assert fast.forward(xs, ts) == pytest.approx(simple.forward(xs, ts), rel=1e-5)  # simple has the book's 1e-7
    np.testing.assert_allclose(fast.backward(), simple.backward(), atol=1e-6)
    ts_masked = ts.copy()
    ts_masked[0] = -1
    only_second = T.TimeSoftmaxWithLoss()
    assert only_second.forward(xs, ts_masked) == pytest.approx(fast.forward(xs[1:], ts[1:]))
    assert np.all(only_second.backward()[0] == 0)
    # one-hot labels give the same loss; float16 logits stay float16
    assert T.TimeSoftmaxWithLoss().forward(xs, np.eye(5)[ts]) == pytest.approx(fast.forward(xs, ts))
    half = T.TimeSoftmaxWithLoss()
    half.forward(xs.astype(np.float16), ts)
    assert half.backward().dtype == np.float16


def test_dropout_keeps_the_books_scaling(common):
    layer = common["layers"].Dropout(0.5)
    x = np.ones((200, 50))
    y = layer.forward(x)
    assert set(np.unique(y)) <= {0.0, 1.0} and 0.4 < y.mean() < 0.6
    np.testing.assert_array_equal(layer.backward(np.full_like(x, 2.0)), 2.0 * layer.mask)
    np.testing.assert_array_equal(layer.forward(x, train_flg=False), 0.5 * x)


def test_nesterov_and_rmsprop_descend(common):
    for optimizer in (common["optimizer"].Nesterov(lr=0.05), common["optimizer"].RMSprop(lr=0.05)):
        w = np.array([3.0, -2.0])
        for _ in range(200):
            optimizer.update([w], [2 * w])  # grad of |w|²
        assert np.abs(w).max() < 0.1, type(optimizer).__name__


# -- the helpers of common/util.py ---------------------------------------------------------------

def test_the_count_based_helpers_on_the_books_sentence(common, capsys):
    U = common["util"]
    corpus, word_to_id, id_to_word = U.preprocess("You say goodbye and I say hello.")
    C = U.create_co_matrix(corpus, len(word_to_id))
    np.testing.assert_array_equal(C[0], [0, 1, 0, 0, 0, 0, 0])  # you: say
    np.testing.assert_array_equal(C[1], [1, 0, 1, 0, 1, 1, 0])  # say: you, goodbye, i, hello
    assert np.array_equal(C, C.T) and U.create_co_matrix(corpus, 7, window_size=2)[0, 2] == 1
    total, row = C.sum(), C.sum(axis=0)
    expected = np.maximum(0, np.log2(C * total / np.outer(row, row) + 1e-8))
    np.testing.assert_allclose(U.ppmi(C), expected)
    contexts, target = U.create_contexts_target(corpus, window_size=1)
    np.testing.assert_array_equal(target, [1, 2, 3, 4, 1, 5])
    np.testing.assert_array_equal(contexts[:2], [[0, 2], [1, 3]])
    assert U.create_contexts_target(corpus, window_size=2)[0].shape == (4, 4)
    assert U.convert_one_hot(target, 7).shape == (6, 7) and U.convert_one_hot(contexts, 7).shape == (6, 2, 7)
    np.testing.assert_array_equal(U.convert_one_hot(contexts, 7).argmax(axis=2), contexts)
    assert U.cos_similarity(np.array([1.0, 0]), np.array([2.0, 0])) == pytest.approx(1.0)
    assert U.cos_similarity(np.zeros(2), np.ones(2)) == 0.0
    found = U.most_similar("you", word_to_id, id_to_word, U.ppmi(C), top=3)
    printed = capsys.readouterr().out
    assert "[query] you" in printed and len(found) == 3 and all(word != "you" for word, _ in found)
    assert U.most_similar("cat", word_to_id, id_to_word, C) is None and "not found" in capsys.readouterr().out
    vectors = np.eye(4) + 0.1
    best = U.analogy("you", "say", "goodbye", {"you": 0, "say": 1, "goodbye": 2, "and": 3},
                     {0: "you", 1: "say", 2: "goodbye", 3: "and"}, vectors, top=1)
    assert best[0][0] == "and"
    np.testing.assert_allclose(np.linalg.norm(U.normalize(np.array([[3.0, 4.0], [1.0, 0.0]])), axis=1), 1.0)


def test_remove_duplicate_adds_the_gradients_of_shared_weights(common):
    W, b = np.ones((2, 3)), np.zeros(3)
    tied = W.T.copy()  # weight tying: the transpose, as another array
    params, grads = common["trainer"].remove_duplicate(
        [W, b, W, tied], [np.full((2, 3), 1.0), np.ones(3), np.full((2, 3), 2.0), np.full((3, 2), 4.0)])
    assert len(params) == 2 and params[0] is W and params[1] is b
    np.testing.assert_array_equal(grads[0], np.full((2, 3), 7.0))


class _UniformModel:
    """Every word equally likely: the perplexity is the vocabulary size."""

    def __init__(self, common, V):
        self.V, self.loss = V, common["time_layers"].TimeSoftmaxWithLoss()

    def forward(self, xs, ts):
        return self.loss.forward(np.zeros((*xs.shape, self.V)), ts)


def test_eval_perplexity_of_a_uniform_model_is_the_vocabulary(common):
    corpus = np.arange(200) % 9
    assert common["util"].eval_perplexity(_UniformModel(common, 9), corpus, 4, 5) == pytest.approx(9.0)


def test_eval_seq2seq_compares_the_generated_answer(common, capsys):
    class Echo:
        def generate(self, question, start_id, size):
            return list(question.flatten()[:size])

    id_to_char = {0: "_", 1: "1", 2: "2"}
    right = common["util"].eval_seq2seq(Echo(), np.array([[1, 2]]), np.array([[0, 1, 2]]), id_to_char, verbos=True)
    wrong = common["util"].eval_seq2seq(Echo(), np.array([[2, 1]]), np.array([[0, 1, 2]]), id_to_char)
    assert (right, wrong) == (1, 0) and "Q 12" in capsys.readouterr().out


# -- training loops and saved models ---------------------------------------------------------------

class _Classifier:
    def __init__(self, common, D, C):
        L = common["layers"]
        r = rng()
        self.layers = [L.Affine(r.standard_normal((D, C)) * 0.1, np.zeros(C))]
        self.loss_layer = L.SoftmaxWithLoss()
        self.params = [p for layer in self.layers for p in layer.params]
        self.grads = [g for layer in self.layers for g in layer.grads]

    def forward(self, x, t):
        return self.loss_layer.forward(self.layers[0].forward(x), t)

    def backward(self, dout=1):
        return self.layers[0].backward(self.loss_layer.backward(dout))


def test_trainer_reduces_the_loss(common, capsys):
    r = rng()
    x = r.standard_normal((120, 2))
    t = (x[:, 0] + x[:, 1] > 0).astype(int)
    trainer = common["trainer"].Trainer(_Classifier(common, 2, 2), common["optimizer"].SGD(lr=0.5))
    trainer.fit(x, t, max_epoch=10, batch_size=20, max_grad=5.0, eval_interval=2)
    assert len(trainer.loss_list) == 30 and trainer.current_epoch == 10
    assert trainer.loss_list[-1] < 0.5 * trainer.loss_list[0]
    assert "| epoch 10 |" in capsys.readouterr().out


class _TinyRnnlm:
    def __init__(self, common, V, D, H):
        T = common["time_layers"]
        r = rng()
        self.layers = [T.TimeEmbedding(r.standard_normal((V, D)) * 0.1),
                       T.TimeRNN(r.standard_normal((D, H)) / np.sqrt(D), r.standard_normal((H, H)) / np.sqrt(H),
                                 np.zeros(H), stateful=True),
                       T.TimeAffine(r.standard_normal((H, V)) / np.sqrt(H), np.zeros(V))]
        self.loss_layer = T.TimeSoftmaxWithLoss()
        self.params = [p for layer in self.layers for p in layer.params]
        self.grads = [g for layer in self.layers for g in layer.grads]

    def forward(self, xs, ts):
        for layer in self.layers:
            xs = layer.forward(xs)
        return self.loss_layer.forward(xs, ts)

    def backward(self, dout=1):
        dout = self.loss_layer.backward(dout)
        for layer in reversed(self.layers):
            dout = layer.backward(dout)


def test_rnnlm_trainer_lowers_the_perplexity_with_truncated_bptt(common, capsys):
    corpus = np.array([0, 1, 2, 3, 4, 5, 6, 7] * 40)  # a cycle: each word predicts the next
    xs, ts = corpus[:-1], corpus[1:]
    trainer = common["trainer"].RnnlmTrainer(_TinyRnnlm(common, 8, 6, 8), common["optimizer"].Adam(lr=0.05))
    trainer.fit(xs, ts, max_epoch=8, batch_size=4, time_size=5, max_grad=0.25, eval_interval=5)
    assert trainer.ppl_list[0] > 5 and trainer.ppl_list[-1] < 2, trainer.ppl_list
    assert trainer.time_idx == 8 * (len(xs) // 20) * 5  # the rows carry on across batches
    assert "perplexity" in capsys.readouterr().out


def test_get_batch_reads_each_row_on_from_its_own_offset(common):
    trainer = common["trainer"].RnnlmTrainer(None, None)
    trainer.time_idx = 0
    x = np.arange(20)
    first, _ = trainer.get_batch(x, x, 2, 3)
    second, _ = trainer.get_batch(x, x, 2, 3)
    np.testing.assert_array_equal(first, [[0, 1, 2], [10, 11, 12]])
    np.testing.assert_array_equal(second, [[3, 4, 5], [13, 14, 15]])


def test_base_model_saves_and_loads_into_its_own_arrays(common, tmp_path):
    class Model(common["base_model"].BaseModel):
        def __init__(self, seed):
            self.params = [np.random.default_rng(seed).standard_normal((3, 2)), np.zeros(2)]

    saved, loaded = Model(1), Model(2)
    held = loaded.params[0]
    saved.save_params(str(tmp_path / "model.pkl"))
    loaded.load_params(str(tmp_path / "model.pkl"))
    assert loaded.params[0] is held
    np.testing.assert_array_equal(loaded.params[0], saved.params[0])
    with pytest.raises(IOError):
        loaded.load_params(str(tmp_path / "missing.pkl"))


# -- the verdict says which names came from a reference ------------------------------------------------

def test_the_books_negative_sampling_layer_passes_and_says_what_came_from_a_reference():
    result = grade("unigram_sampler", BOOK_FILES / "unigram_sampler.py")
    assert result.passed, [c.text() for c in result.checks if not c.passed]
    notes = [n.render("en") for n in result.notes if n.key == "note.from_reference"]
    assert notes == ["taken from the book's modules (its common package, or another chapter's file), so from the "
                     "reference solutions, not from your code: Embedding, SigmoidWithLoss (common.layers)"]
    assert "参考答案" in next(n for n in result.notes if n.key == "note.from_reference").render("zh")


def test_a_file_that_writes_everything_itself_gets_no_such_note(tmp_path):
    assert not [n for n in grade("affine", CATALOG["affine"].solution_path).notes if n.key == "note.from_reference"]
    # a star import of what it then defines itself: its own Affine, nothing noted
    own = tmp_path / "affine.py"
    own.write_text("from common.layers import *\n" + CATALOG["affine"].solution_path.read_text(encoding="utf-8"))
    result = grade("affine", own)
    assert result.passed and not [n for n in result.notes if n.key == "note.from_reference"]


def test_the_books_cbow_imports_negative_sampling_from_its_chapter_module_as_printed():
    """ch04/cbow.py imports `from ch04.negative_sampling_layer import NegativeSamplingLoss`: the generated
    chapter module answers it from the exercise's reference, and the verdict says so."""
    result = grade("cbow", BOOK_FILES / "cbow.py")
    assert result.passed, [c.text() for c in result.checks if not c.passed]
    notes = [n.render("en") for n in result.notes if n.key == "note.from_reference"]
    assert notes and "NegativeSamplingLoss (ch04.negative_sampling_layer)" in notes[0]


def test_a_chapter_module_of_the_book_is_generated_from_the_book_keys():
    text = compat.render_chapter(CATALOG, "ch04.negative_sampling_layer")
    assert "'NegativeSamplingLoss': 'ch04.negative_sampling'" in text
    assert "'UnigramSampler': 'ch04.unigram_sampler'" in text
    assert "def __getattr__(name):" in text  # lazy: the chapter's references import from it too


# -- the book's scripts' neighbours and data sets ----------------------------------------------------


def test_the_books_peeky_seq2seq_imports_its_neighbour_by_its_bare_name_as_printed():
    """ch07/peeky_seq2seq.py runs beside ch07/seq2seq.py: `from seq2seq import Seq2seq, Encoder`. The bare
    name answers from the seq2seq exercise's reference, and the verdict says so."""
    result = grade("peeky", BOOK_FILES / "peeky.py")
    assert result.passed, [c.text() for c in result.checks if not c.passed]
    notes = [n.render("en") for n in result.notes if n.key == "note.from_reference"]
    assert notes and "Encoder, Seq2seq (seq2seq)" in notes[0]


def test_every_chapter_module_of_a_book_key_answers_its_bare_name():
    bare = compat.bare_modules(CATALOG)
    assert bare["seq2seq"] == {"Encoder": "ch07.seq2seq", "Decoder": "ch07.seq2seq", "Seq2seq": "ch07.seq2seq"}
    assert bare["peeky_seq2seq"]["PeekySeq2seq"] == "ch07.peeky"
    # a module the generator writes itself answers from that module
    assert bare["negative_sampling_layer"]["NegativeSamplingLoss"] == "ch04.negative_sampling_layer"
    assert all(not name.startswith("common") for name in bare)


def test_two_chapters_cannot_both_answer_one_bare_name():
    clash = dataclasses.replace(CATALOG["peeky"], id="clash", book=("ch08.seq2seq",))
    with pytest.raises(compat.ShimError, match="would both answer `import seq2seq`"):
        compat.bare_modules([*CATALOG, clash])


def test_the_books_sequence_loader_answers_with_the_generated_data_set(common):
    """`from dataset import sequence` as the book's ch07 scripts write it: the book's shapes and split, the
    vocabulary of the data set loaded, and numpy's generator left where the book's loader leaves it (the
    scripts draw their weights from it)."""
    import importlib

    sequence = importlib.import_module("dataset.sequence")
    (x_train, t_train), (x_test, t_test) = sequence.load_data("addition.txt")
    after = np.random.randn(3)
    assert x_train.shape == (45000, 7) and t_train.shape == (45000, 5)
    assert x_test.shape == (5000, 7) and t_test.shape == (5000, 5)
    char_to_id, id_to_char = sequence.get_vocab()
    assert len(char_to_id) == 13 and id_to_char[char_to_id["_"]] == "_"
    assert all(id_to_char[int(i)] == "_" for i in t_train[:, 0])
    np.random.seed(1984)
    np.random.shuffle(np.arange(50000))
    assert np.array_equal(after, np.random.randn(3))
