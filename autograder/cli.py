"""`autograder`: grade a file, list the catalog, grade a class. Exit 0 passed, 1 not passed, 2 usage error."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from autograder.catalog import CatalogError, load_catalog
from autograder.messages import LANGS, text


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, given the terminal's width as shutil would find it: argparse makes a
    formatter at every add_argument and, without a width, imports shutil for it (and with shutil
    zlib, bz2 and lzma), a tenth of what one grade imports besides numpy."""

    def __init__(self, prog, **kwargs):
        kwargs.setdefault("width", _columns() - 2)  # argparse's own margin
        super().__init__(prog, **kwargs)


def _columns() -> int:
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


def _parser(classroom: bool = True) -> argparse.ArgumentParser:
    """The command line; without `classroom`, only grade and list (what one grade needs to parse)."""
    parser = argparse.ArgumentParser(prog="autograder", description=__doc__, formatter_class=_Formatter)
    sub = parser.add_subparsers(dest="command", required=True, prog="autograder")
    grade = sub.add_parser("grade", help="grade FILE as exercise ID", formatter_class=_Formatter)
    grade.add_argument("exercise", metavar="ID")
    grade.add_argument("file", metavar="FILE")
    grade.add_argument("--json", action="store_true", help="print the result as JSON")
    grade.add_argument("--lang", choices=LANGS, default="en")
    listing = sub.add_parser("list", help="list the exercises", formatter_class=_Formatter)
    listing.add_argument("--json", action="store_true")
    listing.add_argument("--lang", choices=LANGS, default="en")
    if classroom:
        from autograder.classroom import cli as classroom_cli

        classroom_cli.add_parsers(sub)  # classroom init|grade, gradescope build, grade-batch
    return parser


def main(argv=None) -> int:
    if argv is None and sys.argv[1:2] == ["grade"]:
        # the program grades one file: it forks that file's child itself (before numpy loads)
        from autograder import forkhere

        forkhere.allow()
    try:
        return _main(argv)
    except BrokenPipeError:  # `autograder list | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return 0
    except CatalogError as err:  # a maintainer's mistake in catalog.toml: where it is, in one line
        print(err, file=sys.stderr)
        return 2


def _main(argv) -> int:
    given = sys.argv[1:] if argv is None else list(argv)
    parser = _parser(classroom=given[:1] not in (["grade"], ["list"]))  # the classroom's parsers import it
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return 2 if exit_.code not in (0, None) else 0
    if args.command not in ("grade", "list"):
        from autograder.classroom import cli as classroom

        if args.command in classroom.COMMANDS:
            return classroom.run(args)
    catalog = load_catalog()
    if args.command == "list":
        return _list(catalog, args)
    if args.exercise not in catalog:
        print(text("cli.no_exercise", args.lang, id=args.exercise, ids=", ".join(catalog.ids)), file=sys.stderr)
        return 2
    path = Path(args.file)
    if not path.is_file():
        print(text("cli.no_file", args.lang, path=str(path)), file=sys.stderr)
        return 2
    started = None
    from autograder import forkhere

    if forkhere.allowed():  # the learner's child starts now and runs while the grader's modules load
        from autograder import sandbox
        from autograder.plan import build_plan

        exercise = catalog[args.exercise]
        started = sandbox.start(path, build_plan(exercise), *sandbox.sandboxing(exercise), here=True)
    from autograder.grader import grade
    from autograder.report import as_text

    result = grade(args.exercise, path, lang=args.lang, catalog=catalog, started=started)
    if args.json:
        json.dump(result.to_json(args.lang), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(as_text(result, args.lang, color=sys.stdout.isatty()))
    return 0 if result.passed else 1


def _list(catalog, args) -> int:
    rows = [
        {
            "id": ex.id,
            "chapter": ex.chapter,
            "title": ex.title_in(args.lang),
            "stub": str(ex.stub_path),
            "solution": str(ex.solution_path),
            "module": ex.module,
            "points": ex.points,
            "depends": list(ex.depends),
        }
        for ex in catalog
    ]
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for row in rows:
            print(f"ch{row['chapter']:02d}  {row['id']:<20} {row['title']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
