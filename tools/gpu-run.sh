#!/usr/bin/env bash
# Prepares a GPU-machine run (the device tool's `run`; that machine has CUDA 13, nvcc and CMake but no .NET and no
# network). Run it HERE, in the checkout the session was started in (the device tool sends that checkout, not a
# helper's worktree), then call `run` with carry ["publish/gpu"] and command "bash tools/gpu-remote.sh" (README, GPU machine).
#   tools/gpu-run.sh            publish + pack into publish/gpu/ (ignored)
# What it makes (publish/ is git-ignored, so it travels only when carried):
#   publish/gpu-app/                 the self-contained, UNtrimmed linux-x64 publish of `crystal` (~85 MiB, not carried;
#                                    trimming breaks ILGPU, toolchain.md section 2)
#   publish/gpu/crystal-linux-x64.tar.xz   that folder packed (carried; gpu-remote.sh unpacks it with tar -xJf, or
#                                    python3 -m tarfile -e where xz is missing, into /tmp/crystal-app)
#   publish/gpu/timing-batch.csv.gz  header + first 8 rows of MP-20 test_public.csv.gz (the timing batch of
#                                    `crystal bench step`; ../shared does not travel)
#   publish/gpu/MANIFEST             commit, date, sizes, sha256
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
limit=$((64 * 1024 * 1024))
app=publish/gpu-app
bundle=publish/gpu
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }

echo "gpu-run: dotnet publish (self-contained linux-x64, untrimmed) -> $app"
rm -rf "$app" "$bundle"
mkdir -p "$bundle"
nice -n 10 dotnet publish src/CrystalKernels.Cli -c Release -r linux-x64 --self-contained \
  -p:PublishTrimmed=false -p:InvariantGlobalization=true -o "$app" -nologo -v quiet
[ -x "$app/crystal" ] || { echo "gpu-run: publish produced no $app/crystal" >&2; exit 1; }
app_bytes=$(du -sb "$app" | cut -f1)
echo "gpu-run: published $(find "$app" -type f | wc -l) files, $(mib "$app_bytes")"

# The folder is over the 64 MiB carry limit by itself: pack it with xz (about a third of its size).
echo "gpu-run: packing $bundle/crystal-linux-x64.tar.xz"
tar -C "$app" -cf - . | nice -n 10 xz -T2 -6 > "$bundle/crystal-linux-x64.tar.xz"

shared="${CRYSTALKERNELS_SHARED:-}"
for cand in "$shared" "$root/../shared" "$root/../../shared"; do
  if [ -n "$cand" ] && [ -f "$cand/data/mp20/test_public.csv.gz" ]; then shared="$cand"; break; fi
done
if [ -f "$shared/data/mp20/test_public.csv.gz" ]; then
  # Quoted CIF fields span lines, so rows are cut with a CSV reader, not head.
  python3 - "$shared/data/mp20/test_public.csv.gz" "$bundle/timing-batch.csv.gz" <<'PY'
import csv, gzip, sys
with gzip.open(sys.argv[1], "rt", newline="") as src, gzip.open(sys.argv[2], "wt", newline="") as dst:
    r, w = csv.reader(src), csv.writer(dst, lineterminator="\n")
    for i, row in enumerate(r):
        if i > 8:
            break
        w.writerow(row)
PY
  echo "gpu-run: timing batch (8 crystals) from $shared/data/mp20/test_public.csv.gz"
else
  echo "gpu-run: MP-20 test_public.csv.gz not found (set CRYSTALKERNELS_SHARED); gpu-remote.sh will skip bench step"
fi

bundle_bytes=$(du -sb "$bundle" | cut -f1)
# What else travels: tracked files plus untracked files git does not ignore.
tree_bytes=$(git ls-files -z --cached --others --exclude-standard | du -cb --files0-from=- 2>/dev/null | tail -1 | cut -f1)
total=$((bundle_bytes + tree_bytes))
{
  echo "commit $(git rev-parse HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (+ uncommitted changes)')"
  echo "made $(date -u +%Y-%m-%dT%H:%M:%SZ) by tools/gpu-run.sh"
  echo "publish folder $app_bytes bytes ($(mib "$app_bytes")), not carried"
  (cd "$bundle" && for f in *; do [ "$f" = MANIFEST ] || echo "$f $(stat -c %s "$f") bytes sha256 $(sha256sum "$f" | cut -d' ' -f1)"; done)
  echo "carried total with the working tree: $total bytes ($(mib "$total")) of the 64 MiB limit"
} > "$bundle/MANIFEST"
cat "$bundle/MANIFEST"
if [ "$total" -gt "$limit" ]; then
  echo "gpu-run: $(mib "$total") exceeds the device tool's 64 MiB (working tree + carried paths)" >&2
  exit 1
fi
cat <<EOT

gpu-run: ready. Device tool call (from this checkout):
  run  carry: ["publish/gpu"]  command: "bash tools/gpu-remote.sh"  timeout_s: 600
Results come back from \$OUT (all.log, env.txt, cmake.txt, selfcheck.txt, bench.txt, summary.txt).
EOT
