"""One PPO iteration of TRL's PPOTrainer on CPU, next to `ceiling-bench --only ppo`.

Tested with trl 1.12.0 (`pip install trl==1.12.0`: the last release with PPO, as
trl.experimental.ppo; 1.13 removed it), torch 2.15.0, transformers 5.24.0, datasets 5.2.0,
accelerate 1.15.0.

TRL's own `PPOTrainer.train()` runs unchanged, fp32 (bf16 off), on the CPU: policy and reference
GPT2LMHeadModel, value and reward GPT2ForSequenceClassification (num_labels 1; TRL reads their
`transformer` and `score`), all random-init at the given GPT-2 shape. Each iteration: sample
`--new-tokens` for `--prompts` prompts (no stop token, so every row samples the same count), the
reference forward, the value and reward forwards, rewards, GAE, whitening, then `--epochs` ×
`--minibatches` steps of the joint policy + value loss (one AdamW over both, TRL's design).
The harness changes two things around it: the training dataloader does not shuffle, so iteration i
reads prompts i·P…(i+1)·P−1 of `--prompt-lengths` (random token ids of those lengths, left-padded
as TRL expects; Ceiling's iteration i has the same lengths), and a callback stamps the end of each
iteration. The first iteration is a warm-up; the figure is the median of the `--iterations` after it.
Per-phase seconds come from timing TRL's module-level `batch_generation`, `forward` (without
gradients: the reference pass; with them: the epochs' joint policy + value pass), `get_reward`
(value and reward passes), `accelerator.backward` and `optimizer.step` (the epochs) and `gc.collect`
(TRL's loop collects twice per iteration); "rest" is the iteration less those (rewards, GAE,
whitening, the epochs' loss arithmetic and statistics, logging).
Prints one JSON line: {"seconds": …, "best_seconds": …, "seconds_without_gc": …, "generate_seconds": …, "reference_seconds": …,
"value_reward_seconds": …, "epochs_seconds": …, "gc_seconds": …, "rest_seconds": …, "threads": …, "torch": …, "transformers": …, "trl": …}.
"""
import argparse
import json
import os
import statistics
import tempfile
import time
from collections import defaultdict

os.environ.setdefault("TRL_EXPERIMENTAL_SILENCE", "1")

import torch  # noqa: E402
import transformers  # noqa: E402
import trl  # noqa: E402
from datasets import Dataset  # noqa: E402
from tokenizers import Tokenizer, models  # noqa: E402
from torch.utils.data import DataLoader  # noqa: E402
from transformers import (  # noqa: E402
    GPT2Config,
    GPT2ForSequenceClassification,
    GPT2LMHeadModel,
    PreTrainedTokenizerFast,
    TrainerCallback,
)
from trl.experimental.ppo import PPOConfig, PPOTrainer  # noqa: E402
from trl.experimental.ppo import ppo_trainer as ppo_module  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--layers", type=int, default=4)
parser.add_argument("--width", type=int, default=128)
parser.add_argument("--heads", type=int, default=4)
parser.add_argument("--vocab", type=int, default=1024)
parser.add_argument("--context", type=int, default=64)
parser.add_argument("--prompts", type=int, default=16)
parser.add_argument("--new-tokens", type=int, default=32)
parser.add_argument("--epochs", type=int, default=4)
parser.add_argument("--minibatches", type=int, default=1)
parser.add_argument("--learning-rate", type=float, default=5e-5)
parser.add_argument("--kl-coef", type=float, default=0.02)
parser.add_argument("--clip-range", type=float, default=0.2)
parser.add_argument("--value-clip-range", type=float, default=0.2)
parser.add_argument("--vf-coef", type=float, default=0.1)
parser.add_argument("--gamma", type=float, default=1.0)
parser.add_argument("--lam", type=float, default=0.95)
parser.add_argument("--temperature", type=float, default=1.0)
parser.add_argument("--iterations", type=int, default=5, help="timed iterations after one warm-up")
parser.add_argument("--threads", type=int, default=1)
parser.add_argument("--prompt-lengths", default="", help="comma-separated prompt token counts, prompts × (1 + iterations)")
args = parser.parse_args()

torch.set_num_threads(args.threads)
torch.manual_seed(0)
iterations = 1 + args.iterations
lengths = [int(n) for n in args.prompt_lengths.split(",")] if args.prompt_lengths else [12] * (args.prompts * iterations)
if len(lengths) != args.prompts * iterations:
    raise SystemExit(f"--prompt-lengths has {len(lengths)} entries, expected {args.prompts * iterations}")

# Token i is "t{i}"; the pad token lies outside the model's vocabulary, so a sampled token is never
# mistaken for padding (TRL masks pad ids to 0 before every forward pass).
pad_id = args.vocab
vocabulary = {f"t{i}": i for i in range(args.vocab)} | {"<pad>": pad_id}
tokenizer = PreTrainedTokenizerFast(
    tokenizer_object=Tokenizer(models.WordLevel(vocab=vocabulary, unk_token="t0")),
    pad_token="<pad>", eos_token=f"t{args.vocab - 1}", padding_side="left")
prompts = [torch.randint(0, args.vocab - 1, (n,)).tolist() for n in lengths]
dataset = Dataset.from_dict({"input_ids": prompts})

