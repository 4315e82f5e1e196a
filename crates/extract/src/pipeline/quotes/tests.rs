//! Unit tests of the quotes stage: spans, speakers and the kinds of attribution.

use crate::pipeline::testing::{quotes, run};

/// (speaker span text, quote text, kind) of each quote.
fn spoken(d: &crate::document::Document) -> Vec<(String, String, &'static str)> {
    d.quotes
        .iter()
        .map(|q| {
            (
                q.speaker_span
                    .map_or(String::new(), |s| d.slice(s).to_string()),
                q.text(&d.text).into_owned(),
                q.kind.local_name(),
            )
        })
        .collect()
}

#[test]
fn interrupted_quote_is_one_quotation_in_two_pieces() {
    for text in [
        "“We will not,” Finance Minister Ada Obi said, “accept these terms.”",
        "“We will not,” said Finance Minister Ada Obi. “We cannot accept these terms.”",
    ] {
        let d = run(text);
        let q = quotes(&d);
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].0.as_deref(), Some("Ada Obi"), "{q:?}");
        assert_eq!(d.quotes[0].parts.len(), 2, "{q:?}");
        assert!(
            q[0].1.starts_with("We will not, … ") && q[0].1.contains("accept these terms"),
            "{q:?}"
        );
    }
    // a second speaker's quote stays apart
    let d = run(
        "“We will not,” said Finance Minister Ada Obi. “They must,” said Trade Minister Ken Sato.",
    );
    assert_eq!(quotes(&d).len(), 2, "{:?}", quotes(&d));
}

#[test]
fn wire_copy_double_single_marks_are_quotation_marks() {
    let d =
        run("Headline\n\n''The deal is dead for this year,'' Senator Maria Lopez told reporters.");
    let q = spoken(&d);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].0, "Maria Lopez");
    assert_eq!(q[0].1, "The deal is dead for this year,");
}

#[test]
fn mixed_quote_is_the_reported_clause() {
    let d = run(
        "Mayor Tom Reyes said the new budget was “a betrayal of the city” and would be vetoed.",
    );
    let q = spoken(&d);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].0, "Tom Reyes");
    assert_eq!(
        q[0].1,
        "the new budget was “a betrayal of the city” and would be vetoed"
    );
    assert_eq!(q[0].2, "Mixed");
}

#[test]
fn reported_speech_in_three_orders() {
    let d = run(
        "Headline\n\nThe central bank will raise rates again in March, the IMF said on Tuesday. \
                 Growth, Finance Minister Ada Obi said, would recover by the summer. \
                 Trade Minister Ken Sato told parliament that the tariffs would stay.",
    );
    let q = spoken(&d);
    assert_eq!(q.len(), 3, "{q:?}");
    assert_eq!(q[0].0, "IMF");
    assert_eq!(q[0].1, "The central bank will raise rates again in March");
    assert_eq!(q[1].0, "Ada Obi");
    assert_eq!(q[1].1, "Growth … would recover by the summer");
    assert_eq!(q[2].0, "Ken Sato");
    assert_eq!(q[2].1, "the tariffs would stay");
    assert!(q.iter().all(|x| x.2 == "Indirect"), "{q:?}");
}

#[test]
fn unnamed_and_pronoun_speakers_keep_their_words() {
    let d = run(
        "Headline\n\nSenator Tom Hale left early. He said the vote would fail. \
                 Several economists say the plan will raise prices for farmers.",
    );
    let q = spoken(&d);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(q[0].0, "He");
    assert_eq!(d.entities[d.quotes[0].speaker.unwrap()].name, "Tom Hale");
    assert_eq!(q[1].0, "Several economists");
    assert_eq!(d.quotes[1].speaker, None);
}

#[test]
fn according_to_a_source() {
    let d = run(
        "Headline\n\nAccording to Reuters, the talks collapsed after midnight. \
                 The ceasefire held through the night, according to the United Nations.",
    );
    let q = spoken(&d);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(q[0].0, "Reuters");
    assert_eq!(q[0].1, "the talks collapsed after midnight");
    assert_eq!(q[1].1, "The ceasefire held through the night");
    assert_eq!(
        d.entities[d.quotes[1].speaker.unwrap()].name,
        "United Nations"
    );
}

#[test]
fn odd_clause_boundaries_never_panic() {
    for text in [
        "Headline\n\nThe firm closed the book on Friday, saying \"insider information\" could have helped.",
        "Headline\n\nIt said, \"\" and, said \"",
        "Headline\n\n, said , according to , \u{201c}\u{201d} ― \n\n:",
    ] {
        let _ = run(text);
    }
}

