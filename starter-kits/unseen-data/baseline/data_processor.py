"""Organizer's baseline: data processing (inputs as they are, flattened later by the model)."""
import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset


class DataProcessor:
    def __init__(self, train_x, train_y, valid_x, valid_y, test_x, metadata):
        self.arrays = (train_x, train_y, valid_x, valid_y, test_x)

    def process(self):
        train_x, train_y, valid_x, valid_y, test_x = self.arrays
        f = lambda a: torch.from_numpy(a.astype(np.float32))
        i = lambda a: torch.from_numpy(a.astype(np.int64))
        return (DataLoader(TensorDataset(f(train_x), i(train_y)), batch_size=128, shuffle=True),
                DataLoader(TensorDataset(f(valid_x), i(valid_y)), batch_size=512),
                DataLoader(TensorDataset(f(test_x)), batch_size=512, shuffle=False))
