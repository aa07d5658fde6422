"""Reference outputs for the generation tests (Tests/Fixtures/generation/hf_generation.json).

1. Greedy decoding of the gpt2-tiny fixture with Hugging Face `generate` (one prompt at a time, no
   padding), with the log-softmax of the raw logits at every generated token.
2. Sampling distributions of Hugging Face's own logits warpers (temperature, top-k, top-p, in the
   order `generate` applies them) on seeded random logit rows: the kept tokens and their probabilities.

Run from the repository root: python3 Tests/Fixtures/generate/generation_reference.py
"""
import json
import torch
import transformers
from transformers import GPT2LMHeadModel
from transformers.generation.logits_process import TemperatureLogitsWarper, TopKLogitsWarper, TopPLogitsWarper

model = GPT2LMHeadModel.from_pretrained("Tests/Fixtures/gpt2-tiny/model").eval()
model.generation_config.eos_token_id = None  # no stop token: greedy runs to the end of the context
context = model.config.n_positions
greedy = []
for prompt in [[43, 15, 10], [5], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]]:
    ids = torch.tensor([prompt])
    out = model.generate(ids, do_sample=False, max_new_tokens=context - len(prompt) + 1, output_logits=True,
                         return_dict_in_generate=True, pad_token_id=0)
    tokens = out.sequences[0, len(prompt):].tolist()
    logprobs = [torch.log_softmax(step[0].double(), -1)[t].item() for step, t in zip(out.logits, tokens)]
    greedy.append({"prompt": prompt, "tokens": tokens, "logprobs": logprobs})

generator = torch.Generator().manual_seed(7)
distributions = []
for temperature, top_k, top_p in [(1.0, 0, 0.9), (0.7, 5, 1.0), (1.3, 8, 0.8), (2.0, 0, 0.95), (1.0, 3, 0.9), (1.0, 0, 0.6)]:
    logits = torch.randn(1, 40, generator=generator) * 2
    warped = TemperatureLogitsWarper(temperature)(None, logits.clone())
    if top_k > 0:
        warped = TopKLogitsWarper(top_k)(None, warped)
    if top_p < 1.0:
        warped = TopPLogitsWarper(top_p)(None, warped)
    probabilities = torch.softmax(warped.double(), -1)[0]
    kept = [i for i in range(40) if probabilities[i] > 0]
    distributions.append({"temperature": temperature, "top_k": top_k, "top_p": top_p,
                          "logits": logits[0].tolist(),
                          "kept": {str(i): probabilities[i].item() for i in kept}})

result = {"generator": f"torch {torch.__version__}, transformers {transformers.__version__}",
          "greedy": greedy, "distributions": distributions}
with open("Tests/Fixtures/generation/hf_generation.json", "w") as f:
    json.dump(result, f, indent=1)
