use super::*;

fn cameo() -> &'static Cameo {
    Cameo::builtin()
}

/// The best reading of `form` with the clause split at the verb.
fn read(form: &str, before: &str, after: &str) -> Option<CameoMatch> {
    let before: Vec<&str> = before.split_whitespace().collect();
    let after: Vec<&str> = after.split_whitespace().collect();
    cameo().classify(form, &before, &after).map(|(_, m)| m)
}

/// The verb of `form` whose lemma is `lemma`.
fn verb(form: &str, lemma: &str) -> VerbId {
    let c = cameo();
    *c.verbs(form)
        .iter()
        .find(|&&v| c.lemma(v) == lemma)
        .unwrap_or_else(|| {
            panic!(
                "{form} is no form of {lemma}: {:?}",
                c.verbs(form)
                    .iter()
                    .map(|&v| c.lemma(v))
                    .collect::<Vec<_>>()
            )
        })
}

#[test]
fn the_shipped_file_parses_with_sane_counts() {
    let counts = Cameo::parse(BUILTIN_TSV)
        .expect("cameo.tsv parses")
        .counts();
    assert!(counts.blocks >= 350, "{counts:?}");
    assert!(counts.verbs >= 1500, "{counts:?}");
    assert!(counts.forms >= 6000, "{counts:?}");
    assert!(counts.patterns >= 4000, "{counts:?}");
    assert!(counts.sets >= 35, "{counts:?}");
    assert!(counts.codes >= 200, "{counts:?}");
    assert_eq!(cameo().counts(), counts);
}

#[test]
fn criticise_in_every_spelling_is_an_accusation() {
    for form in [
        "criticised",
        "criticized",
        "criticising",
        "criticizes",
        "criticise",
    ] {
        let m = read(form, "france", "the deal").unwrap_or_else(|| panic!("{form}: no code"));
        assert_eq!(
            (m.root, m.plover, m.pattern),
            (11, Some("ACCUSE"), None),
            "{form}: {m:?}"
        );
        assert!(m.code.starts_with("11"), "{form}: {m:?}");
    }
    assert_eq!(
        read("denounced", "", "the attack").map(|m| m.code),
        Some("111")
    );
}

#[test]
fn met_is_consultation() {
    let c = cameo();
    assert!(!c.verbs("met").is_empty());
    let m = read("met", "the president", "the prime minister").expect("met");
    assert_eq!(
        (m.code, m.root, m.plover),
        ("040", 4, Some("CONSULT")),
        "{m:?}"
    );
    // "meet with": the multi-word verb is preferred and consumes "with"
    let (v, m) = c
        .classify("met", &["merkel"], &["with", "macron"])
        .expect("met with");
    assert_eq!((c.lemma(v), m.consumed, m.code), ("meet with", 1, "040"));
}

#[test]
fn signing_a_peace_agreement_is_057() {
    let c = cameo();
    let sign = verb("signed", "sign");
    let m = c
        .code(sign, &["the", "two", "sides"], &["a", "peace", "agreement"])
        .expect("signed");
    // `{peace &treaty}`: "peace" then a member of &treaty, two words, beats `&treaty` alone
    assert_eq!(
        (m.code, m.reverse, m.plover, m.words),
        ("057", Some("057"), Some("AGREE"), 2),
        "{m:?}"
    );
    assert_eq!(m.pattern, Some("* {peace &treaty}"));
    // a plural member of the set
    let m = c
        .code(sign, &[], &["two", "accords"])
        .expect("signed accords");
    assert_eq!((m.code, m.pattern), ("057", Some("* &treaty")));
}

#[test]
fn a_verb_of_a_null_block_codes_only_through_patterns() {
    let c = cameo();
    let sign = verb("signed", "sign");
    assert_eq!(c.code(sign, &["he"], &["the", "letter"]), None);
    assert_eq!(read("signed", "he", "the letter"), None);
    // a `---` pattern blocks the block's default: "faced" is 040, "faced a run-off" nothing
    assert_eq!(
        read("faced", "the", "the president").map(|m| m.code),
        Some("040")
    );
    assert_eq!(read("faced", "the president", "a run-off"), None);
}

#[test]
fn multi_word_verbs_need_their_further_words() {
    let c = cameo();
    let carry = verb("carried", "carry out");
    let m = c
        .code(carry, &["rebels"], &["out", "an", "attack"])
        .expect("carried out an attack");
    assert_eq!(
        (m.code, m.consumed, m.pattern),
        ("190", 1, Some("* attack")),
        "{m:?}"
    );
    // a plural of the head of `{air strike}`
    let m = c
        .code(carry, &[], &["out", "air", "strikes"])
        .expect("carried out air strikes");
    assert_eq!((m.code, m.words), ("195", 2));
    // "out" must follow the verb at once
    assert_eq!(c.code(carry, &[], &["an", "attack", "out"]), None);
    // "called off the election": the block's default is `---`, "call off" has its own 160
    let m = read("called", "", "off the election").expect("called off");
    assert_eq!(
        (m.code, m.consumed, m.plover),
        ("160", 1, Some("SANCTION")),
        "{m:?}"
    );
    // without "off", "called" is the CALL block's 041:041
    assert_eq!(
        read("called", "", "the minister").map(|m| (m.code, m.consumed)),
        Some(("041", 0))
    );
}

