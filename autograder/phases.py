"""The order in which a grading run decides its checks: cheap ones first, whatever the later ones cost.

The child runs every probe's steps in phases and writes what each phase recorded as soon as
it ends; the parent decides every check whose phase has ended and shows it. The phases:

    loads      the file is loaded and what it defines is read
    main       every probe's own steps (construct, forward, backward, again, ...)
    gradcheck  the numerical gradients of the backward steps marked `numgrad`
    training   probes that train a model (the train, trainer and generate steps)
    precision  the float32/float16 runs and their overflow ranges
    speed      the timed calls, where the plan has them (grade with timing; the workbench times
               them afterwards, in a child of their own: autograder.grader.measure_speed)

A step's phase is its op's, and never earlier than the step before it in its probe (a probe's
steps keep their order); a probe's numerical gradient comes after its own steps, before its
precision and timed ones.
A check's phase is its own (Check.phase: main, gradcheck or precision) or its probe's steps',
whichever is later: a value read after training is known only once the training has run.
This module imports nothing: the child and the parent both read it.
"""

PHASES = ("loads", "main", "gradcheck", "training", "precision", "speed")
RANK = {name: rank for rank, name in enumerate(PHASES)}
LAST = PHASES[-1]

OP_PHASES = {"train": "training", "trainer": "training", "generate": "training", "precision": "precision",
             "time": "speed"}
NUMGRAD = "numgrad"  # the task that stands for a probe's numerical gradients


def later(a: str, b: str) -> str:
    return a if RANK[a] >= RANK[b] else b


def op_phase(op: str) -> str:
    return OP_PHASES.get(op, "main")


def measured(op: str) -> bool:
    """A step that measures the probe's layer again (precision, timing) rather than being one of its own."""
    return RANK[op_phase(op)] >= RANK["precision"]


def schedule(steps: list[dict]) -> list[tuple[str, dict | None]]:
    """(phase, step) for each of a probe's steps in order, with (phase, None) for its numerical
    gradients inserted after its own steps, before the measured ones; the phases never go back."""
    tasks: list[tuple[str, dict | None]] = []
    current = "main"
    numgrad_done = False
    for step in steps:
        if measured(step["op"]) and not numgrad_done:
            tasks.append((later("gradcheck", current), None))
            numgrad_done = True
        current = later(op_phase(step["op"]), current)
        tasks.append((current, step))
    if not numgrad_done:
        tasks.append((later("gradcheck", current), None))
    return tasks


def steps_phase(steps: list[dict]) -> str:
    """The phase by which a probe's own steps (all but the measured ones) have run."""
    current = "main"
    for step in steps:
        if not measured(step["op"]):
            current = later(op_phase(step["op"]), current)
    return current
