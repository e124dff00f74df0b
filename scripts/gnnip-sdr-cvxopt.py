"""cvxopt's optimum of the SDR of paper 001 (Benchmark 1, problem (11) without the rank constraint),
formulated here independently of the TypeScript model, for each instance of a fixture file:

  minimise_{R, C_l Hermitian, beta}  (1/N) sum_n (beta b_n - a_n^H R a_n)^2
  subject to  C_l >= 0,  R - sum_l C_l >= 0,  tr R = P0,
              (1 + 1/Gamma0) h_l^H C_l h_l - h_l^H R h_l >= sigma^2   (row divided by sigma^2)

Hermitian X (M x M) is parametrised by M^2 reals (diagonal, real and imaginary parts above it);
X >= 0 is the real 2M x 2M embedding [[Re X, -Im X], [Im X, Re X]] >= 0. Solved by coneqp.
Usage (Debian python3-cvxopt): /usr/bin/python3 scripts/gnnip-sdr-cvxopt.py data/fixtures/gnn-ip/sdr.json  (adds "cvxopt" to each instance)
"""
import json
import sys

import numpy as np
from cvxopt import matrix, solvers


def basis(M):
    """The M^2 Hermitian basis matrices E_k, in the order of the parametrisation."""
    out = []
    for i in range(M):
        E = np.zeros((M, M), complex)
        E[i, i] = 1
        out.append(E)
    for i in range(M):
        for j in range(i + 1, M):
            E = np.zeros((M, M), complex)
            E[i, j] = E[j, i] = 1
            out.append(E)
            E = np.zeros((M, M), complex)
            E[i, j], E[j, i] = 1j, -1j
            out.append(E)
    return out


def embed(X):
    return np.block([[X.real, -X.imag], [X.imag, X.real]])


def solve(inst):
    s = inst["system"]
    M, L = s["antennas"], inst["H"]["rows"]
    H = (np.array(inst["H"]["re"]) + 1j * np.array(inst["H"]["im"])).reshape(L, M)
    N = inst["A"]["cols"]
    A = (np.array(inst["A"]["re"]) + 1j * np.array(inst["A"]["im"])).reshape(M, N)
    b = np.array(inst["desired"])
    g0, noise, P0 = 10 ** (s["sinrDb"] / 10), s["noise"], s["power"]
    E = basis(M)
    K = len(E)  # M^2
    quad = lambda v: np.array([np.real(v.conj() @ Ek @ v) for Ek in E])  # v^H X v per parameter
    n = K * (L + 1) + 1  # R, C_1..C_L, beta
    iR, iC, ib = 0, lambda l: K * (l + 1), n - 1
    # objective (1/N) ||D x||^2 with (D x)_n = beta b_n - a_n^H R a_n
    D = np.zeros((N, n))
    for k in range(N):
        D[k, iR:iR + K] = -quad(A[:, k])
        D[k, ib] = b[k]
    P = 2.0 / N * D.T @ D
    q = np.zeros(n)
    # SINR rows in the 'l' cone: G x <= h
    Gl = np.zeros((L, n))
    for l in range(L):
        Gl[l, iC(l):iC(l) + K] = -(1 + 1 / g0) * quad(H[l]) / noise
        Gl[l, iR:iR + K] = quad(H[l]) / noise
    hl = -np.ones(L)
    # PSD blocks: s = -G x = embed(X) >= 0
    emb = [embed(Ek).flatten(order="F") for Ek in E]
    blocks = []
    for l in range(L):
        G = np.zeros((4 * M * M, n))
        for k in range(K):
            G[:, iC(l) + k] = -emb[k]
        blocks.append(G)
    G = np.zeros((4 * M * M, n))
    for k in range(K):
        G[:, iR + k] = -emb[k]
        for l in range(L):
            G[:, iC(l) + k] = emb[k]
    blocks.append(G)
    Gall = np.vstack([Gl] + blocks)
    hall = np.concatenate([hl, np.zeros(4 * M * M * (L + 1))])
    Aeq = np.zeros((1, n))
    Aeq[0, iR:iR + K] = [np.real(np.trace(Ek)) for Ek in E]
    dims = {"l": L, "q": [], "s": [2 * M] * (L + 1)}
    solvers.options.update({"show_progress": False, "abstol": 1e-10, "reltol": 1e-9, "feastol": 1e-9, "maxiters": 200})
    sol = solvers.coneqp(matrix(P), matrix(q), matrix(Gall), matrix(hall), dims, matrix(Aeq), matrix([float(P0)]), kktsolver="ldl")
    x = np.array(sol["x"]).ravel()
    return {"status": sol["status"], "objective": float(np.sum((D @ x) ** 2) / N), "iterations": sol["iterations"]}


def main(path):
    with open(path) as f:
        data = json.load(f)
    for i, inst in enumerate(data["instances"]):
        inst["cvxopt"] = solve(inst)
        print(f"instance {i}: L = {inst['H']['rows']}, N = {inst['A']['cols']}, {inst['cvxopt']}")
    with open(path, "w") as f:
        json.dump(data, f)


if __name__ == "__main__":
    main(sys.argv[1])
