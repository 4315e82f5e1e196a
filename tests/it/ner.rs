//! The entity recogniser through the command line: training is deterministic, the model file
//! round-trips, evaluation scores what a user would count by hand, bad files are named, and odd
//! articles (Title Case, ALL CAPS, lowercase, accents, very long, empty) still extract.

use std::path::Path;

use super::{bin, extract_json};

/// A tiny CoNLL-style corpus written for these tests (IOB1 tags, two documents).
const TRAIN: &str = "\
-DOCSTART- -X- O O

Maria NNP I-NP I-PER
Lopez NNP I-NP I-PER
visited VBD I-VP O
Paris NNP I-NP I-LOC
. . O O

Acme NNP I-NP I-ORG
Corp NNP I-NP I-ORG
hired VBD I-VP O
Maria NNP I-NP I-PER
. . O O

-DOCSTART- -X- O O

Lopez NNP I-NP I-PER
left VBD I-VP O
Berlin NNP I-NP I-LOC
for IN I-PP O
Acme NNP I-NP I-ORG
. . O O
";

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn training_is_deterministic_and_the_model_evaluates() {
    let dir = tempfile::tempdir().unwrap();
    let train = write(dir.path(), "train.conll", TRAIN);
    let model = |name: &str, seed: &str| {
        let out = dir.path().join(name);
        let o = bin()
            .args(["train", "ner", "--epochs", "4", "--seed", seed, "--train"])
            .arg(&train)
            .arg("--dev")
            .arg(&train)
            .arg("--output")
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let err = String::from_utf8_lossy(&o.stderr).to_string();
        assert!(err.contains("epoch  4/4") && err.contains("dev P"), "{err}");
        std::fs::read(&out).unwrap()
    };
    let a = model("a.ngm", "7");
    let b = model("b.ngm", "7");
    assert_eq!(a, b, "same data and seed give the same model bytes");

    // the model learnt its own training data: every entity found, exact spans
    let o = bin()
        .arg("--model")
        .arg(dir.path().join("a.ngm"))
        .args(["eval", "ner", "--model-only", "--json", "--gold"])
        .arg(&train)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["micro"]["gold"], 7, "{v}");
    assert_eq!(v["sentences"], 3);
    assert!(v["micro"]["f1"].as_f64().unwrap() > 0.99, "{v}");
    let per = v["types"].as_array().unwrap();
    assert!(
        per.iter().any(|t| t["type"] == "LOC" && t["gold"] == 2),
        "{v}"
    );
}

#[test]
fn bad_models_and_gold_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let bogus = write(dir.path(), "bogus.ngm", "not a model");
    let o = bin()
        .arg("--model")
        .arg(&bogus)
        .args(["extract", "-"])
        .write_stdin("Maria Lopez visited Paris.")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("bogus.ngm") && err.contains("not a newsgraph NER model"),
        "{err}"
    );

    let gold = write(dir.path(), "gold.txt", "Maria B-PER\nLopez\n");
    let o = bin()
        .args(["eval", "ner", "--gold"])
        .arg(&gold)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("gold.txt:2"), "{err}");
}

/// A wire story written for these tests as a CoNLL-2003 document: an ALL CAPS headline, a
/// dateline, demonyms that gold tags MISC.
const WIRE: &str = "\
-DOCSTART- -X- O O

RUGBY NN I-NP O
- : O O
LEAGUE NN I-NP O
RESULTS NNS I-NP O
. . O O

ZURICH NNP I-NP I-LOC
2024-05-03 CD I-NP O

German JJ I-NP I-MISC
chancellor NN I-NP O
Olaf NNP I-NP I-PER
Scholz NNP I-NP I-PER
met VBD I-VP O
French JJ I-NP I-MISC
officials NNS I-NP O
in IN I-PP O
Paris NNP I-NP I-LOC
on IN I-PP O
Friday NNP I-NP O
, , O O
Siemens NNP I-NP I-ORG
said VBD I-VP O
. . O O
";

fn eval_json(args: &[&str], gold: &Path) -> serde_json::Value {
    let o = bin()
        .args(["eval", "ner", "--json"])
        .args(args)
        .arg("--gold")
        .arg(gold)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// `eval ner --json` with `args`, its mistakes listed in `errors`.
fn eval_listing(args: &[&str], gold: &Path, errors: &Path) -> serde_json::Value {
    let mut with: Vec<&str> = args.to_vec();
    with.extend(["--errors", errors.to_str().unwrap()]);
    eval_json(&with, gold)
}

fn type_row<'a>(v: &'a serde_json::Value, t: &str) -> Option<&'a serde_json::Value> {
    v["types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["type"] == t)
}

