#!/usr/bin/env python3
"""PyTorch twin of lib/src/bench/gnn-ip.ts: the GNN module of paper 001 (lib/src/models/gnn-ip/gnn.ts)
with the same layers and sizes (M = 10, L = 2, K = 3 targets, hidden 128, mid 64, 2 updating layers,
encoders with leaky-ReLU hidden layers and linear outputs, read-out on [z_l, h_l], as the presets'
GnnConfig), the normalisation (20)-(23) and the loss (25) on the N = 180 grid; one Adam step on a
batch of 100 samples and inference. Prints one JSON line.
Usage: python3 scripts/bench/gnn_ip.py [--threads N] [--steps N]
The model and loss are importable (scripts/gnnip_training_check.py trains them).
"""
import math
import torch

B, M, L, H, MID, T, N, MU, P0 = 100, 10, 2, 128, 64, 2, 180, 1.0, 1.0
# channels of unit scale (as the TS model sees them, scaled by channelScale) and the noise scaled alike
TARGETS, WIDTH, SINR = [-40.0, 0.0, 40.0], 10.0, 10 ** 0.8
NOISE = 1e-10 / (1e-3 * math.hypot(20, 100, 20) ** -2.67)


def steering(deg):  # [len, M], a_m = exp(-j pi m sin(theta))
    th = torch.tensor(deg, dtype=torch.float64) * math.pi / 180
    return torch.exp(-1j * math.pi * torch.arange(M)[None, :] * torch.sin(th)[:, None]).to(torch.complex64)


def mlp(sizes, encoder="leakyrelu"):  # as encoder() in the TS model
    layers = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        layers += [torch.nn.Linear(a, b), torch.nn.Sigmoid() if encoder == "sigmoid" else torch.nn.LeakyReLU(0.2)]
    return torch.nn.Sequential(*(layers if encoder == "sigmoid" else layers[:-1]))  # Table I: sigmoid after every layer


class IsacGnn(torch.nn.Module):
    def __init__(self, encoder="leakyrelu", channel_skip=True):
        super().__init__()
        mlp_ = lambda sizes: mlp(sizes, encoder)
        self.skip = channel_skip
        self.fc0, self.fs0, self.fct0, self.fst0 = mlp_([2 * M, H, H]), mlp_([2 * M, H, H]), mlp_([H, H, H]), mlp_([H, H, H])
        self.layers = torch.nn.ModuleList(torch.nn.ModuleDict(dict(
            f1=mlp_([H, MID, H]), f2=mlp_([H, MID, H]), comb1=mlp_([3 * H, MID, H]), comb2=mlp_([2 * H, MID, H]))) for _ in range(T))
        self.out_c, self.out_s = torch.nn.Linear(H + 2 * M * channel_skip, 2 * M), torch.nn.Linear(H, 2 * M * M)

    def forward(self, h, targets):  # h [B, L, M] complex, targets [K, 2M]
        hf = torch.cat([h.real, h.imag], -1)
        fc = self.fc0(hf)
        fs = self.fs0(targets).mean(0)
        users = self.fct0(fc + fs)  # (13)
        radar = self.fst0(fc.mean(1) + fs)  # (14)
        L = h.shape[1]
        eye = torch.eye(L)[None, :, :, None] * -1e9
        for lay in self.layers:
            m1, m2 = lay["f1"](users), lay["f2"](radar)
            agg = (m1[:, None, :, :] + eye).amax(2) if L > 1 else torch.zeros_like(m1)  # (17)
            nxt = lay["comb1"](torch.cat([users, m2[:, None, :].expand(-1, L, -1), agg], 2))  # (16)
            radar = lay["comb2"](torch.cat([m2, m1.mean(1)], 1))  # (18)-(19)
            users = nxt
        zc, zs = self.out_c(torch.cat([users, hf], 2) if self.skip else users), self.out_s(radar).reshape(-1, 2 * M, M)
        c = torch.complex(zc[..., :M], zc[..., M:]).transpose(1, 2)  # (20) [B, M, L]
        s = torch.complex(zs[:, :M], zs[:, M:])  # (21)-(22)
        total = c.abs().pow(2).sum((1, 2)) + s.abs().pow(2).sum((1, 2))
        f = torch.sqrt(P0 / (total + 1e-12))[:, None, None]  # (23)
        return c * f, s * f


grid = [-90 + n * 180 / N for n in range(N)]
A_H = steering(grid).conj()  # rows a(theta_n)^H
desired = torch.tensor([1.0 if any(abs(t - c) <= WIDTH / 2 + 1e-9 for c in TARGETS) else 0.0 for t in grid])
a_t = steering(TARGETS)
targets = torch.cat([a_t.real, a_t.imag], -1)


def terms(h, c, s):
    """MSE (7) [B] and SINRs (9) [B, L]."""
    X = torch.cat([c, s], 2)  # [B, M, L+M]
    pattern = (A_H @ X).abs().pow(2).sum(2)  # (6) [B, N]
    beta = (pattern * desired).sum(1, keepdim=True) / desired.pow(2).sum()
    mse = (beta * desired - pattern).pow(2).mean(1)  # (7)
    G = (h.conj() @ X).abs().pow(2)  # [B, L, L+M]
    signal = torch.diagonal(G[:, :, :h.shape[1]], dim1=1, dim2=2)
    return mse, signal / (G.sum(2) - signal + NOISE)  # (9)


def loss_fn(h, c, s, mu=MU):
    mse, sinr = terms(h, c, s)
    return (mse + mu * torch.relu(SINR - sinr).sum(1)).mean()  # (25)


def rayleigh(n, generator=None):  # unit-variance channels [n, L, M]
    return torch.complex(torch.randn(n, L, M, generator=generator), torch.randn(n, L, M, generator=generator)) / math.sqrt(2)


if __name__ == "__main__":
    from timing import bench_args, report

    args = bench_args(20)
    model = IsacGnn()
    h = rayleigh(B)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step():
        opt.zero_grad()
        loss_fn(h, *model(h, targets)).backward()
        opt.step()

    report(step, lambda: model(h, targets), model, opt, [h, targets], B, args.steps)
