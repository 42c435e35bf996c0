import torch.nn as nn


class NAS:
    def __init__(self, train_loader, valid_loader, metadata, clock):
        self.metadata, self.clock = metadata, clock

    def search(self):
        candidates = [16, 64]
        # A "search" that looks at the clock: with almost nothing left, the smaller candidate.
        if self.clock.check() < 1:
            candidates = candidates[:1]
        n, c, h, w = self.metadata["input_shape"]
        return nn.Sequential(nn.Flatten(), nn.Linear(c * h * w, candidates[-1]), nn.ReLU(),
                             nn.Linear(candidates[-1], self.metadata["num_classes"]))
