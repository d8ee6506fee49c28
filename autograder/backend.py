"""The array backend: numpy by default, cupy when the GPU is asked for.

The one module that every side imports for its arrays: learners' files (through
the alias ``workbench.backend``), the references, the engine, the app, the
classroom and the book's ``common`` stand-in. It imports nothing of the project,
so it can sit under all of them without a cycle.

Like the book's ``common/np.py``, files write ``from autograder.backend import np``
and run unchanged on either library. Ask for the GPU with the environment
variable ``DLFS2_GPU=1``; cupy is used only when it imports and sees a device,
otherwise numpy stays.

The library is chosen on the first use of ``np`` or ``GPU``, not on import: the
grader's parent process reads the switch (``gpu_requested``) to size its limits
and never needs cupy, whose import would start a CUDA driver in it.
"""

import os

import numpy

__all__ = ["np", "GPU", "to_cpu", "to_gpu", "add_at", "gpu_requested"]


def gpu_requested() -> bool:
    """Whether DLFS2_GPU asks for cupy (whether or not cupy and a device are there)."""
    return os.environ.get("DLFS2_GPU", "").strip().lower() in ("1", "true", "yes", "on")


def _choose():
    """(library, on_gpu): cupy when asked for and a device answers, numpy otherwise."""
    if gpu_requested():
        try:
            import cupy

            if cupy.cuda.is_available():
                return cupy, True
        except Exception:  # no cupy or no driver: stay on the CPU
            pass
    return numpy, False


def __getattr__(name):
    # np and GPU are made on first use and then kept as plain globals, so later reads cost nothing
    if name in ("np", "GPU"):
        library, on_gpu = _choose()
        globals().update(np=library, GPU=on_gpu)
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _library():
    return globals().get("np") or __getattr__("np")


def to_cpu(x):
    """A numpy array from either backend's array."""
    if isinstance(x, numpy.ndarray):
        return x
    library = _library()
    return library.asnumpy(x) if library is not numpy else numpy.asarray(x)


def to_gpu(x):
    """A backend array (cupy on the GPU, numpy otherwise)."""
    return _library().asarray(x)


def add_at(target, index, values):
    """target[index] += values with repeated indices adding up: numpy's add.at, cupy's scatter_add
    (the book's common/np.py patches the one in as the other)."""
    library = _library()
    if library is numpy:
        numpy.add.at(target, index, values)
    else:
        import cupyx

        cupyx.scatter_add(target, index, values)
