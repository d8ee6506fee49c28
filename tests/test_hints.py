"""`workbench hint`: the hint for the mistake the learner's file shows comes first, then the ladder, in both
languages."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.catalog import load_catalog, probe_mistakes
from mutants import mutated_source
from submission_cases import MUTANTS

BIN = Path(sys.executable).parent
CATALOG = load_catalog()
BY_ID = {m.id: m for m in MUTANTS}


def workbench(*args, cwd):
    proc = subprocess.run([str(BIN / "workbench"), *args], capture_output=True, text=True, cwd=cwd,
                          env=os.environ, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def plant(tmp_path, mutant_id: str, lang: str) -> Path:
    workspace = tmp_path / "ws"
    workbench("--lang", lang, "init", str(workspace), cwd=tmp_path)
    mutant = BY_ID[mutant_id]
    (workspace / CATALOG[mutant.exercise].module).write_text(mutated_source(mutant), encoding="utf-8")
    return workspace


def test_dividing_by_n_twice_gets_its_hint_first_then_the_ladder(tmp_path):
    workspace = plant(tmp_path, "softmax_with_loss/bad_double_division", "en")
    ladder = CATALOG["softmax_with_loss"].hints
    first = workbench("hint", "softmax_with_loss", cwd=workspace)
    assert first.startswith("For the mistake your file shows: You are dividing by N twice")
    assert "Hint 1/" not in first
    second = workbench("hint", "softmax_with_loss", cwd=workspace)
    assert second.startswith("For the mistake your file shows: You are dividing by N twice")
    assert f"Hint 1/{len(ladder)}: {ladder[0]['en']}" in second and "Hint 2/" not in second


def test_a_chinese_workspace_gets_the_hint_for_its_gate_order_in_chinese(tmp_path):
    workspace = plant(tmp_path, "lstm/bad_gate_order", "zh")
    first = workbench("hint", "lstm", cwd=workspace)
    assert first.startswith("针对你的文件中出现的错误：书中把四个门按 f、g、i、o 的顺序")
    assert "提示 1/" not in first
    assert "提示 1/" in workbench("hint", "lstm", cwd=workspace)


def test_a_mistake_without_a_hint_of_its_own_gets_the_ladder(tmp_path):
    workspace = plant(tmp_path, "affine/bad_dx_sign", "en")
    first = workbench("hint", "affine", cwd=workspace)
    assert first.startswith(f"Hint 1/{len(CATALOG['affine'].hints)}") and "For the mistake" not in first


def test_the_hint_follows_the_file_once_the_mistake_changes(tmp_path):
    workspace = plant(tmp_path, "softmax/bad_softmax_axis0", "en")
    assert "Try it by hand" in workbench("hint", "softmax", cwd=workspace)
    # the next mistake, the whole array for one vector, brings its own hint, before the ladder goes on
    (workspace / CATALOG["softmax"].module).write_text(mutated_source(BY_ID["softmax/bad_softmax_whole_array"]),
                                                       encoding="utf-8")
    out = workbench("hint", "softmax", cwd=workspace)
    assert "np.sum(e) with no axis" in out and "Try it by hand" not in out and "Hint 1/" not in out


def the_hint(exercise_id: str, key: str) -> dict:
    return CATALOG[exercise_id].known_mistakes()[key]["hint"]


@pytest.mark.parametrize("lang, lead", [("en", "For the mistake your file shows: "), ("zh", "针对你的文件中出现的错误：")])
def test_scores_not_divided_by_root_dk_get_their_hint_in_the_workspace_language(tmp_path, lang, lead):
    workspace = plant(tmp_path, "scaled_dot_attention/bad_no_scale", lang)
    hint = the_hint("scaled_dot_attention", "variant|the-scores-are-not-divided-by")[lang]
    first = workbench("hint", "scaled_dot_attention", cwd=workspace)
    assert first.startswith(lead + hint)
    assert "np.matmul(q, k.swapaxes(-1, -2)).std()" in first
    assert "Hint 1/" not in first and "提示 1/" not in first


def test_heads_split_by_reshape_alone_get_the_head_zero_experiment_in_chinese(tmp_path):
    workspace = plant(tmp_path, "self_attention/bad_heads_reshaped", "zh")
    first = workbench("hint", "self_attention", cwd=workspace)
    assert first.startswith("针对你的文件中出现的错误：" + the_hint("self_attention", "variant|the-heads-are-split-and-merged")["zh"])
    assert "m.split_heads(X)[0]" in first and "第 0 个头" in first and "For the mistake" not in first


def every_named_mistake():
    for exercise in CATALOG:
        for probe in exercise.probes:
            for kind, mistake in probe_mistakes(probe):
                words = mistake["says"] if kind == "variant" else mistake
                yield exercise.id, f"{kind}|{mistake['id']}", mistake, words


def test_every_named_mistake_has_a_hint_in_both_languages_of_its_own_words():
    missing, hints = [], {}
    for exercise_id, key, mistake, words in every_named_mistake():
        hint = mistake.get("hint")
        if not hint or not hint.get("en", "").strip() or not hint.get("zh", "").strip():
            missing.append(f"{exercise_id} {key}")
            continue
        for lang in ("en", "zh"):  # a nudge towards the mistake, never the diagnosis's words again
            assert hint[lang].strip() != words[lang].strip(), f"{exercise_id} {key}: the {lang} hint repeats its message"
        assert re.search(r"[\u4e00-\u9fff]", hint["zh"]), f"{exercise_id} {key}: the zh hint is not Chinese"
        # one mistake named in several probes gives the same hint in each
        assert hints.setdefault((exercise_id, key), hint) == hint, f"{exercise_id} {key}: two different hints"
    assert not missing, "named mistakes without a hint in English and Chinese:\n" + "\n".join(missing)


def test_a_decoder_reading_unshifted_ts_gets_the_write_it_out_by_hand_hint(tmp_path):
    workspace = plant(tmp_path, "seq2seq/bad_not_shifted", "en")
    first = workbench("hint", "seq2seq", cwd=workspace)
    assert first.startswith("For the mistake your file shows: " + the_hint("seq2seq", "variant|ts-is-not-shifted-the-decoder")["en"])
    assert "'_62 '" in first and "Hint 1/" not in first


def test_a_peeky_dh_without_the_lstm_half_gets_the_columns_hint_in_chinese(tmp_path):
    workspace = plant(tmp_path, "peeky/bad_dh_misses_lstm_half", "zh")
    first = workbench("hint", "peeky", cwd=workspace)
    assert first.startswith("针对你的文件中出现的错误：" + the_hint("peeky", "variant|dh-misses-the-lstm-s-hs")["zh"])
    assert "(N, T, H + D)" in first and "提示 1/" not in first


def test_a_softmax_over_the_batch_gets_the_rows_experiment_in_chinese(tmp_path):
    workspace = plant(tmp_path, "attention_weight/bad_softmax_over_batch", "zh")
    first = workbench("hint", "attention_weight", cwd=workspace)
    hint = the_hint("attention_weight", "variant|the-softmax-runs-over-the-batch")["zh"]
    assert first.startswith("针对你的文件中出现的错误：" + hint)
    assert "print(a.sum(axis=1))" in first and "§8.1.4" in first
    assert "提示 1/" not in first and "For the mistake" not in first
    assert "提示 1/" in workbench("hint", "attention_weight", cwd=workspace)
