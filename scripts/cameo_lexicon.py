#!/usr/bin/env python3
"""Turn the PETRARCH2 CAMEO verb dictionary into newsgraph's CAMEO lexicon.

Usage: scripts/cameo_lexicon.py [CAMEO.2.0.txt] [-o data/lexicons/cameo.tsv]

Reads the verb dictionary of PETRARCH2 (`CAMEO.2.0.txt`, Open Event Data Alliance, MIT licence;
default `../shared/data/petrarch2-dictionaries/CAMEO.2.0.txt` relative to the repository root)
and writes `data/lexicons/cameo.tsv` (relative to the repository root unless `-o` says
otherwise), which `crates/extract/src/cameo.rs` compiles in. Python 3, standard library only;
the output depends only on the input (no dates, no hash order). Prints counts to stderr.

What it does with the dictionary (the output's header repeats this for readers of the TSV):

* synonym sets (`&NAME` with `+WORD` lines) become `S` lines; inner `_` joins the words of a
  phrase (they must be consecutive), a trailing `_` on a member (or on the set's name, for all its
  members) marks words matched exactly, without the regular plural;
* each verb block (`--- NAME [code] ---`) becomes a `B` line with its default code, each verb
  line a `V` line with every inflected form of the verb: the base, -s, -ed, -ing made by
  English spelling rules (y -> ies / ied, e dropped before -ing, final consonant doubled in
  stressed closed syllables, -l doubled the British way as well as not), the irregular forms
  listed in `{...}` (with only the missing -s / -ing / past slots filled in by the rules) or,
  for a verb listed without them, those of a table of English irregular verbs below, and
  British spellings (-ise for -ize, -yse for -yze, -our for -or in a few verbs, and back; not
  nouns such as -isation, which are no verb forms: `cameo.rs` gives pattern nouns their
  spellings); multi-word verbs (`+CARRY_OUT`) keep their further words in a column of their
  own; a line that lists an inflected form of a verb of its block ("BURNT") gives that form;
* each pattern line (`- ... * ... [code]`) becomes a `P` line with its code and the pattern as
  written (comment dropped, lowercased, blanks collapsed); patterns naming a synonym set the
  dictionary never defines are dropped (PETRARCH ignores them too), and so is a pattern
  repeated in its block (the first occurrence always wins);
* every code used gets a `C` line with its CAMEO root and PLOVER class;
* the transformations at the end (`~ a (a b ATTACK) SAY = a b 015`) are not represented.
"""
import argparse
import collections
import os
import re
import sys
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_INPUT = os.path.join(ROOT, "..", "shared", "data", "petrarch2-dictionaries", "CAMEO.2.0.txt")
DEFAULT_OUTPUT = os.path.join(ROOT, "data", "lexicons", "cameo.tsv")

# ---------------------------------------------------------------------------------------------
# CAMEO roots and PLOVER classes

ROOT_NAMES = {
    "01": "make public statement",
    "02": "appeal",
    "03": "express intent to cooperate",
    "04": "consult",
    "05": "engage in diplomatic cooperation",
    "06": "engage in material cooperation",
    "07": "provide aid",
    "08": "yield",
    "09": "investigate",
    "10": "demand",
    "11": "disapprove",
    "12": "reject",
    "13": "threaten",
    "14": "protest",
    "15": "exhibit force posture",
    "16": "reduce relations",
    "17": "coerce",
    "18": "assault",
    "19": "fight",
    "20": "use unconventional mass violence",
}

ROOT_PLOVER = {
    "01": None,
    "02": "REQUEST",
    "03": "AGREE",
    "04": "CONSULT",
    "05": "SUPPORT",
    "06": "COOPERATE",
    "07": "AID",
    "08": "CONCEDE",
    "09": "ACCUSE",
    "10": "REQUEST",
    "11": "ACCUSE",
    "12": "REJECT",
    "13": "THREATEN",
    "14": "PROTEST",
    "15": "MOBILIZE",
    "16": "SANCTION",
    "17": "COERCE",
    "18": "ASSAULT",
    "19": "ASSAULT",
    "20": "ASSAULT",
}


def plover(code):
    """The PLOVER class of a CAMEO code (None for public statements)."""
    if code.startswith("057"):  # sign formal agreement
        return "AGREE"
    if code.startswith("087"):  # de-escalate militarily: ceasefire, ease blockade, demobilise, retreat
        return "RETREAT"
    return ROOT_PLOVER[code[:2]]


