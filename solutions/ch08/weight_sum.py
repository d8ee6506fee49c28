"""The WeightSum layer: the context vector, a weighted sum of the encoder's states (book §8.1.3).

zh: WeightSum 层：上下文向量，即编码器各时刻隐藏状态的加权和（书 §8.1.3）。
"""
from workbench.backend import np


class WeightSum:
    def __init__(self):
        self.params, self.grads = [], []
        self.cache = None

    def forward(self, hs, a):
        ### BEGIN SOLUTION
        # c[n] = Σ_t a[n, t] · hs[n, t]: hs (N, T, H) weighted by a (N, T), summed over time → (N, H)
        # zh: c[n] = Σ_t a[n, t] · hs[n, t]：用 a (N, T) 给 hs (N, T, H) 加权，再沿时间求和 → (N, H)
        weights = a[:, :, np.newaxis]  # (N, T, 1): one weight per step, broadcast over H
        self.cache = (hs, weights)
        return (hs * weights).sum(axis=1)
        ### END SOLUTION

    def backward(self, dc):
        ### BEGIN SOLUTION
        # the sum over time hands dc to every step: dhs[n, t] = a[n, t] · dc[n]; da[n, t] = Σ_h dc[n, h] · hs[n, t, h]
        # zh: 沿时间的求和把 dc 传给每个时刻：dhs[n, t] = a[n, t] · dc[n]；da[n, t] = Σ_h dc[n, h] · hs[n, t, h]
        hs, weights = self.cache
        dc_steps = dc[:, np.newaxis, :]  # (N, 1, H): the same dc for every step, broadcast rather than repeated
        return dc_steps * weights, (dc_steps * hs).sum(axis=2)
        ### END SOLUTION
