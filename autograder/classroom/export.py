"""``nbgrader export`` for a generated course: nbgrader's grades.csv, its scores with two decimals.

The test cells' points are hundredths (1.67, 0.48); nbgrader's database adds them as
floats, so its own export writes 9.999999999999998 or 21.169999999999998 where the
lecturer expects 10.00 and 21.17. The generated ``nbgrader_config.py`` names this
exporter (``c.ExportApp.plugin_class``): the same columns and rows as nbgrader's
``CsvExportPlugin``, every score rounded to hundredths, and the file written by the
csv module (a name with a comma stays in its column).
"""

from __future__ import annotations

import csv

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins.export import CsvExportPlugin

from autograder.classroom.grading import column

COLUMNS = ("assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email", "raw_score",
           "late_submission_penalty", "score", "max_score")
SCORES = ("raw_score", "late_submission_penalty", "score", "max_score")


class TwoDecimalCsvExport(CsvExportPlugin):
    """nbgrader's CSV export with every score as two decimals."""

    def export(self, gradebook: Gradebook) -> None:
        dest = self.to or "grades.csv"
        students = [str(s) for s in self.student]
        assignments = [str(a) for a in self.assignment]
        self.log.info("Exporting grades to %s", dest)
        with open(dest, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
            writer.writeheader()
            for assignment in gradebook.assignments:
                if assignments and assignment.name not in assignments:
                    continue
                for student in gradebook.students:
                    if students and student.id not in students:
                        continue
                    writer.writerow(_row(gradebook, assignment, student))


def _row(gradebook: Gradebook, assignment, student) -> dict:
    row = {"assignment": assignment.name, "duedate": assignment.duedate, "student_id": student.id,
           "last_name": student.last_name, "first_name": student.first_name, "email": student.email,
           "max_score": assignment.max_score}
    try:
        submission = gradebook.find_submission(assignment.name, student.id)
    except MissingEntry:  # nothing handed in: 0, as nbgrader's export has it
        row.update(timestamp="", raw_score=0.0, late_submission_penalty=0.0, score=0.0)
    else:
        penalty = submission.late_submission_penalty or 0.0
        row.update(timestamp=submission.timestamp, raw_score=submission.score, late_submission_penalty=penalty,
                   score=max(0.0, submission.score - penalty))
    return {key: ("" if value is None else column(value) if key in SCORES else str(value))
            for key, value in row.items()}
