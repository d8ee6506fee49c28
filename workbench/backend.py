"""The array backend for learners' files: ``from workbench.backend import np``.

numpy by default, cupy with ``DLFS2_GPU=1`` (see autograder.backend, which the
grading engine and this module share).
"""

from autograder.backend import GPU, np, to_cpu, to_gpu  # noqa: F401

__all__ = ["np", "GPU", "to_cpu", "to_gpu"]
