"""benchmarks/transformer_speed.py: its Transformer is the demo's model on the references, and its step trains it."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import transformer_speed  # noqa: E402


def test_the_transformer_step_trains_the_demos_model_on_the_references():
    from corpora.sequence import date_lines, split_lines
    from workbench.demos import date_transformer as demo

    data = split_lines(date_lines()[:400])
    inputs, targets = demo.sequences(demo.right_align(data.x_train, data.char_to_id[" "]), data.t_train)
    model, step = transformer_speed.transformer(data, data.x_train, epochs=4)
    assert type(model) is demo.DateTransformer
    assert type(model.blocks[0]).__module__ == "ch08.transformer_block"  # the reference, resolved by the catalog
    losses = [step(inputs[k * 60:(k + 1) * 60], targets[k * 60:(k + 1) * 60]) for k in range(6)]
    assert numpy.isfinite(losses).all() and losses[-1] < losses[0]
