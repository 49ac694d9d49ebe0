"""What is special about the single-table QA environments: their SQLite references agree
with an independent recomputation in Python over the table read back from the prompt, the
numeric tolerance, order rules, the missing-value rules, and the label balance of
fact verification."""

from __future__ import annotations

import csv
import io
import re
import statistics
from collections import Counter
from typing import Any

import pytest

import palaestra as pa
from palaestra.generators.table_qa import Condition
from palaestra.records import Task
from palaestra.verifiers.tables import numbers_close

SEEDS = range(12)


def _generate(env_id: str, seed: int, level: int = 5, **knobs: Any) -> tuple[Any, Task]:
    env = pa.make(env_id)
    return env, env.generate(seed, level, fmt="csv", **knobs)


def _records(task: Task) -> list[dict[str, Any]]:
    """The table as the model sees it: the CSV block of the prompt, cells typed by column."""
    block = task.prompt.split("\n\n")[1]
    types = {name: kind for name, kind, _ in task.data["table"]["columns"]}
    out = []
    for record in csv.DictReader(io.StringIO(block)):
        typed: dict[str, Any] = {}
        for name, text in record.items():
            kind = types[name]
            if text == "":
                typed[name] = None
            elif kind in ("int", "id"):
                typed[name] = int(text)
            elif kind == "decimal":
                typed[name] = float(text)
            else:
                typed[name] = text
        out.append(typed)
    assert len(out) == len(task.data["table"]["rows"])
    return out


def _matching(task: Task) -> list[dict[str, Any]]:
    conditions = [Condition.from_json(c) for c in task.data["conditions"]]
    return [r for r in _records(task) if all(c.holds(r[c.column]) for c in conditions)]


def _sql_part(task: Task, pattern: str) -> tuple[str, ...]:
    match = re.search(pattern, task.data["sql"])
    assert match, task.data["sql"]
    return match.groups()


def _close(task: Task, value: float) -> bool:
    expected = task.data["expected"]
    return abs(expected["value"] - value) <= 1e-6 * max(1.0, abs(value))


@pytest.mark.parametrize("seed", SEEDS)
def test_filtered_count_agrees_with_python(seed: int) -> None:
    env, task = _generate("tabular/filtered-count-v1", seed)
    count = len(_matching(task))
    assert count >= 1 and task.answer == str(count)
    assert env.verify(task, f"<answer>{count}</answer>").correct
    assert not env.verify(task, f"<answer>{count + 1}</answer>").correct


@pytest.mark.parametrize("seed", SEEDS)
def test_conditional_aggregate_agrees_with_python(seed: int) -> None:
    _, task = _generate("tabular/conditional-aggregate-v1", seed)
    function, column = _sql_part(task, r"SELECT (SUM|AVG|MIN|MAX)\((\w+)\)")
    values = [r[column] for r in _matching(task)]
    python = {"SUM": sum, "AVG": statistics.fmean, "MIN": min, "MAX": max}[function]
    assert _close(task, python(values))


@pytest.mark.parametrize("seed", SEEDS)
def test_top_k_and_argmax_agree_with_python(seed: int) -> None:
    _, task = _generate("tabular/top-k-v1", seed)
    entity, column, order = _sql_part(task, r"SELECT (\w+), (\w+) .* ORDER BY \w+ (DESC|ASC)")
    ranked = sorted(_matching(task), key=lambda r: r[column], reverse=order == "DESC")
    k = task.params["k"]
    assert task.data["expected"]["values"] == [r[entity] for r in ranked[:k]]
    _, task = _generate("tabular/argmax-row-v1", seed)
    entity, column, order = _sql_part(task, r"SELECT (\w+), (\w+) .* ORDER BY \w+ (DESC|ASC)")
    pick = max if order == "DESC" else min
    assert task.answer == pick(_matching(task), key=lambda r: r[column])[entity]


@pytest.mark.parametrize("seed", SEEDS)
def test_median_and_mode_agree_with_python(seed: int) -> None:
    _, task = _generate("tabular/median-mode-v1", seed)
    if "AVG(v)" in task.data["sql"]:
        (column,) = _sql_part(task, r"SELECT (\w+) AS v")
        assert _close(task, statistics.median(r[column] for r in _matching(task)))
    else:
        (column,) = _sql_part(task, r"SELECT (\w+), COUNT")
        counts = Counter(r[column] for r in _matching(task)).most_common(2)
        assert len(counts) == 1 or counts[0][1] > counts[1][1]
        assert str(task.data["expected"]["value"]) == str(counts[0][0])


@pytest.mark.parametrize("seed", SEEDS)
def test_running_total_agrees_with_python(seed: int) -> None:
    _, task = _generate("tabular/running-total-v1", seed)
    (column, date) = _sql_part(task, r"SUM\((\w+)\) OVER \(ORDER BY (\w+), id")
    name = task.data["sql_params"][-1]
    entity = task.data["table"]["columns"][1][0]
    ordered = sorted(_matching(task), key=lambda r: (r[date], r["id"]))
    position = next(i for i, r in enumerate(ordered) if r[entity] == name)
    assert _close(task, sum(r[column] for r in ordered[: position + 1]))


