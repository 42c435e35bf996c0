"""Sample package: data processing. Normalizes with the training set's statistics and wraps the arrays in loaders."""
import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset


class DataProcessor:
    def __init__(self, train_x, train_y, valid_x, valid_y, test_x, metadata):
        self.train_x, self.train_y = train_x, train_y
        self.valid_x, self.valid_y = valid_x, valid_y
        self.test_x = test_x
        self.metadata = metadata

    def process(self):
        # Per-channel statistics of the training data: the same transform for all three splits.
        axes = (0,) + tuple(range(2, self.train_x.ndim))
        mean = self.train_x.mean(axis=axes, keepdims=True)
        std = self.train_x.std(axis=axes, keepdims=True) + 1e-6

        def tensor(x):
            return torch.from_numpy(((x - mean) / std).astype(np.float32))

        train = TensorDataset(tensor(self.train_x), torch.from_numpy(self.train_y.astype(np.int64)))
        valid = TensorDataset(tensor(self.valid_x), torch.from_numpy(self.valid_y.astype(np.int64)))
        test = TensorDataset(tensor(self.test_x))
        # The test loader must neither shuffle nor drop the last batch: predictions follow test_x's order.
        return (DataLoader(train, batch_size=64, shuffle=True, drop_last=True),
                DataLoader(valid, batch_size=256),
                DataLoader(test, batch_size=256, shuffle=False, drop_last=False))
