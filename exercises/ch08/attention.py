"""Attention: the Attention layer, TimeAttention, and seq2seq with attention (book §8.1–8.2)."""
from workbench.backend import np

from ch05.time_layers import TimeAffine, TimeEmbedding, TimeSoftmaxWithLoss
from ch06.time_lstm import TimeLSTM
from ch07.seq2seq import Encoder, Seq2seq
from ch08.attention_weight import AttentionWeight
from ch08.weight_sum import WeightSum


class Attention:
    def __init__(self):
        self.params, self.grads = [], []
        self.weight_layer = AttentionWeight()  # a = softmax(hs · h)
        self.sum_layer = WeightSum()  # c = Σ_t a_t hs_t
        self.attention_weight = None

    def forward(self, hs, h):
        # c = Σ_t a[:, t] hs[:, t] with a = AttentionWeight(hs, h) (N, T), a kept for plotting
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout):
        # hs feeds both layers: dhs = dhs through the weighted sum + dhs through the weights
        # YOUR CODE HERE
        raise NotImplementedError()


class TimeAttention:
    def __init__(self):
        self.params, self.grads = [], []
        self.cache = None
        self.attention_weights = None

    def forward(self, hs_enc, hs_dec):
        # every decoder step t at once: a[:, t] = softmax over s of hs_dec[:, t] · hs_enc[:, s]; out[:, t] = Σ_s a[:, t, s] hs_enc[:, s]
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout):
        # out = a hs_enc: da = dout hs_encᵀ; the softmax's backward ds = a ⊙ (da − Σ_s a da); scores = hs_dec hs_encᵀ
        # YOUR CODE HERE
        raise NotImplementedError()


class AttentionEncoder(Encoder):
    def forward(self, xs):
        # hs = LSTM(Embedding(xs)): every step's hidden state (N, T, H), not only the last one
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dhs):
        # dhs (N, T, H) reaches every step: through the LSTM, then the embedding
        # YOUR CODE HERE
        raise NotImplementedError()


class AttentionDecoder:
    def __init__(self, vocab_size, wordvec_size, hidden_size):
        V, D, H = vocab_size, wordvec_size, hidden_size
        rn = np.random.randn
        # drawn in this order: embed_W (V, D) / 100, lstm_Wx (D, 4H) / √D, lstm_Wh (H, 4H) / √H, affine_W (2H, V) / √(2H)
        # YOUR CODE HERE
        raise NotImplementedError()

    def forward(self, xs, enc_hs):
        # start from the encoder's last state; score = Affine([c, dec_hs]): the context c and the LSTM's output side by side
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dscore):
        # the affine input's gradient splits into dc and ddec_hs; dec_hs also fed the attention; the LSTM's dh goes to enc_hs[:, -1]
        # YOUR CODE HERE
        raise NotImplementedError()

    def generate(self, enc_hs, start_id, sample_size):
        # greedy decoding, one id at a time: each step's argmax is the next step's input
        # YOUR CODE HERE
        raise NotImplementedError()


class AttentionSeq2seq(Seq2seq):
    def __init__(self, vocab_size, wordvec_size, hidden_size):
        args = vocab_size, wordvec_size, hidden_size
        # chapter 7's Seq2seq with the attention encoder and decoder; the encoder's weights are drawn first
        # YOUR CODE HERE
        raise NotImplementedError()
