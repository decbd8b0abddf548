#!/usr/bin/env python3
# Continues a Pretrain Lab run on PyTorch's distributed engine: launched by torchrun (or
# `accelerate launch` with --impl hf), it trains the bundle's model on the bundle's token shards
# with DistributedDataParallel, and writes HF-exact checkpoints and Pretrain Lab's JSON progress
# events (metrics.jsonl). README.md beside it explains the bundle and the launch lines.
#
#   --impl torch  a short pure-PyTorch implementation of Hugging Face's GPT2LMHeadModel (causal LM)
#                 and BertForMaskedLM (masked LM) over torch.distributed (NCCL on GPUs, gloo on CPU)
#   --impl hf     the same loop with transformers' classes and accelerate (DDP, FSDP, DeepSpeed)
#
# Shapes: B rows per micro-batch, T tokens per row, C width, H heads, V vocabulary.
import argparse
import contextlib
import hashlib
import json
import math
import os
import shutil
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
IGNORE_INDEX = -100
CHECKPOINT_PREFIX = "checkpoint-"
# Files of a model folder copied into every checkpoint as they are (the weights are written anew).
MODEL_FILES = ["config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"]


# ---------------------------------------------------------------- safetensors, without the package
ST_DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "F64": torch.float64, "I64": torch.int64, "I32": torch.int32}


def read_safetensors(path):
    """{name: tensor} from a .safetensors file (8-byte header length, JSON header, raw bytes)."""
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + length])
    base = 8 + length
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        dtype = ST_DTYPES[entry["dtype"]]
        flat = torch.frombuffer(bytearray(data[base + begin : base + end]), dtype=dtype) if end > begin else torch.empty(0, dtype=dtype)
        tensors[name] = flat.reshape(entry["shape"]).float()
    return tensors


def write_safetensors(path, tensors):
    """Writes float32 tensors, names sorted, atomically (temporary file, then rename)."""
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name in sorted(tensors):
        blob = tensors[name].detach().to("cpu", torch.float32).contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    write_atomic(path, struct.pack("<Q", len(text)) + text + b"".join(blobs))


