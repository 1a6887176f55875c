"""safetensors with numpy alone (Debian has no python3-safetensors): 8 bytes of little-endian header length,
a JSON header of dtype, shape and byte range per tensor, then the raw little-endian data."""
import json
import numpy as np

DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4", "I16": "<i2", "I8": "i1",
          "U8": "u1", "BOOL": "?"}


def save(tensors, path, metadata=None):
    """Writes {name: numpy array} in the given order (float32/int64 as stored; bfloat16 is not numpy's)."""
    header, chunks, at = {}, [], 0
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    codes = {v: k for k, v in DTYPES.items()}
    for name, array in tensors.items():
        a = np.ascontiguousarray(array)
        a = a.astype(a.dtype.newbyteorder("<"))
        code = codes[a.dtype.str if a.dtype.str in codes else a.dtype.str.replace("|", "")]
        data = a.tobytes()
        header[name] = {"dtype": code, "shape": list(a.shape), "data_offsets": [at, at + len(data)]}
        chunks.append(data)
        at += len(data)
    blob = json.dumps(header, separators=(",", ":")).encode()
    blob += b" " * (-len(blob) % 8)
    with open(path, "wb") as f:
        f.write(len(blob).to_bytes(8, "little"))
        f.write(blob)
        for c in chunks:
            f.write(c)


def load(path):
    """{name: numpy array} in the header's order, and the metadata."""
    with open(path, "rb") as f:
        raw = f.read()
    n = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8:8 + n])
    metadata = header.pop("__metadata__", {})
    base = 8 + n
    out = {}
    for name, e in header.items():
        begin, end = e["data_offsets"]
        out[name] = np.frombuffer(raw[base + begin:base + end], dtype=DTYPES[e["dtype"]]).reshape(e["shape"])
    return out, metadata
