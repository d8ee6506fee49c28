"""What the grader tells a learner, as keys with English and Chinese templates.

A check stores ``Msg(key, **fields)``; it is rendered in the learner's language
only when shown, so switching languages never re-grades. A field that is itself
a Msg is rendered in the same language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LANGS = ("en", "zh")


@dataclass(frozen=True)
class Msg:
    key: str
    fields: dict = field(default_factory=dict)

    def __init__(self, key, **fields):
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "fields", fields)

    def render(self, lang: str = "en") -> str:
        lang = lang if lang in LANGS else "en"
        template = TEMPLATES[self.key][lang]
        values = {k: _render_value(v, lang) for k, v in self.fields.items()}
        return template.format(**values)

    def to_json(self):
        return {"key": self.key, "fields": {k: _json_value(v) for k, v in self.fields.items()}}


def _render_value(value, lang):
    if isinstance(value, Msg):
        return value.render(lang)
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, Msg) for v in value):
        sep = "; " if lang == "en" else "；"
        return sep.join(v.render(lang) for v in value)
    if isinstance(value, dict) and set(value) <= set(LANGS):
        return value.get(lang) or value.get("en", "")
    return value


def _json_value(value):
    if isinstance(value, Msg):
        return value.to_json()
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return str(value)


def text(key: str, lang: str = "en", **fields) -> str:
    return Msg(key, **fields).render(lang)


TEMPLATES: dict[str, dict[str, str]] = {
    # -- summaries ------------------------------------------------------------
    "summary.passed": {
        "en": "{exercise}: all {total} checks passed ({score:g}/{max_score:g} points).",
        "zh": "{exercise}：全部 {total} 项检查通过（{score:g}/{max_score:g} 分）。",
    },
    "summary.failed": {
        "en": "{exercise}: {passed} of {total} checks passed ({score:g}/{max_score:g} points).",
        "zh": "{exercise}：{total} 项检查中通过 {passed} 项（{score:g}/{max_score:g} 分）。",
    },
    "summary.not_implemented": {
        "en": "{exercise}: not implemented yet — fill in the places marked YOUR CODE HERE.",
        "zh": "{exercise}：尚未实现——请在标有 YOUR CODE HERE 的地方写代码。",
    },
    "check.ok": {"en": "ok", "zh": "通过"},
    "check.ok_note": {"en": "ok — note: {note}", "zh": "通过——注意：{note}"},
    "check.skipped_missing": {
        "en": "skipped: {symbol} could not be taken from your file (see the first check)",
        "zh": "已跳过：无法从你的文件中取得 {symbol}（见第一项检查）",
    },
    "check.skipped_no_run": {
        "en": "skipped: the grading run did not finish (see the first check)",
        "zh": "已跳过：评分运行没有完成（见第一项检查）",
    },
    "check.skipped_interface": {
        "en": "skipped: fix the interface of {symbol} first",
        "zh": "已跳过：请先修正 {symbol} 的接口",
    },
    "check.with_size": {"en": "with {size}: {detail}", "zh": "当 {size} 时：{detail}"},
    # -- loads ------------------------------------------------------------------
    "loads.ok": {"en": "the file loads and defines {symbols}", "zh": "文件可以加载，并定义了 {symbols}"},
    "loads.syntax": {
        "en": "syntax error on line {line}: {message}\n    {code}\n    {caret}",
        "zh": "第 {line} 行有语法错误：{message}\n    {code}\n    {caret}",
    },
    "loads.unreadable": {
        "en": "the file cannot be read: {message}",
        "zh": "无法读取该文件：{message}",
    },
    "loads.import_error": {
        "en": "loading the file failed on line {line} (`{code}`): {type}: {message}",
        "zh": "加载文件时第 {line} 行（`{code}`）出错：{type}: {message}",
    },
    "loads.import_error_noline": {
        "en": "loading the file failed: {type}: {message}",
        "zh": "加载文件失败：{type}: {message}",
    },
    "loads.module_not_found": {
        "en": "line {line}: {message} — an exercise may import only numpy (or workbench.backend) and the earlier chapters' modules",
        "zh": "第 {line} 行：{message}——练习只能导入 numpy（或 workbench.backend）以及前面章节的模块",
    },
    "loads.sys_exit": {
        "en": "the file calls sys.exit() / exit() while loading (line {line}): remove it, the grader needs the file to load",
        "zh": "文件在加载时调用了 sys.exit() / exit()（第 {line} 行）：请删除它，评分器需要能加载这个文件",
    },
    "loads.missing": {
        "en": "{name} is not defined: the book's interface is {kind} {signature}{suggestion}",
        "zh": "没有定义 {name}：书中的接口是 {kind} {signature}{suggestion}",
    },
    "loads.suggestion": {"en": " (did you mean {names}?)", "zh": "（你是不是指 {names}？）"},
    "loads.wrong_kind": {
        "en": "{name} should be a {expected}, but your file defines it as a {got}",
        "zh": "{name} 应当是 {expected}，但你的文件把它定义成了 {got}",
    },
    "loads.imported": {
        "en": "{name} is imported from another module: define it in this file",
        "zh": "{name} 是从别的模块导入的：请在本文件中定义它",
    },
    "loads.signature": {
        "en": "{name} takes ({got}) but the book's interface is {signature}",
        "zh": "{name} 的参数是 ({got})，而书中的接口是 {signature}",
    },
    "kind.class": {"en": "class", "zh": "类"},
    "kind.function": {"en": "function", "zh": "函数"},
    "kind.def": {"en": "function", "zh": "函数"},
    "kind.other": {"en": "value", "zh": "值"},
    # -- the child process ------------------------------------------------------
    "run.timeout": {
        "en": "stopped after {limit:g} s during {step}: is there an infinite loop?",
        "zh": "在执行 {step} 时超过 {limit:g} 秒被终止：是不是有死循环？",
    },
    "run.crashed": {
        "en": "the Python process crashed ({signal}) during {step}",
        "zh": "在执行 {step} 时 Python 进程崩溃（{signal}）",
    },
    "run.memory": {
        "en": "the Python process was killed for using too much memory (limit {limit}) during {step}",
        "zh": "在执行 {step} 时 Python 进程因占用内存过多（上限 {limit}）被终止",
    },
    "run.output": {
        "en": "the file printed more than the grader keeps ({limit}) during {step}: remove the prints in loops",
        "zh": "在执行 {step} 时文件输出超过评分器保留的上限（{limit}）：请删除循环中的 print",
    },
    "run.exited": {
        "en": "the process ended (exit code {code}) during {step}: does the file call os._exit() or exit()?",
        "zh": "在执行 {step} 时进程退出（退出码 {code}）：文件是否调用了 os._exit() 或 exit()？",
    },
    "run.no_results": {
        "en": "the grader could not read the results of your file (did it change numpy or the grader's modules?)",
        "zh": "评分器无法读取你的文件的运行结果（是否修改了 numpy 或评分器的模块？）",
    },
    # -- errors inside a probe ----------------------------------------------------
    "error.not_implemented": {
        "en": "{step} is not implemented yet",
        "zh": "{step} 尚未实现",
    },
    "error.raised": {
        "en": "{step} raised {type} on line {line} (`{code}`): {message}",
        "zh": "{step} 在第 {line} 行（`{code}`）抛出 {type}：{message}",
    },
    "error.raised_noline": {
        "en": "{step} raised {type}: {message}",
        "zh": "{step} 抛出 {type}：{message}",
    },
    "error.memory": {
        "en": "{step} ran out of memory on line {line} (`{code}`): the grader allows {limit}",
        "zh": "{step} 在第 {line} 行（`{code}`）内存不足：评分器允许 {limit}",
    },
    "error.input": {
        "en": "{step} waits for input on line {line} (`{code}`): the grader gives no input (stdin is empty), so remove input() and reads of stdin",
        "zh": "{step} 在第 {line} 行（`{code}`）等待输入：评分器不提供任何输入（stdin 为空），请删除 input() 和对 stdin 的读取",
    },
    "error.output": {
        "en": "{step} wrote more output than the grader keeps ({limit}) on line {line} (`{code}`): remove the prints or writes in loops",
        "zh": "{step} 在第 {line} 行（`{code}`）输出超过评分器保留的上限（{limit}）：请删除循环中的 print 或写出操作",
    },
    "error.assign_shape": {
        "en": "{step} failed on line {line} (`{code}`): {detail}",
        "zh": "{step} 在第 {line} 行（`{code}`）出错：{detail}",
    },
    "error.assigned_value": {"en": "the value assigned", "zh": "赋入的值"},
    "error.sys_exit": {
        "en": "{step} called sys.exit() on line {line}: return a value instead",
        "zh": "{step} 在第 {line} 行调用了 sys.exit()：请改为返回结果",
    },
    # -- interface ------------------------------------------------------------------
    "interface.ok": {
        "en": "params and grads: {shapes}",
        "zh": "params 和 grads：{shapes}",
    },
    "interface.ok_no_params": {"en": "no weights: params = grads = []", "zh": "没有权重：params = grads = []"},
    "interface.no_list": {
        "en": "{symbol}.{attr} should be a list of arrays ({expected}); got {got}",
        "zh": "{symbol}.{attr} 应当是数组的列表（{expected}）；实际是 {got}",
    },
    "interface.count": {
        "en": "{symbol}.{attr} should hold {expected} arrays in the book's order ({names}); it holds {got}",
        "zh": "{symbol}.{attr} 应当按书中的顺序保存 {expected} 个数组（{names}）；实际有 {got} 个",
    },
    "interface.shape": {
        "en": "{symbol}.{attr}[{index}] ({name}) has shape {got}; expected {expected}",
        "zh": "{symbol}.{attr}[{index}]（{name}）的形状是 {got}；应为 {expected}",
    },
    "interface.not_float": {
        "en": "{what} has dtype {got}; it should be a floating-point array like the inputs",
        "zh": "{what} 的 dtype 是 {got}；它应当像输入一样是浮点数组",
    },
    "interface.dtype_changed": {
        "en": "{what} is {got} although the inputs are {expected}: don't hard-code a dtype, follow the data",
        "zh": "输入是 {expected}，而 {what} 却是 {got}：不要写死 dtype，应跟随输入数据",
    },
    # -- forward / backward ------------------------------------------------------------
    "forward.ok": {"en": "matches the reference{extra}", "zh": "与参考实现一致{extra}"},
    "forward.modified_input": {
        "en": "{step} changed its argument {name} in place: compute on a copy (x = x - ..., not x -= ...)",
        "zh": "{step} 原地修改了参数 {name}：请在副本上计算（写 x = x - ...，不要写 x -= ...）",
    },
    "forward.warning_note": {
        "en": "numpy warned “{warning}”; the result is right, but a numerically stable form avoids the warning",
        "zh": "numpy 发出警告“{warning}”；结果正确，但数值稳定的写法可以避免这个警告",
    },
    "backward.ok": {"en": "matches the reference: {names}", "zh": "与参考实现一致：{names}"},
    "gradcheck.ok": {"en": "relative error {errors}", "zh": "相对误差 {errors}"},
    "gradcheck.bad": {
        "en": "{name} disagrees with the numerical gradient of your forward: relative error {error:.1e}, worst at {index} (backward gives {analytic:.6g}, central difference gives {numeric:.6g})",
        "zh": "{name} 与你的 forward 的数值梯度不一致：相对误差 {error:.1e}，最差位置 {index}（backward 给出 {analytic:.6g}，中心差分给出 {numeric:.6g}）",
    },
    "gradcheck.forward_broken": {
        "en": "the numerical gradient needs forward to return arrays of one shape every time",
        "zh": "计算数值梯度要求 forward 每次返回形状相同的数组",
    },
    "gradcheck.out_shape": {
        "en": "the numerical gradient needs forward's output to have the shape of dout {expected}, but forward returns shape {got}",
        "zh": "计算数值梯度要求 forward 的输出与 dout 同形 {expected}，但 forward 返回的形状是 {got}",
    },
    "conventions.ok": {
        "en": "inputs untouched, grads updated in place, backward repeatable, dout used",
        "zh": "输入未被修改，grads 原地更新，backward 可重复调用，使用了 dout",
    },
    "conventions.dout_modified": {
        "en": "backward changed dout in place: the layer before needs it unchanged",
        "zh": "backward 原地修改了 dout：前面的层还需要未被修改的 dout",
    },
    "conventions.rebound": {
        "en": "{symbol}.grads[{index}] ({name}) was replaced by a new array: write into it with self.grads[{index}][...] = {name}, so optimizers holding it see the update",
        "zh": "{symbol}.grads[{index}]（{name}）被替换成了新数组：请用 self.grads[{index}][...] = {name} 写入，这样持有它的优化器才能看到更新",
    },
    "conventions.not_repeatable": {
        "en": "calling backward twice with the same dout gave a different {name}: are you accumulating (+=) into a gradient, or changing a saved array in place?",
        "zh": "用同一个 dout 调用两次 backward，得到的 {name} 不同：是不是对梯度做了累加（+=），或原地修改了保存的数组？",
    },
    "conventions.dout_ignored": {
        "en": "{name} comes out the same as for dout = 1: backward ignores dout — multiply by it (chain rule)",
        "zh": "{name} 与 dout = 1 时的结果相同：backward 忽略了 dout——请乘上它（链式法则）",
    },
    # -- optimizers -------------------------------------------------------------------
    "update.ok": {"en": "{steps} steps match the reference trajectory", "zh": "{steps} 步更新都与参考轨迹一致"},
    "update.step": {
        "en": "after update {step}: {detail}",
        "zh": "第 {step} 次更新后：{detail}",
    },
    "update.sign": {
        "en": "params[{index}] moved the wrong way: the change is −1 × the expected step (a gradient step goes against the gradient)",
        "zh": "params[{index}] 的移动方向反了：变化量是期望步长的 −1 倍（梯度下降应沿梯度的反方向走）",
    },
    "update.scaled": {
        "en": "the change of params[{index}] is {factor:.4g} × the expected step: a constant factor is off (the learning rate? a bias correction?)",
        "zh": "params[{index}] 的变化量是期望步长的 {factor:.4g} 倍：某个常数因子不对（学习率？偏差修正？）",
    },
    "update.unchanged": {
        "en": "params[{index}] did not change although it should have",
        "zh": "params[{index}] 本应改变，却没有变化",
    },
    "inplace.ok": {"en": "params updated in place; grads untouched", "zh": "params 原地更新；grads 未被修改"},
    "inplace.rebound": {
        "en": "after update {step}, params[{index}] is a new array and the original is unchanged: update in place (params[i] -= ...), or the layers never see the new weights",
        "zh": "第 {step} 次更新后，params[{index}] 变成了新数组而原数组没有变：请原地更新（params[i] -= ...），否则各层看不到新的权重",
    },
    "inplace.grads_modified": {
        "en": "update {step} changed grads[{index}]: an optimizer reads the gradients, it must not change them",
        "zh": "第 {step} 次更新修改了 grads[{index}]：优化器只读取梯度，不应修改它们",
    },
    # -- training ---------------------------------------------------------------------
    "fit.ok": {
        "en": "accuracy {accuracy:.1%} after {epochs} epochs (reference {reference:.1%}); loss {first:.3f} → {last:.3f}",
        "zh": "训练 {epochs} 个 epoch 后准确率 {accuracy:.1%}（参考实现 {reference:.1%}）；损失 {first:.3f} → {last:.3f}",
    },
    "fit.low": {
        "en": "accuracy {accuracy:.1%} after {epochs} epochs, below the {needed:.0%} the book reaches (reference {reference:.1%}); loss {first:.3f} → {last:.3f}",
        "zh": "训练 {epochs} 个 epoch 后准确率只有 {accuracy:.1%}，低于书中达到的 {needed:.0%}（参考实现 {reference:.1%}）；损失 {first:.3f} → {last:.3f}",
    },
    "fit.nan": {
        "en": "the loss became {value} at epoch {epoch}: look for a log of 0, an overflow or a wrong gradient sign",
        "zh": "第 {epoch} 个 epoch 时损失变成了 {value}：检查是否对 0 取对数、溢出或梯度符号错误",
    },
    # -- diagnosis of one tensor ------------------------------------------------------------
    "diag.none": {"en": "{name} is None: {hint}", "zh": "{name} 是 None：{hint}"},
    "diag.none_return": {"en": "did you forget to return it?", "zh": "是不是忘了 return？"},
    "diag.type": {
        "en": "{name} should be {expected}, got {got}",
        "zh": "{name} 应当是 {expected}，实际是 {got}",
    },
    "diag.count": {
        "en": "{name} should be {expected} values ({names}), got {got}",
        "zh": "{name} 应当是 {expected} 个值（{names}），实际是 {got} 个",
    },
    "diag.shape": {
        "en": "{name} has shape {got}; expected {expected}",
        "zh": "{name} 的形状是 {got}；应为 {expected}",
    },
    "diag.transposed_shape": {
        "en": "{name} has shape {got}, the transpose of {expected}: check the order of the factors and where .T goes",
        "zh": "{name} 的形状是 {got}，正好是 {expected} 的转置：检查乘法的顺序以及 .T 的位置",
    },
    "diag.not_summed": {
        "en": "{name} has shape {got}; expected {expected}: sum over the batch axis (axis=0)",
        "zh": "{name} 的形状是 {got}；应为 {expected}：需要在批次维（axis=0）上求和",
    },
    "diag.nonfinite": {
        "en": "{name} contains {count} nan/inf values, first at {index}: overflow, or a division by zero or a log of 0?",
        "zh": "{name} 含有 {count} 个 nan/inf，第一个在 {index}：是溢出、除以零，还是对 0 取了对数？",
    },
    "diag.not_summed_keepdims": {
        "en": "{name} has shape {got}; expected {expected}: the {got[0]} copies along axis 0 must be added up (sum over axis 0, keepdims=True)",
        "zh": "{name} 的形状是 {got}；应为 {expected}：需要把第 0 维上的 {got[0]} 份相加（在 axis=0 上求和，keepdims=True）",
    },
    "diag.extra_axis": {
        "en": "{name} has shape {got}; expected {expected}: drop the extra axis of length 1 (no keepdims=True here)",
        "zh": "{name} 的形状是 {got}；应为 {expected}：去掉多出来的长度为 1 的那一维（这里不要 keepdims=True）",
    },
    "diag.keepdims": {
        "en": "{name} has shape {got}; expected {expected}: the summed axis was dropped, keep it with keepdims=True",
        "zh": "{name} 的形状是 {got}；应为 {expected}：求和的那一维被去掉了，请用 keepdims=True 保留它",
    },
    "diag.swapped": {
        "en": "{first} and {second} are swapped: {first} should be what you return as {second}, and the other way round",
        "zh": "{first} 和 {second} 弄反了：你作为 {second} 返回的值应当是 {first}，反之亦然",
    },
    "diag.zeros": {
        "en": "{name} is all zeros where the expected values are not: this gradient path is missing",
        "zh": "{name} 全为零，而期望值不是：缺少了这条梯度路径",
    },
    "diag.transposed": {
        "en": "{name} is the transpose of the expected values: check the order of the factors and where .T goes",
        "zh": "{name} 是期望值的转置：检查乘法的顺序以及 .T 的位置",
    },
    "diag.sign": {
        "en": "{name} has the wrong sign everywhere (−1 × the expected values)",
        "zh": "{name} 的符号全部相反（是期望值的 −1 倍）",
    },
    "diag.not_averaged": {
        "en": "{name} is {factor:g} × the expected values, the batch size N = {batch}: divide by N (average over the batch)",
        "zh": "{name} 是期望值的 {factor:g} 倍，正好是批大小 N = {batch}：请除以 N（对批次取平均）",
    },
    "diag.averaged": {
        "en": "{name} is 1/{batch} of the expected values: it is divided by the batch size N = {batch} once too often",
        "zh": "{name} 是期望值的 1/{batch}：多除了一次批大小 N = {batch}",
    },
    "diag.dout_ignored": {
        "en": "{name} is 1/{dout:g} of the expected values, with dout = {dout:g}: multiply by dout",
        "zh": "{name} 是期望值的 1/{dout:g}，而 dout = {dout:g}：请乘上 dout",
    },
    "diag.scaled": {
        "en": "{name} is {factor:.4g} × the expected values: a constant factor is off",
        "zh": "{name} 是期望值的 {factor:.4g} 倍：某个常数因子不对",
    },
    "diag.worst": {
        "en": "{name} differs from the expected values in {bad} of {total} elements; worst at {index}: got {got:.6g}, expected {expected:.6g} (relative error {error:.1e})",
        "zh": "{name} 有 {bad}/{total} 个元素与期望值不同；最差位置 {index}：得到 {got:.6g}，应为 {expected:.6g}（相对误差 {error:.1e}）",
    },
    "diag.scalar": {
        "en": "{name} is {got:.6g}; expected {expected:.6g}",
        "zh": "{name} 是 {got:.6g}；应为 {expected:.6g}",
    },
    "diag.ignores_dout": {
        "en": "{name} equals the result for dout = 1: backward ignores dout — multiply by it (chain rule)",
        "zh": "{name} 等于 dout = 1 时的结果：backward 忽略了 dout——请乘上它（链式法则）",
    },
    # -- the CLI and the workbench ------------------------------------------------------------
    "cli.no_exercise": {
        "en": "unknown exercise {id!r}; the exercises are: {ids}",
        "zh": "没有名为 {id!r} 的练习；现有练习：{ids}",
    },
    "cli.no_file": {"en": "no such file: {path}", "zh": "文件不存在：{path}"},
}
