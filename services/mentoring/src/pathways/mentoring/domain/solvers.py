"""Solvers on one prison's PairMatrix; both return {mentor row: [mentee columns]}."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import numpy as np
from scipy.optimize import linear_sum_assignment

from pathways.mentoring.domain.score_matrix import PairMatrix
from pathways.mentoring.domain.scoring import MatchingWeights

_EPSILON = 1e-9

Solver = Callable[[PairMatrix, MatchingWeights], dict[int, list[int]]]


def solve_optimal(block: PairMatrix, weights: MatchingWeights) -> dict[int, list[int]]:
    """Maximise the total score with one row per free place ("slot") of each mentor.

    Slot k of a mentor costs the load penalty of load + k. Forbidden or non-positive pairs
    get gain 0, which is worth the same as leaving the mentee waiting, and are dropped after
    solving: so the solver may leave a mentee waiting (never forced into a bad pair), and any
    assignment the greedy makes is also a candidate here. (A large "forbidden" cost instead
    would force the most pairs possible, which can lower the total score below greedy's.)
    """
    free = np.maximum(block.capacity - block.load, 0)
    slot_mentor = np.repeat(np.arange(len(free)), free)
    slot_rank = np.arange(len(slot_mentor)) - np.repeat(np.cumsum(free) - free, free)
    penalty = weights.load * (block.load[slot_mentor] + slot_rank) / block.capacity[slot_mentor]
    value = block.score[slot_mentor] - penalty[:, None]
    usable = block.allowed[slot_mentor] & (value > _EPSILON)
    rows, cols = linear_sum_assignment(np.where(usable, value, 0.0), maximize=True)
    chosen: dict[int, list[int]] = defaultdict(list)
    for slot, col in zip(rows, cols, strict=True):
        if usable[slot, col]:
            chosen[int(slot_mentor[slot])].append(int(col))
    return chosen


def solve_greedy(block: PairMatrix, weights: MatchingWeights) -> dict[int, list[int]]:
    """Oldest referral first, each takes the best mentor still free (if the score is > 0)."""
    load = block.load.astype(float)
    chosen: dict[int, list[int]] = defaultdict(list)
    for col in range(block.score.shape[1]):
        value = block.score[:, col] - weights.load * load / block.capacity
        usable = block.allowed[:, col] & (load < block.capacity) & (value > _EPSILON)
        if usable.any():
            row = int(np.argmax(np.where(usable, value, -np.inf)))
            chosen[row].append(col)
            load[row] += 1
    return chosen
