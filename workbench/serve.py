"""`workbench serve`: the same app in a browser, through textual-serve, on localhost.

Each browser tab gets its own `workbench` process on the same workspace.
"""

from __future__ import annotations

import shlex
import sys


def command_for(workspace, lang: str | None = None) -> str:
    """The shell command textual-serve starts for each browser session.

    The language goes along only when `serve` was given one: otherwise every session
    reads the workspace's saved setting, so a switch in one tab is kept for the next.
    """
    parts = [sys.executable, "-m", "workbench.cli", "--workspace", str(workspace.root)]
    if lang:
        parts += ["--lang", lang]
    return " ".join(shlex.quote(part) for part in parts)


def serve(workspace, lang: str | None = None, host: str = "localhost", port: int = 8000) -> int:
    from textual_serve.server import Server

    from workbench import strings

    title = strings.get("app.title", lang or workspace.language())
    server = Server(command_for(workspace, lang), host=host, port=port, title=title)
    server.serve()
    return 0
