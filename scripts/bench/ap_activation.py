#!/usr/bin/env python3
"""PyTorch twin of lib/src/bench/ap-activation.ts: the HetGNN of paper 003 (lib/src/models/ap-activation)
with the same layers, sizes and loss (14): M = 50 APs, K = 20 users, T = 4 SRs, 3 layers of
[input-256-128] MLPs, batch 32, one Adam step. Prints one JSON line.
Usage: python3 scripts/bench/ap_activation.py [--threads N] [--steps N]
"""
import torch
import torch.nn.functional as F

from timing import bench_args, report

args = bench_args(10)
B, M, K, T, H1, H2, LAYERS, ALPHA = 8, 50, 20, 4, 256, 128, 3, 0.1
AP_F, COMM_F, RADAR_F = 7, 2, 1
RHO, PCIR, GAMMA, EPS1, EPS2, PEN_A, PEN_B = 0.1, 0.2, 10 ** -0.56, 0.2, 0.2, 5.0, 5.0


class EdgeMlp(torch.nn.Module):
    """[inputs-H1-H2] with leaky ReLU after both layers; the first layer sums per-input maps (broadcasting)."""
    def __init__(self, ins):
        super().__init__()
        self.first = torch.nn.ModuleList(torch.nn.Linear(i, H1) for i in ins)
        self.second = torch.nn.Linear(H1, H2)

    def forward(self, xs):
        z = sum(p(x) for p, x in zip(self.first, xs))
        return F.leaky_relu(self.second(F.leaky_relu(z, ALPHA)), ALPHA)


def masked_mean(x, mask, dim):
    w = mask.unsqueeze(-1)
    return (x * w).sum(dim) / w.sum(dim).clamp(min=1)


class HetGnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = torch.nn.ModuleList()
        for l in range(LAYERS):
            first, last = l == 0, l == LAYERS - 1
            ap, ec, er = (AP_F, COMM_F, RADAR_F) if first else (H2, H2, H2)
            nodes = [] if first else [H2]
            d = dict(
                msg_ap_comm=EdgeMlp(nodes + [ec]), msg_ap_radar=EdgeMlp(nodes + [er]), msg_ue=EdgeMlp([ap, ec]),
                node_ap=EdgeMlp([ap, H2, H2]), node_ue=EdgeMlp(nodes + [H2]), edge_comm=EdgeMlp([H2, ec, H2]))
            if not last:
                d.update(msg_sr=EdgeMlp([ap, er]), node_sr=EdgeMlp(nodes + [H2]), edge_radar=EdgeMlp([H2, er, H2]))
            self.layers.append(torch.nn.ModuleDict(d))
        self.head_activation = torch.nn.Linear(H2, 1)
        self.head_power = torch.nn.Linear(H2, 1)

    def forward(self, ap, comm, radar, ap_mask, ue_mask):
        sr_mask = torch.ones(ap.shape[0], radar.shape[2])
        ue = sr = None
        with_node = lambda v, rest: ([v] if v is not None else []) + rest
        for L in self.layers:
            ap_in = ap
            m_comm = masked_mean(L["msg_ap_comm"](with_node(ue.unsqueeze(1) if ue is not None else None, [comm])), ue_mask.unsqueeze(1), 2)
            m_radar = masked_mean(L["msg_ap_radar"](with_node(sr.unsqueeze(1) if sr is not None else None, [radar])), sr_mask.unsqueeze(1), 2)
            m_ue = masked_mean(L["msg_ue"]([ap.unsqueeze(2), comm]), ap_mask.unsqueeze(2), 1)
            ap = L["node_ap"]([ap, m_comm, m_radar])
            ue = L["node_ue"](with_node(ue, [m_ue]))
            comm = L["edge_comm"]([ap.unsqueeze(2), comm, ue.unsqueeze(1)])
            if "edge_radar" in L:
                m_sr = masked_mean(L["msg_sr"]([ap_in.unsqueeze(2), radar]), ap_mask.unsqueeze(2), 1)
                sr = L["node_sr"](with_node(sr, [m_sr]))
                radar = L["edge_radar"]([ap.unsqueeze(2), radar, sr.unsqueeze(1)])
        a = torch.sigmoid(self.head_activation(ap)).squeeze(2) * ap_mask
        raw = F.relu(self.head_power(comm)).squeeze(3) * ap_mask.unsqueeze(2) * ue_mask.unsqueeze(1)
        return a, raw / raw.sum(2, keepdim=True).clamp(min=1)


class Threshold(torch.autograd.Function):
    """1[a >= 0.5] forward, identity gradient (straight-through)."""
    @staticmethod
    def forward(ctx, a):
        return (a >= 0.5).float()

    @staticmethod
    def backward(ctx, g):
        return g


def loss14(a, power, rv, rb, q, ap_mask, ue_mask, lp, la, ll):
    on = Threshold.apply(a)
    P = power * on.unsqueeze(2)
    psen = P.sum(2)
    total = (psen.sum(1) * RHO + on.sum(1) * PCIR).mean()
    amp = ((power * rv + 1e-12).sqrt() - 1e-6) * on.unsqueeze(2)
    interf = (rb * (power.sum(2, keepdim=True) * on.unsqueeze(2))).sum(1) + 1
    sqrt_sinr = amp.sum(1) / interf.sqrt()
    sinr_pen = (F.relu(1 - sqrt_sinr / GAMMA ** 0.5) * ue_mask).sum(1).mean()
    abc = (q * psen.unsqueeze(2)).sum(1)
    margin = (abc[:, 0] * abc[:, 1] - abc[:, 2] ** 2) / (abc[:, 0] + abc[:, 1] + 1e-12)
    sens_pen = F.relu(1 - margin).mean()
    ap_w = ap_mask * ll.unsqueeze(1)
    edge_w = ap_w.unsqueeze(2) * ue_mask.unsqueeze(1)
    mse = ((P - lp) ** 2 * edge_w).sum() / edge_w.sum().clamp(min=1)
    p = a.clamp(1e-7, 1 - 1e-7)
    bce = (-(la * p.log() + (1 - la) * (1 - p).log()) * ap_w).sum() / ap_w.sum().clamp(min=1)
    return EPS1 * mse + EPS2 * bce + total + PEN_A * sinr_pen + PEN_B * sens_pen


ap = torch.randn(B, M, AP_F)
comm = torch.randn(B, M, K, COMM_F)
radar = torch.randn(B, M, T, RADAR_F)
rv = 10 ** (4 * torch.rand(B, M, K))
rb = 10 ** (4 * torch.rand(B, M, K))
q = torch.rand(B, M, 3) * 0.1
ap_mask, ue_mask = torch.ones(B, M), torch.ones(B, K)
lp = torch.rand(B, M, K) * 0.05
la = (torch.rand(B, M) > 0.6).float()
ll = torch.ones(B)
net = HetGnn()
opt = torch.optim.Adam(net.parameters(), lr=1e-3)


def step():
    opt.zero_grad(set_to_none=True)
    a, power = net(ap, comm, radar, ap_mask, ue_mask)
    loss14(a, power, rv, rb, q, ap_mask, ue_mask, lp, la, ll).backward()
    opt.step()


report(step, lambda: net(ap, comm, radar, ap_mask, ue_mask), net, opt, [ap, comm, radar, rv, rb, q, lp, la, ll], B, args.steps)
