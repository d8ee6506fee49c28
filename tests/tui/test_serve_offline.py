"""`workbench serve` asks nothing of the internet, and brings its own fonts for Chinese and symbols.

No browser needed here (tests/tui/test_serve_browser.py drives Chromium): the page
and the font route are read over HTTP from the real `workbench serve`.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from workbench import serve

from .test_serve_browser import free_port, stop_group, wait_http

TTF_MAGIC = (b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf")


def tiny_cjk_font(path: Path) -> Path:
    """A font with one glyph, for 中: enough for a browser to load it as the Chinese face."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    pen = TTGlyphPen(None)
    pen.moveTo((100, 0))
    pen.lineTo((100, 800))
    pen.lineTo((900, 800))
    pen.lineTo((900, 0))
    pen.closePath()
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "zhong"])
    builder.setupCharacterMap({ord("中"): "zhong"})
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "zhong": pen.glyph()})
    builder.setupHorizontalMetrics({".notdef": (1000, 0), "zhong": (1000, 100)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "DLFS2 Test CJK", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(str(path))
    return path


def external_urls(html: str) -> list[str]:
    """Every absolute http(s) URL the page would load, other than this server's own."""
    urls = re.findall(r"""(?:href|src)\s*=\s*["'](https?://[^"']+)""", html)
    urls += re.findall(r"""url\(\s*["']?(https?://[^"')]+)""", html)
    urls += re.findall(r"""@import\s+["'](https?://[^"']+)""", html)
    return [u for u in urls if not re.match(r"https?://(127\.0\.0\.1|localhost)(:\d+)?/", u)]


def test_the_page_template_has_no_web_fonts_and_local_fallbacks(tmp_path):
    fonts = {"cjk": tiny_cjk_font(tmp_path / "cjk.ttf"), **serve.symbol_fonts()}
    page = (serve.offline_page(fonts, tmp_path / "templates") / "app_index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in page and not external_urls(page)
    faces = re.findall(r"@font-face \{[^}]*\}", page)
    assert all('font-family: "Roboto Mono"' in face for face in faces)  # the family xterm.js asks for
    cjk = next(face for face in faces if "U+4E00-9FFF" in face)
    assert 'local("Noto Sans CJK SC")' in cjk and f'url("{serve.FONT_ROUTE}/cjk")' in cjk
    # DejaVu Sans and DejaVu Sans Mono (from matplotlib), for the upright and the italic face
    assert sum(f"{serve.FONT_ROUTE}/symbols" in face for face in faces) == 2 * 2
    assert "{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf" in page  # textual-serve's own copy


def test_matplotlib_brings_the_symbol_fonts():
    from fontTools.ttLib import TTFont

    fonts = serve.symbol_fonts()
    assert set(fonts) == {"symbols", "symbols-mono"}
    covered = set()
    for path in fonts.values():
        covered |= set(TTFont(str(path), lazy=True).getBestCmap())
    assert all(ord(c) in covered for c in "✔✘⟳▰▱∇ᵀ⊙…·"), "a symbol the app draws has no glyph in any served font"


def test_a_named_cjk_font_is_found_first(tmp_path, monkeypatch):
    monkeypatch.setenv("DLFS2_CJK_FONT", str(tiny_cjk_font(tmp_path / "mine.ttf")))
    assert serve.find_cjk_font() == tmp_path / "mine.ttf"
    monkeypatch.setenv("DLFS2_CJK_FONT", str(tmp_path / "missing.ttf"))
    assert serve.find_cjk_font() != tmp_path / "missing.ttf"


@pytest.fixture
def served(tmp_path, workspace):
    """The real `workbench serve`, with a Chinese font of its own to hand out."""
    port = free_port()
    env_font = tiny_cjk_font(tmp_path / "cjk.ttf")
    env = {**os.environ, "DLFS2_CJK_FONT": str(env_font)}
    server = subprocess.Popen(
        [sys.executable, "-m", "workbench.cli", "--workspace", str(workspace.root), "--lang", "en",
         "serve", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, env=env)
    try:
        yield f"http://127.0.0.1:{port}", env_font
    finally:
        stop_group(server)


def get(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as err:
        return err.code, b"", ""


def test_serve_hands_out_its_page_and_fonts_without_the_internet(served):
    base, cjk = served
    html = wait_http(base + "/")
    assert "textual-terminal" in html and "fonts.googleapis.com" not in html
    assert not external_urls(html), external_urls(html)
    for name in ("symbols", "symbols-mono", "cjk"):
        assert f"{serve.FONT_ROUTE}/{name}" in html
        status, body, kind = get(f"{base}{serve.FONT_ROUTE}/{name}")
        assert status == 200 and body[:4] in TTF_MAGIC and kind.startswith("font/"), (name, status, kind)
    assert get(f"{base}{serve.FONT_ROUTE}/cjk")[1] == cjk.read_bytes()
    status, body, _ = get(base + "/static/fonts/RobotoMono-VariableFont_wght.ttf")
    assert status == 200 and body[:4] in TTF_MAGIC
    for name in ("nothing", "..%2F..%2Fetc%2Fpasswd"):
        assert get(f"{base}{serve.FONT_ROUTE}/{name}")[0] == 404
