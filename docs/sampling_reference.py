#!/usr/bin/env python3
"""Independent reference implementation of the dudao sampling algorithm.

Reads a canonical inputs listing (docs/sampling.md, "Canonical inputs"; what
`dudao sample --write-inputs FILE` writes) and prints the plan as JSON,
exactly as `dudao sample --format json` does. Standard library only.

    python3 docs/sampling_reference.py inputs.txt
"""
import hashlib
import json
import sys


class Stream:
    """Blocks SHA-256(UTF-8(seed) + ":" + decimal(i)); four big-endian u64 per block."""

    def __init__(self, seed):
        self.seed = seed.encode("utf-8")
        self.block = 0
        self.words = []

    def next_word(self):
        if not self.words:
            d = hashlib.sha256(self.seed + b":" + str(self.block).encode("ascii")).digest()
            self.words = [int.from_bytes(d[k:k + 8], "big") for k in range(0, 32, 8)]
            self.block += 1
        return self.words.pop(0)

    def uniform(self, n):
        assert n >= 1
        limit = 2**64 - (2**64 % n)
        while True:
            u = self.next_word()
            if u < limit:
                return u % n


def key(s):
    return s.encode("utf-8")


def parse(text):
    lines = text.split("\n")
    assert lines[-1] == "" and lines[0] == "dudao.sample/v1", "not a canonical listing"
    rows = [line.split("\t") for line in lines[1:-1]]
    head = {r[0]: r[1:] for r in rows[:6]}
    inputs = {
        "seed": head["seed"][0],
        "count": int(head["count"][0]),
        "strata": head["strata"],
        "team_size": int(head["team_size"][0]),
        "max": None if head["max_per_inspector"][0] == "none" else int(head["max_per_inspector"][0]),
        "weight": int(head["weight"][0]),
        "schools": [(r[1], r[2], int(r[3])) for r in rows[6:] if r[0] == "school"],
        "inspectors": [(r[1], set(r[2:])) for r in rows[6:] if r[0] == "inspector"],
        "digest": "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }
    return inputs


def quotas(count, sizes):
    total = sum(sizes)
    q = [count * s // total for s in sizes]
    left = count - sum(q)
    order = sorted(range(len(sizes)), key=lambda i: (-(count * sizes[i] % total), i))
    for i in order[:left]:
        q[i] += 1
    return q


def draw(inp):
    rng = Stream(inp["seed"])
    schools = sorted(inp["schools"], key=lambda s: key(s[0]))
    strata = {}
    for s in schools:
        strata.setdefault(s[1], []).append(s)
    keys = sorted(strata, key=key)
    drawn = []
    for k, quota in zip(keys, quotas(inp["count"], [len(strata[k]) for k in keys])):
        pool = list(strata[k])
        if inp["weight"] > 1:
            for _ in range(quota):
                t = rng.uniform(sum(s[2] for s in pool))
                for i, s in enumerate(pool):
                    if t < s[2]:
                        break
                    t -= s[2]
                drawn.append(pool.pop(i))
        else:
            for i in range(quota):
                j = i + rng.uniform(len(pool) - i)
                pool[i], pool[j] = pool[j], pool[i]
            drawn += pool[:quota]
    order = sorted(inp["inspectors"], key=lambda x: key(x[0]))
    for i in range(len(order)):
        j = i + rng.uniform(len(order) - i)
        order[i], order[j] = order[j], order[i]
    n, size, cap = len(order), inp["team_size"], inp["max"]
    load = [0] * n
    p = 0
    plan = {"seed": inp["seed"], "digest": inp["digest"], "count": inp["count"], "schools": [], "unstaffed": []}
    for sid, stratum, _ in drawn:
        team = []
        for step in range(n):
            if len(team) == size:
                break
            q = (p + step) % n
            if sid in order[q][1] or (cap is not None and load[q] >= cap):
                continue
            team.append(q)
        if len(team) == size:
            for q in team:
                load[q] += 1
            p = (team[-1] + 1) % n
            plan["schools"].append({"id": sid, "stratum": stratum, "team": [order[q][0] for q in team]})
        else:
            free = sum(1 for o in order if sid not in o[1])
            plan["schools"].append({"id": sid, "stratum": stratum, "team": []})
            plan["unstaffed"].append({"id": sid, "reason": "conflicts" if free < size else "capacity"})
    return plan


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8", newline="") as f:
        plan = draw(parse(f.read()))
    sys.stdout.write(json.dumps(plan, ensure_ascii=False, indent=2) + "\n")