#[test]
fn eval_ner_scores_the_pipeline_by_default_and_the_model_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let gold = write(dir.path(), "wire.conll", WIRE);
    let errors = dir.path().join("errors.jsonl");
    let pipe = eval_listing(&[], &gold, &errors);
    assert_eq!(pipe["mode"], "pipeline", "{pipe}");
    assert_eq!(pipe["documents"], 1, "{pipe}");
    assert_eq!(pipe["sentences"], 3, "{pipe}");
    // the pipeline's figure is PER / ORG / LOC: the two MISC demonyms are scored apart
    assert_eq!(pipe["micro"]["gold"], 4, "{pipe}");
    for k in ["gold", "predicted", "correct", "f1"] {
        assert_eq!(pipe["micro"][k], pipe["per_org_loc"][k], "{pipe}");
    }
    // "German" and "French" stand for their countries and count as MISC, never against us
    let misc = type_row(&pipe, "MISC").expect("MISC row");
    assert_eq!(
        (misc["gold"].as_u64(), misc["correct"].as_u64()),
        (Some(2), Some(2)),
        "{pipe}"
    );
    // the dateline's place is found, in capitals
    let loc = type_row(&pipe, "LOC").unwrap();
    assert_eq!(loc["correct"], 2, "{pipe}");
    let listing = std::fs::read_to_string(&errors).unwrap();
    // every span here is right (the type rows above): the listing is written, and empty
    assert!(listing.is_empty(), "{listing}");
    assert!(!listing.contains("ZURICH"), "{listing}");
    for line in listing.lines() {
        let e: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(e["kind"].is_string() && e["sentence"].is_string(), "{e}");
    }

    // the model alone: every type the gold file uses, MISC included, in the micro average
    let model = eval_json(&["--model-only"], &gold);
    assert_eq!(model["mode"], "model-only", "{model}");
    assert_eq!(model["micro"]["gold"], 6, "{model}");
    assert_eq!(model["per_org_loc"]["gold"], 4, "{model}");
    assert!(model.get("documents").is_none(), "{model}");
}

#[test]
fn a_dateline_gives_a_place_and_an_agency_and_stays_out_of_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let article = write(
        dir.path(),
        "wire.txt",
        "Senate passes the tax bill\n\nWASHINGTON (Reuters) - Tax cuts are needed now, Senator Maria Ortega said on Friday.\n",
    );
    let v = extract_json(&[&article]).remove(0);
    let d = &v["dateline"];
    assert_eq!(d["text"], "WASHINGTON (Reuters) -", "{v}");
    assert_eq!(
        (d["place"].as_str(), d["agency"].as_str()),
        (Some("WASHINGTON"), Some("Reuters")),
        "{v}"
    );
    let place = v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["mentions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["text"] == "WASHINGTON")
        })
        .expect("the dateline place is an entity");
    assert!(
        matches!(place["type"].as_str(), Some("Location" | "Country")),
        "{place}"
    );
    for q in v["quotes"].as_array().unwrap() {
        assert!(!q["text"].as_str().unwrap().contains("WASHINGTON"), "{q}");
        assert!(!q["text"].as_str().unwrap().contains("Reuters"), "{q}");
    }
    assert!(!v["quotes"].as_array().unwrap().is_empty(), "{v}");
    // in the graph: where the story was filed
    let store = dir.path().join("db");
    super::assert_ok(&super::ingest(&store, &[&article]));
    let filed = super::select(
        &store,
        "SELECT ?t WHERE { ?a a ng:Article ; schema:locationCreated ?p . ?p a ?t }",
    );
    assert!(
        filed
            .iter()
            .any(|r| r["t"].ends_with("#Location") || r["t"].ends_with("#Country")),
        "{filed:?}"
    );
}

