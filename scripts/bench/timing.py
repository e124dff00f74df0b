"""Shared command line, timing, memory and report of the PyTorch benchmark twins."""
import argparse
import json
import statistics
import time

import torch
from torch.profiler import ProfilerActivity, profile


def median_ms(fn, reps):
    """Median wall time after 3 warm-up runs."""
    for _ in range(3):
        fn()
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(ts)


def peak_step_mb(step, model, opt, inputs):
    """Peak tensor memory (MiB) during one call of `step`: the bytes live before it (parameters,
    their gradients, Adam's moments, the inputs) plus the highest running sum of the allocations
    and frees that torch's profiler records during it. The counterpart of tf.profile's peakBytes."""
    live = list(model.parameters()) + [p.grad for p in model.parameters()] + list(inputs)
    live += [v for s in opt.state.values() for v in s.values() if torch.is_tensor(v)]
    storages = {t.storage().data_ptr(): t.storage().nbytes() for t in live if t is not None}
    with profile(activities=[ProfilerActivity.CPU], profile_memory=True) as prof:
        step()
    run = peak = 0
    for e in sorted(prof.events(), key=lambda e: e.time_range.start):
        run += e.self_cpu_memory_usage
        peak = max(peak, run)
    return (sum(storages.values()) + peak) / 2**20


def bench_args(default_steps):
    """`--threads N` (0: PyTorch's default) and `--steps N` of every twin; sets the threads and seed 0."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0: PyTorch's default)")
    ap.add_argument("--steps", type=int, default=default_steps)
    args = ap.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    return args


def report(step, infer, model, opt, inputs, batch, steps):
    """Prints the one JSON line that lib/src/bench/pytorch.ts reads: median step and per-sample
    inference times, peak memory of a step, parameter count, threads and torch's version."""
    with torch.no_grad():
        infer_ms = median_ms(infer, steps)
    print(json.dumps({
        "torch": torch.__version__, "threads": torch.get_num_threads(),
        "parameters": sum(p.numel() for p in model.parameters()),
        "train_step_ms": median_ms(step, steps),
        "infer_ms_per_sample": infer_ms / batch,
        "peak_mb": peak_step_mb(step, model, opt, inputs),
    }))
