"""The Penn Treebank as the book's dataset/ptb.py reads it (Mikolov's ptb.train/valid/test.txt).

Each line is a sentence; every line ends in ``<eos>``; the vocabulary (10,000 words,
rare ones already replaced by ``<unk>``) is numbered in order of first appearance
in the training file, so the ids are the book's.

Where the files come from, first found wins:

1. a folder given by the caller (``--corpus PATH`` of ``workbench demo``),
2. the folder in the environment variable ``DLFS2_PTB_DIR``,
3. the cache ``~/.cache/dlfs2-workbench/ptb`` (``$XDG_CACHE_HOME`` respected),
   filled by a download from the book's source when the network allows (never with
   ``DLFS2_NO_DOWNLOAD=1``).

A file is checked against its SHA-256 where the project knows it. Offline and
without the files, `PtbUnavailable` says in English and Chinese what to do.
"""

from __future__ import annotations

import hashlib
import os
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import numpy

ENV_VAR = "DLFS2_PTB_DIR"
NO_DOWNLOAD_VAR = "DLFS2_NO_DOWNLOAD"  # set (to anything but 0) to never reach the network
URL_BASE = "https://raw.githubusercontent.com/tomsercu/lstm/master/data/"
FILES = {"train": "ptb.train.txt", "valid": "ptb.valid.txt", "test": "ptb.test.txt"}
EOS = "<eos>"
# SHA-256 of the files at URL_BASE. valid and test were computed from copies of those files;
# train's could not be computed where this was written (no copy, no network): until it is
# filled in, a downloaded train file is kept without a check, and the others are checked.
SHA256 = {
    "ptb.train.txt": None,
    "ptb.valid.txt": "c9fe6985fe0d4ccb578183407d7668fc6066c20700cb4cf87d8ff1cc34df1bf2",
    "ptb.test.txt": "dd65dff31e70846b2a6030a87482edcd5d199130cdcfa1f3dccbb033728deee0",
}


class PtbUnavailable(RuntimeError):
    """The files cannot be found nor downloaded. `message(lang)` says what to do."""

    def __init__(self, missing: list[str], searched: list[Path], cache: Path, reason: str):
        self.missing, self.searched, self.cache, self.reason = missing, searched, cache, reason
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        files = ", ".join(self.missing)
        places = "; ".join(str(p) for p in self.searched) or "—"
        if lang == "zh":
            return (f"找不到 PTB 语料（{files}），也无法下载（{self.reason}）。已查找：{places}。\n"
                    f"请任选其一：\n"
                    f"  1. 联网后重试，文件会下载到 {self.cache}；\n"
                    f"  2. 从 {URL_BASE} 下载 ptb.train.txt、ptb.valid.txt、ptb.test.txt，"
                    f"放进一个文件夹，再用 --corpus 文件夹 或环境变量 {ENV_VAR}=文件夹 指明；\n"
                    f"  3. 不用 PTB：--corpus default（离线的内置语料）。")
        return (f"The PTB corpus ({files}) is not here and could not be downloaded ({self.reason}). "
                f"Looked in: {places}.\n"
                f"Do one of these:\n"
                f"  1. connect to the internet and run again: the files go to {self.cache};\n"
                f"  2. download ptb.train.txt, ptb.valid.txt and ptb.test.txt from {URL_BASE} into a folder, "
                f"then name it with --corpus FOLDER or {ENV_VAR}=FOLDER;\n"
                f"  3. go without PTB: --corpus default (the offline corpus that comes with the workbench).")


class ChecksumMismatch(RuntimeError):
    pass


@dataclass
class Ptb:
    """Word ids of each part present, and the vocabulary they share."""

    corpora: dict[str, numpy.ndarray]
    word_to_id: dict[str, int]
    id_to_word: dict[int, str]
    folder: Path
    vocabulary_from: str  # "train", or "valid+test" when the train file is missing
    notes: list[str] = field(default_factory=list)

    @property
    def has_train(self) -> bool:
        return "train" in self.corpora


