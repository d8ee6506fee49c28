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


def tiny_collection(path: Path, names: tuple[str, ...]) -> Path:
    """A font collection (.ttc) of tiny Chinese fonts, one face per name."""
    from fontTools.ttLib import TTCollection, TTFont

    collection = TTCollection()
    for k, name in enumerate(names):
        face = tiny_cjk_font(path.parent / f"face{k}.ttf")
        font = TTFont(str(face))
        font["name"].setName(name, 4, 3, 1, 0x409)  # the full name, as fontconfig and browsers read it
        collection.fonts.append(font)
    collection.save(str(path))
    return path


def test_a_font_collection_is_handed_out_as_its_monospaced_face(tmp_path):
    from fontTools.ttLib import TTFont

    collection = tiny_collection(tmp_path / "cjk.ttc", ("Test Hei", "Test Hei Mono"))
    face = serve.single_face(collection, tmp_path / "faces")
    assert face.suffix == ".ttf" and face.read_bytes()[:4] == b"\x00\x01\x00\x00"  # one font, not a collection
    font = TTFont(str(face))
    assert font["name"].getDebugName(4) == "Test Hei Mono" and 0x4E2D in font.getBestCmap()
    assert serve.single_face(collection, tmp_path / "faces") == face  # taken out once
    plain = tiny_cjk_font(tmp_path / "plain.ttf")
    assert serve.single_face(plain, tmp_path / "faces") == plain
    only = tiny_collection(tmp_path / "one.ttc", ("Test Sans",))
    assert TTFont(str(serve.single_face(only, tmp_path / "faces")))["name"].getDebugName(4) == "Test Sans"


def test_the_workbench_brings_its_own_chinese_font(tmp_path, monkeypatch):
    """A fresh machine: no font named, fontconfig and the usual folders without Chinese."""
    from fontTools.ttLib import TTFont

    from workbench import fonts

    packaged = fonts.packaged_cjk_font()
    assert packaged is not None and packaged.is_file(), "the dependency paperang-p2-fonts-cjk is not installed"
    monkeypatch.delenv("DLFS2_CJK_FONT", raising=False)
    monkeypatch.setattr(serve, "CJK_FILES", ())
    monkeypatch.setattr(serve.shutil, "which", lambda name: None)
    assert serve.find_cjk_font() == packaged
    face = serve.served_fonts(tmp_path)["cjk"]
    font = TTFont(str(face))
    assert font["name"].getDebugName(4) == "WenQuanYi Micro Hei Mono"
    # every character the app draws in Chinese: its whole text store
    from autograder.messages import TEMPLATES

    wide = {ord(ch) for text in TEMPLATES.values() for ch in text.get("zh", "") if 0x4E00 <= ord(ch) <= 0x9FFF}
    missing = wide - set(font.getBestCmap())
    assert wide and not missing, "".join(chr(c) for c in sorted(missing))


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


def fresh_machine(tmp_path: Path) -> dict:
    """The environment of a machine without a Chinese font, for `workbench serve` and for Chromium:
    no font named, fontconfig knowing DejaVu only, the usual font files hidden from the server."""
    env = {k: v for k, v in os.environ.items() if k != "DLFS2_CJK_FONT"}
    env["FONTCONFIG_FILE"] = str(fontconfig_without_chinese(tmp_path / "fontconfig"))
    hide = tmp_path / "hide"
    hide.mkdir(exist_ok=True)
    # sitecustomize runs in the child before `workbench serve` looks for fonts
    (hide / "sitecustomize.py").write_text("import workbench.serve\nworkbench.serve.CJK_FILES = ()\n")
    env["PYTHONPATH"] = os.pathsep.join([str(hide), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def test_serve_on_a_fresh_machine_says_nothing_of_fonts_and_hands_out_its_own(tmp_path, workspace):
    """No font named, no Chinese font on the machine: the packaged one is served, as a TTF, silently."""
    port = free_port()
    env = fresh_machine(tmp_path)
    server = subprocess.Popen(
        [sys.executable, "-m", "workbench.cli", "--workspace", str(workspace.root), "--lang", "zh",
         "serve", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True, env=env)
    try:
        html = wait_http(f"http://127.0.0.1:{port}/")
        assert f"{serve.FONT_ROUTE}/cjk" in html
        status, body, kind = get(f"http://127.0.0.1:{port}{serve.FONT_ROUTE}/cjk")
        assert status == 200 and body[:4] == b"\x00\x01\x00\x00" and kind == "font/ttf"
        assert b"WenQuanYi Micro Hei Mono" in body.replace(b"\x00", b"")
    finally:
        stop_group(server)
        warned = server.stderr.read().decode("utf-8", "replace")
        server.stderr.close()
    assert "中文字体" not in warned and "Chinese font" not in warned, warned


def fontconfig_without_chinese(folder: Path) -> Path:
    """A fontconfig setup that knows DejaVu Sans only (matplotlib's copy): a machine without Chinese."""
    from workbench.serve import symbol_fonts

    fonts = folder / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    for path in symbol_fonts().values():
        (fonts / path.name).write_bytes(path.read_bytes())
    conf = folder / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>{fonts}</dir><cachedir>{folder / "cache"}</cachedir></fontconfig>
""", encoding="utf-8")
    return conf


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
