"""The store of learner-facing text (autograder/text/*.toml): one file per language, the same keys
and fields in each, and no learner-facing Chinese left in the code."""

from __future__ import annotations

import ast
import re
import shutil
import string
import tomllib
from pathlib import Path

import pytest

from autograder import text
from autograder.text.__main__ import absorb, problems, read_entries

ROOT = Path(__file__).resolve().parent.parent
CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def _read(lang: str, folder: Path = text.FOLDER) -> dict[str, str]:
    with open(folder / f"{lang}.toml", "rb") as file:
        return tomllib.load(file)


def _fields(template: str) -> set[str]:
    return {name.split("[")[0].split(".")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_language_has_the_same_keys_and_the_same_fields_per_key():
    stores = {lang: _read(lang) for lang in text.LANGS}
    english = stores["en"]
    for lang, texts in stores.items():
        assert list(texts) == list(english), f"{lang}.toml: keys differ from en.toml (or their order)"
        for key, template in texts.items():
            assert template.strip(), f"{lang}.toml: {key} is empty"
            assert _fields(template) == _fields(english[key]), f"{key}: {lang} {_fields(template)}, en {_fields(english[key])}"
    assert problems() == []


def test_every_template_formats_with_its_fields():
    for key, entry in text.TEMPLATES.items():
        for lang, template in entry.items():
            values = {name: _Anything() for name in _fields(template)}
            template.format(**values)  # a stray brace or a bad format spec fails here


class _Anything(float):
    """Takes any format spec and any index, as the real values do."""

    def __new__(cls):
        return super().__new__(cls, 1.0)

    def __getitem__(self, index):
        return self

    def __format__(self, spec):
        return format(1.0, spec) if spec and spec[-1] in "eEfFgG%" else "x"


def test_the_readers_see_the_store():
    from autograder.messages import TEMPLATES, Msg, both
    from workbench import strings

    assert TEMPLATES is text.TEMPLATES
    assert Msg("check.ok").render("zh") == _read("zh")["check.ok"]
    assert both("word.separator") == {"en": ", ", "zh": "、"}
    assert strings.get("home.details", "zh") == _read("zh")["app.home.details"]
    assert set(strings.STRINGS) == {key[4:] for key in _read("en") if key.startswith("app.")}


def _strings_outside_docstrings(tree: ast.AST):
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node


def test_no_chinese_text_in_the_code_outside_the_store():
    """Docstrings and comments may quote Chinese (cjk.py explains line breaking with it); a string the
    program uses may not: its words belong in autograder/text/zh.toml, beside their English."""
    found = []
    for package in ("autograder", "workbench"):
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in _strings_outside_docstrings(tree):
                if CHINESE.search(node.value):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:60]!r}")
    assert not found, "Chinese text in the code; move it to autograder/text/*.toml:\n" + "\n".join(found)


def test_the_check_finds_chinese_in_code():
    source = 'def f():\n    """文档"""\n    # 注释\n    return {"zh": f"{x}：不在词汇表中"}\n'
    found = [n.value for n in _strings_outside_docstrings(ast.parse(source)) if CHINESE.search(n.value)]
    assert found == ["：不在词汇表中"]


@pytest.fixture
def store(tmp_path, monkeypatch):
    for lang in text.LANGS:
        shutil.copy(text.path(lang), tmp_path / f"{lang}.toml")
    monkeypatch.setattr(text, "FOLDER", tmp_path)
    return tmp_path


def test_absorb_appends_new_texts_under_their_section_and_changes_edited_ones(store, capsys):
    source = '''
TEMPLATES: dict[str, dict[str, str]] = {
    "check.ok": {"en": "ok", "zh": "通过"},
    "summary.not_implemented": {"en": "{exercise}: not started", "zh": "{exercise}：尚未开始"},
    # -- perplexity ------------------------------------------------------------
    "perplexity.high": {
        "en": "perplexity is {value:.1f} after {steps} steps; "
              "the reference reaches {reference:.1f}",
        "zh": "{steps} 步后困惑度为 {value:.1f}；参考实现达到 {reference:.1f}",
    },
    "perplexity.quote": {"en": 'says "{word}"\\n\\tthen \\\\', "zh": "说“{word}”\\n\\t然后 \\\\"},
}
'''
    prefix, entries, sections = read_entries(source)
    assert prefix == "" and sections == {"perplexity.high": "perplexity"}
    added, changed = absorb(entries, sections)
    assert added == ["perplexity.high", "perplexity.quote"] and changed == ["summary.not_implemented"]
    en, zh = _read("en", store), _read("zh", store)
    assert en["perplexity.high"] == "perplexity is {value:.1f} after {steps} steps; the reference reaches {reference:.1f}"
    assert zh["perplexity.quote"] == "说“{word}”\n\t然后 \\"
    assert zh["summary.not_implemented"] == "{exercise}：尚未开始"
    assert list(en) == list(zh) and problems() == []
    lines = (store / "zh.toml").read_text(encoding="utf-8").splitlines()
    assert lines[-3].startswith("# -- perplexity ") and lines[-2].startswith('"perplexity.high" = ')


def test_absorb_takes_bare_entries_with_a_namespace(store):
    prefix, entries, sections = read_entries('"home.new": {"en": "New", "zh": "新"},\n')
    absorb(entries, sections, prefix="app.")
    assert _read("zh", store)["app.home.new"] == "新"


def test_absorb_refuses_languages_that_disagree(store):
    before = {lang: text.path(lang).read_text(encoding="utf-8") for lang in text.LANGS}
    _, entries, sections = read_entries('"x.y": {"en": "{count} items", "zh": "若干项"},\n')
    with pytest.raises(SystemExit, match="x.y: the languages format different fields"):
        absorb(entries, sections)
    _, entries, sections = read_entries('"x.y": {"en": "items"},\n')
    with pytest.raises(SystemExit, match="x.y: no text in zh"):
        absorb(entries, sections)
    assert {lang: text.path(lang).read_text(encoding="utf-8") for lang in text.LANGS} == before


def test_absorb_against_a_base_takes_only_what_the_branch_changed(store, tmp_path):
    from autograder.text.__main__ import main

    base = tmp_path / "base.py"
    theirs = tmp_path / "theirs.py"
    base.write_text('TEMPLATES = {"check.ok": {"en": "fine", "zh": "好"}}\n', encoding="utf-8")
    theirs.write_text('TEMPLATES = {"check.ok": {"en": "fine", "zh": "好"},\n'
                      '             "check.new": {"en": "new {x}", "zh": "新 {x}"}}\n', encoding="utf-8")
    assert main(["absorb", str(theirs), "--base", str(base)]) == 0
    en = _read("en", store)
    assert en["check.ok"] == "ok"  # the store's newer text stays
    assert en["check.new"] == "new {x}"