@pytest.mark.parametrize("seed", SEEDS)
def test_percent_change_agrees_with_python(seed: int) -> None:
    _, task = _generate("tabular/percent-change-v1", seed)
    later, earlier = task.data["sql_params"][:2]
    (column,) = _sql_part(task, r"THEN (\w+) ELSE")
    (date,) = _sql_part(task, r"substr\((\w+), 1, 4\)")

    def period(value: str) -> str:
        if "-Q" not in earlier:
            return value[:4]
        return f"{value[:4]}-Q{(int(value[5:7]) + 2) // 3}"

    def total(label: str) -> float:
        return sum(r[column] for r in _matching(task) if period(r[date]) == label)

    assert _close(task, 100.0 * (total(later) - total(earlier)) / total(earlier))


@pytest.mark.parametrize("rule", ["skip", "zero", "count"])
def test_missing_value_rules(rule: str) -> None:
    env = pa.make("tabular/missing-values-v1")
    for seed in range(8):
        task = env.generate(seed, 6, fmt="csv", rule=rule)
        (column,) = _sql_part(task, r"(?:AVG|SUM)\((?:COALESCE\()?(\w+)")
        values = [r[column] for r in _matching(task)]
        present = [v for v in values if v is not None]
        assert present and len(present) < len(values)  # the rule matters
        python = {
            "skip": statistics.fmean(present),
            "zero": sum(present) / len(values),
            "count": len(values) - len(present),
        }[rule]
        assert _close(task, python)
        assert task.data["notes"].startswith(
            {"skip": "Skip missing", "zero": "Treat every missing", "count": "Count"}[rule]
        )
        other = {"skip": "zero", "zero": "skip", "count": "skip"}[rule]
        if rule != "count":  # the other rule's value is a wrong answer
            wrong = {"skip": sum(present) / len(values), "zero": statistics.fmean(present)}[other]
            if not numbers_close(wrong, python, 2):
                assert not env.verify(task, f"<answer>{wrong:.2f}</answer>").correct


def test_duplicate_rows_agree_with_python_and_ignore_order() -> None:
    env = pa.make("tabular/duplicate-rows-v1")
    for seed in range(10):
        task = env.generate(seed, 7, fmt="csv")
        seen: set[tuple[Any, ...]] = set()
        duplicates = []
        for record in _records(task):
            cells = tuple(v for k, v in record.items() if k != "id")
            if cells in seen:
                duplicates.append(str(record["id"]))
            seen.add(cells)
        assert sorted(task.data["expected"]["values"]) == sorted(duplicates or ["none"])
        shuffled = ", ".join(reversed(duplicates)) if duplicates else "none"
        assert env.verify(task, f"<answer>{shuffled}</answer>").correct


def test_top_k_order_matters() -> None:
    env, task = _generate("tabular/top-k-v1", 3)
    names = task.data["expected"]["values"]
    assert env.verify(task, "<answer>" + "\n".join(names) + "</answer>").correct
    verdict = env.verify(task, "<answer>" + ", ".join(reversed(names)) + "</answer>")
    assert not verdict.correct and "order" in verdict.feedback


def test_group_by_answers_in_any_order() -> None:
    env, task = _generate("tabular/group-by-aggregate-v1", 4, agg="sum")
    lines = task.answer.splitlines()
    assert env.verify(task, "<answer>" + ", ".join(reversed(lines)) + "</answer>").correct


def _statement_kind(statement: str) -> str:
    if statement.startswith("Exactly"):
        return "count"
    if " has the largest " in statement:
        return "superlative"
    if re.search(r" has a (higher|lower) ", statement):
        return "comparison"
    return "lookup" if statement.startswith("The `") else "aggregate"


def test_fact_verification_is_balanced_over_every_kind_of_statement() -> None:
    env = pa.make("tabular/fact-verification-v1")
    labels: Counter[str] = Counter()
    by_kind: dict[str, Counter[str]] = {}
    for seed in range(200):
        task = env.generate(seed, 1 + seed % 10)
        labels[task.answer or ""] += 1
        kind = _statement_kind(task.data["question"].split('"')[1])
        by_kind.setdefault(kind, Counter())[task.answer or ""] += 1
    assert 0.42 <= labels["true"] / 200 <= 0.58, labels
    assert set(by_kind) == {"count", "aggregate", "superlative", "comparison", "lookup"}
    assert all(set(c) == {"true", "false"} for c in by_kind.values()), by_kind


def test_fact_verification_refutations_are_minimal_perturbations() -> None:
    env = pa.make("tabular/fact-verification-v1")
    for seed in range(40):
        task = env.generate(seed, 4, fmt="csv")
        statement = task.data["question"].split('"')[1]
        if task.answer == "false" and statement.startswith("Exactly"):
            claimed = int(statement.split()[1])
            assert abs(claimed - len(_matching(task))) in (1, 2)


def test_decimal_answers_follow_the_stated_rounding() -> None:
    env, task = _generate("tabular/conditional-aggregate-v1", 1, agg="mean")
    exact = task.data["expected"]["value"]
    assert "rounded to 2 decimal places" in task.prompt
    assert env.verify(task, f"<answer>{exact + 0.0049:.4f}</answer>").correct
    assert not env.verify(task, f"<answer>{exact + 0.0051:.4f}</answer>").correct
