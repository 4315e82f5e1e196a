//! The store directory, and how readers and a writer share it.
//!
//! - **What a store is.** A newsgraph store is a directory holding RocksDB's files and a marker
//!   file, [`MARKER`], naming the store format ([`FORMAT_VERSION`]). A directory with RocksDB's
//!   `CURRENT` file but no marker is a store written before the marker existed: it is accepted,
//!   and marked at its next write. [`check_writable`] refuses any other non-empty directory,
//!   so `--store articles/` never scatters RocksDB files among articles, and [`check_output`]
//!   refuses output paths inside a store, so `-o STORE/CURRENT` never overwrites a store file.
//! - **Readers during a write.** Opening RocksDB read-only while another process writes it is
//!   undefined behaviour (Oxigraph says so): the read-only open lists the write-ahead logs and
//!   reads the MANIFEST while the writer rotates and deletes them, so it fails now and then with
//!   "No such file or directory" or "Corruption", and replays a long log for seconds. Oxigraph
//!   0.5 has no secondary mode. So readers never open the live files while a writer is at work:
//!   a writer holds an exclusive lock on [`LOCK_FILE`] and publishes a snapshot (a RocksDB
//!   checkpoint: hard links to the immutable table files, taken right after its open, before it
//!   writes) for readers, named in [`SNAPSHOT_FILE`]; a reader takes the lock shared while it
//!   opens the live store, or, when a writer holds it, opens the writer's snapshot: the store as
//!   it was when the write began, consistent, and never touched by the writer. A reader opens
//!   every table file when it opens a store (see `vendor/README.md`), so a snapshot taken away
//!   or a table compacted away while its query runs stays readable through the open files.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, Result};

/// The marker file of a newsgraph store.
pub const MARKER: &str = "newsgraph-store";
/// The store format this version reads and writes.
pub const FORMAT_VERSION: u32 = 1;
/// The file a writer locks exclusively and a reader shares while it opens the live store.
pub const LOCK_FILE: &str = "newsgraph.lock";
/// Names the readers' snapshot while a writer is at work.
pub const SNAPSHOT_FILE: &str = "newsgraph-snapshot";
const SNAPSHOT_PREFIX: &str = "snapshot-";

/// What a directory is, to a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirKind {
    /// Nothing there yet.
    Missing,
    /// An empty directory.
    Empty,
    /// A newsgraph store (with its marker, or RocksDB files from before the marker).
    Store,
    /// A non-empty directory that is not a store.
    Other,
}

/// Whether `dir` looks like a store: its marker or RocksDB's `CURRENT` file.
pub fn is_store(dir: &Path) -> bool {
    dir.join(MARKER).is_file() || dir.join("CURRENT").is_file()
}

pub fn kind(dir: &Path) -> Result<DirKind> {
    match std::fs::metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(DirKind::Missing),
        Err(e) => return Err(Error::io(dir, e)),
        Ok(m) if !m.is_dir() => {
            return Err(store_err(
                dir,
                "is a file, not a store directory (choose another --store)",
            ))
        }
        Ok(_) => {}
    }
    if is_store(dir) {
        return Ok(DirKind::Store);
    }
    let mut entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    Ok(if entries.next().is_none() {
        DirKind::Empty
    } else {
        DirKind::Other
    })
}

/// The format version a store's marker names (`None`: no marker, a store from before it).
pub fn format_version(dir: &Path) -> Result<Option<u32>> {
    let path = dir.join(MARKER);
    let text = match std::fs::read_to_string(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(&path, e)),
        Ok(t) => t,
    };
    text.lines()
        .find_map(|l| l.strip_prefix("format ")?.trim().parse().ok())
        .map(Some)
        .ok_or_else(|| {
            store_err(
                dir,
                format!("{MARKER}: no `format N` line (the marker file was changed by hand?)"),
            )
        })
}

/// A store this version can read: no marker (older store) or a format it knows.
pub fn check_format(dir: &Path) -> Result<()> {
    match format_version(dir)? {
        Some(v) if v > FORMAT_VERSION => Err(store_err(
            dir,
            format!(
                "store format {v} is newer than this newsgraph reads ({FORMAT_VERSION}); upgrade newsgraph"
            ),
        )),
        _ => Ok(()),
    }
}

