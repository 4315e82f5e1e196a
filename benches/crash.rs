//! Crash trials (not a test): `newsgraph ingest` killed with SIGKILL at moments drawn at random
//! over its run, then run again, must leave exactly the store a clean run makes (sorted N-Quads
//! of every graph, and `stats --json`). Run with `cargo bench --bench crash`; it prints one line
//! per trial and exits 1 if any trial differs. Corpus: the first `NEWSGRAPH_CRASH_ARTICLES`
//! (default 400) files of ../shared/data/bbc-news (or NEWSGRAPH_BENCH_DIR), copied into one
//! folder; `NEWSGRAPH_CRASH_TRIALS` trials (default 10), kill moments from a fixed seed
//! (`NEWSGRAPH_CRASH_SEED`, default 2026). New articles are committed in steps of
//! `NEWSGRAPH_CRASH_STEP` quads (`ingest --commit-every`, default 40,000: about five steps in
//! the 400 articles, so that kills fall between steps as they do in a large corpus).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A small deterministic generator (SplitMix64) for the kill moments.
struct SplitMix(u64);

impl SplitMix {
    fn next_unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn newsgraph(store: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_newsgraph"));
    c.env_remove("NEWSGRAPH_STORE").arg("--store").arg(store);
    c
}

fn run(c: &mut Command) -> std::process::Output {
    let out = c.output().expect("newsgraph runs");
    if !out.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&out.stderr));
        std::process::exit(2);
    }
    out
}

/// Every quad as sorted N-Quads lines, without the revision stamp, and `stats --json`.
fn canonical(store: &Path) -> (Vec<String>, String) {
    let out = run(newsgraph(store).args(["export", "--format", "nquads"]));
    let mut lines: Vec<String> = String::from_utf8(out.stdout)
        .expect("N-Quads are UTF-8")
        .lines()
        .filter(|l| !l.contains("#revision>"))
        .map(str::to_string)
        .collect();
    lines.sort();
    let stats = run(newsgraph(store).args(["stats", "--json"]));
    (lines, String::from_utf8_lossy(&stats.stdout).into_owned())
}

/// "... 12 new, 0 changed, 38 unchanged ..." -> the count before `label`.
fn summary_count(err: &str, label: &str) -> usize {
    err.lines()
        .find(|l| l.contains(" unchanged, "))
        .and_then(|line| {
            let at = line.find(&format!(" {label}"))?;
            line[..at]
                .rsplit(|c: char| !c.is_ascii_digit())
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

fn main() {
    let corpus = std::env::var_os("NEWSGRAPH_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/bbc-news")
        });
    let n = env_number("NEWSGRAPH_CRASH_ARTICLES", 400) as usize;
    let trials = env_number("NEWSGRAPH_CRASH_TRIALS", 10);
    let mut rng = SplitMix(env_number("NEWSGRAPH_CRASH_SEED", 2026));

    let mut files: Vec<PathBuf> = common::txt_files_under(&corpus);
    if files.is_empty() {
        eprintln!(
            "no articles under {} (set NEWSGRAPH_BENCH_DIR)",
            corpus.display()
        );
        std::process::exit(2);
    }
    files.truncate(n);
    let work = tempfile::tempdir().expect("a temporary folder");
    let articles = work.path().join("articles");
    std::fs::create_dir_all(&articles).unwrap();
    for (i, f) in files.iter().enumerate() {
        std::fs::copy(f, articles.join(format!("{i:05}.txt"))).unwrap();
    }

    let clean = work.path().join("clean");
    let t = Instant::now();
    let step = env_number("NEWSGRAPH_CRASH_STEP", 40_000).to_string();
    let ingest = ["--quiet", "ingest", "--commit-every", step.as_str()];
    run(newsgraph(&clean).args(ingest).arg(&articles));
    let clean_time = t.elapsed();
    let want = canonical(&clean);
    println!(
        "clean run: {} articles, {:.1} s, {} quads",
        files.len(),
        clean_time.as_secs_f64(),
        want.0.len()
    );

    let mut failed = 0;
    for trial in 1..=trials {
        let store = work.path().join(format!("trial-{trial}"));
        let at = clean_time.mul_f64(0.05 + 0.9 * rng.next_unit());
        let mut writer = newsgraph(&store)
            .args(ingest)
            .arg(&articles)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("newsgraph starts");
        std::thread::sleep(at);
        let finished = writer.try_wait().ok().flatten().is_some();
        let _ = writer.kill();
        let _ = writer.wait();
        let again = run(newsgraph(&store).args(&ingest[1..]).arg(&articles));
        let err = String::from_utf8_lossy(&again.stderr);
        let got = canonical(&store);
        let same = got == want;
        let differing = if same {
            0
        } else {
            got.0
                .iter()
                .filter(|l| want.0.binary_search(l).is_err())
                .count()
                + want
                    .0
                    .iter()
                    .filter(|l| got.0.binary_search(l).is_err())
                    .count()
        };
        if !same {
            failed += 1;
        }
        println!(
            "trial {trial:2}: killed at {:5.2} s{}; the re-run skipped {:4} committed articles and wrote {:4}; {}",
            at.as_secs_f64(),
            if finished { " (had already finished)" } else { "" },
            summary_count(&err, "unchanged"),
            summary_count(&err, "new") + summary_count(&err, "changed"),
            if same {
                "same store as the clean run".to_string()
            } else {
                format!("DIFFERS: {differing} quads, stats same: {}", got.1 == want.1)
            }
        );
        let _ = std::fs::remove_dir_all(&store);
        std::thread::sleep(Duration::from_millis(50));
    }
    println!("{failed} of {trials} trials differ from the clean run");
    if failed > 0 {
        std::process::exit(1);
    }
}
