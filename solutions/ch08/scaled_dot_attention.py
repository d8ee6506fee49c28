"""Scaled dot-product attention with a mask (the book's §8.5.2, "Attention is all you need").

zh: 带掩码的缩放点积注意力（书 §8.5.2，"Attention is all you need"）。
"""
from workbench.backend import np


def causal_mask(T):
    ### BEGIN SOLUTION
    # mask[i, j] = (j ≤ i): query i may attend to itself and the positions before it, never after
    # zh: mask[i, j] = (j ≤ i)：查询 i 可以关注它自己和它之前的位置，不能关注之后的位置
    return np.tril(np.ones((T, T), dtype=bool))
    ### END SOLUTION


class ScaledDotProductAttention:
    def __init__(self):
        self.params, self.grads = [], []
        self.attention_weight = None
        self.cache = None

    def forward(self, q, k, v, mask=None):
        ### BEGIN SOLUTION
        # A = softmax(q·kᵀ/√dk) over the keys, a masked key (mask False) excluded: A = 0 there; out = A·v
        # zh: A = softmax(q·kᵀ/√dk)，沿键的方向；被屏蔽的键（mask 为 False）不参与：那里 A = 0；out = A·v
        scale = 1 / q.shape[-1] ** 0.5
        scores = np.matmul(q, k.swapaxes(-1, -2)) * scale
        if mask is not None:
            scores = np.where(mask, scores, -np.inf)  # exp(−inf) = 0: a masked key gets no weight
        top = scores.max(axis=-1, keepdims=True)
        top = np.where(top == -np.inf, 0, top)  # a query whose every key is masked: no −inf − (−inf) = NaN
        e = np.exp(scores - top)
        total = e.sum(axis=-1, keepdims=True)
        A = e / np.where(total == 0, 1, total)  # ... and its weights stay 0
        self.attention_weight = A
        self.cache = (q, k, v, scale)
        return np.matmul(A, v)
        ### END SOLUTION

    def backward(self, dout):
        ### BEGIN SOLUTION
        # dv = Aᵀ·dout; dA = dout·vᵀ; dS = A ⊙ (dA − Σ_keys A ⊙ dA) / √dk; dq = dS·k, dk = dSᵀ·q
        # zh: dv = Aᵀ·dout；dA = dout·vᵀ；dS = A ⊙ (dA − Σ_键 A ⊙ dA) / √dk；dq = dS·k，dk = dSᵀ·q
        q, k, v, scale = self.cache
        A = self.attention_weight
        dv = np.matmul(A.swapaxes(-1, -2), dout)
        dA = np.matmul(dout, v.swapaxes(-1, -2))
        dS = A * (dA - (A * dA).sum(axis=-1, keepdims=True)) * scale  # zero where A is 0: masked keys
        dq = np.matmul(dS, k)
        dk = np.matmul(dS.swapaxes(-1, -2), q)
        return dq, dk, dv
        ### END SOLUTION
