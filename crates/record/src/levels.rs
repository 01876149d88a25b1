//! The levels above the precincts: each territorial commission's summary protocol and the
//! nation's, each the sum of the precinct protocols below it (docs/formats.md, "Summing"),
//! over the precincts that have reported. The demo's record, the service's API, its tar and
//! its pages all sum through here.

use crate::results::{BodyResults, ResultsError};
use crate::sink::{Sink, WriteError};
use crate::Layout;
use sailau_definition::Checked;
use sailau_protocol::{Level, Protocol, SumError};

/// The unit of the national summary protocol.
pub const NATIONAL: &str = "national";

/// A summary protocol with how many of its precincts' protocols it adds up.
pub struct Summary {
    /// The sum.
    pub protocol: Protocol,
    /// The precincts of the unit whose protocols were found.
    pub reported: usize,
    /// The precincts of the unit.
    pub total: usize,
}

/// The summary protocol of `unit` (a region, a city, the stations abroad, a district, or
/// [`NATIONAL`]) over the protocols that `protocol_of` finds among its precincts; none for a
/// unit the definition does not hold.
pub fn summary<'p>(
    def: &Checked,
    unit: &str,
    protocol_of: impl Fn(&str) -> Option<&'p Protocol>,
) -> Option<Result<Summary, SumError>> {
    let (level, all): (Level, Vec<&String>) = if unit == NATIONAL {
        (
            Level::National,
            def.precincts.iter().map(|p| &p.id).collect(),
        )
    } else {
        (Level::Territorial, def.precincts_in(unit)?.iter().collect())
    };
    let parts: Vec<&Protocol> = all.iter().filter_map(|p| protocol_of(p)).collect();
    let digest = def.digest().to_string();
    Some(
        Protocol::sum(&def.election.id, &digest, level, unit, &parts).map(|protocol| Summary {
            protocol,
            reported: parts.len(),
            total: all.len(),
        }),
    )
}

/// What the record publishes above the stations' own files.
pub struct Summaries {
    /// Each region, city or abroad unit with at least one precinct protocol, and its sum.
    pub territorial: Vec<(String, Protocol)>,
    /// The nation's sum.
    pub national: Protocol,
}

/// Why the levels above the stations cannot be published.
#[derive(Debug, thiserror::Error)]
pub enum LevelsError {
    /// Protocols that do not add up (of another election or definition, other options).
    #[error(transparent)]
    Sum(#[from] SumError),
    /// A body's results cannot be made.
    #[error(transparent)]
    Results(#[from] ResultsError),
    /// The law refuses a contest.
    #[error("results/{body}.json: {refused}")]
    Refused {
        /// The body.
        body: sailau_definition::Body,
        /// What the law said.
        refused: String,
    },
    /// A file could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
}

impl Summaries {
    /// Every region's sum and the nation's, over the protocols `protocol_of` finds.
    pub fn of<'p>(
        def: &Checked,
        protocol_of: impl Fn(&str) -> Option<&'p Protocol> + Copy,
    ) -> Result<Summaries, SumError> {
        let mut territorial = Vec::new();
        for unit in def.regions() {
            if let Some(s) = summary(def, unit, protocol_of).transpose()? {
                if s.reported > 0 {
                    territorial.push((unit.clone(), s.protocol));
                }
            }
        }
        let national = summary(def, NATIONAL, protocol_of)
            .expect("the nation is always a unit")?
            .protocol;
        Ok(Summaries {
            territorial,
            national,
        })
    }

    /// A region's summary protocol, for a constitutional question's count by region.
    fn region(&self, unit: &str) -> Option<Protocol> {
        self.territorial
            .iter()
            .find(|(id, _)| id == unit)
            .map(|(_, p)| p.clone())
    }

    /// Writes `territorial/UNIT.json`, `national.json`, and each body's results and decisions.
    /// With `complete`, a body whose results cannot be made, or a contest the law refuses, is
    /// an error (the demo's record must be whole); without, such a body is left out (the
    /// service's record while counts are still coming in).
    pub fn write(
        &self,
        def: &Checked,
        sink: &mut dyn Sink,
        complete: bool,
    ) -> Result<Vec<BodyResults>, LevelsError> {
        for (unit, p) in &self.territorial {
            sink.put(&Layout::Territorial(unit.clone()), p.to_json().as_bytes())?;
        }
        sink.put(&Layout::National, self.national.to_json().as_bytes())?;
        let mut out = Vec::new();
        for &body in &def.election.bodies {
            let region = |u: &str| self.region(u);
            let results = match BodyResults::of(def, &self.national, body, &region) {
                Ok(r) => r,
                Err(e) if complete => return Err(e.into()),
                Err(_) => continue,
            };
            let decided = results.decide();
            if let (Some(refused), true) = (decided.refused.first(), complete) {
                return Err(LevelsError::Refused {
                    body,
                    refused: refused.clone(),
                });
            }
            sink.put(&Layout::Results(body), results.text.as_bytes())?;
            sink.put(&Layout::Decided(body), decided.text().as_bytes())?;
            drop(decided);
            out.push(results);
        }
        Ok(out)
    }
}

/// Each body's results from a whole record's precinct protocols: summed up the hierarchy,
/// a constitutional question's regions from their territorial sums, as the record publishes
/// them. For those who read a record rather than write one (the audit, the NIST export).
pub fn bodies(def: &Checked, protocols: &[&Protocol]) -> Result<Vec<BodyResults>, LevelsError> {
    let by_id: std::collections::HashMap<&str, &Protocol> =
        protocols.iter().map(|p| (p.unit.as_str(), *p)).collect();
    let sums = Summaries::of(def, |p| by_id.get(p).copied())?;
    let regions = |u: &str| sums.region(u);
    Ok(BodyResults::all(def, &sums.national, &regions)?)
}
