#!/usr/bin/env bash
# crystal's CpuGemm vs OpenBLAS SGEMM back to back on the same machine, and their ratio.
# Usage: perf/compare_gemm.sh [M N K THREADS]   (default 1024 1024 1024 2). Builds crystal (Release) if needed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
m="${1:-1024}"; n="${2:-1024}"; k="${3:-1024}"; t="${4:-2}"
crystal="$root/src/CrystalKernels.Cli/bin/Release/net10.0/crystal"
if [[ ! -x "$crystal" ]]; then
  dotnet build "$root/src/CrystalKernels.Cli" -c Release >/dev/null
fi
ours="$("$crystal" bench gemm --m "$m" --n "$n" --k "$k" --threads "$t")"
blas="$(/usr/bin/python3 "$root/perf/openblas_sgemm.py" --m "$m" --n "$n" --k "$k" --threads "$t")"
echo "$ours"
echo "$blas"
g() { sed -n 's/.*gflops=\([0-9.]*\).*/\1/p' <<<"$1"; }
awk -v a="$(g "$ours")" -v b="$(g "$blas")" 'BEGIN { printf "ratio crystal/openblas=%.3f\n", a / b }'
