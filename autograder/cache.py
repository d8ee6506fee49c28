"""Values a program would otherwise compute again at every start, kept in the user's cache folder.

``$XDG_CACHE_HOME/dlfs2-workbench/<kind>/`` (``~/.cache/...`` without it), one JSON file per key;
the key is a digest of everything the value is computed from (the files' bytes), so a changed
input is a new key, never a stale value. Parsing the catalog and the text store with tomllib took
more time than Python's own start: `autograder grade` reads what they hold from here.

JSON, not pickle: reading a cache can never run code, whoever wrote the file. A folder that
cannot be read or written only means computing again, never an error.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

KEEP = 8  # values of one kind kept (a newer key replaces the oldest: edits of the catalog, branches)


def folder(kind: str) -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dlfs2-workbench" / kind


def digest(*parts: bytes) -> str:
    """A key for a value computed from these bytes (hashlib's sha256)."""
    import hashlib

    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(len(part).to_bytes(8, "little") + part)
    return hashed.hexdigest()[:32]


def remembered(kind: str, key: str, compute):
    """compute() (plain values: dicts, lists, strings, numbers), or what it returned for this key before."""
    path = folder(kind) / f"{key}.json"
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):  # missing, unreadable, cut short: computed again
        pass
    value = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = path.with_name(f".{key}.{os.getpid()}.tmp")
        with open(staging, "w", encoding="utf-8") as fh:
            json.dump(value, fh, ensure_ascii=False)
        os.replace(staging, path)  # atomic: a reader sees the whole value or none
        _prune(path.parent)
    except (OSError, TypeError, ValueError):  # no writable cache: computed again next time
        pass
    return value


def forget(kind: str, key: str) -> None:
    """Drop what was kept for this key (it no longer holds: computed again by the next remembered)."""
    try:
        (folder(kind) / f"{key}.json").unlink()
    except OSError:
        pass


def _prune(where: Path) -> None:
    values = sorted(where.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in values[KEEP:]:
        try:
            old.unlink()
        except OSError:
            pass
