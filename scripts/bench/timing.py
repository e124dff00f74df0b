"""Shared timing and memory for the PyTorch benchmark twins."""
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
