#!/usr/bin/env python3
"""Score `newsgraph parse` output against a gold CoNLL-U file, independently of newsgraph's own
`eval parser` (the `conllu` package from PyPI reads both files).

Usage:
  scripts/ud_score.py GOLD PRED [NAME=FLOOR ...]   score (NAME: upos, uas, las; words too)
  scripts/ud_score.py --text GOLD                  print GOLD's raw text, for `newsgraph parse`

Every syntactic word counts (empty nodes do not), punctuation included; LAS compares universal
relations (the part before ':'), as the CoNLL 2018 shared task does. When PRED has GOLD's words
(`parse --conllu`), words are compared one to one. Otherwise (`parse` on the raw text, with its
own sentence splitting and tokenisation, as a user runs it) words are aligned as the CoNLL 2018
evaluation does: by their character spans in the text without whitespace; `words` is the F1 of
the word segmentation, and upos / uas / las are F1 over aligned words (a head is right when it
is the aligned counterpart of the gold head, or both are the root). Exits 1 when a figure is
below its floor, 2 on bad input.
"""
import sys

import conllu


def read(path):
    with open(path, encoding="utf-8") as f:
        return list(conllu.parse_incr(f))


def raw_text(sentences):
    """Sentences joined by spaces, paragraphs and documents by blank lines."""
    out = []
    for s in sentences:
        if out and ("newpar" in s.metadata or "newdoc id" in s.metadata or "newpar id" in s.metadata):
            out.append("\n\n")
        elif out:
            out.append(" ")
        out.append(s.metadata.get("text", " ".join(t["form"] for t in s)))
    return "".join(out) + "\n"


def words(sentences):
    """(span, upos, head_key, deprel) per syntactic word: the span counts non-space characters
    from the start of the file; a multi-word token whose words do not spell it gives its span to
    each of them (with their index, so they stay apart)."""
    out, pos = [], 0
    for s in sentences:
        first = len(out)
        spans, mwt_end = {}, 0
        for t in s:
            if isinstance(t["id"], tuple) and t["id"][1] == "-":
                a, b = t["id"][0], t["id"][2]
                form = "".join(t["form"].split())
                parts = [w for w in s if isinstance(w["id"], int) and a <= w["id"] <= b]
                if "".join("".join(w["form"].split()) for w in parts) != form:
                    for k, w in enumerate(parts):
                        spans[w["id"]] = (pos, pos + len(form), k)
                    pos += len(form)
                    mwt_end = b
            elif isinstance(t["id"], int) and t["id"] > mwt_end:
                n = len("".join(t["form"].split()))
                spans[t["id"]] = (pos, pos + n, 0)
                pos += n
        ids = [t["id"] for t in s if isinstance(t["id"], int)]
        for t in s:
            if isinstance(t["id"], int):
                out.append([spans[t["id"]], t["upos"], t["head"], t["deprel"].split(":")[0]])
        # heads as spans (None for the root)
        for w in out[first:]:
            w[2] = None if not w[2] else spans[w[2]] if w[2] in ids else ("?", w[2])
    return out


def f1(right, gold, pred):
    p, r = right / max(pred, 1), right / max(gold, 1)
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--text":
        sys.stdout.write(raw_text(read(sys.argv[2])))
        return 0
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    gold, pred = words(read(sys.argv[1])), words(read(sys.argv[2]))
    by_span = {w[0]: w for w in pred}
    aligned = [(g, by_span[g[0]]) for g in gold if g[0] in by_span]
    upos = sum(g[1] == p[1] for g, p in aligned)
    uas = sum(g[2] == p[2] for g, p in aligned)
    las = sum(g[2] == p[2] and g[3] == p[3] for g, p in aligned)
    figures = {
        "words": f1(len(aligned), len(gold), len(pred)),
        "upos": f1(upos, len(gold), len(pred)),
        "uas": f1(uas, len(gold), len(pred)),
        "las": f1(las, len(gold), len(pred)),
    }
    print(
        f"{sys.argv[2]}: {len(gold)} gold words, {len(pred)} predicted, {len(aligned)} aligned; "
        + ", ".join(f"{k} {v:.4f}" for k, v in figures.items())
    )
    failed = False
    for arg in sys.argv[3:]:
        name, _, floor = arg.partition("=")
        if name not in figures:
            print(f"ud_score: no figure {name!r} (have {sorted(figures)})", file=sys.stderr)
            return 2
        ok = figures[name] >= float(floor)
        failed |= not ok
        print(f"{'ok  ' if ok else 'FAIL'} {name} {figures[name]:.4f} (floor {floor})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
