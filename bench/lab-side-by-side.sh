#!/usr/bin/env bash
# The lab's workloads side by side in one run (docs/benchmarks.md): Functional's `bench train` as a user runs it (one
# OpenBLAS thread, and the machine's cached tuning: kernels, and which products are split over two threads; its header
# line names both), then Debian's PyTorch pinned to 1 and to 2 threads (torch, OpenMP and OpenBLAS; the peer prints the cores it kept busy),
# then Functional again. Needs a Release build (dotnet build Functional.sln -c Release) and python3-torch.
set -euo pipefail
cd "$(dirname "$0")/.."
lscpu | grep "Model name"
repetitions=${1:-5}
unset FUNCTIONAL_BLAS_THREADS
echo "== Functional, tuned (FUNCTIONAL_BLAS_THREADS unset)"
dotnet bench/Functional.Bench/bin/Release/net10.0/Functional.Bench.dll train --repetitions "$repetitions"
for t in 1 2; do
  echo "== PyTorch, $t thread(s)"
  /usr/bin/python3 bench/peer_torch.py --threads "$t" --repetitions "$repetitions"
done
echo "== Functional again, tuned"
dotnet bench/Functional.Bench/bin/Release/net10.0/Functional.Bench.dll train --repetitions "$repetitions"
