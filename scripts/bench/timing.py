"""Shared timing for the PyTorch benchmark twins: median wall time after 3 warm-up runs."""
import statistics
import time


def median_ms(fn, reps):
    for _ in range(3):
        fn()
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(ts)
