//! The compact ballot log, `ballots.bin` (docs/protocol.md §11.5): the
//! lines of `ballots.jsonl` in binary, 32-byte points and scalars as they are, every length a
//! fixed-width integer, nothing optional. It carries exactly what the line carries, so each
//! line has one compact entry and each entry one line: the ballot log's head (§15.1) and the
//! station's seal stay defined over the JSON lines, and a reader turns the entries back into
//! them. An 8-option ballot is 2.9 KB here against 6.7 KB as JSON.
//!
//! This is the writer's side. `sailau-verify` reads the format with code of its own.

use crate::ballot::{EncryptedBallot, EncryptedContest, EncryptedSelection, Opening};
use crate::el_gamal::{Ciphertext, Encoded};
use crate::range_proof::{Branch, RangeProof};
use crate::reading::{array, bytes32, err, field, number, text, ReadError};
use crate::record::h;
use sailau_group::{decode_point, decode_scalar};
use serde_json::{json, Value};

/// The first bytes of every `ballots.bin`: the format and its version.
pub const MAGIC: &[u8] = b"sailau-ballots/1\n";

/// A branch of a range proof as published: commitments a, b, challenge c, response v.
pub(crate) struct RawBranch(pub [[u8; 32]; 4]);

/// A selection as published; the opening only on a challenged ballot.
pub(crate) struct RawSelection {
    pub alpha: [u8; 32],
    pub beta: [u8; 32],
    pub proof: Vec<RawBranch>,
    pub opening: Option<(u64, [u8; 32])>,
}

/// A contest of a ballot as published.
pub(crate) struct RawContest {
    pub contest: String,
    pub selections: Vec<RawSelection>,
    pub proof: Vec<RawBranch>,
}

/// A ballot as the record carries it: bytes, not points. One value has one line and one
/// compact entry.
pub(crate) struct RawBallot {
    pub device: String,
    pub seq: u64,
    pub style: String,
    pub challenged: bool,
    pub prev: [u8; 32],
    pub code: [u8; 32],
    pub contests: Vec<RawContest>,
}

fn proof_json(p: &[RawBranch]) -> Value {
    Value::Array(
        p.iter()
            .map(|RawBranch([a, b, c, v])| json!({"a": h(a), "b": h(b), "c": h(c), "v": h(v)}))
            .collect(),
    )
}

fn proof_of(v: &Value) -> Result<Vec<RawBranch>, ReadError> {
    v.as_array()
        .ok_or_else(|| err("'proof' is not an array"))?
        .iter()
        .map(|b| {
            Ok(RawBranch([
                bytes32(b, "a")?,
                bytes32(b, "b")?,
                bytes32(b, "c")?,
                bytes32(b, "v")?,
            ]))
        })
        .collect()
}

fn branches(p: &crate::range_proof::RangeProof) -> Vec<RawBranch> {
    p.branches
        .iter()
        .map(|b| RawBranch([b.a.bytes, b.b.bytes, *b.c.as_bytes(), *b.v.as_bytes()]))
        .collect()
}

impl RawBallot {
    /// The ballot as published; a challenged ballot carries its opening.
    pub fn of(b: &EncryptedBallot, opening: Option<&Opening>) -> RawBallot {
        let contests = b
            .contests
            .iter()
            .enumerate()
            .map(|(ci, c)| RawContest {
                contest: c.contest.clone(),
                selections: c
                    .selections
                    .iter()
                    .enumerate()
                    .map(|(si, s)| RawSelection {
                        alpha: s.ciphertext.alpha.bytes,
                        beta: s.ciphertext.beta.bytes,
                        proof: branches(&s.proof),
                        opening: opening.map(|o| (o.values[ci][si], *o.nonces[ci][si].as_bytes())),
                    })
                    .collect(),
                proof: branches(&c.proof),
            })
            .collect();
        RawBallot {
            device: b.device.clone(),
            seq: b.seq,
            style: b.style.clone(),
            challenged: opening.is_some(),
            prev: b.prev,
            code: b.code,
            contests,
        }
    }

