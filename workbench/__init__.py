"""dlfs2-workbench: the learner's side (the `workbench` command and the Textual app).

Kept import-light on purpose: learner files do `from workbench.backend import np`
inside the grader's child process, which must start fast and never pull in Textual.
"""

__version__ = "0.1.0"


def gpu_requested() -> bool:
    """Whether DLFS2_GPU asks for cupy. Here, not in workbench.backend, so the grader's
    parent process can read it without importing (and initialising) cupy."""
    import os

    return os.environ.get("DLFS2_GPU", "").strip().lower() in ("1", "true", "yes", "on")