# ---------------------------------------------------------------------------------------------
# English verb forms

VOWELS = set("aeiou")

# Verbs of more than one syllable whose final consonant doubles (stress on the last syllable).
DOUBLE_FINAL = {
    "abet", "admit", "allot", "annul", "acquit", "commit", "compel", "concur", "confer", "control",
    "debar", "defer", "deter", "dispel", "emit", "embed", "equip", "excel", "expel", "extol",
    "format", "forget", "forbid", "handicap", "impel", "imbed", "incur", "infer", "kidnap",
    "occur", "omit", "outstrip", "patrol", "permit", "prefer", "propel", "rebel", "rebut",
    "recur", "refer", "regret", "remit", "repel", "submit", "transfer", "transmit", "upset",
    "readmit", "re-admit", "sidestep", "entrap", "unwrap", "unplug", "outwit", "befit", "beset",
    "begin", "outrun", "overrun", "outbid", "undercut", "offset", "reset", "forgo", "forego",
}

# -ise verbs that are not British spellings of -ize verbs.
ISE_NOT_IZE = {
    "advertise", "advise", "apprise", "arise", "chastise", "circumcise", "comprise", "compromise",
    "demise", "despise", "devise", "disguise", "enfranchise", "excise", "exercise", "franchise",
    "improvise", "incise", "merchandise", "poise", "praise", "premise", "promise", "raise",
    "revise", "rise", "supervise", "surmise", "surprise", "televise", "appraise", "braise",
    "cruise", "noise", "guise", "wise", "reprise", "precise", "concise", "bruise", "expertise",
}

# -or verbs written -our in British English (and the other way round).
OR_OUR = {
    "favor": "favour", "honor": "honour", "labor": "labour", "endeavor": "endeavour",
    "harbor": "harbour", "clamor": "clamour", "savor": "savour", "color": "colour",
    "armor": "armour", "rumor": "rumour", "disfavor": "disfavour", "dishonor": "dishonour",
}
OUR_OR = {v: k for k, v in OR_OUR.items()}

# American / British pairs that no rule covers.
SPELLING_PAIRS = {
    "practice": "practise", "practise": "practice",
    "fulfill": "fulfil", "fulfil": "fulfill",
    "enroll": "enrol", "enrol": "enroll",
    "instill": "instil", "instil": "instill",
    "distill": "distil", "distil": "distill",
    "enthrall": "enthral", "enthral": "enthrall",
}