#[test]
fn not_speech() {
    // a cue inside a name, a negated verb, a noun that looks like a verb
    let d = run(
        "Headline\n\nThe United States will send more troops to the border region. \
                 Senator Tom Hale did not say whether the vote would pass. \
                 Several battleground states could decide a close election this year.",
    );
    assert!(d.quotes.is_empty(), "{:?}", spoken(&d));
}

#[test]
fn signatures_and_block_quotes() {
    let d = run("Headline\n\n“He is not fit to lead this country.” ― Maria Lopez\n\nThe senator told the crowd:\n\n“We will win this fight in the courts and in the streets.”");
    let q = spoken(&d);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(q[0].0, "Maria Lopez");
    assert_eq!(q[1].0, "The senator");
}

#[test]
fn quote_across_paragraphs_and_pronoun_speaker() {
    let d = run("Senator Tom Hale spoke last.\n\n“Every month we lose is a month of diesel generators.\n\n“Nobody wants that outcome for the country,” he said.");
    let q = quotes(&d);
    assert_eq!(q.len(), 1, "one quotation across two paragraphs: {q:?}");
    assert_eq!(q[0].0.as_deref(), Some("Tom Hale"));
    assert!(
        q[0].1.contains("diesel generators") && q[0].1.contains("Nobody wants"),
        "{q:?}"
    );
}

#[test]
fn relaying_outlet_is_not_the_speaker() {
    let d = run("According to Reuters, Trade Minister Ken Sato told reporters, “the talks are over for now.”");
    let q = &d.quotes[0];
    assert_eq!(d.entities[q.speaker.unwrap()].name, "Ken Sato");
    assert_eq!(d.entities[q.reported_by.unwrap()].name, "Reuters");
}

#[test]
fn the_tree_attributes_a_clause_to_a_long_or_inherited_subject() {
    // a subject with a relative clause between it and the verb (a sentence naming one entity:
    // parsed by the quote stage itself)
    let d = run(
        "Headline\n\nThe employee of Acme Corp, a registered Republican who asked not \
                 to be named, said she was dismayed by the policy.",
    );
    let s = spoken(&d);
    assert!(
        s.iter().any(|(sp, q, k)| sp.starts_with("The employee")
            && q.starts_with("she was dismayed")
            && *k == "Indirect"),
        "{s:?}"
    );
    // a belief and a finding are attributions too
    let d = run(
        "Headline\n\nMost economists at the Bank of England believe the recession will \
                 end soon. A new poll by Gallup shows that Ana Reyes leads the race in Ohio.",
    );
    let s = spoken(&d);
    assert!(
        s.iter()
            .any(|(sp, q, _)| sp.starts_with("Most economists") && q.starts_with("the recession")),
        "{s:?}"
    );
    assert!(
        s.iter()
            .any(|(sp, q, _)| sp.contains("poll") && q.contains("Ana Reyes leads")),
        "{s:?}"
    );
    // a participle takes the subject of its verb; a stance takes its object
    let d = run(
        "Headline\n\nMarta Ellery resigned on Monday, saying the budget had failed \
                 the poorest families. Later the Green Party endorsed Ellery.",
    );
    let q = quotes(&d);
    assert!(
        q.iter()
            .any(|(sp, t)| sp.as_deref() == Some("Marta Ellery") && t.starts_with("the budget")),
        "{q:?}"
    );
    assert!(
        d.quotes
            .iter()
            .any(|x| x.kind == crate::document::QuoteKind::Stance
                && x.speaker
                    .is_some_and(|e| d.entities[e].name == "Green Party")),
        "{:?}",
        spoken(&d)
    );
}

#[test]
fn a_colon_introduces_the_speaker_of_the_quote_after_it() {
    let d = run(
        "Headline\n\nSenator Ana Reyes issued a statement on Tuesday: \u{201c}We will not \
                 support this budget, and we will vote against it in the chamber.\u{201d}",
    );
    let q = quotes(&d);
    assert!(
        q.iter()
            .any(|(sp, t)| sp.as_deref() == Some("Ana Reyes") && t.starts_with("We will not")),
        "{q:?}"
    );
}

