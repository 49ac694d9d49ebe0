"""Adapters that plug palaestra into RL trainers and environment APIs.

Each module imports its trainer's library only where it must, so importing a reward function
never pulls in a GPU stack:

    palaestra.integrations.trl          `reward`: a TRL GRPO reward function
    palaestra.integrations.verl         `compute_score`: verl's custom reward function
                                        (``custom_reward_function.path=pkg://palaestra.integrations.verl``)
    palaestra.integrations.openrlhf     `reward_func` and the response recovery behind
                                        `palaestra serve` (OpenRLHF's remote reward protocol)
    palaestra.integrations.verifiers    a Prime Intellect `verifiers` 0.4 taskset
    palaestra.integrations.gymnasium    `gymnasium.make("palaestra/<domain>-<name>-v<N>")`
"""
