#!/usr/bin/env python3
"""PyTorch twin of lib/src/bench/cellfree-gnn.ts: the edge GNN of paper 002 (lib/src/models/cellfree-gnn)
with the same layers, sizes and loss (-(8a)), one Adam step on a batch of 256 samples at the paper's
sizes (M = 5 APs, U = 2 users, Nt = 8, 4 layers of 256, beta_s = 2). Prints one JSON line.
Usage: python3 scripts/bench/cellfree_gnn.py [--threads N] [--steps N]
"""
import math
import torch

from timing import bench_args, report

args = bench_args(20)
B, M, U, N, H, L, ALPHA, BETA, NOISE = 256, 5, 2, 8, 256, 4, 0.1, 2.0, 0.1
P = 1.0 / M
E0 = 2 * N


class ConcatLinear(torch.nn.Module):
    """W[x1, x2, ...] + b as a sum of per-input linear maps (broadcasting), as in the TS model."""
    def __init__(self, ins, out):
        super().__init__()
        self.parts = torch.nn.ModuleList(torch.nn.Linear(i, out) for i in ins)

    def forward(self, xs):
        return sum(p(x) for p, x in zip(self.parts, xs) if x is not None)


class EdgeGnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = torch.nn.ModuleList()
        for l in range(L):
            e_in = E0 if l == 0 else H + E0
            v = [e_in] if l == 0 else [e_in, H]
            self.layers.append(torch.nn.ModuleDict(dict(
                ap_ue=ConcatLinear(v, H), ap_st=ConcatLinear(v, H), ue=ConcatLinear(v, H), st=ConcatLinear(v, H),
                edge_ue=ConcatLinear([H, H, e_in], H), edge_st=ConcatLinear([H, H, e_in], H))))
        self.out_ue = torch.nn.Linear(H + E0, E0)
        self.out_st = torch.nn.Linear(H + E0, E0)

    def forward(self, h, a):  # h: [B,M,U,2N] stacked re/im; a: [B,M,2N]
        e_ue, e_st = h, a
        v_ap = v_ue = v_st = None
        for lay in self.layers:
            n_ap = lay["ap_ue"]([e_ue.sum(2), v_ap]) + lay["ap_st"]([e_st, v_ap])
            n_ue = lay["ue"]([e_ue.sum(1), v_ue])
            n_st = lay["st"]([e_st.sum(1), v_st])
            v_ap, v_ue, v_st = n_ap, n_ue, n_st
            ue = torch.nn.functional.leaky_relu(lay["edge_ue"]([n_ap.unsqueeze(2), n_ue.unsqueeze(1), e_ue]), ALPHA)
            st = torch.nn.functional.leaky_relu(lay["edge_st"]([n_ap, n_st.unsqueeze(1), e_st]), ALPHA)
            e_ue, e_st = torch.cat([ue, h], -1), torch.cat([st, a], -1)
        out = torch.cat([self.out_ue(e_ue), self.out_st(e_st).unsqueeze(2)], 2)  # [B,M,S,2N]
        f = torch.complex(out[..., :N], out[..., N:])
        return f * torch.sqrt(P / (f.abs().pow(2).sum((2, 3), keepdim=True) + 1e-12))


def objective(hc, ac, w, f):  # hc [B,M,U,N], ac [B,M,N], w [B,M], f [B,M,S,N]
    g = torch.einsum("bmun,bmsn->bus", hc.conj(), f)
    p = g.abs().pow(2)
    sig = torch.diagonal(p[:, :, :U], dim1=1, dim2=2)
    rate = torch.log2(1 + sig / (p.sum(-1) - sig + NOISE)).sum(-1)
    beam = torch.einsum("bmn,bmsn->bms", ac.conj(), f).abs().pow(2).sum(-1)
    snr = (w * beam).sum(-1) / (M * NOISE)
    return (rate + BETA * torch.log2(1 + snr)).mean()


hc = torch.complex(torch.randn(B, M, U, N), torch.randn(B, M, U, N)) / math.sqrt(2)
theta = torch.rand(B, M) * math.pi / 2
ac = torch.exp(1j * math.pi * torch.arange(N) * torch.sin(theta).unsqueeze(-1))
w = torch.rand(B, M) * M
h_feat = torch.cat([hc.real, hc.imag], -1).float()
a_feat = torch.cat([ac.real, ac.imag], -1).float()
ac = ac.to(torch.complex64)
net = EdgeGnn()
opt = torch.optim.Adam(net.parameters(), lr=4e-4)


def step():
    opt.zero_grad(set_to_none=True)
    loss = -objective(hc, ac, w, net(h_feat, a_feat))
    loss.backward()
    opt.step()


report(step, lambda: net(h_feat, a_feat), net, opt, [hc, ac, w, h_feat, a_feat], B, args.steps)