#[test]
fn speakers_after_a_question_a_long_cue_or_with_a_title_for_a_name() {
    // the cue runs into an outlet's name: "told The Atlantic" is still "told"
    let d = run("“We executed this plan as well as we could,” Omar Haddad told The Atlantic.");
    assert_eq!(
        quotes(&d)[0].0.as_deref(),
        Some("Omar Haddad"),
        "{:?}",
        quotes(&d)
    );
    // a question mark closes the quote and the segmenter's sentence, not the attribution
    let d = run("“Is this the place that you call a success? Really?” Omar Haddad said.");
    assert_eq!(
        quotes(&d)[0].0.as_deref(),
        Some("Omar Haddad"),
        "{:?}",
        quotes(&d)
    );
    // "the president" stands for the official named before
    let d = run(
        "President Omar Haddad defended the plan. “It cost us very little,” the president told \
         reporters.",
    );
    let q: Vec<_> = spoken(&d).into_iter().filter(|q| q.2 == "Direct").collect();
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].0, "the president");
    assert_eq!(
        d.quotes
            .iter()
            .find(|q| q.kind.local_name() == "Direct")
            .and_then(|q| q.speaker)
            .map(|e| d.entities[e].name.as_str()),
        Some("Omar Haddad")
    );
    // a name the recogniser missed is the speaker's words, not the previous speaker
    let d = run(
        "“We will win,” Omar Haddad said.\n\n“Let us see what we can do to help,” Zorblatt told \
         reporters.",
    );
    let q = spoken(&d);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(q[1].0, "Zorblatt", "{q:?}");
}

#[test]
fn reported_speech_of_unnamed_sources_is_read_from_the_parse() {
    // no named entity in the sentence: parsed all the same
    let d = run("Economists believe the new tariffs will slow growth next year.");
    let q = spoken(&d);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].0, "Economists");
    assert_eq!(q[0].1, "the new tariffs will slow growth next year");
}

#[test]
fn a_name_that_begins_the_reported_clause_is_not_its_speaker() {
    let d = run(
        "In an interview, Omar Haddad, a former vice president of sales, said Karen Blix “was \
         personally involved in all that discussion.”",
    );
    let q = quotes(&d);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].0.as_deref(), Some("Omar Haddad"), "{q:?}");
}

#[test]
fn colons_introduce_their_own_speakers() {
    // a name alone before the colon, at the line's start or after a dash
    let d = run("Omar Haddad: ‘The Campaign Slogan Might as Well Be Not Indicted, Yet!’\n\nMore text follows here.");
    assert_eq!(
        quotes(&d)[0].0.as_deref(),
        Some("Omar Haddad"),
        "{:?}",
        quotes(&d)
    );
    let d = run(
        "Turnout has been decisive in the primaries - Karen Blix: “Two weeks ago, his strongest \
         territory had been the South.”",
    );
    assert_eq!(
        quotes(&d)[0].0.as_deref(),
        Some("Karen Blix"),
        "{:?}",
        quotes(&d)
    );
    // a colon in the quote's own sentence: that sentence's subject, not the previous speaker
    let d = run(
        "“We will win this state,” Omar Haddad told WKOW-TV of Madison.\n\nSenate Majority Leader \
         Karen Blix delivered a blunt message: “It is time to quit attacking people and get on \
         message.”",
    );
    let q = quotes(&d);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(q[1].0.as_deref(), Some("Karen Blix"), "{q:?}");
}

#[test]
fn described_speakers_and_titles_in_apposition() {
    let d = run(
        "“I made climate change the top priority,” the bespectacled, 71-year-old diplomat said \
         in an interview.",
    );
    assert_eq!(spoken(&d)[0].0, "the bespectacled, 71-year-old diplomat");
    let d = run(
        "“That would have been the fairer thing to do,” the White House press secretary, Omar \
         Haddad, said on Tuesday.",
    );
    assert_eq!(
        quotes(&d)[0].0.as_deref(),
        Some("Omar Haddad"),
        "{:?}",
        quotes(&d)
    );
}

#[test]
fn the_one_told_is_not_the_speaker() {
    let d = run(
        "Hours later, Omar Haddad returned the compliment to Karen Blix, telling Reuters, “Karen \
         and I have been friends for a long time.”",
    );
    assert_eq!(
        quotes(&d)[0].0.as_deref(),
        Some("Omar Haddad"),
        "{:?}",
        quotes(&d)
    );
}

