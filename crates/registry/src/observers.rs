//! The public register of the accredited: party and NGO observers, candidates' proxies,
//! journalists, and international missions with their heads (docs/registry.md, "Observers").

use crate::act::{Accreditation, Mission, ObserverKind};
use crate::{refused, unknown, RegistryError, State};
use serde::Serialize;

/// The accredited, in order of accreditation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Observers {
    /// The international missions.
    pub missions: Vec<Mission>,
    /// Everyone accredited.
    pub accredited: Vec<Accreditation>,
}

impl Observers {
    pub(crate) fn mission(&mut self, m: &Mission) -> Result<(), RegistryError> {
        if self.missions.iter().any(|x| x.id == m.id) {
            return Err(RegistryError::Duplicate {
                what: "mission",
                id: m.id.clone(),
            });
        }
        if m.head.trim().is_empty() || m.organisation.trim().is_empty() {
            return Err(refused("a mission names its organisation and its head"));
        }
        self.missions.push(m.clone());
        Ok(())
    }

    pub(crate) fn accredit(&mut self, a: Accreditation) -> Result<(), RegistryError> {
        self.accredited.push(a);
        Ok(())
    }

    /// Those who may observe at `precinct`.
    pub fn at<'a>(&'a self, precinct: &'a str) -> impl Iterator<Item = &'a Accreditation> {
        self.accredited
            .iter()
            .filter(move |a| a.precincts.is_empty() || a.precincts.iter().any(|p| p == precinct))
    }

    /// Foreign observers (members of international missions) and the countries they come
    /// from, and foreign journalists.
    pub fn foreign(&self) -> (usize, usize, usize) {
        let mut countries: Vec<&str> = self
            .accredited
            .iter()
            .filter_map(|a| match &a.kind {
                ObserverKind::International { country, .. } => Some(country.as_str()),
                _ => None,
            })
            .collect();
        let observers = countries.len();
        countries.sort_unstable();
        countries.dedup();
        let journalists = self
            .accredited
            .iter()
            .filter(|a| matches!(a.kind, ObserverKind::Media { foreign: true, .. }))
            .count();
        (observers, countries.len(), journalists)
    }
}

impl State {
    /// Checks an accreditation against the ledger: a new number, a registered party, a
    /// standing candidate, a registered mission.
    pub(crate) fn check_accreditation(&self, a: &Accreditation) -> Result<(), RegistryError> {
        if self.observers.accredited.iter().any(|x| x.id == a.id) {
            return Err(RegistryError::Duplicate {
                what: "accreditation",
                id: a.id.clone(),
            });
        }
        if a.name.trim().is_empty() {
            return Err(refused("an accreditation names its holder"));
        }
        match &a.kind {
            ObserverKind::Party { party } => {
                self.party(party)?;
            }
            ObserverKind::Proxy { candidate } => {
                if !self.candidate(candidate)?.live() {
                    return Err(refused(format!("{candidate:?} is not standing")));
                }
            }
            ObserverKind::International { mission, country } => {
                if !self.observers.missions.iter().any(|m| &m.id == mission) {
                    return Err(unknown("mission", mission));
                }
                if country.trim().is_empty() {
                    return Err(refused("an international observer's country is named"));
                }
            }
            ObserverKind::Ngo { organisation }
            | ObserverKind::Media {
                outlet: organisation,
                ..
            } => {
                if organisation.trim().is_empty() {
                    return Err(refused("an accreditation names its organisation"));
                }
            }
        }
        Ok(())
    }
}
