#!/usr/bin/env python3
"""PyTorch twin of lib/src/bench/lhgnn.ts: the LHGNN with attention of paper 000
(lib/src/models/lhgnn/link-gnn.ts, lib/src/nn/relation-attention.ts) with the same graph (N = 3 BSs,
K = 5 users, Z = 1 target, 4x4 UPAs: L = 16), U = 9 layers of output sizes [2L, 128, 128, 128, 256, 512, 256, 128, 2L],
one FC hidden layer of 128 per node type, the output normalisation (50), and the loss -sum rate (4);
one Adam step on a batch of 100 samples and inference. Prints one JSON line.
Usage: python3 scripts/bench/lhgnn.py [--threads N] [--steps N]
"""
import math
import torch

from timing import bench_args, report

args = bench_args(5)
B, N, K, Z, L, ALPHA, P = 100, 3, 5, 1, 16, 0.1, 0.1
DIMS = [2 * L] + [2 * L, 128, 128, 128, 256, 512, 256, 128, 2 * L]  # input size, then the U = 9 output sizes
FC = [128]
NC, NS = N * K, N * Z


def mask(nd, md, ns, ms, edge):
    m = torch.zeros(nd, ns)
    for v in range(nd):
        for w in range(ns):
            if edge((v // md, v % md), (w // ms, w % ms)):
                m[v, w] = 1
    return m


# the six edge types (34)-(40) as [dst, src] masks; empty ones (BS-SS when Z = 1) are left out
RELATIONS = [(d, s, m) for d, s, m in [
    ("c", "c", mask(NC, K, NC, K, lambda a, b: a[0] == b[0] and a[1] != b[1])),  # BS-CC
    ("c", "c", mask(NC, K, NC, K, lambda a, b: a[1] == b[1] and a[0] != b[0])),  # UE
    ("c", "s", mask(NC, K, NS, Z, lambda a, b: a[0] == b[0])),  # BS-CS
    ("s", "s", mask(NS, Z, NS, Z, lambda a, b: a[0] == b[0] and a[1] != b[1])),  # BS-SS
    ("s", "s", mask(NS, Z, NS, Z, lambda a, b: a[1] == b[1] and a[0] != b[0])),  # TGT
    ("s", "c", mask(NS, Z, NC, K, lambda a, b: a[0] == b[0])),  # BS-SC
] if m.sum() > 0]


class Relation(torch.nn.Module):
    """F_i = f1(x_i) + sum_j lambda_ij / |N(i)| f2(x_j), lambda the masked softmax of f3(x_i).f4(x_j)/out (46)-(47)."""
    def __init__(self, fin, out, m):
        super().__init__()
        self.f1, self.f2, self.f3, self.f4 = (torch.nn.Linear(fin, out) for _ in range(4))
        self.out = out
        self.register_buffer("neg", (m - 1) * 1e9)
        self.register_buffer("inv_deg", 1 / m.sum(1, keepdim=True))

    def forward(self, xd, xs):
        lrelu = torch.nn.functional.leaky_relu
        scores = self.f3(xd) @ self.f4(xs).transpose(1, 2) / self.out + self.neg
        w = torch.softmax(scores, -1) * self.inv_deg
        return lrelu(self.f1(xd), ALPHA) + w @ lrelu(self.f2(xs), ALPHA)


def layer_norm(x):
    mean, var = x.mean(-1, keepdim=True), x.var(-1, unbiased=False, keepdim=True)
    return (x - mean) / torch.sqrt(var + 1e-5)


def head(sizes):
    layers = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(torch.nn.Linear(a, b))
        if i < len(sizes) - 2:
            layers.append(torch.nn.LeakyReLU(ALPHA))
    return torch.nn.Sequential(*layers)


class Lhgnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = torch.nn.ModuleList(torch.nn.ModuleList(Relation(DIMS[u], DIMS[u + 1], m) for _, _, m in RELATIONS) for u in range(len(DIMS) - 1))
        self.heads = torch.nn.ModuleDict({t: head([DIMS[-1], *FC, 2 * L]) for t in ("c", "s")})

    def forward(self, comm, sens):
        x = {"c": comm.reshape(B, NC, 2 * L), "s": sens.reshape(B, NS, 2 * L)}
        for rels in self.layers:
            sums = {"c": [], "s": []}
            for (d, s, _), rel in zip(RELATIONS, rels):
                sums[d].append(layer_norm(rel(x[d], x[s])))
            x = {t: sum(v) / len(v) for t, v in sums.items()}  # (45)/(48)
        pc, ps = self.heads["c"](x["c"]), self.heads["s"](x["s"])
        p = torch.cat([ps.reshape(B, N, Z, 2 * L), pc.reshape(B, N, K, 2 * L)], 2)
        p = torch.complex(p[..., :L], p[..., L:])  # [B, N, S, L]
        pn = p.abs().pow(2).sum((2, 3), keepdim=True)
        return p * math.sqrt(P) / torch.clamp(torch.sqrt(pn), min=math.sqrt(P))  # (50)


def sum_rate(h, p):  # h [B, N, K, L], p [B, N, S, L] (sensing streams first) -> (4) summed over users
    H = h.permute(0, 2, 1, 3).reshape(B, K, N * L)
    Pm = p.permute(0, 1, 3, 2).reshape(B, N * L, Z + K)
    pw = (H.conj() @ Pm).abs().pow(2)  # [B, K, S]
    signal = torch.diagonal(pw[:, :, Z:], dim1=1, dim2=2)
    return torch.log2(1 + signal / (pw.sum(-1) - signal + 1)).sum(-1).mean()


model = Lhgnn()
comm, sens = torch.randn(B, N, K, 2 * L), torch.randn(B, N, Z, 2 * L)
h = torch.complex(torch.randn(B, N, K, L), torch.randn(B, N, K, L))
opt = torch.optim.Adam(model.parameters(), lr=2e-4)


def step():
    opt.zero_grad()
    (-sum_rate(h, model(comm, sens))).backward()
    opt.step()


report(step, lambda: model(comm, sens), model, opt, [comm, sens, h], B, args.steps)
