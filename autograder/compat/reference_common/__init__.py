"""The book's `common` names that no exercise covers yet, written here to reference quality.

The generated shim (autograder/compat/common) serves each name of the book's `common`
package from the reference of the exercise that covers it, and from these modules
otherwise. When an exercise comes to cover a name, its class or function here is
deleted (the generator insists): one copy of each, so none stays readable while that
exercise's reference is withheld from the file being graded. They are written
against the book's own module layout, as the book's files are: what they need of an
exercise comes through `common.*`, so they never name a path under solutions/.
Importable where autograder/compat is on sys.path (the sandbox's child, the tests).
"""
