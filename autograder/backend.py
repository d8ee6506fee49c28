"""The array backend: numpy by default, cupy when the GPU is asked for.

Like the book's ``common/np.py``: exercises and solutions write
``from workbench.backend import np`` (which re-exports this module) and run
unchanged on either library.
Ask for the GPU with the environment variable ``DLFS2_GPU=1``; it is used
only when cupy imports and sees a device, otherwise numpy stays.
"""

import numpy

from autograder import gpu_requested

GPU = False
np = numpy

if gpu_requested():
    try:
        import cupy

        if cupy.cuda.is_available():
            np = cupy
            GPU = True
    except Exception:  # no cupy or no driver: stay on the CPU, say why on request
        pass


def to_cpu(x):
    """A numpy array from either backend's array."""
    if isinstance(x, numpy.ndarray):
        return x
    return np.asnumpy(x) if GPU else numpy.asarray(x)


def to_gpu(x):
    """A backend array (cupy on the GPU, numpy otherwise)."""
    if not GPU:
        return numpy.asarray(x)
    return np.asarray(x)


__all__ = ["np", "GPU", "to_cpu", "to_gpu"]
