#!/usr/bin/python3
"""Reference fixtures for the conic solver (lib/src/solvers), solved by Debian's python3-cvxopt.

Writes data/fixtures/solvers/cvxopt-<family>.json: random LP, SOCP, SDP and mixed-cone instances
in the JSON problem format of `isac solve` (issue 3), each with cvxopt's status and objective.
A third of the instances are built primal infeasible (a y in K* with A^T y = 0, b^T y < 0, the
dual strictly feasible) or dual infeasible (an x with Ax + s = 0, s in K, c^T x < 0, the primal
strictly feasible), so the expected status is unique; the rest are strictly primal-dual feasible.

Run from the repository root:  /usr/bin/python3 scripts/solver-fixtures.py
Deterministic (numpy seed per family). Instances cvxopt cannot decide ('unknown') are left out.

Convention conversion: our PSD rows are svec (lower triangle column by column, off-diagonals
times sqrt 2); cvxopt's 's' blocks are full column-major k x k matrices with the trace inner
product, so an svec row for (i, j), i > j, becomes rows (i, j) and (j, i) divided by sqrt 2.
Zero-cone rows become cvxopt's equality constraints Ax = b.
"""
import json
import math
import os
import sys

import numpy as np
from cvxopt import matrix, solvers

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "data", "fixtures", "solvers")
SIG = 10  # significant digits kept in the fixtures; cvxopt solves the rounded data


def svec_len(k):
    return k * (k + 1) // 2


def cone_rows(cone):
    return cone["z"] + cone["l"] + sum(cone["q"]) + sum(svec_len(k) for k in cone["s"])


def svec_to_mat(v, k):
    """Symmetric k x k matrix from an svec vector."""
    X = np.zeros((k, k))
    t = 0
    for j in range(k):
        for i in range(j, k):
            X[i, j] = X[j, i] = v[t] if i == j else v[t] / math.sqrt(2)
            t += 1
    return X


def mat_to_svec(X):
    k = X.shape[0]
    return np.array([X[i, j] if i == j else X[i, j] * math.sqrt(2) for j in range(k) for i in range(j, k)])


def dense_A(problem):
    A = np.zeros((problem["A"]["m"], problem["A"]["n"]))
    for i, j, v in zip(problem["A"]["i"], problem["A"]["j"], problem["A"]["v"]):
        A[i, j] += v
    return A


def to_cvxopt(problem):
    """(c, G, h, dims, A, b) for cvxopt.solvers.conelp from a problem in our JSON format."""
    cone = problem["cone"]
    cone = {"z": cone.get("z", 0), "l": cone.get("l", 0), "q": cone.get("q", []), "s": cone.get("s", [])}
    A = dense_A(problem)
    b = np.array(problem["b"], dtype=float)
    z = cone["z"]
    G_rows, h_rows = [A[z : z + cone["l"] + sum(cone["q"])]], [b[z : z + cone["l"] + sum(cone["q"])]]
    off = z + cone["l"] + sum(cone["q"])
    for k in cone["s"]:
        blk, hb = A[off : off + svec_len(k)], b[off : off + svec_len(k)]
        G_rows.append(np.stack([svec_to_mat(blk[:, j], k).flatten(order="F") for j in range(A.shape[1])], axis=1))
        h_rows.append(svec_to_mat(hb, k).flatten(order="F"))
        off += svec_len(k)
    G = np.vstack(G_rows)
    h = np.concatenate(h_rows)
    dims = {"l": cone["l"], "q": list(cone["q"]), "s": list(cone["s"])}
    args = [matrix(np.array(problem["c"], dtype=float)), matrix(G), matrix(h), dims]
    if z > 0:
        args += [matrix(A[:z]), matrix(b[:z])]
    return args


def solve_cvxopt(problem, tol=1e-9):
    solvers.options.update({"show_progress": False, "abstol": tol, "reltol": tol, "feastol": tol, "maxiters": 200})
    return solvers.conelp(*to_cvxopt(problem))


# ---------------------------------------------------------------- random instances


def interior_point(rng, cone):
    """A random point in the interior of K (without the zero cone)."""
    parts = [rng.uniform(0.1, 2.0, cone["l"])]
    for k in cone["q"]:
        t = rng.standard_normal(k - 1)
        parts.append(np.concatenate([[np.linalg.norm(t) + rng.uniform(0.1, 1.0)], t]))
    for k in cone["s"]:
        M = rng.standard_normal((k, k))
        parts.append(mat_to_svec(M @ M.T / k + 0.1 * np.eye(k)))
    return np.concatenate(parts)


def round_sig(x):
    return float(f"{x:.{SIG}g}")


def to_json(c, A, b, cone):
    I, J = np.nonzero(A)
    return {
        "c": [round_sig(v) for v in c],
        "A": {"m": A.shape[0], "n": A.shape[1], "i": I.tolist(), "j": J.tolist(), "v": [round_sig(v) for v in A[I, J]]},
        "b": [round_sig(v) for v in b],
        "cone": cone,
    }


