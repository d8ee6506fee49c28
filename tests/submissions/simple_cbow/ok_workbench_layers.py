"""Correct: the ch01 layers, params and grads by list comprehension, the average as a sum / 2."""
from workbench.backend import np

from ch01.affine import MatMul
from ch01.softmax_with_loss import SoftmaxWithLoss


class SimpleCBOW:
    def __init__(self, vocab_size, hidden_size):
        W_in = np.random.randn(vocab_size, hidden_size) * 0.01
        W_out = np.random.randn(hidden_size, vocab_size) * 0.01
        self.in_layer0, self.in_layer1 = MatMul(W_in), MatMul(W_in)
        self.out_layer = MatMul(W_out)
        self.loss_layer = SoftmaxWithLoss()
        layers = (self.in_layer0, self.in_layer1, self.out_layer)
        self.params = [p for layer in layers for p in layer.params]
        self.grads = [g for layer in layers for g in layer.grads]
        self.word_vecs = W_in

    def forward(self, contexts, target):
        h = (self.in_layer0.forward(contexts[:, 0, :]) + self.in_layer1.forward(contexts[:, 1, :])) / 2
        return self.loss_layer.forward(self.out_layer.forward(h), target)

    def backward(self, dout=1):
        dh = self.out_layer.backward(self.loss_layer.backward(dout)) / 2
        for layer in (self.in_layer0, self.in_layer1):
            layer.backward(dh)
