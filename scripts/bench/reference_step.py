#!/usr/bin/env python3
"""PyTorch twin of lib/src/bench/reference-step.ts: the same GNN-like model, batch and optimiser.

Batch of 256 graphs x 15 nodes; dense layers 32 -> 256 -> 128 -> 32; after each layer the mean
over the nodes of each graph is added back to every node; leaky ReLU (0.2) on hidden layers;
mean-square loss; Adam (lr 1e-3). Prints one JSON line with the median times.
Usage: python3 scripts/bench/reference_step.py [--threads N] [--steps N]
"""
import torch

from timing import bench_args, report

args = bench_args(30)

B, N, SIZES = 256, 15, [32, 256, 128, 32]


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = torch.nn.ModuleList(torch.nn.Linear(a, b) for a, b in zip(SIZES[:-1], SIZES[1:]))

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            z = layer(x)
            z = z + z.mean(dim=1, keepdim=True)
            x = torch.nn.functional.leaky_relu(z, 0.2) if i < len(self.layers) - 1 else z
        return x


net = Net()
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
x = torch.randn(B, N, SIZES[0])
y = torch.randn(B, N, SIZES[-1])


def step():
    opt.zero_grad(set_to_none=True)
    loss = torch.mean((net(x) - y) ** 2)
    loss.backward()
    opt.step()


report(step, lambda: net(x), net, opt, [x, y], B, args.steps)
