"""Correct: a list of loss layers, one per context position, summed in a loop."""
from workbench.backend import np

from ch01.affine import MatMul
from ch01.softmax_with_loss import SoftmaxWithLoss


class SimpleSkipGram:
    def __init__(self, vocab_size, hidden_size):
        W_in = 0.01 * np.random.randn(vocab_size, hidden_size)
        W_out = 0.01 * np.random.randn(hidden_size, vocab_size)
        self.in_layer, self.out_layer = MatMul(W_in), MatMul(W_out)
        self.loss_layers = [SoftmaxWithLoss(), SoftmaxWithLoss()]
        self.params = self.in_layer.params + self.out_layer.params
        self.grads = self.in_layer.grads + self.out_layer.grads
        self.word_vecs = W_in

    def forward(self, contexts, target):
        s = self.out_layer.forward(self.in_layer.forward(target))
        return sum(layer.forward(s, contexts[:, c]) for c, layer in enumerate(self.loss_layers))

    def backward(self, dout=1):
        ds = sum(layer.backward(dout) for layer in self.loss_layers)
        self.in_layer.backward(self.out_layer.backward(ds))
        return None
