"""`workbench`: the learner's command. With no subcommand it opens the Textual app."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbench import strings
from workbench.workspace import Workspace, WorkspaceError, find_workspace, init_workspace


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="workbench", description=strings.DESCRIPTION)
    parser.add_argument("--workspace", "-w", metavar="DIR", help="the workspace folder (default: found from here)")
    parser.add_argument("--lang", choices=("en", "zh"), help="language of the workbench (saved for next time)")
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
    serve = sub.add_parser("serve", help="serve the workbench in a browser on localhost")
    serve.add_argument("--host", default="localhost")
    serve.add_argument("--port", type=int, default=8000)
    return parser


def main(argv=None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return 2 if exit_.code not in (0, None) else 0

    if args.command == "init":
        try:
            workspace, written = init_workspace(Path(args.directory))
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

    if args.command is None:
        from workbench.app import run_app

        return run_app(workspace, lang) or 0
    if args.command == "serve":
        from workbench.serve import serve

        return serve(workspace, args.lang, args.host, args.port) or 0
    if args.command == "list":
        return _list(workspace, lang)
    if args.command == "check":
        return _check(workspace, args, lang, parser)
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
        workspace.create_missing()
        return workspace
    workspace = find_workspace()
    if workspace is not None:
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
    for exercise in exercises:
        result = grade(exercise.id, workspace.file_for(exercise), lang=lang, catalog=workspace.catalog)
        workspace.record(result)
        all_passed &= result.passed
        print(as_text(result, lang, color=sys.stdout.isatty()))
        if len(exercises) > 1:
            print()
    return 0 if all_passed else 1


def _hint(workspace, exercise, lang) -> int:
    if not exercise.hints:
        print(strings.get("hint.none", lang))
        return 0
    shown = workspace.reveal_hint(exercise)
    for number, hint in enumerate(exercise.hints[:shown], start=1):
        print(strings.get("hint.line", lang, number=number, total=len(exercise.hints),
                          text=hint.get(lang) or hint["en"]))
    if shown == len(exercise.hints):
        print(strings.get("hint.last", lang))
    return 0


def _list(workspace, lang) -> int:
    progress = workspace.progress()
    for exercise in workspace.catalog:
        status = workspace.status(exercise) if exercise.id in progress else "not_started"
        print(f"ch{exercise.chapter:02d}  {exercise.id:<20} {strings.get('status.' + status, lang):<12} "
              f"{exercise.title_in(lang)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
