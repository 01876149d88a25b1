//! One ballot at a time, as a ballot box receives it.
//!
//! The box at a polling station must refuse a bad ballot before it acknowledges the voter, so
//! it runs on each arriving ballot the checks of §12 that concern one ballot alone: canonical
//! form (1), shape (6), selection and contest proofs (7, 8), the opening of a challenged
//! ballot (10) and the confirmation code (the first half of 9). What needs the whole board
//! (chains, duplicates, the tally) is left to `verify` over the published record. The box uses
//! this independent verifier rather than the prover's code on purpose: it trusts nothing the
//! terminal's software computed.

use crate::checks::{election_checks, Ready};
use crate::findings::Findings;
use crate::record::{canonical, Ballot, ElectionFile, State};
use crate::{board, hashes};

/// A ballot that passed every one-ballot check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accepted {
    /// The id of the device that encrypted the ballot.
    pub device: String,
    /// Its sequence number on the device (§7.2).
    pub seq: u64,
    /// Its ballot style's id.
    pub style: String,
    /// The contests the ballot carries, in order.
    pub contests: Vec<String>,
    /// True for a challenged ballot, false for a cast one.
    pub challenged: bool,
    /// Its confirmation code, checked to be the hash of the ballot (§7.1).
    pub code: [u8; 32],
    /// Its chain link, not checked here: the chain needs the whole board (§7.2).
    pub prev: [u8; 32],
}

/// Checks ballots against one election.
pub struct Intake {
    election: ElectionFile,
    ready: Ready,
}

impl Intake {
    /// Reads `election.json` and runs checks 1–5 on it; any failure is returned, each
    /// named by its check.
    pub fn new(election_json: &[u8]) -> Result<Intake, Vec<String>> {
        Intake::read(election_json, true)
    }

    /// Reads a station's part of `election.json`, whose manifest holds only the station's
    /// ballot style and its contests, and runs checks 1, 2, 4 and 5 on it. Check 3 is left to
    /// the verification of the published record: the base hash binds the whole manifest,
    /// which the part does not hold.
    pub fn for_part(election_json: &[u8]) -> Result<Intake, Vec<String>> {
        Intake::read(election_json, false)
    }

    fn read(election_json: &[u8], whole: bool) -> Result<Intake, Vec<String>> {
        let election: ElectionFile = serde_json::from_slice(election_json)
            .map_err(|e| vec![format!("election.json: {e}")])?;
        let mut f = Findings::new();
        if !canonical(&election, election_json, true) {
            f.fail(1, "election.json is not in canonical form (§11.4)");
        }
        if election.format != crate::record::FORMAT {
            f.fail(1, format!("unknown format '{}'", election.format));
        }
        let ready = election_checks(&election, &mut f, whole);
        match ready {
            Some(ready) if f.all().is_empty() => Ok(Intake { election, ready }),
            _ => Err(f.all()),
        }
    }

    /// H_E of the election.
    pub fn extended_base_hash(&self) -> [u8; 32] {
        self.ready.h_e
    }

    /// Checks one line of `ballots.jsonl` (without its newline).
    pub fn check(&self, line: &[u8]) -> Result<Accepted, Vec<String>> {
        let b: Ballot = serde_json::from_slice(line)
            .map_err(|e| vec![format!("not a ballot line (§11.2): {e}")])?;
        let mut f = Findings::new();
        if !canonical(&b, line, false) {
            f.fail(1, "the ballot is not in canonical form (§11.4)");
        }
        let m = &self.election.manifest;
        let one = std::slice::from_ref(&b);
        let shaped = board::shapes(m, one, &mut f);
        if hashes::confirmation_code(&self.ready.h_e, &b) != b.code.0 {
            f.fail(9, "the confirmation code is not the hash of the ballot");
        }
        if shaped[0] {
            let out = board::batch(&self.ready.h_e, m, one, &[0], &self.ready.key, false);
            for (check, _, msg) in out.failures {
                f.fail(check, msg);
            }
        }
        let failures: Vec<String> = f
            .all()
            .into_iter()
            .map(|m| m.replace("ballot on line 1: ", ""))
            .collect();
        if !failures.is_empty() {
            return Err(failures);
        }
        Ok(Accepted {
            contests: b.contests.iter().map(|c| c.contest.clone()).collect(),
            challenged: b.state == State::Challenged,
            device: b.device,
            seq: b.seq,
            style: b.style,
            code: b.code.0,
            prev: b.prev.0,
        })
    }
}
