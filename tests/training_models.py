"""Tiny models for the training probes' tests, built from the book's `common` layers as the
chapters' models are: a language model (ch06's Rnnlm, smaller), a seq2seq model (ch07's), and the
probes that train them through the book's Trainer / RnnlmTrainer. Each is a reference for a scratch
exercise; its mutants are one-line edits of it (tests/test_general_steps.py)."""

from autograder.catalog import Probe

TINY_LM = '''
import numpy as np

from common.time_layers import TimeAffine, TimeEmbedding, TimeLSTM, TimeSoftmaxWithLoss


class TinyLM:
    """Embedding → LSTM → Affine, a softmax loss at every time step; the state carries over (truncated BPTT)."""

    def __init__(self, vocab_size, wordvec_size, hidden_size):
        V, D, H = vocab_size, wordvec_size, hidden_size
        rn = np.random.randn
        self.lstm = TimeLSTM(rn(D, 4 * H) / np.sqrt(D), rn(H, 4 * H) / np.sqrt(H), np.zeros(4 * H), stateful=True)
        self.layers = [TimeEmbedding(rn(V, D) / 100), self.lstm, TimeAffine(rn(H, V) / np.sqrt(H), np.zeros(V))]
        self.loss_layer = TimeSoftmaxWithLoss()
        self.params, self.grads = [], []
        for layer in self.layers:
            self.params += layer.params
            self.grads += layer.grads

    def forward(self, xs, ts):
        for layer in self.layers:
            xs = layer.forward(xs)
        return self.loss_layer.forward(xs, ts)

    def backward(self, dout=1):
        dout = self.loss_layer.backward(dout)
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return dout

    def reset_state(self):
        self.lstm.reset_state()
'''

LM_PROBE = Probe("steps", "TinyLM", {
    "steps": [{"new": ["V", 8, 16]},
              {"trainer": "RnnlmTrainer", "optimizer": "SGD", "lr": 5.0, "data": ["markov(L,V)"], "max_epoch": 6,
               "batch_size": 5, "time_size": 5, "max_grad": 1.0, "eval_interval": 10, "as": "train"}],
    "checks": [{"check": "learns", "curve": "train.ppl_list", "below_start": 0.6, "within_reference": 1.5}],
    "sizes": [{"V": 20, "L": 1001}],
})

TINY_SEQ2SEQ = '''
import numpy as np

from common.time_layers import TimeAffine, TimeEmbedding, TimeLSTM, TimeSoftmaxWithLoss


def _lstm(D, H, stateful):
    rn = np.random.randn
    return TimeLSTM(rn(D, 4 * H) / np.sqrt(D), rn(H, 4 * H) / np.sqrt(H), np.zeros(4 * H), stateful=stateful)


class TinySeq2seq:
    """An encoder LSTM whose last hidden state starts a decoder LSTM; teacher forcing in training."""

    def __init__(self, vocab_size, wordvec_size, hidden_size):
        V, D, H = vocab_size, wordvec_size, hidden_size
        rn = np.random.randn
        self.enc_embed, self.enc_lstm = TimeEmbedding(rn(V, D) / 100), _lstm(D, H, False)
        self.dec_embed, self.dec_lstm = TimeEmbedding(rn(V, D) / 100), _lstm(D, H, True)
        self.dec_affine = TimeAffine(rn(H, V) / np.sqrt(H), np.zeros(V))
        self.loss_layer = TimeSoftmaxWithLoss()
        self.params, self.grads = [], []
        for layer in (self.enc_embed, self.enc_lstm, self.dec_embed, self.dec_lstm, self.dec_affine):
            self.params += layer.params
            self.grads += layer.grads

    def encode(self, xs):
        self.hs = self.enc_lstm.forward(self.enc_embed.forward(xs))
        return self.hs[:, -1, :]

    def forward(self, xs, ts):
        h = self.encode(xs)
        self.dec_lstm.set_state(h)
        score = self.dec_affine.forward(self.dec_lstm.forward(self.dec_embed.forward(ts[:, :-1])))
        return self.loss_layer.forward(score, ts[:, 1:])

    def backward(self, dout=1):
        dout = self.dec_affine.backward(self.loss_layer.backward(dout))
        self.dec_embed.backward(self.dec_lstm.backward(dout))
        dhs = np.zeros_like(self.hs)
        dhs[:, -1, :] = self.dec_lstm.dh
        self.enc_embed.backward(self.enc_lstm.backward(dhs))

    def generate(self, xs, start_id, sample_size):
        self.dec_lstm.set_state(self.encode(xs))
        sampled, word = [], start_id
        for _ in range(sample_size):
            score = self.dec_affine.forward(self.dec_lstm.forward(self.dec_embed.forward(np.array([[word]]))))
            word = int(np.argmax(score.flatten()))
            sampled.append(word)
        return sampled
'''

SEQ2SEQ_PROBE = Probe("steps", "TinySeq2seq", {
    "steps": [{"new": ["V", 8, 32]},
              {"trainer": "Trainer", "optimizer": "Adam", "lr": 0.02, "data": ["reversal(N,T,V)"], "max_epoch": 10,
               "batch_size": 32, "max_grad": 5.0, "eval_interval": 5, "as": "train"},
              {"generate": ["reversal(M,T,V)"], "as": "test"}],
    "checks": [{"check": "learns", "curve": "train.loss_list", "below_start": 0.5},
               {"check": "accuracy", "value": "test", "min_accuracy": 0.6}],
    "sizes": [{"V": 6, "T": 3, "N": 256, "M": 50}],
})

CBOW_PROBE = Probe("steps", "SimpleCBOW", {
    "steps": [{"new": [7, 5]},
              {"trainer": "Trainer", "optimizer": "Adam", "data": ["toy_contexts_onehot", "toy_target_onehot"],
               "max_epoch": 300, "batch_size": 3, "eval_interval": 20, "as": "train"}],
    "checks": [{"check": "learns", "curve": "train.loss_list", "below_start": 0.7}],
})
