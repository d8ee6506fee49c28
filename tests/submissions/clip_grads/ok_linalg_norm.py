"""Correct: np.linalg.norm per grad, the squares summed, np.multiply(..., out=grad) in place."""
import numpy as np


def clip_grads(grads, max_norm):
    total_norm = np.sqrt(sum(np.linalg.norm(grad) ** 2 for grad in grads))
    rate = max_norm / (total_norm + 1e-6)
    if rate < 1:
        for grad in grads:
            np.multiply(grad, rate, out=grad)