/// The speaker span text and the cue text of the one direct quote `text` holds (a stance
/// read beside it, "the board refused to meet the unions", is not a quote).
fn the_only_quote(text: &str) -> (String, Option<String>) {
    let d = run(text);
    let q = spoken(&d);
    let direct: Vec<usize> = (0..q.len()).filter(|&i| q[i].2 != "Stance").collect();
    assert_eq!(direct.len(), 1, "{text}: {q:?}");
    let i = direct[0];
    let cue = d.quotes[i].cue.map(|c| d.slice(c).to_string());
    (q[i].0.clone(), cue)
}

#[test]
fn a_sentence_that_opens_with_speaker_and_cue_attributes_the_quote_before_it() {
    // a question, an exclamation or a full stop closes the quote and the sentence; the
    // attribution follows, however long it runs
    for (text, speaker, cue) in [
        (
            "“Who do they think they are?” Ana Reyes said of the bank in February, when the board refused to meet the unions.",
            "Ana Reyes",
            "said",
        ),
        (
            "“The port is open again.” Harbour Minister Tom Okafor wrote in a letter to the shipping companies.",
            "Tom Okafor",
            "wrote",
        ),
        (
            "“Is this what you call a plan?” Senator Lena Marsh told the committee during a long hearing on the budget.",
            "Lena Marsh",
            "told",
        ),
    ] {
        let (who, said) = the_only_quote(text);
        assert_eq!(who, speaker, "{text}");
        assert!(said.is_some_and(|c| c.starts_with(cue)), "{text}");
    }
    // a sentence that reports something else, tells the story on, or opens with an idiom is
    // no attribution of the quote before it
    for text in [
        "“We will win this fight.” Tom Okafor said the talks had failed.",
        "“Why not do it today?” The meeting began at noon in the town hall of Leeds.",
        "“We will win this fight.” That said, the talks in Geneva failed.",
    ] {
        let d = run(text);
        let direct: Vec<_> = spoken(&d).into_iter().filter(|q| q.2 == "Direct").collect();
        assert_eq!(direct.len(), 1, "{text}: {direct:?}");
        assert!(direct[0].0.is_empty(), "{text}: {direct:?}");
    }
}

#[test]
fn verbs_of_manner_of_speaking_attribute_the_quote_they_follow() {
    for (text, speaker) in [
        (
            "“They would have gone to the only bill with support from both parties,” Senator Paul Dunmore fumed on Tuesday.",
            "Paul Dunmore",
        ),
        (
            "“Imagine the two of them on the same stage,” mused Carla Benedetti, the host of the show.",
            "Carla Benedetti",
        ),
        (
            "“If she wants to be president, she should come to Louisiana,” the editorial read.",
            "the editorial",
        ),
    ] {
        assert_eq!(the_only_quote(text).0, speaker, "{text}");
    }
    // only right after a quote that closes a clause: a phrase quoted inside a sentence is no
    // quote of the words after it
    let d = run("He argued that “liberals” allowed terrorism to flourish in the region.");
    assert!(
        !spoken(&d).iter().any(|q| q.0.contains("terrorism")),
        "{:?}",
        spoken(&d)
    );
}

#[test]
fn a_long_subject_after_a_quote_is_its_speaker() {
    // the parser hangs the phrase on the quoted verb; the parse stage makes it the subject
    for quote in [
        "We cannot sign this",
        "We will sign this",
        "We do not sign this",
    ] {
        let d = run(&format!(
            "“{quote},” the chief negotiator of the European Union for the trade talks with the United States told reporters."
        ));
        let q = spoken(&d);
        assert_eq!(q.len(), 1, "{q:?}");
        assert!(q[0].0.starts_with("the chief negotiator"), "{q:?}");
        assert!(!q[0].0.contains("told"), "{q:?}");
        assert_eq!(d.quotes[0].cue.map(|c| d.slice(c)), Some("told"));
    }
}

#[test]
fn quotation_marks_as_wire_copy_and_typos_write_them() {
    // a quote ending in a nested one, in doubled apostrophes: the third apostrophe closes it
    let (speaker, cue) = the_only_quote(
        "Fox\n\n''I remember when it first came up on 'Morning Talk,''' said Tom Vale, a former \
         spokesman for the senator.",
    );
    assert_eq!(
        (speaker.as_str(), cue.as_deref()),
        ("Tom Vale", Some("said"))
    );
    // an opening mark typed where the closing one belongs
    let d = run("Talks\n\n“It's unusual,“ said Larry Noble, a lawyer with the group. “It's hard.”");
    let q = spoken(&d);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].0, "Larry Noble");
    assert!(!q[0].1.contains("said"), "{q:?}");
}

