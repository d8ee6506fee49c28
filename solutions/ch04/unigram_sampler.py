"""Negative sampling from the unigram distribution (book §4.2.6).

zh: 从 unigram 分布中进行负采样（书 §4.2.6）。
"""
from workbench.backend import np


class UnigramSampler:
    def __init__(self, corpus, power, sample_size):
        self.sample_size = sample_size
        ### BEGIN SOLUTION
        # P(w) ∝ count(w)^power over the ids 0 … max(corpus)
        # zh: 对 ID 0 … max(corpus)：P(w) ∝ count(w)^power
        counts = np.bincount(np.asarray(corpus).ravel())
        self.vocab_size = len(counts)
        self.word_p = np.power(counts.astype(float), power)
        self.word_p /= np.sum(self.word_p)
        # inverse CDF: u uniform in [0, Σ P) falls in word w's interval [cdf[w−1], cdf[w]) with probability P(w)
        # zh: 逆 CDF 法：在 [0, Σ P) 上均匀分布的 u 以概率 P(w) 落在单词 w 的区间 [cdf[w−1], cdf[w]) 中
        self.cdf = np.cumsum(self.word_p)
        ### END SOLUTION

    def get_negative_sample(self, target):
        ### BEGIN SOLUTION
        # row n: sample_size distinct ids drawn with P(w), never target[n], for all rows at once;
        # column j from P renormalised without target[n] and the row's earlier picks (successive draws)
        # zh: 第 n 行：按 P(w) 抽出 sample_size 个互不相同的 ID，不含 target[n]，所有行一次完成；
        # zh: 第 j 列从去掉 target[n] 和该行之前已抽中的 ID 后重新归一化的 P 中抽取（逐次抽样）
        N = target.shape[0]
        available = np.count_nonzero(self.word_p) - (self.word_p[target] > 0)
        if np.any(available < self.sample_size):
            raise ValueError("fewer words of nonzero probability (besides the target) than sample_size")
        sample = np.empty((N, self.sample_size), dtype=int)
        excluded = target.reshape(N, 1)
        for j in range(self.sample_size):
            # draw from P and redraw the rows that hit an excluded id: cheap while those hold little of P
            # zh: 从 P 中抽样，抽中了被排除 ID 的行再重抽：只要这些 ID 在 P 中所占的概率很小，这样做就很便宜
            todo = np.arange(N)
            for _ in range(10):
                if todo.size == 0:
                    break
                u = np.random.rand(todo.size) * self.cdf[-1]
                draw = np.searchsorted(self.cdf, u, side='right')
                sample[todo, j] = draw
                todo = todo[np.any(excluded[todo] == draw[:, None], axis=1)]
            if todo.size > 0:
                # rows whose excluded ids hold most of P: draw from the row's P with them set to 0
                # zh: 被排除的 ID 占了 P 的大部分概率的行：把这些 ID 的概率置为 0，再从该行的 P 中抽样
                p = np.tile(self.word_p, (todo.size, 1))
                p[np.arange(todo.size)[:, None], excluded[todo]] = 0
                cdf = np.cumsum(p, axis=1)
                u = np.random.rand(todo.size, 1) * cdf[:, -1:]
                sample[todo, j] = np.sum(cdf <= u, axis=1)
            excluded = np.concatenate([excluded, sample[:, j:j + 1]], axis=1)
        return sample
        ### END SOLUTION
