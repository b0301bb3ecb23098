"""Tiny random GPT-2 and Llama checkpoints, written by numpy alone, with the logits and attention that a
numpy forward pass (written from transformers' modeling_gpt2.py and modeling_llama.py) gives for one input.
They pin the project's safetensors reader and float64 forward pass (src/models/checkpoint/*.test.ts) to an
independent implementation. Run: python3 scripts/make-checkpoint-fixtures.py (deterministic)."""
import json, struct, pathlib
import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "src/models/checkpoint/fixtures"
TOKENS = [3, 1, 4, 1, 5, 9, 2]


def to_bf16_bits(a):
    bits = a.astype(np.float32).view(np.uint32).astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16  # round to nearest even
    return rounded.astype(np.uint16)


def write_safetensors(path, tensors, dtype):
    header, blobs, offset = {}, [], 0
    for name, a in tensors.items():
        if dtype == "F32":
            raw = a.astype("<f4").tobytes()
        elif dtype == "F16":
            raw = a.astype("<f2").tobytes()
        else:
            raw = to_bf16_bits(a).astype("<u2").tobytes()
        header[name] = {"dtype": dtype, "shape": list(a.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    path.write_bytes(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def stored(a, dtype):
    """The values a reader gets back: rounded to the stored dtype, widened to float64."""
    if dtype == "F32":
        return a.astype(np.float32).astype(np.float64)
    if dtype == "F16":
        return a.astype(np.float16).astype(np.float64)
    return (to_bf16_bits(a).astype(np.uint32) << 16).view(np.float32).astype(np.float64)


def softmax_causal(s):
    n = s.shape[-1]
    s = np.where(np.tril(np.ones((n, n), bool)), s, -np.inf)
    s = s - s.max(-1, keepdims=True)
    e = np.exp(s)
    return e / e.sum(-1, keepdims=True)


def ln(x, w, b, eps):
    m = x.mean(-1, keepdims=True)
    v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + eps) * w + b


def gpt2(rng, dtype, prefix):
    V, P, d, H, L = 13, 16, 8, 2, 2
    hd = d // H
    t = {}
    p = lambda n: prefix + n
    t[p("wte.weight")] = rng.normal(0, 0.5, (V, d))
    t[p("wpe.weight")] = rng.normal(0, 0.2, (P, d))
    for i in range(L):
        h = f"h.{i}."
        t[p(h + "ln_1.weight")] = 1 + rng.normal(0, 0.1, d)
        t[p(h + "ln_1.bias")] = rng.normal(0, 0.1, d)
        t[p(h + "attn.c_attn.weight")] = rng.normal(0, 0.4, (d, 3 * d))
        t[p(h + "attn.c_attn.bias")] = rng.normal(0, 0.1, 3 * d)
        t[p(h + "attn.c_proj.weight")] = rng.normal(0, 0.3, (d, d))
        t[p(h + "attn.c_proj.bias")] = rng.normal(0, 0.1, d)
        t[p(h + "ln_2.weight")] = 1 + rng.normal(0, 0.1, d)
        t[p(h + "ln_2.bias")] = rng.normal(0, 0.1, d)
        t[p(h + "mlp.c_fc.weight")] = rng.normal(0, 0.3, (d, 4 * d))
        t[p(h + "mlp.c_fc.bias")] = rng.normal(0, 0.1, 4 * d)
        t[p(h + "mlp.c_proj.weight")] = rng.normal(0, 0.2, (4 * d, d))
        t[p(h + "mlp.c_proj.bias")] = rng.normal(0, 0.1, d)
    t[p("ln_f.weight")] = 1 + rng.normal(0, 0.1, d)
    t[p("ln_f.bias")] = rng.normal(0, 0.1, d)
    config = {"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "vocab_size": V, "n_positions": P,
              "n_embd": d, "n_head": H, "n_layer": L, "layer_norm_epsilon": 1e-5, "activation_function": "gelu_new"}
    w = {k.removeprefix(prefix): stored(v, dtype) for k, v in t.items()}
    n = len(TOKENS)
    x = w["wte.weight"][TOKENS] + w["wpe.weight"][:n]
    att = []
    for i in range(L):
        g = lambda s: w[f"h.{i}." + s]
        h = ln(x, g("ln_1.weight"), g("ln_1.bias"), 1e-5)
        qkv = h @ g("attn.c_attn.weight") + g("attn.c_attn.bias")
        q, k, v = qkv[:, :d], qkv[:, d:2 * d], qkv[:, 2 * d:]
        heads = []
        outs = []
        for hh in range(H):
            sl = slice(hh * hd, (hh + 1) * hd)
            a = softmax_causal(q[:, sl] @ k[:, sl].T / np.sqrt(hd))
            heads.append(a)
            outs.append(a @ v[:, sl])
        att.append(heads)
        x = x + np.concatenate(outs, 1) @ g("attn.c_proj.weight") + g("attn.c_proj.bias")
        h2 = ln(x, g("ln_2.weight"), g("ln_2.bias"), 1e-5)
        u = h2 @ g("mlp.c_fc.weight") + g("mlp.c_fc.bias")
        u = 0.5 * u * (1 + np.tanh(np.sqrt(2 / np.pi) * (u + 0.044715 * u ** 3)))
        x = x + u @ g("mlp.c_proj.weight") + g("mlp.c_proj.bias")
    x = ln(x, w["ln_f.weight"], w["ln_f.bias"], 1e-5)
    return t, config, x @ w["wte.weight"].T, att


def rope_half(x, base):
    n, hd = x.shape
    half = hd // 2
    theta = base ** (-2 * np.arange(half) / hd)
    ang = np.arange(n)[:, None] * theta[None, :]
    a, b = x[:, :half], x[:, half:]
    return np.concatenate([a * np.cos(ang) - b * np.sin(ang), a * np.sin(ang) + b * np.cos(ang)], 1)


def llama(rng, dtype, tied):
    V, d, H, KV, L, F, hd = 11, 8, 4, 2, 2, 12, 2
    t = {"model.embed_tokens.weight": rng.normal(0, 0.5, (V, d))}
    for i in range(L):
        p = f"model.layers.{i}."
        t[p + "input_layernorm.weight"] = 1 + rng.normal(0, 0.1, d)
        t[p + "self_attn.q_proj.weight"] = rng.normal(0, 0.5, (H * hd, d))
        t[p + "self_attn.k_proj.weight"] = rng.normal(0, 0.5, (KV * hd, d))
        t[p + "self_attn.v_proj.weight"] = rng.normal(0, 0.5, (KV * hd, d))
        t[p + "self_attn.o_proj.weight"] = rng.normal(0, 0.3, (d, H * hd))
        t[p + "post_attention_layernorm.weight"] = 1 + rng.normal(0, 0.1, d)
        t[p + "mlp.gate_proj.weight"] = rng.normal(0, 0.3, (F, d))
        t[p + "mlp.up_proj.weight"] = rng.normal(0, 0.3, (F, d))
        t[p + "mlp.down_proj.weight"] = rng.normal(0, 0.3, (d, F))
    t["model.norm.weight"] = 1 + rng.normal(0, 0.1, d)
    if not tied:
        t["lm_head.weight"] = rng.normal(0, 0.5, (V, d))
    config = {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": V, "hidden_size": d,
              "intermediate_size": F, "num_attention_heads": H, "num_key_value_heads": KV, "num_hidden_layers": L,
              "rms_norm_eps": 1e-6, "rope_theta": 100.0, "max_position_embeddings": 64, "tie_word_embeddings": tied,
              "head_dim": hd}
    w = {k: stored(v, dtype) for k, v in t.items()}
    rms = lambda x, g: x / np.sqrt((x ** 2).mean(-1, keepdims=True) + 1e-6) * g
    x = w["model.embed_tokens.weight"][TOKENS]
    att = []
    for i in range(L):
        g = lambda s: w[f"model.layers.{i}." + s]
        h = rms(x, g("input_layernorm.weight"))
        q, k, v = h @ g("self_attn.q_proj.weight").T, h @ g("self_attn.k_proj.weight").T, h @ g("self_attn.v_proj.weight").T
        heads, outs = [], []
        for hh in range(H):
            kv = hh * KV // H
            qh = rope_half(q[:, hh * hd:(hh + 1) * hd], 100.0)
            kh = rope_half(k[:, kv * hd:(kv + 1) * hd], 100.0)
            a = softmax_causal(qh @ kh.T / np.sqrt(hd))
            heads.append(a)
            outs.append(a @ v[:, kv * hd:(kv + 1) * hd])
        att.append(heads)
        x = x + np.concatenate(outs, 1) @ g("self_attn.o_proj.weight").T
        h2 = rms(x, g("post_attention_layernorm.weight"))
        gate, up = h2 @ g("mlp.gate_proj.weight").T, h2 @ g("mlp.up_proj.weight").T
        x = x + (gate / (1 + np.exp(-gate)) * up) @ g("mlp.down_proj.weight").T
    x = rms(x, w["model.norm.weight"])
    head = w["model.embed_tokens.weight"] if tied else w["lm_head.weight"]
    return t, config, x @ head.T, att


def emit(name, tensors, config, logits, att, dtype):
    d = OUT / name
    d.mkdir(parents=True, exist_ok=True)
    write_safetensors(d / "model.safetensors", tensors, dtype)
    (d / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    expected = {"tokens": TOKENS, "dtype": dtype, "logits": np.round(logits, 12).tolist(),
                "attention": [[np.round(a, 12).tolist() for a in layer] for layer in att]}
    (d / "expected.json").write_text(json.dumps(expected) + "\n")


emit("gpt2-f32", *gpt2(np.random.default_rng(1), "F32", "transformer."), "F32")
# A word-level tokenizer.json for it, so the page can be driven with words: TOKENS read "sat the on the mat and cat".
WORDS = ["[UNK]", "the", "cat", "sat", "on", "mat", "a", "dog", ".", "and", "ran", "it", "was"]
tokenizer = {"version": "1.0", "truncation": None, "padding": None, "added_tokens": [], "normalizer": None,
             "pre_tokenizer": {"type": "Whitespace"}, "post_processor": None, "decoder": None,
             "model": {"type": "WordLevel", "vocab": {w: i for i, w in enumerate(WORDS)}, "unk_token": "[UNK]"}}
(OUT / "gpt2-f32" / "tokenizer.json").write_text(json.dumps(tokenizer, indent=2) + "\n")
emit("gpt2-f16-noprefix", *gpt2(np.random.default_rng(2), "F16", ""), "F16")
emit("llama-bf16-tied", *llama(np.random.default_rng(3), "BF16", True), "BF16")
emit("llama-f32-untied", *llama(np.random.default_rng(4), "F32", False), "F32")
print("wrote", sorted(p.name for p in OUT.iterdir()))
