#!/usr/bin/env python3
"""Convert the Phoenix (PETRARCH 2) actor dictionaries into newsgraph's actor gazetteer.

Usage:
    scripts/phoenix_actors.py [DICTIONARY_DIR] [-o data/gazetteers/actors.tsv] [--report]
                              [--no-supplement]

DICTIONARY_DIR defaults to ../shared/data/petrarch2-dictionaries (relative to the repository
root) and must hold `Phoenix.Countries.actors.txt`, `Phoenix.International.actors.txt` and
`Phoenix.MilNonState.actors.txt`. Standard library only; the same input gives the same output
byte for byte. `--report` prints every name dropped and why (to stderr).

The dictionaries (format in `dictionaries.rst` next to them) list actors as records:

    PRIMARY_PHRASE  [CODE]        # a default code, optional
    +SYNONYM_PHRASE
        [CODE 090120-170120]      # dated codes: DATE-DATE, <DATE, >DATE; YYMMDD or YYYYMMDD

A code is a CAMEO actor code: a country (ISO 3166-1 alpha-3: `USA`) or an international prefix
(`IGO`, `IMG`, ...) followed by three-letter sectors (`GOV`, `MIL`, `REB`, `BUS`, ...): `USAGOV`
is the US government, `AFGGOVEDU` its education ministry.

What it keeps, one line per name (lowercase words, matched case-insensitively on an entity's
name; several records naming one person are joined):

* `person`: a name of a record that has at least one *dated* code with a sector (an office
  holder: heads of state and government, ministers, rebel leaders, UN secretaries-general),
  from all three files; dated bare country codes are states that came and went. Kept only when it is a full name of two or more words: a name containing a title or
  honorific ("President Obama", "Foreign Minister Ghani", "Sheikh Ahmed Yassin"), a word that is
  not part of a name ("the Obama administration"), or starting with an initial ("K. Annan") is
  dropped; so is a single word ("Obama", "Hammarskjold"), which names too many people, and a
  name with a word of `NOT_PERSON_WORDS` ("Republic of Georgia", "Anbar Province", "ABN AMRO":
  the countries' file dates states and bodies as it dates people).
* `international`: names of undated records of `Phoenix.International.actors.txt` (international
  organisations: the UN, its agencies, NATO, the African Union, ...).
* `armed`: names of undated records of `Phoenix.MilNonState.actors.txt` (armed non-state groups:
  the Taliban, Hezbollah, Hamas, the FARC, ...). A synonym that looks like a person's name (its
  first word is in `data/lexicons/given_names.txt`: Khaled Meshaal is listed under Hamas),
  generic words, and the names of `NOT_GROUP_NAMES` (leaders listed with their group:
  "Nasrallah", "Zawahiri"; common words and phrases: "Tigers", "La Liga", "New Order") are
  dropped.

Undated records of `Phoenix.Countries.actors.txt` (countries, their cities and demonyms,
generic offices such as "American vice president") are not kept: newsgraph's own gazetteers
cover countries, and a generic office is no name.

Columns: `name`, `kind` (person / international / armed), `country` (ISO 3166-1 alpha-2 of the country of
the person's latest government-type code, else of the first code that names a country; empty
for international codes), `terms` (`|`-separated, in dictionary order): `CODE` (the default),
`CODE@START..END`, `CODE@START..` (open: from START on), `CODE@..END` (up to END); dates ISO
`YYYY-MM-DD`, inclusive. Null codes (`---`) and malformed restrictions (a seven-digit date, an
interval that ends before it starts) are dropped with a report line.

Two-digit years (YYMMDD): 00-30 are 2000-2030, 31-99 are 1931-1999, as in newsgraph's
`eval events`. The dictionaries' six-digit years fall in 1931-2014 (earlier dates are written
with eight digits), so the pivot reads every one of them as meant.

A name listed for two different kinds, or for people of two different countries, is ambiguous
and dropped.
"""

import argparse
import os
import re
import sys

FILES = [
    ("Phoenix.Countries.actors.txt", None),
    ("Phoenix.International.actors.txt", "international"),
    ("Phoenix.MilNonState.actors.txt", "armed"),
]

GOV_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY"}

