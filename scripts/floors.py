#!/usr/bin/env python3
"""Check `newsgraph eval ... --json` output (on stdin) against score floors.

Usage: newsgraph eval ner --json --gold FILE | scripts/floors.py NAME=FLOOR ...
NAME is a key of the report's `figures` object when it has one (`eval parser`: upos, uas,
las, las_full), else `micro` (micro-averaged F1), `PER+ORG+LOC` (`eval ner`), a type (`PER`, `Official`, ... : that type's F1), or
`A/B` (an --fine distinction accuracy such as `Official/Person`). Prints each figure with its
floor; exits 1 when any figure is below its floor, 2 on bad input.
"""
import json
import sys


def main():
    try:
        report = json.load(sys.stdin)
    except json.JSONDecodeError as e:
        print(f"floors: no JSON on stdin ({e})", file=sys.stderr)
        return 2
    if "figures" in report:  # eval parser: named figures (upos, uas, las, ...)
        figures = dict(report["figures"])
    else:
        figures = {"micro": report["micro"]["f1"]}
    if "per_org_loc" in report:  # eval ner: micro over PER, ORG and LOC
        figures["PER+ORG+LOC"] = report["per_org_loc"]["f1"]
    for t in report.get("types", []):
        figures[t["type"]] = t["f1"]
    for d in report.get("distinctions", []):
        figures["/".join(d["classes"])] = d["accuracy"]
    failed = False
    for arg in sys.argv[1:]:
        name, _, floor = arg.partition("=")
        if name not in figures:
            print(f"floors: {report['gold']}: no figure {name!r} (have {sorted(figures)})", file=sys.stderr)
            return 2
        ok = figures[name] >= float(floor)
        failed |= not ok
        print(f"{'ok  ' if ok else 'FAIL'} {report['gold']}: {name} {figures[name]:.4f} (floor {floor})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
