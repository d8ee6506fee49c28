"""docs/adding-an-exercise.md keeps up with the catalog's schema (autograder/schema.py).

A maintainer writes a catalog entry from that document: every step, check and option the
schema accepts must be in its reference tables, each step and check in a row of its own with
its options in backticks. A failure prints the rows to add, generated from the schema.
"""

import ast
import inspect
import re
from pathlib import Path

import pytest

from autograder import schema, tensors
from autograder.checks import REGISTRY
from autograder.diagnosis import CAUSE_RELATIONS
from corpora.named import DATASETS

DOC = Path(__file__).resolve().parent.parent / "docs" / "adding-an-exercise.md"
# the prose and tables: fenced code blocks left out, their backticks would pair with the text's
TEXT = re.sub(r"^```.*?^```[^\n]*$", "", DOC.read_text(encoding="utf-8"), flags=re.M | re.S)
QUOTED = re.compile(r"`([^`]+)`")


def section(title: str) -> str:
    """The text under the `## …title` heading, up to the next `## ` heading."""
    match = re.search(rf"^## [^\n]*{re.escape(title)}[^\n]*\n(.*?)(?=^## |\Z)", TEXT, re.M | re.S)
    assert match, f"{DOC.name} has no section '## … {title}'"
    return match.group(1)


def table_rows(text: str) -> dict[str, tuple[set[str], str]]:
    """Each table row by the names quoted in its first cell: (the words quoted in its other cells, their text)."""
    rows = {}
    for line in text.splitlines():
        if not line.startswith("|") or set(line) <= set("|-: "):
            continue
        first, *rest = [cell.strip() for cell in line.strip().strip("|").split("|")]
        quoted = {word for cell in rest for span in QUOTED.findall(cell) for word in re.findall(r"\w+", span)[:1]}
        for name in QUOTED.findall(first):
            rows[name] = (quoted, " ".join(rest))
    return rows


def quoted_anywhere() -> set[str]:
    return set(QUOTED.findall(TEXT))


def row_to_add(name: str, fields: dict) -> str:
    options = ", ".join(f"`{key}`" + (" (required)" if spec.required else "") for key, spec in fields.items())
    return f"| `{name}` | {options} | … |"


@pytest.mark.parametrize("op", list(schema.STEPS))
def test_every_step_of_the_schema_has_a_row_with_its_options(op):
    rows = table_rows(section("Every step"))
    options = {key: spec for key, spec in schema.STEPS[op].items() if key != op}
    assert op in rows, f"add to '## 2. Every step':\n{row_to_add(op, options)}"
    missing = {key: spec for key, spec in options.items() if key not in rows[op][0]}
    assert not missing, f"the row of step {op!r} lacks options:\n{row_to_add(op, missing)}"


@pytest.mark.parametrize("name", list(schema.CHECKS))
def test_every_check_of_the_schema_has_a_row_with_its_kind_and_options(name):
    rows = table_rows(section("Every check"))
    options = schema.CHECKS[name]
    assert name in rows, f"add to '## 3. Every check':\n{row_to_add(name, options)}"
    quoted, text = rows[name]
    missing = {key: spec for key, spec in options.items() if key not in quoted}
    assert not missing, f"the row of check {name!r} lacks options:\n{row_to_add(name, missing)}"
    assert re.search(rf"(^|\s){REGISTRY[name].kind}(\s|$)", text), f"the row of {name!r} does not say its kind"


def test_the_options_of_every_check_are_explained():
    assert set(schema.CHECK_COMMON) <= quoted_anywhere()


def test_every_probe_kind_has_a_row_with_its_keys():
    rows = table_rows(section("The contracts"))
    for kind, fields in schema.PROBE_KINDS.items():
        assert kind in rows, f"no row for the probe kind {kind!r}"
        missing = set(fields) - rows[kind][0]
        assert not missing, f"the row of probe kind {kind!r} lacks {sorted(missing)}"


@pytest.mark.parametrize("table", ["EXERCISE", "PROBE_COMMON"])
def test_every_exercise_and_probe_key_is_in_the_document(table):
    missing = set(getattr(schema, table)) - quoted_anywhere()
    assert not missing, f"schema.{table} keys missing from {DOC.name}: {sorted(missing)}"


def _generators() -> set[str]:
    """The value generators autograder.tensors knows: the names `_generate` compares its `kind` with."""
    names = set()
    for node in ast.walk(ast.parse(inspect.getsource(tensors._generate))):
        if isinstance(node, ast.Compare) and isinstance(node.left, ast.Name) and node.left.id == "kind":
            for value in ast.walk(node.comparators[0]):
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    names.add(value.value)
    return names


def test_every_value_expression_and_named_data_set_is_in_the_document():
    quoted = quoted_anywhere()
    generators = _generators()
    assert {"randn", "labels", "reversal"} <= generators  # the walk finds them
    missing = {g for g in generators if not any(span.startswith(f"{g}(") for span in quoted)}
    missing |= {f"{{ {key} = …}}" for key in schema.Value.TABLES
                if not any(span.startswith(f"{{ {key} =") for span in quoted)}
    missing |= set(DATASETS) - quoted
    assert not missing, f"values missing from {DOC.name}: {sorted(missing)}"


def test_every_cause_relation_is_in_the_document():
    assert set(CAUSE_RELATIONS) <= quoted_anywhere()
