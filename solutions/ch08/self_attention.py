"""Self-attention and multi-head attention (the book's §8.5.2, built out).

zh: 自注意力与多头注意力（书 §8.5.2 的扩展）。
"""
from workbench.backend import np

from ch08.scaled_dot_attention import ScaledDotProductAttention


class SelfAttention:
    def __init__(self, Wq, Wk, Wv):
        self.params = [Wq, Wk, Wv]
        self.grads = [np.zeros_like(Wq), np.zeros_like(Wk), np.zeros_like(Wv)]
        self.attention = ScaledDotProductAttention()
        self.x = None

    def forward(self, x, mask=None):
        ### BEGIN SOLUTION
        # q = x·Wq, k = x·Wk, v = x·Wv: one sequence asks, is asked and answers; out = attention(q, k, v, mask)
        # zh: q = x·Wq，k = x·Wk，v = x·Wv：同一个序列既提问、被提问，也给出答案；out = attention(q, k, v, mask)
        Wq, Wk, Wv = self.params
        self.x = x
        return self.attention.forward(np.matmul(x, Wq), np.matmul(x, Wk), np.matmul(x, Wv), mask)
        ### END SOLUTION

    def backward(self, dout):
        ### BEGIN SOLUTION
        # dWq = Σ_(n,t) xᵀ·dq (k, v alike); x feeds all three projections: dx = dq·Wqᵀ + dk·Wkᵀ + dv·Wvᵀ
        # zh: dWq = Σ_(n,t) xᵀ·dq（k、v 同理）；x 参与了全部三个投影：dx = dq·Wqᵀ + dk·Wkᵀ + dv·Wvᵀ
        Wq, Wk, Wv = self.params
        dq, dk, dv = self.attention.backward(dout)
        rx = self.x.reshape(-1, self.x.shape[-1])
        self.grads[0][...] = np.dot(rx.T, dq.reshape(-1, Wq.shape[1]))
        self.grads[1][...] = np.dot(rx.T, dk.reshape(-1, Wk.shape[1]))
        self.grads[2][...] = np.dot(rx.T, dv.reshape(-1, Wv.shape[1]))
        dx = np.matmul(dq, Wq.T)
        dx += np.matmul(dk, Wk.T)
        dx += np.matmul(dv, Wv.T)
        return dx
        ### END SOLUTION


class MultiHeadAttention:
    def __init__(self, Wq, Wk, Wv, Wo, num_heads):
        # Wq, Wk, Wv, Wo: (D, D); head i owns columns i·dk:(i+1)·dk of Wq, Wk and Wv, dk = D // num_heads
        # zh: Wq、Wk、Wv、Wo：(D, D)；第 i 个头使用 Wq、Wk、Wv 的第 i·dk:(i+1)·dk 列，dk = D // num_heads
        self.params = [Wq, Wk, Wv, Wo]
        self.grads = [np.zeros_like(Wq), np.zeros_like(Wk), np.zeros_like(Wv), np.zeros_like(Wo)]
        self.num_heads = num_heads
        self.attention = ScaledDotProductAttention()
        self.attention_weight = None
        self.cache = None

    def split_heads(self, X):
        ### BEGIN SOLUTION
        # (N, T, D) → (N·h, T, dk): head i takes columns i·dk:(i+1)·dk, each head one item of a bigger batch
        # zh: (N, T, D) → (N·h, T, dk)：第 i 个头取第 i·dk:(i+1)·dk 列，每个头成为更大批次中的一项
        N, T, D = X.shape
        h = self.num_heads
        return X.reshape(N, T, h, D // h).transpose(0, 2, 1, 3).reshape(N * h, T, D // h)
        ### END SOLUTION

    def merge_heads(self, Y, N):
        ### BEGIN SOLUTION
        # (N·h, T, dk) → (N, T, D): the heads side by side again, head 0 first (split_heads undone)
        # zh: (N·h, T, dk) → (N, T, D)：各个头重新并排，第 0 个头在最前（split_heads 的逆操作）
        _, T, dk = Y.shape
        h = self.num_heads
        return Y.reshape(N, h, T, dk).transpose(0, 2, 1, 3).reshape(N, T, h * dk)
        ### END SOLUTION

    def forward(self, x, mask=None):
        ### BEGIN SOLUTION
        # head_i = attention(x·Wq_i, x·Wk_i, x·Wv_i, mask); out = [head_0 … head_h−1]·Wo
        # zh: head_i = attention(x·Wq_i, x·Wk_i, x·Wv_i, mask)；out = [head_0 … head_h−1]·Wo
        Wq, Wk, Wv, Wo = self.params
        N, T, D = x.shape
        h = self.num_heads
        if mask is not None:
            mask = np.asarray(mask)
            if mask.ndim == 3:
                mask = mask[:, None]  # (N, T, T): the same mask for every head
            mask = np.broadcast_to(mask, (N, h, T, T)).reshape(N * h, T, T)
        heads = self.attention.forward(self.split_heads(np.matmul(x, Wq)), self.split_heads(np.matmul(x, Wk)),
                                       self.split_heads(np.matmul(x, Wv)), mask)
        self.attention_weight = self.attention.attention_weight.reshape(N, h, T, T)
        concat = self.merge_heads(heads, N)
        self.cache = (x, concat)
        return np.matmul(concat, Wo)
        ### END SOLUTION

    def backward(self, dout):
        ### BEGIN SOLUTION
        # dWo = Σ concatᵀ·dout; each head's gradient back through attention; dWq = Σ xᵀ·dQ (k, v alike);
        # dx = dQ·Wqᵀ + dK·Wkᵀ + dV·Wvᵀ
        # zh: dWo = Σ concatᵀ·dout；每个头的梯度经注意力反向传回；dWq = Σ xᵀ·dQ（k、v 同理）；
        # zh: dx = dQ·Wqᵀ + dK·Wkᵀ + dV·Wvᵀ
        Wq, Wk, Wv, Wo = self.params
        x, concat = self.cache
        N, T, D = x.shape
        rx = x.reshape(-1, D)
        self.grads[3][...] = np.dot(concat.reshape(-1, D).T, dout.reshape(-1, D))
        dheads = self.split_heads(np.matmul(dout, Wo.T))
        dq, dk, dv = self.attention.backward(dheads)
        dQ, dK, dV = self.merge_heads(dq, N), self.merge_heads(dk, N), self.merge_heads(dv, N)
        self.grads[0][...] = np.dot(rx.T, dQ.reshape(-1, D))
        self.grads[1][...] = np.dot(rx.T, dK.reshape(-1, D))
        self.grads[2][...] = np.dot(rx.T, dV.reshape(-1, D))
        dx = np.matmul(dQ, Wq.T)
        dx += np.matmul(dK, Wk.T)
        dx += np.matmul(dV, Wv.T)
        return dx
        ### END SOLUTION
