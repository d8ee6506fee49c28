"""`workbench demo`: the list, both demos on the references offline, the learner's layers, and what it
says when a layer it needs is not passing yet or the corpus cannot be had."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from autograder import resources
from workbench.cli import main
from workbench.demos import all_demos, layers
from workbench.workspace import init_workspace

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.delenv("DLFS2_LANG", raising=False)
    ws, _ = init_workspace(tmp_path / "ws")
    return ws


def demo(workspace, *args) -> int:
    return main(["--workspace", str(workspace.root), "demo", *args])


def passing(workspace, exercise_id: str, text: str | None = None) -> None:
    """The learner's file for exercise_id (the reference unless `text`), recorded as passing."""
    exercise = workspace.catalog[exercise_id]
    source = text if text is not None else (resources.solutions_root() / exercise.module).read_text(encoding="utf-8")
    workspace.file_for(exercise).write_text(source, encoding="utf-8")
    workspace.record(SimpleNamespace(exercise=exercise_id, status="passed", score=1.0, max_score=1.0, checks=[], scored=[]))


def every_need_passing(workspace, demo_id: str) -> None:
    """The references as the learner's files of every exercise the demo needs, recorded as passing."""
    for source in layers.plan(all_demos()[demo_id], workspace, reference=True).sources:
        if source.exercise:
            passing(workspace, source.exercise)


def test_the_list_names_every_demo(workspace, capsys):
    assert demo(workspace) == 0
    out = capsys.readouterr().out
    for demo_id in ("count-vectors", "cbow", "rnnlm", "better-rnnlm", "generate", "date-attention"):
        assert demo_id in out


def test_every_need_of_every_demo_resolves_to_an_exercise(workspace):
    # chapters 2-4 are complete: every name these demos use is an exercise's, its reference with --reference
    for each in all_demos().values():
        plan = layers.plan(each, workspace, reference=True)
        for source in plan.sources:
            assert source.origin == "reference", f"{each.id}: {source.name} comes from {source.module}"
            assert layers.defining_exercise(workspace.catalog, source.name).id == source.exercise


def test_count_vectors_on_the_references_offline(workspace, capsys):
    assert demo(workspace, "count-vectors", "--reference", "--json") == 0
    out = capsys.readouterr().out.strip().splitlines()
    result = json.loads(out[-1])  # the last line of stdout: the one JSON object
    assert result["demo"] == "count-vectors" and result["corpus"] == "default"
    assert result["class_purity"] >= 0.9 and result["analogy_accuracy"] >= 0.9
    assert result["analogies"]["king:man=queen:?"] == "woman"
    assert set(result["neighbours"]) == {"you", "year", "car", "toyota"}
    assert "honda" in result["neighbours"]["toyota"]
    for picture in result["pictures"]:
        assert Path(picture).parent == workspace.state_dir / "plots" and Path(picture).stat().st_size > 0


def test_cbow_on_the_references_offline(workspace, capsys):
    assert demo(workspace, "cbow", "--reference", "--json", "--epochs", "1") == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out.strip().splitlines()[-1])
    assert result["epochs"] == 1 and len(result["loss_curve"]) >= 2
    assert result["final_loss"] < result["first_loss"]  # one epoch already learns
    assert 0 <= result["class_purity"] <= 1 and 0 <= result["analogy_accuracy"] <= 1
    assert {"class_purity", "analogy_accuracy", "analogies", "neighbours"} <= set(result)
    assert any(p.endswith("demo-cbow-loss.png") for p in result["pictures"])
    assert "epoch 1/1" in captured.err  # the progress bar


