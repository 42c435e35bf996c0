"""Writes a supernet's state_dict in the two formats the platform loads:
safetensors (written by hand: 8-byte little-endian header length, JSON header, raw bytes) and
PyTorch's zip format (torch.save of the state_dict, nothing else)."""
import json
import struct

import numpy as np
import torch

_DTYPES = {torch.float32: ("F32", np.float32), torch.int64: ("I64", np.int64)}
_BACK = {"F32": np.float32, "I64": np.int64}


def save_safetensors(state_dict, path):
    header, chunks, offset = {}, [], 0
    for key, t in state_dict.items():
        name, np_type = _DTYPES[t.dtype]
        data = t.detach().cpu().contiguous().numpy().astype(np_type, copy=False).tobytes()
        header[key] = {"dtype": name, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)  # the format pads the header to 8 bytes
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for c in chunks:
            f.write(c)


def load_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for key, e in header.items():
        if key == "__metadata__":
            continue
        b, end = e["data_offsets"]
        out[key] = torch.from_numpy(np.frombuffer(data[b:end], _BACK[e["dtype"]]).reshape(e["shape"]).copy())
    return out


def save_pt(state_dict, path):
    torch.save(state_dict, path)


def load_checkpoint(path):
    return load_safetensors(path) if path.endswith(".safetensors") else torch.load(path, map_location="cpu")