def write_atomic(path, data):
    temp = f"{path}.tmp-{os.getpid()}"
    with open(temp, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
        f.flush()
        os.fsync(f.fileno())
    os.replace(temp, path)


# ---------------------------------------------------------------- the models, HF semantics (--impl torch)
class Conv1D(nn.Module):
    """GPT-2's linear layer: weight stored [in, out]."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(n_in, n_out))
        self.bias = nn.Parameter(torch.zeros(n_out))

    def forward(self, x):
        return x @ self.weight + self.bias


def attention(q, k, v, n_head, mask_bias, dropout, training):
    """Scaled dot-product attention over heads; mask_bias is added to the scores (0 or a large negative)."""
    B, T, C = q.shape
    split = lambda t: t.view(B, -1, n_head, C // n_head).transpose(1, 2)  # (B, H, T, C/H)
    q, k, v = split(q), split(k), split(v)
    scores = (q @ k.transpose(-1, -2)) / math.sqrt(C // n_head) + mask_bias  # (B, H, T, T)
    probs = F.dropout(torch.softmax(scores, dim=-1), dropout, training)
    return (probs @ v).transpose(1, 2).reshape(B, T, C)


class Gpt2Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        C, eps = cfg["n_embd"], cfg["layer_norm_epsilon"]
        self.cfg = cfg
        self.ln_1 = nn.LayerNorm(C, eps=eps)
        self.attn = nn.Module()
        self.attn.c_attn = Conv1D(C, 3 * C)
        self.attn.c_proj = Conv1D(C, C)
        self.ln_2 = nn.LayerNorm(C, eps=eps)
        self.mlp = nn.Module()
        self.mlp.c_fc = Conv1D(C, cfg.get("n_inner") or 4 * C)
        self.mlp.c_proj = Conv1D(cfg.get("n_inner") or 4 * C, C)

    def forward(self, x, mask_bias):
        p_attn, p_resid = self.cfg["attn_pdrop"], self.cfg["resid_pdrop"]
        q, k, v = self.attn.c_attn(self.ln_1(x)).split(x.shape[-1], dim=2)
        a = attention(q, k, v, self.cfg["n_head"], mask_bias, p_attn, self.training)
        x = x + F.dropout(self.attn.c_proj(a), p_resid, self.training)
        h = F.gelu(self.mlp.c_fc(self.ln_2(x)), approximate="tanh")  # gelu_new
        return x + F.dropout(self.mlp.c_proj(h), p_resid, self.training)


class Gpt2LMHead(nn.Module):
    """GPT2LMHeadModel: the output projection is tied to transformer.wte."""

    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.transformer = nn.Module()
        self.transformer.wte = nn.Embedding(cfg["vocab_size"], cfg["n_embd"])
        self.transformer.wpe = nn.Embedding(cfg["n_positions"], cfg["n_embd"])
        self.transformer.h = nn.ModuleList(Gpt2Block(cfg) for _ in range(cfg["n_layer"]))
        self.transformer.ln_f = nn.LayerNorm(cfg["n_embd"], eps=cfg["layer_norm_epsilon"])

    def forward(self, ids, attention_mask=None):
        T = ids.shape[1]
        t = self.transformer
        x = F.dropout(t.wte(ids) + t.wpe(torch.arange(T, device=ids.device)), self.cfg["embd_pdrop"], self.training)  # (B, T, C)
        causal = torch.full((T, T), torch.finfo(x.dtype).min, device=ids.device).triu(1)
        for block in t.h:
            x = block(x, causal)
        return t.ln_f(x) @ t.wte.weight.t()  # (B, T, V)


def bert_act(cfg):
    return {"gelu": F.gelu, "gelu_new": lambda x: F.gelu(x, approximate="tanh"), "relu": F.relu}[cfg.get("hidden_act", "gelu")]


class BertLayer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        C, I, eps = cfg["hidden_size"], cfg["intermediate_size"], cfg["layer_norm_eps"]
        self.cfg = cfg
        self.attention = nn.Module()
        self.attention.add_module("self", nn.Module())
        for name in ("query", "key", "value"):
            self.attention._modules["self"].add_module(name, nn.Linear(C, C))
        self.attention.output = nn.Module()
        self.attention.output.dense = nn.Linear(C, C)
        self.attention.output.LayerNorm = nn.LayerNorm(C, eps=eps)
        self.intermediate = nn.Module()
        self.intermediate.dense = nn.Linear(C, I)
        self.output = nn.Module()
        self.output.dense = nn.Linear(I, C)
        self.output.LayerNorm = nn.LayerNorm(C, eps=eps)

    def forward(self, x, mask_bias):
        s, drop = self.attention._modules["self"], self.cfg["hidden_dropout_prob"]
        a = attention(s.query(x), s.key(x), s.value(x), self.cfg["num_attention_heads"], mask_bias, self.cfg["attention_probs_dropout_prob"], self.training)
        o = self.attention.output
        x = o.LayerNorm(x + F.dropout(o.dense(a), drop, self.training))
        h = bert_act(self.cfg)(self.intermediate.dense(x))
        return self.output.LayerNorm(x + F.dropout(self.output.dense(h), drop, self.training))


class BertMaskedLM(nn.Module):
    """BertForMaskedLM: the decoder is tied to bert.embeddings.word_embeddings, with its own bias."""

    def __init__(self, cfg):
        super().__init__()
        C, eps = cfg["hidden_size"], cfg["layer_norm_eps"]
        self.cfg = cfg
        self.bert = nn.Module()
        e = self.bert.embeddings = nn.Module()
        e.word_embeddings = nn.Embedding(cfg["vocab_size"], C)
        e.position_embeddings = nn.Embedding(cfg["max_position_embeddings"], C)
        e.token_type_embeddings = nn.Embedding(cfg["type_vocab_size"], C)
        e.LayerNorm = nn.LayerNorm(C, eps=eps)
        self.bert.encoder = nn.Module()
        self.bert.encoder.layer = nn.ModuleList(BertLayer(cfg) for _ in range(cfg["num_hidden_layers"]))
        self.cls = nn.Module()
        p = self.cls.predictions = nn.Module()
        p.transform = nn.Module()
        p.transform.dense = nn.Linear(C, C)
        p.transform.LayerNorm = nn.LayerNorm(C, eps=eps)
        p.bias = nn.Parameter(torch.zeros(cfg["vocab_size"]))

    def forward(self, ids, attention_mask=None):
        B, T = ids.shape
        e = self.bert.embeddings
        x = e.word_embeddings(ids) + e.position_embeddings(torch.arange(T, device=ids.device)) + e.token_type_embeddings(torch.zeros_like(ids))
        x = F.dropout(e.LayerNorm(x), self.cfg["hidden_dropout_prob"], self.training)  # (B, T, C)
        if attention_mask is None:
            attention_mask = torch.ones_like(ids)
        mask_bias = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min  # (B, 1, 1, T)
        for layer in self.bert.encoder.layer:
            x = layer(x, mask_bias)
        p = self.cls.predictions
        h = p.transform.LayerNorm(bert_act(self.cfg)(p.transform.dense(x)))
        return h @ e.word_embeddings.weight.t() + p.bias  # (B, T, V)


TORCH_MODELS = {"gpt2": Gpt2LMHead, "bert": BertMaskedLM}


def build_model(impl, config, weights):
    """The model with our weights (HF names), as --impl asks."""
    if impl == "hf":
        import transformers

        cls = {"gpt2": transformers.GPT2LMHeadModel, "bert": transformers.BertForMaskedLM}[config["model_type"]]
        model = cls(transformers.AutoConfig.for_model(**config))
        missing, unexpected = model.load_state_dict(weights, strict=False)
        model.tie_weights()
    else:
        model = TORCH_MODELS[config["model_type"]](config)
        missing, unexpected = model.load_state_dict(weights, strict=False)
    # Tied output copies and buffers may be absent from the file; parameters may not.
    missing = [m for m in missing if not m.endswith(("lm_head.weight", "decoder.weight", "decoder.bias", ".attn.bias", ".attn.masked_bias", "position_ids"))]
    if missing or unexpected:
        raise SystemExit(f"error: the weights do not match the {config['model_type']} config: missing {missing[:3]}, unexpected {unexpected[:3]}")
    return model


def logits_of(impl, model, ids, attention_mask=None):
    if impl == "hf":
        return model(input_ids=ids, attention_mask=attention_mask).logits
    return model(ids, attention_mask)


def hf_state_dict(model):
    """The parameters under their HF names, tied copies left out (as our folders store them)."""
    module = model.module if hasattr(model, "module") else model
    named = dict(module.named_parameters())
    return {n: p for n, p in named.items() if not n.endswith(("lm_head.weight", "decoder.weight", "decoder.bias"))}


# ---------------------------------------------------------------- data: the bundle's token shards
def load_split(data_dir, index, split):
    dtype = {"uint16": "<u2", "uint32": "<u4"}[index["dtype"]]
    parts = [np.fromfile(os.path.join(data_dir, s["file"]), dtype=dtype) for s in index["splits"][split]["shards"]]
    return torch.from_numpy(np.concatenate(parts).astype(np.int64))


class Batches:
    """Random windows of this rank's share of a stream (DistributedSampler-like: rank r draws
    only from the r-th of `world` contiguous parts), causal or masked as the objective is."""

    def __init__(self, stream, plan, rank, world, seed):
        self.plan, self.T = plan, plan["context"]
        part = len(stream) // world
        lo, hi = (rank * part, (rank + 1) * part) if part > self.T + 1 else (0, len(stream))
        self.stream = stream[lo:hi]
        self.gen = torch.Generator().manual_seed(seed)
        m = plan.get("masking")
        if m:
            self.wrap = m["clsId"] is not None
            self.window = self.T - (2 if self.wrap else 0)
            self.replacements = torch.tensor(m["replacementIds"], dtype=torch.int64)
            self.candidate = torch.zeros(plan["vocabSize"], dtype=torch.bool)
            self.candidate[self.replacements] = True

    def rows(self, B, length):
        starts = torch.randint(0, len(self.stream) - length + 1, (B,), generator=self.gen)
        return torch.stack([self.stream[s : s + length] for s in starts.tolist()])

    def next(self, B):
        if not self.plan.get("masking"):
            rows = self.rows(B, self.T + 1)
            return rows[:, :-1], rows[:, 1:], None
        return self.masked(B)

    def masked(self, B):
        m = self.plan["masking"]
        length = min(self.window, len(self.stream))
        rows = self.rows(B, length)
        if self.wrap:
            rows = torch.cat([torch.full((B, 1), m["clsId"]), rows, torch.full((B, 1), m["sepId"])], dim=1)
        ids, labels = rows.clone(), torch.full_like(rows, IGNORE_INDEX)
        for b in range(B):
            candidates = torch.nonzero(self.candidate[rows[b]]).flatten()
            exact = m["probability"] * len(candidates)
            budget = int(exact) + int(torch.rand((), generator=self.gen).item() < exact - int(exact))
            chosen = candidates[torch.randperm(len(candidates), generator=self.gen)[:budget]]
            if b == B - 1 and (labels != IGNORE_INDEX).sum() == 0 and budget == 0 and len(candidates):
                chosen = candidates[:1]  # a batch with no target has no loss
            labels[b, chosen] = rows[b, chosen]
            r = torch.rand(len(chosen), generator=self.gen)
            ids[b, chosen[r < 0.8]] = m["maskId"]
            swap = chosen[(r >= 0.8) & (r < 0.9)]
            ids[b, swap] = self.replacements[torch.randint(0, len(self.replacements), (len(swap),), generator=self.gen)]
        return ids, labels, torch.ones_like(ids)


def loss_of(logits, labels):
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]).float(), labels.reshape(-1), ignore_index=IGNORE_INDEX)


def learning_rate(step, s):
    """0-based optimizer step → lr: linear warmup, then cosine to minLr (Pretrain Lab's schedule)."""
    if step < s["warmup"]:
        return s["lr"] * (step + 1) / (s["warmup"] + 1)
    if step >= s["steps"] or s["steps"] - s["warmup"] <= 0:
        return s["minLr"]
    ratio = (step - s["warmup"]) / (s["steps"] - s["warmup"])
    return s["minLr"] + 0.5 * (1 + math.cos(math.pi * ratio)) * (s["lr"] - s["minLr"])


# ---------------------------------------------------------------- the distributed engine, two ways
class TorchEngine:
    """torch.distributed directly: torchrun sets RANK, WORLD_SIZE, MASTER_ADDR/PORT."""

    def __init__(self, args):
        import torch.distributed as dist

        self.dist = dist
        self.world = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        local = int(os.environ.get("LOCAL_RANK", "0"))
        cuda = torch.cuda.is_available() and args.device != "cpu"
        self.device = torch.device(f"cuda:{local}") if cuda else torch.device("cpu")
        if cuda:
            torch.cuda.set_device(self.device)
        if self.world > 1:
            dist.init_process_group("nccl" if cuda else "gloo")
        self.amp = torch.autocast("cuda", dtype=torch.bfloat16) if cuda and torch.cuda.is_bf16_supported() else contextlib.nullcontext()

    def wrap(self, model, optimizer):
        model = model.to(self.device)
        if self.world > 1:
            from torch.nn.parallel import DistributedDataParallel

            model = DistributedDataParallel(model, device_ids=[self.device.index] if self.device.type == "cuda" else None)
        return model, optimizer

    def no_sync(self, model, last_micro):
        return model.no_sync() if self.world > 1 and not last_micro else contextlib.nullcontext()

    def backward(self, loss):
        loss.backward()

    def clip(self, model, max_norm):
        return torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm if max_norm > 0 else float("inf"))

    def mean(self, value):
        t = torch.tensor([float(value)], device=self.device)
        if self.world > 1:
            self.dist.all_reduce(t)
        return t.item() / self.world

    def barrier(self):
        if self.world > 1:
            self.dist.barrier()

    def close(self):
        if self.world > 1:
            self.dist.destroy_process_group()


