#!/usr/bin/env python3
"""Score `newsgraph parse --conllu` output against a gold CoNLL-U file, independently of
newsgraph's own `eval parser` (the `conllu` package from PyPI reads both files).

Usage: scripts/ud_score.py GOLD PRED [NAME=FLOOR ...]   (NAME: upos, uas, las)
Counts every syntactic word (multi-word token lines and empty nodes are not words), punctuation
included; LAS compares universal relations (the part before ':'), as the CoNLL 2018 shared task
does. Exits 1 when a figure is below its floor or the two files' words differ, 2 on bad input.
"""
import sys

import conllu


def words(path):
    with open(path, encoding="utf-8") as f:
        for sentence in conllu.parse_incr(f):
            for token in sentence:
                if isinstance(token["id"], int):
                    yield token


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    gold, pred = list(words(sys.argv[1])), list(words(sys.argv[2]))
    if [t["form"] for t in gold] != [t["form"] for t in pred]:
        print(f"ud_score: {sys.argv[2]} does not have the words of {sys.argv[1]}", file=sys.stderr)
        return 1
    n = len(gold)
    pairs = list(zip(gold, pred))
    figures = {
        "upos": sum(g["upos"] == p["upos"] for g, p in pairs) / n,
        "uas": sum(g["head"] == p["head"] for g, p in pairs) / n,
        "las": sum(
            g["head"] == p["head"] and g["deprel"].split(":")[0] == p["deprel"].split(":")[0]
            for g, p in pairs
        ) / n,
    }
    print(f"{sys.argv[2]}: {n} words, " + ", ".join(f"{k} {v:.4f}" for k, v in figures.items()))
    failed = False
    for arg in sys.argv[3:]:
        name, _, floor = arg.partition("=")
        ok = figures[name] >= float(floor)
        failed |= not ok
        print(f"{'ok  ' if ok else 'FAIL'} {name} {figures[name]:.4f} (floor {floor})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
