#!/usr/bin/env bash
# The lab's workloads side by side in one run (docs/benchmarks.md): Functional's `bench train` at its one OpenBLAS thread,
# then Debian's PyTorch pinned to 1 and to 2 threads (torch, OpenMP and OpenBLAS; the peer prints the cores it kept busy),
# then Functional again. Needs a Release build (dotnet build Functional.sln -c Release) and python3-torch.
set -euo pipefail
cd "$(dirname "$0")/.."
lscpu | grep "Model name"
repetitions=${1:-5}
echo "== Functional, FUNCTIONAL_BLAS_THREADS=1"
FUNCTIONAL_BLAS_THREADS=1 dotnet bench/Functional.Bench/bin/Release/net10.0/Functional.Bench.dll train --repetitions "$repetitions"
for t in 1 2; do
  echo "== PyTorch, $t thread(s)"
  /usr/bin/python3 bench/peer_torch.py --threads "$t" --repetitions "$repetitions"
done
echo "== Functional again, FUNCTIONAL_BLAS_THREADS=1"
FUNCTIONAL_BLAS_THREADS=1 dotnet bench/Functional.Bench/bin/Release/net10.0/Functional.Bench.dll train --repetitions "$repetitions"
