"""numpy float32 attention, one thread: the anchor `scripts/bench-attention.mjs` times the engine against.

A line-oriented worker, so that the engine (in Chromium) and numpy can run in alternating rounds of one
benchmark: load from other work then falls on both alike.

  stdin  "info"        -> one JSON line: numpy's version and BLAS (threadpoolctl when installed)
  stdin  "peak"        -> one JSON line: the best of 5 float32 matrix products 2048³, in GFLOP/s
  stdin  "attn N D"    -> one JSON line: ms of one attention over random float32 Q, K, V [N, D]
                          (scores, scaled, softmax weights, weights·V: the engine's intermediates)
  stdin  "products J"  -> one JSON line: ms of a list of float32 matrix products, the best of 5 runs of
                          the list; J is JSON [[batch, m, k, n], …] (batch products [m, k]·[k, n] each)

Run with OPENBLAS_NUM_THREADS=1 (the bench sets it, and unsets OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE so
that OpenBLAS picks the kernel for this CPU).
"""

import json
import sys
import time

import numpy as np

_inputs = {}


def inputs(n, d):
    if (n, d) not in _inputs:
        _inputs.clear()
        rng = np.random.default_rng(1)
        _inputs[(n, d)] = tuple(rng.standard_normal((n, d), dtype=np.float32) for _ in range(3))
    return _inputs[(n, d)]


def attention(q, k, v):
    scores = q @ k.T
    scaled = scores / np.float32(np.sqrt(q.shape[1]))
    shifted = scaled - scaled.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    weights = e / e.sum(axis=1, keepdims=True)
    return weights @ v


def info():
    out = {"numpy": np.__version__}
    try:
        from threadpoolctl import threadpool_info

        out["threadpools"] = [
            {k: p.get(k) for k in ("internal_api", "num_threads", "version", "architecture")}
            for p in threadpool_info()
        ]
    except ImportError:
        out["threadpools"] = "threadpoolctl is not installed"
    return out


def peak():
    a = np.random.default_rng(2).standard_normal((2048, 2048), dtype=np.float32)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        a @ a
        best = min(best, time.perf_counter() - start)
    return {"gflops": 2 * 2048**3 / best / 1e9}


def products(shapes):
    rng = np.random.default_rng(3)
    operands = [
        (
            rng.standard_normal((b, m, k), dtype=np.float32),
            rng.standard_normal((b, k, n), dtype=np.float32),
        )
        for b, m, k, n in shapes
    ]
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for a, b in operands:
            np.matmul(a, b)
        best = min(best, time.perf_counter() - start)
    return {"ms": best * 1000}


for line in sys.stdin:
    words = line.split()
    if not words:
        continue
    if words[0] == "info":
        answer = info()
    elif words[0] == "peak":
        answer = peak()
    elif words[0] == "attn":
        q, k, v = inputs(int(words[1]), int(words[2]))
        start = time.perf_counter()
        attention(q, k, v)
        answer = {"ms": (time.perf_counter() - start) * 1000}
    elif words[0] == "products":
        answer = products(json.loads(line.split(None, 1)[1]))
    else:
        answer = {"error": f"unknown command {words[0]}"}
    print(json.dumps(answer), flush=True)
