"""The array backend for learners' files: ``from workbench.backend import np``.

An alias of autograder.backend (numpy, or cupy with ``DLFS2_GPU=1``), kept so that
the files learners already wrote grade unchanged.
"""

from autograder.backend import GPU, gpu_requested, np, to_cpu, to_gpu  # noqa: F401

__all__ = ["np", "GPU", "to_cpu", "to_gpu", "gpu_requested"]
