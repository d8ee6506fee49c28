"""Scaled dot-product attention with a mask (the book's §8.5.2, "Attention is all you need")."""
from workbench.backend import np


def causal_mask(T):
    # mask[i, j] = (j ≤ i): query i may attend to itself and the positions before it, never after
    # YOUR CODE HERE
    raise NotImplementedError()


class ScaledDotProductAttention:
    def __init__(self):
        self.params, self.grads = [], []
        self.attention_weight = None
        self.cache = None

    def forward(self, q, k, v, mask=None):
        # A = softmax(q·kᵀ/√dk) over the keys, a masked key (mask False) excluded: A = 0 there; out = A·v
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout):
        # dv = Aᵀ·dout; dA = dout·vᵀ; dS = A ⊙ (dA − Σ_keys A ⊙ dA) / √dk; dq = dS·k, dk = dSᵀ·q
        # YOUR CODE HERE
        raise NotImplementedError()