@pytest.mark.parametrize("demo_id, model", [("rnnlm", "Rnnlm"), ("better-rnnlm", "BetterRnnlm")])
def test_language_models_on_the_references_offline(workspace, capsys, demo_id, model):
    assert demo(workspace, demo_id, "--reference", "--json", "--epochs", "3") == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out.strip().splitlines()[-1])
    assert result["model"] == model and result["epochs"] == 3 and result["layers"][model] == "reference"
    train, test = result["train_perplexity"], result["test_perplexity"]
    assert len(train) == len(test) == 3
    assert test[-1] < test[0] < result["vocab_size"]  # it learns, and beats guessing uniformly
    assert result["test_words"] > 0 and result["train_words"] >= 8 * result["test_words"]
    assert [s["start"] for s in result["samples"]] == ["you", "the"]
    for sample in result["samples"]:
        assert len(sample["words"]) == 40 and sample["words"][0] == sample["start"]
    assert any(p.endswith(f"demo-{demo_id}-perplexity.png") for p in result["pictures"])
    assert "epoch 3/3" in captured.err and "perplexity" in captured.err


def test_generate_writes_its_texts_with_the_learners_rnnlm_gen(workspace, capsys):
    # their generate repeats the start word: the demo's texts are theirs, not the demo's own sampler's
    every_need_passing(workspace, "generate")
    reference = (resources.solutions_root() / workspace.catalog["generate"].module).read_text(encoding="utf-8")
    theirs = reference.replace("        ### BEGIN SOLUTION\n", "        ### BEGIN SOLUTION\n        return [start_id] * sample_size\n", 1)
    assert theirs != reference
    passing(workspace, "generate", theirs)
    assert demo(workspace, "generate", "--json", "--epochs", "1") == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out.strip().splitlines()[-1])
    assert result["model"] == "RnnlmGen" and result["layers"]["RnnlmGen"] == "learner"
    assert result["layers"]["Rnnlm"] == "learner" and len(result["test_perplexity"]) == 1
    assert [s["start"] for s in result["samples"]] == ["you", "the"]
    for sample in result["samples"]:
        assert sample["words"] == [sample["start"]] * 40
    assert "-- generated from 'you' --" in captured.err


def test_generation_never_samples_a_skipped_word():
    # a model that puts nearly all its mass on word 0 (<unk>): the text holds no 0, as RnnlmGen skips it
    import numpy

    from workbench.demos import language_model

    class Model:
        def predict(self, xs):
            scores = numpy.zeros((1, 1, 5), dtype=numpy.float32)
            scores[..., 0] = 5.0
            return scores

    ids = language_model.generate(Model(), 3, {0}, 30, numpy.random.RandomState(0))
    assert len(ids) == 30 and ids[0] == 3 and 0 not in ids
    assert ids == language_model.generate(Model(), 3, {0}, 30, numpy.random.RandomState(0))  # seeded


@pytest.mark.parametrize("lang, words", [("en", ["svd", "not passing", "--reference"]),
                                         ("zh", ["svd", "尚未通过", "--reference"])])
def test_a_layer_not_passing_yet_is_named_and_the_reference_offered(workspace, capsys, lang, words):
    assert main(["--workspace", str(workspace.root), "--lang", lang, "demo", "count-vectors"]) == 2
    err = capsys.readouterr().err
    for word in words:
        assert word in err
    assert "workbench demo count-vectors --reference" in err


def test_the_learners_passing_file_is_the_one_that_runs(workspace, capsys):
    # their svd returns zero vectors: the demo's measures show it ran their file, not the reference
    reference = (resources.solutions_root() / workspace.catalog["svd"].module).read_text(encoding="utf-8")
    broken = reference.replace("    return U[:, :wordvec_size]\n", "    return U[:, :wordvec_size] * 0\n")
    assert broken != reference
    every_need_passing(workspace, "count-vectors")
    passing(workspace, "svd", broken)
    assert demo(workspace, "count-vectors", "--json") == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["layers"]["word_vectors_svd"] == "learner"
    assert result["analogy_accuracy"] < 0.1