# English irregular verbs: base -> past and participle forms (general knowledge, not from CAMEO),
# used when the dictionary lists a verb without its `{...}` forms ("SET", "HIT", "MEET").
IRREGULAR_TEXT = """
arise arose arisen|awake awoke awoken|bear bore borne born|beat beat beaten|become became
|befall befell befallen|begin began begun|behold beheld|bend bent|beset beset|bet bet
|bid bid bade bidden|bind bound|bite bit bitten|bleed bled|blow blew blown|break broke broken
|breed bred|bring brought|broadcast broadcast|build built|burn burnt burned|burst burst
|buy bought|cast cast|catch caught|choose chose chosen|cling clung|come came|cost cost
|creep crept|cut cut|deal dealt|dig dug|dive dove dived|do did done|draw drew drawn
|dream dreamt dreamed|drink drank drunk|drive drove driven|eat ate eaten|fall fell fallen
|feed fed|feel felt|fight fought|find found|flee fled|fling flung|fly flew flown
|forbid forbade forbidden|forecast forecast|forego forewent foregone|foresee foresaw foreseen
|foretell foretold|forget forgot forgotten|forgive forgave forgiven|forgo forwent forgone
|forsake forsook forsaken|forswear forswore forsworn|freeze froze frozen|get got gotten
|give gave given|go went gone|grind ground|grow grew grown|hang hung hanged|hear heard
|hide hid hidden|hit hit|hold held|hurt hurt|keep kept|kneel knelt kneeled|know knew known
|lay laid|lead led|lean leant leaned|leap leapt leaped|learn learnt learned|leave left
|lend lent|let let|lie lay lain lied|light lit lighted|lose lost|make made|mean meant|meet met
|mislay mislaid|mislead misled|mistake mistook mistaken|misunderstand misunderstood
|offset offset|outbid outbid|outdo outdid outdone|outgrow outgrew outgrown|outrun outran
|overcome overcame|overdo overdid overdone|overhear overheard|override overrode overridden
|overrun overran|oversee oversaw overseen|overtake overtook overtaken
|overthrow overthrew overthrown|partake partook partaken|pay paid|prove proved proven|put put
|quit quit quitted|read read|rebuild rebuilt|recast recast|redo redid redone|remake remade
|repay repaid|reset reset|resell resold|retell retold|rethink rethought|rewrite rewrote rewritten
|rid rid|ride rode ridden|ring rang rung|rise rose risen|run ran|say said|see saw seen
|seek sought|sell sold|send sent|set set|sew sewed sewn|shake shook shaken|shear sheared shorn
|shed shed|shine shone shined|shoot shot|show showed shown|shrink shrank shrunk|shut shut
|sing sang sung|sink sank sunk|sit sat|slay slew slain|sleep slept|slide slid|sling slung
|slit slit|sow sowed sown|speak spoke spoken|speed sped speeded|spend spent|spill spilt spilled
|spin spun|spit spat|split split|spoil spoilt spoiled|spread spread|spring sprang sprung
|stand stood|steal stole stolen|stick stuck|sting stung|stink stank stunk|stride strode stridden
|strike struck stricken|string strung|strive strove striven strived|swear swore sworn
|sweep swept|swell swelled swollen|swim swam swum|swing swung|take took taken|teach taught
|tear tore torn|tell told|think thought|throw threw thrown|thrust thrust|tread trod trodden
|undercut undercut|undergo underwent undergone|understand understood|undertake undertook undertaken
|underwrite underwrote underwritten|undo undid undone|unwind unwound|uphold upheld|upset upset
|wake woke woken|wear wore worn|weave wove woven|weep wept|win won|wind wound|withdraw withdrew withdrawn
|withhold withheld|withstand withstood|wring wrung|write wrote written
"""
IRREGULAR = {}
for _entry in " ".join(IRREGULAR_TEXT.split()).split("|"):
    _words = _entry.split()
    if _words:
        IRREGULAR[_words[0]] = _words[1:]


def syllables(word):
    """Vowel groups in a word ("qu" counts as a consonant, a final silent e does not count)."""
    w = word.replace("qu", "qw")
    if w.endswith("e") and len(w) > 2 and w[-2] not in VOWELS:
        w = w[:-1]
    groups, prev = 0, False
    for i, c in enumerate(w):
        v = c in VOWELS or (c == "y" and i > 0 and w[i - 1] not in VOWELS)
        if v and not prev:
            groups += 1
        prev = v
    return groups


def doubles(word):
    """Does the final consonant double before -ed / -ing?"""
    if word in DOUBLE_FINAL:
        return True
    w = word.replace("qu", "qw")
    if len(w) < 3 or "-" in w:
        return False
    last, mid, before = w[-1], w[-2], w[-3]
    if last in VOWELS or last in "wxy" or mid not in VOWELS or before in VOWELS:
        return False
    return syllables(word) == 1


def british_l(word):
    """A word ending in one vowel + l, of more than one syllable: -lled (British) and -led."""
    if word.endswith(("uel", "ial")) and len(word) > 3:  # fuel, duel, dial, trial
        return True
    return (
        len(word) > 3
        and word[-1] == "l"
        and word[-2] in VOWELS
        and word[-3] not in VOWELS
        and syllables(word) > 1
        and word not in DOUBLE_FINAL
    )


def third(word):
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in VOWELS:
        return word[:-1] + "ies"
    if word.endswith("o") and len(word) > 1 and word[-2] not in VOWELS:
        return word + "es"
    return word + "s"


def pasts(word):
    """The past and participle forms of a verb: irregular when the table knows it."""
    if word in IRREGULAR:
        return list(IRREGULAR[word])
    if word.startswith("re-") and word[3:] in IRREGULAR:
        return ["re-" + f for f in IRREGULAR[word[3:]]]
    return regular_pasts(word)


def regular_pasts(word):
    if word.endswith("e"):
        return [word + "d"]
    if word.endswith("y") and len(word) > 1 and word[-2] not in VOWELS:
        return [word[:-1] + "ied"]
    if word.endswith("ic") and len(word) > 3:
        return [word + "ked"]
    if doubles(word):
        return [word + word[-1] + "ed"]
    if british_l(word):
        return [word + "ed", word + "led"]
    return [word + "ed"]


