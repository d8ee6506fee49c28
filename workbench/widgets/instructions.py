"""The instructions: Markdown whose code and formula blocks fit the pane.

Textual's Markdown draws a fenced block on one line per source line and lets it
run past the right edge (no scrollbar), so the end of `# params = [W], grads = …`
is never seen in a narrow pane; and a block without a language is guessed to be
Python, so the `·` of a formula is drawn as an error token. Here a block is
wrapped to the pane's width, a continuation line indented under its line, and a
block without a language (the formulas and shape tables) is plain text.

Markdown turns the line break inside a paragraph into a space, which Chinese
does not have between its characters: a paragraph of the Chinese instructions
broken after "所有输入的" would read "所有输入的 加权和". Such a break between two
Chinese characters is joined without one.
"""

from __future__ import annotations

import re

from rich._wrap import divide_line
from textual.app import ComposeResult
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Markdown
from textual.widgets._markdown import MarkdownFence

from workbench.cjk import install as install_line_breaking
from workbench.cjk import is_wide

_BLOCK_START = re.compile(r"^\s*(#|[-*+] |\d+[.)] |>|\||```|~~~)")

HANG = 4  # a continuation line starts this much deeper than the line it continues


def _cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def wrap_code(code: Content, width: int, hang: int = HANG, most: float = 0.5) -> Content:
    """`code` with every line longer than `width` cells broken at spaces, its continuations
    indented `hang` cells deeper than the line itself (at most `most` of the width)."""
    if width <= 0:
        return code
    install_line_breaking()  # the breaks of a Chinese comment follow the Chinese rules too
    out: list[Content] = []
    for line in code.split("\n", allow_blank=True):
        plain = line.plain
        if _cells(plain) <= width:
            out.append(line)
            continue
        indent = len(plain) - len(plain.lstrip(" "))
        deeper = min(indent + hang, int(width * most))
        ranges, start, available = [], 0, width  # [start, end) of each printed piece of the line
        while _cells(plain[start:]) > available:
            offsets = divide_line(plain[start:], available, fold=True)
            if not offsets:
                break
            end = start + offsets[0]
            ranges.append((start, end))
            start = end
            while start < len(plain) and plain[start] == " ":  # the spaces at a break are not carried over
                start += 1
            available = width - deeper
        ranges.append((start, len(plain)))
        pieces = line.divide(sorted({p for r in ranges for p in r} - {0, len(plain)}))
        by_start = dict(zip(_starts(pieces), pieces))
        for number, (begin, _end) in enumerate(ranges):
            piece = by_start[begin].rstrip()
            out.append(piece if number == 0 else piece.pad_left(deeper))
    return Content("\n").join(out)


def _starts(pieces: list[Content]) -> list[int]:
    starts, position = [], 0
    for piece in pieces:
        starts.append(position)
        position += len(piece.plain)
    return starts


class Wrapping:
    """One text and wrap_code of it, kept for the last width asked: every layout of the screen asks
    a widget's height, then render asks for the same lines."""

    def __init__(self, text: Content, hang: int = HANG) -> None:
        self.hang = hang
        self.set(text)

    def set(self, text: Content) -> None:
        self.text = text
        self._at: tuple[int, Content] | None = None

    def at(self, width: int) -> Content:
        if self._at is None or self._at[0] != width:
            self._at = (width, wrap_code(self.text, width, self.hang))
        return self._at[1]


class WrappedCode(Widget):
    """A code block's text, wrapped to the widget's width (its height follows)."""

    DEFAULT_CSS = """
    WrappedCode {
        width: 1fr;
        height: auto;
    }
    """

    def __init__(self, code: Content, **kwargs) -> None:
        super().__init__(**kwargs)
        self.wrapping = Wrapping(code)

    @property
    def code(self) -> Content:
        return self.wrapping.text

    def update(self, code: Content) -> None:
        self.wrapping.set(code)
        self.refresh(layout=True)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.wrapping.at(width).plain.split("\n"))

    def render(self) -> Content:
        return self.wrapping.at(self.content_size.width)


class WrappedFence(MarkdownFence):
    """A fenced block that wraps instead of running off the edge; no language: plain text."""

    DEFAULT_CSS = """
    WrappedFence {
        overflow: hidden hidden;
        & > WrappedCode {
            padding: 1 2;
        }
    }
    WrappedFence:ansi > WrappedCode {
        padding: 1 0;
    }
    """

    @classmethod
    def highlight(cls, code: str, language: str, ansi: bool = False, dark: bool = False) -> Content:
        # Textual guesses the language of a block that names none (Python, for formulas); a block
        # without a language is text: `dx = dout · Wᵀ` has no syntax to colour, nor errors
        return super().highlight(code, language or "text", ansi=ansi, dark=dark)

    @property
    def allow_horizontal_scroll(self) -> bool:
        return False

    def set_content(self, content: Content) -> None:
        self._content = content
        for block in self.query(WrappedCode):
            block.update(content)

    def compose(self) -> ComposeResult:
        yield WrappedCode(self._highlighted_code, id="code-content")


def join_chinese_lines(markdown: str) -> str:
    """`markdown` with each line break inside a paragraph that falls between two wide (Chinese)
    characters removed, so it is not drawn as a space; code blocks are left as they are."""
    lines = markdown.split("\n")
    out: list[str] = []
    fenced = False
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            out.append(line)
            continue
        previous = out[-1] if out else ""
        if (not fenced and out and previous.strip() and line.strip() and not _BLOCK_START.match(line)
                and not previous.lstrip().startswith(("```", "~~~", "|", "#")) and not previous.endswith("  ")
                and is_wide(previous.rstrip()[-1]) and is_wide(line.lstrip()[0])):
            out[-1] = previous.rstrip() + line.lstrip()
        else:
            out.append(line)
    return "\n".join(out)


class Instructions(Markdown):
    """The exercise's instructions, with code and formulas wrapped to the pane."""

    BLOCKS = {**Markdown.BLOCKS, "fence": WrappedFence, "code_block": WrappedFence}

    def update(self, markdown: str):
        return super().update(join_chinese_lines(markdown))
