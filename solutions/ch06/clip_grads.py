"""Gradient clipping (book §6.1.4).

zh: 梯度裁剪（书 §6.1.4）。
"""
from workbench.backend import np


def clip_grads(grads, max_norm):
    ### BEGIN SOLUTION
    # ‖g‖ = √(Σ_i Σ g_i²) over every grad; if ‖g‖ > max_norm: g ← g · max_norm / ‖g‖, in place
    # zh: 对所有梯度求 ‖g‖ = √(Σ_i Σ g_i²)；若 ‖g‖ > max_norm：g ← g · max_norm / ‖g‖，原地修改
    total_norm = np.sqrt(sum(np.sum(grad ** 2) for grad in grads))
    rate = max_norm / (total_norm + 1e-6)
    if rate < 1:
        for grad in grads:
            grad *= rate
    ### END SOLUTION