# CAMEO's sector and role codes that follow a country or international prefix (as
# `crates/extract/src/actors.rs` lists them); a region's code (USRGEO: Soviet Georgia) has none.
SECTORS = set("""
GOV MIL COP JUD LEG SPY REB OPP PTY INS SEP UAF ELI BUS MNC MED EDU HLH HRI LAB AGR ENV REF REL
CVL CRM DEV IGO NGO IMG NGM MOD RAD
""".split())


def has_sector(code):
    """Does a code name a sector (USAGOV, IGOUNO, a bare IGO; not USRGEO, a bare SRB)?"""
    if code in SECTORS:
        return True
    return len(code) > 3 and any(code[i:i + 3] in SECTORS for i in range(0, len(code) - 2, 3))

# Terms the dictionaries (compiled in January 2014) leave open or lack, written by hand for
# newsgraph from general knowledge in the dictionaries' own syntax, read after them: a dated code
# here ends an open term of the same code and start date, else it is added. Heads of state and
# government and a few ministers of the 2010s that news text names most.
SUPPLEMENT = """
BARACK_OBAMA
+BARACK_HUSSEIN_OBAMA
+BARACK_H._OBAMA
\t[USAGOV 20090120-20170120]
JOE_BIDEN
\t[USAGOV 20090120-20170120]
\t[USAGOV 20210120-20250120]
JOHN_KERRY
\t[USAGOV 20130201-20170120]
CHUCK_HAGEL
\t[USAGOVMIL 20130227-20150217]
DAVID_CAMERON
+DAVID_WILLIAM_DONALD_CAMERON
\t[GBRGOV 20100511-20160713]
THERESA_MAY
\t[GBRGOVHRI 20100601-20160713]
\t[GBRGOV 20160713-20190724]
FRANCOIS_HOLLANDE
\t[FRAGOV 20120515-20170514]
ANGELA_MERKEL
\t[DEUGOV 20051122-20211208]
SHINZO_ABE
\t[JPNGOV 20121226-20200916]
HAMID_KARZAI
\t[AFGGOV 20011222-20140929]
BAN_KI-MOON
\t[IGOUNO 20070101-20161231]
DILMA_ROUSSEFF
\t[BRAGOV 20110101-20160831]
MANMOHAN_SINGH
\t[INDGOV 20040522-20140526]
JACOB_ZUMA
\t[ZAFGOV 20090509-20180214]
BENJAMIN_NETANYAHU
\t[ISRGOV 20090401-20210613]
\t[ISRGOV >20221229]
"""

# Words that are not part of a person's name ("the Obama administration", "Karzai government").
NOT_NAME_WORDS = set("""
administration government regime cabinet camp family office party ministry embassy forces army
council committee spokesman spokeswoman aide aides supporters loyalists chief head leader
minister president prime premier secretary general senator governor mayor king queen prince
princess sheikh shaikh sheik emir amir sultan mr mrs ms dr sir lord lady madame mme gen col
maj capt lt sgt adm rev father pope cardinal archbishop bishop imam ayatollah mullah elect
acting former deputy vice foreign defense defence interior finance chairman chairwoman
commander envoy ambassador justice judge president-elect secretary-general
""".split())

# Words of the names of places, states and bodies that the countries' file dates as it dates
# office holders ("Republic of Georgia", "Anbar Province", "Abbey National", "ABN AMRO").
NOT_PERSON_WORDS = set("""
of and for republic province state states city national socialist federative federal
kingdom assembly coalition presidium authority bank amro company corporation group union
ministry army party front council committee association university agency federation islands
island region district county soviet democratic people's peoples government administration
""".split())

# Single words too generic to name an organisation (`TANZIM +ORGANIZATION`).
GENERIC_WORDS = set("""
organization organisation group army front movement party council committee union alliance
militia militias brigade brigades rebels guerrillas resistance league
""".split())