#[test]
fn any_verb_in_the_past_after_a_quote_and_its_subject_attributes_it() {
    for (text, speaker) in [
        (
            "Votes\n\n“People are afraid of wasting their votes,” he surmised on Sunday.",
            "he",
        ),
        (
            "Rally\n\n“The answer is no,” the Republican vice-presidential nominee riffed on Monday.",
            "the Republican vice-presidential nominee",
        ),
    ] {
        let (s, cue) = the_only_quote(text);
        assert_eq!(s, speaker, "{text}");
        assert!(cue.is_some_and(|c| c.ends_with("ed")), "{text}");
    }
    // a quote that ends a sentence is not attributed by the verb of the next one
    let d = run("Votes\n\n“People are afraid.” He wanted a recount.");
    assert!(
        d.quotes.iter().all(|q| q.speaker_span.is_none()),
        "{:?}",
        spoken(&d)
    );
}

#[test]
fn as_someone_put_it() {
    let (speaker, cue) = the_only_quote(
        "Migrants\n\nAs Professor Foner put it: “The United States does a better job at accepting \
         immigrants.”",
    );
    assert_eq!(
        (speaker.as_str(), cue.as_deref()),
        ("Foner", Some("put it"))
    );
}

#[test]
fn the_new_readings_stay_in_their_place() {
    // the next sentence's verb does not attribute a quote closed by "?"
    let d = run("Press\n\nThe reporter asked: “Will you resign today?” He walked out.");
    assert!(
        d.quotes
            .iter()
            .all(|q| q.cue.is_none_or(|c| d.slice(c) != "walked")),
        "{:?}",
        spoken(&d)
    );
    // a participle inside the subject is no cue
    let d = run("City\n\n“We will fix the roads first,” the newly elected mayor said on Monday.");
    assert!(
        d.quotes
            .iter()
            .all(|q| q.cue.is_none_or(|c| d.slice(c) == "said")),
        "{:?}",
        spoken(&d)
    );
    // an opening mark with a space after it still opens a quote when none is open
    let d = run("Speech\n\nThe prime minister said:“ We shall fight on the beaches.”");
    assert_eq!(d.quotes.len(), 1, "{:?}", spoken(&d));
    // "put it to a vote" is no attribution
    let d = run("House\n\nPelosi put it to a vote despite “deep concerns” in the caucus.");
    assert!(
        d.quotes
            .iter()
            .all(|q| q.cue.is_none_or(|c| d.slice(c) != "put it")),
        "{:?}",
        spoken(&d)
    );
}

#[test]
fn a_quote_inside_a_clause_is_credited_to_the_subject_that_governs_it() {
    for (text, speaker) in [
        (
            "The union of Ward Lane protested that the harbour board was “acting in bad faith” over the plan.",
            "The union of Ward Lane",
        ),
        (
            "Governor Ada Obi endorsed the mayor on Monday, citing his “steady hand” in the flood.",
            "Ada Obi",
        ),
    ] {
        let d = run(text);
        let q = spoken(&d);
        assert!(
            q.iter()
                .any(|q| q.1.contains("in bad faith") || q.1.contains("steady hand")),
            "{text}: {q:?}"
        );
        assert!(
            q.iter()
                .filter(|q| q.1.contains("in bad faith") || q.1.contains("steady hand"))
                .all(|q| q.0.contains(speaker)),
            "{text}: {q:?}"
        );
    }
    // a quote that is its sentence's main clause has no governor
    let d = run("Their harbour plan was the talk of the town.\n\n“It will never float.”");
    assert!(
        spoken(&d).iter().all(|q| q.0.is_empty()),
        "{:?}",
        spoken(&d)
    );
}

#[test]
fn two_reported_clauses_in_one_sentence_are_two_attributions() {
    let d = run(
        "Ada Obi said the budget was balanced for the year, and Ken Sato said the tariffs would stay in place.",
    );
    let q = spoken(&d);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(q[0].1, "the budget was balanced for the year", "{q:?}");
    assert!(q[1].0.contains("Ken Sato"), "{q:?}");
    assert_eq!(q[1].1, "the tariffs would stay in place", "{q:?}");
    // the second subject's title stands between the conjunction and the name
    let d = run(
        "Finance Minister Ada Obi said the budget was balanced for the year, and Trade Minister Ken Sato said the tariffs would stay in place.",
    );
    let q = spoken(&d);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(q[0].1, "the budget was balanced for the year", "{q:?}");
    // a reported clause inside a subordinate one ends with it
    let d = run(
        "The hearing matters to the harbour board, but while Senator Maria Lopez said she would call one, the vote is unlikely to pass.",
    );
    let q = spoken(&d);
    assert!(
        q.iter()
            .any(|q| q.0.contains("Maria Lopez") && q.1 == "she would call one"),
        "{q:?}"
    );
}

