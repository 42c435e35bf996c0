"""Organizer's baseline: three epochs of plain SGD, no tuning."""
import numpy as np
import torch
from torch import nn


class Trainer:
    def __init__(self, model, device, train_loader, valid_loader, metadata):
        self.model, self.device, self.train_loader = model.to(device), device, train_loader

    def train(self):
        torch.manual_seed(0)
        optimizer = torch.optim.SGD(self.model.parameters(), lr=0.1)
        self.model.train()
        for _ in range(3):
            for x, y in self.train_loader:
                optimizer.zero_grad()
                nn.functional.cross_entropy(self.model(x.to(self.device)), y.to(self.device)).backward()
                optimizer.step()

    def predict(self, test_loader):
        self.model.eval()
        with torch.no_grad():
            return np.concatenate([self.model(x.to(self.device)).argmax(1).cpu().numpy() for (x,) in test_loader])