    /// The ballot's line of `ballots.jsonl` (§11.2), without its newline.
    pub fn line(&self) -> String {
        let contests: Vec<Value> = self
            .contests
            .iter()
            .map(|c| {
                let selections: Vec<Value> = c
                    .selections
                    .iter()
                    .map(|s| {
                        let mut v = json!({
                            "alpha": h(&s.alpha),
                            "beta": h(&s.beta),
                            "proof": proof_json(&s.proof),
                        });
                        if let Some((value, nonce)) = &s.opening {
                            v["opening"] = json!({ "value": value, "nonce": h(nonce) });
                        }
                        v
                    })
                    .collect();
                json!({
                    "contest": c.contest,
                    "selections": selections,
                    "proof": proof_json(&c.proof),
                })
            })
            .collect();
        let v = json!({
            "device": self.device,
            "seq": self.seq,
            "style": self.style,
            "state": if self.challenged { "challenged" } else { "cast" },
            "prev": h(&self.prev),
            "code": h(&self.code),
            "contests": contests,
        });
        serde_json::to_string(&v).expect("a JSON value always serializes")
    }

    /// Reads a line; it must be exactly the line this ballot writes.
    pub fn of_line(line: &[u8]) -> Result<RawBallot, ReadError> {
        let v: Value = serde_json::from_slice(line).map_err(|e| err(e.to_string()))?;
        let challenged = match text(&v, "state")? {
            "cast" => false,
            "challenged" => true,
            other => return Err(err(format!("unknown state '{other}'"))),
        };
        let contests = array(&v, "contests")?
            .iter()
            .map(|c| {
                let selections = array(c, "selections")?
                    .iter()
                    .map(|s| {
                        let opening = match challenged {
                            true => {
                                let o = field(s, "opening")?;
                                Some((number(o, "value")?, bytes32(o, "nonce")?))
                            }
                            false => None,
                        };
                        Ok(RawSelection {
                            alpha: bytes32(s, "alpha")?,
                            beta: bytes32(s, "beta")?,
                            proof: proof_of(field(s, "proof")?)?,
                            opening,
                        })
                    })
                    .collect::<Result<_, ReadError>>()?;
                Ok(RawContest {
                    contest: text(c, "contest")?.to_string(),
                    selections,
                    proof: proof_of(field(c, "proof")?)?,
                })
            })
            .collect::<Result<_, ReadError>>()?;
        let raw = RawBallot {
            device: text(&v, "device")?.to_string(),
            seq: number(&v, "seq")?,
            style: text(&v, "style")?.to_string(),
            challenged,
            prev: bytes32(&v, "prev")?,
            code: bytes32(&v, "code")?,
            contests,
        };
        if raw.line().as_bytes() != line {
            return Err(err("not a canonical ballot line"));
        }
        Ok(raw)
    }

