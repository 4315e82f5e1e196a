#!/usr/bin/env python3
"""Convert the Phoenix (PETRARCH 2) agent dictionary into newsgraph's agent lexicon.

Usage:
    scripts/phoenix_agents.py [PHOENIX_AGENTS_TXT] [-o data/lexicons/agents.tsv] [--report]

PHOENIX_AGENTS_TXT defaults to ../shared/data/petrarch2-dictionaries/Phoenix.agents.txt
(relative to the repository root). Standard library only; the same input gives the same output
byte for byte. `--report` prints what was dropped and why (to stderr).

What it does with each dictionary record (`PHRASE {PLURAL} [~CODE]`, see `dictionaries.rst`
next to the dictionary):

* `#` starts a comment; records without a `[CODE]` are skipped (PETRARCH skips them too).
* `!NAME! = A, B, C` defines a substitution set; a phrase containing `!NAME!` stands for every
  member put in its place, with no plural formed (as PETRARCH does). The dictionary's
  `AD!MINIST!RATION` / `AD!MINIST!RATIVE` (a search-and-replace accident for ADMINISTRATION)
  are read as the words they were.
* `_` and blanks both become one space. PETRARCH lets a blank match intervening words; the
  lexicon matches phrases word for word, so `!MINIST! FOR_TRADE` is "minister for trade".
  A trailing `_` (no plural) is dropped, a leading `THE_` too ("the pm" -> "pm").
* Plurals: `{X}` gives the plural, `{}` none. Otherwise the regular English plural of the last
  word is formed ("y" after a consonant -> "ies", "s"/"x"/"z"/"ch"/"sh" -> "es", "man" -> "men",
  else "s"); PETRARCH's own rule gives "attornies" and "assembliesses", which no text has. A
  phrase whose last word is already plural ("taxpayers", "civil courts") gets none.
* Agent codes: `~XYZ` (added after the actor's country code: `CHN` + `COP` = `CHNCOP`) are kept
  without the `~`; prefix codes (`IGO~`: observers, peacekeeping troops, truce monitors) are not
  attached to a country and are dropped.

Each phrase is then typed by its head noun (the last word, or the word before the first `of`,
`for`, `to`, `in`, `at`, `on`, `from`, `without`: "minister of finance" -> minister) with the
tables below, and by its sector (the code's first three letters):

* person nouns ("minister", "spokesman", "rebel", "farmer"): singular -> Official when the
  sector is government-type (GOV, MIL, COP, JUD, LEG, SPY) or the phrase or its head is an
  `official` title of `data/lexicons/titles.tsv`, unless the head is a private profession
  (lawyer, attorney, counsel, ...); otherwise Person. One unnamed person: scope `article`.
  Plural ("officials", "rebels", "soldiers") -> a group (below), scope `country`.
* collective nouns ("police", "government", "military", "opposition", "media"): a group,
  scope `country`.
* bodies, countable ("ministry", "court", "company", "party"): a group; singular ones are
  scope `country` when a country has one of them (a government department named by its
  function, "foreign ministry", "ministry of finance", "air force"; or a phrase with national,
  supreme, central, constitutional, high, foreign, ruling, interim, provisional, caretaker,
  transitional, royal, reserve; state or official media), else `article` ("a Chinese
  company", "a district court"); plural ones are scope `country`.
* the group's type: Company for company heads (company, firm, manufacturer, ...), MediaOutlet
  for media heads (media, newspaper, television, news agency, ...), Organization for parties;
  otherwise Agency for a government-type sector, Company for BUS (plural person nouns of BUS,
  "investors", "traders", are people, so Organization), MediaOutlet for MED (but "journalists"
  are Organization), Organization for every other sector (rebels, opposition, civilians,
  clergy, criminals, ...).

Dropped: see `DROP_PHRASES` and `DROP_HEADS` (generic words for a human being, things,
places, vehicles and weapons, events and abstractions, adjectives, foreign-language names,
phrase fragments ending in a preposition), and non-ASCII (mis-encoded) phrases. Where two
records give one phrase different codes, the first wins, unless a later one is government-type
and the first is not ("minister of environment": GOVENV over ENV).
"""

import argparse
import os
import re
import sys

GOV_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY"}

