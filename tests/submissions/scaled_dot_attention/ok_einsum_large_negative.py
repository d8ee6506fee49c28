"""Correct variant: einsum instead of matmul, masked scores filled with −1e9 and the weights multiplied by the
mask after the softmax (a query with every key masked gets 0), the causal mask by comparing indices."""
import numpy as np


def causal_mask(T):
    return np.arange(T)[:, None] >= np.arange(T)[None, :]


class ScaledDotProductAttention:
    def __init__(self):
        self.params, self.grads = [], []
        self.attention_weight = None

    def forward(self, q, k, v, mask=None):
        self.q, self.k, self.v = q, k, v
        self.scale = 1.0 / np.sqrt(q.shape[-1])
        scores = np.einsum("...qd,...kd->...qk", q, k) * self.scale
        if mask is not None:
            scores = np.where(mask, scores, -1e9)
        scores = scores - scores.max(axis=-1, keepdims=True)
        weights = np.exp(scores)
        weights /= weights.sum(axis=-1, keepdims=True)
        if mask is not None:
            weights = weights * mask
        self.attention_weight = weights
        return np.einsum("...qk,...kd->...qd", weights, v)

    def backward(self, dout):
        a = self.attention_weight
        dv = np.einsum("...qk,...qd->...kd", a, dout)
        da = np.einsum("...qd,...kd->...qk", dout, self.v)
        ds = a * da - a * np.sum(a * da, axis=-1, keepdims=True)
        ds = ds * self.scale
        dq = np.einsum("...qk,...kd->...qd", ds, self.k)
        dk = np.einsum("...qk,...qd->...kd", ds, self.q)
        return dq, dk, dv
