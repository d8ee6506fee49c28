"""`workbench serve` in headless Chromium: the page loads the app, and the app answers a key.

Chromium is driven over its DevTools protocol (a websocket, with aiohttp, which
textual-serve already needs). What the app draws reaches the page as binary
websocket frames of terminal output; the test reads those frames, so it sees
the very text the browser's terminal shows.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs it: .ci/run)")

ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[PX^_].*?\x1b\\|\x1b\].*?(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode("utf-8", "replace")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def stop_group(proc: subprocess.Popen) -> None:
    """End a process this test started in its own session, with everything it started."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=5)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=5)


class DevTools:
    """The smallest DevTools-protocol client: commands, and the terminal text of the page."""

    def __init__(self, ws):
        self.ws = ws
        self.next_id = 0
        self.pending: dict[int, asyncio.Future] = {}
        self.screen_bytes = bytearray()
        self.requested: list[str] = []  # every URL the page asked for
        self.reader = asyncio.ensure_future(self._read())

    async def _read(self):
        async for message in self.ws:
            data = json.loads(message.data)
            if "id" in data and data["id"] in self.pending:
                self.pending.pop(data["id"]).set_result(data)
            elif data.get("method") == "Network.requestWillBeSent":
                self.requested.append(data["params"]["request"]["url"])
            elif data.get("method") == "Network.webSocketFrameReceived":
                frame = data["params"]["response"]
                if frame.get("opcode") == 2:  # binary: terminal output of the app
                    self.screen_bytes += base64.b64decode(frame["payloadData"])

    async def send(self, method: str, **params) -> dict:
        self.next_id += 1
        future = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = future
        await self.ws.send_json({"id": self.next_id, "method": method, "params": params})
        reply = await asyncio.wait_for(future, 20)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    async def evaluate(self, expression: str):
        reply = await self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        return reply.get("result", {}).get("value")

    def text(self) -> str:
        return ANSI.sub("", self.screen_bytes.decode("utf-8", "replace"))

    async def wait_for(self, predicate, timeout: float = 20.0, what: str = "") -> None:
        deadline = time.monotonic() + timeout
        while not await predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; the page showed:\n{self.text()[-3000:]}")
            await asyncio.sleep(0.1)


FONT_FACES = """document.fonts.load('16px "Roboto Mono"', '中✔⟳').then(
    faces => faces.map(face => face.status + ' ' + face.unicodeRange))"""


async def drive(page_url: str, devtools_port: int, settings: Path, shot: Path) -> tuple[str, list[str], list[str]]:
    import aiohttp

    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{devtools_port}/json/list") as response:
            targets = await response.json(content_type=None)
        page = next(t for t in targets if t.get("type") == "page")
        async with session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            cdp = DevTools(ws)
            await cdp.send("Network.enable")
            await cdp.send("Page.enable")
            await cdp.send("Page.navigate", url=page_url)

            async def app_drawn():
                return "Chapter 1" in cdp.text() and "affine" in cdp.text()

            await cdp.wait_for(app_drawn, what="the home screen")
            assert await cdp.evaluate("document.body.classList.contains('-first-byte')")
            assert await cdp.evaluate("!!document.querySelector('.xterm-helper-textarea')")
            await cdp.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
            before = len(cdp.screen_bytes)
            for kind in ("keyDown", "keyUp"):  # ctrl+l: switch the language
                await cdp.send("Input.dispatchKeyEvent", type=kind, modifiers=2, key="l", code="KeyL",
                               windowsVirtualKeyCode=76, nativeVirtualKeyCode=76)

            async def switched():
                drawn = cdp.screen_bytes[before:].decode("utf-8", "replace")
                return "第 1 章" in drawn and "继续" in drawn

            await cdp.wait_for(switched, what="the app to answer ctrl+l")
            await cdp.wait_for(lambda: _saved_lang(settings), what="the language setting")
            faces = await cdp.evaluate(FONT_FACES)  # the Chinese and symbol faces the page names, loaded
            png = await cdp.send("Page.captureScreenshot", format="png")
            shot.write_bytes(base64.b64decode(png["data"]))
            cdp.reader.cancel()
            return cdp.text(), cdp.requested, faces


async def _saved_lang(settings: Path) -> bool:
    try:
        return json.loads(settings.read_text())["lang"] == "zh"
    except (OSError, ValueError, KeyError):
        return False


