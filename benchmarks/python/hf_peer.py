#!/usr/bin/env python3
"""The Python peer of fairlora's benchmark suite: transformers + PEFT + torch (CPU), driven line by line.

The Java side (io.github.fairlora.benchmarks.python.HfPeerComparison) starts this script once and sends one JSON
command per line on stdin; each answer is one JSON line on stdout. It alternates its own runs with these, so both
sides are measured side by side under the same load.

Commands:
  {"cmd": "hello"}                                     -> versions and thread count
  {"cmd": "train", "shape": "gpt2"|"small", "rank": 16 (0 = full fine-tuning), "steps": n}
        -> {"ms": [per-step milliseconds]}; one step = zero gradients, forward with loss, backward,
           clip to norm 1, AdamW (lr 1e-3, no weight decay), the step fairlora's TrainingFixture times.
  {"cmd": "score", "shape": "stories260k"|"tinystories656k", "sequences": path, "batch": 64, "repeats": n}
        -> {"seconds": [per repeat], "tokens": scored tokens}; the token sequences (one per line, ids separated by
           spaces, the first token is context) scored batched by length with a padding mask: the sum of the
           log-probabilities of every token after the first.
  {"cmd": "quit"}
"""
import json
import sys
import time

import torch

torch.set_num_threads(int(__import__("os").environ.get("FAIRLORA_PEER_THREADS", "2")))
torch.manual_seed(0)

import peft  # noqa: E402
import transformers  # noqa: E402
from transformers import GPT2Config, GPT2LMHeadModel, LlamaConfig, LlamaForCausalLM  # noqa: E402

# The shapes of fairlora's benchmarks.training.TrainingShape and of the scored models.
TRAINING = {
    # GPT-2 small's layer shapes: width 768, 2 layers, 12 heads, MLP 3072, vocabulary 50257, batch 2 x 256.
    "gpt2": dict(batch=2, time=256, vocab=50257),
    # llama2.c-style SMALL: width 256, 4 layers, 8/4 heads, MLP 704, vocabulary 512, batch 8 x 128.
    "small": dict(batch=8, time=128, vocab=512),
}


def build_model(shape):
    if shape == "gpt2":
        config = GPT2Config(vocab_size=50257, n_positions=256, n_embd=768, n_layer=2, n_head=12,
                            resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0)
        return GPT2LMHeadModel(config), ["attn.c_attn", "attn.c_proj"]
    if shape == "small":
        config = LlamaConfig(vocab_size=512, hidden_size=256, intermediate_size=704, num_hidden_layers=4,
                             num_attention_heads=8, num_key_value_heads=4, max_position_embeddings=128,
                             tie_word_embeddings=False)
        return LlamaForCausalLM(config), ["q_proj", "k_proj", "v_proj", "o_proj"]
    if shape == "stories260k":
        config = LlamaConfig(vocab_size=512, hidden_size=64, intermediate_size=172, num_hidden_layers=5,
                             num_attention_heads=8, num_key_value_heads=4, max_position_embeddings=512,
                             tie_word_embeddings=True)
        return LlamaForCausalLM(config), None
    if shape == "tinystories656k":
        config = LlamaConfig(vocab_size=2048, hidden_size=128, intermediate_size=384, num_hidden_layers=2,
                             num_attention_heads=8, num_key_value_heads=4, max_position_embeddings=512,
                             tie_word_embeddings=True, rms_norm_eps=1e-6)
        return LlamaForCausalLM(config), None
    raise ValueError(f"unknown shape {shape!r}")


class Trainer:
    def __init__(self, shape, rank):
        model, targets = build_model(shape)
        if rank > 0:
            config = peft.LoraConfig(r=rank, lora_alpha=2 * rank, lora_dropout=0.0, target_modules=targets,
                                     fan_in_fan_out=(shape == "gpt2"))
            model = peft.get_peft_model(model, config)
            # Non-zero B, as fairlora's fixture does, so the step works on mid-training values.
            with torch.no_grad():
                for name, p in model.named_parameters():
                    if "lora_B" in name:
                        p.normal_(0, 0.01)
        model.train()
        self.model = model
        self.params = [p for p in model.parameters() if p.requires_grad]
        self.optimizer = torch.optim.AdamW(self.params, lr=1e-3, weight_decay=0.0)
        s = TRAINING[shape]
        g = torch.Generator().manual_seed(3)
        self.ids = torch.randint(0, s["vocab"], (s["batch"], s["time"]), generator=g)

    def step(self):
        self.optimizer.zero_grad(set_to_none=False)
        loss = self.model(input_ids=self.ids, labels=self.ids).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.params, 1.0)
        self.optimizer.step()
        return float(loss)


trainers = {}
scorers = {}


def train(cmd):
    key = (cmd["shape"], int(cmd["rank"]))
    if key not in trainers:
        trainers[key] = Trainer(*key)
    trainer = trainers[key]
    times = []
    for _ in range(int(cmd["steps"])):
        start = time.perf_counter()
        trainer.step()
        times.append((time.perf_counter() - start) * 1000.0)
    return {"ms": times}


def score(cmd):
    shape = cmd["shape"]
    if shape not in scorers:
        model, _ = build_model(shape)
        model.eval()
        scorers[shape] = model
    model = scorers[shape]
    with open(cmd["sequences"]) as f:
        sequences = [[int(t) for t in line.split()] for line in f if line.strip()]
    batch_size = int(cmd.get("batch", 64))
    order = sorted(range(len(sequences)), key=lambda i: -len(sequences[i]))
    tokens = sum(len(s) - 1 for s in sequences)
    seconds = []
    for _ in range(int(cmd.get("repeats", 1))):
        start = time.perf_counter()
        totals = [0.0] * len(sequences)
        with torch.inference_mode():
            for b in range(0, len(order), batch_size):
                chunk = [sequences[i] for i in order[b:b + batch_size]]
                width = max(len(s) for s in chunk)
                ids = torch.zeros((len(chunk), width), dtype=torch.long)
                mask = torch.zeros((len(chunk), width), dtype=torch.long)
                for r, s in enumerate(chunk):
                    ids[r, :len(s)] = torch.tensor(s)
                    mask[r, :len(s)] = 1
                logits = model(input_ids=ids, attention_mask=mask).logits[:, :-1]
                logp = torch.log_softmax(logits.float(), dim=-1).gather(2, ids[:, 1:].unsqueeze(-1)).squeeze(-1)
                sums = (logp * mask[:, 1:]).sum(dim=1)
                for r, i in enumerate(order[b:b + batch_size]):
                    totals[i] = float(sums[r])
        seconds.append(time.perf_counter() - start)
    return {"seconds": seconds, "tokens": tokens, "checksum": sum(totals)}


def main():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        cmd = json.loads(line)
        try:
            if cmd["cmd"] == "hello":
                answer = {"torch": torch.__version__, "transformers": transformers.__version__,
                          "peft": peft.__version__, "threads": torch.get_num_threads()}
            elif cmd["cmd"] == "train":
                answer = train(cmd)
            elif cmd["cmd"] == "score":
                answer = score(cmd)
            elif cmd["cmd"] == "quit":
                print(json.dumps({"bye": True}), flush=True)
                return
            else:
                answer = {"error": f"unknown command {cmd['cmd']!r}"}
        except Exception as e:  # reported to the Java side, which writes it into the report
            answer = {"error": f"{type(e).__name__}: {e}"}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
