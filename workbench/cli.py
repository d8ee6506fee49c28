"""`workbench`: the learner's command. With no subcommand it opens the Textual app."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from autograder.messages import LANGS
from workbench import strings
from workbench.workspace import Workspace, WorkspaceError, find_workspace, init_workspace


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="workbench", description=strings.DESCRIPTION)
    parser.add_argument("--workspace", "-w", metavar="DIR", help="the workspace folder (default: found from here)")
    parser.add_argument("--lang", choices=LANGS, help="language of the workbench (saved for next time)")
    sub = parser.add_subparsers(dest="command")
    init = sub.add_parser("init", help="make a workspace with fresh starting files in DIR")
    init.add_argument("directory", metavar="DIR")
    check = sub.add_parser("check", help="grade your file for ID, or every exercise with --all")
    check.add_argument("exercise", metavar="ID", nargs="?")
    check.add_argument("--all", action="store_true")
    hint = sub.add_parser("hint", help="show the next hint of ID")
    hint.add_argument("exercise", metavar="ID")
    reset = sub.add_parser("reset", help="restore the starting file of ID (your file is backed up first)")
    reset.add_argument("exercise", metavar="ID")
    sub.add_parser("list", help="the exercises and your progress")
    test = sub.add_parser("test", help="run pytest in the workspace: one test per check (extra arguments go to pytest)",
                          add_help=False)
    test.add_argument("pytest_args", nargs=argparse.REMAINDER, metavar="PYTEST_ARGS")
    demo = sub.add_parser("demo", help="list the demos, or run demo ID (on your layers; --reference on the references)")
    demo.add_argument("demo", metavar="ID", nargs="?")
    demo.add_argument("--reference", action="store_true", help="run on the reference layers")
    demo.add_argument("--epochs", type=int, metavar="N", help="epochs to train (default: the demo's)")
    demo.add_argument("--corpus", default="default", metavar="default|ptb|PATH",
                      help="the generated corpus (default), the Penn Treebank, or a folder/text file; "
                           "date-attention: the generated dates (default) or a file in the book's date.txt format")
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="the random seed of training")
    demo.add_argument("--json", action="store_true", help="print one final JSON object with the metrics on stdout")
    serve = sub.add_parser("serve", help="serve the workbench in a browser on localhost")
    serve.add_argument("--host", default="localhost")
    serve.add_argument("--port", type=int, default=8000)
    return parser


def main(argv=None) -> int:
    given = sys.argv[1:]
    if argv is None and "check" in given and "--all" not in given:
        # one grade: the program forks that file's child itself (autograder.forkhere), before numpy loads
        from autograder import forkhere

        forkhere.allow()
    try:
        return _main(argv)
    except BrokenPipeError:  # `workbench list | head`: the reader has gone, nothing left to say
        try:
            sys.stdout = open(os.devnull, "w")  # and no second error when Python flushes at exit
        except OSError:
            pass
        return 0


def _main(argv=None) -> int:
    parser = _parser()
    try:
        args, extra = parser.parse_known_args(argv)
    except SystemExit as exit_:
        return 2 if exit_.code not in (0, None) else 0
    if extra and args.command != "test":
        parser.print_usage(sys.stderr)
        print(f"workbench: unrecognized arguments: {' '.join(extra)}", file=sys.stderr)
        return 2

    if args.command == "init":
        try:
            workspace, written = init_workspace(Path(args.directory), lang=args.lang)
        except (WorkspaceError, OSError) as err:
            print(err, file=sys.stderr)
            return 2
        lang = args.lang or workspace.language()
        print(strings.get("init.done", lang, path=str(workspace.root), count=len(written)))
        return 0

    workspace = _open_workspace(args)
    if workspace is None:
        print(strings.get("workspace.none", args.lang or "en"), file=sys.stderr)
        return 2
    if args.lang:
        workspace.update_settings(lang=args.lang)
    lang = workspace.language()
    if workspace.adopted:
        print(strings.get("workspace.adopted", lang, path=str(workspace.root), count=len(workspace.adopted)),
              file=sys.stderr)

    if args.command is None:
        from workbench.app import run_app

        return run_app(workspace, lang) or 0
    if args.command == "serve":
        from workbench.serve import serve

        return serve(workspace, args.lang, args.host, args.port) or 0
    if args.command == "list":
        return _list(workspace, lang)
    if args.command == "test":
        return _test(workspace, list(args.pytest_args) + list(extra), lang)
    if args.command == "check":
        return _check(workspace, args, lang, parser)
    if args.command == "demo":
        from workbench.demos import terminal

        if args.demo is None:
            return terminal.list_demos(lang)
        return terminal.run_demo(workspace, args.demo, args.reference, args.epochs, args.corpus, args.seed,
                                 args.json, lang)
    exercise = _exercise(workspace, args.exercise, lang)
    if exercise is None:
        return 2
    if args.command == "hint":
        return _hint(workspace, exercise, lang)
    if args.command == "reset":
        saved = workspace.reset(exercise)
        print(strings.get("reset.done", lang, path=str(workspace.file_for(exercise)),
                          backup=str(saved) if saved else "—"))
        return 0
    parser.print_help()
    return 2


def _open_workspace(args) -> Workspace | None:
    if args.workspace:
        root = Path(args.workspace)
        if not root.is_dir():
            return None
        workspace = Workspace(root)
    else:
        workspace = find_workspace()  # in a clone: workspace/, made now if it is not there yet
        if workspace is None:
            return None
    if args.lang and not (workspace.state_dir / "settings.json").exists():
        workspace.update_settings(lang=args.lang)  # a new workspace's starting files in that language
    workspace.create_missing()
    return workspace


def _exercise(workspace, exercise_id, lang):
    if exercise_id not in workspace.catalog:
        from autograder.messages import text

        print(text("cli.no_exercise", lang, id=exercise_id, ids=", ".join(workspace.catalog.ids)), file=sys.stderr)
        return None
    return workspace.catalog[exercise_id]


def _check(workspace, args, lang, parser) -> int:
    from autograder.grader import grade
    from autograder.report import as_text

    if args.all:
        exercises = list(workspace.catalog)
    elif args.exercise:
        exercise = _exercise(workspace, args.exercise, lang)
        if exercise is None:
            return 2
        exercises = [exercise]
    else:
        exercises = [workspace.next_exercise()]
    all_passed = True
    counts = {"passed": 0, "failed": 0, "not_implemented": 0}
    for exercise in exercises:
        result = grade(exercise.id, workspace.file_for(exercise), lang=lang, catalog=workspace.catalog)
        workspace.record(result)
        all_passed &= result.passed
        counts[result.status if result.status in counts else "failed"] += 1
        print(as_text(result, lang, color=sys.stdout.isatty()))
        if len(exercises) > 1:
            print()
    if len(exercises) > 1:
        # the last line says where the learner stands, after a screenful of checks
        print(strings.get("check.summary", lang, total=len(exercises), passed=counts["passed"],
                          failed=counts["failed"], not_started=counts["not_implemented"]))
    return 0 if all_passed else 1


def _test(workspace, pytest_args: list[str], lang) -> int:
    """`workbench test`: this Python's pytest, in the workspace (a `pytest` on PATH may be another Python's)."""
    import importlib.util
    import subprocess

    if importlib.util.find_spec("pytest") is None:
        print(strings.get("test.no_pytest", lang, python=sys.executable), file=sys.stderr)
        return 2
    command = [sys.executable, "-m", "pytest", "--rootdir", str(workspace.root)]
    try:
        return subprocess.call(command + pytest_args, cwd=workspace.root)
    except KeyboardInterrupt:
        return 130


def _hint(workspace, exercise, lang) -> int:
    """The hint for the mistake the file shows (autograder.hints) first, then the exercise's ladder."""
    offered = _mistake_hints(workspace, exercise, lang)
    if not exercise.hints and not offered:
        print(strings.get("hint.none", lang))
        return 0
    shown = workspace.reveal_hint(exercise, [hint.id for hint in offered])
    revealed = set(workspace.mistake_hints_shown(exercise))
    for hint in offered:
        if hint.id in revealed:
            print(strings.get("hint.for_mistake", lang, text=hint.text_in(lang)))
    for number, hint in enumerate(exercise.hints[:shown], start=1):
        print(strings.get("hint.line", lang, number=number, total=len(exercise.hints),
                          text=hint.get(lang) or hint["en"]))
    if shown == len(exercise.hints) and all(hint.id in revealed for hint in offered):
        print(strings.get("hint.last", lang))
    return 0


def _mistake_hints(workspace, exercise, lang) -> list:
    """The hints for the mistakes the learner's file shows now: it is graded (the verdict only, no timing)."""
    from autograder.grader import GraderError, grade
    from autograder.hints import hints_for_result

    if workspace.is_untouched(exercise) or not workspace.file_for(exercise).is_file():
        return []
    try:
        result = grade(exercise.id, workspace.file_for(exercise), lang=lang, catalog=workspace.catalog,
                       timing=False, scoring=False)
    except GraderError:
        return []  # the grader's own failure: the ladder still helps
    return hints_for_result(exercise, result)


def _list(workspace, lang) -> int:
    progress = workspace.progress()
    for exercise in workspace.catalog:
        status = workspace.status(exercise) if exercise.id in progress else "not_started"
        print(f"ch{exercise.chapter:02d}  {exercise.id:<20} {strings.get('status.' + status, lang):<12} "
              f"{exercise.title_in(lang)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
