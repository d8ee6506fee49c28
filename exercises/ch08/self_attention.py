"""Self-attention and multi-head attention (the book's §8.5.2, built out)."""
from workbench.backend import np

from ch08.scaled_dot_attention import ScaledDotProductAttention


class SelfAttention:
    def __init__(self, Wq, Wk, Wv):
        self.params = [Wq, Wk, Wv]
        self.grads = [np.zeros_like(Wq), np.zeros_like(Wk), np.zeros_like(Wv)]
        self.attention = ScaledDotProductAttention()
        self.x = None

    def forward(self, x, mask=None):
        # q = x·Wq, k = x·Wk, v = x·Wv: one sequence asks, is asked and answers; out = attention(q, k, v, mask)
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout):
        # dWq = Σ_(n,t) xᵀ·dq (k, v alike); x feeds all three projections: dx = dq·Wqᵀ + dk·Wkᵀ + dv·Wvᵀ
        # YOUR CODE HERE
        raise NotImplementedError()


class MultiHeadAttention:
    def __init__(self, Wq, Wk, Wv, Wo, num_heads):
        # Wq, Wk, Wv, Wo: (D, D); head i owns columns i·dk:(i+1)·dk of Wq, Wk and Wv, dk = D // num_heads
        self.params = [Wq, Wk, Wv, Wo]
        self.grads = [np.zeros_like(Wq), np.zeros_like(Wk), np.zeros_like(Wv), np.zeros_like(Wo)]
        self.num_heads = num_heads
        self.attention = ScaledDotProductAttention()
        self.attention_weight = None
        self.cache = None

    def split_heads(self, X):
        # (N, T, D) → (N·h, T, dk): head i takes columns i·dk:(i+1)·dk, each head one item of a bigger batch
        # YOUR CODE HERE
        raise NotImplementedError()

    def merge_heads(self, Y, N):
        # (N·h, T, dk) → (N, T, D): the heads side by side again, head 0 first (split_heads undone)
        # YOUR CODE HERE
        raise NotImplementedError()

    def forward(self, x, mask=None):
        # head_i = attention(x·Wq_i, x·Wk_i, x·Wv_i, mask); out = [head_0 … head_h−1]·Wo
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout):
        # dWo = Σ concatᵀ·dout; each head's gradient back through attention; dWq = Σ xᵀ·dQ (k, v alike);
        # dx = dQ·Wqᵀ + dK·Wkᵀ + dV·Wvᵀ
        # YOUR CODE HERE
        raise NotImplementedError()