    /// The ballot's points and scalars decoded: the ballot and, if challenged, its opening.
    pub fn decode(self) -> Result<(EncryptedBallot, Option<Opening>), ReadError> {
        let point = |bytes: [u8; 32], key: &str| {
            decode_point(&bytes)
                .map(|point| Encoded { point, bytes })
                .map_err(|e| err(format!("'{key}': {e}")))
        };
        let scalar = |bytes: [u8; 32], key: &str| {
            decode_scalar(&bytes).map_err(|e| err(format!("'{key}': {e}")))
        };
        let proof = |p: Vec<RawBranch>| {
            let branches = p
                .into_iter()
                .map(|RawBranch([a, b, c, v])| {
                    Ok(Branch {
                        a: point(a, "a")?,
                        b: point(b, "b")?,
                        c: scalar(c, "c")?,
                        v: scalar(v, "v")?,
                    })
                })
                .collect::<Result<_, ReadError>>()?;
            Ok::<_, ReadError>(RangeProof { branches })
        };
        let mut opening = Opening {
            values: Vec::new(),
            nonces: Vec::new(),
        };
        let mut contests = Vec::new();
        for c in self.contests {
            let (mut values, mut nonces) = (Vec::new(), Vec::new());
            let mut selections = Vec::new();
            for s in c.selections {
                if let Some((value, nonce)) = s.opening {
                    values.push(value);
                    nonces.push(scalar(nonce, "nonce")?);
                }
                selections.push(EncryptedSelection {
                    ciphertext: Ciphertext {
                        alpha: point(s.alpha, "alpha")?,
                        beta: point(s.beta, "beta")?,
                    },
                    proof: proof(s.proof)?,
                });
            }
            opening.values.push(values);
            opening.nonces.push(nonces);
            contests.push(EncryptedContest {
                contest: c.contest,
                selections,
                proof: proof(c.proof)?,
            });
        }
        let ballot = EncryptedBallot {
            device: self.device,
            seq: self.seq,
            style: self.style,
            contests,
            prev: self.prev,
            code: self.code,
        };
        Ok((ballot, self.challenged.then_some(opening)))
    }

    /// Appends the ballot's compact entry, its length first.
    fn write(&self, out: &mut Vec<u8>) -> Result<(), ReadError> {
        let start = out.len();
        out.extend_from_slice(&[0; 4]);
        out.push(u8::from(self.challenged));
        string(out, &self.device)?;
        out.extend_from_slice(&self.seq.to_be_bytes());
        string(out, &self.style)?;
        out.extend_from_slice(&self.prev);
        out.extend_from_slice(&self.code);
        count(out, self.contests.len(), "contests")?;
        for c in &self.contests {
            string(out, &c.contest)?;
            count(out, c.selections.len(), "selections")?;
            for s in &c.selections {
                out.extend_from_slice(&s.alpha);
                out.extend_from_slice(&s.beta);
                proof(out, &s.proof)?;
                if let Some((value, nonce)) = &s.opening {
                    out.extend_from_slice(&value.to_be_bytes());
                    out.extend_from_slice(nonce);
                }
            }
            proof(out, &c.proof)?;
        }
        let len =
            u32::try_from(out.len() - start - 4).map_err(|_| err("a ballot longer than 4 GiB"))?;
        out[start..start + 4].copy_from_slice(&len.to_be_bytes());
        Ok(())
    }

    /// Reads one compact entry (without its length).
    fn read(entry: &[u8]) -> Result<RawBallot, ReadError> {
        let mut r = Reader(entry);
        let challenged = match r.byte()? {
            0 => false,
            1 => true,
            other => return Err(err(format!("state byte {other} is neither 0 nor 1"))),
        };
        let device = r.string()?;
        let seq = r.u64()?;
        let style = r.string()?;
        let prev = r.b32()?;
        let code = r.b32()?;
        let mut contests = Vec::new();
        for _ in 0..r.u16()? {
            let contest = r.string()?;
            let mut selections = Vec::new();
            for _ in 0..r.u16()? {
                let alpha = r.b32()?;
                let beta = r.b32()?;
                let proof = r.proof()?;
                let opening = match challenged {
                    true => Some((r.u64()?, r.b32()?)),
                    false => None,
                };
                selections.push(RawSelection {
                    alpha,
                    beta,
                    proof,
                    opening,
                });
            }
            let proof = r.proof()?;
            contests.push(RawContest {
                contest,
                selections,
                proof,
            });
        }
        if !r.0.is_empty() {
            return Err(err(format!("bytes left after the ballot: {}", r.0.len())));
        }
        Ok(RawBallot {
            device,
            seq,
            style,
            challenged,
            prev,
            code,
            contests,
        })
    }
}

