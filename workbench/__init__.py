"""dlfs2-workbench: the learner's side (the `workbench` command and the Textual app).

Kept import-light on purpose: learner files do `from workbench.backend import np`
inside the grader's child process, which must start fast and never pull in Textual.
"""

__version__ = "0.1.0"
