//! Every level recomputed from the level below: a unit's summary protocol is the sum of the
//! accepted protocols of its precincts, the nation's the sum of all of them, and the results
//! are what the law decides on the national sum. Nothing here is stored; a signed summary
//! that a commission submits is compared with it (`summaries`).

use crate::election::Election;
use sailau_definition::Body;
use sailau_protocol::{Protocol, SumError};
use sailau_record::BodyResults;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The accepted precinct protocols, by precinct (kept in memory: ten thousand protocols are
/// a few tens of megabytes, and every sum is then a pass over memory).
#[derive(Default)]
pub struct Accepted {
    /// Each precinct's accepted protocol, by precinct id.
    pub protocols: BTreeMap<String, Protocol>,
    /// Bumped on every accepted protocol and signature: cached answers carry the
    /// generation they saw.
    pub generation: u64,
    /// The signed summaries: by unit (or `national`), who signed and when.
    pub signed: BTreeMap<String, (String, i64)>,
}

impl Accepted {
    /// The summary protocol of `unit` (or of the nation, for `national`) over the precincts
    /// that have reported; with how many of how many.
    pub fn summary(
        &self,
        election: &Election,
        unit: &str,
    ) -> Option<Result<(Protocol, usize, usize), SumError>> {
        sailau_record::summary(&election.def, unit, |p| self.protocols.get(p))
            .map(|r| r.map(|s| (s.protocol, s.reported, s.total)))
    }

    /// The public results: the national sum, how complete it is, and the law's decision for
    /// each body on it. Preliminary until every precinct has reported.
    pub fn results(&self, election: &Election, at: i64) -> Value {
        let (national, reported, total) = match self.summary(election, "national") {
            Some(Ok(x)) => x,
            Some(Err(e)) => return json!({ "election": election.id(), "error": e.to_string() }),
            None => unreachable!("the nation is always a unit"),
        };
        let mut bodies = serde_json::Map::new();
        for &body in &election.def.election.bodies {
            bodies.insert(
                body.to_string(),
                decide(self, election, &national, body, reported),
            );
        }
        let national_signed = self.signed.get("national");
        json!({
            "election": election.id(),
            "as_of": at,
            "precincts": { "reported": reported, "total": total },
            "complete": reported == total,
            // Final once the CEC has signed the national summary, which it can only do when
            // every precinct has reported and every region has signed.
            "final": national_signed.is_some(),
            "signed": national_signed.map(|(by, at)| json!({ "by": by, "at": at })),
            "national": national,
            "decisions": bodies,
        })
    }
}

/// The law's decisions for one body on a national sum; none while nothing has reported. The
/// same road as the published record's (`sailau_record::BodyResults`).
fn decide(
    accepted: &Accepted,
    election: &Election,
    national: &Protocol,
    body: Body,
    reported: usize,
) -> Value {
    if reported == 0 {
        return json!({ "contests": [], "refused": ["no precinct has reported"] });
    }
    let region = |u: &str| accepted.summary(election, u)?.ok().map(|(p, ..)| p);
    let results = match BodyResults::of(&election.def, national, body, &region) {
        Ok(r) => r,
        Err(e) => return json!({ "contests": [], "refused": [e.to_string()] }),
    };
    let decided = results.decide();
    let mut v = decided.json();
    v["refused"] = json!(decided.refused);
    v
}
