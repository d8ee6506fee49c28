"""Correct: plain numpy, its own MatMul and a log-sum-exp loss in the same file."""
import numpy as np


class _MatMul:
    def __init__(self, W):
        self.params = [W]
        self.grads = [np.zeros_like(W)]

    def forward(self, x):
        self.x = x
        return x @ self.params[0]

    def backward(self, dout):
        self.grads[0][...] = self.x.T @ dout
        return dout @ self.params[0].T


class SimpleCBOW:
    def __init__(self, vocab_size, hidden_size):
        V, H = vocab_size, hidden_size
        self.word_vecs = 0.01 * np.random.randn(V, H)
        W_out = 0.01 * np.random.randn(H, V)
        self.in_layers = [_MatMul(self.word_vecs), _MatMul(self.word_vecs)]
        self.out_layer = _MatMul(W_out)
        self.params = [self.word_vecs, self.word_vecs, W_out]
        self.grads = [self.in_layers[0].grads[0], self.in_layers[1].grads[0], self.out_layer.grads[0]]

    def forward(self, contexts, target):
        h = 0.5 * sum(layer.forward(contexts[:, k]) for k, layer in enumerate(self.in_layers))
        score = self.out_layer.forward(h)
        labels = target.argmax(axis=1) if target.ndim == 2 else target
        shifted = score - score.max(axis=1, keepdims=True)
        log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        self.y, self.labels = np.exp(log_p), labels
        return -log_p[np.arange(len(labels)), labels].mean()

    def backward(self, dout=1):
        ds = self.y.copy()
        ds[np.arange(len(self.labels)), self.labels] -= 1
        ds *= dout / len(self.labels)
        dh = 0.5 * self.out_layer.backward(ds)
        for layer in self.in_layers:
            layer.backward(dh)
        return None
