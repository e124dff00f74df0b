#!/usr/bin/env python3
"""Trains the PyTorch twin of the GNN-IP module (scripts/bench/gnn_ip.py) on the loss (25) and prints,
every 500 steps, the validation MSE (7), mean SINR, the fraction of samples meeting every SINR
constraint and the power share of the communication beams. An independent check of what
lib/src/models/gnn-ip/gnn.ts learns: with Table I's sigmoid encoders (PyTorch's own initialisation,
the paper's learning rate 7e-3) the beams stop depending on the channels within a few hundred steps
(SINR about -1 dB, no sample feasible), as in the TS library; with the presets' encoders
(leaky ReLU, read-out on [z_l, h_l], lr 1e-3) they follow the channels.
Usage: python3 scripts/gnnip_training_check.py --encoder sigmoid --skip 0 --lr 7e-3 [--mu 1] [--steps 3000]
Unit-variance Rayleigh channels (the TS model sees channels scaled to unit size), L = 2, Γ0 = 8 dB.
"""
import argparse, os, sys
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "bench"))
from gnn_ip import B, SINR, IsacGnn, loss_fn, rayleigh, targets, terms  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--encoder", choices=["sigmoid", "leakyrelu"], default="leakyrelu")
ap.add_argument("--skip", type=int, default=1)
ap.add_argument("--lr", type=float, default=1e-3)
ap.add_argument("--mu", type=float, default=1.0)
ap.add_argument("--steps", type=int, default=3000)
ap.add_argument("--threads", type=int, default=1)
args = ap.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(0)
g = torch.Generator().manual_seed(1)
train, valid = rayleigh(10_000, g), rayleigh(1_000, g)
model = IsacGnn(args.encoder, bool(args.skip))
opt = torch.optim.Adam(model.parameters(), lr=args.lr)


def report(step):
    with torch.no_grad():
        c, s = model(valid, targets)
        mse, sinr = terms(valid, c, s)
        feasible = (sinr >= SINR * (1 - 1e-4)).all(1).float().mean()
        print(f"step {step:5d}  MSE {mse.mean():.4f}  mean SINR {10 * torch.log10(sinr).mean():6.2f} dB  "
              f"feasible {feasible:.3f}  C power share {c.abs().pow(2).sum((1, 2)).mean():.3f}", flush=True)


report(0)
for step in range(1, args.steps + 1):
    i = (step - 1) * B % len(train)
    h = train[i:i + B]
    opt.zero_grad()
    loss_fn(h, *model(h, targets), mu=args.mu).backward()
    opt.step()
    if step % 500 == 0:
        report(step)
