"""Correct: vectorised with np.unique, the sorted ids renumbered by first appearance."""
import re

from workbench.backend import np


def preprocess(text):
    words = re.sub(r'\.', ' .', text.lower()).split()
    if not words:
        return np.zeros(0, dtype=int), {}, {}
    vocab, first, inverse = np.unique(np.array(words), return_index=True, return_inverse=True)
    order = np.argsort(first)              # sorted-vocabulary indices in order of first appearance
    new_id = np.empty_like(order)
    new_id[order] = np.arange(len(order))  # sorted index → id by first appearance
    corpus = new_id[inverse.ravel()]
    id_to_word = {i: str(vocab[j]) for i, j in enumerate(order.tolist())}
    word_to_id = {word: i for i, word in id_to_word.items()}
    return corpus, word_to_id, id_to_word
