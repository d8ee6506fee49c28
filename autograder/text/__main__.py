"""Put texts written as Python into the store: ``python -m autograder.text absorb FILE``.

FILE is Python holding ``{"key": {"en": "...", "zh": "..."}, ...}``: a whole module that defines
such a dict (messages.py's old ``TEMPLATES``, workbench/strings.py's old ``STRINGS``) or just the
entries (``-`` reads them from stdin). A key new to the store is appended to every language's file,
under the ``# --`` section comment it had in FILE; a key whose text differs is changed in place.
``--prefix app.`` stores the keys with a namespace (STRINGS gets ``app.`` by itself).
``--base OLD`` takes only what FILE adds or changes against OLD (the same file at the merge base),
so merging a branch that still wrote messages.py's TEMPLATES keeps main's newer texts:

    git show $(git merge-base main BRANCH):autograder/messages.py > /tmp/base.py
    git show BRANCH:autograder/messages.py > /tmp/theirs.py
    python -m autograder.text absorb /tmp/theirs.py --base /tmp/base.py

``python -m autograder.text check`` says whether every language has the same keys and fields.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys

from autograder.text import LANGS, fields, load, path

_SECTION = re.compile(r"^\s*#\s*--\s*(.*?)\s*-*\s*$")
_PREFIXES = {"STRINGS": "app."}


def quote(text: str) -> str:
    """A TOML basic string (one line: newlines as \\n)."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def line(key: str, template: str) -> str:
    return f"{quote(key)} = {quote(template)}"


def section_comment(title: str) -> str:
    head = f"# -- {title} "
    return head + "-" * max(3, 100 - len(head))


def read_entries(source: str) -> tuple[str, dict[str, dict[str, str]], dict[str, str]]:
    """(prefix, {key: {lang: text}}, {key: the section comment that starts before it})."""
    try:
        tree = ast.parse(source)
        lines = source.splitlines()
    except SyntaxError:
        tree = None
    node, prefix = None, ""
    for stmt in (tree.body if tree else ()):
        target = stmt.targets[0] if isinstance(stmt, ast.Assign) else getattr(stmt, "target", None)
        value = getattr(stmt, "value", None)
        if isinstance(target, ast.Name) and isinstance(value, ast.Dict) and _is_texts(value):
            node, prefix = value, _PREFIXES.get(target.id, "")
            break
    if node is None:  # bare entries
        wrapped = "{\n" + source + "\n}"
        node = ast.parse(wrapped, mode="eval").body
        lines = wrapped.splitlines()
    entries = ast.literal_eval(node)
    sections, previous = {}, node.lineno
    for key_node, value_node in zip(node.keys, node.values):
        for text in lines[previous:key_node.lineno - 1]:  # the lines between the last entry and this one
            match = _SECTION.match(text)
            if match and match.group(1):
                sections[key_node.value] = match.group(1)
        previous = value_node.end_lineno
    return prefix, entries, sections


def _is_texts(node: ast.Dict) -> bool:
    return bool(node.values) and all(
        isinstance(v, ast.Dict) and any(isinstance(k, ast.Constant) and k.value == "en" for k in v.keys)
        for v in node.values)


def absorb(entries: dict, sections: dict, prefix: str = "", out=None) -> tuple[list, list]:
    """Append the new keys to every language's file and change the ones whose text differs."""
    stored = {lang: load(lang) for lang in LANGS}
    for key, entry in entries.items():
        missing = [lang for lang in LANGS if not entry.get(lang)]
        if missing:
            raise SystemExit(f"{key}: no text in {', '.join(missing)}")
        if len({frozenset(fields(entry[lang])) for lang in LANGS}) != 1:
            raise SystemExit(f"{key}: the languages format different fields: "
                             + "; ".join(f"{lang} {sorted(fields(entry[lang]))}" for lang in LANGS))
    added = [key for key in entries if prefix + key not in stored["en"]]
    changed = [key for key in entries if prefix + key in stored["en"]
               and any(stored[lang].get(prefix + key) != entries[key][lang] for lang in LANGS)]
    for lang in LANGS:
        text = path(lang).read_text(encoding="utf-8")
        file_lines = text.splitlines()
        for key in changed:
            start = quote(prefix + key) + " = "
            index = next(i for i, l in enumerate(file_lines) if l.startswith(start))
            file_lines[index] = line(prefix + key, entries[key][lang])
        for key in added:
            if key in sections:
                file_lines += ["", section_comment(sections[key])]
            file_lines.append(line(prefix + key, entries[key][lang]))
        path(lang).write_text("\n".join(file_lines) + "\n", encoding="utf-8")
    out = out or sys.stdout
    for key in added:
        print(f"added   {prefix + key}", file=out)
    for key in changed:
        print(f"changed {prefix + key}", file=out)
    return added, changed


def problems() -> list[str]:
    """What differs between the languages: keys one lacks, or fields a key formats differently."""
    texts = {lang: load(lang) for lang in LANGS}
    found = []
    for lang in LANGS[1:]:
        for key in texts[LANGS[0]].keys() - texts[lang].keys():
            found.append(f"{key}: not in {lang}.toml")
        for key in texts[lang].keys() - texts[LANGS[0]].keys():
            found.append(f"{key}: only in {lang}.toml")
    for key in texts[LANGS[0]]:
        seen = {lang: fields(texts[lang][key]) for lang in LANGS if key in texts[lang]}
        if len({frozenset(f) for f in seen.values()}) > 1:
            found.append(f"{key}: fields differ: " + "; ".join(f"{lang} {sorted(f)}" for lang, f in seen.items()))
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder.text", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    take = commands.add_parser("absorb", help="append the texts of a Python dict {key: {en, zh}} to the store")
    take.add_argument("file", help="a Python file, or - for entries on stdin")
    take.add_argument("--prefix", help="namespace for the keys (default: app. for STRINGS, none otherwise)")
    take.add_argument("--base", help="the same file before FILE's changes: only what FILE adds or changes is taken")
    commands.add_parser("check", help="every language has the same keys and fields")
    args = parser.parse_args(argv)
    if args.command == "check":
        found = problems()
        print("\n".join(found) or f"{', '.join(LANGS)}: the same keys and fields")
        return 1 if found else 0
    source = sys.stdin.read() if args.file == "-" else open(args.file, encoding="utf-8").read()
    prefix, entries, sections = read_entries(source)
    if args.base:
        _, before, _ = read_entries(open(args.base, encoding="utf-8").read())
        entries = {key: entry for key, entry in entries.items() if before.get(key) != entry}
    absorb(entries, sections, args.prefix if args.prefix is not None else prefix)
    return 0


if __name__ == "__main__":
    sys.exit(main())
