#!/usr/bin/env bash
# Runs ON the GPU machine, from the repo root, with publish/gpu carried (made by tools/gpu-run.sh):
#   1. unpacks the self-contained `crystal` (no .NET needed there) into /tmp/crystal-app
#   2. builds native/*.cu with CMake + nvcc into fatbins (build/gpu/native) and sets CRYSTALKERNELS_FATBIN_DIR;
#      without nvcc the step is skipped with a message and the kernels are compiled by NVRTC at run time
#   3. crystal selfcheck --device cuda (with the fatbins, then the native checks again through NVRTC),
#      and selfcheck --device cpu as a control
#   4. crystal bench step / gemm / rotate (CPU benchmarks; no verb has a --device cuda bench yet)
# Every line goes to <results>/all.log and per-step files; <results> is $OUT when set (the device tool brings it
# back), else publish/gpu-results/<time>. At most 8 files (the device tool's limit): all.log env.txt cmake.txt
# selfcheck.txt bench.txt summary.txt.
# Exit code: the exit code of `selfcheck --device cuda` when non-zero (1 a check failed, 3 CUDA unavailable),
# else 1 when another step failed, else 0. On a machine without CUDA it still runs every step to the end.
set -uo pipefail
cd "$(dirname "$0")/.."
res="${OUT:-$PWD/publish/gpu-results/$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$res"
bundle=publish/gpu
app="${CRYSTAL_APP_DIR:-/tmp/crystal-app}"
crystal="$app/crystal"
declare -a steps=()
other_failed=0
selfcheck_rc=0

exec > >(tee -a "$res/all.log") 2>&1
tee_pid=$!

# step NAME FILE TIMEOUT_S COMMAND...: runs one step, its output appended to FILE (and all.log), records its exit code.
step() {
  local name="$1" file="$2" limit="$3"; shift 3
  echo "=== $name: $*" | tee -a "$res/$file"
  local t0=$SECONDS
  timeout "$limit" "$@" 2>&1 | tee -a "$res/$file"
  local rc=${PIPESTATUS[0]}
  echo "=== $name: exit $rc ($((SECONDS - t0)) s)" | tee -a "$res/$file"
  steps+=("$name: exit $rc")
  return "$rc"
}

note() { local f="$1"; shift; echo "=== $*" | tee -a "$res/$f"; }

# Closes the log pipe and waits for tee, so all.log is complete before the device tool collects $OUT.
finish() {
  exec 1>&- 2>&-
  wait "$tee_pid" 2>/dev/null
  exit "$1"
}

echo "gpu-remote: results in $res"

# 1. The app.
if [ ! -f "$bundle/crystal-linux-x64.tar.xz" ]; then
  echo "gpu-remote: $bundle/crystal-linux-x64.tar.xz missing: run tools/gpu-run.sh here, then carry [\"publish/gpu\"]" | tee "$res/summary.txt"
  finish 2
fi
rm -rf "$app" && mkdir -p "$app"
if command -v xz >/dev/null; then
  tar -C "$app" -xJf "$bundle/crystal-linux-x64.tar.xz"
else
  python3 -m tarfile -e "$bundle/crystal-linux-x64.tar.xz" "$app"
fi
chmod +x "$crystal"

# 2. Versions and the GPU (env.txt).
nvcc="$(command -v nvcc || true)"
[ -z "$nvcc" ] && [ -x /usr/local/cuda/bin/nvcc ] && nvcc=/usr/local/cuda/bin/nvcc
if [ -n "$nvcc" ] && [ -z "${CUDA_HOME:-}" ]; then
  # NativeLibraries looks for libnvrtc/libcublas under $CUDA_HOME/lib64 and targets/x86_64-linux/lib.
  export CUDA_HOME="$(dirname "$(dirname "$(readlink -f "$nvcc")")")"
fi
{
  cat "$bundle/MANIFEST" 2>/dev/null
  echo "--- uname"; uname -a
  echo "--- cpu"; nproc; grep -m1 'model name' /proc/cpuinfo
  echo "--- crystal version"; "$crystal" version
  echo "--- nvidia-smi"
  if command -v nvidia-smi >/dev/null; then
    nvidia-smi 2>&1
    nvidia-smi --query-gpu=name,compute_cap,driver_version,memory.total,clocks.max.sm --format=csv 2>&1
  else
    echo "nvidia-smi: not found"
  fi
  echo "--- nvcc"; if [ -n "$nvcc" ]; then "$nvcc" --version; else echo "nvcc: not found"; fi
  echo "--- cmake"; cmake --version 2>&1 | head -1 || echo "cmake: not found"
  echo "--- CUDA_HOME=${CUDA_HOME:-(unset)}"
  echo "--- CUDA libraries (ldconfig)"; ldconfig -p 2>/dev/null | grep -E 'libcuda\.so|libnvrtc\.so|libcublas\.so' || echo "none on the loader path"
  if [ -n "${CUDA_HOME:-}" ]; then ls "$CUDA_HOME"/lib64/libnvrtc.so* "$CUDA_HOME"/lib64/libcublas.so* 2>&1; fi
} > "$res/env.txt" 2>&1
cat "$res/env.txt"

