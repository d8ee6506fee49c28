"""The grading engine of dlfs2-workbench: no UI, no learner code in this process.

Public API:
    grade(exercise_id, path, lang="en") -> GradeResult
    load_catalog() -> Catalog
    gradcheck(layer, *inputs, ...) -> GradcheckReport   (self-check for any book-style layer)

Imports are lazy so the sandbox's child process, which imports
``autograder.executor``, starts without pulling in the rest.
"""

__all__ = ["gpu_requested", "grade", "load_catalog", "gradcheck", "GradcheckError", "GradcheckReport"]


def __getattr__(name):
    if name == "gpu_requested":  # lives with the backend, the one leaf module of the switch
        from autograder.backend import gpu_requested

        return gpu_requested
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
