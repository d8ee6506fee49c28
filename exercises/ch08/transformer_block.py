"""Layer normalisation, positional encoding, the position-wise feed-forward layer and a Transformer block
(the book's §8.5.2, built out).
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
        # over the last axis: μ, σ² of each position's D values; x̂ = (x − μ)/√(σ² + eps); out = γ ⊙ x̂ + β
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout):
        # dγ = Σ dout ⊙ x̂, dβ = Σ dout (over every position); dx̂ = dout ⊙ γ;
        # dx = (dx̂ − mean(dx̂) − x̂ ⊙ mean(dx̂ ⊙ x̂)) / σ: μ and σ depend on every x of the position
        # YOUR CODE HERE
        raise NotImplementedError()


def positional_encoding(T, D):
    # PE[t, 2i] = sin(t / 10000^(2i/D)), PE[t, 2i+1] = cos(t / 10000^(2i/D))
    # YOUR CODE HERE
    raise NotImplementedError()


class PositionwiseFeedForward:
    def __init__(self, W1, b1, W2, b2):
        self.params = [W1, b1, W2, b2]
        self.grads = [np.zeros_like(W1), np.zeros_like(b1), np.zeros_like(W2), np.zeros_like(b2)]
        self.cache = None

    def forward(self, x):
        # out = relu(x·W1 + b1)·W2 + b2, the same two affine layers at every position
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout):
        # dW2 = Σ hᵀ·dout, db2 = Σ dout; dh = dout·W2ᵀ ⊙ (h > 0); dW1 = Σ xᵀ·dh, db1 = Σ dh; dx = dh·W1ᵀ
        # YOUR CODE HERE
        raise NotImplementedError()


class TransformerBlock:
    def __init__(self, D, num_heads, hidden_size, causal=False):
        # pre-LayerNorm: y = x + MHA(LN1(x)), out = y + FFN(LN2(y)); weights randn / √fan_in, γ = 1, β = 0
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
        # y = x + MHA(LN1(x), mask), out = y + FFN(LN2(y)); mask = causal_mask(T) when causal
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout):
        # each residual sum passes its gradient on unchanged as well: dy = dout + LN2′(FFN′(dout)),
        # dx = dy + LN1′(MHA′(dy))
        # YOUR CODE HERE
        raise NotImplementedError()