def test_ptb_offline_without_files_says_what_to_do(workspace, capsys, monkeypatch, tmp_path):
    monkeypatch.delenv("DLFS2_PTB_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("DLFS2_NO_DOWNLOAD", "1")
    every_need_passing(workspace, "count-vectors")
    assert demo(workspace, "count-vectors", "--corpus", "ptb") == 2
    err = capsys.readouterr().err
    assert "DLFS2_PTB_DIR" in err and "--corpus default" in err and "Traceback" not in err


@pytest.mark.skipif(not (SHARED / "ptb.valid.txt").is_file(), reason="no PTB files in ../shared/corpora")
def test_without_the_train_file_a_demo_trains_on_valid_and_says_so():
    from workbench.demos import corpus

    loaded = corpus.load(str(SHARED))
    assert loaded.name == "ptb" and loaded.test is not None
    assert len(loaded.train) == sum(len(line.split()) + 1 for line in (SHARED / "ptb.valid.txt").open())
    assert "ptb.valid.txt" in loaded.notes[0]["en"] and "ptb.valid.txt" in loaded.notes[0]["zh"]


def test_an_unknown_demo_is_named(workspace, capsys):
    assert demo(workspace, "nope") == 2
    assert "count-vectors" in capsys.readouterr().err


def test_cbow_on_the_learners_layers_runs_every_one_of_them(workspace, capsys):
    # CBOW is built of Embedding, EmbeddingDot, UnigramSampler and NegativeSamplingLoss: each is the learner's
    every_need_passing(workspace, "cbow")
    assert demo(workspace, "cbow", "--json", "--epochs", "1") == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(result["layers"].values()) == {"learner"}
    assert {"Embedding", "EmbeddingDot", "UnigramSampler", "NegativeSamplingLoss", "CBOW"} <= set(result["layers"])
    assert result["final_loss"] < result["first_loss"]


def _date_file(tmp_path, lines: int) -> Path:
    from corpora import sequence

    path = tmp_path / "date.txt"
    path.write_text("\n".join(sequence.date_lines(lines)) + "\n", encoding="utf-8")
    return path


def test_date_attention_on_the_learners_layers(workspace, capsys, tmp_path):
    # the book's model and settings on 1,200 dates in the book's format (1,080 to train on): every layer the
    # learner's, the accuracy of generate per epoch, and the attention map of a date, in the terminal and a PNG
    import re

    import numpy

    every_need_passing(workspace, "date-attention")
    assert demo(workspace, "date-attention", "--json", "--epochs", "2", "--corpus", str(_date_file(tmp_path, 1200))) == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out.strip().splitlines()[-1])
    assert set(result["layers"].values()) == {"learner"}
    assert {"WeightSum", "AttentionWeight", "TimeAttention", "TimeLSTM", "AttentionSeq2seq"} <= set(result["layers"])
    assert (result["train_size"], result["test_size"]) == (1080, 120)
    assert result["hidden_size"] == 256 and result["wordvec_size"] == 16 and result["batch_size"] == 128
    assert len(result["accuracy"]) == 2 and all(0 <= a <= 1 for a in result["accuracy"])
    assert len(result["loss_curve"]) == 2 and result["loss_curve"][1] < result["loss_curve"][0]  # it learns
    attention = result["attention_map"]
    weights = numpy.array(attention["weights"])
    assert weights.shape == (10, 29)  # the answer's characters after "_", the question's characters
    assert numpy.allclose(weights.sum(axis=1), 1, atol=1e-3)  # a softmax over the question's characters
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", attention["answer"])
    assert attention["question"] in captured.err  # the map is drawn in the terminal under its question
    assert " ".join(attention["question"][:5]) in captured.err  # its characters head the columns
    assert "epoch 2/2" in captured.err and "test accuracy" in captured.err
    assert len(result["examples"]) == 3 and all(e["question"] for e in result["examples"])
    for name in ("accuracy", "attention"):
        picture = next(p for p in result["pictures"] if p.endswith(f"demo-date-attention-{name}.png"))
        assert Path(picture).stat().st_size > 0


def test_date_attention_without_its_data_says_so(workspace, capsys, tmp_path):
    every_need_passing(workspace, "date-attention")
    assert demo(workspace, "date-attention", "--reference", "--corpus", str(tmp_path / "none.txt")) == 2
    err = capsys.readouterr().err
    assert "none.txt" in err and "the generated date data set" in err and "Traceback" not in err