class HfEngine(TorchEngine):
    """accelerate's Accelerator: DDP, FSDP or DeepSpeed and mixed precision as its config says."""

    def __init__(self, args):
        from accelerate import Accelerator

        self.acc = Accelerator()
        self.world, self.rank, self.device = self.acc.num_processes, self.acc.process_index, self.acc.device
        self.amp = contextlib.nullcontext()  # the Accelerator applies its mixed precision itself

    def wrap(self, model, optimizer):
        return self.acc.prepare(model, optimizer)

    def no_sync(self, model, last_micro):
        return self.acc.no_sync(model) if not last_micro else contextlib.nullcontext()

    def backward(self, loss):
        self.acc.backward(loss)

    def clip(self, model, max_norm):
        return self.acc.clip_grad_norm_(model.parameters(), max_norm if max_norm > 0 else float("inf"))

    def mean(self, value):
        return self.acc.reduce(torch.tensor([float(value)], device=self.device), reduction="mean").item()

    def barrier(self):
        self.acc.wait_for_everyone()

    def close(self):
        self.acc.end_training() if hasattr(self.acc, "end_training") else None


# ---------------------------------------------------------------- events, checkpoints
class Events:
    """Pretrain Lab's JSON progress events, one per line, appended (rank 0; debug records from every rank)."""

    def __init__(self, path, rank):
        self.path, self.rank = path, rank

    def emit(self, event, everyone=False):
        if self.rank != 0 and not everyone:
            return
        with open(self.path, "a") as f:
            f.write(json.dumps(event) + "\n")
        if self.rank == 0 and event["event"] != "debug":
            print(json.dumps(event), flush=True)


