# coding: utf-8
# Book style (common/util.py): create_contexts_target and convert_one_hot, with the book's loops.
import sys, os
sys.path.append(os.pardir)
from common.np import *  # import numpy as np


def convert_one_hot(corpus, vocab_size):
    '''convert to one-hot

    :param corpus: list of word ids (a 1-D or 2-D NumPy array)
    :param vocab_size: vocabulary size
    :return: one-hot (a 2-D or 3-D NumPy array)
    '''
    N = corpus.shape[0]

    if corpus.ndim == 1:
        one_hot = np.zeros((N, vocab_size), dtype=np.int32)
        for idx, word_id in enumerate(corpus):
            one_hot[idx, word_id] = 1

    elif corpus.ndim == 2:
        C = corpus.shape[1]
        one_hot = np.zeros((N, C, vocab_size), dtype=np.int32)
        for idx_0, word_ids in enumerate(corpus):
            for idx_1, word_id in enumerate(word_ids):
                one_hot[idx_0, idx_1, word_id] = 1

    return one_hot


def create_contexts_target(corpus, window_size=1):
    '''make the contexts and the target

    :param corpus: corpus (list of word ids)
    :param window_size: window size (1: one word on each side of the target is its context)
    :return:
    '''
    target = corpus[window_size:-window_size]
    contexts = []

    for idx in range(window_size, len(corpus)-window_size):
        cs = []
        for t in range(-window_size, window_size + 1):
            if t == 0:
                continue
            cs.append(corpus[idx + t])
        contexts.append(cs)

    return np.array(contexts), np.array(target)