def random_instance(rng, cone, n, kind, density):
    """kind: 'feasible', 'primal_infeasible' or 'dual_infeasible'."""
    m = cone_rows(cone)
    z = cone["z"]
    A = rng.standard_normal((m, n)) * (rng.uniform(size=(m, n)) < density)
    # keep every row and column nonzero so that rank([G; A]) = n is likely
    for r in range(m):
        if not A[r].any():
            A[r, rng.integers(n)] = rng.standard_normal()
    if kind == "feasible":
        x0 = rng.standard_normal(n)
        s0 = np.concatenate([np.zeros(z), interior_point(rng, cone)])
        y0 = np.concatenate([rng.standard_normal(z), interior_point(rng, cone)])
        b = A @ x0 + s0
        c = -A.T @ y0
    elif kind == "primal_infeasible":
        y = np.concatenate([rng.standard_normal(z), interior_point(rng, cone)])
        A -= np.outer(y, y @ A) / (y @ y)  # A^T y = 0
        b = rng.standard_normal(m)
        b -= y * (b @ y + 1.0) / (y @ y)  # b^T y = -1
        c = -A.T @ np.concatenate([rng.standard_normal(z), interior_point(rng, cone)])  # dual strictly feasible
    else:
        x = rng.standard_normal(n)
        s = np.concatenate([np.zeros(z), interior_point(rng, cone)])
        A -= np.outer(A @ x + s, x) / (x @ x)  # A x + s = 0
        c = rng.standard_normal(n)
        c -= x * (c @ x + 1.0) / (x @ x)  # c^T x = -1
        b = A @ rng.standard_normal(n) + np.concatenate([np.zeros(z), interior_point(rng, cone)])  # primal strictly feasible
    return to_json(c, A, b, cone)


def random_cone(rng, family):
    z = int(rng.integers(0, 3))
    if family == "lp":
        return {"z": z, "l": int(rng.integers(4, 25)), "q": [], "s": []}
    if family == "socp":
        return {"z": z, "l": int(rng.integers(0, 4)), "q": [int(k) for k in rng.integers(1, 7, rng.integers(1, 5))], "s": []}
    if family == "sdp":
        return {"z": z, "l": int(rng.integers(0, 3)), "q": [], "s": [int(k) for k in rng.integers(1, 6, rng.integers(1, 3))]}
    return {
        "z": z,
        "l": int(rng.integers(1, 5)),
        "q": [int(k) for k in rng.integers(2, 6, rng.integers(1, 3))],
        "s": [int(k) for k in rng.integers(2, 5, rng.integers(1, 3))],
    }


def family_fixtures(family, count, seed):
    rng = np.random.default_rng(seed)
    kinds = ["feasible", "feasible", "feasible", "feasible", "primal_infeasible", "dual_infeasible"]
    out = []
    tries = 0
    while len(out) < count:
        tries += 1
        cone = random_cone(rng, family)
        m = cone_rows(cone)
        # fewer variables than cone rows, more than equalities
        n = int(rng.integers(cone["z"] + 1, max(cone["z"] + 2, m - cone["z"]) + 1))
        n = min(n, 12)
        kind = kinds[len(out) % len(kinds)]
        problem = random_instance(rng, cone, n, kind, density=float(rng.uniform(0.3, 1.0)))
        try:
            sol = solve_cvxopt(problem)
        except (ValueError, ArithmeticError):
            continue  # rank-deficient draw
        status = {"optimal": "optimal", "primal infeasible": "primal_infeasible", "dual infeasible": "dual_infeasible"}.get(sol["status"])
        if status is None:
            continue
        entry = {"name": f"{family}-{len(out):03d}", "built": kind, "problem": problem, "cvxopt": {"status": status, "iterations": sol["iterations"]}}
        if status == "optimal":
            entry["cvxopt"]["pobj"] = sol["primal objective"]
            entry["cvxopt"]["dobj"] = sol["dual objective"]
        out.append(entry)
    return out, tries


def main():
    os.makedirs(OUT, exist_ok=True)
    counts = {"lp": 90, "socp": 90, "sdp": 90, "mixed": 60}
    for seed, (family, count) in enumerate(counts.items()):
        fixtures, tries = family_fixtures(family, count, seed=1000 + seed)
        doc = {
            "generator": "scripts/solver-fixtures.py",
            "solver": f"cvxopt {__import__('cvxopt').__version__} conelp, abstol=reltol=feastol=1e-9",
            "instances": fixtures,
        }
        path = os.path.join(OUT, f"cvxopt-{family}.json")
        tmp = path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(doc, f, separators=(",", ":"))
        os.replace(tmp, path)
        statuses = {}
        for e in fixtures:
            statuses[e["cvxopt"]["status"]] = statuses.get(e["cvxopt"]["status"], 0) + 1
        print(f"{path}: {len(fixtures)} instances ({tries} drawn) {statuses}", file=sys.stderr)


if __name__ == "__main__":
    main()
