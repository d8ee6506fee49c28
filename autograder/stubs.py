"""Stubs are derived from the reference solutions by one rule, so they cannot drift.

A solution marks what the learner writes with nbgrader's markers::

    ### BEGIN SOLUTION
    # the formula, as comments: kept in the stub as guidance
    code                     : replaced by `raise NotImplementedError`
    ### END SOLUTION
"""

import re

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
STUB_BODY = ("# YOUR CODE HERE", "raise NotImplementedError()")

_MARKER = re.compile(r"^(\s*)### (BEGIN|END) SOLUTION\s*$")


class MarkerError(ValueError):
    pass


def make_stub(source: str) -> str:
    """The learner's starting file for a solution's source."""
    out, region, indent = [], None, ""
    for number, line in enumerate(source.splitlines(), start=1):
        marker = _MARKER.match(line)
        if marker and marker.group(2) == "BEGIN":
            if region is not None:
                raise MarkerError(f"line {number}: BEGIN SOLUTION inside another region")
            region, indent = [], marker.group(1)
        elif marker:
            if region is None:
                raise MarkerError(f"line {number}: END SOLUTION without BEGIN")
            out.extend(_stub_region(region, indent))
            region = None
        elif region is not None:
            region.append(line)
        else:
            out.append(line)
    if region is not None:
        raise MarkerError("a BEGIN SOLUTION region is never closed")
    return "\n".join(out) + "\n"


def _stub_region(lines: list[str], indent: str) -> list[str]:
    # The region's leading comments (the formula) stay; its code goes.
    kept = []
    for line in lines:
        if line.strip().startswith("#"):
            kept.append(line)
        else:
            break
    return kept + [indent + body for body in STUB_BODY]


def has_markers(source: str) -> bool:
    return BEGIN in source


def expected_stubs():
    """(stub path, derived text) for every exercise of the catalog."""
    from autograder.catalog import load_catalog

    for exercise in load_catalog():
        source = exercise.solution_path.read_text(encoding="utf-8")
        yield exercise.stub_path, make_stub(source)


def main(argv=None) -> int:
    """`python -m autograder.stubs [--check]`: rewrite exercises/ from solutions/, or check it."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m autograder.stubs", description=main.__doc__)
    parser.add_argument("--check", action="store_true", help="only report stubs that differ")
    args = parser.parse_args(argv)
    stale = 0
    for path, text in expected_stubs():
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        stale += 1
        if args.check:
            print(f"stale: {path}")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