def test_serve_in_headless_chromium(tmp_path, workspace):
    from .test_serve_offline import fontconfig_without_chinese, tiny_cjk_font

    port = free_port()
    # a machine whose browser has no Chinese font: the server hands out the one it has
    env = {**os.environ, "DLFS2_CJK_FONT": str(tiny_cjk_font(tmp_path / "cjk.ttf"))}
    server = subprocess.Popen(
        [sys.executable, "-m", "workbench.cli", "--workspace", str(workspace.root), "--lang", "en",
         "serve", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, env=env)
    browser = None
    try:
        html = wait_http(f"http://127.0.0.1:{port}/")
        assert "textual-terminal" in html and "ws://127.0.0.1" in html
        profile = tmp_path / "chromium-profile"
        browser = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--remote-debugging-port=0", "--window-size=1280,800",
             "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            # a browser without a Chinese font of its own, whatever this machine has installed
            env={**os.environ, "FONTCONFIG_FILE": str(fontconfig_without_chinese(tmp_path / "fontconfig"))})
        active = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (active.is_file() and active.read_text().strip()):
            assert time.monotonic() < deadline, "chromium did not open its DevTools port"
            assert browser.poll() is None, "chromium exited"
            time.sleep(0.1)
        devtools_port = int(active.read_text().split()[0])
        shot = tmp_path / "serve.png"
        text, requested, faces = asyncio.run(asyncio.wait_for(
            drive(f"http://127.0.0.1:{port}/", devtools_port, workspace.state_dir / "settings.json", shot), 90))
        assert "Overall" in text and "总进度" in text
        # offline: nothing but this server (textual-serve's page asked Google Fonts for Roboto Mono)
        local = re.compile(rf"^(https?|wss?)://127\.0\.0\.1:{port}/|^data:|^blob:")
        assert requested and all(local.match(url) for url in requested), [u for u in requested if not local.match(u)]
        assert any("/workbench-fonts/cjk" in url for url in requested)
        assert any(face.startswith("loaded") and "U+4E00-9FFF" in face.upper() for face in faces), faces
        assert any(face.startswith("loaded") and "U+2460-27BF" in face.upper() for face in faces), faces
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        if os.environ.get("DLFS2_CAPTURE_DIR"):
            shutil.copy(shot, Path(os.environ["DLFS2_CAPTURE_DIR"]) / "serve.png")
    finally:
        if browser is not None:
            stop_group(browser)
        stop_group(server)


PLATFORM_FONTS = """(() => {
    for (const [id, family] of [['zh-terminal', '"Roboto Mono"'], ['zh-plain', 'serif']]) {
        const span = document.createElement('span');
        span.id = id; span.textContent = '计算图的节点'; span.style.fontFamily = family;
        document.body.appendChild(span);
    }
    return document.fonts.ready.then(() => true);
})()"""


async def platform_fonts(cdp: DevTools, selector: str) -> list[str]:
    """The fonts Chromium draws the text of `selector` with (family names)."""
    root = await cdp.send("DOM.getDocument")
    node = await cdp.send("DOM.querySelector", nodeId=root["root"]["nodeId"], selector=selector)
    fonts = await cdp.send("CSS.getPlatformFontsForNode", nodeId=node["nodeId"])
    return [f"{font['familyName']} ({font['glyphCount']})" for font in fonts["fonts"]]


async def drive_chinese(page_url: str, devtools_port: int, shot: Path):
    import aiohttp

    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{devtools_port}/json/list") as response:
            targets = await response.json(content_type=None)
        page = next(t for t in targets if t.get("type") == "page")
        async with session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            cdp = DevTools(ws)
            for domain in ("Network", "Page", "DOM", "CSS"):
                await cdp.send(f"{domain}.enable")
            await cdp.send("Page.navigate", url=page_url)

            async def home_in_chinese():
                return "第 1 章" in cdp.text() and "总进度" in cdp.text()

            await cdp.wait_for(home_in_chinese, what="the home screen in Chinese")
            faces = await cdp.evaluate(FONT_FACES)
            assert await cdp.evaluate(PLATFORM_FONTS)
            terminal = await platform_fonts(cdp, "#zh-terminal")
            plain = await platform_fonts(cdp, "#zh-plain")
            await cdp.evaluate("document.querySelectorAll('#zh-terminal, #zh-plain').forEach(e => e.remove())")
            await asyncio.sleep(1)  # the terminal's canvas redrawn with the font just loaded
            png = await cdp.send("Page.captureScreenshot", format="png")
            shot.write_bytes(base64.b64decode(png["data"]))
            cdp.reader.cancel()
            return cdp.requested, faces, terminal, plain


def test_a_chinese_screen_in_a_browser_on_a_machine_without_a_chinese_font(tmp_path, workspace):
    """Neither the browser nor the server's machine has a Chinese font: the workbench's own
    (WenQuanYi Micro Hei Mono, a dependency) is handed out and draws the Chinese screen."""
    from .test_serve_offline import fresh_machine

    port = free_port()
    env = fresh_machine(tmp_path)
    server = subprocess.Popen(
        [sys.executable, "-m", "workbench.cli", "--workspace", str(workspace.root), "--lang", "zh",
         "serve", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, env=env)
    browser = None
    try:
        wait_http(f"http://127.0.0.1:{port}/")
        profile = tmp_path / "chromium-profile"
        browser = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--remote-debugging-port=0", "--window-size=1280,800",
             "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            env={**os.environ, "FONTCONFIG_FILE": env["FONTCONFIG_FILE"]})
        active = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (active.is_file() and active.read_text().strip()):
            assert time.monotonic() < deadline, "chromium did not open its DevTools port"
            assert browser.poll() is None, "chromium exited"
            time.sleep(0.1)
        shot = tmp_path / "serve-zh.png"
        requested, faces, terminal, plain = asyncio.run(asyncio.wait_for(
            drive_chinese(f"http://127.0.0.1:{port}/", int(active.read_text().split()[0]), shot), 90))
        # the browser has no Chinese of its own: text in another family finds none
        assert not any("WenQuanYi" in font or "CJK" in font for font in plain), plain
        # the terminal's family draws it with the font the server handed out
        assert any("/workbench-fonts/cjk" in url for url in requested)
        assert any(face.startswith("loaded") and "U+4E00-9FFF" in face.upper() for face in faces), faces
        assert any(font.startswith("WenQuanYi Micro Hei Mono (6)") for font in terminal), terminal
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        if os.environ.get("DLFS2_CAPTURE_DIR"):
            shutil.copy(shot, Path(os.environ["DLFS2_CAPTURE_DIR"]) / "serve-zh.png")
    finally:
        if browser is not None:
            stop_group(browser)
        stop_group(server)
