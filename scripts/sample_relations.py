#!/usr/bin/env python3
"""Draw relations at random from `newsgraph extract --format json` output (JSON Lines on stdin
or in FILE), for checking by hand: subject, predicate, object, cue, CAMEO code, modality and the
sentence. Deterministic for a seed.

    newsgraph extract -q ../shared/data/bbc-news --format json | scripts/sample_relations.py --seed 2026 -n 50
"""
import argparse
import json
import random
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", help="extract output (JSON Lines); default stdin")
    ap.add_argument("-n", type=int, default=50, help="how many relations (default 50)")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--negated", action="store_true", help="draw from the negated relations")
    args = ap.parse_args()
    src = open(args.file, encoding="utf-8") if args.file else sys.stdin
    pool = []
    for line in src:
        if not line.strip():
            continue
        a = json.loads(line)
        names = {e["id"]: e["name"] for e in a["entities"]}
        for r in a["negated_relations" if args.negated else "relations"]:
            pool.append((a["id"], names.get(r["subject"], r["subject"]), r["predicate"],
                         names.get(r["object"], r["object"]), r))
    print(f"{len(pool)} relations; {min(args.n, len(pool))} drawn with seed {args.seed}",
          file=sys.stderr)
    for i, (aid, s, p, o, r) in enumerate(random.Random(args.seed).sample(pool, min(args.n, len(pool)))):
        code = r.get("cameo") or "-"
        print(f"{i + 1}\t{s}\t{p}\t{o}\t{r['cue']}\t{code}\t{r['modality']}\t{aid}\t{r['sentence']}")


if __name__ == "__main__":
    sys.exit(main())
