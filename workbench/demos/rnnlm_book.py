"""Rnnlm and BetterRnnlm, shaped as the book's ch06 (rnnlm.py, better_rnnlm.py).

The references the `rnnlm` and `better-rnnlm` demos fall back on while no exercise of the
catalog defines `Rnnlm` or `BetterRnnlm`; once one does (same names, the book's interface),
the catalog resolves them to it. Imported only in the demo's child, where the book's
`common` stand-in and the exercises' modules are on the path: the time layers come from
`common.time_layers`, so on the learner's layers these models run on the learner's
TimeLSTM and TimeDropout (and, as their exercises land, the other time layers).
"""
from autograder.backend import np
from common.base_model import BaseModel
from common.time_layers import TimeAffine, TimeDropout, TimeEmbedding, TimeLSTM, TimeSoftmaxWithLoss


class Rnnlm(BaseModel):
    def __init__(self, vocab_size=10000, wordvec_size=100, hidden_size=100):
        V, D, H = vocab_size, wordvec_size, hidden_size
        rn = np.random.randn
        # the book's initialisation: small embeddings, Xavier-scaled LSTM and affine weights, float32
        embed_W = (rn(V, D) / 100).astype("f")
        lstm_Wx = (rn(D, 4 * H) / np.sqrt(D)).astype("f")
        lstm_Wh = (rn(H, 4 * H) / np.sqrt(H)).astype("f")
        lstm_b = np.zeros(4 * H).astype("f")
        affine_W = (rn(H, V) / np.sqrt(H)).astype("f")
        affine_b = np.zeros(V).astype("f")
        self.layers = [TimeEmbedding(embed_W),
                       TimeLSTM(lstm_Wx, lstm_Wh, lstm_b, stateful=True),
                       TimeAffine(affine_W, affine_b)]
        self.loss_layer = TimeSoftmaxWithLoss()
        self.lstm_layer = self.layers[1]
        self.params, self.grads = [], []
        for layer in self.layers:
            self.params += layer.params
            self.grads += layer.grads

    def predict(self, xs):
        # scores (N, T, V) of the next word after each of xs (N, T)
        for layer in self.layers:
            xs = layer.forward(xs)
        return xs

    def forward(self, xs, ts):
        # L = mean cross-entropy of the next-word scores against ts
        return self.loss_layer.forward(self.predict(xs), ts)

    def backward(self, dout=1):
        dout = self.loss_layer.backward(dout)
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return dout

    def reset_state(self):
        self.lstm_layer.reset_state()


class BetterRnnlm(BaseModel):
    def __init__(self, vocab_size=10000, wordvec_size=650, hidden_size=650, dropout_ratio=0.5):
        V, D, H = vocab_size, wordvec_size, hidden_size
        rn = np.random.randn
        embed_W = (rn(V, D) / 100).astype("f")
        lstm_Wx1 = (rn(D, 4 * H) / np.sqrt(D)).astype("f")
        lstm_Wh1 = (rn(H, 4 * H) / np.sqrt(H)).astype("f")
        lstm_b1 = np.zeros(4 * H).astype("f")
        lstm_Wx2 = (rn(H, 4 * H) / np.sqrt(H)).astype("f")
        lstm_Wh2 = (rn(H, 4 * H) / np.sqrt(H)).astype("f")
        lstm_b2 = np.zeros(4 * H).astype("f")
        affine_b = np.zeros(V).astype("f")
        # two LSTM layers, dropout before and after each, and the output layer tied to the embedding
        # (its weight is embed_W.T: the Trainer adds both uses' gradients into one)
        self.layers = [TimeEmbedding(embed_W),
                       TimeDropout(dropout_ratio),
                       TimeLSTM(lstm_Wx1, lstm_Wh1, lstm_b1, stateful=True),
                       TimeDropout(dropout_ratio),
                       TimeLSTM(lstm_Wx2, lstm_Wh2, lstm_b2, stateful=True),
                       TimeDropout(dropout_ratio),
                       TimeAffine(embed_W.T, affine_b)]
        self.loss_layer = TimeSoftmaxWithLoss()
        self.lstm_layers = [self.layers[2], self.layers[4]]
        self.drop_layers = [self.layers[1], self.layers[3], self.layers[5]]
        self.params, self.grads = [], []
        for layer in self.layers:
            self.params += layer.params
            self.grads += layer.grads

    def predict(self, xs, train_flg=False):
        # dropout only while training: evaluation and generation see the whole network
        for layer in self.drop_layers:
            layer.train_flg = train_flg
        for layer in self.layers:
            xs = layer.forward(xs)
        return xs

    def forward(self, xs, ts, train_flg=True):
        return self.loss_layer.forward(self.predict(xs, train_flg), ts)

    def backward(self, dout=1):
        dout = self.loss_layer.backward(dout)
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return dout

    def reset_state(self):
        for layer in self.lstm_layers:
            layer.reset_state()
