//! The ballot box's log (docs/protocol.md §15.1): every accepted ballot's record line, in the
//! order accepted, each entry hashing the one before. The head after the last entry is sealed
//! into the signed precinct protocol, so that removing, inserting, changing or reordering any
//! line of the published `ballots.jsonl` changes the head.

use sailau_group::{domain, Transcript};

/// The head before any entry: bound to the election and the precinct.
pub fn start(extended_base_hash: &[u8; 32], precinct: &str) -> [u8; 32] {
    let mut t = Transcript::new(domain::BALLOT_LOG);
    t.bytes(b"extended-base-hash", extended_base_hash);
    t.bytes(b"precinct", precinct.as_bytes());
    t.digest(b"start")
}

/// The head after appending `line` (a record line, without its newline) to `prev`.
pub fn next(prev: &[u8; 32], line: &[u8]) -> [u8; 32] {
    let mut t = Transcript::new(domain::BALLOT_LOG);
    t.bytes(b"prev", prev);
    t.bytes(b"line", line);
    t.digest(b"entry")
}

/// The head of a whole `ballots.jsonl`, and its number of lines.
pub fn head_of(
    extended_base_hash: &[u8; 32],
    precinct: &str,
    ballots_jsonl: &[u8],
) -> ([u8; 32], u64) {
    let mut head = start(extended_base_hash, precinct);
    let mut n = 0;
    for line in ballots_jsonl
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
    {
        head = next(&head, line);
        n += 1;
    }
    (head, n)
}