/// Entities of one extracted article: (name, type).
fn entities(text: &str) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "a.txt", text);
    let v = extract_json(&[&p]);
    v[0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap().to_string(),
                e["type"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn names_no_list_knows_are_found_and_typed() {
    // invented people and companies: only the model can find them
    let e = entities(
        "Talvik Orsen Expands Into Baltic Markets\n\n\
         Talvik Orsen, the chief executive of Kestrana Logistics, said on Monday that the company \
         would open offices in Riga. Finance Minister Odile Varnase welcomed the plan, Orsen told \
         reporters in Vilnius.",
    );
    let has = |n: &str, t: &str| e.iter().any(|(a, b)| a == n && b == t);
    assert!(
        has("Talvik Orsen", "Person") || has("Talvik Orsen", "Official"),
        "{e:?}"
    );
    assert!(
        has("Kestrana Logistics", "Company") || has("Kestrana Logistics", "Organization"),
        "{e:?}"
    );
    assert!(has("Odile Varnase", "Official"), "{e:?}");
    assert!(has("Latvia", "Country") || has("Riga", "Location"), "{e:?}");
    // the surname alone is the same person, not a second entity
    assert!(!e.iter().any(|(a, _)| a == "Orsen"), "{e:?}");
}

#[test]
fn odd_articles_still_extract() {
    // accents, ALL CAPS headline, lowercase text, an empty body, a very long article
    let e = entities(
        "ZURICH BANK FINED BY SWISS REGULATOR\n\n\
         Nguyễn Thị Lan, a spokeswoman for the bank in Zürich, said the fine from the Swiss \
         regulator was unfair. Officials in São Paulo declined to comment.",
    );
    let names: Vec<&str> = e.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.iter().any(|n| n.starts_with("Nguyễn")), "{e:?}");
    assert!(names.contains(&"Zürich"), "{e:?}");
    assert!(names.contains(&"São Paulo"), "{e:?}");
    assert!(names.contains(&"Switzerland"), "{e:?}");

    let shouted = entities(
        "Union Walkout\n\nMembers of the Nigeria Labour Congress carried banners reading POWER FOR \
         ALL, NOT FOR SOME outside the ministry in Abuja.",
    );
    assert!(
        !shouted
            .iter()
            .any(|(n, _)| n == "ALL" || n == "SOME" || n.contains("POWER")),
        "{shouted:?}"
    );
    assert!(
        shouted.iter().any(|(n, _)| n == "Nigeria Labour Congress"),
        "{shouted:?}"
    );

    // lowercase text: no capitals to go by; whatever is found must not be function words
    let lower = entities("the president of france met officials in berlin on tuesday.");
    assert!(
        lower
            .iter()
            .all(|(n, _)| !matches!(n.as_str(), "the" | "president" | "officials" | "tuesday")),
        "{lower:?}"
    );

    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.md", "Title: Nothing here\n\n");
    let long_text = "Angela Merkel met Emmanuel Macron in Paris. ".repeat(5000);
    let long = write(
        dir.path(),
        "long.txt",
        &format!("A long one\n\n{long_text}"),
    );
    let out = bin().arg("extract").arg(&long).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let merkel = v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "Angela Merkel")
        .expect("Merkel found");
    assert_eq!(merkel["mentions"].as_array().unwrap().len(), 5000);
    // an article with no text: reported with its file, the others still extracted (exit 1)
    let out = bin()
        .arg("extract")
        .arg(&empty)
        .arg(&long)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("empty.md") && err.contains("empty article"),
        "{err}"
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
}

#[test]
fn back_references_point_at_their_entity() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "coref.txt",
        "Revenue Deal\n\n\
         The Kenya Revenue Authority (KRA) said on Monday it would cooperate with the Internal \
         Revenue Service. KRA officials met Nguyễn Văn Thành in Nairobi, Kenya. The country has long \
         resisted the plan, Thành said. Later, Microsoft Corp said the company would invest.",
    );
    let v = extract_json(&[&p]);
    let ents = v[0]["entities"].as_array().unwrap();
    let mentions = |name: &str| -> Vec<String> {
        ents.iter()
            .find(|e| e["name"] == name)
            .unwrap_or_else(|| panic!("{name} missing: {ents:?}"))["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["text"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        mentions("Kenya Revenue Authority").len(),
        3,
        "acronym in brackets and alone"
    );
    assert!(mentions("Kenya").contains(&"The country".to_string()));
    assert!(mentions("Nguyễn Văn Thành").contains(&"Thành".to_string()));
    assert!(mentions("Microsoft").contains(&"the company".to_string()));
    assert!(
        !ents
            .iter()
            .any(|e| e["name"] == "KRA" || e["name"] == "Thành"),
        "{ents:?}"
    );
}

#[test]
fn eval_ner_fine_lists_its_mistakes() {
    let dir = tempfile::tempdir().unwrap();
    // CrossNER's layout: token and tag, a blank line between sentences; the lower-case "harbour"
    // tagged a location is a gold entity no recogniser finds from its form
    let gold = write(
        dir.path(),
        "politics.txt",
        "Prime\tO\nMinister\tO\nJane\tB-politician\nHalvorsen\tI-politician\nvisited\tO\nFrance\tB-country\n.\tO\n\n\
         They\tO\nmet\tO\nat\tO\nthe\tO\nharbour\tB-location\n.\tO\n",
    );
    let errors = dir.path().join("fine-errors.jsonl");
    let v = eval_listing(&["--fine"], &gold, &errors);
    assert_eq!(v["mode"], "fine", "{v}");
    let listing = std::fs::read_to_string(&errors).unwrap();
    let lines: Vec<serde_json::Value> = listing
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let missed = lines
        .iter()
        .find(|e| e["kind"] == "missed" && e["gold"]["text"] == "harbour")
        .unwrap_or_else(|| panic!("{listing}"));
    assert_eq!(missed["gold"]["type"], "Location", "{missed}");
    assert_eq!(missed["document"], 1, "{missed}");
    assert_eq!(missed["sentence"], "They met at the harbour .", "{missed}");
    assert!(
        lines.iter().all(|e| e["gold_file"].is_string()),
        "{listing}"
    );
    // the scores count the listed miss: one gold Location, none found
    let rows = v["types"].as_array().unwrap();
    let loc = rows.iter().find(|r| r["type"] == "Location").unwrap();
    assert_eq!(
        (loc["gold"].as_u64(), loc["correct"].as_u64()),
        (Some(1), Some(0)),
        "{v}"
    );
}
