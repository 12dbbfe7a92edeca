#!/usr/bin/env python3
"""Tiny DDP training job for dsbench workload steps (a few seconds; one process per GPU).

    python3 -m torch.distributed.run --standalone --nproc_per_node=N tiny_ddp.py \
        --steps 40 --trace-file /tmp/dsbench-tiny-ddp-trace.json.gz

Rank 0 prints one line per step,

    step 12 loss 3.2100 samples_per_s 1234.5 step_ms 45.6

and a JSON line at the end ({"final_loss": …, "max_mem_gib": …}). With --trace-file, rank 0
profiles steps --prof-start .. --prof-start+4 (CPU and CUDA) and writes a gzipped Chrome trace.
The model is an MLP stack large enough that the gradient all-reduce is visible beside compute.
"""
import argparse
import gzip
import json
import os
import shutil
import sys
import time

import torch
import torch.distributed as dist
import torch.nn as nn
from torch.nn.parallel import DistributedDataParallel as DDP


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--steps", type=int, default=40)
    p.add_argument("--batch-size", type=int, default=64, help="samples per rank per step")
    p.add_argument("--width", type=int, default=4096)
    p.add_argument("--layers", type=int, default=8)
    p.add_argument("--trace-file", default=None, help="write rank-0 Chrome trace (gzipped) here")
    p.add_argument("--prof-start", type=int, default=10)
    p.add_argument("--prof-steps", type=int, default=5)
    return p.parse_args()


def main():
    args = parse_args()
    dist.init_process_group(backend="nccl")
    rank, world = dist.get_rank(), dist.get_world_size()
    local_rank = int(os.environ.get("LOCAL_RANK", rank))
    torch.cuda.set_device(local_rank)
    dev = torch.device("cuda", local_rank)
    torch.manual_seed(0)
    layers = []
    for _ in range(args.layers):
        layers += [nn.Linear(args.width, args.width), nn.GELU()]
    model = nn.Sequential(*layers, nn.Linear(args.width, 1)).to(dev)
    ddp = DDP(model, device_ids=[local_rank])
    opt = torch.optim.SGD(ddp.parameters(), lr=1e-4)
    if rank == 0:
        params = sum(p.numel() for p in model.parameters())
        print(f"# tiny_ddp world_size {world} params {params} torch {torch.__version__} "
              f"nccl {'.'.join(map(str, torch.cuda.nccl.version()))} gpu {torch.cuda.get_device_name(dev)}", flush=True)

    prof = None
    prof_end = args.prof_start + args.prof_steps - 1
    loss_val = torch.zeros((), device=dev)
    for step in range(args.steps):
        if rank == 0 and args.trace_file and step == args.prof_start:
            prof = torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU,
                                                      torch.profiler.ProfilerActivity.CUDA])
            prof.start()
        torch.cuda.synchronize(dev)
        t0 = time.perf_counter()
        x = torch.randn(args.batch_size, args.width, device=dev)
        with torch.autocast(device_type="cuda", dtype=torch.bfloat16):
            loss = ddp(x).float().pow(2).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        loss_val = loss.detach()
        dist.all_reduce(loss_val, op=dist.ReduceOp.AVG)
        torch.cuda.synchronize(dev)
        dt = time.perf_counter() - t0
        if prof is not None:
            prof.step()
            if step == prof_end:
                prof.stop()
                raw = args.trace_file[:-3] if args.trace_file.endswith(".gz") else args.trace_file
                prof.export_chrome_trace(raw)
                if raw != args.trace_file:
                    with open(raw, "rb") as fi, gzip.open(args.trace_file, "wb") as fo:
                        shutil.copyfileobj(fi, fo)
                    os.remove(raw)
                print(f"# trace written {args.trace_file}", flush=True)
                prof = None
        if rank == 0:
            print(f"step {step} loss {loss_val.item():.4f} samples_per_s {args.batch_size * world / dt:.1f} "
                  f"step_ms {dt * 1e3:.2f}", flush=True)
    if rank == 0:
        print(json.dumps({"final_loss": round(loss_val.item(), 6),
                          "max_mem_gib": round(torch.cuda.max_memory_allocated(dev) / 2**30, 3)}), flush=True)
    dist.barrier()
    dist.destroy_process_group()


if __name__ == "__main__":
    sys.exit(main())
