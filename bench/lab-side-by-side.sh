#!/usr/bin/env bash
# The lab's workloads side by side in one run (docs/benchmarks.md): Functional's `bench train` as a user runs it (one
# OpenBLAS thread, and the machine's cached tuning: kernels, and which products are split over two threads; its header
# line names both), then Debian's PyTorch pinned to 1 and to 2 threads (torch, OpenMP and OpenBLAS; the peer prints the cores it kept busy),
# then Functional again. With ROUNDS > 1 the three are alternated ROUNDS times before the last Functional run: on a noisy
# machine a whole process can run 1.5x slow, so figures are read across runs. Last, a summary table of every run's
# medians and the ratio of Functional's median run to PyTorch's best (bench/side_by_side_summary.py).
# Usage: bash bench/lab-side-by-side.sh [REPETITIONS (5)] [ROUNDS (1)]. Needs a Release build
# (dotnet build Functional.sln -c Release) and python3-torch.
set -euo pipefail
cd "$(dirname "$0")/.."
repetitions=${1:-5}
rounds=${2:-1}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
unset FUNCTIONAL_BLAS_THREADS
{
  lscpu | grep "Model name"
  for round in $(seq "$rounds"); do
    echo "== Functional, tuned (FUNCTIONAL_BLAS_THREADS unset), round $round"
    dotnet bench/Functional.Bench/bin/Release/net10.0/Functional.Bench.dll train --repetitions "$repetitions"
    for t in 1 2; do
      echo "== PyTorch, $t thread(s), round $round"
      /usr/bin/python3 bench/peer_torch.py --threads "$t" --repetitions "$repetitions"
    done
  done
  echo "== Functional again, tuned"
  dotnet bench/Functional.Bench/bin/Release/net10.0/Functional.Bench.dll train --repetitions "$repetitions"
} | tee "$log"
echo "== Summary"
/usr/bin/python3 bench/side_by_side_summary.py "$log"
