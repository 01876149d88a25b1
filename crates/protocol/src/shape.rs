//! Is a precinct's protocol the protocol of *that* precinct? Its contests must be the ones
//! its ballot style gives, in ballot order, each with the definition's options in ballot
//! order ("against all" last). The central service refuses a protocol that fails this before
//! it can enter any sum.

use crate::{Level, Protocol};
use sailau_definition::Checked;

/// Every way `protocol` differs from what the definition expects of `precinct`'s protocol;
/// empty when it fits.
pub fn shape_problems(def: &Checked, precinct: &str, protocol: &Protocol) -> Vec<String> {
    let mut out = Vec::new();
    if protocol.level != Level::Precinct {
        out.push(format!("level: {:?}, not a precinct's", protocol.level));
    }
    if protocol.unit != precinct {
        out.push(format!("unit: {}, not {precinct}", protocol.unit));
    }
    if protocol.election != def.election.id {
        out.push(format!(
            "election: {}, not {}",
            protocol.election, def.election.id
        ));
    }
    let digest = def.digest().to_string();
    if protocol.definition != digest {
        out.push(format!(
            "definition: {}, not this election's definition {digest}",
            protocol.definition
        ));
    }
    if protocol.precincts != 1 {
        out.push(format!(
            "precincts: {}, a precinct's protocol counts 1",
            protocol.precincts
        ));
    }
    let expected = def.contests_of(precinct);
    let found: Vec<&str> = protocol
        .contests
        .iter()
        .map(|c| c.contest.as_str())
        .collect();
    let wanted: Vec<&str> = expected.iter().map(|c| c.id.as_str()).collect();
    if found != wanted {
        out.push(format!(
            "contests: [{}], the ballot style gives [{}]",
            found.join(", "),
            wanted.join(", ")
        ));
        return out;
    }
    for (i, (count, contest)) in protocol.contests.iter().zip(&expected).enumerate() {
        let options: Vec<&str> = count.options.iter().map(|o| o.option.as_str()).collect();
        let ids = def.option_ids(contest);
        if options != ids.iter().map(String::as_str).collect::<Vec<_>>() {
            out.push(format!(
                "contests[{i}] ({}): options [{}], the ballot has [{}]",
                contest.id,
                options.join(", "),
                ids.join(", ")
            ));
        }
    }
    out
}
