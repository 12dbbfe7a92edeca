#!/usr/bin/env python3
"""Compute and memory micro-benchmarks per GPU, each GPU alone and then all at once (issue 14).

    python3 Suites/workloads/gpu_micro.py --seconds 2

One JSON line per result, labelled so dsbench keeps one series per GPU, dtype and mode:

    {"gemm_tflops": 781.2, "gpu": 0, "dtype": "bf16", "mode": "alone"}
    {"copy_gbps": 3952.0, "gpu": 0, "mode": "all"}
    {"triad_gbps": 4010.5, "gpu": 0, "mode": "all"}
    {"sm_clock_mhz": 1980, "gpu": 0, "mode": "all"}   (clocks after the run, from nvidia-smi)

GEMM: an 8192³ matmul per dtype the GPU runs (bf16, fp16, tf32, fp8 through torch._scaled_mm on
compute capability ≥ 8.9), repeated for --seconds. Memory: a 1 GiB device copy (2 bytes moved per
byte) and a triad c = a + s·b (3 per byte). "all" runs every GPU at once (a weak power supply or
cooling shows only then); nvidia-smi's clocks and active throttle reasons are printed after each
mode, beside dmon. Exits 77 (skipped, with the reason on stderr) without PyTorch or a CUDA GPU.
"""
import argparse
import json
import subprocess
import sys
import time

SKIP = 77


def emit(**fields):
    print(json.dumps(fields), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="per measurement, after a warm-up")
    parser.add_argument("--size", type=int, default=8192, help="GEMM M = N = K")
    parser.add_argument("--mem-gib", type=float, default=1.0, help="buffer size of the memory tests")
    args = parser.parse_args()
    try:
        import torch
    except ImportError:
        print("gpu_micro.py: PyTorch is not installed: install it (pip install torch) to run the "
              "GEMM and memory-bandwidth step", file=sys.stderr)
        return SKIP
    if not torch.cuda.is_available():
        print("gpu_micro.py: no CUDA GPU visible to PyTorch", file=sys.stderr)
        return SKIP
    torch.backends.cuda.matmul.allow_tf32 = True
    devices = list(range(torch.cuda.device_count()))
    for mode, groups in (("alone", [[d] for d in devices]), ("all", [devices])):
        for group in groups:
            for dtype in dtypes(torch, group[0]):
                for gpu, tflops in run_gemm(torch, group, dtype, args).items():
                    emit(gemm_tflops=round(tflops, 1), gpu=gpu, dtype=dtype, mode=mode)
            for kind, per_gpu in run_memory(torch, group, args).items():
                for gpu, gbps in per_gpu.items():
                    emit(**{f"{kind}_gbps": round(gbps, 1), "gpu": gpu, "mode": mode})
        for gpu, clock, reasons in clocks():
            emit(sm_clock_mhz=clock, gpu=gpu, mode=mode, throttle_reasons=reasons)
    return 0


def dtypes(torch, device):
    names = ["bf16", "fp16", "tf32"]
    if torch.cuda.get_device_capability(device) >= (8, 9) and hasattr(torch, "_scaled_mm"):
        names.append("fp8")
    return names


def operands(torch, device, dtype, n):
    if dtype == "fp8":
        a = torch.randn(n, n, device=device).to(torch.float8_e4m3fn)
        b = torch.randn(n, n, device=device).to(torch.float8_e4m3fn).t()   # column-major, as _scaled_mm wants
        one = torch.tensor(1.0, device=device)
        return lambda: torch._scaled_mm(a, b, scale_a=one, scale_b=one, out_dtype=torch.bfloat16)
    torch_dtype = {"bf16": torch.bfloat16, "fp16": torch.float16, "tf32": torch.float32}[dtype]
    a = torch.randn(n, n, device=device, dtype=torch_dtype)
    b = torch.randn(n, n, device=device, dtype=torch_dtype)
    return lambda: torch.matmul(a, b)


def timed(torch, group, ops, seconds):
    """Runs each device's op together until `seconds` passed; per device: (calls, elapsed s)."""
    for device, op in zip(group, ops):
        with torch.cuda.device(device):
            op()
    for device in group:
        torch.cuda.synchronize(device)
    calls, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for device, op in zip(group, ops):
            with torch.cuda.device(device):
                op()
        calls += 1
        if calls % 8 == 0:
            for device in group:
                torch.cuda.synchronize(device)
    for device in group:
        torch.cuda.synchronize(device)
    return calls, time.perf_counter() - start


def run_gemm(torch, group, dtype, args):
    try:
        ops = [operands(torch, device, dtype, args.size) for device in group]
    except (RuntimeError, TypeError) as error:
        print(f"gpu_micro.py: {dtype} GEMM not run: {error}", file=sys.stderr)
        return {}
    try:
        calls, elapsed = timed(torch, group, ops, args.seconds)
    except RuntimeError as error:
        print(f"gpu_micro.py: {dtype} GEMM failed: {error}", file=sys.stderr)
        return {}
    flops = 2 * args.size ** 3 * calls
    return {device: flops / elapsed / 1e12 for device in group}


def run_memory(torch, group, args):
    count = int(args.mem_gib * (1 << 30) / 4)
    buffers = {d: [torch.empty(count, device=d, dtype=torch.float32).normal_() for _ in range(3)] for d in group}
    copy_ops = [lambda a=buffers[d][0], b=buffers[d][1]: b.copy_(a) for d in group]
    triad_ops = [lambda a=buffers[d][0], b=buffers[d][1], c=buffers[d][2]: torch.add(a, b, alpha=2.0, out=c) for d in group]
    results = {}
    for kind, ops, moved in (("copy", copy_ops, 2), ("triad", triad_ops, 3)):
        calls, elapsed = timed(torch, group, ops, args.seconds)
        results[kind] = {d: moved * count * 4 * calls / elapsed / 1e9 for d in group}
    return results


def clocks():
    try:
        out = subprocess.run(["nvidia-smi", "--query-gpu=index,clocks.sm,clocks_throttle_reasons.active",
                              "--format=csv,noheader,nounits"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    rows = []
    for line in out.splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) == 3 and parts[0].isdigit() and parts[1].isdigit():
            rows.append((int(parts[0]), int(parts[1]), parts[2]))
    return rows


if __name__ == "__main__":
    sys.exit(main())