def downloads_off() -> bool:
    return os.environ.get(NO_DOWNLOAD_VAR, "0").strip() not in ("", "0")


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dlfs2-workbench" / "ptb"


def read_words(path: Path) -> list[str]:
    """The words of a PTB file, `<eos>` after each line (the book: newline → <eos>)."""
    words: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            words.extend(line.split())
            words.append(EOS)
    return words


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(path: Path) -> None:
    """Raise ChecksumMismatch if `path`'s SHA-256 is known and differs."""
    expected = SHA256.get(path.name)
    if expected is not None and sha256(path) != expected:
        raise ChecksumMismatch(f"{path}: SHA-256 differs from the PTB file's ({expected[:12]}…): "
                               f"delete it and download it again")


def _download(name: str, folder: Path, timeout: float) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    partial = folder / (name + ".part")
    with urllib.request.urlopen(URL_BASE + name, timeout=timeout) as response, open(partial, "wb") as out:
        while block := response.read(1 << 16):
            out.write(block)
    expected = SHA256.get(name)
    if expected is not None and sha256(partial) != expected:
        partial.unlink()
        raise ChecksumMismatch(f"{URL_BASE + name}: the download's SHA-256 is not the PTB file's")
    os.replace(partial, target)


def locate(folder: str | Path | None = None, download: bool = True, timeout: float = 20.0) -> Path:
    """The folder holding the PTB files: the one named, $DLFS2_PTB_DIR, or the cache (downloading
    what is missing). Valid and test are required; train is used when present. Raises PtbUnavailable."""
    searched: list[Path] = []
    for candidate in (folder, os.environ.get(ENV_VAR)):
        if candidate:
            candidate = Path(candidate).expanduser()
            searched.append(candidate)
            if all((candidate / FILES[part]).is_file() for part in ("valid", "test")):
                return candidate
    cache = cache_dir()
    searched.append(cache)
    missing = [name for name in FILES.values() if not (cache / name).is_file()]
    if not missing:
        return cache
    reason = "downloads are off"
    if download:
        try:
            for name in missing:
                _download(name, cache, timeout)
            return cache
        except (urllib.error.URLError, OSError, ChecksumMismatch) as err:
            reason = str(getattr(err, "reason", err))
    if all((cache / FILES[part]).is_file() for part in ("valid", "test")):
        return cache  # train could not be had: the demo says it trains on valid
    raise PtbUnavailable(missing, searched, cache, reason)


def load(folder: str | Path | None = None, download: bool = True) -> Ptb:
    """All parts present in the PTB folder (see `locate`), as word ids.

    The vocabulary comes from the train file, in order of first appearance (the book's ids).
    Without it, from valid then test, and `notes` says so.
    """
    where = locate(folder, download=download)
    words = {}
    for part, name in FILES.items():
        path = where / name
        if path.is_file():
            verify(path)
            words[part] = read_words(path)
    notes = []
    vocabulary_from = "train" if "train" in words else "valid+test"
    if "train" not in words:
        notes.append("ptb.train.txt missing: the vocabulary comes from valid and test")
    word_to_id: dict[str, int] = {}
    for part in (["train"] if "train" in words else ["valid", "test"]):
        for word in words[part]:
            word_to_id.setdefault(word, len(word_to_id))
    id_to_word = {i: w for w, i in word_to_id.items()}
    corpora = {part: numpy.array([word_to_id[w] for w in ws], dtype=numpy.int64) for part, ws in words.items()}
    return Ptb(corpora, word_to_id, id_to_word, where, vocabulary_from, notes)


def load_data(data_type: str = "train", folder: str | Path | None = None):
    """The book's interface: (corpus, word_to_id, id_to_word) of 'train', 'valid' ('val') or 'test'."""
    part = "valid" if data_type == "val" else data_type
    ptb = load(folder)
    if part not in ptb.corpora:
        raise PtbUnavailable([FILES[part]], [ptb.folder], cache_dir(), "not in the folder")
    return ptb.corpora[part], ptb.word_to_id, ptb.id_to_word
