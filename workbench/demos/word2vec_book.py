"""CBOW with negative sampling, shaped as the book's ch04 (cbow.py, negative_sampling_layer.py).

The reference the `cbow` demo falls back on for each name no exercise of the catalog defines
yet (EmbeddingDot, NegativeSamplingLoss, CBOW). Imported only in the demo's child, where the
book's `common` stand-in and the exercises' modules are on the path: Embedding and
SigmoidWithLoss come from `common.layers` and UnigramSampler from its exercise, so on the
learner's layers these classes run on the learner's versions of them.
"""
from autograder.backend import np
from common.layers import Embedding, SigmoidWithLoss
from ch04.unigram_sampler import UnigramSampler


class EmbeddingDot:
    def __init__(self, W):
        self.embed = Embedding(W)
        self.params = self.embed.params
        self.grads = self.embed.grads
        self.cache = None

    def forward(self, h, idx):
        # out[n] = W[idx[n]] · h[n]: the score of one word per row
        target_W = self.embed.forward(idx)
        self.cache = (h, target_W)
        return np.sum(target_W * h, axis=1)

    def backward(self, dout):
        h, target_W = self.cache
        dout = dout.reshape(-1, 1)
        self.embed.backward(dout * h)
        return dout * target_W


class NegativeSamplingLoss:
    def __init__(self, W, corpus, power=0.75, sample_size=5):
        self.sample_size = sample_size
        self.sampler = UnigramSampler(corpus, power, sample_size)
        # one loss and one scorer for the target (label 1), one each per negative sample (label 0)
        self.loss_layers = [SigmoidWithLoss() for _ in range(sample_size + 1)]
        self.embed_dot_layers = [EmbeddingDot(W) for _ in range(sample_size + 1)]
        self.params, self.grads = [], []
        for layer in self.embed_dot_layers:
            self.params += layer.params
            self.grads += layer.grads

    def forward(self, h, target):
        # L = L(σ(W_t·h), 1) + Σ_k L(σ(W_k·h), 0) over the sample_size negatives k
        negatives = self.sampler.get_negative_sample(target)
        ones = np.ones(target.shape[0], dtype=np.int32)
        loss = self.loss_layers[0].forward(self.embed_dot_layers[0].forward(h, target), ones)
        zeros = np.zeros(target.shape[0], dtype=np.int32)
        for i in range(self.sample_size):
            score = self.embed_dot_layers[1 + i].forward(h, negatives[:, i])
            loss += self.loss_layers[1 + i].forward(score, zeros)
        return loss

    def backward(self, dout=1):
        dh = 0
        for loss_layer, embed_dot in zip(self.loss_layers, self.embed_dot_layers):
            dh += embed_dot.backward(loss_layer.backward(dout))
        return dh


class CBOW:
    def __init__(self, vocab_size, hidden_size, window_size, corpus):
        V, H = vocab_size, hidden_size
        W_in = 0.01 * np.random.randn(V, H).astype("f")
        W_out = 0.01 * np.random.randn(V, H).astype("f")
        # one Embedding per context position, all sharing W_in (their gradients add up in the Trainer)
        self.in_layers = [Embedding(W_in) for _ in range(2 * window_size)]
        self.ns_loss = NegativeSamplingLoss(W_out, corpus, power=0.75, sample_size=5)
        self.params, self.grads = [], []
        for layer in self.in_layers + [self.ns_loss]:
            self.params += layer.params
            self.grads += layer.grads
        self.word_vecs = W_in

    def forward(self, contexts, target):
        # h = mean of the context words' rows of W_in
        h = 0
        for i, layer in enumerate(self.in_layers):
            h += layer.forward(contexts[:, i])
        h *= 1 / len(self.in_layers)
        return self.ns_loss.forward(h, target)

    def backward(self, dout=1):
        dout = self.ns_loss.backward(dout)
        dout *= 1 / len(self.in_layers)
        for layer in self.in_layers:
            layer.backward(dout)
        return None