# Common agent nouns of news text that Phoenix lacks (PETRARCH's validation dictionary has some
# of them), written by hand for newsgraph in the dictionary's own syntax; read after Phoenix.
SUPPLEMENT = """
OFFICIAL [~GOV]
OPPOSITION {} [~OPP]
FORCES {} [~MIL]
LEADER [~GOV]
DELEGATION [~GOV]
NEGOTIATOR [~GOV]
MARINE_CORPS {} [~MIL]
"""

# Words after which the head noun has been seen: "minister of finance", "ambassador without ..."
HEAD_BREAKERS = {"of", "for", "to", "in", "at", "on", "from", "without", "along", "with", "de"}
# A phrase ending in one of these is a fragment of a longer pattern ("ambassador to ...").
FRAGMENT_ENDS = (HEAD_BREAKERS - {"de"}) | {"and", "the", "y"}
# Words written after their noun: "envoy extraordinary", "professor emeritus".
POSTPOSED = {"extraordinary", "emeritus", "plenipotentiary"}

# Exact phrases dropped, with the reason.
DROP_PHRASES = {
    # too generic to be an actor: a human being by sex, age or kinship, or everyone
    "man": "generic", "men": "generic", "woman": "generic", "women": "generic",
    "person": "generic", "persons": "generic", "people": "generic", "girl": "generic",
    "child": "generic", "children": "generic", "infant": "generic", "mother": "generic",
    "native": "generic", "population": "generic", "community": "generic",
    "member": "generic", "employee": "generic", "passenger": "generic",
    "customer": "generic", "tenant": "generic", "constituent": "generic",
    "landholder": "generic", "landowner": "generic", "property owner": "generic",
    "onlooker": "generic", "mourner": "generic", "dweller": "generic", "neighborhood": "place",
    "neighbourhood": "place",
    # not a noun phrase that names an actor
    "soldiers , along with their families": "not a noun phrase",
    "soldiers with their families": "not a noun phrase",
    "government troops and police": "two actors",
    "ministers and mps": "two actors",
    "artillery system": "weapon", "unmanned aerial system": "weapon",
    "heavy machine gun": "weapon", "prison house": "place", "c in cof": "garbled",
    "c in c of": "garbled", "court supreme": "garbled", "first family": "generic",
    "displaced family": "generic", "national security force": "a local fix for one name (ANSF)",
    "assembly federale": "foreign-language name", "fuerzas especiales": "foreign-language name",
    "gendarmerie nationale": "foreign-language name",
    "military rule": "abstraction", "military presence": "abstraction",
    "intelligence operation": "event", "special operations": "abstraction",
    "a cabinet meeting": "event", "security check": "event",
    "soldiers and their families": "not a noun phrase", "leading news": "fragment",
    "jet fighter": "vehicle or weapon", "joint strike fighter": "vehicle or weapon",
    "nighthawk stealth fighter": "vehicle or weapon", "poor": "adjective",
    "marine corp": "misspelling (MARINE_CORPS is in SUPPLEMENT)",
    "sovereign": "mostly an adjective in news (sovereign debt)",
    "captain": "in news mostly a team's captain, or a rank before a name",
    "military led": "adjective", "state-owned": "adjective", "semi-official": "adjective",
}

# Head nouns whose phrases are dropped, with the reason.
DROP_HEADS = {}
for _w in """aircraft airliner apache b-52 battleship battlewagon boat bomber bombers carrier
        chinook containership corvette craft cruiser destroyer dragonfly drone drones f-16 f-7mg
        f/a-18 falcon freighter frigate gunship helicopter helicopters hmmwv hornet humvee jet
        jetfighter jetliner jumbojet kfir machine mi-24vm/hind mig mig-21pfm mirage-2000 missile
        orion osprey plane planes poseidon raptor reaper ship su-24 su-30mk supertanker tank
        tanker typhoon uav vehicle vessel warplane warship oiler airway 16 4c fa""".split():
    DROP_HEADS[_w] = "vehicle or weapon"
for _w in """barracks base building check district facility facilitiy home jail kindergarden
        kindergarten monastary monastery palace post preschool prison sanatarium sanatorium
        sanitarium schoolhouse settlement town village site conservatory""".split():
    DROP_HEADS[_w] = "place or building"
