"""Reference values for the best-of-n estimator (Tests/OptimizeTests/BestOfN*).

Independent of the Swift code: exact rational arithmetic (fractions, math.comb), and for the small
pools an enumeration of every n-subset (best-of-n picks the subset's highest objective, ties broken
uniformly at random among the subset's tied maxima).

Writes Tests/Fixtures/bon/reference.json. Run: python3 Tests/Fixtures/generate/bon_reference.py
"""
import itertools
import json
import math
import os
import random
from fractions import Fraction


def sweep(N):
    values, n = [], 1
    while n <= N:
        values.append(n)
        n *= 2
    if values[-1] != N:
        values.append(N)
    return values


def probabilities_by_enumeration(objective, n):
    """P(sample i is chosen) over all C(N, n) subsets, exact."""
    N = len(objective)
    p = [Fraction(0)] * N
    subsets = 0
    for subset in itertools.combinations(range(N), n):
        subsets += 1
        top = max(objective[i] for i in subset)
        winners = [i for i in subset if objective[i] == top]
        for i in winners:
            p[i] += Fraction(1, len(winners))
    return [x / subsets for x in p]


def probabilities_by_formula(objective, n):
    """Sorted ascending, position i (1-based) has weight C(i-1, n-1)/C(N, n); a tied block shares
    its total weight equally. Exact."""
    N = len(objective)
    order = sorted(range(N), key=lambda i: (objective[i], i))
    total = math.comb(N, n)
    p = [Fraction(0)] * N
    start = 0
    while start < N:
        end = start + 1
        while end < N and objective[order[end]] == objective[order[start]]:
            end += 1
        weight = sum(Fraction(math.comb(i, n - 1), total) for i in range(start, end))  # i = position-1
        for k in range(start, end):
            p[order[k]] = weight / (end - start)
        start = end
    return p


def empirical_kl(p, outcomes):
    N = len(p)
    mass, count = {}, {}
    for pi, o in zip(p, outcomes):
        mass[o] = mass.get(o, Fraction(0)) + pi
        count[o] = count.get(o, 0) + 1
    return sum(float(m) * math.log(float(m) * N / count[o]) for o, m in mass.items() if m > 0)


def case(name, objective, g, outcomes, enumerate_subsets):
    N = len(objective)
    rows = []
    for n in sweep(N):
        p = probabilities_by_enumeration(objective, n) if enumerate_subsets else probabilities_by_formula(objective, n)
        if enumerate_subsets:
            assert p == probabilities_by_formula(objective, n), (name, n)
        assert sum(p) == 1
        rows.append({
            "n": n,
            "probabilities": [float(x) for x in p] if N <= 16 else None,
            "expectation": float(sum(pi * Fraction(gi) for pi, gi in zip(p, g))),
            "objective_expectation": float(sum(pi * Fraction(oi) for pi, oi in zip(p, objective))),
            "empirical_kl": empirical_kl(p, outcomes),
        })
    return {"name": name, "objective": objective, "g": g, "outcomes": outcomes, "rows": rows}


def main():
    rng = random.Random(20261125)
    cases = []
    # Distinct objectives, small: every subset enumerated.
    objective = [0.5, -1.25, 2.0, 0.75, -0.5, 1.5, 0.0, 3.25]
    g = [round(rng.uniform(-2, 2), 3) for _ in objective]
    cases.append(case("distinct8", objective, g, list(range(8)), True))
    # Ties (two blocks) and repeated outcomes (identical completions share an objective).
    objective = [1.0, 0.5, 1.0, -0.25, 0.5, 1.0, 2.0, 0.5, -1.0]
    g = [round(rng.uniform(-2, 2), 3) for _ in objective]
    outcomes = [0, 1, 0, 2, 3, 4, 5, 1, 6]
    cases.append(case("ties9", objective, g, outcomes, True))
    # All tied: every n is the pool mean.
    cases.append(case("all_tied5", [0.25] * 5, [1.0, 2.0, -3.0, 0.5, 4.0], [0, 0, 1, 2, 3], True))
    # N = 256 with many ties (objective on a 1/8 grid), formula only, exact rationals.
    objective = [round(rng.gauss(0, 1) * 8) / 8 for _ in range(256)]
    g = [round(0.6 * o - 0.15 * o * o + rng.gauss(0, 0.3), 4) for o in objective]
    outcomes = [i if rng.random() < 0.7 else rng.randrange(20) + 1000 for i in range(256)]
    # Identical completions share an objective: give each repeated outcome its first objective.
    first = {}
    for i, o in enumerate(outcomes):
        if o in first:
            objective[i] = objective[first[o]]
        else:
            first[o] = i
    cases.append(case("grid256", objective, g, outcomes, False))
    analytic = [{"n": n, "kl": math.log(n) - (n - 1) / n} for n in sweep(256)]
    out = os.path.join(os.path.dirname(__file__), "..", "bon", "reference.json")
    with open(out, "w") as f:
        json.dump({"cases": cases, "analytic_kl": analytic}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