def save_checkpoint(out, step, model_dir, model, optimizer, history, state):
    """out/checkpoint-<step>/: an HF model folder (+ training/ with moments and the loss history), then out/latest."""
    final = os.path.join(out, f"{CHECKPOINT_PREFIX}{step}")
    staging = f"{final}.tmp-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    os.makedirs(os.path.join(staging, "training"))
    for name in MODEL_FILES:
        if os.path.exists(os.path.join(model_dir, name)):
            shutil.copy(os.path.join(model_dir, name), staging)
    params = hf_state_dict(model)
    write_safetensors(os.path.join(staging, "model.safetensors"), params)
    moments = {}
    for name, p in params.items():
        s = optimizer.state.get(p, {})
        if "exp_avg" in s:
            moments[f"adam_m.{name}"], moments[f"adam_v.{name}"] = s["exp_avg"], s["exp_avg_sq"]
    write_safetensors(os.path.join(staging, "training", "optimizer.safetensors"), moments)
    write_atomic(os.path.join(staging, "training", "metrics.jsonl"), "".join(json.dumps(r) + "\n" for r in history))
    write_atomic(os.path.join(staging, "training", "cluster_state.json"), json.dumps(state, indent=2) + "\n")
    shutil.rmtree(final, ignore_errors=True)
    os.replace(staging, final)
    write_atomic(os.path.join(out, "latest"), f"{CHECKPOINT_PREFIX}{step}\n")
    return final