# 3. Fatbins (cmake.txt).
unset CRYSTALKERNELS_FATBIN_DIR
if [ -z "$nvcc" ]; then
  note cmake.txt "cmake: nvcc not found: fatbin build skipped; the native kernels are compiled by NVRTC at run time"
  steps+=("cmake: skipped (no nvcc)")
elif ! command -v cmake >/dev/null; then
  note cmake.txt "cmake: cmake not found: fatbin build skipped; NVRTC compiles the kernels at run time"
  steps+=("cmake: skipped (no cmake)")
else
  arch="${CK_CUDA_ARCHITECTURES:-$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | head -1 | tr -d '. ')}"
  arch="${arch:-80;90}"
  if step cmake-configure cmake.txt 300 cmake -S . -B build/gpu -DCMAKE_CUDA_COMPILER="$nvcc" "-DCK_CUDA_ARCHITECTURES=$arch" &&
     step cmake-build cmake.txt 300 cmake --build build/gpu -j "$(nproc)"; then
    if ls build/gpu/native/*.fatbin >/dev/null 2>&1; then
      export CRYSTALKERNELS_FATBIN_DIR="$PWD/build/gpu/native"
      ls -l build/gpu/native | tee -a "$res/cmake.txt"
    else
      note cmake.txt "cmake: no fatbin was built; NVRTC compiles the kernels at run time"
    fi
  else
    other_failed=1
  fi
fi

# 4. Self-checks (selfcheck.txt).
step "selfcheck cuda" selfcheck.txt 420 "$crystal" selfcheck --device cuda
selfcheck_rc=$?
if [ -n "${CRYSTALKERNELS_FATBIN_DIR:-}" ]; then
  # The same native checks through the other loader path: NVRTC at run time instead of the nvcc fatbins.
  CRYSTALKERNELS_FATBIN_DIR= step "selfcheck cuda native via NVRTC" selfcheck.txt 300 "$crystal" selfcheck --device cuda --filter native/ || other_failed=1
fi
step "selfcheck cpu" selfcheck.txt 120 "$crystal" selfcheck --device cpu || other_failed=1

# 5. Benchmarks (bench.txt). CPU benchmarks on the GPU machine's cores; no bench has --device cuda yet.
if [ -f "$bundle/timing-batch.csv.gz" ]; then
  step "bench step" bench.txt 300 "$crystal" bench step --data "$bundle/timing-batch.csv.gz" || other_failed=1
else
  note bench.txt "bench step: skipped ($bundle/timing-batch.csv.gz not carried; gpu-run.sh found no MP-20 data)"
  steps+=("bench step: skipped (no timing batch)")
fi
step "bench gemm" bench.txt 120 "$crystal" bench gemm || other_failed=1
step "bench rotate" bench.txt 120 "$crystal" bench rotate || other_failed=1
for verb in $("$crystal" bench --help 2>/dev/null | awk '/^Commands:/ {on=1; next} on && NF {print $1}'); do
  if "$crystal" bench "$verb" --help 2>/dev/null | grep -q -- '--device'; then
    step "bench $verb --device cuda" bench.txt 300 "$crystal" bench "$verb" --device cuda || other_failed=1
  fi
done

# 6. Summary.
{
  echo "gpu-remote $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  grep -m1 '^commit' "$bundle/MANIFEST" 2>/dev/null
  nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null || echo "nvidia-smi: not found"
  echo "CRYSTALKERNELS_FATBIN_DIR=${CRYSTALKERNELS_FATBIN_DIR:-(unset: NVRTC)}"
  printf '%s\n' "${steps[@]}"
  grep -E '^[0-9]+ passed, [0-9]+ failed' "$res/selfcheck.txt" | sed 's/^/selfcheck: /'
  grep -E '^FAIL ' "$res/selfcheck.txt"
} > "$res/summary.txt"
echo "=== summary"; cat "$res/summary.txt"
if [ "$selfcheck_rc" -ne 0 ]; then finish "$selfcheck_rc"; fi
finish "$other_failed"
