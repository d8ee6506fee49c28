"""The grading engine of dlfs2-workbench: no UI, no learner code in this process.

Public API:
    grade(exercise_id, path, lang="en") -> GradeResult
    load_catalog() -> Catalog
    gradcheck(layer, *inputs, ...) -> GradcheckReport   (self-check for any book-style layer)

Imports are lazy so the sandbox's child process, which imports
``autograder.executor``, starts without pulling in the rest.
"""

__all__ = ["gpu_requested", "grade", "load_catalog", "gradcheck", "GradcheckError", "GradcheckReport"]


def gpu_requested() -> bool:
    """Whether DLFS2_GPU asks for cupy. Here, not in autograder.backend, so the grader's
    parent process can read it without importing (and initialising) cupy."""
    import os

    return os.environ.get("DLFS2_GPU", "").strip().lower() in ("1", "true", "yes", "on")


def __getattr__(name):
    if name == "grade":
        from autograder.grader import grade

        return grade
    if name == "load_catalog":
        from autograder.catalog import load_catalog

        return load_catalog
    if name in ("gradcheck", "GradcheckError", "GradcheckReport"):
        from autograder import gradient_check

        return getattr(gradient_check, name)
    raise AttributeError(f"module 'autograder' has no attribute {name!r}")
