"""Correct variant: the heads split by viewing each weight matrix as (D, h, dk) in one einsum, the attention
run on (N, h, T, dk) arrays directly, the weight gradients by tensordot; no split_heads or merge_heads."""
import numpy as np

from ch08.scaled_dot_attention import ScaledDotProductAttention


class SelfAttention:
    def __init__(self, Wq, Wk, Wv):
        self.params = [Wq, Wk, Wv]
        self.grads = [np.zeros_like(Wq), np.zeros_like(Wk), np.zeros_like(Wv)]
        self.attention = ScaledDotProductAttention()

    def forward(self, x, mask=None):
        self.x = x
        q, k, v = (x @ W for W in self.params)
        out = self.attention.forward(q, k, v, mask)
        self.attention_weight = self.attention.attention_weight
        return out

    def backward(self, dout):
        grads = self.attention.backward(dout)
        dx = 0
        for W, dW, g in zip(self.params, self.grads, grads):
            dW[...] = np.tensordot(self.x, g, axes=([0, 1], [0, 1]))
            dx = dx + g @ W.T
        return dx


class MultiHeadAttention:
    def __init__(self, Wq, Wk, Wv, Wo, num_heads):
        self.params = [Wq, Wk, Wv, Wo]
        self.grads = [np.zeros_like(W) for W in self.params]
        self.h = num_heads
        self.attention = ScaledDotProductAttention()

    def _per_head(self, W):
        D = W.shape[0]
        return W.reshape(D, self.h, D // self.h)

    def forward(self, x, mask=None):
        Wq, Wk, Wv, Wo = self.params
        if mask is not None and np.ndim(mask) == 3:
            mask = np.asarray(mask)[:, None, :, :]
        q, k, v = (np.einsum("ntd,dhk->nhtk", x, self._per_head(W)) for W in (Wq, Wk, Wv))
        heads = self.attention.forward(q, k, v, mask)  # (N, h, T, dk)
        self.attention_weight = self.attention.attention_weight
        N, h, T, dk = heads.shape
        self.x, self.concat = x, heads.transpose(0, 2, 1, 3).reshape(N, T, h * dk)
        return self.concat @ Wo

    def backward(self, dout):
        Wq, Wk, Wv, Wo = self.params
        N, T, D = dout.shape
        self.grads[3][...] = np.tensordot(self.concat, dout, axes=([0, 1], [0, 1]))
        dheads = (dout @ Wo.T).reshape(N, T, self.h, D // self.h).transpose(0, 2, 1, 3)
        dx = np.zeros_like(self.x)
        for j, (W, g) in enumerate(zip((Wq, Wk, Wv), self.attention.backward(dheads))):
            self.grads[j][...] = np.einsum("ntd,nhtk->dhk", self.x, g).reshape(D, D)
            dx += np.einsum("nhtk,dhk->ntd", g, self._per_head(W))
        return dx
