"""The book's ch04 CBOW, its Adam and one step of its Trainer, for benchmarks/cbow_speed.py's baseline.

The book's own code, loaded by _common.book_code: ch04/cbow.py on ch04/negative_sampling_layer.py,
common/layers.py and common/optimizer.py, from a checkout given by $DLFS2_BOOK_DIR (or a whole one
in the cache), else from the book's files the grader's trials use (tests/submissions/book). Those
files lack the book's common/trainer.py and SigmoidWithLoss: there, remove_duplicate and
SigmoidWithLoss are the project's (`SOURCE` says which came from where).

What makes it the book's:
- the weights are float32 (`.astype('f')`);
- UnigramSampler draws each row on its own: a copy of P with the row's target set to 0,
  renormalised, then `np.random.choice(V, sample_size, replace=False, p=p)`;
- Embedding.backward zeroes its whole dW and adds the rows with `np.add.at`;
- a CBOW of one Embedding layer per context word and one EmbeddingDot per sample, merged again
  by remove_duplicate at every step; Adam keeps the bias correction in the step size.
"""

from __future__ import annotations

from _common import book_code, book_source, book_trainer_step

_code = book_code()
CBOW = _code.module("ch04.cbow").CBOW
Adam = _code.module("common.optimizer").Adam
remove_duplicate = _code.module("common.trainer").remove_duplicate


def train_step(model, optimizer, contexts, target):
    """One iteration of the book's Trainer.fit (no clipping: ch04/train.py sets no max_grad)."""
    return book_trainer_step(_code, model, optimizer, None)(contexts, target)


def source() -> str:
    """Where the book's code came from (after a model is built: what the fixtures lacked is known then)."""
    return book_source(_code)