def ings(word):
    if word.endswith("ie"):
        return [word[:-2] + "ying"]
    if word.endswith("e") and word not in ("be",) and not word.endswith(("ee", "ye", "oe")):
        return [word[:-1] + "ing"]
    if word.endswith("ic") and len(word) > 3:
        return [word + "king"]
    if doubles(word):
        return [word + word[-1] + "ing"]
    if british_l(word):
        return [word + "ing", word + "ling"]
    return [word + "ing"]


def regular_forms(word):
    return [word, third(word)] + pasts(word) + ings(word)


def is_third(form, base):
    return form != base and (form == third(base) or form == base + "s")


def spelling_variants(form, base):
    """British / American spellings of one form of `base`."""
    out = []
    if base.endswith(("ize", "yze")):
        stem = base[:-2]  # "critici" / "analy"
        if form.startswith(stem + "z"):
            out.append(stem + "s" + form[len(stem) + 1:])
    elif base.endswith("ise") and len(base) >= 7 and base not in ISE_NOT_IZE:
        stem = base[:-2]
        if form.startswith(stem + "s"):
            out.append(stem + "z" + form[len(stem) + 1:])
    for table in (OR_OUR, OUR_OR):
        if base in table and form.startswith(base):
            out.append(table[base] + form[len(base):])
    if base in SPELLING_PAIRS:
        other = SPELLING_PAIRS[base]
        out.extend(f for f in regular_forms(other) if f not in out)
    return out


def verb_forms(base, listed):
    """All forms of a verb: regular ones, or the listed irregular ones with missing slots filled.

    `listed` is None when the dictionary gives no `{...}`, else the forms it lists (possibly
    none, as in `+ANGERED_BY {}`, which stands for that form alone).
    """
    if listed is None:
        forms = regular_forms(base)
    else:
        forms = [base] + listed
        if listed and base not in ("is", "are", "be", "was", "were", "has", "have"):
            others = [f for f in listed if f != base]
            if not any(f.endswith("ing") for f in others):
                forms += ings(base)
            if not any(is_third(f, base) for f in others):
                forms.append(third(base))
            has_past = any(not f.endswith("ing") and not is_third(f, base) for f in others)
            if not has_past and not (base[-1] in "td" and syllables(base) == 1):
                forms += pasts(base)  # put, quit, cut, shut, set, split: the past is the base
    extra = []
    for f in forms:
        extra += spelling_variants(f, base)
    out = []
    for f in forms + extra:
        if f not in out:
            out.append(f)
    return out


# ---------------------------------------------------------------------------------------------
# Reading the dictionary

CODE_RE = re.compile(r"^(\d{3,4}|---)?(?::(\d{3,4}|---)?)?$")
BLOCK_RE = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s*---")
SET_RE = re.compile(r"&[A-Za-z0-9_]+")


class Fail(Exception):
    pass


def norm_code(raw, where, notes):
    code = raw.strip().replace(" ", "")
    if "!" in code:
        notes["code with '!' (read without it)"] += 1
        code = code.replace("!", "")
    if not CODE_RE.match(code) or code in ("", ":"):
        raise Fail(f"{where}: bad code [{raw}]")
    return code


def code_parts(code):
    """The event codes a code column names (active and passive parts, not ---)."""
    return [c for c in code.split(":") if c and c != "---"]


def parse_verb(line, where):
    """A verb line -> (code or "", [(head forms listed or None, post words, base head)]).

    Returns the base phrase's words and the listed forms grouped by their further words.
    """
    text = line.split("#", 1)[0].split(";", 1)[0]
    code = ""
    m = re.search(r"\[([^\]]*)\]", text)
    if m:
        code = m.group(1)
        text = text[: m.start()] + " " + text[m.end():]
    listed = None
    m = re.search(r"\{([^}]*)\}", text)
    if m:
        listed = [w for w in re.split(r"[\s,]+", m.group(1)) if w]
        text = text[: m.start()] + " " + text[m.end():]
    words = text.split()
    if len(words) != 1:
        raise Fail(f"{where}: verb line with {len(words)} words: {line.strip()!r}")
    return code, words[0], listed


def split_phrase(token, where):
    """`+CARRY_OUT` -> ("carry", ["out"]); `SIGN` -> ("sign", [])."""
    t = token.lower()
    if "_" not in t:
        return t.lstrip("+"), []
    parts = t.split("_")
    heads = [i for i, p in enumerate(parts) if p.startswith("+")]
    if not heads:
        heads = [0]
    if heads[0] != 0:
        raise Fail(f"{where}: verb after other words ({token}): not supported")
    return parts[0].lstrip("+"), [p for p in parts[1:] if p]


