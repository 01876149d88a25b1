//! Reading the compact ballot log `ballots.bin` (docs/protocol.md §11.5),
//! written from the format's description and not from the writer's code. Each entry is one
//! line of `ballots.jsonl` in binary, so it is read into the same [`Ballot`], and its line is
//! that ballot's canonical JSON: the log's head (§15.1) is computed over those lines. The
//! reading is strict (every length exact, no byte left over, the state 0 or 1), so one ballot
//! has one entry; points and scalars are judged later by the checks, as in the JSON form.

use crate::record::{Ballot, BallotContest, Branch, Hex32, Opening, Selection, State};

/// The header of a `ballots.bin`: the format and its version.
pub const MAGIC: &[u8] = b"sailau-ballots/1\n";

/// True when the bytes are a compact log (a JSON log starts with `{` or is empty).
pub fn is_compact(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if n > self.0.len() {
            return Err(format!("{n} bytes wanted, {} left", self.0.len()));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], String> {
        Ok(self.take(N)?.try_into().expect("N bytes"))
    }
    fn hex(&mut self) -> Result<Hex32, String> {
        self.array().map(Hex32)
    }
    fn count(&mut self) -> Result<usize, String> {
        self.array().map(|b| u16::from_be_bytes(b) as usize)
    }
    fn id(&mut self) -> Result<String, String> {
        let n = self.count()?;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| "an id is not UTF-8".to_string())
    }
    fn branches(&mut self) -> Result<Vec<Branch>, String> {
        (0..self.count()?)
            .map(|_| {
                Ok(Branch {
                    a: self.hex()?,
                    b: self.hex()?,
                    c: self.hex()?,
                    v: self.hex()?,
                })
            })
            .collect()
    }
}

/// One entry, without its length.
fn ballot(entry: &[u8]) -> Result<Ballot, String> {
    let mut c = Cursor(entry);
    let state = match c.array::<1>()?[0] {
        0 => State::Cast,
        1 => State::Challenged,
        other => {
            return Err(format!(
                "state {other}: neither 0 (cast) nor 1 (challenged)"
            ))
        }
    };
    let device = c.id()?;
    let seq = u64::from_be_bytes(c.array()?);
    let style = c.id()?;
    let prev = c.hex()?;
    let code = c.hex()?;
    let mut contests = Vec::new();
    for _ in 0..c.count()? {
        let contest = c.id()?;
        let mut selections = Vec::new();
        for _ in 0..c.count()? {
            let alpha = c.hex()?;
            let beta = c.hex()?;
            let proof = c.branches()?;
            let opening = match state {
                State::Challenged => Some(Opening {
                    value: u64::from_be_bytes(c.array()?),
                    nonce: c.hex()?,
                }),
                State::Cast => None,
            };
            selections.push(Selection {
                alpha,
                beta,
                proof,
                opening,
            });
        }
        let proof = c.branches()?;
        contests.push(BallotContest {
            contest,
            selections,
            proof,
        });
    }
    if !c.0.is_empty() {
        return Err(format!("bytes left after the ballot: {}", c.0.len()));
    }
    Ok(Ballot {
        device,
        seq,
        style,
        state,
        prev,
        code,
        contests,
    })
}

/// Every entry of a compact log, in order; `Err` names the first entry that cannot be read
/// (from 1) and why.
pub fn read(bytes: &[u8]) -> Result<Vec<Ballot>, (u64, String)> {
    let mut c = Cursor(
        bytes
            .strip_prefix(MAGIC)
            .ok_or((0, "not a sailau-ballots/1 file".to_string()))?,
    );
    let mut out = Vec::new();
    while !c.0.is_empty() {
        let n = out.len() as u64 + 1;
        let entry = c
            .array()
            .map(u32::from_be_bytes)
            .and_then(|len| c.take(len as usize))
            .map_err(|e| (n, format!("cut short: {e}")))?;
        out.push(ballot(entry).map_err(|e| (n, e))?);
    }
    Ok(out)
}
