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
# OpenBLAS 0.3.21 does not know Zen 5 and picks its Haswell (AVX2) kernels; also time its AVX-512 (SkylakeX) kernels
# and compare against the faster of the two, so the ratio never flatters us.
blas512="$(OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 "$root/perf/openblas_sgemm.py" --m "$m" --n "$n" --k "$k" --threads "$t")"
echo "$ours"
echo "$blas coretype=auto"
echo "$blas512 coretype=SkylakeX"
g() { sed -n 's/.*gflops=\([0-9.]*\).*/\1/p' <<<"$1"; }
awk -v a="$(g "$ours")" -v b="$(g "$blas")" -v c="$(g "$blas512")" \
  'BEGIN { best = (b > c ? b : c); printf "ratio crystal/openblas_best=%.3f\n", a / best }'
