"""Correct: np.bincount for the counts, np.random.choice(replace=False) row by row (slow but right)."""
import numpy as np


class UnigramSampler:
    def __init__(self, corpus, power, sample_size):
        self.sample_size = sample_size
        counts = np.bincount(corpus)
        self.vocab_size = len(counts)
        self.word_p = counts ** power / np.sum(counts ** power)

    def get_negative_sample(self, target):
        rows = []
        for t in target:
            p = self.word_p.copy()
            p[t] = 0.0
            rows.append(np.random.choice(self.vocab_size, self.sample_size, replace=False, p=p / p.sum()))
        return np.array(rows, dtype=np.int64).reshape(len(target), self.sample_size)
