"""The TRL reward function, inside TRL's own GRPOTrainer (a tiny random model, CPU, 2 steps)."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import palaestra
from palaestra.cli import cli
from palaestra.export import read_tasks
from palaestra.integrations.trl import reward

# TRL and transformers warn about their own deprecations; those are not ours to fix.
pytestmark = [
    pytest.mark.filterwarnings("ignore::FutureWarning"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::UserWarning"),
]

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_block(name: str, language: str) -> str:
    """The first ```language block after ``<!-- snippet: name -->`` in the README."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"<!-- snippet: {name} -->")
    match = re.compile(rf"```{language}\n(.*?)```", re.S).search(text, start)
    assert match is not None, f"no {language} block after the {name} snippet marker"
    return match.group(1)


def run_cli(command: str, **replace: str) -> None:
    """Runs a `palaestra ...` line of the README through the CLI."""
    for old, new in replace.items():
        command = command.replace(old, new)
    args = shlex.split(command)
    assert args[0] == "palaestra"
    result = CliRunner().invoke(cli, args[1:])
    assert result.exit_code == 0, result.output


def test_reward_reads_plain_and_conversational_completions() -> None:
    env = palaestra.make("sat/ksat-v1")
    tasks = list(env.stream(3, seed=4, difficulty=2))
    right = env.solve(tasks[0])
    completions: list[Any] = [
        right,
        [{"role": "assistant", "content": env.solve(tasks[1])}],
        [
            {"role": "assistant", "content": right},
            {"role": "user", "content": "again"},
            {"role": "assistant", "content": [{"type": "text", "text": "<answer>1</answer>"}]},
        ],
    ]
    task_column = [t.model_dump_json() for t in tasks]
    prompts = [[{"role": "user", "content": t.prompt}] for t in tasks]
    scores = reward(prompts=prompts, completions=completions, completion_ids=None, task=task_column)
    assert scores == [1.0, 1.0, 0.0]
    assert reward(completions=[None, ""], task=task_column[:2]) == [0.0, 0.0]
    with pytest.raises(ValueError, match="reward needs a `task` column"):
        reward(prompts=prompts, completions=completions)
    with pytest.raises(ValueError, match="not a palaestra task"):
        reward(completions=["x"], task=['{"id": 1}'])


def tiny_model(directory: Path) -> Path:
    """A randomly initialised Llama and a word-level tokenizer, built from configs, saved."""
    import torch
    import transformers
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers

    words = ["[PAD]", "[UNK]", "[EOS]", "<answer>", "</answer>", "user:", "assistant:"]
    words += [str(digit) for digit in range(10)] + ["-"]
    core = Tokenizer(models.WordLevel({w: i for i, w in enumerate(words)}, unk_token="[UNK]"))
    core.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    core.decoder = decoders.WordPiece(prefix="##")
    tokenizer = transformers.PreTrainedTokenizerFast(
        tokenizer_object=core, pad_token="[PAD]", unk_token="[UNK]", eos_token="[EOS]"
    )
    tokenizer.add_tokens(["<answer>", "</answer>"])
    tokenizer.chat_template = (
        "{% for m in messages %}{{ m['role'] }}: {{ m['content'] }} {% endfor %}"
        "{% if add_generation_prompt %}assistant: {% endif %}"
    )
    config = transformers.LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=16,
        intermediate_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        num_key_value_heads=2,
        max_position_embeddings=4096,
        pad_token_id=0,
        eos_token_id=2,
        bos_token_id=None,
    )
    torch.manual_seed(0)
    transformers.LlamaForCausalLM(config).save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory


def test_readme_snippet_trains_two_grpo_steps_with_the_reward(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's TRL snippet, with a tiny local model and two steps, on TRL's GRPOTrainer."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    model_dir = tiny_model(tmp_path / "tiny-model")
    run_cli(readme_block("trl", "bash").strip(), **{"-n 500": "-n 4", "--workers 4": ""})
    tasks = list(read_tasks("train.trl.parquet"))
    assert len(tasks) == 8 and {t.env for t in tasks} == {"sat/ksat-v1", "math/arithmetic-v1"}

    import palaestra.integrations.trl as trl_integration

    calls: list[list[float]] = []

    def recording_reward(**kwargs: Any) -> list[float]:
        scores = reward(**kwargs)
        assert len(kwargs["task"]) == len(kwargs["completions"])
        assert all(
            isinstance(c, list) and c[-1]["role"] == "assistant" for c in kwargs["completions"]
        )
        calls.append(scores)
        return scores

    recording_reward.__name__ = "reward"
    monkeypatch.setattr(trl_integration, "reward", recording_reward)
    snippet = readme_block("trl", "python")
    snippet = re.sub(r"^model = .*$", f"model = {str(model_dir)!r}", snippet, flags=re.M)
    snippet = re.sub(
        r"^args = GRPOConfig\(.*?\)$",
        "args = GRPOConfig(output_dir='grpo', max_steps=2, per_device_train_batch_size=4, "
        "num_generations=4, max_completion_length=8, logging_steps=1, report_to=[], "
        "use_cpu=True, save_strategy='no', seed=0)",
        snippet,
        flags=re.M | re.S,
    )
    namespace: dict[str, Any] = {}
    exec(compile(snippet, "README.md[trl]", "exec"), namespace)
    trainer = namespace["trainer"]
    steps = [entry for entry in trainer.state.log_history if "rewards/reward/mean" in entry]
    assert trainer.state.global_step == 2 and len(steps) == 2
    assert len(calls) == 2 and all(len(scores) == 4 for scores in calls)
    for entry, scores in zip(steps, calls, strict=True):
        assert entry["rewards/reward/mean"] == pytest.approx(sum(scores) / len(scores))
        assert all(0.0 <= s <= 1.0 for s in scores)
    # The note of issue 4 quotes these lines: the two logged steps.
    print(json.dumps([{k: e[k] for k in ("step", "loss", "reward", "reward_std")} for e in steps]))
