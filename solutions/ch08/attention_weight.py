"""The AttentionWeight layer: how much the decoder attends to each encoder step (book §8.1.4).

zh: AttentionWeight 层：解码器对编码器每个时刻的关注程度（书 §8.1.4）。
"""
from workbench.backend import np

from ch01.softmax import Softmax


class AttentionWeight:
    def __init__(self):
        self.params, self.grads = [], []
        self.cache = None
        self.softmax = Softmax()  # over each row's T steps

    def forward(self, hs, h):
        ### BEGIN SOLUTION
        # s[n, t] = hs[n, t] · h[n] (dot product over H); a = softmax of s over the T time steps
        # zh: s[n, t] = hs[n, t] · h[n]（在 H 上做内积）；a = 对 s 沿 T 个时刻做 softmax
        h_steps = h[:, np.newaxis, :]  # (N, 1, H): the same h against every step
        self.cache = (hs, h_steps)
        return self.softmax.forward((hs * h_steps).sum(axis=2))
        ### END SOLUTION

    def backward(self, da):
        ### BEGIN SOLUTION
        # ds = softmax's backward; dhs[n, t] = ds[n, t] · h[n]; dh[n] = Σ_t ds[n, t] · hs[n, t] (h was used at every step)
        # zh: ds = softmax 的反向传播；dhs[n, t] = ds[n, t] · h[n]；dh[n] = Σ_t ds[n, t] · hs[n, t]（h 在每个时刻都被用到）
        hs, h_steps = self.cache
        ds = self.softmax.backward(da)[:, :, np.newaxis]  # (N, T, 1): one score's gradient per step
        return ds * h_steps, (ds * hs).sum(axis=1)
        ### END SOLUTION
