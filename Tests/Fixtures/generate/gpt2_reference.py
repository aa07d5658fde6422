#!/usr/bin/env python3
"""Reference outputs for the Swift GPT engine, from Hugging Face transformers + PyTorch autograd.

Writes Tests/Fixtures/gpt2-tiny/:
  model/config.json, model/model.safetensors   a tiny GPT2LMHeadModel as save_pretrained writes it
                                                (tensor names with the `transformer.` prefix)
  model-bare.safetensors                        the same weights with bare names plus the attn.bias /
                                                attn.masked_bias buffers that older checkpoints carry
  reference.json                                inputs (tokens, targets, mask) and scalar results
  reference.safetensors                         logits, every activation, every gradient, and the
                                                parameters after one clipped AdamW step

Run:  pip install torch transformers safetensors && python3 Tests/Fixtures/generate/gpt2_reference.py
"""
import json
import os

import torch
from safetensors.torch import save_file
from transformers import GPT2Config, GPT2LMHeadModel

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "gpt2-tiny")
B, T = 2, 8
LEARNING_RATE, WEIGHT_DECAY, BETAS, EPS, MAX_NORM = 1e-2, 0.1, (0.9, 0.95), 1e-8, 0.5

torch.manual_seed(1234)
config = GPT2Config(vocab_size=64, n_positions=16, n_embd=32, n_layer=2, n_head=4,
                    resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0, layer_norm_epsilon=1e-5,
                    activation_function="gelu_new", bos_token_id=63, eos_token_id=63)
config._attn_implementation = "eager"
model = GPT2LMHeadModel(config).float()
model.eval()  # no dropout; gradients still flow
# Non-trivial values everywhere, so biases and norm gains are exercised too.
with torch.no_grad():
    for name, p in model.transformer.named_parameters():
        if name.endswith("ln_1.weight") or name.endswith("ln_2.weight") or name == "ln_f.weight":
            p.copy_(1 + 0.1 * torch.randn_like(p))
        else:
            p.copy_(0.1 * torch.randn_like(p))

os.makedirs(os.path.join(OUT, "model"), exist_ok=True)
model.save_pretrained(os.path.join(OUT, "model"), safe_serialization=True)
os.remove(os.path.join(OUT, "model", "generation_config.json"))  # not part of a model directory here

bare = {n: p.detach().clone().contiguous() for n, p in model.transformer.named_parameters()}
causal = torch.tril(torch.ones(16, 16)).view(1, 1, 16, 16)
for i in range(config.n_layer):
    bare[f"h.{i}.attn.bias"] = causal.clone()
    bare[f"h.{i}.attn.masked_bias"] = torch.tensor(-1e4)
save_file(bare, os.path.join(OUT, "model-bare.safetensors"))

tokens = torch.randint(0, config.vocab_size, (B, T))
targets = torch.randint(0, config.vocab_size, (B, T))
mask = torch.ones(B, T)
mask[0, :3] = 0.0  # prompt positions: no loss
mask[1, 6:] = 0.0  # padding: no loss

# Capture every activation by hooks, named as the Swift engine names them.
captured = {}
def keep(name):
    def hook(_module, _inputs, output):
        captured[name] = (output[0] if isinstance(output, tuple) else output).detach().clone()
    return hook
def keep_input(name):
    def hook(_module, inputs):
        captured[name] = inputs[0].detach().clone()
    return hook
for i, block in enumerate(model.transformer.h):
    block.ln_1.register_forward_hook(keep(f"ln_1.{i}"))
    block.attn.c_attn.register_forward_hook(keep(f"attn.c_attn.{i}"))
    block.attn.c_proj.register_forward_pre_hook(keep_input(f"attn.context.{i}"))
    block.attn.c_proj.register_forward_hook(keep(f"attn.c_proj.{i}"))
    block.ln_2.register_forward_hook(keep(f"ln_2.{i}"))
    block.mlp.c_fc.register_forward_hook(keep(f"mlp.c_fc.{i}"))
    block.mlp.act.register_forward_hook(keep(f"mlp.gelu.{i}"))
    block.mlp.c_proj.register_forward_hook(keep(f"mlp.c_proj.{i}"))
    block.register_forward_hook(keep(f"residual_2.{i}"))
model.transformer.ln_f.register_forward_hook(keep("ln_f"))

out = model(tokens, output_hidden_states=True, output_attentions=True)
logits = out.logits
per_position = torch.nn.functional.cross_entropy(logits.reshape(-1, config.vocab_size), targets.reshape(-1), reduction="none")
loss = (per_position * mask.reshape(-1)).sum() / mask.sum()
loss.backward()

tensors = {"logits": logits.detach(), "encoded": out.hidden_states[0].detach()}
for i in range(config.n_layer):
    tensors[f"attn.probabilities.{i}"] = out.attentions[i].detach()
tensors.update(captured)
for name, p in model.transformer.named_parameters():
    tensors[f"grad.{name}"] = p.grad.detach().clone()

grad_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), MAX_NORM).item()
decayed = [p for n, p in model.transformer.named_parameters() if p.dim() >= 2]
plain = [p for n, p in model.transformer.named_parameters() if p.dim() < 2]
optimizer = torch.optim.AdamW([{"params": decayed, "weight_decay": WEIGHT_DECAY}, {"params": plain, "weight_decay": 0.0}],
                              lr=LEARNING_RATE, betas=BETAS, eps=EPS)
optimizer.step()
for name, p in model.transformer.named_parameters():
    tensors[f"updated.{name}"] = p.detach().clone()

save_file({k: v.contiguous().float() for k, v in tensors.items()}, os.path.join(OUT, "reference.safetensors"))
with open(os.path.join(OUT, "reference.json"), "w") as f:
    json.dump({
        "generator": f"torch {torch.__version__}",
        "B": B, "T": T,
        "tokens": tokens.flatten().tolist(), "targets": targets.flatten().tolist(), "mask": mask.flatten().tolist(),
        "loss": loss.item(), "grad_norm_before_clip": grad_norm, "max_norm": MAX_NORM,
        "learning_rate": LEARNING_RATE, "weight_decay": WEIGHT_DECAY, "betas": list(BETAS), "eps": EPS,
    }, f, indent=1)
print(f"loss {loss.item():.6f}  grad norm {grad_norm:.6f}  -> {os.path.normpath(OUT)}")