/// A directory a store may be written into: missing, empty, or a store. Anything else is
/// refused, so that a folder of articles never receives RocksDB's files.
pub fn check_writable(dir: &Path) -> Result<DirKind> {
    let k = kind(dir)?;
    match k {
        DirKind::Other => {
            let mut names: Vec<String> = std::fs::read_dir(dir)
                .map_err(|e| Error::io(dir, e))?
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            let more = names.len().saturating_sub(3);
            names.truncate(3);
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            Err(store_err(
                dir,
                format!(
                    "not a newsgraph store, and not empty (it holds {}{more}); pass --store a new or empty directory",
                    names.join(", ")
                ),
            ))
        }
        DirKind::Store => check_format(dir).map(|()| k),
        _ => Ok(k),
    }
}

/// Create the store directory (and its parents) and its marker.
pub fn create(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    mark(dir)
}

/// Write the marker when it is missing (a store from before the marker is marked at its first
/// write).
pub fn mark(dir: &Path) -> Result<()> {
    let path = dir.join(MARKER);
    if path.is_file() {
        return Ok(());
    }
    let text = format!(
        "newsgraph store\nformat {FORMAT_VERSION}\n# RocksDB files written by newsgraph {}: do not put other files here\n",
        env!("CARGO_PKG_VERSION")
    );
    write_atomic(&path, text.as_bytes())
}

/// The file naming the remote store a directory is the local state of (see
/// [`crate::mirror`]).
pub const MIRROR_FILE: &str = "newsgraph-remote";

/// The remote store `dir` is the local state of, if it is one.
pub fn mirror_of(dir: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(dir.join(MIRROR_FILE)) {
        Ok(s) => Ok(s.lines().next().map(|l| l.trim().to_string())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(dir.join(MIRROR_FILE), e)),
    }
}

/// Record that `dir` is the local state of the remote store `name`.
pub fn set_mirror(dir: &Path, name: &str) -> Result<()> {
    let text = format!(
        "{name}\n# this store is the local state of the remote store above: its metadata and entity graphs, and what resolution reads of each article\n"
    );
    write_atomic(&dir.join(MIRROR_FILE), text.as_bytes())
}

/// Refuse an output file inside a store directory (writing it would damage the store).
pub fn check_output(path: &Path) -> Result<()> {
    let abs = std::path::absolute(path).map_err(|e| Error::io(path, e))?;
    // the folders the file would be written in, as named and with symbolic links resolved
    let mut dirs: Vec<PathBuf> = abs.ancestors().skip(1).map(Path::to_path_buf).collect();
    if let Some(real) = abs.parent().and_then(|p| std::fs::canonicalize(p).ok()) {
        dirs.extend(real.ancestors().map(Path::to_path_buf));
    }
    if let Some(store) = dirs.iter().find(|d| is_store(d)) {
        return Err(Error::Output(format!(
            "refusing to write {}: it is inside the newsgraph store {} (write it elsewhere)",
            path.display(),
            store.display()
        )));
    }
    if is_store(&abs) {
        return Err(Error::Output(format!(
            "refusing to write {}: it is a newsgraph store",
            path.display()
        )));
    }
    Ok(())
}

