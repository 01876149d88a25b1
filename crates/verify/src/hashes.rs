//! The hashes of §3.2, §3.3, §7.1 and §7.2, recomputed from the record as the spec states them.

use crate::record::{Ballot, ElectionFile, Manifest};
use sailau_group::{domain, Transcript};

/// H_B (§3.2).
pub fn base_hash(m: &Manifest, guardians: u32, quorum: u32) -> [u8; 32] {
    let mut t = Transcript::new(domain::BASE_HASH);
    t.bytes(b"election", m.election.as_bytes());
    t.bytes(b"name", m.name.as_bytes());
    t.bytes(b"date", m.date.as_bytes());
    t.bytes(b"definition", &m.definition.0);
    t.u64(b"contests", m.contests.len() as u64);
    for c in &m.contests {
        t.bytes(b"contest", c.id.as_bytes());
        t.u64(b"options", c.options.len() as u64);
        for o in &c.options {
            t.bytes(b"option", o.as_bytes());
        }
        t.u64(b"min", c.min);
        t.u64(b"max", c.max);
    }
    t.u64(b"styles", m.styles.len() as u64);
    for s in &m.styles {
        t.bytes(b"style", s.id.as_bytes());
        t.u64(b"style-contests", s.contests.len() as u64);
        for c in &s.contests {
            t.bytes(b"contest", c.as_bytes());
        }
    }
    t.u64(b"guardians", u64::from(guardians));
    t.u64(b"quorum", u64::from(quorum));
    t.digest(b"base-hash")
}

/// H_E (§3.3), over the guardians as listed (check 2 makes sure they are in index order).
pub fn extended_base_hash(e: &ElectionFile) -> [u8; 32] {
    let mut t = Transcript::new(domain::EXTENDED_BASE_HASH);
    t.bytes(b"base-hash", &e.base_hash.0);
    t.u64(b"guardians", e.guardian_keys.len() as u64);
    for g in &e.guardian_keys {
        t.u64(b"index", u64::from(g.index));
        t.bytes(b"name", g.name.as_bytes());
        t.point(b"aux-key", &g.aux_key.0);
        for (c, p) in g.commitments.iter().zip(&g.proofs) {
            t.point(b"C", &c.0);
            t.point(b"h", &p.h.0);
            t.bytes(b"v", &p.v.0);
        }
    }
    t.point(b"K", &e.public_key.0);
    t.digest(b"extended-base-hash")
}

/// The first `prev` of a device's chain (§7.2).
pub fn chain_start(h_e: &[u8; 32], device: &str) -> [u8; 32] {
    let mut t = Transcript::new(domain::CHAIN_START);
    t.bytes(b"extended-base-hash", h_e);
    t.bytes(b"device", device.as_bytes());
    t.digest(b"start")
}

/// A ballot's confirmation code (§7.1).
pub fn confirmation_code(h_e: &[u8; 32], b: &Ballot) -> [u8; 32] {
    let mut t = Transcript::new(domain::CONFIRMATION_CODE);
    t.bytes(b"extended-base-hash", h_e);
    t.bytes(b"device", b.device.as_bytes());
    t.u64(b"seq", b.seq);
    t.bytes(b"prev", &b.prev.0);
    t.bytes(b"style", b.style.as_bytes());
    t.u64(b"contests", b.contests.len() as u64);
    for c in &b.contests {
        t.bytes(b"contest", c.contest.as_bytes());
        t.u64(b"selections", c.selections.len() as u64);
        for s in &c.selections {
            t.point(b"alpha", &s.alpha.0);
            t.point(b"beta", &s.beta.0);
        }
    }
    t.digest(b"code")
}