for _w in """activity development food governance health housing husbandry information
        management planning position progress rebellion religion resources revolt rule science
        sector survey trade transport uprising water insurgence races breeding jute
        affairs kingdom monarcy monarchy meeting""".split():
    DROP_HEADS[_w] = "event or abstraction"
for _w in """naval islamic jewish naturalized retired supreme led state-owned semi-official
        aerospace""".split():
    DROP_HEADS[_w] = "adjective"
for _w in """especiales federale nationale""".split():
    DROP_HEADS[_w] = "foreign-language name"
DROP_HEADS["manafacture"] = "misspelling"

# Nouns for people. (Words ending in -er, -or, -ist, -ian, -man, -ee also count, unless listed
# elsewhere.)
PERSON_HEADS = set("""
abbot academic academician landlord archbishop archimandrite archpriest burglar athlete
constituent candidate citizen tenant paramilitary activist actor adm. admiral adviser advisor advocate agent aide
airman ambassador anglican assailant attorney attorney-general autocrat bandit barrister
bishop blackmailer boss brigaider brigand buddhist bureaucrat businessperson cantor capt.
captain caregiver ceo chairman chancellor chief cleric clergyman cmdr. col. colonel colonist
combatant commandant commander commando commissioner congressman conman constable consul
consultant convict corporal correspondent councilor counsel counsellor counsellor-at-law
counselor criminal crook crusader culprit cutpurse cyberdissident d'affaires dean defector
defender delegate demonstrator dentist deputy deserter despot detainee detective dictator
diplomat director dissenter dissident doc doctor economist editor editorialist educatee
educator elector emissary emperor empress engineer ens. ensign enterpreneur entrepreneur
envoy executive exile expatriate expert extremist felon fighter filmaker firefighter fireman
fisherman forger foster-nurse fundamentalist gangster gaolbird gen. general generalissimo
governor grade grader granger guard guerilla guerrilla gun gunman gunslinger hardliner hasid
hasidim head headmaster hebrew herdsman hierarch hiker hindu historian hitman hugger husbandman
imam immigrant insurgent insurrectionist intellectual investigator investor islamist jailbird
janjaweed jew jg journalist judge justice kanidurgu kidnaper kidnapper killer kindergartner
king kingpin laborer labourer lady lawbreaker lawgiver lawmaker lawman lawyer leader lecturer
legate legislator lieutenant lord lt. maj. magistrate mafioso malefactor manager marauder
marshal mayor medic medico member mendicant mercenary merchant midwife migrant militant
militiaman minister minister minst minster miscreant missionary mobster monarch monger monk
moslem mp mugger mule mullah murderer muslim mutineer nanny narco-terrorist narco-trafficker
neurosurgeon newspaperman newswriter non-combatant non-native non-resident noncombatant nurse
nursemaid objector observer offcial offical officer official operative outlaw owner paedophile
parliamentarian passenger peasant peddler pedophile perpetrator photographer physician
picketer pickpocket pilferer pilgrim pillager pirate pleader plotter plunderer pm politician
potentate practitioner preacher predator prelate premier president priest prince prisoner
privateer professional professor prosecutor protester provider pupil pusher rabbi radical
raider rancher ranger rapist reactionary rebel recreant reformer reformist refugee
repatriate reporter representative reservist resident returnee rioter robber rover ruler
rumrunner runner rustler sadhu safebreaker safecracker saint salafi scholar schooler
schoolteacher scientist seaman secretary seeker senator separatist sergeant servant
serviceman settler sharecropper sheriff shopkeeper shoplifter sightseer smuggler snatcher
snitcher sociologist sodbuster soldier source sovereign speaker specialist spokesman spy
steelworker stipendiary student sublieutenant sunni supporter surgeon teacher terrorist thief
tinginist tourer tourist townsperson trader trafficker traffiker trainer traitor traveler
traveller triggerman trooper turncoat tycoon tyrant undersecretary unitarian urologist victim
vip voter wahhabi waiter waitress warden warrior worshiper worshipper writer bird
mp christian maronite
""".split())

# Collective and mass nouns: one group per country.
COLLECTIVE_HEADS = set("""
police government administration cabinet parliament congress senate legislature judiciary
military army navy infantry artillery regime junta opposition leadership presidency politburo
presidium praesidium duma bureaucracy clergy media press intelligence personnel staff soldiery
gendarmerie gendarmery gendermarie resistance electorate enforcement security crime insurgency
youth labor labour industry industr mafia maffia gangdom gangland rabble mob polity
troop troops paratroops marines rangers janjaweed echelon establishment diaspora apparatus
intelligentsia chancery judicature judicatory procuratorate consistory people townspeople
reserve reserves mukhabarat mukabarat muhabarat community corps
""".split())

