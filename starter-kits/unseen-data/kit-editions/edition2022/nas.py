import math

import torch.nn as nn


class NAS:
    def __init__(self, train_loader, valid_loader, metadata):
        self.metadata = metadata

    def search(self):
        features = math.prod(self.metadata["input_shape"][1:])
        return nn.Sequential(nn.Flatten(), nn.Linear(features, self.metadata["num_classes"]))