#[test]
fn a_second_verb_of_saying_sharing_the_subject_is_its_own_attribution() {
    let d = run(
        "Ada Obi later tweeted a photograph of the flooded harbour and said the port would stay closed for a week.",
    );
    let q = spoken(&d);
    assert!(
        q.iter()
            .any(|q| q.0.contains("Ada Obi") && q.1 == "the port would stay closed for a week"),
        "{q:?}"
    );
    // a clause opened by a conjunction and a time before its subject ends with its comma
    let d = run(
        "Although in September she said the dam was safe, at the hearing this week Ada Obi said she had been misled.",
    );
    let q = spoken(&d);
    assert!(q.iter().any(|q| q.1 == "the dam was safe"), "{q:?}");
    // what was tweeted ends before the second verb
    assert!(q.iter().all(|q| !q.1.contains("and said")), "{q:?}");
}

#[test]
fn what_evidence_shows_is_all_that_follows_the_verb() {
    let d = run(
        "Harbour\n\nPublic records show no payments at all from the harbour board to the mayor's foundation since 2008.",
    );
    let q = spoken(&d);
    assert!(
        q.iter().any(|q| q.0 == "Public records"
            && q.1 == "no payments at all from the harbour board to the mayor's foundation since 2008"),
        "{q:?}"
    );
}

#[test]
fn a_verb_of_saying_set_after_or_into_its_clause_attributes_it() {
    let d = run(
        "The harbour board lent the ferry company two million dollars last spring, court records show.",
    );
    let q = spoken(&d);
    assert!(
        q.iter().any(|q| q.0 == "court records"
            && q.1 == "The harbour board lent the ferry company two million dollars last spring"),
        "{q:?}"
    );
    // a poll shows what its object says
    let d = run("A Harbour Wire poll showed a slimmer lead for Ada Obi in the northern districts.");
    let q = spoken(&d);
    assert!(
        q.iter()
            .any(|q| q.0.contains("poll") && q.1.contains("a slimmer lead for Ada Obi")),
        "{q:?}"
    );
    // a person who shows something says nothing
    let d = run("Ada Obi showed a rare flash of anger at the harbour board on Monday.");
    assert!(spoken(&d).is_empty(), "{:?}", spoken(&d));
}

#[test]
fn attributions_without_a_verb_of_saying_are_read_from_the_parse() {
    // a claim hedged by a raising verb has no source: the subject and the infinitive
    let d =
        run("Enthusiasm for the harbour plan appears to have dropped sharply since the spring.");
    let q = &d.quotes;
    assert_eq!(q.len(), 1, "{:?}", spoken(&d));
    assert!(q[0].speaker_span.is_none(), "{:?}", spoken(&d));
    assert_eq!(q[0].parts.len(), 2, "{:?}", spoken(&d));
    assert_eq!(d.slice(q[0].parts[0]), "Enthusiasm for the harbour plan");
    assert!(
        d.slice(q[0].parts[1]).starts_with("to have dropped"),
        "{:?}",
        spoken(&d)
    );
    // any verb with a subject and a clause of its own reports it
    let d = run("Senator Maria Lopez fretted that Ada Obi would lose her majority.");
    let q = spoken(&d);
    assert!(
        q.iter()
            .any(|q| q.0 == "Maria Lopez" && q.1.ends_with("Ada Obi would lose her majority")),
        "{q:?}"
    );
    // what a verb of talking is about
    let d = run("Senator Maria Lopez referred to the harbour board's missing accounts.");
    let q = spoken(&d);
    assert!(
        q.iter()
            .any(|q| q.0 == "Maria Lopez" && q.1 == "the harbour board's missing accounts"),
        "{q:?}"
    );
    // an intention
    let d = run("Senator Maria Lopez hopes to win back the northern districts next year.");
    let q = spoken(&d);
    assert!(
        q.iter()
            .any(|q| q.0 == "Maria Lopez" && q.1.starts_with("to win back the northern districts")),
        "{q:?}"
    );
    // a question asked of the subject, by nobody named
    let d =
        run("Asked whether the harbour plan would pass, Senator Maria Lopez smiled at Ada Obi.");
    assert!(
        d.quotes.iter().any(|q| q.speaker_span.is_none()
            && d.slice(q.content).ends_with("the harbour plan would pass")),
        "{:?}",
        spoken(&d)
    );
    // a poll the main clause is read in
    let d = run(
        "In a new Harbour Wire poll, Ada Obi leads Ken Sato by five points among likely voters.",
    );
    let q = spoken(&d);
    assert!(
        q.iter()
            .any(|q| q.0.contains("poll") && q.1.contains("Ada Obi leads Ken Sato")),
        "{q:?}"
    );
    // "appeared" without an infinitive hedges nothing
    let d = run("Ada Obi appeared on television on Monday night with her husband.");
    assert!(spoken(&d).is_empty(), "{:?}", spoken(&d));
}

