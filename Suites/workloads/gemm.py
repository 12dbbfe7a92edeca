#!/usr/bin/env python3
"""A small bf16 GEMM loop for profiled workload steps (a few seconds on one GPU).

    python3 Suites/workloads/gemm.py --size 8192 --iters 20

Prints one line per timed iteration and a JSON line at the end,

    iter 3 ms 1.2345 tflops 890.1
    {"tflops_median": 890.1, "ms_median": 1.2345, "size": 8192}

Under `profile: {tool: ncu, kernels: gemm|xmma|cutlass, launch_count: 5}` Nsight Compute profiles
its matmul kernels; without a profiler the TFLOP/s line is a compute micro-benchmark of its own.
"""
import argparse
import json
import statistics
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=8192, help="M = N = K")
    parser.add_argument("--iters", type=int, default=20, help="timed iterations")
    parser.add_argument("--warmup", type=int, default=3, help="untimed iterations first")
    parser.add_argument("--device", default="cuda:0")
    args = parser.parse_args()
    try:
        import torch
    except ImportError:
        print("gemm.py: PyTorch is not installed (pip install torch)", file=sys.stderr)
        return 2
    if not torch.cuda.is_available():
        print("gemm.py: no CUDA device visible to PyTorch", file=sys.stderr)
        return 2
    n = args.size
    a = torch.randn(n, n, device=args.device, dtype=torch.bfloat16)
    b = torch.randn(n, n, device=args.device, dtype=torch.bfloat16)
    for _ in range(args.warmup):
        torch.matmul(a, b)
    torch.cuda.synchronize()
    times = []
    for i in range(args.iters):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        torch.matmul(a, b)
        end.record()
        end.synchronize()
        ms = start.elapsed_time(end)
        times.append(ms)
        print(f"iter {i} ms {ms:.4f} tflops {2 * n ** 3 / (ms / 1000) / 1e12:.1f}", flush=True)
    median = statistics.median(times)
    print(json.dumps({"tflops_median": round(2 * n ** 3 / (median / 1000) / 1e12, 1), "ms_median": round(median, 4),
                      "size": n}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