# Countable bodies.
BODY_HEADS = set("""
agency alliance assembly assemblage association authority authorit band bank battalion body
board branch brigade bureau business cartel center centre chamber chancellery church clique
coalition college command commission committee company compan conglomerate contractor corp
corporation council court department dept deparment detachment diocese archdiocese employer
enterprise exchange exporter faction federation firm force forces front gang garrison group
guard hospital house infirmary institution manufacturer maker mission movement ngo office
organisation organization org outlet party patrol patrols phalanx producer regiment savings
school secretariat secretariate service services society squad station syndicate system
tribunal union unit university wing automaker carmaker steelmaker airline militia milita
newspaper daily gazette magazine tabloid television tv radio publication blog website
publisher telecom embassy consulate representation network ministry delegation minority
agrobusiness loan advisory regulator
""".split())

COMPANY_HEADS = set("""
company compan firm corporation corp conglomerate enterprise manufacturer maker producer
exporter automaker carmaker steelmaker airline savings exchange business industry industr
contractor employer telecom agrobusiness loan
""".split())

MEDIA_HEADS = set("""
media press newspaper daily gazette magazine tabloid television tv radio publication blog
website outlet publisher
""".split())
MEDIA_PHRASES = {"news agency", "wire service", "radio station", "news station",
                 "internet site", "web site", "news service"}

PARTY_HEADS = {"party", "parties"}

# Person nouns of a government-type sector that are no public office: private professions, and
# a prisoner of war.
PRIVATE_HEADS = set("""
lawyer attorney barrister counsel counsellor counselor counsellor-at-law advocate conveyancer
pleader prisoner
""".split())

# Phrases whose head noun is of another kind than the table says ("maker" of a coup is a person).
PHRASE_KIND = {"coup maker": "person"}

# Government bodies named by their function: one per country ("foreign ministry").
FUNCTION_HEADS = set("""
ministry minist department dept deparment bureau commission committee council office authority
authorit agency service services board secretariat secretariate chancellery force forces
guard command
""".split())
UNIQUE_WORDS = set("""
national supreme central constitutional high foreign ruling interim provisional caretaker
transitional royal reserve
""".split())
MEDIA_UNIQUE_WORDS = {"state", "official", "state-run", "state-owned", "state run"}

PERSON_SUFFIXES = ("er", "or", "ist", "ian", "man", "ee", "person")

# Old stems (PETRARCH matched them as prefixes): the words they stand for.
STEMS = {
    "minist": ["minister", "ministers", "ministry", "ministries"],
    "compan": ["company", "companies"],
    "authorit": ["authority", "authorities"],
    "industr": ["industry", "industries"],
}
IRREGULAR_PLURALS = {"child": "children"}
# Misspelt plurals given in the dictionary.
PLURAL_FIXES = {"midwive": "midwives"}


def plural_of(word):
    """The regular English plural of a word."""
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if word.endswith("man"):
        return word[:-3] + "men"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def singulars(word):
    """Possible singular forms of a plural word (most specific first)."""
    out = []
    if word.endswith("men"):
        out.append(word[:-3] + "man")
    if word.endswith("ies"):
        out.append(word[:-3] + "y")
    if word.endswith("ves"):
        out.extend([word[:-3] + "fe", word[:-3] + "f"])
    if word.endswith("es"):
        out.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        out.append(word[:-1])
    if word == "children":
        out.append("child")
    if word == "thieves":
        out.append("thief")
    return out


def looks_plural(word):
    """Is this (last) word already a plural?"""
    if word in {"police", "media", "personnel", "clergy", "military", "staff", "press",
                "intelligence", "enforcement", "security", "troops", "paratroops", "marines",
                "rangers", "hasidim", "janjaweed", "children", "women", "men", "people"}:
        return True
    if word.endswith("men") and word not in {"amen", "specimen", "regimen"}:
        return True
    return (word.endswith("s") and not word.endswith(("ss", "us", "is", "ous", "ics"))
            and word not in {"news", "savings", "chancellors", "corps", "series", "affairs",
                             "arms", "barracks", "especiales"})


