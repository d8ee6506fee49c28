"""`workbench hint`: the hint for the mistake the learner's file shows comes first, then the ladder, in both
languages."""

import os
import subprocess
import sys
from pathlib import Path

from autograder.catalog import load_catalog
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
