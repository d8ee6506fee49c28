"""Run every benchmark and regenerate the results table in docs/benchmarks.md.

    .venv/bin/python benchmarks/run_all.py [--runs 5] [--quick] [--skip save_to_verdict ...]

Runs grading_engine.py (with --check-all), gradcheck_vs_torch.py and save_to_verdict.py one
after the other (each with --json into benchmarks/results/NAME.json, the data behind the table),
then rewrites the part of docs/benchmarks.md between the "results" markers; the text
around them (what the numbers mean, the gaps and their causes) is kept. A benchmark
left out with --skip keeps its last record. --quick: 3 runs each, for trying it out.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import _common  # noqa: F401 - one BLAS thread for every benchmark it starts

from _common import ROOT

DOC = ROOT / "docs" / "benchmarks.md"
RESULTS = ROOT / "benchmarks" / "results"
BEGIN, END = "<!-- results:begin (benchmarks/run_all.py writes this part) -->", "<!-- results:end -->"
BENCHMARKS = ("grading_engine", "gradcheck_vs_torch", "save_to_verdict")
NO_GPU = ("no GPU: this task's machine had none (and the task was lent no device), so nothing ran on a GPU; "
          "`DLFS2_GPU=1 python benchmarks/backend_check.py` is the check to run where there is one")


def run(name: str, runs: int, out: Path) -> dict | None:
    cmd = [sys.executable, str(ROOT / "benchmarks" / f"{name}.py"), "--runs", str(runs), "--json", str(out)]
    if name == "grading_engine":
        cmd.append("--check-all")
    print(f"$ {' '.join(cmd[1:])}", flush=True)
    proc = subprocess.run(cmd, cwd=ROOT)
    if proc.returncode != 0 or not out.is_file():
        print(f"{name} failed (exit {proc.returncode}): left out of the table", file=sys.stderr)
        return None
    return json.loads(out.read_text(encoding="utf-8"))


def ms(timing: dict) -> str:
    return f"{timing['median'] * 1000:.0f}"


def grading_table(record: dict) -> list[str]:
    numpy_import = record["numpy_import"]["median"]
    lines = [
        f"### Grading latency per exercise (reference solution, median of {record['runs']} runs)",
        "",
        f"`python -c \"import numpy\"` in the same run: {numpy_import * 1000:.0f} ms median "
        f"({record['numpy_import']['min'] * 1000:.0f}–{record['numpy_import']['max'] * 1000:.0f}); the CLI's "
        "ratio is to the import timed between that exercise's own runs. In the app: the grading thread's "
        "`grade(timing=False)` with the fork server warm, until its first row (loads), until every check of "
        "the probes' own steps (main rows), and until the verdict (whole). ✔ a target met, ✘ not.",
        "",
        "| exercise | ch. | app: first row (ms) | app: main rows (ms) | app: whole verdict (ms) "
        "| whole / import numpy | CLI (ms) | CLI / import numpy | of it, timed calls (ms) | CLI less its timed "
        "calls / import numpy | CLI target | load (1 min) | GPU |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|",
    ]
    for row in record["rows"]:
        first, whole, ratio = row["first"]["median"], row["whole"]["median"], row["cli_ratio"]
        load = row.get("load", "").replace("load average ", "").split(" ")[0]
        untimed = row.get("untimed_ratio", ratio)
        lines.append(
            f"| {row['id']} | {row['chapter']} | {ms(row['first'])} {'✔' if first <= 0.150 else '✘'} "
            f"| {ms(row['main'])} | {ms(row['whole'])} {'✔' if whole <= 0.500 else '✘'} "
            f"| {whole / row['numpy_import']['median']:.2f}× | {ms(row['cli'])} "
            f"| {ratio:.2f}× {'✔' if ratio <= row['cli_target'] else '✘'} "
            f"| {row.get('timing_cost', 0) * 1000:.0f} | {untimed:.2f}× {'✔' if untimed <= row['cli_target'] else '✘'} "
            f"| ≤ {row['cli_target']:.0f}×{' (training)' if row['training'] else ''} | {load} | no GPU |")
    check = record.get("check_all")
    if check:
        seconds = check["seconds"]
        lines += ["", f"`workbench check --all` on a workspace holding every reference ({check['exercises']} "
                      "exercises): " + ", ".join(f"{name} {value:.1f} s" for name, value in seconds.items())
                  + f" (target ≤ 60 s: {'met' if max(seconds.values()) <= 60 else 'not met'})."]
    return lines


def save_table(record: dict) -> list[str]:
    medians = record["medians"]
    lines = [
        f"### TUI save → first row and whole verdict on screen ({2 * record['runs']} saves of each kind, "
        "median, ms, fork server)",
        "",
        "| exercise | way of saving | first row | whole verdict | first row ≤ 150 ms | GPU |",
        "|---|---|---:|---:|---|---|",
    ]
    for exercise, by_start in medians.items():
        for way, m in by_start["forked"].items():
            lines.append(f"| {exercise} | {way} | {m['first'] * 1000:.0f} | {m['whole'] * 1000:.0f} "
                         f"| {'met' if m['first'] <= 0.150 else 'not met'} | no GPU |")
    return lines


def gradcheck_table(record: dict) -> list[str]:
    if "skipped" in record:
        return ["### gradcheck against torch.autograd.gradcheck", "", f"Skipped: {record['skipped']}."]
    rows = {r["check"]: r for r in record["rows"]}
    slow, fast = rows["torch slow"]["time"]["median"], rows["torch fast_mode"]["time"]["median"]
    lines = [
        f"### gradcheck against torch.autograd.gradcheck (TimeLSTM N=4 T=5 D=H=8, float64, torch "
        f"{record['torch']}, median of {record['runs']} rounds; measured {record.get('machine', {}).get('date', '?')}, "
        f"load average {record.get('machine', {}).get('load_average')})",
        "",
        f"Planted bug in both: `{record['bug'][0]}` → `{record['bug'][1]}`. "
        f"The two layers agree to {record['agreement']:.0e} (forward and gradients).",
        "",
        "| check | median (ms) | passes the right layer | catches the bug | × torch slow | × torch fast_mode | GPU |",
        "|---|---:|---|---|---:|---:|---|",
    ]
    for name, row in rows.items():
        t = row["time"]["median"]
        caught = "n/a (autograd's backward)" if row["catches_bug"] is None else "yes" if row["catches_bug"] else "NO"
        lines.append(f"| {name} | {t * 1000:.1f} | {'yes' if row['passes_right'] else 'NO'} "
                     f"| {caught} | {t / slow:.3f} | {t / fast:.2f} | no GPU |")
    return lines


def targets(records: dict) -> list[str]:
    lines = ["### Targets", "", "| target | measured | |", "|---|---|---|"]
    save = records.get("save_to_verdict")
    if save and "exercises" in save:
        for exercise, by_start in save["medians"].items():
            for way, m in by_start["forked"].items():
                lines.append(f"| TUI save → first row ≤ 150 ms median, {exercise}, {way} | {m['first'] * 1000:.0f} ms "
                             f"| {'met' if m['first'] <= 0.150 else 'not met'} |")
    grading = records.get("grading_engine")
    if grading and grading["rows"] and "first" in grading["rows"][0]:
        rows = grading["rows"]
        worst = max(rows, key=lambda r: r["first"]["median"])
        lines.append(f"| first row ≤ 150 ms in the app, every exercise | slowest {worst['id']}: "
                     f"{worst['first']['median'] * 1000:.0f} ms | {'met' if worst['first']['median'] <= 0.150 else 'not met'} |")
        over = [r["id"] for r in rows if r["whole"]["median"] > 0.500]
        worst = max(rows, key=lambda r: r["whole"]["median"])
        lines.append(f"| whole verdict ≤ 500 ms in the app, every exercise | slowest {worst['id']}: "
                     f"{worst['whole']['median'] * 1000:.0f} ms | "
                     f"{'met' if not over else 'not met: ' + ', '.join(over)} |")
        for training in (False, True):
            group = [r for r in rows if r["training"] == training]
            if group:
                worst = max(group, key=lambda r: r["cli_ratio"])
                target = group[0]["cli_target"]
                over = [r["id"] for r in group if r["cli_ratio"] > target]
                lines.append(f"| CLI ≤ {target:.0f}× `python -c \"import numpy\"`, exercises "
                             f"{'with' if training else 'without'} training | slowest {worst['id']}: "
                             f"{worst['cli_ratio']:.2f}× | {'met' if not over else 'not met: ' + ', '.join(over)} |")
                worst = max(group, key=lambda r: r.get("untimed_ratio", r["cli_ratio"]))
                over = [r["id"] for r in group if r.get("untimed_ratio", r["cli_ratio"]) > target]
                lines.append(f"| the same, less the speed checks' timed calls | slowest {worst['id']}: "
                             f"{worst.get('untimed_ratio', worst['cli_ratio']):.2f}× "
                             f"| {'met' if not over else 'not met: ' + ', '.join(over)} |")
        check = grading.get("check_all")
        if check:
            slowest = max(check["seconds"].values())
            lines.append(f"| `workbench check --all` ≤ 60 s | {slowest:.1f} s | {'met' if slowest <= 60 else 'not met'} |")
    check = records.get("gradcheck_vs_torch")
    if check and "skipped" not in check:
        lines.append(f"| our full check ≤ 0.3 × torch's slow mode | {check['full_over_slow']:.3f} × "
                     f"| {'met' if check['full_over_slow'] <= 0.3 else 'not met'} |")
        lines.append(f"| our fastest mode ≤ 1 × torch's fast mode | {check['fastest']}: "
                     f"{check['fastest_over_fast']:.2f} × | {'met' if check['fastest_over_fast'] <= 1 else 'not met'} |")
        caught = all(r["catches_bug"] is not False and r["passes_right"] for r in check["rows"])
        lines.append(f"| the planted bug caught by both | every mode of both | {'met' if caught else 'not met'} |")
    return lines


def render(records: dict) -> str:
    machine = next((r["machine"] for r in records.values() if r and "machine" in r), {})
    loads = "; ".join(f"{name} {r['machine'].get('load_average')} ({r['machine'].get('date', '?')})"
                      for name, r in records.items() if r and "machine" in r)
    lines = [
        BEGIN,
        "",
        f"Measured {machine.get('date', '?')} on {machine.get('platform', '?')}, {machine.get('cpus', '?')} CPUs "
        f"(shared with other work: load average at the end of each benchmark: {loads}), Python "
        f"{machine.get('python', '?')}, numpy {machine.get('numpy', '?')}, one BLAS thread.",
        "",
        f"**GPU column:** {NO_GPU}.",
        "",
    ]
    for name, table in (("grading_engine", grading_table), ("save_to_verdict", save_table),
                        ("gradcheck_vs_torch", gradcheck_table)):
        if records.get(name):
            lines += table(records[name]) + [""]
    lines += targets(records) + ["", END]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="3 runs of each")
    parser.add_argument("--skip", nargs="*", default=[], choices=BENCHMARKS)
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs
    records = {}
    RESULTS.mkdir(exist_ok=True)
    for name in BENCHMARKS:
        record = RESULTS / f"{name}.json"
        if name in args.skip:
            records[name] = json.loads(record.read_text(encoding="utf-8")) if record.is_file() else None
            continue
        with tempfile.TemporaryDirectory() as tmp:
            records[name] = run(name, runs if name != "gradcheck_vs_torch" else max(runs, 7), Path(tmp) / "out.json")
            if records[name] is not None and "skipped" in records[name] and record.is_file():
                # torch is not installed here: the last measurement that had it stays (with its date)
                print(f"{name}: {records[name]['skipped']}; the table keeps the record of "
                      f"{json.loads(record.read_text(encoding='utf-8')).get('machine', {}).get('date', '?')}")
                records[name] = json.loads(record.read_text(encoding="utf-8"))
            elif records[name] is not None:
                record.write_text(json.dumps(records[name], indent=1), encoding="utf-8")
    block = render(records)
    text = DOC.read_text(encoding="utf-8") if DOC.is_file() else ""
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        text = (text or "# Benchmarks\n\n") + "\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