# Names under armed groups that are no group's name in news text: people listed with their
# group (Phoenix codes a leader as his group), common words and phrases (a sports team, a band,
# a league, a day), written by hand for newsgraph from a reading of the single-word and
# two-word names.
NOT_GROUP_NAMES = {n.strip() for n in """
al-awlaki; al-nawaz; aulaqi; awlaqi; ba'asyir; dulmatin; hambali; hamzah; janjalani; muhannad;
nasrallah; salauddin; shahin; sungkar; zarkasih; zawahiri; zulkarnaen; isnilon; thoriqudin;
avenismo; bin laden; al zawahiri; al awlaki; sayyed nasrallah; sheik nasrallah; emir khattab;
ibn al-khattab; hafiz saeed; tiger memon; brother julian; commander khattab; ghazi baba;
tigers; youth; zero; falcon; mavericks; camo; yahweh; aleph; provos; boogeymen; hisba;
new order; la liga; red line; black friday; the foundation; the avengers; the cornerstone;
the lightning; the inevitables; the extraditables; international solidarity; islamic party;
islamic community; islamic group; islamic society; islamic union; islamic unity;
islamic brotherhood; national resistance; popular resistance; social resistance;
popular justice; revolutionary left; black panthers; black hand; black star; white legion;
red banner; red bill; red eagles; triple a; immediate action; free land; friendship society;
night avengers; secret warriors; torrid winter; uncontrolled rage; consciously enraged;
d company; peoples war; national warriors; patriotic youth; nationalist youth; order ii;
group zero; jihad base; green cells; mujahideen message; le celle; il carcere; i carcerieri;
de fes; cinque c; ad rev; action faction; autonomous cells
""".split(";") if n.strip()}


def parse_date(s):
    """YYMMDD or YYYYMMDD -> 'YYYY-MM-DD', or None when malformed."""
    s = s.strip()
    if not s.isdigit():
        return None
    if len(s) == 6:
        yy = int(s[:2])
        s = ("20" if yy <= 30 else "19") + s
    if len(s) != 8:
        return None
    y, m, d = int(s[:4]), int(s[4:6]), int(s[6:])
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def parse_term(inner):
    """The text inside `[...]` -> (code, start, end, dated) or a reason string when dropped."""
    parts = inner.split()
    if not parts:
        return "empty code"
    code = parts[0].upper()
    if code.strip("-") == "":
        return "null code"
    if not re.fullmatch(r"[A-Z]{3}(?:[A-Z]{3})*", code):
        return f"malformed code {code}"
    rest = "".join(parts[1:])
    if not rest:
        return (code, None, None, False)
    if rest.startswith("<"):
        end = parse_date(rest[1:])
        return (code, None, end, True) if end else f"malformed date in [{inner}]"
    if rest.startswith(">"):
        start = parse_date(rest[1:])
        return (code, start, None, True) if start else f"malformed date in [{inner}]"
    if "-" in rest:
        a, _, b = rest.partition("-")
        start, end = parse_date(a), parse_date(b)
        if not start or not end:
            return f"malformed date in [{inner}]"
        if end < start:
            return f"interval ends before it starts in [{inner}]"
        return (code, start, end, True)
    return f"malformed restriction in [{inner}]"


def words_of(phrase):
    """Lowercase words of a dictionary phrase; None when it holds characters no name has."""
    p = phrase.strip().strip("_").replace("_", " ").lower()
    p = re.sub(r"\s+", " ", p).strip()
    if not p or not p.isascii() or re.search(r"[^a-z .'\-]", p):
        return None
    return p.split(" ")