fn count(out: &mut Vec<u8>, n: usize, what: &str) -> Result<(), ReadError> {
    let n = u16::try_from(n).map_err(|_| err(format!("more than 65,535 {what}")))?;
    out.extend_from_slice(&n.to_be_bytes());
    Ok(())
}

fn string(out: &mut Vec<u8>, s: &str) -> Result<(), ReadError> {
    count(out, s.len(), "bytes in an id")?;
    out.extend_from_slice(s.as_bytes());
    Ok(())
}

fn proof(out: &mut Vec<u8>, p: &[RawBranch]) -> Result<(), ReadError> {
    count(out, p.len(), "branches")?;
    for RawBranch(parts) in p {
        for part in parts {
            out.extend_from_slice(part);
        }
    }
    Ok(())
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ReadError> {
        if self.0.len() < n {
            return Err(err("the entry ends early"));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
    fn byte(&mut self) -> Result<u8, ReadError> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, ReadError> {
        Ok(u16::from_be_bytes(
            self.take(2)?.try_into().expect("2 bytes"),
        ))
    }
    fn u32(&mut self) -> Result<u32, ReadError> {
        Ok(u32::from_be_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
    fn u64(&mut self) -> Result<u64, ReadError> {
        Ok(u64::from_be_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }
    fn b32(&mut self) -> Result<[u8; 32], ReadError> {
        Ok(self.take(32)?.try_into().expect("32 bytes"))
    }
    fn string(&mut self) -> Result<String, ReadError> {
        let n = self.u16()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| err("an id is not UTF-8"))
    }
    fn proof(&mut self) -> Result<Vec<RawBranch>, ReadError> {
        (0..self.u16()?)
            .map(|_| {
                Ok(RawBranch([
                    self.b32()?,
                    self.b32()?,
                    self.b32()?,
                    self.b32()?,
                ]))
            })
            .collect()
    }
}

/// `ballots.jsonl` as `ballots.bin`: each line must be canonical (what the station wrote).
pub fn to_compact(jsonl: &[u8]) -> Result<Vec<u8>, ReadError> {
    let mut out = MAGIC.to_vec();
    if jsonl.is_empty() {
        return Ok(out);
    }
    let body = jsonl
        .strip_suffix(b"\n")
        .ok_or_else(|| err("the last line has no newline"))?;
    for (n, line) in body.split(|&b| b == b'\n').enumerate() {
        RawBallot::of_line(line)
            .and_then(|b| b.write(&mut out))
            .map_err(|e| err(format!("line {}: {e}", n + 1)))?;
    }
    Ok(out)
}

/// The entries of a `ballots.bin`, each as its line of `ballots.jsonl` (without the newline).
/// The first error ends the entries.
pub fn lines(compact: &[u8]) -> impl Iterator<Item = Result<String, ReadError>> + '_ {
    let (mut rest, mut failed) = match compact.strip_prefix(MAGIC) {
        Some(rest) => (rest, None),
        None => (&[][..], Some(err("not a sailau-ballots/1 file"))),
    };
    let mut n = 0u64;
    std::iter::from_fn(move || {
        if let Some(e) = failed.take() {
            return Some(Err(e));
        }
        if rest.is_empty() {
            return None;
        }
        n += 1;
        let mut r = Reader(rest);
        let line = r
            .u32()
            .and_then(|len| r.take(len as usize))
            .and_then(RawBallot::read)
            .map(|b| b.line())
            .map_err(|e| err(format!("entry {n}: {e}")));
        rest = if line.is_ok() { r.0 } else { &[] };
        Some(line)
    })
}

/// `ballots.bin` as `ballots.jsonl`, byte for byte what the station wrote.
pub fn to_jsonl(compact: &[u8]) -> Result<Vec<u8>, ReadError> {
    let mut out = Vec::with_capacity(compact.len() * 5 / 2);
    for line in lines(compact) {
        out.extend_from_slice(line?.as_bytes());
        out.push(b'\n');
    }
    Ok(out)
}
