//! Unit tests of the relations stage, over the standard pipeline.

use crate::pipeline::testing::{relations, run};

#[test]
fn coordination_never_relates_an_entity_to_itself() {
    let d = run("China said it would partner with Brazil, Russia, India, China and South Africa.");
    let r = relations(&d);
    assert_eq!(r.len(), 4, "{r:?}");
    assert!(
        r.iter()
            .all(|(s, p, o, neg)| s == "China" && *p == "partnersWith" && o != "China" && !neg),
        "{r:?}"
    );
}

#[test]
fn negation_and_passive_voice() {
    let d = run("Canada did not oppose Mexico on the issue.");
    assert_eq!(
        relations(&d),
        vec![("Canada".into(), "opposes", "Mexico".into(), true)]
    );
    let d = run("Google was criticised by France over the deal.");
    assert_eq!(
        relations(&d),
        vec![("France".into(), "opposes", "Google".into(), false)]
    );
}

use crate::document::Modality;

/// Each relation of `text`, with its subject's and object's names, as `f` makes it.
fn each<T>(text: &str, f: impl Fn(&crate::document::Relation, String, String) -> T) -> Vec<T> {
    let d = run(text);
    d.relations
        .iter()
        .map(|r| {
            let name = |e: usize| d.entities[e].name.clone();
            f(r, name(r.subject), name(r.object))
        })
        .collect()
}

/// (subject, predicate, object, negated, event class, modality, confidence) by entity name.
type Full = (
    String,
    &'static str,
    String,
    bool,
    &'static str,
    Modality,
    f32,
);

fn full(text: &str) -> Vec<Full> {
    each(text, |r, s, o| {
        (
            s,
            r.predicate.local_name(),
            o,
            r.negated,
            r.event_class,
            r.modality,
            r.confidence,
        )
    })
}

/// (subject, predicate, object) of the positive relations.
fn edges(text: &str) -> Vec<(String, &'static str, String)> {
    relations(&run(text))
        .into_iter()
        .filter(|r| !r.3)
        .map(|(s, p, o, _)| (s, p, o))
        .collect()
}

fn edge(s: &str, p: &'static str, o: &str) -> (String, &'static str, String) {
    (s.to_string(), p, o.to_string())
}

