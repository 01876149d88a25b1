//! A checked definition, indexed for the questions the station and the count ask of it.

use crate::check::{check, DefinitionError};
use crate::hierarchy::Hierarchy;
use crate::{
    Candidate, Contest, Definition, District, Language, Party, Precinct, Style, Unit, AGAINST_ALL,
};
use sailau_crypto::{BallotStyle, ContestSpec, DefinitionDigest, Manifest};
use sailau_law::{editions, Edition};
use std::collections::HashMap;

/// A definition that passed [`Definition::check`]: every reference in it resolves.
#[derive(Clone, Debug)]
pub struct Checked {
    def: Definition,
    digest: DefinitionDigest,
    contests: HashMap<String, usize>,
    styles: HashMap<String, usize>,
    precincts: HashMap<String, usize>,
    units: HashMap<String, usize>,
    parties: HashMap<String, usize>,
    candidates: HashMap<String, usize>,
    hierarchy: Hierarchy,
}

impl Definition {
    /// Checks the definition; on failure, every problem found, each with its path.
    pub fn check(self) -> Result<Checked, Vec<DefinitionError>> {
        check(&self)?;
        let index = |ids: Vec<&String>| -> HashMap<String, usize> {
            ids.into_iter().cloned().zip(0..).collect()
        };
        Ok(Checked {
            digest: self.digest(),
            hierarchy: Hierarchy::of(&self),
            contests: index(self.contests.iter().map(|x| &x.id).collect()),
            styles: index(self.styles.iter().map(|x| &x.id).collect()),
            precincts: index(self.precincts.iter().map(|x| &x.id).collect()),
            units: index(self.units.iter().map(|x| &x.id).collect()),
            parties: index(self.parties.iter().map(|x| &x.id).collect()),
            candidates: index(self.candidates.iter().map(|x| &x.id).collect()),
            def: self,
        })
    }
}

impl std::ops::Deref for Checked {
    type Target = Definition;
    fn deref(&self) -> &Definition {
        &self.def
    }
}

impl Checked {
    /// The definition that passed the check, as it was read.
    pub fn definition(&self) -> &Definition {
        &self.def
    }

    /// The SHA-256 of the definition's canonical form ([`Definition::digest`]): what the
    /// manifest, every protocol and every commission's signature name it by.
    pub fn digest(&self) -> DefinitionDigest {
        self.digest
    }

    /// The contest with this id; none if the definition has no such contest.
    pub fn contest(&self, id: &str) -> Option<&Contest> {
        self.contests.get(id).map(|&i| &self.def.contests[i])
    }

    /// The ballot style with this id; none if there is no such style.
    pub fn style(&self, id: &str) -> Option<&Style> {
        self.styles.get(id).map(|&i| &self.def.styles[i])
    }

    /// The precinct with this id; none if the definition has no such precinct.
    pub fn precinct(&self, id: &str) -> Option<&Precinct> {
        self.precincts.get(id).map(|&i| &self.def.precincts[i])
    }

