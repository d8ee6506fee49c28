"""The classroom side of the grading engine: the workbench's exercises in a class's own tools.

- ``course``: an nbgrader course generated from the catalog (``autograder classroom init``);
- ``gradebook``: a class's nbgrader submissions graded outside the students' kernels,
  scores written into nbgrader's gradebook (``autograder classroom grade``);
- ``gradescope``: a Gradescope autograder zip (``autograder gradescope build``);
- ``batch``: a whole class graded on one machine, one CSV (``autograder grade-batch``);
- ``grading``: one answer graded for a class (guarded, never raising), shared by all four;
- ``kernel``: the self-check that the notebooks' test cells call inside a kernel.

Everything is derived from the catalog, so a chapter added there appears in each.
"""