def read(path):
    notes = collections.Counter()
    sets = {}  # name -> [member]
    set_order = []
    blocks = []  # {name, code, line, verbs: [...], patterns: [...]}
    transformations = 0
    section = "header"
    current_set = None
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for n, raw in enumerate(lines, 1):
        where = f"{os.path.basename(path)}:{n}"
        line = raw.rstrip()
        if line.startswith("####### SYNONYM SETS"):
            section = "sets"
            continue
        if line.startswith("####### VERB PATTERNS"):
            section = "verbs"
            continue
        if line.startswith("######## TRANSFORMATIONS"):
            section = "transformations"
            continue
        if not line.strip() or line.lstrip().startswith("#") or line.startswith("<!"):
            continue
        if section == "header":
            raise Fail(f"{where}: text before the synonym sets")
        if section == "transformations":
            if line.startswith("~"):
                transformations += 1
                continue
            raise Fail(f"{where}: unexpected line among transformations")
        if section == "sets":
            body = line.split("#", 1)[0].strip()
            if body.startswith("&"):
                current_set = body
                if body in sets:
                    raise Fail(f"{where}: set {body} defined twice")
                sets[body] = []
                set_order.append(body)
            elif body.startswith("+"):
                if current_set is None:
                    raise Fail(f"{where}: member outside a set")
                sets[current_set].append(body[1:].strip())
            else:
                raise Fail(f"{where}: unexpected line among synonym sets: {line!r}")
            continue
        # verbs section
        if line.startswith("---"):
            m = BLOCK_RE.match(line)
            if not m:
                raise Fail(f"{where}: bad block header {line!r}")
            blocks.append({
                "name": m.group(1), "code": norm_code(m.group(2) or "---", where, notes),
                "line": n, "verbs": [], "patterns": [],
            })
            continue
        if not blocks:
            raise Fail(f"{where}: verb line before the first block")
        block = blocks[-1]
        if line.startswith("-"):
            body = line[1:].split("#", 1)[0]
            if "[" not in body or "]" not in body:
                raise Fail(f"{where}: pattern without a code: {line!r}")
            cut = body.rindex("[")
            code = norm_code(body[cut + 1: body.index("]", cut)], where, notes)
            pattern = body[:cut]
            block["patterns"].append((n, pattern, code))
            continue
        if line.startswith("~"):
            transformations += 1
            continue
        code, token, listed = parse_verb(line, where)
        if code:
            code = norm_code(code, where, notes)
        block["verbs"].append((n, code, token, listed))
    return sets, set_order, blocks, transformations, notes


# ---------------------------------------------------------------------------------------------
# Patterns

WORD_RE = re.compile(r"^[a-z0-9.'/_-]+$")


def normalise_pattern(text, where, notes):
    """Lowercased pattern with blanks collapsed and TABARI's `*_WORD` / `WORD_*` split."""
    p = " ".join(text.split()).lower()
    if "*_" in p or "_*" in p:
        notes["TABARI '*_' / '_*' adjacency read as a plain gap"] += 1
        p = p.replace("*_", "* ").replace("_*", " *")
    if "_&" in p:
        notes["word joined to a set with '_' (read as a plain gap)"] += 1
        p = p.replace("_&", " &")
    if re.search(r"[^\s]\*|\*[^\s]", p):
        notes["'*' written against a word (split)"] += 1
        p = " ".join(p.replace("*", " * ").split())
    if p.count("*") != 1:
        raise Fail(f"{where}: pattern without exactly one '*': {text.strip()!r}")
    return p


def check_pattern(p, where):
    """Check the pattern against the grammar `cameo.rs` reads; returns the sets it names."""
    depth_paren = depth_brace = 0
    named = []
    for tok in p.split():
        core = tok
        while core[:1] in ("(", "{"):
            if core[0] == "(":
                depth_paren += 1
            else:
                depth_brace += 1
            core = core[1:]
        closing = ""
        while core[-1:] in (")", "}"):
            closing += core[-1]
            core = core[:-1]
        if core in ("*", "$", "+", "%", "^", ""):
            pass
        elif core.startswith("&"):
            named.append(core)
        elif not WORD_RE.match(core):
            raise Fail(f"{where}: unexpected word {tok!r} in pattern {p!r}")
        for c in closing:
            if c == ")":
                depth_paren -= 1
            else:
                depth_brace -= 1
            if depth_paren < 0 or depth_brace < 0:
                raise Fail(f"{where}: unbalanced brackets in {p!r}")
    if depth_paren or depth_brace:
        raise Fail(f"{where}: unbalanced brackets in {p!r}")
    return named


