"""The book's `common` names that no exercise covers yet, written here to reference quality.

The generated shim (autograder/compat/common) serves each name of the book's `common`
package from the reference of the exercise that covers it, and from these modules
otherwise (a name that an exercise covers later stays here unused). They are written
against the book's own module layout, as the book's files are: what they need of an
exercise comes through `common.*`, so they never name a path under solutions/.
Importable where autograder/compat is on sys.path (the sandbox's child, the tests).
"""
