//! The ballots made from the registry: the definition's parties, candidates and each
//! contest's lines, taken from the registered candidates and lists only (docs/registry.md,
//! "Ballots"). A candidate refused or withdrawn is on no ballot.

use crate::candidates::Status;
use crate::{refused, RegistryError, State};
use sailau_definition::{Candidate, ContestOption, Party};
use sailau_law::ContestKind;

impl State {
    /// The parties on some ballot: those with a registered list or a registered candidate, in
    /// order of registration.
    pub fn ballot_parties(&self) -> Vec<Party> {
        self.parties
            .iter()
            .filter(|p| {
                self.lists
                    .iter()
                    .any(|l| l.party == p.id && l.registered == Some(true))
                    || self.candidates.iter().any(|c| {
                        c.party.as_deref() == Some(&p.id) && c.status == Status::Registered
                    })
            })
            .map(|p| Party {
                id: p.id.clone(),
                name: p.name.clone(),
                registration_order: p.registration_order,
            })
            .collect()
    }

    /// Every registered candidate, in order of nomination, as the definition lists them.
    pub fn ballot_candidates(&self) -> Vec<Candidate> {
        self.candidates
            .iter()
            .filter(|c| c.status == Status::Registered)
            .map(|c| Candidate {
                id: c.person.id.clone(),
                name: c.person.name.clone(),
                birth_date: c.person.birth,
                woman: c.person.woman,
                disability: c.person.disability,
                party: c.party.clone(),
            })
            .collect()
    }

    /// A contest's lines, "against all" not among them: the registered lists in the parties'
    /// order of registration, each with its registered candidates in list order; or the
    /// registered candidates in alphabetical order of name (**UNCONFIRMED**: the order of
    /// names on a single-seat ballot).
    pub fn ballot(&self, contest: &str) -> Result<Vec<ContestOption>, RegistryError> {
        let spec = self.contest(contest)?;
        let registered = |id: &String| {
            self.candidate(id)
                .is_ok_and(|c| c.status == Status::Registered)
        };
        let lines: Vec<ContestOption> = if spec.kind == ContestKind::PartyList {
            self.parties
                .iter()
                .filter_map(|p| {
                    let l = self.list(&p.id, contest).ok()?;
                    (l.registered == Some(true)).then(|| ContestOption {
                        id: p.id.clone(),
                        party: Some(p.id.clone()),
                        list: l
                            .candidates
                            .iter()
                            .filter(|c| registered(c))
                            .cloned()
                            .collect(),
                        candidate: None,
                        name: None,
                    })
                })
                .collect()
        } else {
            let mut standing: Vec<_> = self
                .candidates
                .iter()
                .filter(|c| c.contest == contest && c.status == Status::Registered)
                .collect();
            standing.sort_by(|a, b| a.person.name.cmp(&b.person.name));
            standing
                .into_iter()
                .map(|c| ContestOption {
                    id: c.person.id.clone(),
                    party: None,
                    list: vec![],
                    candidate: Some(c.person.id.clone()),
                    name: None,
                })
                .collect()
        };
        if lines.is_empty() {
            return Err(refused(format!("nobody is registered in {contest}")));
        }
        Ok(lines)
    }
}

impl State {
    /// What in `def` does not follow from this registry: a contest of the registry missing,
    /// a line that is not the registry's line at that place, a candidate on a ballot whose
    /// facts differ from the registered ones. Empty when every ballot of `def` is made from
    /// the registered candidates alone (`sailau registry check --definition`).
    pub fn ballot_problems(&self, def: &sailau_definition::Definition) -> Vec<String> {
        let mut problems = Vec::new();
        for spec in &self.contests {
            let Some(c) = def.contests.iter().find(|c| c.id == spec.id) else {
                problems.push(format!(
                    "the registry's contest {:?} is not in the definition",
                    spec.id
                ));
                continue;
            };
            let expected = match self.ballot(&spec.id) {
                Ok(lines) => lines,
                Err(e) => {
                    problems.push(format!("contest {:?}: {e}", spec.id));
                    continue;
                }
            };
            if c.options != expected {
                let at = c
                    .options
                    .iter()
                    .zip(&expected)
                    .position(|(a, b)| a != b)
                    .unwrap_or(c.options.len().min(expected.len()));
                problems.push(format!(
                    "contest {:?}: {} lines where the registry makes {}; they first differ at line {}",
                    spec.id,
                    c.options.len(),
                    expected.len(),
                    at + 1
                ));
            }
        }
        for c in def.contests.iter().filter(|c| {
            c.kind != ContestKind::Referendum && c.round == 1 && self.contest(&c.id).is_err()
        }) {
            problems.push(format!("contest {:?} is not in the registry", c.id));
        }
        let registered = self.ballot_candidates();
        for c in &def.candidates {
            match registered.iter().find(|r| r.id == c.id) {
                None => problems.push(format!("candidate {:?} is not registered", c.id)),
                Some(r) if r != c => problems.push(format!(
                    "candidate {:?}: the definition's facts (name, birth, quota groups, party) are not the registered ones",
                    c.id
                )),
                Some(_) => {}
            }
        }
        problems
    }
}
