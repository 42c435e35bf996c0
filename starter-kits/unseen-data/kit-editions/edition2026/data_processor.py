import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset


class DataProcessor:
    def __init__(self, train_x, train_y, valid_x, valid_y, test_x, metadata, clock):
        self.train = TensorDataset(torch.from_numpy(train_x), torch.from_numpy(train_y))
        self.valid = TensorDataset(torch.from_numpy(valid_x), torch.from_numpy(valid_y))
        self.test = TensorDataset(torch.from_numpy(test_x))
        self.metadata, self.clock = metadata, clock

    def process(self):
        budget = self.clock.time_limit - self.clock.start_time
        print(f"[2026 process] clock {self.clock.check():.1f} s left of {budget:.1f} s; "
              f"time_limit {self.metadata['time_limit'] * 3600:.1f} s", flush=True)
        return (DataLoader(self.train, batch_size=8, shuffle=True), DataLoader(self.valid, batch_size=8),
                DataLoader(self.test, batch_size=8, shuffle=False))
