"""One solution source, a starting file in each language (autograder.stubs)."""

import ast
import re

import pytest

from autograder.catalog import load_catalog
from autograder.stubs import MARKER_COMMENT, MarkerError, localize, make_stub

catalog = load_catalog()
CHAPTER_1 = [ex for ex in catalog if ex.chapter == 1]
HAN = re.compile(r"[\u4e00-\u9fff]")

SOURCE = '''"""The Scale layer.

It doubles its input.

zh: Scale 层。

它把输入乘以 2。
"""
from workbench.backend import np


class Scale:
    def forward(self, x):
        ### BEGIN SOLUTION
        # y = 2x, kept for backward
        # zh: y = 2x，保存下来供反向传播使用
        # (no state besides)
        self.y = 2 * x
        return self.y
        ### END SOLUTION
'''


def test_the_english_stub_drops_every_chinese_line():
    assert make_stub(SOURCE, "en") == '''"""The Scale layer.

It doubles its input.
"""
from workbench.backend import np


class Scale:
    def forward(self, x):
        # y = 2x, kept for backward
        # (no state besides)
        # YOUR CODE HERE
        raise NotImplementedError()
'''


def test_the_chinese_stub_puts_the_chinese_in_place_of_the_english():
    assert make_stub(SOURCE, "zh") == '''"""Scale 层。

它把输入乘以 2。
"""
from workbench.backend import np


class Scale:
    def forward(self, x):
        # y = 2x，保存下来供反向传播使用
        # (no state besides)
        # 在这里写你的代码（YOUR CODE HERE）
        raise NotImplementedError()
'''


def test_a_one_line_docstring_stays_one_line():
    source = '"""English.\n\nzh: 中文。\n"""\nx = 1\n'
    assert make_stub(source, "en") == '"""English."""\nx = 1\n'
    assert make_stub(source, "zh") == '"""中文。"""\nx = 1\n'


def test_a_comment_translates_only_the_block_right_above_it():
    source = "# first\n\n# second\n# zh: 第二\nx = 1\n"
    assert localize(source, "zh") == "# first\n\n# 第二\nx = 1\n"
    assert localize(source, "en") == "# first\n\n# second\nx = 1\n"


@pytest.mark.parametrize("broken", [
    "x = 1\n# zh: 没有英文\n",
    '"""zh: 没有英文。"""\n',
    "    ### BEGIN SOLUTION\n    # zh: 标记不是英文注释\n    ### END SOLUTION\n",
])
def test_chinese_without_english_above_it_is_an_error(broken):
    with pytest.raises(MarkerError):
        make_stub(broken, "zh")


@pytest.mark.parametrize("exercise", CHAPTER_1, ids=lambda ex: ex.id)
def test_chapter_1_has_a_chinese_starting_file(exercise):
    solution = exercise.solution_path.read_text(encoding="utf-8")
    english, chinese = make_stub(solution, "en"), make_stub(solution, "zh")
    assert english == exercise.stub_path.read_text(encoding="utf-8")
    assert "zh:" not in english and not HAN.search(english)
    assert "zh:" not in chinese
    assert HAN.search(ast.get_docstring(ast.parse(chinese))), "the docstring is in Chinese"
    assert chinese.count(MARKER_COMMENT["zh"]) == english.count(MARKER_COMMENT["en"]) > 0
    assert MARKER_COMMENT["en"] + "\n" not in chinese
    # the same code: only comments and the docstring differ
    assert ast.dump(_without_docstring(ast.parse(english))) == ast.dump(_without_docstring(ast.parse(chinese)))


def _without_docstring(module):
    module.body = module.body[1:]
    return module


def test_unknown_languages_are_refused():
    with pytest.raises(ValueError):
        make_stub(SOURCE, "fr")
