import torch
from torch.utils.data import DataLoader, TensorDataset


class DataProcessor:
    def __init__(self, train_x, train_y, valid_x, valid_y, test_x, metadata):
        self.arrays = (train_x, train_y, valid_x, valid_y, test_x)
        self.metadata = metadata

    def process(self):
        train_x, train_y, valid_x, valid_y, test_x = self.arrays
        m = self.metadata
        # 2022/23 style: the budget is shared, so each data set takes its share of what is left.
        share = m["time_remaining"] / (m["dataset_total_number"] - m["dataset_index"])
        m["my_share_seconds"] = share
        print(f"[2022] data set {m['dataset_index']} of {m['dataset_total_number']}, share {share:.1f} s", flush=True)
        train = TensorDataset(torch.from_numpy(train_x), torch.from_numpy(train_y))
        valid = TensorDataset(torch.from_numpy(valid_x), torch.from_numpy(valid_y))
        test = TensorDataset(torch.from_numpy(test_x))
        return (DataLoader(train, batch_size=8, shuffle=True), DataLoader(valid, batch_size=8),
                DataLoader(test, batch_size=8, shuffle=False, drop_last=False))