config = GPT2Config(vocab_size=args.vocab, n_positions=args.context, n_embd=args.width, n_layer=args.layers,
                    n_head=args.heads, bos_token_id=args.vocab - 1, eos_token_id=args.vocab - 1, num_labels=1)
policy = GPT2LMHeadModel(config)
reference = GPT2LMHeadModel(config)
reference.load_state_dict(policy.state_dict())
value_model = GPT2ForSequenceClassification(config)
reward_model = GPT2ForSequenceClassification(config)
policy.generation_config.pad_token_id = 0

output_dir = tempfile.mkdtemp(prefix="trl-ppo-bench-")
ppo_config = PPOConfig(
    output_dir=output_dir, use_cpu=True, bf16=False, fp16=False, seed=0, report_to="none", save_strategy="no",
    disable_tqdm=True, logging_steps=1, num_sample_generations=0, lr_scheduler_type="constant",
    per_device_train_batch_size=args.prompts, gradient_accumulation_steps=1, num_mini_batches=args.minibatches,
    num_ppo_epochs=args.epochs, total_episodes=args.prompts * iterations, local_rollout_forward_batch_size=64,
    response_length=args.new_tokens, stop_token=None, temperature=args.temperature, missing_eos_penalty=1.0,
    learning_rate=args.learning_rate, kl_coef=args.kl_coef, kl_estimator="k1", cliprange=args.clip_range,
    cliprange_value=args.value_clip_range, vf_coef=args.vf_coef, gamma=args.gamma, lam=args.lam,
    whiten_rewards=False)


class IterationClock(TrainerCallback):
    """Stamps the start of training and the end of every iteration (PPOTrainer calls on_step_end once per rollout)."""

    def __init__(self):
        self.marks = []

    def on_train_begin(self, args, state, control, **kwargs):
        self.marks.append(time.perf_counter())

    def on_step_end(self, args, state, control, **kwargs):
        self.marks.append(time.perf_counter())


clock = IterationClock()
phases = defaultdict(lambda: defaultdict(float))  # iteration → phase → seconds


def timed(function, phase_of):
    def wrapper(*a, **k):
        start = time.perf_counter()
        result = function(*a, **k)
        phase = phase_of()
        if phase:
            phases[len(clock.marks) - 1][phase] += time.perf_counter() - start
        return result
    return wrapper


def full_length_generation(model, queries, *rest, **kwargs):
    """TRL's batch_generation, checked: every row gets exactly --new-tokens (no stop token is set)."""
    query_responses, logits = full_length_generation.original(model, queries, *rest, **kwargs)
    if query_responses.shape[1] != queries.shape[1] + args.new_tokens:
        raise SystemExit(f"generated {query_responses.shape[1] - queries.shape[1]} tokens, expected {args.new_tokens}")
    return query_responses, logits


full_length_generation.original = ppo_module.batch_generation
ppo_module.batch_generation = timed(full_length_generation, lambda: "generate")
ppo_module.forward = timed(ppo_module.forward, lambda: "epochs" if torch.is_grad_enabled() else "reference")
ppo_module.get_reward = timed(ppo_module.get_reward, lambda: "value_reward")


class TimedGC:
    """TRL's loop calls gc.collect() twice per iteration; timed as its own phase."""

    collect = staticmethod(timed(__import__("gc").collect, lambda: "gc"))


ppo_module.gc = TimedGC

trainer = PPOTrainer(args=ppo_config, processing_class=tokenizer, model=policy, ref_model=reference, reward_model=reward_model,
                     value_model=value_model, train_dataset=dataset, eval_dataset=dataset, callbacks=[clock])
trainer.accelerator.backward = timed(trainer.accelerator.backward, lambda: "epochs")
trainer.optimizer.step = timed(trainer.optimizer.step, lambda: "epochs")
# Same prompts in the same order as Ceiling's iterations (TRL's own loader shuffles).
trainer.dataloader = trainer.accelerator.prepare(
    DataLoader(dataset, batch_size=args.prompts, shuffle=False, collate_fn=trainer.data_collator, drop_last=True))
trainer.train()

if len(clock.marks) != iterations + 1:
    raise SystemExit(f"expected {iterations} iterations, timed {len(clock.marks) - 1}")
seconds = [clock.marks[i + 1] - clock.marks[i] for i in range(1, iterations)]
timed_phases = [phases[i] for i in range(1, iterations)]


def phase_median(name):
    return statistics.median(p[name] for p in timed_phases)


rest = [s - sum(p.values()) for s, p in zip(seconds, timed_phases)]
print(json.dumps({
    "seconds": statistics.median(seconds), "best_seconds": min(seconds), "iterations": args.iterations,
    "seconds_without_gc": statistics.median(s - p["gc"] for s, p in zip(seconds, timed_phases)),
    "warmup_seconds": clock.marks[1] - clock.marks[0],
    "generate_seconds": phase_median("generate"), "reference_seconds": phase_median("reference"),
    "value_reward_seconds": phase_median("value_reward"), "epochs_seconds": phase_median("epochs"), "gc_seconds": phase_median("gc"),
    "rest_seconds": statistics.median(rest),
    "threads": args.threads, "torch": torch.__version__, "transformers": transformers.__version__, "trl": trl.__version__}))