fn store_err(dir: &Path, message: impl Into<String>) -> Error {
    Error::Store {
        path: dir.to_path_buf(),
        message: message.into(),
    }
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension(format!("{}.tmp", std::process::id()));
    let io = |e| Error::io(path, e);
    let mut f = File::create(&tmp).map_err(io)?;
    f.write_all(bytes).map_err(io)?;
    f.sync_all().map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

/// The writer's hold on a store directory: an exclusive lock on [`LOCK_FILE`] and, once
/// published, the readers' snapshot. Dropping it takes the snapshot away and releases the lock.
#[derive(Debug)]
pub struct WriteLock {
    dir: PathBuf,
    _file: File,
    snapshot: Option<PathBuf>,
    keep: bool,
}

/// How long a writer waits for readers that are opening the store (they hold the lock shared
/// for the length of an open), and so how long a second writer waits before it is refused.
const WRITER_WAIT: Duration = Duration::from_secs(10);

impl WriteLock {
    /// Lock `dir` (which must exist) for writing; a snapshot left by a writer that was killed is
    /// removed.
    pub fn acquire(dir: &Path) -> Result<Self> {
        let path = dir.join(LOCK_FILE);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        let mut waited = Duration::ZERO;
        let mut pause = Duration::from_millis(10);
        loop {
            match lock::try_exclusive(&file) {
                Ok(true) => break,
                Ok(false) if waited < WRITER_WAIT => {
                    std::thread::sleep(pause);
                    waited += pause;
                    pause = (pause * 2).min(Duration::from_millis(500));
                }
                Ok(false) => {
                    return Err(store_err(
                        dir,
                        "locked: another newsgraph process is writing to this store (wait for it to finish)",
                    ))
                }
                Err(e) => return Err(Error::io(&path, e)),
            }
        }
        let lock = WriteLock {
            dir: dir.to_path_buf(),
            _file: file,
            snapshot: None,
            keep: false,
        };
        lock.remove_snapshots();
        lock.remove_bulk_files();
        Ok(lock)
    }

    /// A fresh directory name for the readers' snapshot (it must not exist).
    pub fn snapshot_dir(&self) -> PathBuf {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        self.dir
            .join(format!("{SNAPSHOT_PREFIX}{}-{nanos}", std::process::id()))
    }

    /// Readers open `snapshot` (a complete checkpoint of the store) from now on, until this lock
    /// is dropped.
    pub fn publish(&mut self, snapshot: PathBuf) -> Result<()> {
        let name = snapshot
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        write_atomic(
            &self.dir.join(SNAPSHOT_FILE),
            format!("{name}\n").as_bytes(),
        )?;
        if let Some(old) = self.snapshot.replace(snapshot) {
            // a reader that opened it keeps its files open; a reader opening it now retries
            let _ = std::fs::remove_dir_all(old);
        }
        Ok(())
    }

    /// Whether readers have a snapshot to open.
    /// Leave the published snapshot in place when this lock goes (the live store holds a half
    /// written article that readers must not see; the next writer removes both).
    pub fn keep_snapshot(&mut self) {
        self.keep = true;
    }

    pub fn has_snapshot(&self) -> bool {
        self.snapshot.is_some()
    }

    /// Remove the table files a bulk load left when its writer was killed (Oxigraph writes them
    /// in the store directory as `bulk-*.sst` and removes them once RocksDB has taken them in;
    /// no load is at work while this lock is held).
    fn remove_bulk_files(&self) {
        if let Ok(entries) = std::fs::read_dir(&self.dir) {
            for e in entries.flatten() {
                let name = e.file_name();
                let name = name.to_string_lossy();
                if name.starts_with("bulk-") && name.ends_with(".sst") {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
    }

    fn remove_snapshots(&self) {
        let _ = std::fs::remove_file(self.dir.join(SNAPSHOT_FILE));
        if let Ok(entries) = std::fs::read_dir(&self.dir) {
            for e in entries.flatten() {
                if e.file_name().to_string_lossy().starts_with(SNAPSHOT_PREFIX) {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
    }
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        if self.keep {
            return;
        }
        // readers that opened the snapshot keep its files open (RocksDB opens the table files
        // when it opens a store), so taking it away does not disturb them
        self.remove_snapshots();
    }
}

/// Where a reader should open the store, decided under the lock protocol.
pub enum ReadFrom {
    /// No writer: the live store, with the lock held shared until the guard is dropped (drop it
    /// once the store is open).
    Live(Option<File>),
    /// A writer is at work and published this snapshot.
    Snapshot(PathBuf),
    /// A writer is at work and has no snapshot (yet, or at all: a store's first ingest).
    Busy,
}

/// Decide where to read `dir` from now.
/// The snapshot a writer published, if its directory is still there (a writer killed before it
/// could remove it leaves it behind until the next writer opens the store).
pub fn published_snapshot(dir: &Path) -> Option<PathBuf> {
    let name = std::fs::read_to_string(dir.join(SNAPSHOT_FILE)).ok()?;
    let name = name.trim();
    if name.starts_with(SNAPSHOT_PREFIX) && !name.contains(['/', '\\']) {
        let snap = dir.join(name);
        if snap.join("CURRENT").is_file() {
            return Some(snap);
        }
    }
    None
}

pub fn read_from(dir: &Path) -> Result<ReadFrom> {
    let path = dir.join(LOCK_FILE);
    let file = match File::open(&path) {
        Ok(f) => f,
        // a store never written by a version with the lock file
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ReadFrom::Live(None)),
        Err(e) => return Err(Error::io(&path, e)),
    };
    if lock::try_shared(&file).map_err(|e| Error::io(&path, e))? {
        return Ok(ReadFrom::Live(Some(file)));
    }
    Ok(published_snapshot(dir).map_or(ReadFrom::Busy, ReadFrom::Snapshot))
}

#[cfg(unix)]
mod lock {
    use std::fs::File;
    use std::os::fd::AsRawFd;

    fn flock(file: &File, op: libc::c_int) -> std::io::Result<bool> {
        // SAFETY: flock on a descriptor this File owns; no memory is shared with the call
        let r = unsafe { libc::flock(file.as_raw_fd(), op | libc::LOCK_NB) };
        if r == 0 {
            return Ok(true);
        }
        let e = std::io::Error::last_os_error();
        if e.kind() == std::io::ErrorKind::WouldBlock {
            Ok(false)
        } else {
            Err(e)
        }
    }

    pub fn try_exclusive(file: &File) -> std::io::Result<bool> {
        flock(file, libc::LOCK_EX)
    }

    pub fn try_shared(file: &File) -> std::io::Result<bool> {
        flock(file, libc::LOCK_SH)
    }
}

#[cfg(not(unix))]
mod lock {
    use std::fs::File;

    // no advisory locks: readers always open the live store (RocksDB's own lock still keeps
    // writers apart)
    pub fn try_exclusive(_: &File) -> std::io::Result<bool> {
        Ok(true)
    }

    pub fn try_shared(_: &File) -> std::io::Result<bool> {
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(name: &str) -> PathBuf {
        let d =
            std::env::temp_dir().join(format!("newsgraph-storedir-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn kinds_and_refusals() {
        let d = tmp("kinds");
        assert_eq!(kind(&d).unwrap(), DirKind::Missing);
        std::fs::create_dir_all(&d).unwrap();
        assert_eq!(check_writable(&d).unwrap(), DirKind::Empty);
        std::fs::write(d.join("a.txt"), "an article").unwrap();
        let e = check_writable(&d).unwrap_err().to_string();
        assert!(
            e.contains("not a newsgraph store") && e.contains("a.txt"),
            "{e}"
        );
        std::fs::remove_file(d.join("a.txt")).unwrap();
        create(&d).unwrap();
        assert_eq!(check_writable(&d).unwrap(), DirKind::Store);
        assert_eq!(format_version(&d).unwrap(), Some(FORMAT_VERSION));
        let e = check_output(&d.join("CURRENT")).unwrap_err().to_string();
        assert!(e.contains("inside the newsgraph store"), "{e}");
        assert!(check_output(&d.join("sub/x.ttl")).is_err());
        assert!(check_output(&d.with_extension("ttl")).is_ok());
        std::fs::write(d.join(MARKER), "newsgraph store\nformat 99\n").unwrap();
        assert!(check_writable(&d)
            .unwrap_err()
            .to_string()
            .contains("newer"));
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn readers_see_the_snapshot_while_a_writer_holds_the_lock() {
        let d = tmp("lock");
        std::fs::create_dir_all(&d).unwrap();
        assert!(matches!(read_from(&d).unwrap(), ReadFrom::Live(None)));
        let mut w = WriteLock::acquire(&d).unwrap();
        assert!(matches!(read_from(&d).unwrap(), ReadFrom::Busy));
        let snap = w.snapshot_dir();
        std::fs::create_dir_all(&snap).unwrap();
        std::fs::write(snap.join("CURRENT"), "MANIFEST-000001\n").unwrap();
        w.publish(snap.clone()).unwrap();
        assert!(matches!(read_from(&d).unwrap(), ReadFrom::Snapshot(s) if s == snap));
        drop(w);
        assert!(!snap.exists());
        assert!(matches!(read_from(&d).unwrap(), ReadFrom::Live(Some(_))));
        std::fs::remove_dir_all(&d).unwrap();
    }
}