#[test]
fn reported_clauses_keep_to_their_own_speakers() {
    // a reported clause joined inside another is its own attribution
    let d = run(
        "Most voters said they were set on voting for Ada Obi, while a fifth of them said they might still change their minds.",
    );
    let q = spoken(&d);
    assert!(
        q.iter()
            .any(|q| q.1 == "they might still change their minds"),
        "{q:?}"
    );
    assert!(
        q.iter()
            .all(|q| !q.1.contains("set on voting") || !q.1.contains("change")),
        "{q:?}"
    );
    // a relative clause the parser may hang from the verb: "who" stands for the noun before it
    let d = run(
        "The new survey takes into account independent voters who said they would vote in the primary.",
    );
    let q = spoken(&d);
    assert!(
        q.iter()
            .any(|q| q.0.ends_with("voters") && q.1 == "they would vote in the primary"),
        "{q:?}"
    );
}

#[test]
fn a_name_and_a_colon_opening_a_line_credit_the_rest_of_it() {
    let d = run(
        "Maria Lopez: The Harbour Board Cannot Be Trusted With the Budget\n\nThe senator spoke in Lagos on Monday.",
    );
    let q = spoken(&d);
    assert!(
        q.iter().any(|q| q.0 == "Maria Lopez"
            && q.1 == "The Harbour Board Cannot Be Trusted With the Budget"),
        "{q:?}"
    );
    // the quoted words of such a headline are the named person's, with the rest of the line
    let d = run(
        "Dr. Maria Lopez: Ada Obi ‘Not Fit To Run The Harbour Board’\n\nThe senator spoke in Lagos on Monday.",
    );
    let q = spoken(&d);
    assert!(
        q.iter()
            .any(|q| q.0 == "Maria Lopez" && q.1.starts_with("Ada Obi") && q.2 == "Mixed"),
        "{q:?}"
    );
}

#[test]
fn a_participle_or_a_second_verb_of_saying_ends_the_reported_clause() {
    // "..., noting ...": what was noted is not what was said
    let d = run(
        "Harbour\n\nAda Obi said the harbour board had been careless, noting the repairs it had put off for a decade.",
    );
    let q = spoken(&d);
    assert!(
        q.iter()
            .any(|q| q.0 == "Ada Obi" && q.1 == "the harbour board had been careless"),
        "{q:?}"
    );
    // the comma inside the closing mark of a mixed quote
    let d = run(
        "Harbour\n\nThe mayor said the harbour board was “careless,” adding that it had put off repairs for a decade.",
    );
    let q = spoken(&d);
    assert!(
        q.iter()
            .any(|q| q.1.starts_with("the harbour board was") && !q.1.contains("adding")),
        "{q:?}"
    );
    // "... and suggested that ...": a saying of its own, by the same speaker
    let d = run(
        "Harbour\n\nOn Thursday, Ada Obi said she was “not ready” to back the harbour plan, and suggested that the board needs to take the first steps.",
    );
    let q = spoken(&d);
    assert!(
        q.iter()
            .any(|q| q.0 == "Ada Obi" && q.1 == "she was “not ready” to back the harbour plan"),
        "{q:?}"
    );
}

#[test]
fn a_reported_clause_after_the_verb_is_not_its_speaker() {
    // "..., said she wanted ... in Washington": the place ends the clause, it says nothing
    let d = run(
        "Harbour\n\nMaria Lopez, 63, an independent voter raised in Chile, said she wanted major change in Washington.",
    );
    let q = spoken(&d);
    assert!(q.iter().all(|q| !q.0.contains("Washington")), "{q:?}");
    assert!(
        q.iter()
            .any(|q| q.0.contains("Maria Lopez") && q.1 == "she wanted major change in Washington"),
        "{q:?}"
    );
    // a participle after a quote has its subject before it, never after
    let d = run(
        "Harbour\n\nThe unions had sued after the board cut what it called the “harbour week,” saying that the cut hurt night workers.",
    );
    let q = spoken(&d);
    assert!(q.iter().all(|q| !q.0.starts_with("that")), "{q:?}");
}

