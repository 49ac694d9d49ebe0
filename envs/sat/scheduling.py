"""Interval scheduling with release times and deadlines on identical machines."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.sat._common import block, invalid
from palaestra.generators.combinatorics import planted_schedule
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.certificates import schedule_problem
from palaestra.verifiers.parsing import AnswerFormatError, parse_int_list


class SchedulingParams(Params):
    jobs: int = Field(8, ge=1, le=80, description="jobs; more is harder")
    machines: int = Field(2, ge=1, le=8, description="identical machines; more is harder")
    max_duration: int = Field(6, ge=1, le=30, description="longest job; more is harder")
    slack: int = Field(
        4, ge=0, le=30, description="room in a window around the hidden slot; less is tighter"
    )


@register("sat/interval-scheduling-v1")
class IntervalScheduling(Env):
    """Scheduling with time windows: start every job inside its window, at most m at a time.

    Task: jobs with a release time, a deadline and a duration, and m identical machines.
    Each job must run without interruption between its release time and its deadline, and
    at no moment may more than m jobs run. Windows are cut around a hidden planted
    schedule, so one exists. Even on one machine this is NP-complete (1|r_j, d_j| feasibility,
    Garey and Johnson 1977), and it is the core of the job-shop style scheduling that SAT and
    constraint solvers are used for.

    Answer format: the start time of each job, in job order, e.g.
    ``<answer>0 3 1 7</answer>``; machines need not be named, since any times that never
    overlap more than m jobs can be assigned to m machines (interval graphs are perfect).

    Knobs: `jobs`, `machines` and `max_duration` (more is harder), `slack` (room in each
    window; less is tighter). Levels go from 3 jobs on one machine to 20 jobs on 4.

    Verification: certificate check: each job starts no earlier than its release time and
    ends no later than its deadline, and a sweep over start and end times never finds more
    than m jobs running. `task.meta["cost"]` records the jobs, the horizon and the mean
    window slack.

    Versions: v1, first release.
    """

    Params = SchedulingParams
    levels = {
        1: {"jobs": 3, "machines": 1, "max_duration": 4, "slack": 3},
        2: {"jobs": 4, "machines": 1, "max_duration": 5, "slack": 3},
        3: {"jobs": 5, "machines": 1, "max_duration": 5, "slack": 4},
        4: {"jobs": 6, "machines": 2, "max_duration": 5, "slack": 4},
        5: {"jobs": 8, "machines": 2, "max_duration": 6, "slack": 5},
        6: {"jobs": 10, "machines": 2, "max_duration": 6, "slack": 5},
        7: {"jobs": 12, "machines": 3, "max_duration": 7, "slack": 6},
        8: {"jobs": 14, "machines": 3, "max_duration": 8, "slack": 6},
        9: {"jobs": 17, "machines": 3, "max_duration": 8, "slack": 7},
        10: {"jobs": 20, "machines": 4, "max_duration": 9, "slack": 8},
    }
    difficulty_cost = "jobs"
    tags = ("sat-encoded", "scheduling", "certificate")

    def sample(
        self, rng: np.random.Generator, params: SchedulingParams
    ) -> tuple[dict[str, Any], None]:
        windows, starts = planted_schedule(
            rng, params.jobs, params.machines, params.max_duration, params.slack
        )
        data = {"jobs": [list(w) for w in windows], "machines": params.machines}
        return {**data, "planted": starts}, None

    def render(self, data: dict[str, Any], params: SchedulingParams) -> str:
        m = data["machines"]
        rows = "\n".join(
            f"job {i}: release {r}, deadline {d}, duration {p}"
            for i, (r, d, p) in enumerate(data["jobs"], start=1)
        )
        capacity = "one machine" if m == 1 else f"{m} identical machines"
        return (
            f"Schedule these jobs on {capacity}:\n\n{rows}\n\n"
            "Each job runs without interruption for its duration. A job may start at its "
            "release time or later and must end by its deadline (start + duration <= "
            f"deadline). At every moment at most {m} job{'s' if m > 1 else ''} may be running "
            "(a job that ends at time t and one that starts at t do not overlap). Give the "
            "integer start time of each job, in job order, separated by spaces (for example, "
            f"for four jobs: 0 3 1 7). {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: SchedulingParams) -> dict[str, Any]:
        jobs = data["jobs"]
        return {
            "jobs": len(jobs),
            "machines": params.machines,
            "horizon": max(d for _, d, _ in jobs),
            "mean_slack": round(sum(d - r - p for r, d, p in jobs) / len(jobs), 3),
        }

    def check(self, task: Task, answer: str) -> Verdict:
        jobs = task.data["jobs"]
        try:
            starts = parse_int_list(answer, low=0, length=len(jobs), what="start time")
        except AnswerFormatError as exc:
            return invalid(exc, "list of start times")
        problem = schedule_problem(jobs, starts, task.data["machines"])
        if problem is not None:
            return Verdict.fail("wrong", f"Not a valid schedule: {problem}.")
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        return " ".join(map(str, task.data["planted"]))

    def wrong_answers(self, task: Task) -> list[str]:
        jobs = task.data["jobs"]
        late = [d for _, d, _ in jobs]  # every job starting at its deadline ends too late
        return [
            block(" ".join(map(str, late))),
            block(" ".join(map(str, task.data["planted"][1:]))),
        ]
