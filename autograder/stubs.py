"""Stubs are derived from the reference solutions by one rule, so they cannot drift.

A solution marks what the learner writes with nbgrader's markers::

    ### BEGIN SOLUTION
    # the formula, as comments: kept in the stub as guidance
    code                     : replaced by `# YOUR CODE HERE` and `raise NotImplementedError()`
    ### END SOLUTION

The one source serves both languages. Chinese travels beside the English it
translates, and ``make_stub(source, lang)`` keeps one of the two:

* a comment block ``# zh: …`` (one or more lines) is the Chinese of the comment
  block right above it, at the same indent;
* in the module docstring, the English comes first; a paragraph that starts with
  ``zh:`` begins the Chinese, which runs to the end of the docstring.

::

    \"\"\"The MatMul and Affine layers (book §1.3.4.5, §1.3.5).

    zh: MatMul 层和 Affine 层（书 §1.3.4.5、§1.3.5）。
    \"\"\"
    ...
        # y = x · W + b (b broadcast over the batch)
        # zh: y = x · W + b（b 沿批次方向广播）

The English stub drops the ``zh:`` lines; the Chinese stub puts them in place of
the English (without the tag) and marks the learner's part in Chinese. The
reference solution keeps both, and the grader never reads comments.
"""

from __future__ import annotations

import ast
import re

from autograder.messages import LANGS, Msg

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
TAG = "zh:"
RAISE = "raise NotImplementedError()"
# the Chinese keeps the English words: the grader's messages point to "YOUR CODE HERE" in both languages
MARKER_COMMENT = {lang: Msg("stub.marker").render(lang) for lang in LANGS}
STUB_BODY = (MARKER_COMMENT["en"], RAISE)  # the English stub's body of a solution region

_MARKER = re.compile(r"^(\s*)### (BEGIN|END) SOLUTION\s*$")
_COMMENT = re.compile(r"^(\s*)#(.*)$")
_TAGGED_COMMENT = re.compile(r"^(\s*)# ?zh:\s?(.*)$")


class MarkerError(ValueError):
    pass


def make_stub(source: str, lang: str = "en") -> str:
    """The learner's starting file for a solution's source, in `lang` ("en" or "zh")."""
    if lang not in LANGS:
        raise ValueError(f"no stubs in {lang!r}: one of {', '.join(LANGS)}")
    lines = localize(source, lang).splitlines()
    out, region, indent = [], None, ""
    for number, line in enumerate(lines, start=1):
        marker = _MARKER.match(line)
        if marker and marker.group(2) == "BEGIN":
            if region is not None:
                raise MarkerError(f"line {number}: BEGIN SOLUTION inside another region")
            region, indent = [], marker.group(1)
        elif marker:
            if region is None:
                raise MarkerError(f"line {number}: END SOLUTION without BEGIN")
            out.extend(_stub_region(region, indent, lang))
            region = None
        elif region is not None:
            region.append(line)
        else:
            out.append(line)
    if region is not None:
        raise MarkerError("a BEGIN SOLUTION region is never closed")
    return "\n".join(out) + "\n"


def _stub_region(lines: list[str], indent: str, lang: str) -> list[str]:
    # The region's leading comments (the formula) stay; its code goes.
    kept = []
    for line in lines:
        if line.strip().startswith("#"):
            kept.append(line)
        else:
            break
    return kept + [indent + MARKER_COMMENT[lang], indent + RAISE]


# -- one source, two languages ------------------------------------------------------------
def localize(source: str, lang: str) -> str:
    """`source` with only the `lang` side of every translated comment block and docstring paragraph."""
    lines = source.splitlines()
    lines = _localize_docstring(lines, lang)
    return "\n".join(_localize_comments(lines, lang)) + ("\n" if source.endswith("\n") else "")


def _localize_comments(lines: list[str], lang: str) -> list[str]:
    out: list[str] = []
    english_start = None  # where the comment block that a `# zh:` block would translate begins in `out`
    i = 0
    while i < len(lines):
        tagged = _TAGGED_COMMENT.match(lines[i])
        if tagged is None:
            comment = _COMMENT.match(lines[i])
            if comment is None or _MARKER.match(lines[i]):  # a solution marker ends a comment block
                english_start = None
            elif english_start is None or _indent(out[english_start]) != comment.group(1):
                english_start = len(out)
            out.append(lines[i])
            i += 1
            continue
        indent, block = tagged.group(1), []
        while i < len(lines) and (more := _TAGGED_COMMENT.match(lines[i])) and more.group(1) == indent:
            block.append(more.group(2).rstrip())
            i += 1
        if english_start is None or _indent(out[english_start]) != indent:
            raise MarkerError(f"a `# zh:` comment ({block[0]!r}) has no English comment right above it")
        if lang == "zh":
            del out[english_start:]
            out.extend(f"{indent}# {text}".rstrip() for text in block)
        english_start = None
    return out


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _localize_docstring(lines: list[str], lang: str) -> list[str]:
    source = "\n".join(lines)
    try:
        module = ast.parse(source)
    except SyntaxError:
        return lines  # not Python (yet): nothing to localize, the stub rule still applies
    if not (module.body and isinstance(module.body[0], ast.Expr) and isinstance(module.body[0].value, ast.Constant)
            and isinstance(module.body[0].value.value, str)):
        return lines
    node = module.body[0]
    first, last = node.lineno - 1, node.end_lineno - 1
    raw = "\n".join(lines[first:last + 1]).strip()
    if not (raw.startswith('"""') and raw.endswith('"""') and len(raw) >= 6):
        return lines  # another quoting: only """ docstrings carry translations
    paragraphs = re.split(r"\n[ \t]*\n", raw[3:-3].strip("\n"))
    if not any(p.lstrip().startswith(TAG) for p in paragraphs):
        return lines
    split = next(k for k, p in enumerate(paragraphs) if p.lstrip().startswith(TAG))
    english, chinese = paragraphs[:split], paragraphs[split:]
    if not english:
        raise MarkerError("the module docstring has Chinese (`zh:`) but no English before it")
    chinese[0] = chinese[0].lstrip()[len(TAG):].lstrip()
    kept = [p.rstrip() for p in (chinese if lang == "zh" else english)]
    body = "\n\n".join(kept)
    docstring = f'"""{body}"""' if "\n" not in body else f'"""{body}\n"""'
    return lines[:first] + docstring.split("\n") + lines[last + 1:]


def has_markers(source: str) -> bool:
    return BEGIN in source


def expected_stubs():
    """(stub path, derived text) for every exercise of the catalog (the English stubs kept in exercises/)."""
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
