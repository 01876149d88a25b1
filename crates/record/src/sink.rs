//! Writing the record: to a folder, each file whole or not at all, or into a tar for the
//! service's download. Both take the same files at the same paths ([`Layout`]).

use crate::Layout;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a file of the record could not be written.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub struct WriteError {
    /// Where.
    pub path: String,
    /// What the system said.
    #[source]
    pub source: std::io::Error,
}

/// Where the record's files go.
pub trait Sink {
    /// Writes one file of the record.
    fn put(&mut self, file: &Layout, bytes: &[u8]) -> Result<(), WriteError>;
}

/// Writes a file whole or not at all: to a temporary name beside it, synced, then renamed
/// over, so a crash leaves the old file or the new one, never a part. `mode` is the Unix
/// permission from the moment the file exists (0o600 for a secret).
pub fn write_whole(path: &Path, bytes: &[u8], mode: u32) -> Result<(), WriteError> {
    let err = |source| WriteError {
        path: path.display().to_string(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, mode);
    #[cfg(not(unix))]
    let _ = mode;
    let mut f = options.open(&tmp).map_err(err)?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            // A full disk or a failing device leaves no part of the file behind.
            let _ = std::fs::remove_file(&tmp);
            err(e)
        })
}

/// A record in a folder.
pub struct Folder {
    root: PathBuf,
}

impl Folder {
    /// The record at `root`.
    pub fn at(root: impl Into<PathBuf>) -> Folder {
        Folder { root: root.into() }
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where a file of the record lies on disk.
    pub fn path(&self, file: &Layout) -> PathBuf {
        self.root.join(file.path())
    }

    /// Writes one file of the record, whole or not at all. It needs no `&mut`: stations
    /// closing in parallel each write their own files at once.
    pub fn write(&self, file: &Layout, bytes: &[u8]) -> Result<(), WriteError> {
        write_whole(&self.path(file), bytes, 0o644)
    }
}

impl Sink for Folder {
    fn put(&mut self, file: &Layout, bytes: &[u8]) -> Result<(), WriteError> {
        self.write(file, bytes)
    }
}

/// A record as a tar, under a root folder (the election's id): entries carry no dates or
/// owners, so the same record gives the same bytes.
pub struct Tar<W: Write> {
    builder: tar::Builder<W>,
    root: String,
}

impl<W: Write> Tar<W> {
    /// A tar written to `out`, its entries under `root/`.
    pub fn new(out: W, root: &str) -> Tar<W> {
        Tar {
            builder: tar::Builder::new(out),
            root: root.to_string(),
        }
    }

    /// Ends the tar and hands the writer back.
    pub fn finish(self) -> Result<W, WriteError> {
        self.builder.into_inner().map_err(|source| WriteError {
            path: "the tar's end".into(),
            source,
        })
    }
}

impl<W: Write> Sink for Tar<W> {
    fn put(&mut self, file: &Layout, bytes: &[u8]) -> Result<(), WriteError> {
        let path = format!("{}/{}", self.root, file.path());
        let mut h = tar::Header::new_ustar();
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        h.set_mtime(0);
        h.set_uid(0);
        h.set_gid(0);
        h.set_entry_type(tar::EntryType::Regular);
        self.builder
            .append_data(&mut h, &path, bytes)
            .map_err(|source| WriteError { path, source })
    }
}
