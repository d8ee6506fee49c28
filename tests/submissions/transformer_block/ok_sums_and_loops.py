"""Correct variant: LayerNorm by np.var and its backward in the form (D·dx̂ − Σdx̂ − x̂·Σ(dx̂⊙x̂)) / (D·σ), the
positional encoding by a loop over the columns with exp(−ln(10000)·2i/D), the feed-forward layer by einsum."""
import math

import numpy as np

from ch08.scaled_dot_attention import causal_mask
from ch08.self_attention import MultiHeadAttention


class LayerNorm:
    def __init__(self, gamma, beta, eps=1e-5):
        self.params = [gamma, beta]
        self.grads = [np.zeros_like(gamma), np.zeros_like(beta)]
        self.eps = eps

    def forward(self, x):
        gamma, beta = self.params
        self.inv = 1.0 / np.sqrt(np.var(x, axis=-1, keepdims=True) + self.eps)
        self.xhat = (x - np.mean(x, axis=-1, keepdims=True)) * self.inv
        return self.xhat * gamma + beta

    def backward(self, dout):
        gamma = self.params[0]
        D = dout.shape[-1]
        axes = tuple(range(dout.ndim - 1))
        self.grads[0][...] = np.sum(dout * self.xhat, axis=axes)
        self.grads[1][...] = np.sum(dout, axis=axes)
        g = dout * gamma
        return (D * g - g.sum(-1, keepdims=True) - self.xhat * (g * self.xhat).sum(-1, keepdims=True)) * self.inv / D


def positional_encoding(T, D):
    pe = np.zeros((T, D))
    t = np.arange(T)
    for j in range(D):
        angle = t * math.exp(-math.log(10000.0) * (j - j % 2) / D)
        pe[:, j] = np.sin(angle) if j % 2 == 0 else np.cos(angle)
    return pe


class PositionwiseFeedForward:
    def __init__(self, W1, b1, W2, b2):
        self.params = [W1, b1, W2, b2]
        self.grads = [np.zeros_like(p) for p in self.params]

    def forward(self, x):
        W1, b1, W2, b2 = self.params
        self.x = x
        self.pre = np.einsum("ntd,dh->nth", x, W1) + b1
        self.h = np.where(self.pre > 0, self.pre, 0)
        return np.einsum("nth,hd->ntd", self.h, W2) + b2

    def backward(self, dout):
        W1, b1, W2, b2 = self.params
        self.grads[2][...] = np.einsum("nth,ntd->hd", self.h, dout)
        self.grads[3][...] = dout.sum(axis=(0, 1))
        dpre = np.einsum("ntd,hd->nth", dout, W2) * (self.pre > 0)
        self.grads[0][...] = np.einsum("ntd,nth->dh", self.x, dpre)
        self.grads[1][...] = dpre.sum(axis=(0, 1))
        return np.einsum("nth,dh->ntd", dpre, W1)


class TransformerBlock:
    def __init__(self, D, num_heads, hidden_size, causal=False):
        H = hidden_size
        self.ln1 = LayerNorm(np.ones(D), np.zeros(D))
        self.mha = MultiHeadAttention(*(np.random.randn(D, D) / math.sqrt(D) for _ in range(4)), num_heads)
        self.ln2 = LayerNorm(np.ones(D), np.zeros(D))
        self.ffn = PositionwiseFeedForward(np.random.randn(D, H) / math.sqrt(D), np.zeros(H),
                                           np.random.randn(H, D) / math.sqrt(H), np.zeros(D))
        self.causal = causal
        self.sublayers = [self.ln1, self.mha, self.ln2, self.ffn]
        self.params = [p for layer in self.sublayers for p in layer.params]
        self.grads = [g for layer in self.sublayers for g in layer.grads]

    def forward(self, x):
        T = x.shape[1]
        attended = self.mha.forward(self.ln1.forward(x), causal_mask(T) if self.causal else None)
        y = x + attended
        return y + self.ffn.forward(self.ln2.forward(y))

    def backward(self, dout):
        dy = self.ln2.backward(self.ffn.backward(dout))
        dy += dout
        dx = self.ln1.backward(self.mha.backward(dy))
        dx += dy
        return dx
