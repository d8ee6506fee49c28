"""python -m autograder.compat: regenerate the book's `common` stand-in from the catalog."""
import sys

from autograder.compat import main

sys.exit(main())
