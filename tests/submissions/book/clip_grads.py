# coding: utf-8
# Book style (common/util.py): clip_grads, the norm summed in a loop.
import sys, os
sys.path.append(os.pardir)
from common.np import *  # import numpy as np


def clip_grads(grads, max_norm):
    total_norm = 0
    for grad in grads:
        total_norm += np.sum(grad ** 2)
    total_norm = np.sqrt(total_norm)

    rate = max_norm / (total_norm + 1e-6)
    if rate < 1:
        for grad in grads:
            grad *= rate
