"""Sample package: a small architecture search.

The search space is a family of plain CNNs (width x depth). Each candidate trains briefly on a slice of the
training data; the one with the best validation accuracy wins. The search spends at most a quarter of the time
it is given, so the Trainer keeps the rest.
"""
import time

import torch
from torch import nn

CANDIDATES = [(16, 2), (32, 2), (16, 3), (32, 3)]  # (width, blocks)


def build(width, blocks, in_channels, num_classes, spatial):
    layers, channels = [], in_channels
    for b in range(blocks):
        out = width * (2 ** b)
        layers += [nn.Conv2d(channels, out, 3, padding=1, bias=False), nn.BatchNorm2d(out), nn.ReLU(inplace=True)]
        if spatial >= 8:  # pool while the feature map is large enough, whatever the input size
            layers.append(nn.MaxPool2d(2))
            spatial //= 2
        channels = out
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.2), nn.Linear(channels, num_classes)]
    return nn.Sequential(*layers)


def accuracy(model, loader):
    model.eval()
    right = total = 0
    with torch.no_grad():
        for x, y in loader:
            right += (model(x).argmax(1) == y).sum().item()
            total += len(y)
    return right / max(total, 1)


class NAS:
    def __init__(self, train_loader, valid_loader, metadata):
        self.train_loader, self.valid_loader, self.metadata = train_loader, valid_loader, metadata

    def search(self):
        _, channels, height, _ = self.metadata["input_shape"]  # [N, C, H, W], as the starting kit gives it
        classes = self.metadata["num_classes"]
        deadline = time.monotonic() + 0.25 * self.metadata.get("time_remaining", 600)
        best, best_acc = None, -1.0
        for width, blocks in CANDIDATES:
            model = build(width, blocks, channels, classes, height)
            if best is not None and time.monotonic() > deadline:
                break
            optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
            model.train()
            for step, (x, y) in enumerate(self.train_loader):
                if step >= 30 or time.monotonic() > deadline:
                    break
                optimizer.zero_grad()
                nn.functional.cross_entropy(model(x), y).backward()
                optimizer.step()
            acc = accuracy(model, self.valid_loader)
            print(f"[nas] width={width} blocks={blocks}: valid accuracy {acc:.3f}", flush=True)
            if acc > best_acc:
                best, best_acc, choice = model, acc, (width, blocks)
        width, blocks = choice
        # The winner is trained from scratch by the Trainer.
        return build(width, blocks, channels, classes, height)
