//! A precinct's part of the definition: what its polling station and terminals need, and no
//! more, so that a station's cost does not grow with the size of the country.
//!
//! The part is itself a definition that passes every check: the precinct, its units, the
//! single-member districts it lies in (listing only it), its ballot style's contests with the
//! parties and candidates on them, and the guardians. It carries the digest of the whole
//! definition it was taken from, which is what the station's protocol names.

use crate::index::Checked;
use crate::{Definition, DefinitionError};
use std::collections::BTreeSet;

impl Checked {
    /// `precinct`'s part of this definition; none for a precinct it does not hold. The
    /// part's [`Checked::digest`] is this definition's.
    pub fn part(&self, precinct: &str) -> Option<Checked> {
        let d = self.definition();
        let p = self.precinct(precinct)?;
        let style = self.style(&p.style)?;
        // Everything in the whole definition's order, so the part reads like it.
        let mut contests: Vec<usize> = style
            .contests
            .iter()
            .filter_map(|c| self.contest_index(c))
            .collect();
        contests.sort_unstable();
        let contests: Vec<_> = contests
            .into_iter()
            .map(|i| d.contests[i].clone())
            .collect();
        let mut candidates = BTreeSet::new();
        let mut parties = BTreeSet::new();
        for o in contests.iter().flat_map(|c| &c.options) {
            let on_line = o.list.iter().chain(&o.candidate);
            candidates.extend(on_line.filter_map(|c| self.candidate_index(c)));
            parties.extend(o.party.iter().filter_map(|x| self.party_index(x)));
        }
        for &c in &candidates {
            let party = d.candidates[c].party.as_ref();
            parties.extend(party.and_then(|x| self.party_index(x)));
        }
        let nominees = d.guardians.members.iter().filter_map(|g| g.party.as_ref());
        parties.extend(nominees.filter_map(|x| self.party_index(x)));
        let above = self.units_of(precinct);
        let part = Definition {
            format: d.format.clone(),
            election: d.election.clone(),
            units: d
                .units
                .iter()
                .filter(|u| above.contains(&u.id))
                .cloned()
                .collect(),
            districts: self
                .districts_of(precinct)
                .iter()
                .map(|x| {
                    let mut x = (*x).clone();
                    x.precincts = vec![precinct.to_string()];
                    x
                })
                .collect(),
            parties: parties.into_iter().map(|i| d.parties[i].clone()).collect(),
            candidates: candidates
                .into_iter()
                .map(|i| d.candidates[i].clone())
                .collect(),
            contests,
            styles: vec![style.clone()],
            precincts: vec![p.clone()],
            guardians: d.guardians.clone(),
        };
        // A part of a checked definition passes the checks; should it not, that is a bug
        // of this function, and no station may be set up with it.
        part.check_part(self.digest()).ok()
    }
}

impl Definition {
    /// Checks a precinct's part read back (from a station's database or a terminal's
    /// folder), which names `whole`, the digest of the definition it was taken from.
    pub fn check_part(
        self,
        whole: sailau_crypto::DefinitionDigest,
    ) -> Result<Checked, Vec<DefinitionError>> {
        if self.precincts.len() != 1 || self.styles.len() != 1 {
            return Err(vec![DefinitionError {
                path: "precincts".into(),
                message: "a precinct's part holds one precinct and its style".into(),
            }]);
        }
        self.check().map(|c| c.with_digest(whole))
    }
}