#[test]
fn synonym_sets_and_specificity() {
    // ACCELERATE: `* &food` [073]; "groceries" is the regular plural of a member
    assert_eq!(read("rushed", "", "groceries").map(|m| m.code), Some("073"));
    // `* (to border)` [154] (2 words) beats `* (to)` [042:043]; `* police (to border)` [153]
    // (3 words) beats both; the words need not be adjacent
    assert_eq!(
        read("rushed", "", "troops to the northern border").map(|m| m.code),
        Some("154")
    );
    assert_eq!(
        read("rushed", "", "police to the border").map(|m| m.code),
        Some("153")
    );
    let m = read("rushed", "", "to the capital").expect("rushed to");
    assert_eq!((m.code, m.reverse), ("042", Some("043")));
    // a set before the verb: `&military *` [154]
    assert_eq!(read("rushed", "the army", "").map(|m| m.code), Some("154"));
    assert_eq!(read("rushed", "the fans", ""), None);
    // order matters: "border ... to" is no `(to border)`
    assert_eq!(
        read("rushed", "", "border guards to the capital").map(|m| m.code),
        Some("042")
    );
}

#[test]
fn passive_codes_and_markers() {
    // APPEAR: `* (before court)` [:173]: the subject undergoes the event
    let m = read("appeared", "the suspect", "before a military court").expect("appeared");
    assert_eq!((m.code, m.passive, m.reverse), ("173", true, None), "{m:?}");
    let m = read("faced", "the minister", "harsh criticism").expect("faced criticism");
    assert_eq!((m.code, m.passive, m.plover), ("111", true, Some("ACCUSE")));
    // MOVE: `&military * (to +) &stronghold (in $)`
    let c = cameo();
    let (_, m) = c
        .classify(
            "moved",
            &["troops"],
            &["to", "the", "outpost", "in", "the", "south"],
        )
        .expect("moved");
    assert_eq!(m.pattern, Some("&military * (to +) &stronghold (in $)"));
    assert_eq!(
        m.target,
        Some(Mark {
            side: Side::After,
            prep: Some("to")
        })
    );
    assert_eq!(
        m.source,
        Some(Mark {
            side: Side::After,
            prep: Some("in")
        })
    );
    // `+ * rocket` (FOIL) and `* troop toward +` show bare markers
    let (_, m) = c
        .classify("moved", &[], &["troop", "toward", "the", "border"])
        .expect("moved toward");
    assert_eq!(
        m.target,
        Some(Mark {
            side: Side::After,
            prep: Some("toward")
        })
    );
}

#[test]
fn parse_errors_name_the_line() {
    let bad = "C\t111\t11\tACCUSE\nB\tx\t111\nV\tx\t\t\tx\nP\t999\t* y\n";
    let err = Cameo::parse(bad).err().expect("unknown code");
    assert!(err.contains("line 4") && err.contains("999"), "{err}");
    let err = Cameo::parse("C\t111\t11\tACCUSE\nB\tx\t111\nP\t111\t* (y\n")
        .err()
        .expect("pattern before verbs is fine, brackets are not");
    assert!(err.contains("line 3"), "{err}");
    let err = Cameo::parse("C\t111\t11\tACCUSE\nB\tx\t111\nP\t111\t* &nothing\n")
        .err()
        .expect("undefined set");
    assert!(err.contains("line 3") && err.contains("&nothing"), "{err}");
    assert!(Cameo::parse("X\tfoo\n")
        .err()
        .expect("bad record")
        .contains("line 1"));
}

#[test]
fn plurals_and_spellings_of_pattern_words() {
    assert!(plurals("ally").contains(&"allies".to_string()));
    assert!(plurals("sanction").contains(&"sanctions".to_string()));
    assert!(plurals("embargo").contains(&"embargoes".to_string()));
    assert!(noun_forms("defense").contains(&"defences".to_string()));
    assert!(noun_forms("favor").contains(&"favour".to_string()));
    assert!(noun_forms("centre").contains(&"centers".to_string()));
    assert!(noun_forms("dialogue").contains(&"dialog".to_string()));
    // APPEAR: `* (in favor)`; "favour" is the British spelling
    assert_eq!(
        read("appeared", "", "in favour of the plan").map(|m| m.code),
        Some("050")
    );
}

#[test]
fn every_code_has_a_root_and_class() {
    let c = cameo();
    assert_eq!(c.plover("0874"), Some("RETREAT"));
    assert_eq!(c.plover("057"), Some("AGREE"));
    assert_eq!(c.plover("051"), Some("SUPPORT"));
    assert_eq!(c.plover("010"), None);
    for (code, &(root, _)) in &c.codes {
        assert_eq!(code[..2].parse::<u8>().ok(), Some(root), "{code}");
    }
}
