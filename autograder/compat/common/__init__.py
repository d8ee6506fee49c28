"""Stand-in for the book's ``common`` package inside the grader's sandbox.

Code copied from the book starts with ``from common.np import *`` or
``from common.layers import Affine``; these modules answer with the backend, the
exercises' references and autograder/compat/reference_common, so such a file grades
without edits. np.py and config.py are written by hand (the backend); the others are
generated from the catalog by ``python -m autograder.compat`` (see autograder/compat).
"""
