//! The station's SQLite database: one file per station, in WAL mode with full synchronous
//! commits, so that a commit is on disk (fsync) before anything is acknowledged, and two
//! ballot boxes of one station may write to it at once.
//!
//! What is deliberately absent: no table links a voter to a token or a ballot. The desk
//! records that a voter received a card (`issued`), the box records that a token was used
//! (`used_tokens`) and which ballots it holds (`ballot_log`); the token is the only thing the
//! two share, and it is stored only on the box's side. The tables keyed by IIN or token are
//! `WITHOUT ROWID`, ordered by their key rather than by time, and the turnout tables keep
//! counts per hour, never a voter's time.

use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::time::Duration;

pub(crate) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS terminals (public_key TEXT PRIMARY KEY, device TEXT NOT NULL UNIQUE) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS voters (iin TEXT PRIMARY KEY, name TEXT NOT NULL, birth TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS certificates (iin TEXT PRIMARY KEY, number TEXT NOT NULL UNIQUE, contests TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS honoured (number TEXT PRIMARY KEY, home TEXT NOT NULL, contests TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reported (number TEXT NOT NULL, act TEXT NOT NULL, answer TEXT NOT NULL, PRIMARY KEY (number, act)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS mobile_requests (iin TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS issued (iin TEXT PRIMARY KEY, how TEXT NOT NULL, contests TEXT NOT NULL, certificate TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS turnout (hour INTEGER PRIMARY KEY, voters INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS absentee_turnout (hour INTEGER PRIMARY KEY, voters INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS paper_received (contest TEXT PRIMARY KEY, count INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS paper_entries (contest TEXT NOT NULL, member TEXT NOT NULL, counts TEXT NOT NULL, PRIMARY KEY (contest, member)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS used_tokens (nonce TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS terminal_closing (device TEXT PRIMARY KEY, ballots INTEGER NOT NULL, last TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ballot_log (position INTEGER PRIMARY KEY, line TEXT NOT NULL, code TEXT NOT NULL UNIQUE, head TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS partials (guardian INTEGER PRIMARY KEY, body BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS observers_present (number TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, arrived INTEGER NOT NULL) WITHOUT ROWID;
";

/// Opens (or, with `create`, creates) a station database with the pragmas every connection
/// needs.
pub(crate) fn open(path: &Path, create: bool) -> rusqlite::Result<Connection> {
    let flags = if create {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
    };
    let db = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    db.busy_timeout(Duration::from_secs(30))?;
    // WAL: readers never block the writer, and a commit is one append plus one fsync.
    // synchronous=FULL: the WAL is synced at every commit, so an acknowledged ballot survives
    // a crash or a power cut. secure_delete: freed pages are zeroed.
    db.pragma_update(None, "journal_mode", "WAL")?;
    db.pragma_update(None, "synchronous", "FULL")?;
    db.pragma_update(None, "secure_delete", "ON")?;
    db.pragma_update(None, "foreign_keys", "ON")?;
    Ok(db)
}

/// Makes a file readable and writable by its owner only: the station's database holds its
/// signing keys and the voter list, the terminal's folder its key.
pub(crate) fn private(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    let _ = path;
    Ok(())
}

/// Writes a file whole or not at all: to a temporary name beside it, synced, renamed over the
/// old one, and the folder synced, so that after a crash the file holds either its old content
/// or its new, and the new survives a power cut once this returns. Cards and the terminal's
/// chain position are written this way.
pub(crate) fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = std::path::PathBuf::from(tmp);
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}
