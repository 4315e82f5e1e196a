//! Helpers the benchmark harnesses share (each uses part of them).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The `.txt` files under a folder, recursively, sorted.
pub fn txt_files_under(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "txt") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out.sort();
    out
}

/// Runs a command (its stdio as the caller set it) to its end and checks it succeeded;
/// returns its wall time in seconds and its peak RSS in MB (from `wait4`).
// the child is reaped by wait4 (for its rusage), which clippy cannot see
#[allow(clippy::zombie_processes)]
pub fn run_measured(c: &mut Command) -> (f64, f64) {
    let started = Instant::now();
    let child = c.spawn().expect("newsgraph starts");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child; `status` and `usage` are valid for writes
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let secs = started.elapsed().as_secs_f64();
    assert_eq!(waited, pid, "wait4 failed");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{c:?} failed"
    );
    (secs, usage.ru_maxrss as f64 / 1024.0)
}
