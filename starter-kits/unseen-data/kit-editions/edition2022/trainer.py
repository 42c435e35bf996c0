import time

import torch


class Trainer:
    def __init__(self, model, device, train_loader, valid_loader, metadata):
        self.model, self.device, self.train_loader, self.metadata = model.to(device), device, train_loader, metadata

    def train(self):
        optimizer = torch.optim.SGD(self.model.parameters(), lr=0.5)
        stop = time.time() + self.metadata["my_share_seconds"] / 4
        for epoch in range(60):
            for x, y in self.train_loader:
                optimizer.zero_grad()
                torch.nn.functional.cross_entropy(self.model(x.to(self.device)), y.to(self.device)).backward()
                optimizer.step()
            if time.time() > stop:
                break
        return self.model

    def predict(self, test_loader):
        self.model.eval()
        with torch.no_grad():
            return [int(p) for (x,) in test_loader for p in self.model(x.to(self.device)).argmax(1)]
