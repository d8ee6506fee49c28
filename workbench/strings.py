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
    "workspace.adopted": {
        "en": "Your work in exercises/ ({count} files, with progress and backups) was copied to {path}, the workspace "
              "from now on (git ignores it). exercises/ is left as it was: `git checkout exercises/` tidies it up.",
        "zh": "你在 exercises/ 中的成果（{count} 个文件，以及进度和备份）已复制到 {path}，今后使用这个工作区"
              "（git 会忽略它）。exercises/ 保持原样：用 `git checkout exercises/` 即可将其还原。",
    },
    "reset.done": {
        "en": "Restored the starting file {path}. Your previous version is saved as {backup}",
        "zh": "已恢复起始文件 {path}。你之前的版本保存在 {backup}",
    },
    "check.summary": {
        "en": "{total} exercises: {passed} passing, {failed} failing, {not_started} not started",
        "zh": "共 {total} 个练习：{passed} 个已通过，{failed} 个未通过，{not_started} 个未开始",
    },
    "test.no_pytest": {
        "en": "pytest is not installed in this Python ({python}): install it with `{python} -m pip install pytest`.",
        "zh": "这个 Python（{python}）中没有安装 pytest：请用 `{python} -m pip install pytest` 安装。",
    },
    "serve.no_cjk_font": {
        "en": "No Chinese font was found on this machine: browsers without one of their own will show 中文 as boxes "
              "(install one, e.g. fonts-noto-cjk). Everything else works offline.",
        "zh": "这台机器上没有找到中文字体：本身没有中文字体的浏览器会把中文显示成方框"
              "（请安装一个，例如 fonts-noto-cjk）。其余功能均可离线使用。",
    },
    "pytest.header": {"en": "workbench: grading the files of the workspace {path}",
                      "zh": "workbench：为工作区 {path} 中的文件评分"},
    "pytest.not_started": {"en": "{id} not started ({file} is the starting file)",
                           "zh": "{id} 尚未开始（{file} 还是起始文件）"},
    "hint.none": {"en": "This exercise has no hints.", "zh": "这个练习没有提示。"},
    "hint.line": {"en": "Hint {number}/{total}: {text}", "zh": "提示 {number}/{total}：{text}"},
    "hint.last": {"en": "(that was the last hint)", "zh": "（这是最后一条提示）"},
    "status.not_started": {"en": "not started", "zh": "未开始"},
    "status.not_implemented": {"en": "not started", "zh": "未开始"},
    "status.failed": {"en": "failing", "zh": "未通过"},
    "status.passed": {"en": "passing", "zh": "已通过"},
    # -- the Textual app (workbench/app.py, screens/, widgets/) ---------------------------
    "app.title": {"en": "DLFS2 Workbench", "zh": "深度学习进阶 练习台"},
    "chapter.1": {"en": "Neural networks review", "zh": "神经网络的复习"},
    "chapter.2": {"en": "Natural language and word representations", "zh": "自然语言和单词的分布式表示"},
    "chapter.3": {"en": "word2vec", "zh": "word2vec"},
    "chapter.4": {"en": "Speeding up word2vec", "zh": "word2vec 的高速化"},
    "chapter.5": {"en": "Recurrent neural networks (RNN)", "zh": "循环神经网络（RNN）"},
    "chapter.6": {"en": "Gated RNN", "zh": "Gated RNN"},
    "chapter.7": {"en": "Generating text with RNNs", "zh": "基于 RNN 生成文本"},
    "chapter.8": {"en": "Attention", "zh": "Attention"},
    "chapter.other": {"en": "Chapter {n}", "zh": "第 {n} 章"},
    "home.exercises": {"en": "Exercises", "zh": "练习"},
    "home.chapter": {"en": "Chapter {n} · {name}", "zh": "第 {n} 章 · {name}"},
    "home.chapter_progress": {"en": "{passed}/{total} passing", "zh": "已通过 {passed}/{total}"},
    "home.overall": {"en": "Overall: {passed} of {total} exercises passing ({percent}%)",
                     "zh": "总进度：{total} 个练习中已通过 {passed} 个（{percent}%）"},
    "home.continue": {"en": "Continue where you left off: {title} ({id}) — press c",
                      "zh": "从上次停下的地方继续：{title}（{id}）——按 c"},
    "home.all_done": {"en": "Every exercise passes. Well done! Press c to revisit the last one.",
                      "zh": "所有练习都已通过，干得好！按 c 回到最后一个练习。"},
    "home.details": {"en": "Details", "zh": "详情"},
    "home.status": {"en": "Status", "zh": "状态"},
    "home.score": {"en": "Score", "zh": "得分"},
    "home.checks": {"en": "Checks passed", "zh": "通过的检查"},
    "home.file": {"en": "Your file", "zh": "你的文件"},
    "home.hints": {"en": "Hints seen", "zh": "已看提示"},
    "home.depends": {"en": "Builds on", "zh": "前置练习"},
    "home.open": {"en": "Press Enter to open it.", "zh": "按 Enter 打开。"},
    "home.welcome": {
        "en": "Implement each layer of the book in numpy; your file is graded every time you save it.",
        "zh": "用 numpy 实现书中的每一层；每次保存文件都会自动评分。",
    },
    "home.rebuilding": {"en": "Rebuilding progress: grading {count} edited file(s)…",
                        "zh": "正在重建进度：为 {count} 个已修改的文件评分……"},
    "bind.quit": {"en": "Quit", "zh": "退出"},
    "bind.help": {"en": "Help", "zh": "帮助"},
    "bind.lang": {"en": "中文", "zh": "English"},
    "bind.palette": {"en": "Commands", "zh": "命令"},
    "bind.open": {"en": "Open", "zh": "打开"},
    "bind.continue": {"en": "Continue", "zh": "继续"},
    "bind.check_all": {"en": "Check all", "zh": "全部检查"},
    "bind.save": {"en": "Save", "zh": "保存"},
    "bind.check": {"en": "Check", "zh": "检查"},
    "bind.hint": {"en": "Hint", "zh": "提示"},
    "bind.next": {"en": "Next", "zh": "下一题"},
    "bind.edit": {"en": "Edit", "zh": "编辑"},
    "bind.external": {"en": "$EDITOR", "zh": "外部编辑器"},
    "bind.solution": {"en": "Solution", "zh": "答案"},
    "bind.reset": {"en": "Reset", "zh": "重置"},
    "bind.back": {"en": "Home", "zh": "主页"},
    "bind.reload": {"en": "Reload", "zh": "重新载入"},
    "bind.close": {"en": "Close", "zh": "关闭"},
    "bind.yes": {"en": "Yes", "zh": "是"},
    "bind.no": {"en": "No", "zh": "否"},
    "help.title": {"en": "Keys", "zh": "按键"},
    "help.everywhere": {"en": "Everywhere", "zh": "任何界面"},
    "help.home": {"en": "Home screen", "zh": "主页"},
    "help.exercise": {"en": "Exercise screen", "zh": "练习页面"},
    "help.demo_screen": {"en": "Demo screen", "zh": "演示页面"},
    "help.editor": {"en": "In the built-in editor", "zh": "内置编辑器中"},
    "help.workspace": {"en": "Workspace: {path}", "zh": "工作区：{path}"},
    "help.closing": {"en": "Esc, q, ? or F1 closes this page.", "zh": "按 Esc、q、? 或 F1 关闭本页。"},
    "help.flow": {
        "en": "Open an exercise, edit your file (here or in $EDITOR) and save: every save is graded. "
              "Press n to move on when it passes.",
        "zh": "打开一个练习，编辑你的文件（在这里或在 $EDITOR 中）并保存：每次保存都会评分。通过后按 n 进入下一题。",
    },
    "help.quit": {"en": "Quit the workbench", "zh": "退出练习台"},
    "help.help": {"en": "This list of keys", "zh": "显示本按键列表"},
    "help.lang": {"en": "Switch language: English / 简体中文 (saved)", "zh": "切换语言：English / 简体中文（会保存）"},
    "help.palette": {"en": "Command palette: search every action", "zh": "命令面板：搜索所有操作"},
    "help.open": {"en": "Open the highlighted exercise", "zh": "打开选中的练习"},
    "help.continue": {"en": "Continue where you left off", "zh": "从上次停下的地方继续"},
    "help.check_all": {"en": "Grade every edited file again and refresh the progress",
                       "zh": "重新为所有修改过的文件评分并刷新进度"},
    "help.save": {"en": "Save the editor's text to your file (a backup is kept) and grade it",
                  "zh": "把编辑器中的代码保存到你的文件（保留备份）并评分"},
    "help.check": {"en": "Grade your file again", "zh": "重新为你的文件评分"},
    "help.hint": {"en": "Show the next hint (one at a time)", "zh": "显示下一条提示（每次一条）"},
    "help.next": {"en": "Go to the next exercise (only when you ask)", "zh": "进入下一个练习（只在你要求时）"},
    "help.edit": {"en": "Move into the built-in editor (Esc leaves it)", "zh": "进入内置编辑器（按 Esc 离开）"},
    "help.external": {"en": "Open your file in $VISUAL / $EDITOR", "zh": "在 $VISUAL / $EDITOR 中打开你的文件"},
    "help.solution": {"en": "Show the reference solution (asks first until you pass)",
                      "zh": "查看参考答案（通过之前会先确认）"},
    "help.reset": {"en": "Restore the starting file (yours is backed up first)", "zh": "恢复起始文件（先备份你的文件）"},
    "help.back": {"en": "Back to the list of exercises", "zh": "返回练习列表"},
    "help.reload": {"en": "Reload your file from disk, discarding the edits here (they are kept in a backup)",
                    "zh": "从磁盘重新载入你的文件，放弃这里的修改（修改会保存到备份中）"},
    "help.close": {"en": "Close", "zh": "关闭"},
    "help.key.tab": {"en": "Indent (Esc, then Tab, moves focus)", "zh": "缩进（先按 Esc 再按 Tab 可切换焦点）"},
    "help.key.escape_editor": {"en": "Leave the editor (then the letter keys work)", "zh": "离开编辑器（之后字母快捷键生效）"},
    "help.key.undo": {"en": "Undo / redo", "zh": "撤销 / 重做"},
    "help.key.clipboard": {"en": "Cut / copy / paste", "zh": "剪切 / 复制 / 粘贴"},
    "help.key.fkeys": {"en": "Check / hint while typing in the editor", "zh": "在编辑器中输入时：检查 / 提示"},
    "ex.instructions": {"en": "Instructions", "zh": "说明"},
    "ex.file_saved": {"en": "{file} · saved", "zh": "{file} · 已保存"},
    "ex.file_modified": {"en": "{file} · modified (ctrl+s saves)", "zh": "{file} · 已修改（ctrl+s 保存）"},
    "ex.results": {"en": "Results", "zh": "评分结果"},
    "ex.hints": {"en": "Hints {shown}/{total}", "zh": "提示 {shown}/{total}"},
    "ex.hint_prompt": {"en": "Stuck? Press h for a hint, one at a time.", "zh": "卡住了？按 h 查看提示，每次一条。"},
    "ex.hint_more": {"en": "Press h for the next hint.", "zh": "按 h 查看下一条提示。"},
    "ex.hint_last": {"en": "That was the last hint. The reference solution is behind s.",
                     "zh": "这是最后一条提示。按 s 可以查看参考答案。"},
    "ex.grading": {"en": "⟳ Grading your file…", "zh": "⟳ 正在为你的文件评分……"},
    "ex.not_graded": {"en": "Not graded yet.", "zh": "尚未评分。"},
    "ex.passed_next": {
        "en": "All checks pass. Press n for the next exercise, or s to compare with the reference solution.",
        "zh": "全部检查通过。按 n 进入下一题，或按 s 对照参考答案。",
    },
    "ex.how_to_start": {
        "en": "Press e to edit here (ctrl+s saves and grades), or o to open your file in $EDITOR.",
        "zh": "按 e 在这里编辑（ctrl+s 保存并评分），或按 o 在 $EDITOR 中打开你的文件。",
    },
    "ex.grader_error": {"en": "The grader itself failed (not your fault): {error}",
                        "zh": "评分程序本身出错（不是你的问题）：{error}"},
    "ex.gradients": {"en": "Gradient checks: analytic vs numerical gradient", "zh": "梯度检验：解析梯度与数值梯度"},
    "ex.col.tensor": {"en": "tensor", "zh": "张量"},
    "ex.col.relative": {"en": "rel. error", "zh": "相对误差"},
    "ex.col.worst": {"en": "worst |a−n|", "zh": "最大 |解析−数值|"},
    "ex.col.at": {"en": "at", "zh": "位置"},
    "ex.col.sampled": {"en": "sampled", "zh": "采样"},
    "ex.heatmap": {"en": "|analytic − numeric| per element (· not sampled):",
                   "zh": "逐元素 |解析梯度 − 数值梯度|（· 表示未采样）："},
    "ex.loss": {"en": "Training loss per epoch", "zh": "每轮训练损失"},
    "ex.loss_yours": {"en": "yours", "zh": "你的"},
    "ex.loss_reference": {"en": "reference", "zh": "参考"},
    "ex.epoch": {"en": "epoch", "zh": "轮次"},
    "ex.evaluation": {"en": "evaluation (every eval_interval updates)", "zh": "评估次数（每 eval_interval 次更新）"},
    "ex.curve.loss": {"en": "Training loss", "zh": "训练损失"},
    "ex.curve.perplexity": {"en": "Perplexity", "zh": "困惑度"},
    "ex.curve.accuracy": {"en": "Accuracy", "zh": "准确率"},
    "ex.pictures": {"en": "Sharper pictures: {paths}", "zh": "更清晰的图片：{paths}"},
    "ex.output": {"en": "Your file printed:", "zh": "你的文件输出了："},
    "ex.saved_backup": {"en": "Saved {file}; the previous version is in {backup}.",
                        "zh": "已保存 {file}；之前的版本在 {backup}。"},
    "ex.file_differs": {"en": "{file} · differs from the file on disk (ctrl+s: keep yours · ctrl+o: take the disk's)",
                        "zh": "{file} · 与磁盘上的文件不同（ctrl+s：保留这里的 · ctrl+o：采用磁盘上的）"},
    "ex.conflict": {
        "en": "{file} changed on disk, but you have unsaved edits here: they are kept, and the results are for the "
              "file on disk. ctrl+s saves your edits (with a backup); ctrl+o takes the file from disk instead.",
        "zh": "{file} 在磁盘上被修改，但这里有未保存的修改：已保留，评分结果针对的是磁盘上的文件。"
              "按 ctrl+s 保存你的修改（会先备份）；按 ctrl+o 则改用磁盘上的文件。",
    },
    "ex.unsaved_note": {"en": "The editor has unsaved edits: these results are for the file on disk.",
                        "zh": "编辑器中有未保存的修改：以下结果针对的是磁盘上的文件。"},
    "ex.reloaded": {"en": "Took {file} from disk. Your discarded edits are kept in {backup}.",
                    "zh": "已从磁盘载入 {file}。放弃的修改保存在 {backup}。"},
    "ex.reloaded_same": {"en": "Took {file} from disk (the editor had no unsaved edits).",
                         "zh": "已从磁盘载入 {file}（编辑器中没有未保存的修改）。"},
    "ex.reload_failed": {"en": "Could not read {file} from disk: {error}", "zh": "无法从磁盘读取 {file}：{error}"},
    "ex.reset_confirm": {"en": "Restore the starting file of {id}? Your current file is backed up first.",
                         "zh": "恢复 {id} 的起始文件？你当前的文件会先被备份。"},
    "ex.reset_done": {"en": "Restored the starting file. Your previous version: {backup}",
                      "zh": "已恢复起始文件。你之前的版本：{backup}"},
    "ex.solution_confirm": {
        "en": "You have not passed {id} yet. Look at the reference solution anyway? (The hints, h, teach more.)",
        "zh": "你还没有通过 {id}。仍然查看参考答案吗？（先看提示 h 收获更多。）",
    },
    "ex.solution_title": {"en": "Reference solution · {id}", "zh": "参考答案 · {id}"},
    "ex.last": {"en": "This is the last exercise.", "zh": "这是最后一个练习。"},
    "ex.discard_confirm": {"en": "You have unsaved edits in {file}. Leave without saving them?",
                           "zh": "{file} 有未保存的修改。不保存就离开吗？"},
    "ex.no_editor": {"en": "Set $EDITOR (or $VISUAL) to your editor; no vi or nano was found either.",
                     "zh": "请把 $EDITOR（或 $VISUAL）设为你的编辑器；也没有找到 vi 或 nano。"},
    "ex.no_suspend": {"en": "An external editor cannot run here (for example in the browser): use the built-in editor (e).",
                      "zh": "这里无法运行外部编辑器（例如在浏览器中）：请使用内置编辑器（e）。"},
    "ex.editor_failed": {"en": "Could not start {editor}: {error}", "zh": "无法启动 {editor}：{error}"},
    "ex.passed_toast": {"en": "✔ {id} passes.", "zh": "✔ {id} 已通过。"},
    "ex.save_failed": {"en": "Could not save {file}: {error}", "zh": "无法保存 {file}：{error}"},
    "ex.reset_failed": {"en": "Could not restore the starting file of {file}: {error}",
                        "zh": "无法恢复 {file} 的起始文件：{error}"},
    "ex.hint_failed": {"en": "Could not save the hint count in the workspace: {error}",
                       "zh": "无法在工作区中保存提示进度：{error}"},
    "ex.file_gone": {
        "en": "{file} was deleted on disk. The editor still has its text: ctrl+s writes it back.",
        "zh": "{file} 已在磁盘上被删除。编辑器中仍保留其内容：按 ctrl+s 重新写回。",
    },
    "ex.too_large": {
        "en": "{file} is too large for the built-in editor ({size} MB). Press o to open it in $EDITOR: "
              "every save is still graded.",
        "zh": "{file} 太大，内置编辑器无法打开（{size} MB）。按 o 在 $EDITOR 中打开：每次保存仍会评分。",
    },
    "app.quit_title": {"en": "Do you want to quit?", "zh": "要退出吗？"},
    "app.quit_hint": {"en": "Press {shortcut} to quit the workbench.", "zh": "按 {shortcut} 退出练习台。"},
    "palette.placeholder": {"en": "Search for commands…", "zh": "搜索命令……"},
    "cmd.theme": {"en": "Theme", "zh": "主题"},
    "cmd.theme_help": {"en": "Change the colour theme (light or dark)", "zh": "更换配色主题（浅色或深色）"},
    "cmd.screenshot": {"en": "Screenshot", "zh": "截图"},
    "cmd.screenshot_help": {"en": "Save an SVG screenshot of the screen", "zh": "把当前屏幕保存为 SVG 截图"},
    "dialog.title": {"en": "Please confirm", "zh": "请确认"},
    # -- demos (workbench demo, the demo screen) ----------------------------------------------
    "demo.list_header": {"en": "Demos (run one with `workbench demo ID`; --reference for the reference layers):",
                         "zh": "演示（用 `workbench demo ID` 运行；--reference 使用参考实现）："},
    "demo.unknown": {"en": "No demo {id}. The demos: {ids}", "zh": "没有名为 {id} 的演示。可用的演示：{ids}"},
    "demo.blocked": {
        "en": "The {id} demo runs on your layers, and {count} of them {verb} not passing yet:\n{items}\n"
              "Make them pass (`workbench check ID`), or run it on the reference layers now:\n"
              "  workbench demo {id} --reference",
        "zh": "演示 {id} 使用你自己的实现，其中有 {count} 个尚未通过：\n{items}\n"
              "请先让它们通过（`workbench check ID`），或者现在就用参考实现运行：\n"
              "  workbench demo {id} --reference",
    },
    "demo.blocked_item": {"en": "  {name} ({exercise}, {file}): {status}", "zh": "  {name}（{exercise}，{file}）：{status}"},
    "demo.using": {"en": "Layers: {which}", "zh": "所用实现：{which}"},
    "demo.yours": {"en": "yours", "zh": "你的"},
    "demo.reference": {"en": "reference", "zh": "参考实现"},
    "demo.no_exercise": {"en": "reference (no exercise yet)", "zh": "参考实现（尚无对应练习）"},
    "demo.picture": {"en": "Picture: {path}", "zh": "图片：{path}"},
    "demo.failed": {"en": "The demo stopped with an error: {message}", "zh": "演示因错误而停止：{message}"},
    "demo.stopped": {"en": "Stopped.", "zh": "已停止。"},
    "demo.done": {"en": "Done in {seconds:.1f} s.", "zh": "完成，用时 {seconds:.1f} 秒。"},
    "demo.done_short": {"en": "Done.", "zh": "完成。"},
    "help.demos": {"en": "Demos: train the chapters' models on your layers and watch them learn",
                   "zh": "演示：用你的实现训练各章的模型，观察学习过程"},
    "help.run": {"en": "Run the highlighted demo on your layers", "zh": "用你的实现运行选中的演示"},
    "help.run_reference": {"en": "Run the highlighted demo on the reference layers", "zh": "用参考实现运行选中的演示"},
    "help.stop": {"en": "Stop the running demo", "zh": "停止正在运行的演示"},
    "demo.epoch": {"en": "epoch", "zh": "轮次"},
    "demo.loss": {"en": "loss", "zh": "损失"},
    "demo.perplexity": {"en": "perplexity", "zh": "困惑度"},
    "demo.eta": {"en": "ETA", "zh": "剩余"},
    "demo.epochs_unused": {"en": "The {id} demo does not train in epochs: --epochs is ignored.",
                           "zh": "演示 {id} 不按轮次训练：忽略 --epochs。"},
    "demo.screen_title": {"en": "Demos", "zh": "演示"},
    "demo.screen_intro": {"en": "Choose a demo and press r to run it on your layers, R on the reference layers; "
                                "s stops it.",
                          "zh": "选择一个演示，按 r 用你的实现运行，按 R 用参考实现运行；按 s 停止。"},
    "demo.running": {"en": "Running {id}…", "zh": "正在运行 {id}……"},
    "bind.demos": {"en": "Demos", "zh": "演示"},
    "bind.run": {"en": "Run", "zh": "运行"},
    "bind.run_reference": {"en": "Run (reference)", "zh": "运行（参考实现）"},
    "bind.stop": {"en": "Stop", "zh": "停止"},
    "palette.demos": {"en": "Demos: train the chapters' models and watch them learn",
                      "zh": "演示：训练各章的模型，观察学习过程"},
}


def get(key: str, lang: str = "en", **fields) -> str:
    entry = STRINGS[key]
    return (entry.get(lang) or entry["en"]).format(**fields)


def check_name(check, lang: str = "en") -> str:
    """A check's name in `lang` ("反向传播: Affine"), where the grader gives one; else its (English) name."""
    display = getattr(check, "display_name", None)
    if callable(display):
        try:
            name = display(lang)
        except Exception:  # a grader older or newer than this app: its plain name still says it
            name = None
        if isinstance(name, str) and name:
            return name
    return check.name
