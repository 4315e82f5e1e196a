#!/usr/bin/env python3
"""A large synthetic news corpus from a small real one, for the scale benchmark (issue 15).

Each copy of the corpus is the same articles with their people and organisations renamed
consistently within the copy: every capitalised name word that newsgraph finds inside a
person's or an organisation's name is replaced, everywhere in the copy's text, by a name word
of the same kind drawn from the corpus (a fixed choice per copy and word). So "Tony Blair ...
Blair" in copy 7 reads "Alan Keane ... Keane", resolution still joins a surname to its full
name, and each copy brings mostly new entities, as fresh news does. Countries, places, days, months and the
common words inside names ("Party", "Bank", "United") stay, as they recur in real news. File
names are new, so every article gets a new id.

    scripts/synth_corpus.py --articles 100000 --out /var/tmp/synth ../shared/data/bbc-news

The entity types come from `newsgraph extract --format json` over the source corpus
(NEWSGRAPH_BIN, else `newsgraph` on PATH). Deterministic for a given source, binary and seed.
The output holds text derived from the source corpus: keep it outside the repository.
"""

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys

PERSON_TYPES = {"Person", "Official"}
ORG_TYPES = {"Organization", "Company", "Agency", "MediaOutlet", "ArmedGroup"}
PLACE_TYPES = {"Country", "Location"}
WORD = re.compile(r"\b[A-Z][a-z]{2,}\b")
CALENDAR = set(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May "
    "June July August September October November December".split()
)


def source_files(root):
    out = []
    for dirpath, _, names in os.walk(root):
        for n in names:
            if n.endswith(".txt"):
                out.append(os.path.join(dirpath, n))
    return sorted(out)


def name_words(binary, root):
    """Capitalised words of person names and of organisation names, as newsgraph types them:
    each word goes to the kind of name (person, organisation, place) whose mentions hold it
    most often, so a place the recogniser once took for a person stays a place."""
    proc = subprocess.run(
        [binary, "--quiet", "extract", "--format", "json", root],
        check=True,
        stdout=subprocess.PIPE,
    )
    counts = {}
    for line in proc.stdout.decode("utf-8").splitlines():
        if not line.strip():
            continue
        for e in json.loads(line).get("entities", []):
            t = e["type"]
            kind = "person" if t in PERSON_TYPES else "org" if t in ORG_TYPES else "place" if t in PLACE_TYPES else None
            if kind is None:
                continue
            for m in e.get("mentions", []):
                for w in WORD.findall(m["text"]):
                    c = counts.setdefault(w, {"person": 0, "org": 0, "place": 0})
                    c[kind] += 1
    person = {w for w, c in counts.items() if max(c, key=c.get) == "person"}
    org = {w for w, c in counts.items() if max(c, key=c.get) == "org"}
    return person, org


def common_words(files):
    """Words the corpus also writes in lower case: they are words, not names."""
    lower = set()
    for f in files:
        with open(f, encoding="utf-8", errors="replace") as fh:
            lower.update(re.findall(r"\b[a-z]{3,}\b", fh.read()))
    return lower


def pick(pool, copy, word, seed):
    h = hashlib.blake2b(f"{seed}/{copy}/{word}".encode(), digest_size=8).digest()
    return pool[int.from_bytes(h, "little") % len(pool)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", help="folder of .txt articles (e.g. ../shared/data/bbc-news)")
    ap.add_argument("--out", required=True, help="folder to write (one sub-folder per copy)")
    ap.add_argument("--articles", type=int, required=True, help="how many articles to write")
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()

    files = source_files(args.source)
    if not files:
        sys.exit(f"no .txt articles under {args.source}")
    binary = os.environ.get("NEWSGRAPH_BIN", "newsgraph")
    person, org = name_words(binary, args.source)
    # words (written in lower case too), days and months stay
    lower = common_words(files)
    keep = {w for w in person | org if w.lower() in lower} | CALENDAR
    person = sorted(person - keep)
    org = sorted(org - keep)
    texts = []
    for f in files:
        with open(f, encoding="utf-8", errors="replace") as fh:
            texts.append((os.path.relpath(f, args.source).replace(os.sep, "-"), fh.read()))

    written = 0
    copy = 0
    while written < args.articles:
        mapping = {w: pick(person, copy, w, args.seed) for w in person}
        mapping.update({w: pick(org, copy, w, args.seed) for w in org})
        folder = os.path.join(args.out, f"copy-{copy:04d}")
        os.makedirs(folder, exist_ok=True)
        for name, text in texts:
            if written >= args.articles:
                break
            renamed = WORD.sub(lambda m: mapping.get(m.group(0), m.group(0)), text)
            with open(os.path.join(folder, name), "w", encoding="utf-8") as out:
                out.write(renamed)
            written += 1
        copy += 1
    print(
        f"{written} articles in {copy} copies of {len(files)} under {args.out}; "
        f"{len(person)} person and {len(org)} organisation name words renamed per copy",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