# ---------------------------------------------------------------------------------------------
# Output

def tsv_set_member(member, exact_all):
    m = member.strip().lower()
    exact = exact_all or m.endswith("_")
    m = m.rstrip("_")
    m = " ".join(m.replace("_", " ").split())
    return m + ("_" if exact else "")


def build(path):
    sets, set_order, blocks, transformations, notes = read(path)
    out_sets = []
    for name in set_order:
        exact_all = name.endswith("_")
        members = []
        for m in sets[name]:
            t = tsv_set_member(m, exact_all)
            if t.rstrip("_") and t not in members:
                members.append(t)
        out_sets.append((name.lower(), members))
    defined = {name for name, _ in out_sets}

    codes = set()
    out_blocks = []
    counts = collections.Counter()
    dropped = []
    for b in blocks:
        codes.update(code_parts(b["code"]))
        # verbs: group by (head, further words) so repeated lines merge
        entries = collections.OrderedDict()
        # non-base forms of the block's verbs, to tell a line that lists a form ("BURNT",
        # "LOSING") from a verb
        inflected = set()
        for n, code, token, listed in b["verbs"]:
            base, post = split_phrase(token, "")
            heads = None if listed is None else [split_phrase(f, "")[0] for f in listed]
            bases = {base, *spelling_variants(base, base)}
            inflected.update(f for f in verb_forms(base, heads) if f not in bases)
        for n, code, token, listed in b["verbs"]:
            where = f"CAMEO.2.0.txt:{n}"
            base, post = split_phrase(token, where)
            groups = collections.OrderedDict()
            groups.setdefault(tuple(post), [])
            if listed is not None:
                for form in listed:
                    head, fpost = split_phrase(form, where)
                    groups.setdefault(tuple(fpost), []).append(head)
            items = []
            if len(groups) > 1:
                # the inflection is in a later word (WIRE_+TAP written +WIRE_TAP {+WIRE_TAPS ...}):
                # one word, written solid and hyphenated
                notes["multi-word verb inflected in a later word (written as one word)"] += 1
                phrases = [[base] + post] + [[h] + list(fp) for fp, hs in groups.items() for h in hs]
                forms = []
                for ph in phrases:
                    for f in ("".join(ph), "-".join(ph)):
                        if f not in forms:
                            forms.append(f)
                items.append(("".join([base] + post), [], forms))
            elif listed is None and not post and (
                base in inflected
                or base.endswith("ied")
                or (base.endswith("ing") and len(base) > 5 and base not in IRREGULAR)
            ):
                notes["verb line that is an inflected form (kept as that form only)"] += 1
                items.append((base, post, [base]))
            elif listed is None:
                items.append((" ".join([base] + post), post, verb_forms(base, None)))
            else:
                items.append((" ".join([base] + post), post, verb_forms(base, groups[tuple(post)])))
            for lemma, fpost, forms in items:
                key = lemma
                if key in entries:
                    notes["verb repeated in its block (merged)"] += 1
                    e = entries[key]
                    if listed is not None and not e["listed"]:
                        e["forms"] = forms  # the irregular list replaces the guessed forms
                        e["listed"] = True
                    else:
                        e["forms"] += [f for f in forms if f not in e["forms"]]
                    if code and not e["code"]:
                        e["code"] = code
                else:
                    entries[key] = {
                        "lemma": lemma, "code": code, "post": list(fpost), "forms": forms,
                        "listed": listed is not None, "line": n,
                    }
                if code:
                    codes.update(code_parts(code))
        # a form already given to an earlier verb of the block with the same further words
        # and code is dropped from the later one (PUBLICISE / PUBLICIZE)
        seen = {}
        verbs = []
        for e in entries.values():
            key_code = e["code"] or b["code"]
            kept = []
            for f in e["forms"]:
                k = (f, tuple(e["post"]))
                if k in seen and seen[k] == key_code:
                    counts["forms given twice in a block (dropped)"] += 1
                    continue
                seen.setdefault(k, key_code)
                kept.append(f)
            if kept:
                e["forms"] = kept
                verbs.append(e)
        # patterns
        patterns = []
        seen_p = {}
        for n, text, code in b["patterns"]:
            where = f"CAMEO.2.0.txt:{n}"
            p = normalise_pattern(text, where, notes)
            try:
                named = check_pattern(p, where)
            except Fail as e:
                notes["malformed pattern (dropped)"] += 1
                dropped.append(str(e))
                continue
            missing = [s for s in named if s not in defined]
            if missing:
                notes[f"pattern naming an undefined set ({', '.join(sorted(set(missing)))}) dropped"] += 1
                continue
            if p in seen_p:
                if seen_p[p] == code:
                    notes["pattern repeated in its block with the same code (dropped)"] += 1
                else:
                    notes["pattern repeated in its block with another code (dropped, first wins)"] += 1
                continue
            seen_p[p] = code
            patterns.append((code, p))
            codes.update(code_parts(code))
        if not verbs:
            notes["block without verbs (dropped with its patterns)"] += 1
            continue
        out_blocks.append((b["name"].lower(), b["code"], verbs, patterns))
    notes["transformation lines not represented"] += transformations
    return out_sets, out_blocks, sorted(codes), notes, counts, dropped


