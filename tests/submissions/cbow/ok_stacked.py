"""Correct: the context vectors stacked and averaged at once; the skip-gram losses summed by a generator."""
from workbench.backend import np

from common.layers import Embedding
from ch04.negative_sampling_layer import NegativeSamplingLoss


class CBOW:
    def __init__(self, vocab_size, hidden_size, window_size, corpus):
        W_in = 0.01 * np.random.randn(vocab_size, hidden_size)
        W_out = 0.01 * np.random.randn(vocab_size, hidden_size)
        self.in_layers = [Embedding(W_in) for _ in range(2 * window_size)]
        self.ns_loss = NegativeSamplingLoss(W_out, corpus)
        self.params = [p for layer in self.in_layers + [self.ns_loss] for p in layer.params]
        self.grads = [g for layer in self.in_layers + [self.ns_loss] for g in layer.grads]
        self.word_vecs = W_in

    def forward(self, contexts, target):
        h = np.mean(np.stack([layer.forward(contexts[:, i]) for i, layer in enumerate(self.in_layers)]), axis=0)
        return self.ns_loss.forward(h, target)

    def backward(self, dout=1):
        dh = self.ns_loss.backward(dout) * (1.0 / len(self.in_layers))
        for layer in self.in_layers:
            layer.backward(dh)


class SkipGram:
    def __init__(self, vocab_size, hidden_size, window_size, corpus):
        W_in = 0.01 * np.random.randn(vocab_size, hidden_size)
        W_out = 0.01 * np.random.randn(vocab_size, hidden_size)
        self.in_layer = Embedding(W_in)
        self.loss_layers = [NegativeSamplingLoss(W_out, corpus) for _ in range(2 * window_size)]
        layers = [self.in_layer] + self.loss_layers
        self.params = [p for layer in layers for p in layer.params]
        self.grads = [g for layer in layers for g in layer.grads]
        self.word_vecs = W_in

    def forward(self, contexts, target):
        h = self.in_layer.forward(target)
        return sum(layer.forward(h, contexts[:, i]) for i, layer in enumerate(self.loss_layers))

    def backward(self, dout=1):
        self.in_layer.backward(sum(layer.backward(dout) for layer in self.loss_layers))