/// Each text gives exactly its one edge, (subject, predicate, object) by name.
#[track_caller]
fn assert_one_edge_each(cases: &[(&str, (&str, &'static str, &str))]) {
    for &(text, (sub, pred, obj)) in cases {
        assert_eq!(edges(text), vec![edge(sub, pred, obj)], "{text}");
    }
}

#[test]
fn ties_restored_and_broken_with_a_gap() {
    let r = full("Headline\n\nNorway restored full diplomatic ties with Chile on Monday.");
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(
        (r[0].0.as_str(), r[0].1, r[0].2.as_str()),
        ("Norway", "partnersWith", "Chile")
    );
    // CAMEO's reading: restoring relations is diplomatic cooperation (05)
    assert_eq!(r[0].4, "SUPPORT");
    let r = full("Headline\n\nPeru has severed its relations with Bolivia.");
    assert_eq!(
        (r[0].0.as_str(), r[0].1, r[0].2.as_str(), r[0].4),
        ("Peru", "opposes", "Bolivia", "SANCTION"),
        "{r:?}"
    );
    assert_eq!(
        edges("Headline\n\nKenya signed a new trade accord with Ghana in Accra."),
        vec![edge("Kenya", "partnersWith", "Ghana")]
    );
    // two countries renewing ties with each other, no "with"
    assert_eq!(
        edges("Headline\n\nAustria and Hungary have renewed diplomatic ties after a long break."),
        vec![edge("Austria", "partnersWith", "Hungary")]
    );
    // a gap holds no clause: "signed it and then" is no accord
    assert!(edges(
        "Headline\n\nKenya signed the letter and then an accord with Ghana was drafted."
    )
    .is_empty());
}

#[test]
fn a_group_whose_members_are_named_is_no_party_of_its_own() {
    let mut e = edges(
        "Headline\n\nKenya has signed deals with two Ghanaian airlines - Air Volta \
                       and Kingfisher.",
    );
    e.sort();
    assert_eq!(
        e,
        vec![
            edge("Kenya", "partnersWith", "Air Volta"),
            edge("Kenya", "partnersWith", "Kingfisher"),
        ]
    );
}

#[test]
fn a_nominal_cue_in_the_plural() {
    // "deals", "treaties", "embargoes": the plural of a listed noun is the same cue
    assert_eq!(
        edges("Headline\n\nKenya has signed two trade deals with Ghana."),
        vec![edge("Kenya", "partnersWith", "Ghana")]
    );
    assert_eq!(
        edges("Headline\n\nPeru and Chile signed three treaties in Lima."),
        vec![edge("Peru", "partnersWith", "Chile")]
    );
    let r = full("Headline\n\nNorway imposed embargoes on Belarus last year.");
    assert_eq!(
        (r[0].0.as_str(), r[0].1, r[0].2.as_str()),
        ("Norway", "opposes", "Belarus"),
        "{r:?}"
    );
    // a plural listed as such is its own cue, and its singular is none ("a strike")
    assert!(edges("Headline\n\nKenya's dockers went on a strike with Ghana's.").is_empty());
}

#[test]
fn allies_critics_and_opponents_named_by_a_noun() {
    // the party the noun describes holds the stance toward the noun's "of", possessor or
    // the name before it
    assert_one_edge_each(&[
        (
            "Headline\n\nKenya is Ghana's closest ally in the region.",
            ("Kenya", "partnersWith", "Ghana"),
        ),
        (
            "Headline\n\nMarta Ulvaeus, a fierce critic of Vladimir Putin, was jailed.",
            ("Marta Ulvaeus", "opposes", "Vladimir Putin"),
        ),
        (
            "Headline\n\nKremlin critic Boris Amadeyev was arrested in Moscow on Monday.",
            ("Boris Amadeyev", "opposes", "Kremlin"),
        ),
        (
            "Headline\n\nThe post will be filled by Henrik Lobato - a key ally of Tony Blair.",
            ("Henrik Lobato", "partnersWith", "Tony Blair"),
        ),
    ]);
    // no holder named: no edge ("Brown's closest ally has denied ..."); a partner of a firm
    // works there
    assert!(edges("Headline\n\nGordon Brown's closest ally has denied the reports.").is_empty());
    assert!(
        edges("Headline\n\nHenrik Lobato, a partner of Deloitte, said the audit was done.")
            .is_empty()
    );
}

#[test]
fn the_maker_of_a_plan_or_policy_is_its_target() {
    // a modifier of a stance noun names whose stance it is; of a thing, no one
    assert!(
        edges("Headline\n\nKenya criticised the Ghanaian plans on fishing.")
            .contains(&edge("Kenya", "opposes", "Ghana"))
    );
    assert!(edges("Headline\n\nKenya praised Ghanaian films at the festival.").is_empty());
}

#[test]
fn a_pronoun_that_opens_a_clause_stands_for_the_one_named_before() {
    assert_eq!(
        edges(
            "Headline\n\nChancellor Ada Lundqvist arrived in Accra on Monday. She accused Ghana \
             of lying."
        ),
        vec![edge("Ada Lundqvist", "opposes", "Ghana")]
    );
    // a sentence that names only the other side is read too
    assert_eq!(
        edges("Headline\n\nKenya has lost money on the loan. It sued Ghana in May."),
        vec![edge("Kenya", "opposes", "Ghana")]
    );
    // through a pronoun of the same kind that opens the sentence before
    assert_eq!(
        edges(
            "Headline\n\nChancellor Ada Lundqvist arrived in Accra on Monday. She visited a \
             school. In the evening she accused Ghana of lying."
        ),
        vec![edge("Ada Lundqvist", "opposes", "Ghana")]
    );
    // a pronoun in quoted words is the speaker's to resolve; one after another person named
    // in its own sentence is ambiguous
    assert!(edges(
        "Headline\n\nChancellor Ada Lundqvist arrived in Accra on Monday. \"She accused Ghana \
         of lying,\" an aide said."
    )
    .is_empty());
    assert!(edges(
        "Headline\n\nChancellor Ada Lundqvist arrived in Accra on Monday. After Per Olsen left, \
         he accused Ghana of lying."
    )
    .is_empty());
}

#[test]
fn a_relative_clause_read_as_a_conjunct_adds_no_party() {
    // the parser hangs "Bill Gates" on "Zentavo" as a conjunct; "which" says it is a clause
    assert_eq!(
        edges(
            "Headline\n\nKenya has signed a content deal with video recorder company Zentavo, \
             which Bill Gates also showcased in his keynote speech at CES."
        ),
        vec![edge("Kenya", "partnersWith", "Zentavo")]
    );
}

#[test]
fn disputes_rows_and_feuds_and_the_pronoun_that_owns_them() {
    // "its", "her": the one named before
    assert_one_edge_each(&[
        (
            "Headline\n\nNorway's settlement of its long dispute with Chile was welcomed.",
            ("Norway", "opposes", "Chile"),
        ),
        (
            "Headline\n\nChancellor Ada Lundqvist has renewed her feud with Marta Ulvaeus.",
            ("Ada Lundqvist", "opposes", "Marta Ulvaeus"),
        ),
    ]);
    // the setting of a conflict, as of talks: the passive verb's subject
    assert_one_edge_each(&[(
        "Headline\n\nKenya is locked in a row with Ghana over fishing rights.",
        ("Kenya", "opposes", "Ghana"),
    )]);
    // a row of things is none
    assert!(edges("Headline\n\nKenya beat Ghana for the third time in a row.").is_empty());
}

#[test]
fn what_a_negated_verb_governs_is_not_asserted() {
    // the verb of the clause says nothing either way: no edge
    assert!(edges(
        "Headline\n\nHowever, the move did not mean that Norway had cut its ties with Chile, \
         he added."
    )
    .is_empty());
    assert!(edges("Headline\n\nThe report did not say that Norway had hacked Chile.").is_empty());
    // a denial negates it, for a cue outside the CAMEO lexicon too
    let r = relations(&run(
        "Headline\n\nOfficials denied that Norway had teamed up with Chile.",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(r[0].3, "{r:?}");
    // sharing intelligence is cooperation (CAMEO 064)
    assert_one_edge_each(&[(
        "Headline\n\nNorway shared intelligence with Chile on Monday.",
        ("Norway", "partnersWith", "Chile"),
    )]);
}

#[test]
fn sums_of_money_written_short_leave_the_clause_whole() {
    // "£40m", "$5bn": the number and its magnitude are two words, as in UD; read as one
    // unknown word they broke the parse and the deal had no parties
    assert_one_edge_each(&[
        (
            "Headline\n\nNorway's £40m deal with Chile has given Peru food for thought.",
            ("Norway", "partnersWith", "Chile"),
        ),
        (
            "Headline\n\nKenya signed a $5bn deal with Ghana on Friday.",
            ("Kenya", "partnersWith", "Ghana"),
        ),
    ]);
}

#[test]
fn an_employer_before_a_title_and_a_name_is_no_party() {
    // the club is the striker's, not the one accused
    let e = edges(
        "Headline\n\nArsene Wenger was fined for accusing Dynamo Vestby striker Piet Olsen of \
         cheating.",
    );
    assert!(!e.iter().any(|(_, _, o)| o == "Dynamo Vestby"), "{e:?}");
}

#[test]
fn a_thing_between_two_makes_them_no_parties() {
    // flights between two countries are no act of either toward the other; a deal is
    assert!(edges(
        "Headline\n\nThe airline said the decision to suspend flights between Kenya and Ghana \
         was difficult."
    )
    .is_empty());
    assert!(
        edges("Headline\n\nNorway brokered a deal between Kenya and Ghana.").contains(&edge(
            "Kenya",
            "partnersWith",
            "Ghana"
        ))
    );
}

#[test]
fn meetings_visits_and_supplies() {
    let r = full("Headline\n\nChancellor Ada Lundqvist visited Argentina last week.");
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(
        (r[0].1, r[0].2.as_str(), r[0].4),
        ("partnersWith", "Argentina", "CONSULT")
    );
    let r = full("Headline\n\nBrazil will supply Ecuador with wheat.");
    assert_eq!(
        (r[0].0.as_str(), r[0].2.as_str(), r[0].4, r[0].5),
        ("Brazil", "Ecuador", "COOPERATE", Modality::Intended),
        "{r:?}"
    );
    let r = full("Headline\n\nSweden provided humanitarian aid to Nepal in May.");
    assert_eq!(
        (r[0].0.as_str(), r[0].2.as_str(), r[0].4),
        ("Sweden", "Nepal", "AID"),
        "{r:?}"
    );
    // several actors meeting: each with the others
    let mut e = edges("Headline\n\nAustria, Hungary and Slovenia met on Monday.");
    e.sort();
    assert_eq!(
        e,
        vec![
            edge("Austria", "partnersWith", "Hungary"),
            edge("Austria", "partnersWith", "Slovenia"),
            edge("Hungary", "partnersWith", "Slovenia"),
        ]
    );
    // meeting a target, not an actor
    assert!(edges("Headline\n\nAustria met its deficit target on Monday.").is_empty());
}

#[test]
fn sport_news_has_no_visits_or_clashes() {
    let text = "Headline\n\nItaly host France on Saturday. The coach named his squad for the \
                match and the league leaders play at the stadium. Germany clash with Spain in \
                the cup final.";
    assert!(edges(text).is_empty(), "{:?}", edges(text));
}

#[test]
fn armed_attacks_and_verbal_clashes() {
    let r = full("Headline\n\nChile fired two artillery shells at Peru on Thursday.");
    assert_eq!(
        (r[0].0.as_str(), r[0].1, r[0].2.as_str(), r[0].4),
        ("Chile", "opposes", "Peru", "ASSAULT"),
        "{r:?}"
    );
    // the troops and forces are actors of their own, attached to their countries
    let r = full("Headline\n\nEgyptian troops clashed with Libyan forces near the border.");
    assert_eq!(
        (r[0].0.as_str(), r[0].2.as_str(), r[0].4),
        ("Egyptian troops", "Libyan forces", "ASSAULT"),
        "{r:?}"
    );
    let r = full("Headline\n\nFinance minister Ruth Hallam clashed with Defence minister Piet Orme over the budget.");
    assert_eq!(
        (r[0].0.as_str(), r[0].2.as_str(), r[0].4),
        ("Ruth Hallam", "Piet Orme", "ACCUSE"),
        "{r:?}"
    );
}

#[test]
fn demonyms_and_titles_before_a_name_are_modifiers() {
    assert_eq!(
        edges("Headline\n\nThe envoy Mara Quist met with Syrian President Omar Haddad on Tuesday."),
        vec![edge("Mara Quist", "partnersWith", "Omar Haddad")]
    );
    assert_eq!(
        edges(
            "Headline\n\nSenator Lia Brandt criticised Canada's foreign minister Paul Ostrander."
        ),
        vec![edge("Lia Brandt", "opposes", "Paul Ostrander")]
    );
    // "warned that ...": a new clause, not an object
    assert!(edges("Headline\n\nSenator Lia Brandt warned that Canada would suffer.").is_empty());
}

#[test]
fn nominalised_objects() {
    assert_eq!(
        edges("Headline\n\nThe Irish government condemned an attack by Moldovan soldiers near the border."),
        vec![edge("Irish government", "opposes", "Moldovan soldiers")]
    );
    assert_eq!(
        edges("Headline\n\nPeru welcomed the resumption of formal diplomatic ties with Chile."),
        vec![edge("Peru", "partnersWith", "Chile")]
    );
    assert_eq!(
        edges("Headline\n\nTalks between Austria and Hungary resumed on Monday."),
        vec![edge("Austria", "partnersWith", "Hungary")]
    );
}

#[test]
fn passive_voice_with_adverbs_and_without_agent() {
    assert_eq!(
        edges("Headline\n\nKenya was fiercely opposed by Uganda in the vote."),
        vec![edge("Uganda", "opposes", "Kenya")]
    );
    assert_eq!(
        edges("Headline\n\nKenya was opposed earlier by Uganda."),
        vec![edge("Uganda", "opposes", "Kenya")]
    );
    // no agent: nobody is said to oppose Kenya, and Kenya opposes nothing
    assert!(relations(&run(
        "Headline\n\nKenya was heavily criticised over the plan."
    ))
    .is_empty());
    assert_eq!(
        relations(&run("Headline\n\nKenya was not criticised by Uganda.")),
        vec![("Uganda".into(), "opposes", "Kenya".into(), true)]
    );
}

#[test]
fn capitals_and_seats_of_government_before_a_cue() {
    assert_eq!(
        edges("Headline\n\nNairobi on Monday condemned Kampala's decision to close the border."),
        vec![edge("Kenya", "opposes", "Uganda")]
    );
    assert_eq!(
        edges("Headline\n\nWashington security officials are about to restore ties with Cuba."),
        vec![edge("United States", "partnersWith", "Cuba")]
    );
    // a capital ending the sentence after the cue
    assert_eq!(
        edges("Headline\n\nSantiago on Friday fired three mortar shells at Lima."),
        vec![edge("Chile", "opposes", "Peru")]
    );
    // a place where people protest is not its government; its officials are
    assert!(
        !edges("Headline\n\nStudents in Nairobi condemned Uganda on Monday.")
            .iter()
            .any(|(s, _, _)| s == "Kenya")
    );
    assert_eq!(
        edges("Headline\n\nOfficials in Nairobi restored ties with Uganda on Monday."),
        vec![edge("Kenya", "partnersWith", "Uganda")]
    );
}

#[test]
fn claims_keep_a_low_confidence_and_wishes_make_no_edge() {
    let r = full("Headline\n\nChile claimed that Peru had attacked Bolivia.");
    assert_eq!(
        (r[0].0.as_str(), r[0].2.as_str()),
        ("Peru", "Bolivia"),
        "{r:?}"
    );
    assert!(r[0].6 < 0.5, "{r:?}");
    assert_eq!(r[0].5, Modality::Reported, "{r:?}");
    // a wish of one party that another act is no act of either
    let r = full("Headline\n\nChile wants Peru to attack Bolivia.");
    assert!(
        !r.iter().any(|x| x.0 == "Peru" && x.2 == "Bolivia"),
        "{r:?}"
    );
    assert_eq!(
        relations(&run("Headline\n\nPeru did not restore ties with Chile.")),
        vec![("Peru".into(), "partnersWith", "Chile".into(), true)]
    );
    assert_eq!(
        relations(&run("Headline\n\nPeru denied that it had attacked Chile.")),
        vec![("Peru".into(), "opposes", "Chile".into(), true)]
    );
}

#[test]
fn subjects_stay_in_their_clause() {
    // a reported clause with its own subject
    assert!(
        edges("Headline\n\nMinister Lena Vossberg said firms had to work with Japan.").is_empty()
    );
    // a reporting parenthetical is no clause of its own
    assert_eq!(
        edges("Headline\n\nPeru, the minister said, is keen to work with Chile."),
        vec![edge("Peru", "partnersWith", "Chile")]
    );
    // an organisation inside an apposition is not the subject
    assert_eq!(
        edges("Headline\n\nAna Ruiz, a senior adviser at the World Bank, criticised Chile."),
        vec![edge("Ana Ruiz", "opposes", "Chile")]
    );
    // a relative clause of place
    assert!(
        edges("Headline\n\nHe flew home from Canada, where he met President Lorne Baxter.")
            .is_empty()
    );
    // sharing a view is no agreement; a capitalised cue is part of a name
    assert!(
        edges("Headline\n\nSenator Lia Brandt agreed with Canada's view on the matter.").is_empty()
    );
    assert!(edges("Headline\n\nShe spoke with Aid minister Tom Rell and Japan.").is_empty());
}

/// (subject, predicate, object, negated, CAMEO code, modality) of a relation.
type Coded = (
    String,
    &'static str,
    String,
    bool,
    Option<&'static str>,
    Modality,
);

/// Every relation of `text`, coded.
fn coded(text: &str) -> Vec<Coded> {
    each(text, |r, s, o| {
        (
            s,
            r.predicate.local_name(),
            o,
            r.negated,
            r.code,
            r.modality,
        )
    })
}

#[test]
fn arguments_come_from_the_parse() {
    // a relative clause: the noun it modifies is the subject
    assert_eq!(
        edges("Headline\n\nNorway, which has long criticised Chile, stayed silent on Monday."),
        vec![edge("Norway", "opposes", "Chile")]
    );
    // a nominalisation: the possessor acts, "of" names the target
    assert_eq!(
        edges("Headline\n\nPeru's condemnation of Bolivia surprised no one."),
        vec![edge("Peru", "opposes", "Bolivia")]
    );
    // actors inside a noun phrase meeting each other: the officials of each country
    assert_eq!(
        edges("Headline\n\nOfficials from Japan and South Korea met in Tokyo on Monday."),
        vec![edge(
            "Japanese officials",
            "partnersWith",
            "South Korean officials"
        )]
    );
    // coordination on both sides
    let mut e = edges("Headline\n\nChile and Peru condemned Bolivia and Ecuador.");
    e.sort();
    assert_eq!(
        e,
        vec![
            edge("Chile", "opposes", "Bolivia"),
            edge("Chile", "opposes", "Ecuador"),
            edge("Peru", "opposes", "Bolivia"),
            edge("Peru", "opposes", "Ecuador"),
        ]
    );
}

#[test]
fn control_reported_speech_and_wishes() {
    // the subject of "agreed" is the subject of "restore"; what is agreed is intended
    let r = coded("Headline\n\nChile agreed to restore diplomatic ties with Peru.");
    assert!(
        r.iter().any(|x| (x.0.as_str(), x.1, x.2.as_str(), x.5)
            == ("Chile", "partnersWith", "Peru", Modality::Intended)),
        "{r:?}"
    );
    // a pronoun in what a country says is that country
    let r = coded("Headline\n\nChile said it would impose sanctions on Peru.");
    assert!(
        r.iter()
            .any(|x| (x.0.as_str(), x.1, x.2.as_str()) == ("Chile", "opposes", "Peru")),
        "{r:?}"
    );
    // one party wishing another to act: no act of either
    let r = coded("Headline\n\nChile urged Peru to attack Bolivia with its army.");
    assert!(
        !r.iter().any(|x| x.0 == "Peru" && x.2 == "Bolivia"),
        "{r:?}"
    );
}

#[test]
fn hypotheticals_questions_and_negation_from_the_tree() {
    // a condition is no assertion
    let r = coded("Headline\n\nIf Chile attacks Peru with its army, Bolivia will respond.");
    assert!(!r.iter().any(|x| x.0 == "Chile" && x.2 == "Peru"), "{r:?}");
    // nor is a question
    assert!(coded("Headline\n\nWill Chile sanction Peru?").is_empty());
    // negation of the verb, and of a verb it is the complement of
    let r = coded("Headline\n\nChile did not condemn Peru.");
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(r[0].3, "{r:?}");
    let r = coded("Headline\n\nChile refused to meet Peru's president.");
    assert!(r.iter().all(|x| x.3), "{r:?}");
}

#[test]
fn what_one_was_right_or_first_to_do_is_done() {
    let r =
        coded("Headline\n\nTom Reed said Labour was right to reject the Tories' plan for quotas.");
    let labour = r
        .iter()
        .find(|x| x.0 == "Labour Party" && x.2 == "Conservative Party")
        .unwrap_or_else(|| panic!("{r:?}"));
    assert_eq!(labour.5, crate::document::Modality::Asserted, "{r:?}");
}

#[test]
fn the_programme_a_criticism_was_made_on_is_no_party() {
    let r = coded("Headline\n\nTom Reed criticised the plan on Radio Clyde's morning programme.");
    assert!(!r.iter().any(|x| x.2 == "Radio Clyde"), "{r:?}");
    assert!(
        r.iter()
            .any(|x| x.0 == "Tom Reed" && x.1 == "opposes" && x.2 == "plan"),
        "{r:?}"
    );
}

#[test]
fn what_someone_is_accused_of_is_no_edge_but_the_accusation_is() {
    let r = coded(
        "Headline\n\nSenator Tom Reed has been accused of criticising Governor Ann Morrow in a private speech.",
    );
    assert!(
        !r.iter().any(|x| x.0 == "Tom Reed" && x.2 == "Ann Morrow"),
        "{r:?}"
    );
    let r = coded("Headline\n\nGovernor Ann Morrow accused Tom Reed of attacking her plan.");
    assert!(
        r.iter()
            .any(|x| (x.0.as_str(), x.1, x.2.as_str()) == ("Ann Morrow", "opposes", "Tom Reed")),
        "{r:?}"
    );
}

#[test]
fn statements_keep_their_cameo_code() {
    let r = coded("Headline\n\nPeru was condemned by Chile on Monday.");
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!((r[0].0.as_str(), r[0].2.as_str()), ("Chile", "Peru"));
    let code = r[0].4.expect("a CAMEO code");
    assert!(code.starts_with("11") || code.starts_with("12"), "{code}");
    // "faced criticism from X": CAMEO's passive reading, X is the source
    let r = coded("Headline\n\nPeru faced criticism from Chile over the dam.");
    assert!(
        r.iter()
            .any(|x| (x.0.as_str(), x.1, x.2.as_str()) == ("Chile", "opposes", "Peru")),
        "{r:?}"
    );
}

#[test]
fn cannot_negates_like_not() {
    // "cannot" is two syntactic words, "can" and "not", as UD English writes it
    let text = "Headline\n\nBut Norway says it cannot support Chile's plan to cut tariffs.";
    assert!(edges(text).is_empty(), "{:?}", full(text));
    assert!(
        full(text)
            .iter()
            .any(|r| r.0 == "Norway" && r.1 == "partnersWith" && r.2 == "Chile" && r.3),
        "{:?}",
        full(text)
    );
    // "was unable to" negates like "failed to"
    let text = "Headline\n\nKenya was unable to agree terms with Ghana.";
    assert!(edges(text).is_empty(), "{:?}", full(text));
    assert!(full(text)
        .iter()
        .any(|r| r.0 == "Kenya" && r.2 == "Ghana" && r.3));
}

#[test]
fn a_bar_negates_and_suing_opposes() {
    assert_eq!(
        edges("Headline\n\nThe Arvane Group is suing Norway over the pipeline."),
        vec![edge("Arvane Group", "opposes", "Norway")]
    );
    let barred = "Headline\n\nThe Arvane Group has been barred from suing Norway.";
    assert!(edges(barred).is_empty(), "{:?}", full(barred));
    // a possibility is no act, nor a plan
    let maybe = "Headline\n\nCritics fear that Chile may be taken over by Norway.";
    assert!(edges(maybe).is_empty(), "{:?}", full(maybe));
}

#[test]
fn a_list_naming_one_side_of_talks_holds_no_partners() {
    // the countries after the dash are the consumers, one side of the talks
    let text =
        "Oil\n\nThe agreements were sealed after talks in Lima between Andean producers and \
                Europe's biggest energy consumers - Norway, Sweden, Finland and Denmark.";
    assert!(edges(text).is_empty(), "{:?}", edges(text));
}

#[test]
fn a_person_and_the_firm_they_hold_a_post_in_are_one_side() {
    // (a chief executive is no political actor, so "met" would be no edge: meetings are coded
    // between political actors; a deal is coded between any)
    let text = "Deal\n\nThe minister attended a meeting between Maren Solvik, Zentavo's chief \
                executive, and bankers from Norway. Zentavo chief executive Maren Solvik signed \
                a deal with Statoil.";
    let e = edges(text);
    assert!(!e.iter().any(|r| r.2 == "Zentavo"), "{e:?}");
    assert!(
        e.contains(&edge("Maren Solvik", "partnersWith", "Statoil")),
        "{e:?}"
    );
}

#[test]
fn verbs_that_state_no_act_between_two_make_no_edge() {
    // echoing comments agrees; facing a challenge is no meeting; mocking stays disapproval
    let text = "Row\n\nThe Norwegian government echoed Chile's comments on Monday. The European \
                Commission is facing two legal challenges from Norway. Norway mocked Chile as a \
                nation of bankers.";
    assert_eq!(edges(text), vec![edge("Norway", "opposes", "Chile")]);
}

#[test]
fn the_name_right_before_a_verb_is_its_subject_not_the_first_clauses() {
    // the greedy parser hangs "Maren Solvik" on "kicked" and leaves "dismissed" without a
    // subject; the parse stage gives it back
    let text = "Campaign\n\nAs Tory leader Alan Brisket kicked off his election campaign, the \
                Green Party leader Maren Solvik dismissed Labour as a fading force.";
    assert_eq!(
        edges(text),
        vec![edge("Maren Solvik", "opposes", "Labour Party")]
    );
}

#[test]
fn an_unnamed_subject_is_nobody_named() {
    // the tree reads "prosecutors" as the subject: the name before it did not blame anyone
    let text = "Headline\n\nIn papers filed before Mr Vane's sentencing, prosecutors blamed the \
                Orlan Corporation for the losses.";
    assert!(edges(text).is_empty(), "{:?}", edges(text));
    // nor the name before a comma when a plural noun stands right before the cue (the
    // parser reads "blamed" as a modifier of "sentencing" here, so the surface cues decide)
    let text = "Headline\n\nTom Akers was jailed. In papers filed in an Ohio court ahead of \
                Mr Akers' sentencing, prosecutors blamed Airbus' managers for failing to act.";
    assert!(edges(text).is_empty(), "{:?}", edges(text));
    // nor is "it" the person who reports it
    let text = "Headline\n\nThe Harbour Fund has lost money on the loan. Ann Roe, its \
                spokeswoman, said it would sue the Delta Group.";
    assert!(
        !edges(text).iter().any(|(s, _, _)| s == "Ann Roe"),
        "{:?}",
        edges(text)
    );
    // a plural that takes up the names before it is not unnamed
    let text = "Headline\n\nMarking a warmer spell between Peru and Chile, the two countries \
                have signed a fishing accord with Ecuador.";
    let e = edges(text);
    assert!(
        e.contains(&edge("Peru", "partnersWith", "Ecuador")),
        "{e:?}"
    );
    assert!(
        e.contains(&edge("Chile", "partnersWith", "Ecuador")),
        "{e:?}"
    );
}

#[test]
fn a_forecast_in_sport_is_no_support() {
    let text = "Rugby\n\nRovers captain Tom Hale, in London for the charity match, also backed \
                New Zealand to win the three-Test series against the Lions. The coach named his \
                squad for the match.";
    assert!(edges(text).is_empty(), "{:?}", edges(text));
    // in politics it is
    let text = "Headline\n\nNegotiators said the European Union backed Ukraine to join the World \
                Trade Organisation.";
    assert!(edges(text).contains(&edge("European Union", "partnersWith", "Ukraine")));
}

#[test]
fn ventures_mergers_and_working_together_are_partnerships() {
    let e = edges("Headline\n\nEricsson has formed a joint venture with Sony to make handsets.");
    assert!(
        e.contains(&edge("Ericsson", "partnersWith", "Sony")),
        "{e:?}"
    );
    let e = edges("Headline\n\nThe board approved Vodafone's merger with Mannesmann.");
    assert!(
        e.contains(&edge("Vodafone", "partnersWith", "Mannesmann")),
        "{e:?}"
    );
    // two that agree to work together: an intent between them
    let r = full(
        "Headline\n\nNokia and Sierra Wireless recently agreed to work together on new \
                  phones.",
    );
    assert!(
        r.iter().any(|x| x.0 == "Nokia"
            && x.1 == "partnersWith"
            && x.2 == "Sierra Wireless"
            && x.5 == Modality::Intended),
        "{r:?}"
    );
}

#[test]
fn the_agent_of_an_act_after_a_preposition_is_the_counterpart() {
    let e = edges("Headline\n\nLast week, Lumos agreed to a takeover by Vodafone.");
    assert!(
        e.contains(&edge("Lumos", "partnersWith", "Vodafone")),
        "{e:?}"
    );
    // a name inside the phrase that is no agent of it is not
    let e = edges(
        "Headline\n\nBaikal promptly passed into the hands of the state-controlled firm Rosneft.",
    );
    assert!(e.is_empty(), "{e:?}");
    // a name read as a vocative before its verb is its subject
    let e = edges("Headline\n\nRosneft, meanwhile, has agreed to merge with Gazprom.");
    assert!(
        e.contains(&edge("Rosneft", "partnersWith", "Gazprom")),
        "{e:?}"
    );
}

#[test]
fn a_nominal_cue_takes_the_modal_of_its_verb() {
    let r = full(
        "Headline\n\nA merger between Nokia and Siemens would be the biggest deal this \
                  year.",
    );
    assert!(
        r.iter()
            .all(|x| x.1 != "partnersWith" || x.5 == Modality::Intended),
        "{r:?}"
    );
    assert!(!r.is_empty(), "{r:?}");
}

#[test]
fn parties_that_agree_are_partners() {
    for text in [
        "Headline\n\nPortugal and Norway agreed to expand fishing quotas.",
        "Headline\n\nPortugal and Norway have agreed on a plan to expand fishing quotas.",
        "Headline\n\nPortugal and Norway agree that the quotas should be expanded.",
    ] {
        let r = full(text);
        assert!(
            r.iter().any(|x| x.0 == "Portugal"
                && x.1 == "partnersWith"
                && x.2 == "Norway"
                && x.4 == "AGREE"
                && x.5 == Modality::Intended),
            "{text}: {r:?}"
        );
    }
    // two private people who share an opinion made no agreement with each other
    let e = edges("Headline\n\nPeter Hollis and Anna Berg agreed that the film was too long.");
    assert!(e.is_empty(), "{e:?}");
}

#[test]
fn talks_set_beside_a_verb_are_its_subjects() {
    for text in [
        "Headline\n\nGerhard Schroeder flew to Madrid for talks with Jose Maria Aznar.",
        "Headline\n\nGerhard Schroeder spoke to reporters after a meeting with Jose Maria Aznar.",
    ] {
        let e = edges(text);
        assert!(
            e.contains(&edge(
                "Gerhard Schröder",
                "partnersWith",
                "Jose Maria Aznar"
            )),
            "{text}: {e:?}"
        );
    }
    // a phrase that sets no talks, only a place, makes no partner of the subject
    let e = edges("Headline\n\nGerhard Schroeder spoke to reporters after a visit to a factory.");
    assert!(e.is_empty(), "{e:?}");
}

#[test]
fn a_verb_that_pursues_a_deal_or_talks_lets_the_noun_state_them() {
    for text in [
        "Headline\n\nBoeing secured a deal with Lufthansa last week.",
        "Headline\n\nBoeing won a contract with Lufthansa.",
    ] {
        let e = edges(text);
        assert!(
            e.contains(&edge("Boeing", "partnersWith", "Lufthansa")),
            "{text}: {e:?}"
        );
    }
    // sought, not made: an intent
    let r = full("Headline\n\nBoeing proposed a merger with Lufthansa.");
    assert!(
        r.iter().any(|x| x.0 == "Boeing"
            && x.1 == "partnersWith"
            && x.2 == "Lufthansa"
            && x.5 == Modality::Intended),
        "{r:?}"
    );
    // two that deepen a partnership, each with the other
    let e = edges("Headline\n\nChile and Peru want to deepen their partnership in mining.");
    assert!(e.contains(&edge("Chile", "partnersWith", "Peru")), "{e:?}");
    // a merger of two, proposed by a third, is between the two
    let e = edges("Headline\n\nThe ministry proposed the merger of Boeing and Lufthansa.");
    assert_eq!(e, vec![edge("Boeing", "partnersWith", "Lufthansa")]);
    // ending a partnership is no partnership
    let e = edges("Headline\n\nBoeing ended its partnership with Lufthansa.");
    assert!(e.is_empty(), "{e:?}");
}

#[test]
fn an_amount_given_in_aid_names_its_receiver() {
    let r = full("Headline\n\nNorway pledged $40m in aid to Haiti after the storm.");
    assert!(
        r.iter()
            .any(|x| x.0 == "Norway" && x.1 == "partnersWith" && x.2 == "Haiti"),
        "{r:?}"
    );
}

#[test]
fn fines_sanction_and_those_who_cooperate_are_partners() {
    let r = full("Headline\n\nOfcom fined the BBC over the phone-in quiz.");
    assert!(
        r.iter()
            .any(|x| x.0 == "Ofcom" && x.1 == "opposes" && x.2 == "BBC" && x.4 == "COERCE"),
        "{r:?}"
    );
    let r = full("Headline\n\nBoeing and Lufthansa will cooperate on the new engine.");
    assert!(
        r.iter().any(|x| x.0 == "Boeing"
            && x.1 == "partnersWith"
            && x.2 == "Lufthansa"
            && x.4 == "COOPERATE"),
        "{r:?}"
    );
}

#[test]
fn two_that_team_up_for_a_purpose_are_partners() {
    let e = edges("Headline\n\nBoeing and Lufthansa have teamed up to develop a quieter engine.");
    assert!(
        e.contains(&edge("Boeing", "partnersWith", "Lufthansa")),
        "{e:?}"
    );
}

#[test]
fn an_agreement_reached_is_made_not_intended() {
    let r = full("Headline\n\nBoeing reached an agreement with Lufthansa to end the dispute.");
    assert!(
        r.iter().any(|x| x.0 == "Boeing"
            && x.1 == "partnersWith"
            && x.2 == "Lufthansa"
            && x.5 == Modality::Asserted),
        "{r:?}"
    );
    // one only hoped for stays an intent
    let r = full("Headline\n\nBoeing hopes to reach an agreement with Lufthansa.");
    assert!(
        r.iter()
            .all(|x| x.1 != "partnersWith" || x.5 == Modality::Intended),
        "{r:?}"
    );
}

#[test]
fn a_government_body_and_its_own_country_are_one_side() {
    for text in [
        "Headline\n\nThe Kremlin still backs Russia's traditional energy policy.",
        "Headline\n\nThe White House still backs America's traditional energy policy.",
    ] {
        let e = edges(text);
        assert!(e.is_empty(), "{text}: {e:?}");
    }
}

#[test]
fn a_warning_against_an_act_is_a_threat_and_advice_is_none() {
    for text in [
        "Headline\n\nThe EU warned Belarus against expelling the monitors.",
        "Headline\n\nThe EU warned Belarus not to expel the monitors.",
    ] {
        let r = full(text);
        assert!(
            r.iter().any(|x| x.0 == "European Union"
                && x.1 == "opposes"
                && x.2 == "Belarus"
                && x.4 == "THREATEN"),
            "{text}: {r:?}"
        );
    }
    let e = edges("Headline\n\nThe EU warned Belarus that the harvest could be poor.");
    assert!(e.is_empty(), "{e:?}");
}

#[test]
fn the_person_named_after_a_title_acts_not_the_titles_party() {
    let e = edges(
        "Headline\n\nLabour's minister for pensions Anna Berg accused the Greens of \
         misleading voters.",
    );
    assert!(
        e.iter().any(|x| x.0 == "Anna Berg" && x.1 == "opposes"),
        "{e:?}"
    );
    assert!(e.iter().all(|x| x.0 != "Labour Party"), "{e:?}");
}

#[test]
fn one_of_the_acting_group_named_again_is_no_counterpart() {
    let e = edges(
        "Headline\n\nChile and Peru have however declined the offer, with Chile preferring \
         to keep up its payments.",
    );
    assert!(e.is_empty(), "{e:?}");
}

#[test]
fn a_power_to_act_is_no_act_and_a_quick_one_is_done() {
    // what one can do is a power, not an intent nor an act
    let e = edges("Headline\n\nBrazil, which can veto any such plan, said little.");
    assert!(e.is_empty(), "{e:?}");
    let e =
        edges("Headline\n\nA ruling which the IOC can now contest at the Court of Arbitration.");
    assert!(e.is_empty(), "{e:?}");
    // "was quick to back" states the backing, done
    let r = full("Headline\n\nThe minister Ana Costa was quick to give her backing to Lufthansa.");
    assert!(
        r.iter().any(|x| x.0 == "Ana Costa"
            && x.1 == "partnersWith"
            && x.2 == "Lufthansa"
            && x.5 == Modality::Asserted),
        "{r:?}"
    );
}

#[test]
fn a_show_of_force_is_no_edge_between_its_parties() {
    // CAMEO root 15 (exhibit force posture: mobilise, put on alert, "join ... to fight") says
    // how one side arms itself, not that it opposes whom it joins or calls up; the other
    // hostile roots and the cooperative ones keep their families
    use super::tree::family;
    use crate::document::Predicate;
    for code in ["150", "154", "155"] {
        assert_eq!(family(code), None, "{code}");
    }
    assert_eq!(family("111"), Some(Predicate::Opposes));
    assert_eq!(family("173"), Some(Predicate::Opposes));
    assert_eq!(family("042"), Some(Predicate::PartnersWith));
}

#[test]
fn a_nominal_cue_carried_by_an_irregular_light_verb_is_read() {
    // "has" and "had" are forms of "have", which only carries the noun
    for text in [
        "Nintendo has a deal with Philips that lets players rent games.",
        "Nintendo had an alliance with Philips until 1993.",
    ] {
        let d = run(text);
        assert_eq!(
            relations(&d),
            vec![("Nintendo".into(), "partnersWith", "Philips".into(), false)],
            "{text}"
        );
    }
}

#[test]
fn a_deal_struck_is_an_agreement_not_a_blow() {
    let r = each("Nintendo has struck a deal with Philips.", |r, s, o| {
        (s, r.predicate.local_name(), o, r.event_class)
    });
    assert_eq!(
        r,
        vec![("Nintendo".into(), "partnersWith", "Philips".into(), "AGREE")]
    );
}

#[test]
fn partners_and_allies_named_by_a_copula() {
    let d = run("Russia is Ukraine's strategic partner, the minister said.");
    assert_eq!(
        relations(&d),
        vec![("Russia".into(), "partnersWith", "Ukraine".into(), false)]
    );
    let d = run("France and Germany are close allies.");
    assert_eq!(
        relations(&d),
        vec![("France".into(), "partnersWith", "Germany".into(), false)]
    );
    // a person's partner is no alliance, and a partner of a firm works there
    for text in [
        "Tom Hanks is Julia Roberts's partner in the film.",
        "John Smith is a partner of Deloitte.",
    ] {
        assert!(relations(&run(text)).is_empty(), "{text}");
    }
}

#[test]
fn a_title_with_the_stands_for_its_one_holder_named_before() {
    let d = run(
        "Prime Minister Tony Blair and Chancellor Gordon Brown met on Monday. Tory leader Michael \
         Howard accused the prime minister of squabbling. The chancellor criticised Michael Howard.",
    );
    let r = relations(&d);
    for edge in [
        ("Michael Howard", "opposes", "Tony Blair"),
        ("Gordon Brown", "opposes", "Michael Howard"),
    ] {
        assert!(
            r.iter()
                .any(|(s, p, o, _)| (s.as_str(), *p, o.as_str()) == edge),
            "{edge:?}: {r:?}"
        );
    }
    // a deputy is not the one the title names
    let d =
        run("Deputy Mayor Nicky Gavron spoke first. The mayor accused Oliver Finegold of lying.");
    assert!(relations(&d).is_empty(), "{:?}", relations(&d));
}

#[test]
fn the_name_apposed_to_an_object_noun_is_the_object_not_its_possessor() {
    let d = run("The head of Lloyd's criticised Britain's financial watchdog, the FSA, on Monday.");
    let r = relations(&d);
    assert!(
        r.iter()
            .any(|(_, p, o, _)| *p == "opposes" && o == "Financial Services Authority"),
        "{r:?}"
    );
    assert!(!r.iter().any(|(_, _, o, _)| o == "United Kingdom"), "{r:?}");
}

#[test]
fn rejecting_a_claim_opposes_its_owner_and_a_discussed_tie_is_a_topic() {
    let d = run("Michael Howard rejected the BNP's claim on Tuesday.");
    assert_eq!(
        relations(&d),
        vec![("Michael Howard".into(), "opposes", "BNP".into(), false)]
    );
    let d = run("Readers met online to discuss relations between India and Pakistan.");
    assert!(relations(&d).is_empty(), "{:?}", relations(&d));
}

#[test]
fn talks_reported_under_a_declined_comment_are_still_talks() {
    let d = run(
        "Mr Hobbs declined to be drawn on reports that Barclays had held merger talks with US \
         bank Wells Fargo.",
    );
    assert_eq!(
        relations(&d),
        vec![(
            "Barclays".into(),
            "partnersWith",
            "Wells Fargo".into(),
            false
        )]
    );
}

#[test]
fn nouns_that_are_cues_only_with_their_preposition() {
    for (text, edge) in [
        (
            "Tony Blair's support for George Bush angered Labour MPs.",
            ("Tony Blair", "partnersWith", "George Bush"),
        ),
        (
            "China announced a crackdown on Falun Gong.",
            ("China", "opposes", "Falun Gong"),
        ),
        (
            "Paul Drayson's donation to the Labour Party was made public.",
            ("Paul Drayson", "partnersWith", "Labour Party"),
        ),
    ] {
        let r = relations(&run(text));
        assert!(
            r.iter()
                .any(|(s, p, o, _)| (s.as_str(), *p, o.as_str()) == edge),
            "{text}: {r:?}"
        );
    }
    // without it they say nothing of a counterpart
    let d = run("The case of Ivan Petrov was heard by the Court of Appeal.");
    assert!(relations(&d).is_empty(), "{:?}", relations(&d));
}

#[test]
fn a_supporter_backs_whom_he_supports_outside_sport() {
    let d =
        run("Tony Blair, a strong supporter of Israel, met the Labour Friends of Israel group.");
    assert!(
        relations(&d)
            .iter()
            .any(|(s, p, o, _)| s == "Tony Blair" && *p == "partnersWith" && o == "Israel"),
        "{:?}",
        relations(&d)
    );
}

#[test]
fn a_war_declared_on_a_country_opposes_it() {
    let d = run("Russia declared war on Georgia.");
    assert_eq!(
        relations(&d),
        vec![("Russia".into(), "opposes", "Georgia".into(), false)]
    );
}

#[test]
fn people_a_country_has_are_not_the_country() {
    let d = run("Michael Johnson has accused Britain's top sprinters of lacking pride.");
    assert!(relations(&d).is_empty(), "{:?}", relations(&d));
    // its officials are
    let d = run("Michael Howard has accused Iran's officials of lying.");
    let r = relations(&d);
    assert!(
        r.iter()
            .any(|(s, p, o, _)| s == "Michael Howard" && *p == "opposes" && o.contains("Iran")),
        "{r:?}"
    );
}

#[test]
fn a_person_and_the_body_named_in_their_title_are_one_side() {
    let d = run(
        "Officials attended a meeting between Ruhi Dogusoy, Turkcell's chief operating officer, \
         and executives from Israeli telecoms firms.",
    );
    let r = relations(&d);
    assert!(
        !r.iter()
            .any(|(s, _, o, _)| s == "Ruhi Dogusoy" && o == "Turkcell"
                || s == "Turkcell" && o == "Ruhi Dogusoy"),
        "{r:?}"
    );
}

#[test]
fn an_authority_investigating_a_party_opposes_it() {
    // the verb, and a probe or inquiry "into" a party, opened or led by an authority
    for text in [
        "The Securities and Exchange Commission is investigating Halvorsen Brokers over its accounts.",
        "The Securities and Exchange Commission has opened an investigation into Halvorsen Brokers.",
    ] {
        let r = relations(&run(text));
        assert!(
            r.iter().any(|(s, p, o, neg)| s == "Securities and Exchange Commission"
                && *p == "opposes"
                && o == "Halvorsen Brokers"
                && !neg),
            "{text}: {r:?}"
        );
    }
    // anyone else's inquiry is no edge, nor one into what a party owns or did
    for text in [
        "Halvorsen Brokers is investigating Microsoft over its prices.",
        "The Securities and Exchange Commission is investigating Apple's accounts.",
        "The Securities and Exchange Commission is investigating the murder of Tom Pearce.",
    ] {
        let r = relations(&run(text));
        assert!(
            r.iter().all(|(_, p, _, _)| *p != "opposes"),
            "{text}: {r:?}"
        );
    }
    // every party investigated, and a passive
    let r = relations(&run(
        "The Securities and Exchange Commission is investigating Barclays and HSBC.",
    ));
    assert_eq!(
        r.iter().filter(|(_, p, _, _)| *p == "opposes").count(),
        2,
        "{r:?}"
    );
    let r = relations(&run(
        "Halvorsen Brokers is being investigated by the Securities and Exchange Commission.",
    ));
    assert!(
        r.iter()
            .any(|(s, p, o, _)| s == "Securities and Exchange Commission"
                && *p == "opposes"
                && o == "Halvorsen Brokers"),
        "{r:?}"
    );
}

#[test]
fn a_legal_battle_with_a_party_and_cooperation_closely_with_one() {
    let r = relations(&run(
        "The Digital Rights Trust is locked in a legal battle with Apple over the leaked files.",
    ));
    assert!(
        r.iter()
            .any(|(s, p, o, _)| s == "Digital Rights Trust" && *p == "opposes" && o == "Apple"),
        "{r:?}"
    );
    let r = relations(&run(
        "Halvorsen Brokers said it was co-operating fully with the Financial Services Authority.",
    ));
    assert!(
        r.iter().any(|(s, p, o, _)| s == "Halvorsen Brokers"
            && *p == "partnersWith"
            && o == "Financial Services Authority"),
        "{r:?}"
    );
}

#[test]
fn joining_a_conflict_is_taking_a_side_against_its_counterpart() {
    let r = relations(&run(
        "The Digital Rights Trust has joined a legal battle against Apple.",
    ));
    assert!(
        r.iter()
            .any(|(s, p, o, _)| s == "Digital Rights Trust" && *p == "opposes" && o == "Apple"),
        "{r:?}"
    );
    assert!(r.iter().all(|(_, p, _, _)| *p != "partnersWith"), "{r:?}");
    // lifting sanctions ends a conflict: no hostility read from the noun
    let r = relations(&run(
        "The European Union agreed to lift its sanctions on Belarus.",
    ));
    assert!(r.iter().all(|(_, p, _, _)| *p != "opposes"), "{r:?}");
}

#[test]
fn advice_to_another_party_is_no_intent_of_that_party() {
    // what the reporter says another party should do is the reporter's advice
    let r = relations(&run(
        "The European Union said that the United States should back Ukraine's entry into the World Trade Organisation.",
    ));
    assert!(r.iter().all(|(s, _, _, _)| s != "United States"), "{r:?}");
    // also where the parse misses the verb and only the surface cue reads it
    let r = relations(&run(
        "In a joint statement, the EU said that the US should back Georgia's bid to join the World Trade Organisation.",
    ));
    assert!(r.iter().all(|(s, _, _, _)| s != "United States"), "{r:?}");
    // a control: what the US did is an edge
    let r = relations(&run(
        "The United States backed Georgia's bid to join the World Trade Organisation.",
    ));
    assert!(
        r.iter()
            .any(|(s, p, o, _)| s == "United States" && *p == "partnersWith" && o == "Georgia"),
        "{r:?}"
    );
    // the advice holds through a verb of intent ("should agree to back")
    let r = relations(&run(
        "The European Union said that the United States should agree to back Georgia's entry into the World Trade Organisation.",
    ));
    assert!(r.iter().all(|(s, _, _, _)| s != "United States"), "{r:?}");
    // a person may speak for the party: no veto
    let r = relations(&run(
        "Stephen Harper said Canada must cooperate with Mexico on the issue.",
    ));
    assert!(
        r.iter()
            .any(|(s, p, o, _)| s == "Canada" && *p == "partnersWith" && o == "Mexico"),
        "{r:?}"
    );
    // a party's own "should" stays its intent
    let r = relations(&run(
        "Canada said it should cooperate with Mexico on the issue.",
    ));
    assert!(
        r.iter()
            .any(|(s, p, o, _)| s == "Canada" && *p == "partnersWith" && o == "Mexico"),
        "{r:?}"
    );
}

#[test]
fn the_two_companies_are_the_last_two_named() {
    let text = "Halvorsen Brokers bought a 19% stake in Deutsche Bank last month. \
                The two companies signed a deal on Friday.";
    let r = relations(&run(text));
    assert!(
        r.iter().any(|(s, p, o, _)| *p == "partnersWith"
            && [s.as_str(), o.as_str()].contains(&"Halvorsen Brokers")
            && [s.as_str(), o.as_str()].contains(&"Deutsche Bank")),
        "{r:?}"
    );
    // a third party of the kind named between: ambiguous, nothing
    let r = relations(&run(
        "Halvorsen Brokers and Deutsche Bank reported record profits, analysts at Goldman Sachs said. \
         The two companies signed a deal on Friday.",
    ));
    assert!(
        r.iter()
            .all(|(s, _, o, _)| s != "Goldman Sachs" && o != "Goldman Sachs"),
        "{r:?}"
    );
    // one company named: "the two companies" may be others
    let r = relations(&run(
        "Halvorsen Brokers bought a stake last month. The two companies signed a deal with Apple on Friday.",
    ));
    assert!(
        r.iter().all(|(s, _, _, _)| s != "Halvorsen Brokers"),
        "{r:?}"
    );
}

#[test]
fn a_name_headed_by_its_honorific_is_the_party() {
    // the parser heads "Mr Halvorsen" with "Mr", which no mention holds
    assert_one_edge_each(&[
        (
            "Mr Lund praised Mr Ortega on Monday.",
            ("Lund", "partnersWith", "Ortega"),
        ),
        (
            "Mr Halvorsen held talks with his Peruvian counterpart, Maria Soto, on Monday.",
            ("Halvorsen", "partnersWith", "Maria Soto"),
        ),
    ]);
}

#[test]
fn a_name_hyphened_to_a_participle_is_its_agent() {
    // "Moscow-backed": the capital stands for its country's government
    let e = edges("Kenya condemned the Moscow-backed candidate Ivan Petrov on Monday.");
    assert!(
        e.contains(&edge("Russia", "partnersWith", "Ivan Petrov")),
        "{e:?}"
    );
    assert!(
        e.contains(&edge("Kenya", "opposes", "Ivan Petrov")),
        "{e:?}"
    );
    let e = edges("The Iran-backed Hezbollah fired rockets at Israel.");
    assert!(
        e.contains(&edge("Iran", "partnersWith", "Hezbollah")),
        "{e:?}"
    );
    // a place a firm is based in is no party of anything
    assert_eq!(
        edges("The Paris-based firm Acmetel praised Norway."),
        vec![edge("Acmetel", "partnersWith", "Norway")]
    );
}

#[test]
fn what_a_verb_of_talking_takes_as_object_is_its_topic() {
    // the future of Yukos is talked of; no act with Yukos
    let e = edges("Norway will discuss the future of Yukos with Chile.");
    assert!(e.iter().all(|(_, _, o)| o != "Yukos"), "{e:?}");
    // the partner hung on the topic still is one
    assert_eq!(
        edges("Mr Brown says he discussed the election campaign with Mr Lund on Saturday."),
        vec![edge("Brown", "partnersWith", "Lund")]
    );
}

#[test]
fn arguing_a_case_is_no_quarrel() {
    // the parser hangs the clause's subject on "argued" as its object
    assert!(
        edges("Henrik Lund argued Peru and Chile could work together.")
            .iter()
            .all(|(_, p, _)| *p != "opposes")
    );
    assert_one_edge_each(&[
        (
            "Norway argued with Sweden over fishing quotas.",
            ("Norway", "opposes", "Sweden"),
        ),
        (
            "Peru argued against Chile joining the pact.",
            ("Peru", "opposes", "Chile"),
        ),
    ]);
}

#[test]
fn of_two_subjects_the_nearer_acts() {
    // "Mr" is parsed as a second subject of "opposes": the party is Lund's, unnamed
    let e = edges("Mr Lund, whose party opposes the new border plan, said the vote was near.");
    assert!(e.is_empty(), "{e:?}");
}

#[test]
fn taking_advice_or_heading_preparations_is_no_act_toward_a_party() {
    for text in [
        "Henrik Lund said he has taken advice from Scottish Parliament officials.",
        "Gordon Brown has headed Labour's preparations for previous polls.",
        "Mr Straw promised to ensure the UK's budget rebate was justified.",
    ] {
        assert!(edges(text).is_empty(), "{text}: {:?}", edges(text));
    }
}

#[test]
fn conflicts_of_two_sides_named_together() {
    // a verb of a conflict with both sides as its subject, and no object
    assert_one_edge_each(&[
        (
            "Headline\n\nThe Green Party and the Farmers' Union clashed over the new tax.",
            ("Green Party", "opposes", "Farmers' Union"),
        ),
        (
            "Headline\n\nChancellor Ada Lundqvist and Marta Ulvaeus have fallen out over the budget.",
            ("Ada Lundqvist", "opposes", "Marta Ulvaeus"),
        ),
        (
            "Headline\n\nKenya and Ghana fought a war over the border in the 1960s.",
            ("Kenya", "opposes", "Ghana"),
        ),
        (
            "Headline\n\nKenya and Ghana have long been at odds over fishing rights.",
            ("Kenya", "opposes", "Ghana"),
        ),
        (
            "Headline\n\nKenya is at loggerheads with Ghana over fishing rights.",
            ("Kenya", "opposes", "Ghana"),
        ),
        (
            "Headline\n\nKenya and Ghana are locked in a dispute over fishing rights.",
            ("Kenya", "opposes", "Ghana"),
        ),
        (
            "Headline\n\nRelations between Kenya and Ghana have worsened since the election.",
            ("Kenya", "opposes", "Ghana"),
        ),
    ]);
    // each did it to the other
    let mut r = edges("Headline\n\nKenya and Ghana accused each other of breaking the truce.");
    r.sort();
    assert_eq!(
        r,
        vec![
            edge("Ghana", "opposes", "Kenya"),
            edge("Kenya", "opposes", "Ghana")
        ]
    );
    // what both did to something else is no conflict between them, nor a prize they fight for
    for text in [
        "Headline\n\nKenya and Ghana vetoed the resolution on Monday.",
        "Headline\n\nKenya and Ghana criticised the plan.",
        "Headline\n\nThe Green Party and the Farmers' Union fought for a lower tax.",
        "Headline\n\nKenya and Ghana welcomed the treaty after a long rift.",
        "Headline\n\nKenya and Ghana fought together in the war against the rebels.",
        "Headline\n\nKenya and Ghana have grappled with the drought for a year.",
        "Headline\n\nKenya and Ghana were at the summit in Lagos on Monday.",
    ] {
        let sides = ["Kenya", "Ghana", "Green Party", "Farmers' Union"];
        let r = edges(text);
        assert!(
            !r.iter()
                .any(|(s, _, o)| sides.contains(&s.as_str()) && sides.contains(&o.as_str())),
            "{text}: {r:?}"
        );
    }
}

#[test]
fn the_subject_of_a_passive_controls_its_complement() {
    assert_one_edge_each(&[(
        "Headline\n\nKenya is said to be trying to arrange a meeting with Ghana.",
        ("Kenya", "partnersWith", "Ghana"),
    )]);
    // the agent of the passive above, hung on the complement's object, is no counterpart
    let r = edges("Headline\n\nKenya has been ordered to pay compensation by the Supreme Court.");
    assert!(r.is_empty(), "{r:?}");
}

#[test]
fn two_names_with_titles_coordinated() {
    assert_one_edge_each(&[(
        "Headline\n\nKenyan President Ruth Njeri and Ghanaian President Kofi Asante signed \
             the treaty in Accra on Tuesday.",
        ("Ruth Njeri", "partnersWith", "Kofi Asante"),
    )]);
}

#[test]
fn what_others_say_happened_is_reported() {
    for text in [
        "Headline\n\nKenya is reported to have held talks with Ghana.",
        "Headline\n\nKenya is said to have signed a deal with Ghana.",
        "Headline\n\nKenya reportedly held talks with Ghana.",
        "Headline\n\nKenya allegedly attacked Ghana with artillery.",
        "Headline\n\nThere were reports of a rift between Kenya and Ghana.",
        "Headline\n\nKenya reportedly launched an attack on Ghana.",
    ] {
        let r = full(text);
        assert_eq!(r.len(), 1, "{text}: {r:?}");
        let (s, _, o, negated, _, modality, confidence) = &r[0];
        assert_eq!(
            (s.as_str(), o.as_str(), *negated, *modality),
            ("Kenya", "Ghana", false, Modality::Reported),
            "{text}"
        );
        assert!(*confidence <= 0.6, "{text}: {r:?}");
    }
    // the article's own word, and a forecast, are not
    let r = full("Headline\n\nKenya held talks with Ghana.");
    assert_eq!(r[0].5, Modality::Asserted, "{r:?}");
    let r = full("Headline\n\nKenya is expected to sign a deal with Ghana.");
    assert_eq!(r[0].5, Modality::Intended, "{r:?}");
    // an intent or a threat passed on keeps its modality
    let r = full("Headline\n\nKenya is said to be planning to sign a deal with Ghana.");
    assert_eq!(r[0].5, Modality::Intended, "{r:?}");
    // the surface cues read it too ("teamed up with" is no CAMEO verb)
    let r = full("Headline\n\nKenya reportedly teamed up with Ghana.");
    assert_eq!(r[0].5, Modality::Reported, "{r:?}");
}

#[test]
fn tory_is_the_conservative_party() {
    assert_one_edge_each(&[(
        "Headline\n\nTony Blair attacked the Tory plans on immigration.",
        ("Tony Blair", "opposes", "Conservative Party"),
    )]);
}

#[test]
fn what_is_not_ruled_out_is_not_asserted() {
    let r = edges(
        "Headline\n\nKenya and Ghana are neighbours. A spokesman for the Kenyan \
         embassy said it was the first it had heard of a scheme, but did not rule out that \
         there had been an agreement between the two countries.",
    );
    assert!(r.is_empty(), "{r:?}");
}

#[test]
fn a_thing_that_is_the_subject_of_a_surface_cue_is_no_party() {
    // the tree's subject is a thing: the surface cue must not take the name before it
    let r = edges("Headline\n\nKenya's new engine works with Ghana's gearboxes.");
    assert!(r.is_empty(), "{r:?}");
    // a noun with the names apposed to it ("old foes Kenya and Ghana", which the parser reads
    // as the noun's object) is those names
    assert_one_edge_each(&[(
        "Headline\n\nOld foes Kenya and Ghana have renewed diplomatic ties after a long break.",
        ("Kenya", "partnersWith", "Ghana"),
    )]);
}

#[test]
fn a_name_after_a_fronted_phrase_is_the_subject_and_the_phrase_a_setting() {
    // the parser hangs the name on the phrase before it: the tree reads it as the verb's
    // subject, with the verb's CAMEO code
    let r = each(
        "Headline\n\nIn the meantime, Kenya, which borders three countries, also began talks \
         with Ghana.",
        |r, s, o| (s, r.predicate.local_name(), o, r.code),
    );
    assert_eq!(
        r,
        vec![(
            "Kenya".to_string(),
            "partnersWith",
            "Ghana".to_string(),
            Some("046")
        )]
    );
    // a phrase before the verb and its subject is where it happened, no counterpart
    let r = edges(
        "Headline\n\nAt the debate, organised by the Kenya Farmers Union, Ada Obi did not rule \
         out the possibility of regulation.",
    );
    assert!(r.is_empty(), "{r:?}");
    let r = relations(&run(
        "Headline\n\nAt the debate, organised by the Kenya Farmers Union, Ada Obi did not rule \
         out the possibility of regulation.",
    ));
    assert!(r.is_empty(), "{r:?}");
}