def head_of(words):
    """The head noun of a phrase (lowercase words)."""
    if len(words) > 1 and words[-1] in POSTPOSED:
        return words[-2], len(words) - 2
    for i, w in enumerate(words):
        if i > 0 and w in HEAD_BREAKERS:
            return words[i - 1], i - 1
    return words[-1], len(words) - 1


def classify(head):
    """(kind, lemma, plural) of a head noun: kind is person, collective, body or drop."""
    def kind_of(w):
        if w in DROP_HEADS:
            return "drop"
        if w in COLLECTIVE_HEADS:
            return "collective"
        if w in BODY_HEADS:
            return "body"
        if w in PERSON_HEADS:
            return "person"
        return None

    k = kind_of(head)
    if k:
        # "forces", "patrols": a listed plural whose singular is listed too
        plural = k in ("person", "body") and looks_plural(head) and any(
            kind_of(s) == k for s in singulars(head))
        return k, head, plural
    for s in singulars(head):
        k = kind_of(s)
        if k:
            return k, s, True
    if head.endswith(PERSON_SUFFIXES):
        return "person", head, False
    for s in singulars(head):
        if s.endswith(PERSON_SUFFIXES):
            return "person", s, True
    return None, head, False


def type_and_scope(kind, lemma, is_plural, words, sector, titles):
    """The entity type and scope of a phrase (see the module documentation)."""
    text = " ".join(words)
    primary = sector[:3]
    if kind == "person" and not is_plural:
        official_title = text in titles or lemma in titles
        official = (primary in GOV_SECTORS or official_title) and lemma not in PRIVATE_HEADS
        return ("Official" if official else "Person"), "article"
    in_media = kind != "person" and (lemma in MEDIA_HEADS or any(
        text.endswith(p) or text.endswith(p + "s") for p in MEDIA_PHRASES))
    if lemma in PARTY_HEADS:
        etype = "Organization"
    elif in_media:
        etype = "MediaOutlet"
    elif kind == "person":
        # a group of people: "officials", "soldiers" (Agency); "rebels", "investors", "lawyers"
        gov = primary in GOV_SECTORS and lemma not in PRIVATE_HEADS
        etype = "Agency" if gov else "Organization"
    elif primary == "MED":
        etype = "MediaOutlet"
    elif primary in GOV_SECTORS and not sector.startswith("GOVBUS"):
        etype = "Agency"  # "fire company" is a fire brigade
    elif lemma in COMPANY_HEADS or primary == "BUS":
        etype = "Company"
    elif primary in GOV_SECTORS:
        etype = "Agency"  # GOVBUS: "national bank", "trade delegation"
    else:
        etype = "Organization"
    if kind == "body" and not is_plural:
        unique = (
            any(w in UNIQUE_WORDS for w in words)
            or (len(words) > 1 and lemma in FUNCTION_HEADS and primary in GOV_SECTORS)
            or primary == "LEG"  # a chamber of the legislature
            or (in_media and any(w in MEDIA_UNIQUE_WORDS for w in words))
        )
        return etype, ("country" if unique else "article")
    return etype, "country"


def read_titles(path):
    """Official titles of data/lexicons/titles.tsv (lowercase)."""
    out = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 2 and cols[1].strip() == "official":
                out.add(cols[0].strip().lower())
    return out


def words_of(phrase):
    """Lowercase words of a dictionary phrase ('_' and blanks between words)."""
    p = phrase.replace("AD!MINIST!R", "ADMINISTR").strip().lower()
    p = p.replace(",", " , ").replace("'s_", " 's ").replace("'s ", " 's ")
    words = []
    for w in re.split(r"[_\s]+", p):
        if len(w) > 1 and w.endswith("'"):  # "workers'": the apostrophe is a token of its own
            words.extend([w[:-1], "'"])
        elif w:
            words.append(w)
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    return words


def expand(phrase, subs):
    """Every phrase a record stands for, substitution sets put in place."""
    m = re.search(r"!([A-Z]+)!", phrase)
    if not m:
        return [phrase]
    if m.group(1) not in subs:
        raise ValueError(f"unknown substitution set !{m.group(1)}!")
    out = []
    for member in subs[m.group(1)]:
        out.extend(expand(phrase[: m.start()] + member + phrase[m.end():], subs))
    return out


