#!/usr/bin/python3
"""Times cvxopt's conelp on problems in the JSON format of `isac solve` (used by lib/src/solvers/bench.ts).

usage: /usr/bin/python3 scripts/solver-bench.py problems.json [repeats]
problems.json: {"name": problem, ...}. Prints one JSON object {"name": {"ms", "iterations",
"status", "pobj"}} with the median wall time of `repeats` solves (default 3), conversion excluded.
"""
import importlib.util
import json
import os
import statistics
import sys
import time

from cvxopt import solvers

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("solver_fixtures", os.path.join(HERE, "solver-fixtures.py"))
fixtures = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fixtures)


def main():
    problems = json.load(open(sys.argv[1]))
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    tol = 1e-8
    solvers.options.update({"show_progress": False, "abstol": tol, "reltol": tol, "feastol": tol, "maxiters": 200})
    out = {}
    for name, problem in problems.items():
        args = fixtures.to_cvxopt(problem)
        times, sol = [], None
        for _ in range(repeats):
            t0 = time.perf_counter()
            sol = solvers.conelp(*args)
            times.append((time.perf_counter() - t0) * 1000)
        out[name] = {"ms": statistics.median(times), "iterations": sol["iterations"], "status": sol["status"], "pobj": sol["primal objective"]}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
