"""Correct: one flat vector of every grad, its norm, then slice assignment into each grad."""
from workbench.backend import np


def clip_grads(grads, max_norm):
    if not grads:
        return
    flat = np.concatenate([grad.ravel() for grad in grads])
    total_norm = np.sqrt(np.dot(flat, flat))
    if total_norm + 1e-6 > max_norm:
        rate = max_norm / (total_norm + 1e-6)
        for grad in grads:
            grad[...] = grad * rate