def read_file(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read().splitlines()


def read_records(lines):
    """(line, names, terms) of every record (names are (line, phrase)), and the codes dropped."""
    records, dropped = [], []
    cur = None
    for n, raw in enumerate(lines, 1):
        line = re.split(r"[#;]", raw, maxsplit=1)[0].rstrip()
        if not line.strip():
            continue
        groups = re.findall(r"\[([^\]]*)\]", line)
        terms = []
        for g in groups:
            t = parse_term(g)
            if isinstance(t, str):
                dropped.append((n, g, t))
            else:
                terms.append(t)
        text = re.sub(r"\[[^\]]*\]", " ", line)
        if line[0].isspace() or line.lstrip().startswith("["):
            if cur is not None:
                cur[2].extend(terms)
            continue
        if text.startswith("+"):
            if cur is not None:
                cur[1].append((n, text[1:].strip()))
                cur[2].extend(terms)
            continue
        cur = [n, [(n, text.strip())], list(terms)]
        records.append(cur)
    return records, dropped


def read_countries(path):
    """CAMEO country code -> ISO 3166-1 alpha-2 (data/eval/cameo_countries.tsv)."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            out[cols[1]] = cols[0]
    return out


def read_given_names(path):
    with open(path, encoding="utf-8") as f:
        return {w.strip().lower() for w in f if w.strip() and not w.startswith("#")}


def person_problem(words):
    """Why these words are not kept as a person's full name, or None."""
    if len(words) < 2:
        return "a single word names too many people"
    if any(w in NOT_NAME_WORDS or w.strip(".") in NOT_NAME_WORDS for w in words):
        return "a title or a word that is no name"
    if any(w in NOT_PERSON_WORDS for w in words):
        return "the name of a place, state or body (NOT_PERSON_WORDS)"
    if re.fullmatch(r"[a-z]\.?", words[0]) or re.fullmatch(r"([a-z]\.)+", words[0]):
        return "starts with an initial"
    if any(not re.search(r"[a-z]{2}", w) and not re.fullmatch(r"[a-z]\.?", w) for w in words):
        return "a word that is no name"
    return None


def group_problem(words, given):
    if " ".join(words) in NOT_GROUP_NAMES:
        return "a person listed with the group, or common words (NOT_GROUP_NAMES)"
    if len(words) == 1 and (words[0] in GENERIC_WORDS or len(words[0]) < 3):
        return "a generic word"
    if len(words) >= 2 and words[0] in given:
        return "looks like a person's name"
    if words[0] in ("sheikh", "shaikh", "mr", "dr"):
        return "looks like a person's name"
    return None


def term_text(t):
    code, start, end, dated = t
    if not dated:
        return code
    return f"{code}@{start or ''}..{end or ''}"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input", nargs="?", default=os.path.join(
        root, "..", "shared", "data", "petrarch2-dictionaries"))
    ap.add_argument("-o", "--output", default=os.path.join(root, "data", "gazetteers", "actors.tsv"))
    ap.add_argument("--report", action="store_true", help="print what was dropped and why")
    ap.add_argument("--no-supplement", action="store_true",
                    help="leave out the hand-written SUPPLEMENT (for tests of the conversion)")
    args = ap.parse_args()

    countries = read_countries(os.path.join(root, "data", "eval", "cameo_countries.tsv"))
    given = read_given_names(os.path.join(root, "data", "lexicons", "given_names.txt"))
    rows = {}  # name -> [kind, country, terms, source]
    dropped, ambiguous = [], set()

    for fname, undated_kind in FILES:
        path = os.path.join(args.input, fname)
        records, bad_terms = read_records(read_file(path))
        dropped.extend((fname, n, text, why) for n, text, why in bad_terms)
        for n, names, terms in records:
            # an office holder's dated codes name a sector (USAGOV); a state's are bare country
            # codes ([SRB 060605-]: "Republic of Serbia", dated as it came and went)
            dated = any(t[3] and has_sector(t[0]) for t in terms)
            kind = "person" if dated else undated_kind
            if kind is None:
                continue  # countries, places, generic offices
            if not terms:
                for ln, phrase in names:
                    dropped.append((fname, ln, phrase, "no code"))
                continue
            for ln, phrase in names:
                words = words_of(phrase)
                if words is None:
                    dropped.append((fname, ln, phrase, "characters no name has"))
                    continue
                why = person_problem(words) if kind == "person" else group_problem(words, given)
                if why:
                    dropped.append((fname, ln, phrase, why))
                    continue
                name = " ".join(words)
                country = country_of(terms, countries)
                old = rows.get(name)
                if old is None:
                    rows[name] = [kind, country, list(terms), f"{fname}:{ln}"]
                elif old[0] != kind or (kind == "person" and old[1] != country):
                    ambiguous.add(name)
                    dropped.append((fname, ln, phrase, f"ambiguous: also {old[0]} {old[1]} at {old[3]}"))
                else:
                    for t in terms:
                        if t not in old[2]:
                            old[2].append(t)
    for name in ambiguous:
        del rows[name]
    supplemented = [] if args.no_supplement else supplement(rows, countries)

    out = [
        "# newsgraph actor gazetteer: people holding or having held an office (with their dated",
        "# CAMEO codes), international organisations and armed non-state groups. Read by the",
        "# `actors` stage to type and annotate entities the recogniser found (never to find new",
        "# mentions): an Official is a person whose government-type code covers the article's date.",
        "#",
        "# Tab-separated columns:",
        "# name\tkind\tcountry\tterms",
        "#   name:    lowercase words, compared with an entity's name by normalised key",
        "#   kind:    person, international (an organisation of several countries) or armed (armed non-state group)",
        "#   country: ISO 3166-1 alpha-2 code, empty for international codes",
        "#   terms:   CAMEO actor codes separated by |: CODE (default), CODE@START..END,",
        "#            CODE@START.. (open), CODE@..END; dates YYYY-MM-DD, inclusive",
        "#",
        "# Generated by scripts/phoenix_actors.py from Phoenix.Countries.actors.txt,",
        "# Phoenix.International.actors.txt and Phoenix.MilNonState.actors.txt (the PETRARCH 2",
        "# actor dictionaries of the Open Event Data Alliance, https://github.com/openeventdata/petrarch2):",
        "# full names of two or more words only, titles and generic words dropped, two-digit years",
        "# 00-30 read as 2000-2030 and 31-99 as 1931-1999; terms the dictionaries leave open or",
        "# lack for 18 well-known people (Barack Obama's presidency ended 2017-01-20, ...) added",
        "# by hand (the script's SUPPLEMENT); see the script for the rules.",
        "# Do not edit by hand: change the script and run it again.",
        "#",
        "# The dictionaries' licence:",
        "#",
        "# The MIT License (MIT)",
        "#",
        "# Copyright (c) 2014 Open Event Data Alliance",
        "#",
        "# Permission is hereby granted, free of charge, to any person obtaining a copy",
        "# of this software and associated documentation files (the \"Software\"), to deal",
        "# in the Software without restriction, including without limitation the rights",
        "# to use, copy, modify, merge, publish, distribute, sublicense, and/or sell",
        "# copies of the Software, and to permit persons to whom the Software is",
        "# furnished to do so, subject to the following conditions:",
        "#",
        "# The above copyright notice and this permission notice shall be included in",
        "# all copies or substantial portions of the Software.",
        "#",
        "# THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR",
        "# IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,",
        "# FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE",
        "# AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER",
        "# LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,",
        "# OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN",
        "# THE SOFTWARE.",
    ]
    counts = {}
    for name in sorted(rows):
        kind, country, terms, _ = rows[name]
        counts[kind] = counts.get(kind, 0) + 1
        out.append(f"{name}\t{kind}\t{country}\t{'|'.join(term_text(t) for t in terms)}")
    with open(args.output, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    print(f"{args.output}: {len(rows)} names ({summary}); {len(dropped)} names or codes dropped "
          f"({len(ambiguous)} ambiguous names); {len(supplemented)} names supplemented",
          file=sys.stderr)
    if args.report:
        for fname, n, text, why in dropped:
            print(f"dropped\t{fname}:{n}\t{text}\t{why}", file=sys.stderr)
    return 0


def supplement(rows, countries):
    """Apply `SUPPLEMENT`: end open terms, add missing ones. Returns the names it touched."""
    records, bad = read_records(SUPPLEMENT.strip("\n").splitlines())
    assert not bad, bad
    touched = []
    for _, names, terms in records:
        for _, phrase in names:
            name = " ".join(words_of(phrase))
            row = rows.setdefault(name, ["person", country_of(terms, countries), [], "SUPPLEMENT"])
            for code, start, end, dated in terms:
                open_term = next((i for i, t in enumerate(row[2])
                                  if t[0] == code and t[1] == start and t[2] is None), None)
                if open_term is not None:
                    row[2][open_term] = (code, start, end, dated)
                elif (code, start, end, dated) not in row[2]:
                    row[2].append((code, start, end, dated))
            touched.append(name)
    return touched


def country_of(terms, countries):
    """ISO2 of the latest government-type dated code's country, else of the first code that
    names a country, else ''."""
    best = None
    for code, start, _end, dated in terms:
        if code[:3] in countries and code[3:6] in GOV_SECTORS and dated:
            if best is None or (start or "") >= best[0]:
                best = (start or "", countries[code[:3]])
    if best:
        return best[1]
    for code, *_ in terms:
        if code[:3] in countries:
            return countries[code[:3]]
    return ""


if __name__ == "__main__":
    sys.exit(main())
