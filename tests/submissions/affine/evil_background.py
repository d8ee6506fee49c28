"""Hostile: leaves a detached process (its own session) and a busy thread running; the layers are right."""
import os
import subprocess
import threading

from workbench.backend import np

# a process in a session of its own, out of reach of a kill of the child's process group
# (the test names the sleep and asks for its pid through the environment)
_sleeper = subprocess.Popen(["sleep", os.environ.get("DLFS2_TEST_SLEEP", "313.25")], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
if os.environ.get("DLFS2_TEST_PIDFILE"):
    with open(os.environ["DLFS2_TEST_PIDFILE"], "w") as fh:
        fh.write(str(_sleeper.pid))


def _spin():
    while True:
        sum(range(1000))


threading.Thread(target=_spin, daemon=False).start()


class MatMul:
    def __init__(self, W):
        self.params = [W]
        self.grads = [np.zeros_like(W)]
        self.x = None

    def forward(self, x):
        # y = x · W
        W, = self.params
        self.x = x
        return np.dot(x, W)

    def backward(self, dout):
        # dx = dout · Wᵀ, dW = xᵀ · dout (written in place so optimizers keep the array)
        W, = self.params
        dx = np.dot(dout, W.T)
        self.grads[0][...] = np.dot(self.x.T, dout)
        return dx


class Affine:
    def __init__(self, W, b):
        self.params = [W, b]
        self.grads = [np.zeros_like(W), np.zeros_like(b)]
        self.x = None

    def forward(self, x):
        # y = x · W + b (b broadcast over the batch)
        W, b = self.params
        self.x = x
        return np.dot(x, W) + b

    def backward(self, dout):
        # dx = dout · Wᵀ, dW = xᵀ · dout, db = Σ_batch dout (b was repeated over the batch)
        W, b = self.params
        dx = np.dot(dout, W.T)
        self.grads[0][...] = np.dot(self.x.T, dout)
        self.grads[1][...] = np.sum(dout, axis=0)
        return dx