#[test]
fn a_relative_clause_between_the_pieces_of_a_quote_is_read() {
    let d = run(
        "Harbour\n\n“The board does not understand the port,” said Captain Ken Sato, who said he would vote against the plan. “Their numbers are far out.”",
    );
    let q = spoken(&d);
    assert!(
        q.iter()
            .any(|q| q.0.contains("Ken Sato") && q.1 == "he would vote against the plan"),
        "{q:?}"
    );
}

#[test]
fn according_to_inside_parentheses_attributes_the_parenthesis() {
    let d = run(
        "Harbour\n\nThe mayor cites his own figures (the actual number of ferries is closer to twelve, according to the harbour board). The vote is on Monday.",
    );
    let q = spoken(&d);
    assert!(
        q.iter().any(
            |q| q.1 == "the actual number of ferries is closer to twelve"
                && q.0.contains("harbour board")
        ),
        "{q:?}"
    );
}

#[test]
fn a_question_asked_of_the_speaker_is_attributed_to_nobody_named() {
    let d = run(
        "Harbour\n\nAsked during a debate in January why he trailed Maria Lopez so badly, Senator Ken Sato said he would gain ground once the voters knew his record.",
    );
    let q = spoken(&d);
    assert!(
        q.iter()
            .any(|q| q.0.is_empty() && q.1.starts_with("why he trailed")),
        "{q:?}"
    );
}

#[test]
fn a_verb_of_thinking_attributes_its_clause() {
    let d =
        run("Harbour\n\nMany harbour pilots fear the new channel will silt up within a decade.");
    let q = spoken(&d);
    assert!(
        q.iter().any(
            |q| q.0.contains("harbour pilots") && q.1.ends_with("will silt up within a decade")
        ),
        "{q:?}"
    );
    // "and" with a verb of thinking after it is no second saying
    let d = run(
        "Harbour\n\nI think that the majority of the pilots in this Port and Harbour know better.",
    );
    let q = spoken(&d);
    assert!(q.iter().any(|q| q.1.ends_with("know better")), "{q:?}");
}

#[test]
fn a_passive_or_a_question_to_the_reader_attributes_nothing() {
    let d = run(
        "Harbour\n\nThe pilots rely on storage power on systems maintained by the harbour board. Do you feel confident about the channel without a pilot on board?",
    );
    let q = spoken(&d);
    assert!(
        q.iter()
            .all(|q| !q.0.contains("storage") && q.0 != "Do you" && q.0 != "you"),
        "{q:?}"
    );
}

#[test]
fn a_noun_of_attribution_with_its_holder_is_an_attribution() {
    let d = run(
        "Harbour\n\nThe harbour officials voiced concern that the new channel would silt up. Ada Obi's support for the ferry plan has never wavered.",
    );
    let q = spoken(&d);
    assert!(
        q.iter()
            .any(|q| q.0.contains("harbour officials")
                && q.1.contains("the new channel would silt up")),
        "{q:?}"
    );
    assert!(
        q.iter()
            .any(|q| q.0.contains("Ada Obi") && q.1 == "the ferry plan"),
        "{q:?}"
    );
    // nobody's, or denied: nothing
    let d = run("Harbour\n\nThere is no support for the ferry plan among the pilots.");
    assert!(
        spoken(&d).iter().all(|q| q.1 != "the ferry plan"),
        "{:?}",
        spoken(&d)
    );
}

#[test]
fn a_speaker_named_after_says_and_a_title_with_a_party() {
    // the parser reads "says" as a conjunct of the clause before it and the name after it as
    // its object or clause; the name is the speaker all the same
    for text in [
        "Headline\n\nKenya should apologise for the raid on the village, says Labour leader Ada Obi.",
        "Headline\n\nThe minister should resign over the affair, says Labour leader Ada Obi.",
    ] {
        let d = run(text);
        let q = quotes(&d);
        assert_eq!(q.len(), 1, "{text}: {q:?}");
        assert_eq!(q[0].0.as_deref(), Some("Ada Obi"), "{text}: {q:?}");
    }
}