def read_records(path):
    """(line, phrase, plural or None, code, substitution sets) of every record of the dictionary
    and then of `SUPPLEMENT` (line numbers go on past the dictionary's), and what was skipped."""
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    lines += SUPPLEMENT.strip().splitlines()
    subs, records, skipped = {}, [], []
    for n, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if "!" in line and "=" in line:
            name, _, members = line.partition("=")
            subs[name.strip().strip("!")] = [m.strip() for m in members.split(",") if m.strip()]
            continue
        if "[" not in line:
            skipped.append((n, line, "no code"))
            continue
        phrase, _, rest = line.partition("[")
        code = rest.partition("]")[0].strip()
        plural = None
        if "{" in phrase:
            phrase, _, p = phrase.partition("{")
            plural = p.partition("}")[0].strip()
        records.append((n, phrase.strip(), plural, code, subs))
    return records, skipped


def forms(phrase, plural, subs):
    """The words of the singular and plural forms of a record (stems and substitution sets
    expanded)."""
    out = []
    if "!" in phrase:
        for p in expand(phrase.replace("AD!MINIST!R", "ADMINISTR"), subs):
            out.append(words_of(p))
        return out
    words = words_of(phrase)
    if not words:
        return out
    stem = next((i for i, w in enumerate(words) if w in STEMS), None)
    if stem is not None:
        return [words[:stem] + [w] + words[stem + 1:] for w in STEMS[words[stem]]]
    out.append(words)
    stopped = phrase.rstrip().endswith("_")
    head, at = head_of(words)
    if plural is not None:
        if plural:
            out.append(words_of(PLURAL_FIXES.get(plural.lower(), plural)))
    elif at < len(words) - 1 and not stopped:
        # "minister of finance" -> "ministers of finance", "envoy extraordinary" -> "envoys ..."
        if not looks_plural(head) and not head.endswith("."):
            out.append(words[:at] + [plural_of(head)] + words[at + 1:])
    elif not stopped and not looks_plural(words[-1]) and not words[-1].endswith("."):
        out.append(words[:-1] + [plural_of(words[-1])])
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input", nargs="?", default=os.path.join(
        root, "..", "shared", "data", "petrarch2-dictionaries", "Phoenix.agents.txt"))
    ap.add_argument("-o", "--output", default=os.path.join(root, "data", "lexicons", "agents.tsv"))
    ap.add_argument("--titles", default=os.path.join(root, "data", "lexicons", "titles.tsv"))
    ap.add_argument("--report", action="store_true", help="print what was dropped and why")
    args = ap.parse_args()

    titles = read_titles(args.titles)
    records, skipped = read_records(args.input)
    rows = {}  # phrase -> (sector, type, scope, line)
    dropped = []
    unknown = []
    conflicts = 0
    for n, phrase, plural, code, subs in records:
        if code.endswith("~") or not code.startswith("~"):
            dropped.append((n, phrase, f"prefix code {code}: not attached to a country"))
            continue
        sector = code[1:].strip().rstrip("}")  # one record has "[~ENV}"
        if not re.fullmatch(r"[A-Z]{3}(?:[A-Z]{3})*", sector):
            dropped.append((n, phrase, f"malformed code {code}"))
            continue
        record_forms = forms(phrase, plural, subs)
        whole = next((DROP_PHRASES[" ".join(w)] for w in record_forms
                      if " ".join(w) in DROP_PHRASES), None)
        if whole is not None and "!" not in phrase:
            # a generic word drops its plural too ("girl", "girls")
            for words in record_forms:
                dropped.append((n, " ".join(words), whole))
            continue
        for words in record_forms:
            text = " ".join(words)
            if not text.isascii():
                dropped.append((n, text, "not ASCII (mis-encoded)"))
                continue
            if "(" in text or ")" in text:
                dropped.append((n, text, "parenthesis"))
                continue
            if "/" in text or re.search(r"\d", text):
                dropped.append((n, text, "model name (vehicle or weapon) or numbered rank"))
                continue
            if text in DROP_PHRASES:
                dropped.append((n, text, DROP_PHRASES[text]))
                continue
            if words[-1] in FRAGMENT_ENDS:
                dropped.append((n, text, "fragment of a longer pattern"))
                continue
            head, _ = head_of(words)
            kind, lemma, is_plural = classify(head)
            base = " ".join(record_forms[0])
            kind = PHRASE_KIND.get(base, kind)
            if kind is None:
                unknown.append((n, text, head))
                continue
            if kind == "drop":
                dropped.append((n, text, DROP_HEADS.get(lemma, "dropped head")))
                continue
            etype, scope = type_and_scope(kind, lemma, is_plural, words, sector, titles)
            row = (sector, etype, scope, n)
            old = rows.get(text)
            if old is None:
                rows[text] = row
            elif old[:3] != row[:3]:
                conflicts += 1
                if old[0][:3] not in GOV_SECTORS and sector[:3] in GOV_SECTORS:
                    rows[text] = row
    if unknown:
        for n, text, head in unknown:
            print(f"{args.input}:{n}: {text!r}: unknown head noun {head!r} (add it to a table)",
                  file=sys.stderr)
        return 1

    out = []
    out.append("# newsgraph agent lexicon: nouns for actors that belong to a country (\"police\",")
    out.append("# \"rebels\", \"foreign minister\"), each with its CAMEO sector and the entity it yields.")
    out.append("# The `agents` stage makes \"Chinese police\" / \"police from China\" one entity of the")
    out.append("# article (scope country: one per country, across articles; scope article: one unnamed")
    out.append("# person or body, only in this article), typed as here, with the country's ISO code.")
    out.append("#")
    out.append("# Tab-separated columns:")
    out.append("# phrase\tsector\ttype\tscope")
    out.append("#   phrase: lowercase words, matched word for word (case-insensitively) on the tokens;")
    out.append("#           singular and plural forms are separate lines")
    out.append("#   sector: CAMEO agent code added after the actor's country code (CHN + COP = CHNCOP)")
    out.append("#   type:   Official, Person, Agency, Company, MediaOutlet or Organization")
    out.append("#   scope:  country or article (see above)")
    out.append("#")
    out.append("# Generated by scripts/phoenix_agents.py from Phoenix.agents.txt (the PETRARCH 2 agent")
    out.append("# dictionary of the Open Event Data Alliance, https://github.com/openeventdata/petrarch2):")
    out.append("# substitution sets expanded, plurals formed, generic words (man, people, person, ...),")
    out.append("# things, places, events and international agents (IGO~) dropped; see the script for")
    out.append("# the rules. Not in Phoenix, added by newsgraph (the script's SUPPLEMENT): official,")
    out.append("# officials, opposition, forces, leader, leaders, delegation, delegations, negotiator,")
    out.append("# negotiators, marine corps. Do not edit by hand: change the script and run it again.")
    out.append("#")
    out.append("# The dictionary's licence:")
    out.append("#")
    out.append("# The MIT License (MIT)")
    out.append("#")
    out.append("# Copyright (c) 2014 Open Event Data Alliance")
    out.append("#")
    out.append("# Permission is hereby granted, free of charge, to any person obtaining a copy")
    out.append("# of this software and associated documentation files (the \"Software\"), to deal")
    out.append("# in the Software without restriction, including without limitation the rights")
    out.append("# to use, copy, modify, merge, publish, distribute, sublicense, and/or sell")
    out.append("# copies of the Software, and to permit persons to whom the Software is")
    out.append("# furnished to do so, subject to the following conditions:")
    out.append("#")
    out.append("# The above copyright notice and this permission notice shall be included in")
    out.append("# all copies or substantial portions of the Software.")
    out.append("#")
    out.append("# THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR")
    out.append("# IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,")
    out.append("# FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE")
    out.append("# AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER")
    out.append("# LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,")
    out.append("# OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN")
    out.append("# THE SOFTWARE.")
    counts = {}
    for text in sorted(rows):
        sector, etype, scope, _ = rows[text]
        counts[etype] = counts.get(etype, 0) + 1
        out.append(f"{text}\t{sector}\t{etype}\t{scope}")
    with open(args.output, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    print(f"{args.output}: {len(rows)} phrases ({summary}); {len(dropped)} forms dropped, "
          f"{len(skipped)} records without a code, {conflicts} conflicting duplicates",
          file=sys.stderr)
    if args.report:
        for n, text, why in skipped + dropped:
            print(f"dropped\t{n}\t{text}\t{why}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
