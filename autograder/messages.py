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
        sep = ", " if lang == "en" else "、"
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
    # -- check names ------------------------------------------------------------
    "checkname.loads": {"en": "loads", "zh": "加载"},
    "checkname.interface": {"en": "interface", "zh": "接口"},
    "checkname.forward": {"en": "forward", "zh": "正向传播"},
    "checkname.backward": {"en": "backward", "zh": "反向传播"},
    "checkname.gradcheck": {"en": "gradcheck", "zh": "梯度检验"},
    "checkname.conventions": {"en": "conventions", "zh": "约定"},
    "checkname.update": {"en": "update", "zh": "更新"},
    "checkname.in place": {"en": "in place", "zh": "原地更新"},
    "checkname.training": {"en": "training", "zh": "训练"},
    "checkname.match": {"en": "result", "zh": "结果"},
    "checkname.in place update": {"en": "in place", "zh": "原地修改"},
    "checkname.svd factors": {"en": "factors", "zh": "分解因子"},
    "checkname.no full call": {"en": "no full SVD", "zh": "不做完整 SVD"},
    "checkname.negative samples": {"en": "samples", "zh": "负样本"},
    "checkname.inverted dropout": {"en": "dropout", "zh": "dropout"},
    "checkname.seeded": {"en": "seed", "zh": "随机种子"},
    "checkname.lengths": {"en": "another length", "zh": "换一个长度"},
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
    "loads.keywords": {
        "en": "{name} takes ({got}), but the book's {script} calls {call}: {keep}",
        "zh": "{name} 的参数是 ({got})，但书中的 {script} 是这样调用它的：{call}。{keep}",
    },
    "loads.keep_name": {"en": "keep this parameter name", "zh": "请保留这个参数名"},
    "loads.keep_names": {"en": "keep these parameter names", "zh": "请保留这些参数名"},
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
    "word.array": {"en": "array", "zh": "数组"},
    "word.arrays": {"en": "arrays", "zh": "数组"},
    "interface.count": {
        "en": "{symbol}.{attr} should hold {expected} {arrays} in the book's order ({names}); it holds {got}",
        "zh": "{symbol}.{attr} 应当按书中的顺序保存 {expected} 个{arrays}（{names}）；实际有 {got} 个",
    },
    "interface.shape": {
        "en": "{symbol}.{attr}[{index}] ({name}) has shape {got}; expected {expected}",
        "zh": "{symbol}.{attr}[{index}]（{name}）的形状是 {got}；应为 {expected}",
    },
    "interface.not_float": {
        "en": "{what} has dtype {got}; it should be a floating-point array like the inputs",
        "zh": "{what} 的 dtype 是 {got}；它应当像输入一样是浮点数组",
    },
    # -- forward / backward ------------------------------------------------------------
    "forward.ok": {"en": "matches the reference{extra}", "zh": "与参考实现一致{extra}"},
    "forward.block_order": {
        "en": "{name}: the values are what the book's layer gives when the column blocks of {tensors} are laid out as {got}: your code takes them in another order than the book's {expected}, reading {reads}. Slice them in the order {expected}",
        "zh": "{name}：这些值正是把 {tensors} 的列块按 {got} 的顺序排列后书中的层给出的结果：你的代码没有按书中的 {expected} 顺序取这些块，而是把{reads}。请按 {expected} 的顺序切分",
    },
    "forward.block_read": {"en": "columns {columns} as {part}", "zh": "第 {columns} 列当作{part}"},
    "forward.state_reset": {
        "en": "{name}: the values are what the layer gives when {reset}{kept}: a stateful layer starts each forward from the {state} that the previous forward ended with",
        "zh": "{name}：这些值正是 {reset}{kept}时该层给出的结果：有状态的层每次 forward 都应从上一次 forward 结束时的 {state} 开始",
    },
    "forward.reset_one": {"en": "{attrs} was reset between calls", "zh": "{attrs} 在两次调用之间被重置"},
    "forward.reset_many": {"en": "{attrs} were reset between calls", "zh": "{attrs} 在两次调用之间被重置"},
    "forward.kept": {"en": " ({attrs} kept)", "zh": "（{attrs} 保留了下来）"},
    "word.and_two": {"en": "{first} and {second}", "zh": "{first} 和 {second}"},
    "word.is": {"en": "is", "zh": "是"},
    "word.are": {"en": "are", "zh": "是"},
    "forward.modified_input": {
        "en": "{step} changed its argument {name} in place: compute on a copy (x = x - ..., not x -= ...)",
        "zh": "{step} 原地修改了参数 {name}：请在副本上计算（写 x = x - ...，不要写 x -= ...）",
    },
    "forward.warning_cause": {
        "en": "numpy warned “{warning}”; the result is right, but {cause}",
        "zh": "numpy 发出警告“{warning}”；结果正确，但{cause}",
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
    "gradcheck.out_shape": {
        "en": "the numerical gradient needs forward's output to have the shape of dout {expected}, but forward returns shape {got}",
        "zh": "计算数值梯度要求 forward 的输出与 dout 同形 {expected}，但 forward 返回的形状是 {got}",
    },
    "conventions.ok": {"en": "{observed}", "zh": "{observed}"},
    "conventions.seen.inputs": {"en": "inputs untouched", "zh": "输入未被修改"},
    "conventions.seen.grads": {"en": "grads updated in place", "zh": "grads 原地更新"},
    "conventions.seen.repeatable": {"en": "backward repeatable", "zh": "backward 可重复调用"},
    "conventions.seen.dout": {"en": "dout used", "zh": "使用了 dout"},
    "conventions.nothing_observed": {
        "en": "nothing to observe yet: backward returned no gradient arrays and wrote none",
        "zh": "暂时无可观察：backward 没有返回梯度数组，也没有写入任何梯度",
    },
    "conventions.forward_not_repeatable": {
        "en": "{symbol}.forward gives another result when called again with the same inputs: does it keep something from an earlier call (a list it appends to, a cached output)?",
        "zh": "用同样的输入再次调用 {symbol}.forward，得到的结果不同：它是不是保留了之前调用的东西（不断追加的列表、缓存的输出）？",
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
        "en": "running forward and backward twice on the same inputs gave a different {name} the second time: are you accumulating (+=) into a gradient, or changing a saved array in place? Training calls them once per step, so the gradients would grow step after step",
        "zh": "对同样的输入把 forward 和 backward 各运行两次，第二次得到的 {name} 不同：是不是对梯度做了累加（+=），或原地修改了保存的数组？训练时每一步都会调用它们一次，梯度就会一步步越积越大",
    },
    "note.backward_twice": {
        "en": "calling backward twice after one forward gives a different {name} (it changes what forward saved, as the book's TimeSoftmaxWithLoss does): harmless in the book's training loop, which calls backward once per forward, but a backward that leaves its saved values alone can be called again, by a gradient check for instance",
        "zh": "一次 forward 之后调用两次 backward，得到的 {name} 不同（backward 修改了 forward 保存的值，书中的 TimeSoftmaxWithLoss 就是这样）：在书中每次 forward 只调用一次 backward 的训练循环里没有问题，但不改动已保存值的 backward 可以被再次调用，例如用于梯度检验",
    },
    "score.nothing_beyond_do_nothing": {
        "en": "0 points: every check this file passes, an answer that does nothing passes as well (one that returns zeros, returns its input, or is only `pass`). Points come with the first check that shows your own work",
        "zh": "0 分：这个文件通过的每一项检查，一个什么都不做的答案（返回零、原样返回输入，或只有 `pass`）也能通过。等到有一项检查体现出你自己的工作，才开始得分",
    },
    "score.support_waits": {
        "en": "{checks}: passed, but no points yet: these checks support {behaviour}, and earn their points once those pass",
        "zh": "{checks}：已通过，但暂不得分：这些检查是为 {behaviour} 服务的，等那些检查通过后才计分",
    },
    "forward.variant": {
        "en": "{name} is exactly what the reference gives with a known mistake: {says}",
        "zh": "{name} 恰好等于参考答案犯了一个常见错误时的结果：{says}",
    },
    "backward.variant": {
        "en": "{names} {is_are} exactly what the reference's backward gives with a known mistake: {says}",
        "zh": "{names} 恰好{is_are}参考答案的 backward 犯了一个常见错误时给出的结果：{says}",
    },
    "note.from_reference": {
        "en": "taken from the book's modules (its common package, or another chapter's file), so from the reference solutions, not from your code: {names}",
        "zh": "这些名字取自书中的模块（common 包或其他章节的文件），因此来自参考答案，而不是你的代码：{names}",
    },
    "note.no_gpu": {
        "en": "timed on the CPU with numpy; no GPU here: with a CUDA device, the gpu extra (cupy) and DLFS2_GPU=1 the same code is timed on the GPU",
        "zh": "用 numpy 在 CPU 上计时；这里没有 GPU：有 CUDA 设备时，安装 gpu 扩展（cupy）并设置 DLFS2_GPU=1，同一份代码就会在 GPU 上计时",
    },
    "note.gpu_timed": {
        "en": "timed on the GPU with cupy (DLFS2_GPU=1), the device synchronised before each clock reading",
        "zh": "用 cupy 在 GPU 上计时（DLFS2_GPU=1），每次读时钟前都会同步设备",
    },
    "note.dtype": {
        "en": "{what} is {got} although the inputs are {expected} (a dtype written into the layer, like the book's dtype='f'): it trains, and is graded with {got} tolerances, but a layer whose dtype follows the data can be gradient-checked in float64 and run in float16 unchanged",
        "zh": "输入是 {expected}，而 {what} 却是 {got}（层里写死了 dtype，就像书中的 dtype='f'）：这样也能训练，并按 {got} 的容差评分；但 dtype 跟随数据的层可以不加修改地在 float64 下做梯度检验、在 float16 下运行",
    },
    "conventions.dout_ignored": {
        "en": "{name} comes out the same as for dout = 1: backward ignores dout — multiply by it (chain rule)",
        "zh": "{name} 与 dout = 1 时的结果相同：backward 忽略了 dout——请乘上它（链式法则）",
    },
    "interface.not_shared": {
        "en": "{symbol}.params[{first}] and params[{second}] should be one array ({name} is shared, as in the book), but they are two: pass the same array to both layers instead of a copy, so both uses train one set of weights",
        "zh": "{symbol}.params[{first}] 和 params[{second}] 应当是同一个数组（和书中一样共享 {name}），但它们是两个数组：请把同一个数组传给两个层，而不是副本，这样两处用的是同一组权重",
    },
    "interface.not_tied": {
        "en": "{symbol}.params[{second}] should be params[{first}] transposed, a view of the same array ({name} is tied, as in the book: TimeAffine(embed_W.T, b)), but they are two arrays: pass embed_W.T itself, not a copy or new weights, so the embedding and the output layer train one set of weights",
        "zh": "{symbol}.params[{second}] 应当是 params[{first}] 的转置，即同一个数组的视图（和书中一样共享 {name}：TimeAffine(embed_W.T, b)），但它们是两个数组：请直接传入 embed_W.T，而不是副本或新的权重，这样嵌入层和输出层训练的是同一组权重",
    },
    "interface.shared_unexpectedly": {
        "en": "{symbol}.params[{first}] and params[{second}] are the same array, but they should be two separate weights",
        "zh": "{symbol}.params[{first}] 和 params[{second}] 是同一个数组，但它们应当是两组独立的权重",
    },
    "backward.several": {
        "en": "{first}; also wrong: {others}",
        "zh": "{first}；同样有误的还有：{others}",
    },
    "backward.also": {"en": "; also wrong: {names}", "zh": "；同样有误的还有：{names}"},
    "backward.blocks": {
        "en": "{wrong} (columns {columns} of {tensors}) {is_wrong}; {right}{others}",
        "zh": "{wrong}（{tensors} 的第 {columns} 列）{is_wrong}；{right}{others}",
    },
    "backward.wrong_one": {"en": "is wrong", "zh": "有误"},
    "backward.wrong_many": {"en": "are wrong", "zh": "有误"},
    "backward.right_one": {"en": "{parts} is right", "zh": "{parts} 是对的"},
    "backward.right_many": {"en": "{parts} are right", "zh": "{parts} 是对的"},
    "forward.time_carry": {
        "en": "{name} is right at {right} and wrong at the later {wrong}: each step must start from the state the step before it ended with (h, and c in an LSTM); check what is passed on from one step to the next",
        "zh": "{name} 在{right} 是对的，但在之后的{wrong} 都不对：每个时间步都应从上一个时间步结束时的状态（h，LSTM 中还有 c）开始；请检查从一个时间步传给下一个时间步的是什么",
    },
    "backward.time_carry": {
        "en": "{name} is right at {right} and wrong at the earlier {wrong}: the gradient carried back from later steps (dh, and dc in an LSTM) is missing or wrong",
        "zh": "{name} 在{right} 是对的，但在更早的{wrong} 都不对：从后面时间步传回来的梯度（dh，LSTM 中还有 dc）缺失或有误",
    },
    "backward.step_one": {"en": "time step {steps}", "zh": " 时间步 {steps}"},
    "backward.steps": {"en": "time steps {steps}", "zh": " 时间步 {steps}"},
    "backward.not_summed_over_time": {
        "en": "{names} {is_are} right for a single time step but wrong for T = {steps}: every step uses the same weights, so their gradients are the sum of every step's share; add up the grads of all the steps (grads[i] += ...) instead of keeping one step's",
        "zh": "{names} 在只有一个时间步时{is_are}对的，但在 T = {steps} 时有误：每个时间步都使用同一组权重，所以它们的梯度是所有时间步的梯度之和；要把每一步的 grads 加起来（grads[i] += ...），而不是只保留某一步的",
    },
    "backward.shared_slot_missing": {
        "en": "{name} is one array used {count} times ({uses}), and grads[{slot}], the gradient of its use as params[{slot}], is never written (all zeros): each use's backward writes its own share into its own slot, and the shares are added up afterwards (remove_duplicate)",
        "zh": "{name} 是同一个数组，被使用了 {count} 次（{uses}），而 grads[{slot}]（它作为 params[{slot}] 那次使用的梯度）从未被写入（全为零）：每次使用的 backward 把自己的那一份写进自己的位置，之后再把各份相加（remove_duplicate）",
    },
    "backward.shared_sum_in_each": {
        "en": "{name} is one array used {count} times ({uses}), and {slots} each hold the sum of all its uses' gradients: the slots are added up afterwards (remove_duplicate), so {name}'s gradient is counted {count} times; write only each use's own share into its slot",
        "zh": "{name} 是同一个数组，被使用了 {count} 次（{uses}），而 {slots} 各自都存放了所有使用的梯度之和：这些位置之后还会再相加（remove_duplicate），于是 {name} 的梯度被算了 {count} 次；每个位置只应写入那一次使用自己的那一份",
    },
    "backward.shared_added_twice": {
        "en": "{name} is one array used in {uses}, and grads[{slot}] already holds the sum of all its uses' gradients while {others} hold their own shares: the slots are added up afterwards (remove_duplicate), so those shares are counted twice; leave grads[{slot}] its own use's share",
        "zh": "{name} 是同一个数组，用在 {uses}，而 grads[{slot}] 已经存放了所有使用的梯度之和，{others} 又存放着各自的那一份：这些位置之后还会再相加（remove_duplicate），于是那几份被算了两次；grads[{slot}] 只应存放它自己那次使用的一份",
    },
    "backward.one_part_only": {
        "en": "{names} {is_are} 1/{count} of the expected values while the loss is right: the loss is the sum over the {count} {over}, so backward must send every one of their losses back and add the gradients up (ds = dl1 + dl2), not use one of them",
        "zh": "损失是对的，但 {names} {is_are}期望值的 1/{count}：损失是 {count} 个{over}之和，所以 backward 要让每一个损失都回传梯度并把它们相加（ds = dl1 + dl2），而不是只用其中一个",
    },
    "backward.repeated_id": {
        "en": "{name} is right except at row {id}: word id {id} stands {times} times in {idx}, so its row must add up the gradients of those {times} positions. dW[{idx}] = dout and dW[{idx}] += dout (fancy indexing) write a repeated row only once, keeping one position's gradient; add them with np.add.at(dW, {idx}, dout)",
        "zh": "{name} 除第 {id} 行外都是对的：单词 ID {id} 在 {idx} 中出现了 {times} 次，所以这一行必须把这 {times} 个位置的梯度加起来。dW[{idx}] = dout 和 dW[{idx}] += dout（花式索引）对重复的行只写一次，只留下一个位置的梯度；请用 np.add.at(dW, {idx}, dout) 累加",
    },
    "backward.masked_one": {
        "en": "{name} is right except at position {index}, whose label in {labels} is −1 (ignore_label): a masked position adds nothing to the loss, so its gradient must be 0. Multiply the gradient by the mask (labels != −1), as forward multiplies the loss",
        "zh": "{name} 除位置 {index} 外都是对的，而该位置在 {labels} 中的标签是 −1（ignore_label）：被屏蔽的位置对损失没有贡献，所以它的梯度必须为 0。请像 forward 中乘损失那样，把梯度也乘以 mask（标签 != −1）",
    },
    "backward.masked_many": {
        "en": "{name} is right except at the {count} positions whose label in {labels} is −1 (ignore_label), first at {index}: a masked position adds nothing to the loss, so its gradient must be 0. Multiply the gradient by the mask (labels != −1), as forward multiplies the loss",
        "zh": "{name} 除 {count} 个在 {labels} 中标签为 −1（ignore_label）的位置外都是对的（第一个在 {index}）：被屏蔽的位置对损失没有贡献，所以它的梯度必须为 0。请像 forward 中乘损失那样，把梯度也乘以 mask（标签 != −1）",
    },
    "backward.repeated_ids": {
        "en": "{name} is right except at the rows of the word ids {ids}, which stand more than once in {idx}: a repeated id's row must add up the gradients of all its positions. dW[{idx}] = dout and dW[{idx}] += dout (fancy indexing) write each repeated row only once, keeping one position's gradient; add them with np.add.at(dW, {idx}, dout)",
        "zh": "{name} 除单词 ID {ids} 对应的行外都是对的，而这些 ID 在 {idx} 中都出现了不止一次：重复 ID 的那一行必须把它所有位置的梯度加起来。dW[{idx}] = dout 和 dW[{idx}] += dout（花式索引）对每个重复的行只写一次，只留下一个位置的梯度；请用 np.add.at(dW, {idx}, dout) 累加",
    },
    "text.plain": {"en": "{text}", "zh": "{text}"},
    "type.array": {"en": "an array of shape {shape}", "zh": "形状为 {shape} 的数组"},
    "type.an_array": {"en": "an array", "zh": "一个数组"},
    "type.values": {"en": "{count} values", "zh": "{count} 个值"},
    "type.dict_of": {"en": "a dict of {count} entries", "zh": "含 {count} 项的字典"},
    "type.dict": {"en": "a dict", "zh": "一个字典"},
    "type.number": {"en": "a number", "zh": "一个数"},
    "type.integer_ids": {"en": "integer ids", "zh": "整数 id"},
    "gradcheck.bad_direction": {
        "en": "{name} disagrees with the numerical gradient of your forward: along a random direction backward gives {analytic:.6g}, central differences give {numeric:.6g} (relative error {error:.1e})",
        "zh": "{name} 与你的 forward 的数值梯度不一致：沿一个随机方向，backward 给出 {analytic:.6g}，中心差分给出 {numeric:.6g}（相对误差 {error:.1e}）",
    },
    "match.ok": {"en": "matches the reference: {names}", "zh": "与参考实现一致：{names}"},
    "inplace_update.ok": {"en": "{name} after the call match the reference (scaled in place only when they should be)", "zh": "调用后的 {name} 与参考实现一致（只在应当缩放时原地缩放）"},
    "inplace_update.factor_per_array": {
        "en": "each array of {name} was scaled by a factor of its own ({factors}), where all of them should be scaled by the same {expected:.4g}: the norm is one number over all the arrays together, not one norm per array",
        "zh": "{name} 中的每个数组各自按自己的比例缩放（{factors}），而它们本应都按同一个比例 {expected:.4g} 缩放：范数是对所有数组整体算出的一个数，而不是每个数组各算一个范数",
    },
    "inplace_update.rebound": {
        "en": "{name}[{index}] was replaced by a new array: change it in place ({name}[i] *= rate, or grad *= rate in the loop), because the optimizer holds the original arrays",
        "zh": "{name}[{index}] 被替换成了新数组：请原地修改（{name}[i] *= rate，或在循环里写 grad *= rate），因为优化器持有的是原来的数组",
    },
    "inplace_update.unchanged": {
        "en": "{name} is unchanged after the call, but it should have been scaled: change the arrays in place (grad *= rate); a new list or new arrays never reach the caller",
        "zh": "调用之后 {name} 没有变化，但它本应被缩放：请原地修改这些数组（grad *= rate）；新建的列表或数组不会传回调用者",
    },
    "inplace_update.changed": {
        "en": "{name} should not change here, but it did: {detail}",
        "zh": "这里 {name} 不应改变，但它变了：{detail}",
    },
    "svd.ok": {
        "en": "orthonormal factors, descending S; reconstruction error {error:.4g} (best possible {best:.4g})",
        "zh": "因子正交归一，S 降序；重构误差 {error:.4g}（最优值 {best:.4g}）",
    },
    "svd.not_orthonormal": {
        "en": "the rows/columns of {name} are not orthonormal (largest |{name}ᵀ{name} − I| entry {error:.2g}): re-orthonormalise with a QR decomposition after each power iteration",
        "zh": "{name} 的行/列不是正交归一的（|{name}ᵀ{name} − I| 的最大元素为 {error:.2g}）：每次幂迭代之后用 QR 分解重新正交化",
    },
    "svd.not_descending": {
        "en": "S is not in descending order: the singular values (and the matching vectors) must come largest first",
        "zh": "S 不是降序排列：奇异值（以及对应的向量）必须从大到小排列",
    },
    "svd.collapsed": {
        "en": "S[:{exact}] are exact to rounding but S[{index}] is {got:.6g}, where the true singular value is {expected:.6g}: without a QR between the power iterations every column turns towards the first singular vector and the smaller directions drown in rounding error; orthonormalise (np.linalg.qr) after every product with M and with Mᵀ",
        "zh": "S[:{exact}] 精确到舍入误差，但 S[{index}] 是 {got:.6g}，而真实的奇异值是 {expected:.6g}：幂迭代之间不做 QR，各列都会转向第一个奇异向量，较小的方向就淹没在舍入误差里；每次乘以 M 或 Mᵀ 之后都要用 np.linalg.qr 正交归一化",
    },
    "svd.other_factor": {
        "en": "{name} holds {factor} of the SVD W = U S Vᵀ, not the first {k} columns of U: the word vectors are U[:, :wordvec_size], unscaled",
        "zh": "{name} 给出的是 SVD W = U S Vᵀ 中的{factor}，而不是 U 的前 {k} 列：单词向量是 U[:, :wordvec_size]，不乘奇异值",
    },
    "svd.factor_us": {"en": "the first columns of U·S (U scaled by the singular values)", "zh": " U·S 的前几列（U 乘以奇异值）"},
    "svd.factor_vt_rows": {"en": "the first rows of Vᵀ (the right singular vectors, columns of V)", "zh": " Vᵀ 的前几行（右奇异向量，即 V 的列）"},
    "svd.factor_vt_columns": {"en": "the first columns of Vᵀ", "zh": " Vᵀ 的前几列"},
    "seed.ok": {"en": "the same seed gives the same result, another seed another", "zh": "相同的种子给出相同的结果，不同的种子给出不同的结果"},
    "seed.not_reproducible": {
        "en": "{call} gave two different results for the same seed = {seed}: draw the random numbers from np.random.default_rng(seed), not from numpy's global generator (np.random.randn, np.random.standard_normal)",
        "zh": "{call} 对同一个 seed = {seed} 给出了两个不同的结果：随机数要从 np.random.default_rng(seed) 中抽取，而不是从 numpy 的全局生成器（np.random.randn、np.random.standard_normal）中抽取",
    },
    "seed.ignored": {
        "en": "{call} gave the same result for seed = {seed} and seed = {other}: the seed is not used; draw the random numbers from np.random.default_rng(seed)",
        "zh": "{call} 在 seed = {seed} 和 seed = {other} 时给出了相同的结果：没有用到 seed；随机数要从 np.random.default_rng(seed) 中抽取",
    },
    "svd.values": {
        "en": "S[{index}] is {got:.6g}; the true singular value is {expected:.6g}: more power iterations, or oversampling, bring them closer",
        "zh": "S[{index}] 是 {got:.6g}；真实的奇异值是 {expected:.6g}：增加幂迭代次数或过采样可以让它们更接近",
    },
    "svd.reconstruction": {
        "en": "‖M − U·diag(S)·Vt‖ is {error:.4g}, {ratio:.3g} × the best rank-k error {best:.4g} (Eckart–Young): the factors do not capture the top singular directions",
        "zh": "‖M − U·diag(S)·Vt‖ 为 {error:.4g}，是最优秩 k 误差 {best:.4g} 的 {ratio:.3g} 倍（Eckart–Young）：这些因子没有抓住最大的奇异方向",
    },
    "nofull.ok": {"en": "{function} is not applied to the whole matrix", "zh": "没有对整个矩阵调用 {function}"},
    "nofull.called": {
        "en": "{function} was called on the whole matrix {shape}: the point is to decompose only the small projected matrix B = Qᵀ·M",
        "zh": "对整个矩阵 {shape} 调用了 {function}：这个练习的意义在于只分解投影后的小矩阵 B = Qᵀ·M",
    },
    "sampler.ok": {"en": "valid ids, never the target, no repeats within a row", "zh": "编号有效，从不抽到目标词，每行内没有重复"},
    "sampler.ok_chi2": {
        "en": "frequencies ∝ count^power (χ² = {chi2:.1f}, limit {limit:.1f})",
        "zh": "频率 ∝ 计数^power（χ² = {chi2:.1f}，上限 {limit:.1f}）",
    },
    "sampler.not_int": {
        "en": "the samples have dtype {got}; they are word ids and should be integers",
        "zh": "样本的 dtype 是 {got}；它们是单词编号，应当是整数",
    },
    "sampler.range": {
        "en": "the samples range from {low} to {high}, but word ids are 0 … {vocab} − 1",
        "zh": "样本的取值范围是 {low} 到 {high}，但单词编号只能是 0 … {vocab} − 1",
    },
    "sampler.target": {
        "en": "row {row} contains its own target ({count} of {rows} rows do): set the target's probability to 0 before drawing that row",
        "zh": "第 {row} 行包含了它自己的目标词（{rows} 行中有 {count} 行如此）：抽取该行之前要把目标词的概率设为 0",
    },
    "sampler.repeats": {
        "en": "row {row} draws a word twice ({count} rows do): each row is drawn without replacement",
        "zh": "第 {row} 行把同一个词抽了两次（共 {count} 行如此）：每一行都应当无放回地抽取",
    },
    "sampler.power": {
        "en": "the frequencies follow count^{other:g}, not count^{power:g}: raise the counts to the power before normalising",
        "zh": "频率服从 计数^{other:g}，而不是 计数^{power:g}：先对计数取幂，再做归一化",
    },
    "sampler.frequencies": {
        "en": "the frequencies do not follow count^power (χ² = {chi2:.1f} > {limit:.1f}); word {word} was drawn {observed} times where {expected:.1f} were expected",
        "zh": "频率不服从 计数^power（χ² = {chi2:.1f} > {limit:.1f}）；单词 {word} 被抽到 {observed} 次，期望约 {expected:.1f} 次",
    },
    "lengths.ok": {
        "en": "the same instance is right again at {sizes}",
        "zh": "同一个实例在 {sizes} 时也正确",
    },
    "lengths.ok_except": {
        "en": "the same instance runs again at {sizes} and is right there except {names}, which {is_are} wrong at the first sizes already (see forward and backward)",
        "zh": "同一个实例在 {sizes} 时也能运行，并且除了 {names} 以外都正确；{names} 在第一组尺寸下就已经{is_are}错的（见 forward 和 backward）",
    },
    "lengths.raised": {
        "en": "{symbol} ran for {before}, then on the same instance raised {type} at {now} (line {line}: `{code}`: "
              "{message}): build the per-step layers in every forward, as the book does — nothing sized for "
              "one call (the list of layers, a mask) may be reused for the next",
        "zh": "{symbol} 在 {before} 时可以运行，随后在同一个实例上、{now} 时抛出了 {type}（第 {line} 行：`{code}`：{message}）："
              "请像书中那样在每次 forward 中重新创建各时间步的层——按某一次调用的大小创建的东西（层的列表、掩码）不能在下一次调用中重用",
    },
    "lengths.raised_noline": {
        "en": "{symbol} ran for {before}, then on the same instance raised {type} at {now} (in {step}: {message}): "
              "build the per-step layers in every forward, as the book does — nothing sized for one call (the list "
              "of layers, a mask) may be reused for the next",
        "zh": "{symbol} 在 {before} 时可以运行，随后在同一个实例上、{now} 时抛出了 {type}（在 {step} 中：{message}）："
              "请像书中那样在每次 forward 中重新创建各时间步的层——按某一次调用的大小创建的东西（层的列表、掩码）不能在下一次调用中重用",
    },
    "lengths.differs": {
        "en": "after a call with {before}, the same instance at {now}: {detail} — does forward reuse something "
              "built for the earlier call? Build it in every forward, as the book does",
        "zh": "在 {before} 的调用之后，同一个实例在 {now} 时：{detail}——forward 是否重用了为上一次调用创建的东西？"
              "请像书中那样在每次 forward 中重新创建",
    },
    "dropout.ok": {
        "en": "outputs are 0 or x/(1−p), {dropped:.1%} dropped, backward uses the same mask",
        "zh": "输出为 0 或 x/(1−p)，丢弃了 {dropped:.1%}，backward 使用同一个掩码",
    },
    "dropout.nothing_dropped": {
        "en": "nothing was dropped in training mode (train_flg = True): forward returned x unchanged",
        "zh": "训练模式（train_flg = True）下什么也没有丢弃：forward 原样返回了 x",
    },
    "dropout.not_scaled": {
        "en": "the kept values are not scaled: at {index} the output is {got:.6g} = x, but inverted dropout keeps x / (1 − {ratio:g}) = {kept:.6g}, so that nothing changes at inference",
        "zh": "保留下来的值没有缩放：在 {index} 处输出为 {got:.6g} = x，而反向 dropout 应保留 x / (1 − {ratio:g}) = {kept:.6g}，这样推理时才无需改动",
    },
    "dropout.values": {
        "en": "at {index} the output is {got:.6g}; it should be 0 (dropped) or x / (1 − {ratio:g}) = {kept:.6g} (kept)",
        "zh": "在 {index} 处输出为 {got:.6g}；它应当是 0（被丢弃）或 x / (1 − {ratio:g}) = {kept:.6g}（被保留）",
    },
    "dropout.rate": {
        "en": "{dropped:.1%} of the {n} values were dropped, far from dropout_ratio = {ratio:g}: keep a value where rand > dropout_ratio",
        "zh": "{n} 个值中丢弃了 {dropped:.1%}，与 dropout_ratio = {ratio:g} 相差太远：当 rand > dropout_ratio 时保留该值",
    },
    "dropout.backward_mask": {
        "en": "backward does not use forward's mask: at {index} dx is {got:.6g}, expected {expected:.6g} (dout times the same scaled mask)",
        "zh": "backward 没有使用 forward 的掩码：在 {index} 处 dx 为 {got:.6g}，应为 {expected:.6g}（dout 乘以同一个缩放后的掩码）",
    },
    "checkname.precision": {"en": "precision", "zh": "精度"},
    "precision.ok": {"en": "{float32}. {float16}", "zh": "{float32}。{float16}"},
    "precision.line": {
        "en": "{dtype}: max relative error {errors}; {range}",
        "zh": "{dtype}：最大相对误差 {errors}；{range}",
    },
    "precision.finite": {"en": "finite for inputs up to ±1000", "zh": "输入到 ±1000 都保持有限"},
    "precision.finite_below": {"en": "not finite from inputs of about ±{magnitude:.3g}", "zh": "输入约为 ±{magnitude:.3g} 起不再有限"},
    "precision.raised": {"en": "in {dtype}: {detail}", "zh": "在 {dtype} 下：{detail}"},
    "precision.dtype": {
        "en": "in {dtype}, {name} comes back as {got}: the layer casts (a hard-coded dtype, or a float64 constant array); let the dtype follow the inputs",
        "zh": "在 {dtype} 下，{name} 返回的是 {got}：层内做了类型转换（写死的 dtype，或 float64 的常量数组）；请让 dtype 跟随输入",
    },
    "precision.error": {
        "en": "in {dtype}, {name} is off by up to {error:.1e} (relative to its largest value) against float64, above the {limit:.0e} that {dtype} allows: look for a subtraction of nearly equal numbers or a sum that loses digits",
        "zh": "在 {dtype} 下，{name} 与 float64 结果相差最多 {error:.1e}（相对其最大值），超过 {dtype} 应有的 {limit:.0e}：检查是否有相近数相减，或丢失精度的求和",
    },
    "precision.overflow": {
        "en": "in {dtype} the output becomes nan/inf once the inputs reach about ±{magnitude:.3g}, {reference}: an exp of a large number overflows (subtract the max first, or compute exp only of non-positive numbers)",
        "zh": "在 {dtype} 下，输入达到约 ±{magnitude:.3g} 时输出就变成 nan/inf，{reference}：较大数的 exp 溢出了（先减去最大值，或只对非正数求 exp）",
    },
    "precision.reference_finite": {"en": "while the reference stays finite up to ±1000", "zh": "而参考实现到 ±1000 都保持有限"},
    "precision.reference_overflow": {"en": "while the reference holds out to ±{magnitude:.3g}", "zh": "而参考实现能撑到 ±{magnitude:.3g}"},
    "checkname.speed": {"en": "speed", "zh": "速度"},
    "speed.ok": {
        "en": "{ratio:.2g} × the reference's time ({seconds:.3g} ms against {reference:.3g} ms at {sizes})",
        "zh": "用时是参考实现的 {ratio:.2g} 倍（{sizes} 时 {seconds:.3g} ms，参考实现 {reference:.3g} ms）",
    },
    "speed.slow": {
        "en": "{ratio:.3g} × slower than the reference ({seconds:.3g} ms against {reference:.3g} ms at {sizes}): {cause}",
        "zh": "比参考实现慢 {ratio:.3g} 倍（{sizes} 时 {seconds:.3g} ms，参考实现 {reference:.3g} ms）：{cause}",
    },
    "speed.loop_over_batch": {
        "en": "with four times the batch your time grows {growth:.2g}× where the reference's grows {reference_growth:.2g}×: a Python loop over the rows (the batch) where one vectorised operation over all of them exists",
        "zh": "批大小变为 4 倍时，你的用时增长 {growth:.2g} 倍，而参考实现只增长 {reference_growth:.2g} 倍：这是对每一行（批次）的 Python 循环，而这里有对整批一次完成的向量化写法",
    },
    "speed.generic": {
        "en": "look for a Python loop over array elements or time steps where a vectorised form exists, a dense gradient where np.add.at would do, or arrays copied inside a loop",
        "zh": "检查是否有对数组元素或时间步的 Python 循环（而其实有向量化写法）、本可用 np.add.at 却算了稠密梯度，或在循环里复制数组",
    },
    "speed.not_measured": {"en": "not timed: the grader failed while timing ({error})",
                           "zh": "未计时：评分器在计时时出错（{error}）"},
    "speed.pending": {"en": "timing… (measured after the verdict)", "zh": "计时中……（判定之后再测量）"},
    "speed.skipped": {"en": "not timed (the probe did not get that far)", "zh": "未计时（探针没有运行到这一步）"},
    "check.same_gradient": {
        "en": "also wrong against your own forward's numerical gradient: {names}; the bug is in backward (see {check})",
        "zh": "与你自己的 forward 的数值梯度相比同样有误：{names}；错误在 backward 中（见 {check}）",
    },
    "check.blocked": {
        "en": "not run: same cause as {check}",
        "zh": "未运行：原因与 {check} 相同",
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
    "diag.nonfinite_scalar": {
        "en": "{name} is {value} where a finite number is expected: overflow, or a division by zero or a log of 0?",
        "zh": "{name} 是 {value}，而应是一个有限的数：是溢出、除以零，还是对 0 取了对数？",
    },
    "diag.cause": {"en": "{detail} — {cause}", "zh": "{detail}——{cause}"},
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
    "diag.value": {"en": "{name} is {got}; expected {expected}", "zh": "{name} 是 {got}；应为 {expected}"},
    "diag.key_type": {
        "en": "{name} has the key {entry} as {got}, but its keys should be {expected}",
        "zh": "{name} 的键 {entry} 是 {got} 类型，但它的键应当是 {expected}",
    },
    "diag.missing_keys": {
        "en": "{name} lacks {count} expected keys: {keys}",
        "zh": "{name} 缺少 {count} 个应有的键：{keys}",
    },
    "diag.extra_keys": {
        "en": "{name} has {count} keys that should not be there: {keys}",
        "zh": "{name} 多出了 {count} 个不应有的键：{keys}",
    },
    "diag.not_int": {
        "en": "{name} has dtype {got}; it should be an integer array",
        "zh": "{name} 的 dtype 是 {got}；它应当是整数数组",
    },
    "diag.int_values": {
        "en": "{name} differs in {bad} of {total} entries; first at {index}: got {got}, expected {expected}",
        "zh": "{name} 有 {bad}/{total} 个元素不同；第一个在 {index}：得到 {got}，应为 {expected}",
    },
    "diag.not_averaged_by": {
        "en": "{name} is {factor:g} × the expected values, {divisor} = {batch}: divide by {divisor} (the loss is a mean over it)",
        "zh": "{name} 是期望值的 {factor:g} 倍，正好是 {divisor} = {batch}：请除以 {divisor}（损失是对它取的平均）",
    },
    "diag.divided_instead": {
        "en": "{name} is {factor:.4g} × the expected values, {meant_count}/{used_count}: it is divided by {used} = {used_count} instead of {meant} = {meant_count}",
        "zh": "{name} 是期望值的 {factor:.4g} 倍，正好是 {meant_count}/{used_count}：它除以了 {used} = {used_count}，而应当除以 {meant} = {meant_count}",
    },
    "diag.averaged_by": {
        "en": "{name} is 1/{batch} of the expected values: it is divided by {divisor} = {batch} once too often",
        "zh": "{name} 是期望值的 1/{batch}：多除了一次 {divisor} = {batch}",
    },
    "diag.mean_not_sum": {
        "en": "{name} is 1/{count} of the expected values: the loss is the sum over the {count} {over}, not their mean — do not divide by {count}",
        "zh": "{name} 是期望值的 1/{count}：损失是 {count} 个{over}之和，而不是它们的平均——不要除以 {count}",
    },
    "diag.ignores_dout": {
        "en": "{name} equals the result for dout = 1: backward ignores dout — multiply by it (chain rule)",
        "zh": "{name} 等于 dout = 1 时的结果：backward 忽略了 dout——请乘上它（链式法则）",
    },
    # -- what a call printed -----------------------------------------------------------------
    "checkname.printed": {"en": "printed", "zh": "打印输出"},
    "count.line": {"en": "1 line", "zh": "1 行"},
    "count.lines": {"en": "{count} lines", "zh": "{count} 行"},
    "printed.ok": {"en": "{name} prints what the reference prints", "zh": "{name} 打印的内容与参考实现一致"},
    "printed.nothing": {
        "en": "{name} printed nothing; the reference prints {want_lines}, the first: “{first}”",
        "zh": "{name} 什么也没有打印；参考实现打印 {want_lines}，第一行是：“{first}”",
    },
    "printed.missing_line": {
        "en": "{name} printed {lines} where the reference prints {want_lines}; this one is missing: “{expected}”",
        "zh": "{name} 打印了 {lines}，而参考实现打印 {want_lines}；缺少这一行：“{expected}”",
    },
    "printed.extra_line": {
        "en": "{name} printed {lines} where the reference prints {want_lines}; this one should not be there: “{got}”",
        "zh": "{name} 打印了 {lines}，而参考实现打印 {want_lines}；这一行不应出现：“{got}”",
    },
    "printed.line": {
        "en": "{name}, line {line}: printed “{got}”, expected “{expected}”",
        "zh": "{name} 第 {line} 行：打印的是“{got}”，应为“{expected}”",
    },
    "printed.order": {
        "en": "{name}, line {line}: printed “{got}”, expected “{expected}”, which comes elsewhere: the lines are right but in another order",
        "zh": "{name} 第 {line} 行：打印的是“{got}”，应为“{expected}”（它出现在别的位置）：各行内容正确，但顺序不对",
    },
    # -- sampled ids against their probabilities -----------------------------------------------
    "checkname.distribution": {"en": "distribution", "zh": "抽样分布"},
    "distribution.ok": {
        "en": "{name} follows the expected probabilities (χ² = {chi2:.1f}, limit {limit:.1f})",
        "zh": "{name} 服从期望的概率（χ² = {chi2:.1f}，上限 {limit:.1f}）",
    },
    "distribution.empty": {"en": "{name} holds no ids", "zh": "{name} 中没有任何编号"},
    "distribution.rows": {
        "en": "{name} holds {count} ids, which cannot be split evenly over the {rows} rows of probabilities",
        "zh": "{name} 含有 {count} 个编号，无法平均分到概率的 {rows} 行上",
    },
    "distribution.excluded": {
        "en": "{name} drew id {word} {observed} times in {draws} draws, but that id is excluded (skip_ids): draw again when it comes up",
        "zh": "{name} 在 {draws} 次抽样中抽到编号 {word} 共 {observed} 次，但这个编号应被排除（skip_ids）：抽到它时要重新抽取",
    },
    "distribution.impossible": {
        "en": "{name} drew id {word} {observed} times in {draws} draws, but its probability is 0",
        "zh": "{name} 在 {draws} 次抽样中抽到编号 {word} 共 {observed} 次，但它的概率是 0",
    },
    "distribution.argmax": {
        "en": "{name} is id {word} in all {draws} draws, the likeliest id (probability {share:.2f}): it takes the argmax instead of sampling — draw with the probabilities, e.g. np.random.choice(V, p=p)",
        "zh": "{name} 在全部 {draws} 次抽样中都是编号 {word}，即概率最大的编号（概率 {share:.2f}）：这是取了 argmax 而不是抽样——请按概率抽取，例如 np.random.choice(V, p=p)",
    },
    "distribution.uniform": {
        "en": "{name} is drawn uniformly ({draws} draws), not with the probabilities: pass them to the sampler (np.random.choice(V, p=p))",
        "zh": "{name} 是均匀抽取的（{draws} 次抽样），没有按概率抽取：请把概率传给抽样函数（np.random.choice(V, p=p)）",
    },
    "distribution.by_probability": {
        "en": "{name} does not follow each row's probabilities (χ² = {chi2:.1f} > {limit:.1f} over {draws} draws): ids whose probability lies between {low:.3g} and {high:.3g} were drawn {observed} times where {expected:.1f} were expected",
        "zh": "{name} 不服从每一行的概率（{draws} 次抽样，χ² = {chi2:.1f} > {limit:.1f}）：概率在 {low:.3g} 到 {high:.3g} 之间的编号被抽到 {observed} 次，期望约 {expected:.1f} 次",
    },
    "distribution.frequencies": {
        "en": "{name} does not follow the expected probabilities (χ² = {chi2:.1f} > {limit:.1f} over {draws} draws); id {word} was drawn {observed} times where {expected:.1f} were expected",
        "zh": "{name} 不服从期望的概率（{draws} 次抽样，χ² = {chi2:.1f} > {limit:.1f}）；编号 {word} 被抽到 {observed} 次，期望约 {expected:.1f} 次",
    },
    # -- training through the book's trainer ---------------------------------------------------
    "checkname.learns": {"en": "learns", "zh": "能学习"},
    "checkname.accuracy": {"en": "accuracy", "zh": "准确率"},
    "learns.ok": {
        "en": "{measure} fell from {first:.4g} to {last:.4g} in {steps} steps (the reference reaches {reference:.4g})",
        "zh": "{measure}在 {steps} 步内从 {first:.4g} 降到 {last:.4g}（参考实现降到 {reference:.4g}）",
    },
    "learns.no_curve": {
        "en": "the trainer's {curve} is empty after {steps} steps: nothing was evaluated",
        "zh": "训练 {steps} 步之后，trainer 的 {curve} 仍是空的：没有做任何评估",
    },
    "learns.nan": {
        "en": "{measure} became {value} at evaluation {evaluation} of {count} ({steps} steps in all): the training diverges — look for a log of 0 or an overflow in forward, or gradients far too large",
        "zh": "{measure}在第 {evaluation} 次评估（共 {count} 次，{steps} 步）时变成了 {value}：训练发散了——检查 forward 中是否对 0 取对数或发生溢出，或者梯度是否过大",
    },
    "learns.rises": {
        "en": "{measure} rose from {first:.4g} to {last:.4g} in {steps} steps, while the reference's falls to {reference:.4g}: the updates go uphill — check the sign of the gradients in backward",
        "zh": "{measure}在 {steps} 步内从 {first:.4g} 升到了 {last:.4g}，而参考实现降到 {reference:.4g}：参数朝着损失增大的方向更新——检查 backward 中梯度的符号",
    },
    "learns.flat": {
        "en": "{measure} went from {first:.4g} to {last:.4g} in {steps} steps; the reference reaches {reference:.4g}: the model does not learn — check backward: every layer's gradients must be computed and written into the arrays of grads in place (the optimizer updates the arrays it holds)",
        "zh": "{measure}在 {steps} 步内从 {first:.4g} 变为 {last:.4g}；参考实现降到 {reference:.4g}：模型没有在学习——检查 backward：每一层的梯度都要算出来，并原地写入 grads 中的数组（优化器更新的是它持有的那些数组）",
    },
    "learns.slow": {
        "en": "{measure} fell from {first:.4g} to {last:.4g} in {steps} steps, not below {target:.4g}; the reference reaches {reference:.4g}: the model learns too slowly — some gradients may be wrong or missing (check each layer with gradcheck)",
        "zh": "{measure}在 {steps} 步内从 {first:.4g} 降到 {last:.4g}，没有降到 {target:.4g} 以下；参考实现降到 {reference:.4g}：模型学得太慢——可能有梯度算错或缺失（用 gradcheck 逐层检查）",
    },
    "learns.behind": {
        "en": "{measure} fell from {first:.4g} to {last:.4g} in {steps} steps, but the reference reaches {reference:.4g} (at most {limit:.4g} allowed): some gradients may be wrong or missing (check each layer with gradcheck)",
        "zh": "{measure}在 {steps} 步内从 {first:.4g} 降到 {last:.4g}，但参考实现降到 {reference:.4g}（最多允许 {limit:.4g}）：可能有梯度算错或缺失（用 gradcheck 逐层检查）",
    },
    "accuracy.ok": {
        "en": "{accuracy:.0%} of the {count} answers generated exactly (the reference: {reference:.0%})",
        "zh": "{count} 个答案中有 {accuracy:.0%} 生成得完全正确（参考实现：{reference:.0%}）",
    },
    "accuracy.low": {
        "en": "after training, {accuracy:.0%} of the {count} answers are generated exactly; {needed:.0%} needed, the reference gets {reference:.0%}",
        "zh": "训练之后，{count} 个答案中只有 {accuracy:.0%} 生成得完全正确；需要 {needed:.0%}，参考实现达到 {reference:.0%}",
    },
    "accuracy.low_example": {
        "en": "after training, {accuracy:.0%} of the {count} answers are generated exactly; {needed:.0%} needed, the reference gets {reference:.0%}. For question {row}: generated {got}, expected {expected}",
        "zh": "训练之后，{count} 个答案中只有 {accuracy:.0%} 生成得完全正确；需要 {needed:.0%}，参考实现达到 {reference:.0%}。例如第 {row} 个问题：生成了 {got}，应为 {expected}",
    },
    # -- the CLI and the workbench ------------------------------------------------------------
    "cli.no_exercise": {
        "en": "unknown exercise {id!r}; the exercises are: {ids}",
        "zh": "没有名为 {id!r} 的练习；现有练习：{ids}",
    },
    "cli.no_file": {"en": "no such file: {path}", "zh": "文件不存在：{path}"},
}