HEADER = """\
# newsgraph CAMEO verb lexicon: English verbs, their inflected forms, and the patterns that give
# a verb in a clause its CAMEO event code, with each code's CAMEO root and PLOVER class.
#
# GENERATED by scripts/cameo_lexicon.py from CAMEO.2.0.txt, the verb dictionary of the PETRARCH2
# event coder (last update 30 April 2015); do not edit by hand, change the script and rerun it.
# Source licence: The MIT License (MIT), Copyright (c) 2015 Open Event Data Alliance.
#   Permission is hereby granted, free of charge, to any person obtaining a copy of this software
#   and associated documentation files (the "Software"), to deal in the Software without
#   restriction, including without limitation the rights to use, copy, modify, merge, publish,
#   distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
#   Software is furnished to do so, subject to the following conditions: The above copyright
#   notice and this permission notice shall be included in all copies or substantial portions of
#   the Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
#   IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A
#   PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE
#   LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
#   OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
#   DEALINGS IN THE SOFTWARE.
#
# Lines are tab-separated records; the first column says which. `#` lines are comments.
#   C  code  root  plover       an event code used below, its CAMEO root (first two digits) and
#                               its PLOVER class ("-" for root 01, public statements)
#   S  &name  members           a synonym set: members separated by "|"; a member of several
#                               words matches them consecutively; a trailing "_" means the
#                               member matches exactly (no regular plural)
#   B  name  code               a verb block (PETRARCH's "--- NAME [code] ---"): its default code
#   V  lemma  code  further  forms
#                               a verb of the block above: its own code (empty: the block's),
#                               the words that follow it in a multi-word verb (space-separated,
#                               "out" for "carry out"; empty for one word), and its forms: the
#                               lowercase word forms of the verb word, "|"-separated
#   P  code  pattern            a pattern of the block above, as CAMEO writes it (lowercased):
#                               "*" the verb; words before it are matched in the clause before
#                               the verb, words after it in the clause after the verb, in order
#                               and not necessarily adjacent; "(prep words)" a prepositional
#                               phrase, "{words}" a noun phrase (last word its head), "&name" any
#                               member of a set, "a_b" consecutive words, "a/b" either word, a
#                               trailing "_" an exact word; "$" and "+" mark where the source and
#                               the target are, "%" a compound actor (each member acts on the
#                               others), "^" a skipped noun phrase.
# Codes: "111"; "042:043" = 042 from the source to the target plus 043 from the target to the
# source; ":173" = 173 from the target to the source only (the clause's subject undergoes the
# event, as in "appear before court"); "---" = no event (a pattern with it blocks the default).
# A verb whose code (own or block) is "---" produces events only through patterns.
# PLOVER classes by CAMEO root (the mapping newsgraph uses, PLOVER 2020 event types): 01 none,
# 02 REQUEST, 03 AGREE, 04 CONSULT, 05 SUPPORT (057 AGREE), 06 COOPERATE, 07 AID, 08 CONCEDE
# (087x RETREAT), 09 ACCUSE (PLOVER has no investigate class), 10 REQUEST, 11 ACCUSE, 12 REJECT,
# 13 THREATEN, 14 PROTEST, 15 MOBILIZE, 16 SANCTION, 17 COERCE, 18-20 ASSAULT.
# Differences from the dictionary: comments and the 8 verb-verb transformations ("~" lines) are
# not kept; patterns naming a set CAMEO never defines (&DEMONSTRATION, &FIGHT_CRIM,
# &FIGHT_GAMES, &WEATHER), patterns with unbalanced brackets and patterns repeated in their
# block (the first always wins) are dropped; "*" written against a word is split from it, a
# word joined to a set or to "*" with "_" is read as a plain gap, "[080!]" as "[080]"; verb
# lines listing an inflected form ("BURNT", "LOSING") give that form only; verb forms are
# generated by English spelling rules as the script describes.
"""


