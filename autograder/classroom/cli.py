"""The classroom's subcommands of ``autograder``: classroom init|grade, gradescope build, grade-batch.

Exit 0 when the work was done (whatever the scores), 1 when it could not be done
(no gradebook, no submissions), 2 for a usage error, like the rest of ``autograder``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from autograder.messages import LANGS

COMMANDS = ("classroom", "gradescope", "grade-batch", "report")


def add_parsers(sub) -> None:
    classroom = sub.add_parser("classroom", help="an nbgrader course from the catalog, graded outside the kernel")
    csub = classroom.add_subparsers(dest="classroom_command", required=True)
    init = csub.add_parser("init", help="write an nbgrader course (nbgrader_config.py, source/chNN/chNN.ipynb)")
    init.add_argument("course", metavar="COURSE_DIR")
    init.add_argument("--lang", choices=LANGS, default="en")
    init.add_argument("--assignments", metavar="ch01,...", help="only these assignments (default: every chapter)")
    grade = csub.add_parser("grade", help="grade the submissions of an assignment into nbgrader's gradebook")
    grade.add_argument("course", metavar="COURSE_DIR")
    grade.add_argument("assignment", metavar="ASSIGNMENT")
    grade.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    grade.add_argument("--student", action="append", help="only this student (repeatable)")
    grade.add_argument("--json", action="store_true", help="print the scores as JSON")

    gradescope = sub.add_parser("gradescope", help="a Gradescope autograder zip")
    gsub = gradescope.add_subparsers(dest="gradescope_command", required=True)
    build = gsub.add_parser("build", help="write the autograder zip (setup.sh, run_autograder)")
    build.add_argument("out", metavar="OUT.zip")
    build.add_argument("--assignments", metavar="ch01,...")
    build.add_argument("--lang", choices=LANGS, default="en")
    build.add_argument("--visible", action="store_true", help="show every test at once, not after publishing")

    batch = sub.add_parser("grade-batch", help="grade a folder of submissions (one folder or notebook per student)")
    batch.add_argument("submissions", metavar="SUBMISSIONS_DIR")
    batch.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    batch.add_argument("--csv", metavar="OUT.csv", help="one row per student and exercise")
    batch.add_argument("--json", action="store_true", help="print every verdict as JSON")
    batch.add_argument("--lang", choices=LANGS, default="en")
    batch.add_argument("--assignments", metavar="ch01,...", help="grade these chapters (default: what was handed in)")
    batch.add_argument("--quiet", action="store_true", help="no progress bar")

    report = sub.add_parser("report", help="what the class got wrong: per exercise, who passes and the commonest "
                                           "diagnoses (text, --json, --html)")
    report.add_argument("source", metavar="SUBMISSIONS_OR_COURSE",
                        help="grade-batch's JSON, an nbgrader course, Gradescope results, or a folder of submissions "
                             "(graded first)")
    report.add_argument("--assignment", metavar="chNN", help="only this chapter's exercises")
    report.add_argument("--html", metavar="OUT.html", help="write the report as one self-contained HTML file")
    report.add_argument("--json", action="store_true", help="print the report as JSON")
    report.add_argument("--lang", choices=LANGS, default="en")
    report.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="grading jobs, for raw submissions")
    report.add_argument("--quiet", action="store_true", help="no progress bar while grading")


def _assignments(text: str | None) -> list[str] | None:
    return [a.strip() for a in text.split(",") if a.strip()] if text else None


def _chapters(text: str | None) -> list[int] | None:
    wanted = _assignments(text)
    if not wanted:
        return None
    chapters = []
    for name in wanted:
        digits = name.lower().removeprefix("ch")
        if not digits.isdigit():
            raise ValueError(f"not an assignment id: {name} (ch01, ch02, ...)")
        chapters.append(int(digits))
    return chapters


def _error(message: str, code: int) -> int:
    print(f"autograder: {message}", file=sys.stderr)
    return code


def run(args) -> int:
    try:
        if args.command == "classroom" and args.classroom_command == "init":
            return _init(args)
        if args.command == "classroom":
            return _grade(args)
        if args.command == "gradescope":
            return _gradescope(args)
        if args.command == "report":
            return _report(args)
        return _batch(args)
    except ValueError as err:
        return _error(str(err), 2)


def _init(args) -> int:
    from autograder.classroom.course import init_course

    written = init_course(args.course, lang=args.lang, wanted=_assignments(args.assignments))
    root = Path(args.course)
    notebooks = [p for p in written if p.suffix == ".ipynb"]
    print(f"wrote {len(notebooks)} assignment notebook(s) and nbgrader_config.py in {root}")
    for path in notebooks:
        print(f"  {path.relative_to(root)}")
    print(f"next: cd {root} && nbgrader generate_assignment {notebooks[0].parent.name if notebooks else 'ch01'}")
    return 0


def _grade(args) -> int:
    from autograder.classroom.gradebook import CourseError, grade_assignment

    # nbgrader starts `alembic` from PATH when it creates a gradebook: the one beside this Python
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    try:
        results = grade_assignment(args.course, args.assignment, jobs=args.jobs, students=args.student)
    except CourseError as err:
        return _error(str(err), 1)
    if args.json:
        data = [{"student": r.student, "score": r.score,
                 "exercises": {nb: {ex: v.to_json() for ex, v in vs.items()} for nb, vs in r.verdicts.items()}}
                for r in results]
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for r in results:
            print(f"{r.student:<24} {r.score:8.2f}")
        print(f"{len(results)} submission(s) of {args.assignment} graded into the gradebook: "
              f"nbgrader export / generate_feedback show them")
    return 0


def _gradescope(args) -> int:
    from autograder.classroom.gradescope import build

    path = build(args.out, _assignments(args.assignments), lang=args.lang, visible=args.visible)
    print(f"wrote {path}: upload it as the assignment's autograder on Gradescope")
    return 0


def _batch(args) -> int:
    from autograder.classroom.batch import grade_batch

    folder = Path(args.submissions)
    if not folder.is_dir():
        return _error(f"no such folder: {folder}", 2)
    result = grade_batch(folder, jobs=args.jobs, lang=args.lang, chapters=_chapters(args.assignments),
                         progress=not args.quiet)
    if args.csv:
        result.write_csv(args.csv)
    if args.json:
        json.dump(result.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for student in result.students:
            print(f"{student:<24} {result.total(student):8.2f}")
    print(f"{len(result.students)} submission(s), {len(result.exercises)} exercise(s) in {result.elapsed:.1f} s "
          f"({result.per_minute:.0f} submissions/min)" + (f"; wrote {args.csv}" if args.csv else ""),
          file=sys.stderr)
    return 0


def _report(args) -> int:
    from autograder.classroom.class_report import ReportError, as_text, build_report, read_class, timing_line
    from autograder.messages import text

    try:
        graded = read_class(args.source, assignment=args.assignment, jobs=args.jobs, lang=args.lang,
                            progress=not args.quiet and not args.json)
        report = build_report(graded, lang=args.lang, assignment=args.assignment)
    except ReportError as err:
        return _error(str(err), 1)
    if args.html:
        from autograder.classroom.report_html import write

        path = write(report, args.html, args.lang)
        print(text("classroom.report.wrote", args.lang, path=str(path)), file=sys.stderr)
    if args.json:
        json.dump(report.to_json(args.lang), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif not args.html:
        print(as_text(report, args.lang))
    print(timing_line(report, args.lang), file=sys.stderr)
    return 0
