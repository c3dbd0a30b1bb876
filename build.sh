#!/usr/bin/env bash
# Build verbs for CrystalKernels (bash twin of build.ps1; same verbs, same commands).
#   ./build.sh build | test | bench [crystal bench args] | publish [rid] | ci
set -euo pipefail
cd "$(dirname "$0")"
verb="${1:-build}"; shift || true
case "$verb" in
  build)   dotnet build CrystalKernels.sln -c Release ;;
  test)    dotnet test CrystalKernels.sln -c Release "$@" ;;
  bench)   dotnet run --project src/CrystalKernels.Cli -c Release -- bench "$@" ;;
  publish) rid="${1:-linux-x64}"
           dotnet publish src/CrystalKernels.Cli -c Release -r "$rid" --self-contained -p:InvariantGlobalization=true -o "publish/$rid" ;;
  ci)      bash .ci/run ;;
  *) echo "usage: build.sh build|test|bench|publish|ci" >&2; exit 2 ;;
esac
