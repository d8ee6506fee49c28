"""The corpora: PTB read as the book's loader does, and the generated default corpus's known structure."""

from __future__ import annotations

from pathlib import Path

import numpy
import pytest

from corpora import generated, ptb

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
needs_ptb = pytest.mark.skipif(not (SHARED / "ptb.valid.txt").is_file(), reason="no PTB files in ../shared/corpora")


@pytest.fixture
def offline(monkeypatch, tmp_path):
    monkeypatch.delenv(ptb.ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv(ptb.NO_DOWNLOAD_VAR, "1")


@needs_ptb
def test_ptb_valid_and_test_without_train(offline):
    data = ptb.load(SHARED, download=False)
    assert not data.has_train and data.vocabulary_from == "valid+test"
    assert set(data.corpora) == {"valid", "test"}
    lines = (SHARED / "ptb.valid.txt").read_text().splitlines()
    valid = data.corpora["valid"]
    eos = data.word_to_id[ptb.EOS]
    assert int(numpy.sum(valid == eos)) == len(lines)  # one <eos> per line, the last word of each
    assert valid[-1] == eos
    first = lines[0].split()
    assert [data.id_to_word[int(i)] for i in valid[:len(first) + 1]] == first + [ptb.EOS]
    assert list(data.word_to_id.values()) == list(range(len(data.word_to_id)))  # ids in order of appearance
    assert 5000 < len(data.word_to_id) <= 10000  # a part of PTB's 10,000 words
    assert "<unk>" in data.word_to_id and "N" in data.word_to_id


@needs_ptb
def test_the_shared_files_have_the_recorded_checksums():
    for name in ("ptb.valid.txt", "ptb.test.txt"):
        assert ptb.sha256(SHARED / name) == ptb.SHA256[name]


def test_a_file_that_differs_is_refused(tmp_path):
    bad = tmp_path / "ptb.valid.txt"
    bad.write_text(" not the treebank \n")
    with pytest.raises(ptb.ChecksumMismatch):
        ptb.verify(bad)


@needs_ptb
def test_the_folder_comes_from_the_environment(offline, monkeypatch):
    monkeypatch.setenv(ptb.ENV_VAR, str(SHARED))
    assert ptb.locate(download=False) == SHARED


def test_offline_without_files_says_what_to_do_in_both_languages(offline, tmp_path):
    with pytest.raises(ptb.PtbUnavailable) as raised:
        ptb.load(tmp_path / "nowhere", download=False)
    en, zh = raised.value.message("en"), raised.value.message("zh")
    for text in (en, zh):
        assert ptb.ENV_VAR in text and "--corpus" in text and ptb.URL_BASE in text and "default" in text
        assert str(tmp_path / "nowhere") in text
    assert "ptb.train.txt" in en and "请任选其一" in zh


def test_every_book_analogy_holds_by_construction():
    quads = generated.analogies()
    for quad in generated.BOOK_ANALOGIES:
        assert quad in quads
    classes = generated.word_classes()
    for cls in generated.CLASSES:
        if not cls.factored:
            continue
        for a, b, c, d in quads:
            if a in cls.words:
                pa, pb, pc, pd = (cls.words[w] for w in (a, b, c, d))
                # b differs from a in one property, c in the other, d has b's value of the one and c's of the other
                if pb[1] == pa[1]:
                    assert pc[0] == pa[0] and pb[0] != pa[0] and pd == (pb[0], pc[1])
                else:
                    assert pb[0] == pa[0] and pc[1] == pa[1] and pd == (pc[0], pb[1])
                assert len({classes[w] for w in (a, b, c, d)}) == 1


def test_the_templates_never_name_a_class_word():
    # a class word in another word's template would give it contexts its class does not have
    words = set(generated.word_classes())
    for cls in generated.CLASSES:
        for axis in cls.contexts:
            for templates in axis.values():
                for template in templates:
                    assert not (set(template.split()) & words), template


def test_the_default_corpus_is_seeded_and_holds_every_class_word():
    one, two = generated.load(), generated.load()
    assert numpy.array_equal(one.corpus, two.corpus)
    assert not numpy.array_equal(generated.load(seed=7).corpus[:200], one.corpus[:200])
    assert set(one.classes) <= set(one.word_to_id)
    assert one.corpus[-1] == one.word_to_id[generated.EOS]
    assert {"you", "year", "car", "toyota"} <= set(one.word_to_id)  # the book's queries
    assert len(set(one.classes.values())) >= 8


def test_count_vectors_find_the_structure():
    # the known structure is there to be found: PPMI + SVD of the default corpus recovers it
    from workbench.demos import metrics

    made = generated.load()
    V = len(made.word_to_id)
    C = numpy.zeros((V, V))
    for distance in (1, 2):
        numpy.add.at(C, (made.corpus[:-distance], made.corpus[distance:]), 1)
        numpy.add.at(C, (made.corpus[distance:], made.corpus[:-distance]), 1)
    N, S = C.sum(), C.sum(axis=0)
    with numpy.errstate(divide="ignore"):
        W = numpy.maximum(0, numpy.log2(C * N / numpy.outer(S, S) + 1e-8))
    vectors = numpy.linalg.svd(W)[0][:, :50]
    assert metrics.class_purity(vectors, made.word_to_id, made.classes) >= 0.9
    assert metrics.analogy_accuracy(vectors, made.word_to_id, made.id_to_word, made.analogies) >= 0.9
