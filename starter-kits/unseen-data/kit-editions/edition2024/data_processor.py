import torch
import torchvision.transforms as transforms
from torch.utils.data import DataLoader, Dataset

from helpers import log


class Images(Dataset):
    def __init__(self, x, y, transform):
        self.x, self.y, self.transform = torch.tensor(x), None if y is None else torch.tensor(y), transform

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        image = self.transform(self.x[i])
        return image if self.y is None else (image, self.y[i])


class DataProcessor:
    def __init__(self, train_x, train_y, valid_x, valid_y, test_x, metadata):
        self.train_x, self.train_y, self.valid_x, self.valid_y, self.test_x = train_x, train_y, valid_x, valid_y, test_x
        self.metadata = metadata

    def process(self):
        mean = torch.tensor(self.train_x).mean(dim=(0, 2, 3))
        std = torch.tensor(self.train_x).std(dim=(0, 2, 3))
        normalize = transforms.Normalize(mean, std)
        self.metadata["normalized_with"] = [float(v) for v in mean]  # a message for the later stages
        log("process", f"input_shape {self.metadata['input_shape']}, x {self.train_x.dtype}, y {self.train_y.dtype}")
        return (DataLoader(Images(self.train_x, self.train_y, normalize), batch_size=8, shuffle=True, drop_last=True),
                DataLoader(Images(self.valid_x, self.valid_y, normalize), batch_size=8, shuffle=False),
                DataLoader(Images(self.test_x, None, normalize), batch_size=8, shuffle=False, drop_last=False))
