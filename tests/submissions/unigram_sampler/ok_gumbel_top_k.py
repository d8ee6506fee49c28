"""Correct: the Gumbel top-k trick: the sample_size largest log P(w) − log(−log U), target excluded,
are draws without replacement; one np.random.rand(N, V) for the whole batch."""
from workbench.backend import np


class UnigramSampler:
    def __init__(self, corpus, power, sample_size):
        self.sample_size = sample_size
        counts = np.bincount(np.asarray(corpus))
        self.vocab_size = len(counts)
        self.word_p = counts.astype(np.float64) ** power
        self.word_p /= self.word_p.sum()
        # log P, −inf (without a warning) for ids that never occur
        self.log_p = np.full(self.vocab_size, -np.inf)
        seen = self.word_p > 0
        self.log_p[seen] = np.log(self.word_p[seen])

    def get_negative_sample(self, target):
        N = target.shape[0]
        keys = self.log_p - np.log(-np.log(np.random.rand(N, self.vocab_size)))
        keys[np.arange(N), target] = -np.inf
        top = np.argpartition(-keys, self.sample_size - 1, axis=1)[:, :self.sample_size]
        # largest key first: the order in which successive draws would pick them
        order = np.argsort(-np.take_along_axis(keys, top, axis=1), axis=1)
        return np.take_along_axis(top, order, axis=1)
