#!/usr/bin/python3
"""OpenBLAS SGEMM throughput through numpy, in the same line format as `crystal bench gemm`.

Run with Debian's /usr/bin/python3 (its numpy links libblas.so.3, which update-alternatives points at
openblas-pthread). OPENBLAS_NUM_THREADS must be set before numpy is imported, so --threads is applied by
re-executing this script with the variable set.
"""
import argparse
import os
import statistics
import sys
import time

# (m, n, k, transA, transB): the same list as BenchGemmCommand.ModelShapes.
MODEL_SHAPES = [
    (40000, 64, 64, False, False),
    (40000, 128, 128, False, False),
    (40000, 512, 128, False, False),
    (40000, 128, 512, False, False),
    (10000, 1024, 1024, False, False),
    (10000, 1024, 256, False, False),
    (40000, 128, 512, False, True),
    (512, 128, 40000, True, False),
    (1024, 1024, 10000, True, False),
]


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--m", type=int, default=1024)
    p.add_argument("--n", type=int, default=1024)
    p.add_argument("--k", type=int, default=1024)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--trans", default="nn", choices=["nn", "tn", "nt", "tt"])
    p.add_argument("--shapes", choices=["model"])
    p.add_argument("--runs", type=int, default=9)
    p.add_argument("--warmup", type=int, default=3)
    args = p.parse_args()

    if os.environ.get("OPENBLAS_NUM_THREADS") != str(args.threads):
        os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
        os.execv(sys.executable, [sys.executable] + sys.argv)

    import numpy as np

    check_openblas(np)
    shapes = MODEL_SHAPES if args.shapes == "model" else [
        (args.m, args.n, args.k, args.trans[0] == "t", args.trans[1] == "t")]
    rng = np.random.default_rng(1)
    for m, n, k, ta, tb in shapes:
        # Stored operands as crystal stores them; .T is a free view that numpy hands to sgemm as a transpose flag.
        a = (rng.random((k, m) if ta else (m, k), dtype=np.float32) - 0.5)
        b = (rng.random((n, k) if tb else (k, n), dtype=np.float32) - 0.5)
        opa = a.T if ta else a
        opb = b.T if tb else b
        c = np.empty((m, n), dtype=np.float32)
        for _ in range(args.warmup):
            np.matmul(opa, opb, out=c)
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            np.matmul(opa, opb, out=c)
            times.append(time.perf_counter() - t0)
        gflops = 2.0 * m * n * k / statistics.median(times) / 1e9
        trans = f" trans={'t' if ta else 'n'}{'t' if tb else 'n'}" if ta or tb else ""
        print(f"openblas_sgemm m={m} n={n} k={k} threads={args.threads}{trans} gflops={gflops:.1f}", flush=True)


def check_openblas(np):
    """Refuse to report a number unless the BLAS numpy loaded is OpenBLAS."""
    maps = open("/proc/self/maps").read()
    if "openblas" not in maps:
        sys.exit("openblas_sgemm: numpy did not load OpenBLAS (check update-alternatives --display "
                 "libblas.so.3-x86_64-linux-gnu); refusing to report a reference BLAS figure")


if __name__ == "__main__":
    main()
