//! Shared by the CLI's tests that run elections and read their records.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the `sailau` binary.
pub fn sailau(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sailau"))
        .args(args)
        .output()
        .unwrap()
}

/// A folder of this test process that does not exist yet.
pub fn fresh(test: &str, name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("{test}-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// Every file of a record folder outside `private/` (and the registries' ledger beside it), by
/// its path in the record, sorted.
pub fn published(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            // The demo's working files, and the registries' ledger it writes beside the record
            // (not part of the record: `sailau registry check` checks it, tests/registry.rs).
            if rel.starts_with("private") || rel == "registry.jsonl" {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// A compact ballot log (docs/protocol.md §11.5) without its first entry: the header, then
/// the entries after the first, whose length (u32, big-endian) leads it.
pub fn without_first_entry(log: &[u8]) -> Vec<u8> {
    let header = b"sailau-ballots/1\n".len();
    let len = u32::from_be_bytes(log[header..header + 4].try_into().unwrap()) as usize;
    [&log[..header], &log[header + 4 + len..]].concat()
}
