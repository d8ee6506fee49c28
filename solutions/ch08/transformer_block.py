"""Layer normalisation, positional encoding, the position-wise feed-forward layer and a Transformer block
(the book's §8.5.2, built out).

zh: 层归一化、位置编码、逐位置前馈层与 Transformer 块（书 §8.5.2 的扩展）。
"""
from workbench.backend import np

from ch08.scaled_dot_attention import causal_mask
from ch08.self_attention import MultiHeadAttention


class LayerNorm:
    def __init__(self, gamma, beta, eps=1e-5):
        self.params = [gamma, beta]
        self.grads = [np.zeros_like(gamma), np.zeros_like(beta)]
        self.eps = eps
        self.cache = None

    def forward(self, x):
        ### BEGIN SOLUTION
        # over the last axis: μ, σ² of each position's D values; x̂ = (x − μ)/√(σ² + eps); out = γ ⊙ x̂ + β
        # zh: 沿最后一个轴：每个位置 D 个值的 μ、σ²；x̂ = (x − μ)/√(σ² + eps)；out = γ ⊙ x̂ + β
        gamma, beta = self.params
        xc = x - x.mean(axis=-1, keepdims=True)
        std = np.sqrt((xc ** 2).mean(axis=-1, keepdims=True) + self.eps)
        xhat = xc / std
        self.cache = (xhat, std)
        return gamma * xhat + beta
        ### END SOLUTION

    def backward(self, dout):
        ### BEGIN SOLUTION
        # dγ = Σ dout ⊙ x̂, dβ = Σ dout (over every position); dx̂ = dout ⊙ γ;
        # dx = (dx̂ − mean(dx̂) − x̂ ⊙ mean(dx̂ ⊙ x̂)) / σ: μ and σ depend on every x of the position
        # zh: dγ = Σ dout ⊙ x̂，dβ = Σ dout（对所有位置求和）；dx̂ = dout ⊙ γ；
        # zh: dx = (dx̂ − mean(dx̂) − x̂ ⊙ mean(dx̂ ⊙ x̂)) / σ：μ 和 σ 依赖于该位置的每一个 x
        gamma, beta = self.params
        xhat, std = self.cache
        D = xhat.shape[-1]
        self.grads[0][...] = (dout * xhat).reshape(-1, D).sum(axis=0)
        self.grads[1][...] = dout.reshape(-1, D).sum(axis=0)
        dxhat = dout * gamma
        dx = dxhat - dxhat.mean(axis=-1, keepdims=True) - xhat * (dxhat * xhat).mean(axis=-1, keepdims=True)
        return dx / std
        ### END SOLUTION


def positional_encoding(T, D):
    ### BEGIN SOLUTION
    # PE[t, 2i] = sin(t / 10000^(2i/D)), PE[t, 2i+1] = cos(t / 10000^(2i/D))
    # zh: PE[t, 2i] = sin(t / 10000^(2i/D))，PE[t, 2i+1] = cos(t / 10000^(2i/D))
    angle = np.arange(T)[:, None] / 10000 ** (np.arange(0, D, 2) / D)
    pe = np.zeros((T, D))
    pe[:, 0::2] = np.sin(angle)
    pe[:, 1::2] = np.cos(angle[:, :D // 2])
    return pe
    ### END SOLUTION


class PositionwiseFeedForward:
    def __init__(self, W1, b1, W2, b2):
        self.params = [W1, b1, W2, b2]
        self.grads = [np.zeros_like(W1), np.zeros_like(b1), np.zeros_like(W2), np.zeros_like(b2)]
        self.cache = None

    def forward(self, x):
        ### BEGIN SOLUTION
        # out = relu(x·W1 + b1)·W2 + b2, the same two affine layers at every position
        # zh: out = relu(x·W1 + b1)·W2 + b2，每个位置使用同样的两个仿射层
        W1, b1, W2, b2 = self.params
        h = np.maximum(np.matmul(x, W1) + b1, 0)
        self.cache = (x, h)
        return np.matmul(h, W2) + b2
        ### END SOLUTION

    def backward(self, dout):
        ### BEGIN SOLUTION
        # dW2 = Σ hᵀ·dout, db2 = Σ dout; dh = dout·W2ᵀ ⊙ (h > 0); dW1 = Σ xᵀ·dh, db1 = Σ dh; dx = dh·W1ᵀ
        # zh: dW2 = Σ hᵀ·dout，db2 = Σ dout；dh = dout·W2ᵀ ⊙ (h > 0)；dW1 = Σ xᵀ·dh，db1 = Σ dh；dx = dh·W1ᵀ
        W1, b1, W2, b2 = self.params
        x, h = self.cache
        rx, rh, rdout = x.reshape(-1, W1.shape[0]), h.reshape(-1, W2.shape[0]), dout.reshape(-1, W2.shape[1])
        self.grads[2][...] = np.dot(rh.T, rdout)
        self.grads[3][...] = rdout.sum(axis=0)
        dh = np.dot(rdout, W2.T) * (rh > 0)
        self.grads[0][...] = np.dot(rx.T, dh)
        self.grads[1][...] = dh.sum(axis=0)
        return np.dot(dh, W1.T).reshape(x.shape)
        ### END SOLUTION


class TransformerBlock:
    def __init__(self, D, num_heads, hidden_size, causal=False):
        # pre-LayerNorm: y = x + MHA(LN1(x)), out = y + FFN(LN2(y)); weights randn / √fan_in, γ = 1, β = 0
        # zh: 前置层归一化：y = x + MHA(LN1(x))，out = y + FFN(LN2(y))；权重为 randn / √fan_in，γ = 1，β = 0
        rn, H = np.random.randn, hidden_size
        self.ln1 = LayerNorm(np.ones(D), np.zeros(D))
        self.attention = MultiHeadAttention(rn(D, D) / np.sqrt(D), rn(D, D) / np.sqrt(D), rn(D, D) / np.sqrt(D),
                                            rn(D, D) / np.sqrt(D), num_heads)
        self.ln2 = LayerNorm(np.ones(D), np.zeros(D))
        self.ffn = PositionwiseFeedForward(rn(D, H) / np.sqrt(D), np.zeros(H), rn(H, D) / np.sqrt(H), np.zeros(D))
        self.causal = causal
        self.params, self.grads = [], []
        for layer in (self.ln1, self.attention, self.ln2, self.ffn):
            self.params += layer.params
            self.grads += layer.grads

    def forward(self, x):
        ### BEGIN SOLUTION
        # y = x + MHA(LN1(x), mask), out = y + FFN(LN2(y)); mask = causal_mask(T) when causal
        # zh: y = x + MHA(LN1(x), mask)，out = y + FFN(LN2(y))；causal 时 mask = causal_mask(T)
        mask = causal_mask(x.shape[1]) if self.causal else None
        y = x + self.attention.forward(self.ln1.forward(x), mask)
        return y + self.ffn.forward(self.ln2.forward(y))
        ### END SOLUTION

    def backward(self, dout):
        ### BEGIN SOLUTION
        # each residual sum passes its gradient on unchanged as well: dy = dout + LN2′(FFN′(dout)),
        # dx = dy + LN1′(MHA′(dy))
        # zh: 每个残差求和也把梯度原样传下去：dy = dout + LN2′(FFN′(dout))，dx = dy + LN1′(MHA′(dy))
        dy = dout + self.ln2.backward(self.ffn.backward(dout))
        dx = dy + self.ln1.backward(self.attention.backward(dy))
        return dx
        ### END SOLUTION
