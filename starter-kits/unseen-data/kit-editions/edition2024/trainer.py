import torch
from sklearn.metrics import accuracy_score

from helpers import load_settings, log


class Trainer:
    def __init__(self, model, device, train_dataloader, valid_dataloader, metadata):
        self.model, self.device = model.to(device), device
        self.train_dataloader, self.valid_dataloader, self.metadata = train_dataloader, valid_dataloader, metadata
        self.settings = load_settings()

    def train(self):
        with open("chosen.txt", encoding="utf-8") as f:  # written by NAS into the working directory
            assert int(f.read()) == self.metadata["searched_width"]
        optimizer = torch.optim.SGD(self.model.parameters(), lr=self.settings["lr"], momentum=0.9)
        for epoch in range(self.settings["epochs"]):
            self.model.train()
            for x, y in self.train_dataloader:
                optimizer.zero_grad()
                torch.nn.functional.cross_entropy(self.model(x.to(self.device)), y.to(self.device)).backward()
                optimizer.step()
        log("train", f"valid accuracy {self.evaluate():.2f}")
        return self.model

    def evaluate(self):
        self.model.eval()
        labels, predictions = [], []
        with torch.no_grad():
            for x, y in self.valid_dataloader:
                labels += y.tolist()
                predictions += self.model(x.to(self.device)).argmax(1).cpu().tolist()
        return accuracy_score(labels, predictions)

    def predict(self, test_loader):
        self.model.eval()
        with torch.no_grad():
            return torch.cat([self.model(x.to(self.device)).argmax(1).cpu() for x in test_loader])
