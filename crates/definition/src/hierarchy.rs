//! The territorial hierarchy, computed once for a checked definition: a precinct lies in its
//! unit (a district, or a region, a city, or the stations abroad), a district in its region or
//! city, and every region in the nation. The protocol's sums, the service's levels and the
//! pages' drill-down all read it from here.

use crate::Definition;
use std::collections::HashMap;

/// Which units each precinct counts in, and which precincts each unit counts.
#[derive(Clone, Debug, Default)]
pub(crate) struct Hierarchy {
    /// Each precinct's units, its own first, up to its region (by precinct id).
    units_of: HashMap<String, Vec<String>>,
    /// Each unit's precincts, its districts' included, in the definition's order.
    precincts_in: HashMap<String, Vec<String>>,
    /// The units with no parent that hold precincts, by id.
    regions: Vec<String>,
    /// Each precinct's single-member districts, by their place in the definition.
    districts_of: HashMap<String, Vec<usize>>,
}

impl Hierarchy {
    /// The hierarchy of a definition whose units passed the check (a district's parent is a
    /// region or a city, which have none; so no chain is longer than two).
    pub(crate) fn of(d: &Definition) -> Hierarchy {
        let parent: HashMap<&str, Option<&str>> = d
            .units
            .iter()
            .map(|u| (u.id.as_str(), u.parent.as_deref()))
            .collect();
        let mut h = Hierarchy::default();
        for u in &d.units {
            h.precincts_in.entry(u.id.clone()).or_default();
        }
        for p in &d.precincts {
            let mut units = vec![p.unit.clone()];
            while let Some(Some(up)) = parent.get(units.last().expect("one").as_str()) {
                if units.iter().any(|u| u == up) {
                    break; // the check refuses cycles; never loop
                }
                units.push(up.to_string());
            }
            for u in &units {
                h.precincts_in
                    .entry(u.clone())
                    .or_default()
                    .push(p.id.clone());
            }
            h.units_of.insert(p.id.clone(), units);
        }
        for (i, x) in d.districts.iter().enumerate() {
            for p in &x.precincts {
                h.districts_of.entry(p.clone()).or_default().push(i);
            }
        }
        h.regions = h
            .units_of
            .values()
            .filter_map(|c| c.last().cloned())
            .collect();
        h.regions.sort_unstable();
        h.regions.dedup();
        h
    }

    pub(crate) fn units_of(&self, precinct: &str) -> &[String] {
        self.units_of.get(precinct).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn precincts_in(&self, unit: &str) -> Option<&[String]> {
        self.precincts_in.get(unit).map(Vec::as_slice)
    }

    pub(crate) fn regions(&self) -> &[String] {
        &self.regions
    }

    pub(crate) fn districts_of(&self, precinct: &str) -> &[usize] {
        self.districts_of.get(precinct).map_or(&[], Vec::as_slice)
    }
}
