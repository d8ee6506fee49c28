"""Correct: str.split(), ids from dict.fromkeys (first appearance) and dict comprehensions."""
import numpy as np


def preprocess(text):
    words = text.lower().replace('.', ' .').split()
    word_to_id = {word: i for i, word in enumerate(dict.fromkeys(words))}
    id_to_word = {i: word for word, i in word_to_id.items()}
    corpus = np.array([word_to_id[word] for word in words], dtype=np.int64)
    return corpus, word_to_id, id_to_word