def latest_checkpoint(out):
    try:
        with open(os.path.join(out, "latest")) as f:
            return os.path.join(out, f.read().strip())
    except FileNotFoundError:
        return None


def load_moments(optimizer, model, folder, step):
    """AdamW's moments from training/optimizer.safetensors (adam_m.<name>, adam_v.<name>), so the update continues exactly."""
    path = os.path.join(folder, "training", "optimizer.safetensors")
    if not os.path.exists(path):
        return False
    moments = read_safetensors(path)
    for name, p in hf_state_dict(model).items():
        if f"adam_m.{name}" in moments:
            optimizer.state[p] = {"step": torch.tensor(float(step)), "exp_avg": moments[f"adam_m.{name}"].to(p.device), "exp_avg_sq": moments[f"adam_v.{name}"].to(p.device)}
    return True


def weights_hash(model):
    h = hashlib.sha256()
    for name, p in sorted(hf_state_dict(model).items()):
        h.update(name.encode())
        h.update(p.detach().cpu().float().numpy().tobytes())
    return h.hexdigest()[:16]


def read_json(path):
    with open(path) as f:
        return json.load(f)


def read_history(folder):
    path = os.path.join(folder, "training", "metrics.jsonl")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


# ---------------------------------------------------------------- the loop
def train(args):
    bundle = os.path.abspath(args.bundle)
    plan = read_json(os.path.join(bundle, "hyperparams.json"))
    index = read_json(os.path.join(bundle, "data", "index.json"))
    plan["vocabSize"] = index["vocabSize"]
    out = os.path.abspath(args.out or os.path.join(bundle, "output"))
    engine = (HfEngine if args.impl == "hf" else TorchEngine)(args)
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(max(1, int(os.environ.get("OMP_NUM_THREADS", "1"))))
    events = Events(os.path.join(out, "metrics.jsonl"), engine.rank)

    resume_from = latest_checkpoint(out) if args.resume else None
    source = resume_from or os.path.join(bundle, "model")
    config = read_json(os.path.join(source, "config.json"))
    model = build_model(args.impl, config, read_safetensors(os.path.join(source, "model.safetensors")))
    start = read_json(os.path.join(resume_from, "training", "cluster_state.json"))["step"] if resume_from else plan["startStep"]
    history = read_history(source)
    schedule = dict(plan["schedule"], steps=max(plan["steps"], args.steps or plan["steps"]))
    total = start + args.max_steps if args.max_steps else schedule["steps"]

    params = dict(model.named_parameters())
    decay = [p for n, p in params.items() if p.dim() >= 2]
    no_decay = [p for n, p in params.items() if p.dim() < 2]
    o = plan["optimizer"]
    optimizer = torch.optim.AdamW(
        [{"params": decay, "weight_decay": o["weightDecay"]}, {"params": no_decay, "weight_decay": 0.0}],
        lr=schedule["lr"], betas=(o["beta1"], o["beta2"]), eps=o["eps"],
    )
    model = model.to(engine.device)
    moments = load_moments(optimizer, model, source, start)
    model, optimizer = engine.wrap(model, optimizer)

    world, accum = engine.world, plan["gradAccum"]
    rows = max(1, plan["batch"] // world)
    if rows * world != plan["batch"]:
        events.emit({"event": "log", "level": "warn", "message": f"batch {plan['batch']} does not divide over {world} ranks: {rows} rows per rank"})
    data_dir = os.path.join(bundle, "data")
    train_batches = Batches(load_split(data_dir, index, "train"), plan, engine.rank, world, plan["seed"] * 1000 + engine.rank + 7919 * start)
    val_stream = load_split(data_dir, index, "val")

    parameters = sum(p.numel() for p in params.values())
    events.emit({"event": "start", "step": start, "totalSteps": total, "parameters": parameters, "trainTokens": index["splits"]["train"]["tokens"],
                 "valTokens": index["splits"]["val"]["tokens"], "vocabSize": index["vocabSize"], "device": f"{engine.device.type} × {world} ({args.impl})",
                 "memoryEstimateBytes": 0, "resumed": bool(resume_from)})
    if start >= total:
        events.emit({"event": "log", "level": "warn", "message": f"the run already reached step {start} of {total}: give --steps N (more than {start}) to train further"})
    if args.debug_ranks:
        events.emit({"event": "debug", "kind": "rank", "rank": engine.rank, "pid": os.getpid()}, everyone=True)
    if not moments:
        events.emit({"event": "log", "level": "warn", "message": "no optimizer moments in the bundle: AdamW starts from zero moments"})

    def evaluate(step):
        model.eval()
        val = Batches(val_stream, plan, engine.rank, world, plan["seed"] + 104729 + engine.rank)
        losses = []
        with torch.no_grad(), engine.amp:
            for _ in range(max(1, math.ceil(plan["evalBatches"] / world))):
                ids, labels, mask = (t.to(engine.device) if t is not None else None for t in val.next(rows))
                losses.append(loss_of(logits_of(args.impl, model, ids, mask), labels).item())
        model.train()
        val_loss = engine.mean(sum(losses) / len(losses))
        history.append({"step": step, "valLoss": val_loss, "perplexity": math.exp(min(val_loss, 50))})
        events.emit({"event": "eval", "step": step, "valLoss": val_loss, "perplexity": math.exp(min(val_loss, 50))})
        return val_loss

    def checkpoint(step, last_loss):
        state = {"step": step, "impl": args.impl, "worldSize": world, "startStep": plan["startStep"], "lastLoss": last_loss}
        if engine.rank == 0:
            path = save_checkpoint(out, step, os.path.join(bundle, "model"), model, optimizer, history, state)
            events.emit({"event": "checkpoint", "step": step, "path": path})
        engine.barrier()

    model.train()
    began, step, loss_value = time.time(), start, None
    try:
        while step < total:
            lr = learning_rate(step, schedule)
            for group in optimizer.param_groups:
                group["lr"] = lr
            step_loss = 0.0
            for micro in range(accum):
                ids, labels, mask = (t.to(engine.device) if t is not None else None for t in train_batches.next(rows))
                with engine.no_sync(model, micro == accum - 1):
                    with engine.amp:
                        loss = loss_of(logits_of(args.impl, model, ids, mask), labels) / accum
                    engine.backward(loss)
                step_loss += loss.item()
            grad_norm = float(engine.clip(model, plan["clip"]))
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
            step += 1
            loss_value = engine.mean(step_loss)
            elapsed = (time.time() - began) * 1000
            done = step - start
            tokens = done * plan["batch"] * accum * plan["context"]
            history.append({"step": step, "loss": loss_value, "lr": lr, "gradNorm": grad_norm})
            events.emit({"event": "progress", "step": step, "loss": loss_value, "lr": lr, "gradNorm": grad_norm,
                         "tokensPerSec": tokens / max(elapsed / 1000, 1e-9), "elapsedMs": elapsed, "etaMs": elapsed / done * (total - step)})
            if args.debug_ranks:
                events.emit({"event": "debug", "kind": "weights", "step": step, "rank": engine.rank, "sha256": weights_hash(model)}, everyone=True)
            if args.step_delay:
                time.sleep(args.step_delay)
            if plan["evalEvery"] and step % plan["evalEvery"] == 0 and step < total:
                evaluate(step)
            if plan["checkpointEvery"] and step % plan["checkpointEvery"] == 0 and step < total:
                checkpoint(step, loss_value)
        val_loss = evaluate(step)
        checkpoint(step, loss_value)
    except RuntimeError as error:
        # A peer that died (SIGKILL, node lost) surfaces here as a collective's error; say what to do.
        latest = latest_checkpoint(out)
        where = f"resume from {latest} with --resume" if latest else "no checkpoint was written yet: start again"
        sys.stderr.write(f"error: rank {engine.rank} stopped at step {step + 1}: {str(error).splitlines()[0]}; {where}\n")
        sys.exit(1)
    events.emit({"event": "done", "stopReason": "completed", "step": step, "totalSteps": total, "finalLoss": loss_value, "valLoss": val_loss,
                 "perplexity": math.exp(min(val_loss, 50)), "elapsedMs": (time.time() - began) * 1000, "path": latest_checkpoint(out)})
    engine.close()


def check_forward(args):
    """Prints the logits of one sequence as JSON: {"logits": [[V floats] × T]}, for comparing implementations."""
    folder = os.path.abspath(args.model)
    config = read_json(os.path.join(folder, "config.json"))
    model = build_model(args.impl, config, read_safetensors(os.path.join(folder, "model.safetensors"))).eval()
    ids = torch.tensor([[int(i) for i in args.ids.split(",")]])
    with torch.no_grad():
        logits = logits_of(args.impl, model, ids, torch.ones_like(ids))
    print(json.dumps({"logits": logits[0].tolist()}))


def main():
    parser = argparse.ArgumentParser(description="Continue a Pretrain Lab run with torchrun / accelerate (see README.md).")
    parser.add_argument("--bundle", default=HERE, help="the bundle folder (default: this script's)")
    parser.add_argument("--out", help="output folder for checkpoints and metrics.jsonl (default: <bundle>/output)")
    parser.add_argument("--impl", choices=["torch", "hf"], default="torch", help="pure PyTorch (default) or transformers + accelerate")
    parser.add_argument("--steps", type=int, help="total steps of the schedule (default: our run's); raise it to train further")
    parser.add_argument("--max-steps", type=int, help="stop after this many steps of this session")
    parser.add_argument("--resume", action="store_true", help="continue from <out>/latest")
    parser.add_argument("--device", choices=["auto", "cpu"], default="auto")
    parser.add_argument("--check-forward", action="store_true", help="print the logits of --ids on --model and exit")
    parser.add_argument("--model", help="with --check-forward: a model folder")
    parser.add_argument("--ids", help="with --check-forward: comma-separated token ids")
    parser.add_argument("--debug-ranks", action="store_true", help="every rank records its pid, and a hash of its weights after each step, in metrics.jsonl")
    parser.add_argument("--step-delay", type=float, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    check_forward(args) if args.check_forward else train(args)


if __name__ == "__main__":
    main()
