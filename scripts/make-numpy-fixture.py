"""Writes src/core/fixtures/numpy-attention.npy with numpy itself (not with this project's code), for
src/core/importAttention.test.ts ("reads a file numpy wrote"), and prints the values that test expects.
Run: python3 scripts/make-numpy-fixture.py (numpy 1.x or 2.x; the file is the .npy format 1.0 either way).

Attention weights [layers 2, heads 2, queries 3, keys 3] in float32: the softmax of fixed logits, rows are
queries and columns are keys; layer 2, head 2 is causal (keys after the query get exactly 0)."""
from pathlib import Path

import numpy as np

logits = np.arange(36, dtype=np.float64).reshape(2, 2, 3, 3) % 5 - 2.0
logits[1, 1][np.triu_indices(3, k=1)] = -np.inf
weights = np.exp(logits - logits.max(axis=-1, keepdims=True))
weights = (weights / weights.sum(axis=-1, keepdims=True)).astype(np.float32)

out = Path(__file__).resolve().parent.parent / "src" / "core" / "fixtures" / "numpy-attention.npy"
np.save(out, weights)
print(f"wrote {out}: {np.load(out).dtype} {np.load(out).shape}")
# The exact doubles of the float32 values, in file order: the test compares with these, exactly.
print([float(x) for x in weights.ravel()])
