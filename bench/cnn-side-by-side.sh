#!/usr/bin/env bash
# The CNN epoch side by side in one run (docs/benchmarks.md): Functional as a user runs it (FUNCTIONAL_BLAS_THREADS unset:
# one OpenBLAS thread and the machine's tuned split), then at 1 and 2 OpenBLAS threads for every product, then Debian's
# PyTorch at 1 and 2 threads with OpenMP and OpenBLAS pinned too. Needs a Release build and python3-torch.
set -euo pipefail
cd "$(dirname "$0")/.."
lscpu | grep "Model name"
echo "== Functional, tuned (FUNCTIONAL_BLAS_THREADS unset)"
env -u FUNCTIONAL_BLAS_THREADS dotnet bench/Functional.Bench/bin/Release/net10.0/Functional.Bench.dll cnn --epochs 2
for t in 1 2; do
  echo "== Functional, FUNCTIONAL_BLAS_THREADS=$t"
  FUNCTIONAL_BLAS_THREADS=$t dotnet bench/Functional.Bench/bin/Release/net10.0/Functional.Bench.dll cnn --epochs 2
done
for t in 1 2; do
  echo "== PyTorch, $t thread(s), OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t"
  OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t /usr/bin/python3 bench/peer_torch.py --workload cnn --threads "$t" --repetitions 2
done
