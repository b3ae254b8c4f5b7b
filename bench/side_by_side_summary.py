#!/usr/bin/python3
"""Summarises a side-by-side log (bench/lab-side-by-side.sh or bench/cnn-side-by-side.sh): per workload, every
Functional run's median and every PyTorch run's, and the ratio of Functional's median run to PyTorch's best.

    /usr/bin/python3 bench/side_by_side_summary.py LOG

The log is the scripts' output: "== Functional ..." and "== PyTorch, T thread(s) ..." section lines, each followed by the
benchmarks' markdown rows ("| workload | median [min–max] | unit | ..."). Why: on a noisy machine one run of either
program can be 1.5x slow for a whole process (docs/benchmarks.md, "Zen 4, 2026-12-04, third session"), so a figure
is read across several runs, not from one.
"""
import re
import statistics
import sys

ROW = re.compile(r"^\| (?P<workload>[^|]+?) \| (?P<median>[0-9.]+) \[(?P<low>[0-9.]+)[–-](?P<high>[0-9.]+)\] \| (?P<unit>[^|]+?) \|")


def parse(lines):
    """[(program, workload, median, minimum, unit)] in log order; program is "Functional" or "PyTorch T".

    >>> parse(["== Functional, tuned (FUNCTIONAL_BLAS_THREADS unset), round 1",
    ...        "| MNIST MLP epoch, batch 32 | 0.257 [0.244–0.27] | s/epoch | 1.2 MiB | |",
    ...        "== Functional, FUNCTIONAL_BLAS_THREADS=2", "| MNIST MLP epoch, batch 32 | 9.9 [9.0–9.9] | s/epoch | |",
    ...        "== PyTorch, 2 thread(s), round 1", "| MNIST MLP epoch, batch 32 | 3.423 [3.284–4.429] | s/epoch | | |"])
    [('Functional', 'MNIST MLP epoch, batch 32', 0.257, 0.244, 's/epoch'), ('PyTorch 2', 'MNIST MLP epoch, batch 32', 3.423, 3.284, 's/epoch')]
    """
    program, rows = None, []
    for line in lines:
        if line.startswith("== Functional"):
            # Only the runs as a user runs them (tuned); FUNCTIONAL_BLAS_THREADS=N runs are other configurations.
            program = None if "FUNCTIONAL_BLAS_THREADS=" in line else "Functional"
        elif line.startswith("== PyTorch"):
            threads = re.search(r"(\d+) thread", line)
            program = f"PyTorch {threads.group(1) if threads else '?'}"
        elif program and (m := ROW.match(line)):
            rows.append((program, m["workload"], float(m["median"]), float(m["low"]), m["unit"].strip()))
    return rows


def summarise(rows):
    """Per workload: its unit, Functional's medians, PyTorch's medians per thread count, and the ratio of the median
    Functional run to PyTorch's best median (its fastest run at either thread count).

    >>> e = summarise([("Functional", "w", 0.42, 0.40, "s"), ("PyTorch 1", "w", 1.2, 1.1, "s"), ("PyTorch 2", "w", 3.4, 3.3, "s"),
    ...                ("Functional", "w", 0.26, 0.24, "s"), ("PyTorch 1", "w", 1.0, 0.9, "s"), ("Functional", "w", 0.25, 0.25, "s")])["w"]
    >>> e["functional"], e["torch"], round(e["ratio"], 3)
    ([0.42, 0.26, 0.25], {'PyTorch 1': [1.2, 1.0], 'PyTorch 2': [3.4]}, 0.26)
    """
    result = {}
    for program, workload, median, _, unit in rows:
        entry = result.setdefault(workload, {"unit": unit, "functional": [], "torch": {}})
        if program == "Functional":
            entry["functional"].append(median)
        else:
            entry["torch"].setdefault(program, []).append(median)
    for entry in result.values():
        best = min((min(v) for v in entry["torch"].values()), default=None)
        entry["ratio"] = statistics.median(entry["functional"]) / best if best and entry["functional"] else None
    return result


def main(path):
    with open(path, encoding="utf-8") as log:
        summary = summarise(parse(log))
    print("| workload | Functional runs (medians) | PyTorch runs (medians) | median Functional run / PyTorch's best |")
    print("|---|---|---|---:|")
    for workload, e in summary.items():
        functional = ", ".join(f"{v:g}" for v in e["functional"]) or "–"
        torch = "; ".join(f"{p}: " + ", ".join(f"{v:g}" for v in vs) for p, vs in sorted(e["torch"].items())) or "–"
        ratio = f"{e['ratio']:.3f}" if e["ratio"] is not None else "–"
        print(f"| {workload} ({e['unit']}) | {functional} | {torch} | {ratio} |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: side_by_side_summary.py LOG")
    main(sys.argv[1])