def write(path, out_sets, out_blocks, codes):
    lines = [HEADER.rstrip("\n")]
    lines.append("#")
    roots = [f"{r} {n}" for r, n in sorted(ROOT_NAMES.items())]
    lines += textwrap.wrap("CAMEO roots: " + "; ".join(roots) + ".", 98, initial_indent="# ",
                           subsequent_indent="#   ")
    for c in codes:
        lines.append(f"C\t{c}\t{c[:2]}\t{plover(c) or '-'}")
    for name, members in out_sets:
        lines.append(f"S\t{name}\t{'|'.join(members)}")
    for name, code, verbs, patterns in out_blocks:
        lines.append(f"B\t{name}\t{code}")
        for v in verbs:
            lines.append(f"V\t{v['lemma']}\t{v['code']}\t{' '.join(v['post'])}\t{'|'.join(v['forms'])}")
        for code_p, p in patterns:
            lines.append(f"P\t{code_p}\t{p}")
    text = "\n".join(lines) + "\n"
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return len(text.encode("utf-8"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", nargs="?", default=DEFAULT_INPUT, help="CAMEO.2.0.txt")
    ap.add_argument("-o", "--output", default=DEFAULT_OUTPUT, help="cameo.tsv to write")
    args = ap.parse_args()
    try:
        out_sets, out_blocks, codes, notes, counts, dropped = build(args.input)
    except (Fail, OSError) as e:
        print(f"cameo_lexicon: {e}", file=sys.stderr)
        return 1
    size = write(args.output, out_sets, out_blocks, codes)

    verbs = sum(len(v) for _, _, v, _ in out_blocks)
    forms = sum(len(e["forms"]) for _, _, v, _ in out_blocks for e in v)
    distinct = len({f for _, _, v, _ in out_blocks for e in v for f in e["forms"]})
    multi = sum(1 for _, _, v, _ in out_blocks for e in v if e["post"])
    patterns = sum(len(p) for _, _, _, p in out_blocks)
    by_root = collections.Counter()
    for _, code, _, pats in out_blocks:
        for c, _ in pats:
            for part in code_parts(c)[:1]:
                by_root[part[:2]] += 1
    verb_roots = collections.Counter()
    for _, bcode, vs, _ in out_blocks:
        for e in vs:
            parts = code_parts(e["code"] or bcode)
            verb_roots[parts[0][:2] if parts else "--"] += 1
    code_roots = collections.Counter(c[:2] for c in codes)
    null_patterns = sum(1 for _, _, _, pats in out_blocks for c, _ in pats if not code_parts(c))
    say = lambda *a: print(*a, file=sys.stderr)
    say(f"wrote {os.path.relpath(args.output)} ({size} bytes)")
    say(f"blocks {len(out_blocks)} (default ---: {sum(1 for b in out_blocks if b[1] == '---')}), "
        f"verbs {verbs} (multi-word {multi}), forms {forms} ({distinct} distinct), "
        f"patterns {patterns} (--- {null_patterns}), sets {len(out_sets)}, codes {len(codes)}")
    say("patterns by root of their first code: "
        + ", ".join(f"{r} {by_root[r]}" for r in sorted(by_root)))
    say("verbs by root of their code without a pattern (-- none): "
        + ", ".join(f"{r} {verb_roots[r]}" for r in sorted(verb_roots)))
    say("codes by root: " + ", ".join(f"{r} {code_roots[r]}" for r in sorted(code_roots)))
    for k, v in sorted(list(notes.items()) + list(counts.items())):
        say(f"  {k}: {v}")
    for d in dropped:
        say(f"  dropped: {d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