    /// The territorial unit with this id; none if there is no such unit.
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.get(id).map(|&i| &self.def.units[i])
    }

    /// The party with this id; none if there is no such party.
    pub fn party(&self, id: &str) -> Option<&Party> {
        self.parties.get(id).map(|&i| &self.def.parties[i])
    }

    /// The candidate with this id; none if there is no such candidate.
    pub fn candidate(&self, id: &str) -> Option<&Candidate> {
        self.candidates.get(id).map(|&i| &self.def.candidates[i])
    }

    pub(crate) fn contest_index(&self, id: &str) -> Option<usize> {
        self.contests.get(id).copied()
    }

    pub(crate) fn candidate_index(&self, id: &str) -> Option<usize> {
        self.candidates.get(id).copied()
    }

    pub(crate) fn party_index(&self, id: &str) -> Option<usize> {
        self.parties.get(id).copied()
    }

    /// The single-member districts a precinct lies in, one per body and council.
    pub fn districts_of(&self, precinct: &str) -> Vec<&District> {
        self.hierarchy
            .districts_of(precinct)
            .iter()
            .map(|&i| &self.def.districts[i])
            .collect()
    }

    /// The same, named by the digest of the whole definition it is a part of.
    pub(crate) fn with_digest(mut self, digest: DefinitionDigest) -> Checked {
        self.digest = digest;
        self
    }

    /// The contests a precinct's voters receive, in ballot order.
    pub fn contests_of(&self, precinct: &str) -> Vec<&Contest> {
        self.precinct(precinct)
            .and_then(|p| self.style(&p.style))
            .map(|s| s.contests.iter().filter_map(|c| self.contest(c)).collect())
            .unwrap_or_default()
    }

    /// The region or city (or the unit of the stations abroad) a precinct lies in.
    pub fn region_of(&self, precinct: &str) -> Option<&str> {
        self.hierarchy.units_of(precinct).last().map(String::as_str)
    }

    /// The units a precinct's protocol counts in, its own first, up to its region; empty for
    /// a precinct the definition does not hold.
    pub fn units_of(&self, precinct: &str) -> &[String] {
        self.hierarchy.units_of(precinct)
    }

    /// A unit's precincts, its districts' included, in the definition's order; none for a
    /// unit the definition does not hold.
    pub fn precincts_in(&self, unit: &str) -> Option<&[String]> {
        self.hierarchy.precincts_in(unit)
    }

    /// The regions, cities and the unit abroad that hold precincts, by id: the territorial
    /// commissions whose summaries add up to the nation's.
    pub fn regions(&self) -> &[String] {
        self.hierarchy.regions()
    }

    /// The units above `unit`, from the top down (a district's region); none for a region.
    pub fn ancestors(&self, unit: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut at = self.unit(unit).and_then(|u| u.parent.as_deref());
        while let Some(u) = at.filter(|u| !out.contains(u)) {
            out.push(u);
            at = self.unit(u).and_then(|x| x.parent.as_deref());
        }
        out.reverse();
        out
    }

    /// The units whose parent is `unit`, in the definition's order.
    pub fn children(&self, unit: &str) -> Vec<&Unit> {
        self.def
            .units
            .iter()
            .filter(|u| u.parent.as_deref() == Some(unit))
            .collect()
    }

    /// Whether `unit` is `within` or lies inside it.
    pub fn is_within(&self, unit: &str, within: &str) -> bool {
        unit == within || self.ancestors(unit).contains(&within)
    }

    /// The edition in force for a contest's body on election day (one there is, for every
    /// contest of a checked definition).
    pub fn edition(&self, contest: &Contest) -> Option<&'static Edition> {
        editions::in_force(contest.body, self.def.election.date)
    }

    /// The option ids of a contest as the ballot has them: its options, then "against all".
    pub fn option_ids(&self, contest: &Contest) -> Vec<String> {
        let mut ids: Vec<String> = contest.options.iter().map(|o| o.id.clone()).collect();
        if contest.against_all {
            ids.push(AGAINST_ALL.into());
        }
        ids
    }

    /// What the ballot prints for each option, "against all" last.
    pub fn option_labels(&self, contest: &Contest, language: Language) -> Vec<String> {
        let mut labels: Vec<String> = contest
            .options
            .iter()
            .map(|o| {
                if let Some(p) = o.party.as_ref().and_then(|p| self.parties.get(p)) {
                    self.def.parties[*p].name.get(language).to_string()
                } else if let Some(c) = o.candidate.as_ref().and_then(|c| self.candidates.get(c)) {
                    let c = &self.def.candidates[*c];
                    match c.party.as_ref().and_then(|p| self.parties.get(p)) {
                        Some(&p) => {
                            format!("{} ({})", c.name, self.def.parties[p].name.get(language))
                        }
                        None => c.name.clone(),
                    }
                } else {
                    o.name
                        .as_ref()
                        .map_or(o.id.clone(), |n| n.get(language).to_string())
                }
            })
            .collect();
        if contest.against_all {
            labels.push(against_all_label(language).to_string());
        }
        labels
    }

    /// The party of each option, "against all" excluded: the list's party, or the nominating
    /// party of the candidate on the line; none for a self-nominated candidate or an answer.
    pub fn option_parties(&self, contest: &Contest) -> Vec<Option<String>> {
        contest
            .options
            .iter()
            .map(|o| {
                o.party.clone().or_else(|| {
                    o.candidate
                        .as_ref()
                        .and_then(|c| self.candidate(c))
                        .and_then(|c| c.party.clone())
                })
            })
            .collect()
    }

    /// The registration order of each option (for ties), "against all" excluded.
    pub fn registration_orders(&self, contest: &Contest) -> Vec<u32> {
        contest
            .options
            .iter()
            .zip(1..)
            .map(|(o, position)| {
                o.party
                    .as_ref()
                    .and_then(|p| self.parties.get(p))
                    .map_or(position, |&p| self.def.parties[p].registration_order)
            })
            .collect()
    }

    /// The cryptographic manifest (docs/protocol.md §5.3): every contest with its options
    /// ("against all" an ordinary option, last), one mark or none, and the definition's
    /// styles. A voter with an absentee certificate gets some of a style's contests.
    pub fn manifest(&self) -> Manifest {
        Manifest {
            election: self.def.election.id.clone(),
            name: self.def.election.name.en.clone(),
            date: self.def.election.date.to_string(),
            definition: self.digest,
            contests: self
                .def
                .contests
                .iter()
                .map(|c| ContestSpec {
                    id: c.id.clone(),
                    options: self.option_ids(c),
                    min: 0,
                    max: 1,
                })
                .collect(),
            styles: self
                .def
                .styles
                .iter()
                .map(|s| BallotStyle {
                    id: s.id.clone(),
                    contests: s.contests.clone(),
                })
                .collect(),
        }
    }
}

/// "Against all" as the ballot prints it.
pub fn against_all_label(language: Language) -> &'static str {
    match language {
        Language::Kazakh => "Барлығына қарсы",
        Language::Russian => "Против всех",
        Language::English => "Against all",
    }
}
