"""The workbench's own words (labels, command output), in English and Simplified Chinese.

Grading messages live in autograder.messages; these are the words around them.
"""

DESCRIPTION = (
    "A live-graded workbench for Deep Learning from Scratch 2 (NLP) / "
    "《深度学习进阶：自然语言处理》的实时评分练习台"
)

STRINGS: dict[str, dict[str, str]] = {
    "init.done": {
        "en": "Workspace ready at {path} ({count} new starting files). Open it with:  cd {path} && workbench",
        "zh": "工作区已创建：{path}（新建 {count} 个起始文件）。打开方式：cd {path} && workbench",
    },
    "workspace.none": {
        "en": "No workspace here. Make one with `workbench init DIR`, or pass --workspace DIR.",
        "zh": "这里没有工作区。请用 `workbench init DIR` 创建一个，或使用 --workspace DIR 指定。",
    },
    "reset.done": {
        "en": "Restored the starting file {path}. Your previous version is saved as {backup}",
        "zh": "已恢复起始文件 {path}。你之前的版本保存在 {backup}",
    },
    "hint.none": {"en": "This exercise has no hints.", "zh": "这个练习没有提示。"},
    "hint.line": {"en": "Hint {number}/{total}: {text}", "zh": "提示 {number}/{total}：{text}"},
    "hint.last": {"en": "(that was the last hint)", "zh": "（这是最后一条提示）"},
    "status.not_started": {"en": "not started", "zh": "未开始"},
    "status.not_implemented": {"en": "not started", "zh": "未开始"},
    "status.failed": {"en": "failing", "zh": "未通过"},
    "status.passed": {"en": "passing", "zh": "已通过"},
}


def get(key: str, lang: str = "en", **fields) -> str:
    entry = STRINGS[key]
    return (entry.get(lang) or entry["en"]).format(**fields)
