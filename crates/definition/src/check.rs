//! Checking a definition: every reference resolves, ids are unique, the geography is
//! consistent (each precinct in exactly one single-member district per body and council, each
//! precinct's style holding exactly its districts' contests), party lists meet the quota, and
//! the contests agree with the legal edition in force on election day.
//!
//! Every problem is reported, not only the first, each by its path in the file.

use crate::{Contest, Definition, GuardianRole, UnitKind, AGAINST_ALL, FORMAT};
use sailau_law::list_quota::{self, QuotaFacts};
use sailau_law::{editions, Body, ContestKind, Edition};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One problem, at a path such as `contests[3].options[2].list`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct DefinitionError {
    /// The path of the value at fault in the file, such as `precincts[4].style`.
    pub path: String,
    /// What is wrong with it, and what the law or the rest of the file expects.
    pub message: String,
}

struct Problems(Vec<DefinitionError>);

impl Problems {
    fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(DefinitionError {
            path: path.into(),
            message: message.into(),
        });
    }
}

/// Is `id` an id a definition accepts: 1 to 64 of lowercase letters, digits, `-` and `_`?
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Checks that the ids of one collection are well formed and unique; returns id → position.
fn ids<'a>(
    p: &mut Problems,
    what: &str,
    items: impl Iterator<Item = &'a str>,
) -> HashMap<&'a str, usize> {
    let mut seen = HashMap::new();
    for (i, id) in items.enumerate() {
        if !valid_id(id) {
            p.add(
                format!("{what}[{i}].id"),
                format!("{id:?} is not an id: use 1-64 lowercase letters, digits, '-' or '_'"),
            );
        }
        if let Some(first) = seen.insert(id, i) {
            p.add(
                format!("{what}[{i}].id"),
                format!("{id:?} is already the id of {what}[{first}]"),
            );
        }
    }
    seen
}

pub(crate) fn check(d: &Definition) -> Result<(), Vec<DefinitionError>> {
    let mut p = Problems(Vec::new());
    if d.format != FORMAT {
        p.add(
            "format",
            format!("must be {FORMAT:?}; found {:?}", d.format),
        );
    }
    let date = d.election.date;
    if !valid_id(&d.election.id) {
        p.add(
            "election.id",
            "use 1-64 lowercase letters, digits, '-' or '_'",
        );
    }

    // Bodies and their editions.
    let mut bodies: HashMap<Body, &'static Edition> = HashMap::new();
    for (i, &body) in d.election.bodies.iter().enumerate() {
        let path = format!("election.bodies[{i}]");
        match editions::in_force(body, date) {
            None => p.add(
                path,
                format!("no {body} election is held under the law on {date}"),
            ),
            Some(e) => {
                if bodies.insert(body, e).is_some() {
                    p.add(path, format!("\"{body}\" is listed twice"));
                }
            }
        }
    }

    let units = ids(&mut p, "units", d.units.iter().map(|u| u.id.as_str()));
    let districts = ids(
        &mut p,
        "districts",
        d.districts.iter().map(|x| x.id.as_str()),
    );
    let parties = ids(&mut p, "parties", d.parties.iter().map(|x| x.id.as_str()));
    let candidates = ids(
        &mut p,
        "candidates",
        d.candidates.iter().map(|x| x.id.as_str()),
    );
    let contests = ids(&mut p, "contests", d.contests.iter().map(|x| x.id.as_str()));
    let styles = ids(&mut p, "styles", d.styles.iter().map(|x| x.id.as_str()));
    let precincts = ids(
        &mut p,
        "precincts",
        d.precincts.iter().map(|x| x.id.as_str()),
    );

    // Units: regions and cities at the top, districts inside them, stations abroad apart.
    for (i, u) in d.units.iter().enumerate() {
        let parent_kind = u
            .parent
            .as_deref()
            .and_then(|id| units.get(id))
            .map(|&j| d.units[j].kind);
        match (u.kind, &u.parent, parent_kind) {
            (UnitKind::District, Some(_), Some(UnitKind::Region | UnitKind::City)) => {}
            (UnitKind::District, Some(id), _) => p.add(
                format!("units[{i}].parent"),
                format!("{id:?} is not a region or city of this definition"),
            ),
            (UnitKind::District, None, _) => p.add(
                format!("units[{i}].parent"),
                "a district needs its region or city",
            ),
            (_, Some(_), _) => p.add(
                format!("units[{i}].parent"),
                "only a district has a parent unit",
            ),
            _ => {}
        }
    }
    // Which top-level unit each unit lies in.
    let top = |unit: &str| -> Option<&str> {
        let u = &d.units[*units.get(unit)?];
        Some(u.parent.as_deref().unwrap_or(&u.id))
    };
    // Is a precinct inside `council` (a unit and everything below it)?
    let inside = |precinct: usize, council: &str| -> bool {
        let unit = &d.precincts[precinct].unit;
        unit == council
            || d.units
                .iter()
                .any(|u| u.id == *unit && u.parent.as_deref() == Some(council))
    };

    let mut orders = BTreeSet::new();
    for (i, x) in d.parties.iter().enumerate() {
        if x.registration_order == 0 || !orders.insert(x.registration_order) {
            p.add(
                format!("parties[{i}].registration_order"),
                "must be 1 or more and differ from every other party's",
            );
        }
    }
    for (i, c) in d.candidates.iter().enumerate() {
        if c.name.trim().is_empty() {
            p.add(format!("candidates[{i}].name"), "is empty");
        }
        if let Some(party) = &c.party {
            if !parties.contains_key(party.as_str()) {
                p.add(
                    format!("candidates[{i}].party"),
                    format!("unknown party {party:?}"),
                );
            }
        }
    }

    // Contests.
    let mut contest_of_district: HashMap<&str, usize> = HashMap::new();
    for (i, c) in d.contests.iter().enumerate() {
        let path = format!("contests[{i}]");
        let Some(&edition) = bodies.get(&c.body) else {
            p.add(
                format!("{path}.body"),
                format!("\"{}\" is not one of election.bodies", c.body),
            );
            continue;
        };
        let kind = c.kind;
        if !edition.contest_kinds().contains(&kind) {
            p.add(
                format!("{path}.kind"),
                format!(
                    "a {} election under {} holds no {kind} contest",
                    c.body, edition.id
                ),
            );
        }
        if c.against_all != edition.against_all {
            p.add(
                format!("{path}.against_all"),
                format!(
                    "must be {} under {}, the edition in force on {date}",
                    edition.against_all, edition.id
                ),
            );
        }
        contest_place(&mut p, d, &path, c, kind, &units, &districts);
        if matches!(
            kind,
            ContestKind::Smd | ContestKind::Akim | ContestKind::Senate
        ) {
            if let Some(id) = &c.district {
                if let Some(first) = contest_of_district.insert(id, i) {
                    p.add(
                        format!("{path}.district"),
                        format!("district {id:?} already has contests[{first}]"),
                    );
                }
            }
        }
        contest_seats(&mut p, &path, c, kind, edition);
        for (field, message) in crate::round::problems(c, edition, date) {
            p.add(format!("{path}.{field}"), message);
        }
        contest_options(&mut p, d, &path, c, kind, edition, &parties, &candidates);
    }

    // Districts, and each precinct in exactly one district per body and council.
    let mut groups: BTreeMap<(&str, Option<&str>), Vec<usize>> = BTreeMap::new();
    for (i, x) in d.districts.iter().enumerate() {
        let path = format!("districts[{i}]");
        if !bodies.contains_key(&x.body) {
            p.add(
                format!("{path}.body"),
                format!("\"{}\" is not one of election.bodies", x.body),
            );
        }
        if !contest_of_district.contains_key(x.id.as_str()) {
            p.add(
                path.clone(),
                "no single-member, akim or Senate contest is held in this district",
            );
        }
        let mut listed = BTreeSet::new();
        for (j, pr) in x.precincts.iter().enumerate() {
            let at = format!("{path}.precincts[{j}]");
            let Some(&k) = precincts.get(pr.as_str()) else {
                p.add(at, format!("unknown precinct {pr:?}"));
                continue;
            };
            if !listed.insert(k) {
                p.add(at, format!("{pr:?} is listed twice"));
            } else if d.precincts[k].abroad {
                p.add(
                    at,
                    format!("{pr:?} is abroad; stations abroad belong to no district"),
                );
            } else if let Some(council) = &x.council {
                if !inside(k, council) {
                    p.add(
                        at,
                        format!(
                            "{pr:?} is outside {council:?}, whose council this district elects"
                        ),
                    );
                }
            }
        }
        groups
            .entry((x.body.name(), x.council.as_deref()))
            .or_default()
            .push(i);
    }
    for ((body, council), members) in &groups {
        let mut count: HashMap<usize, Vec<&str>> = HashMap::new();
        for &i in members {
            for pr in &d.districts[i].precincts {
                if let Some(&k) = precincts.get(pr.as_str()) {
                    count.entry(k).or_default().push(&d.districts[i].id);
                }
            }
        }
        let whose = council.map_or(String::new(), |c| format!(" of the {c} council"));
        for (k, pr) in d.precincts.iter().enumerate() {
            if pr.abroad || council.is_some_and(|c| !inside(k, c)) {
                continue;
            }
            let path = format!("precincts[{k}]");
            match count.get(&k).map(Vec::as_slice) {
                // Akims are elected in rural districts only: a town's precinct is in none.
                None if *body == Body::RuralAkim.name() => {}
                None => p.add(
                    path,
                    format!("in no {body} district{whose}; every precinct must be in exactly one"),
                ),
                Some([_]) => {}
                Some(many) => p.add(
                    path,
                    format!(
                        "in {} {body} districts{whose} ({}); it must be in exactly one",
                        many.len(),
                        many.join(", ")
                    ),
                ),
            }
        }
    }

    for (i, s) in d.styles.iter().enumerate() {
        if s.contests.is_empty() {
            p.add(
                format!("styles[{i}].contests"),
                "a style holds at least one contest",
            );
        }
        let mut seen = BTreeSet::new();
        for (j, c) in s.contests.iter().enumerate() {
            if !contests.contains_key(c.as_str()) {
                p.add(
                    format!("styles[{i}].contests[{j}]"),
                    format!("unknown contest {c:?}"),
                );
            } else if !seen.insert(c) {
                p.add(
                    format!("styles[{i}].contests[{j}]"),
                    format!("{c:?} is listed twice"),
                );
            }
        }
    }

    // Precincts: where they are, and that their style is their geography's.
    for (k, pr) in d.precincts.iter().enumerate() {
        let path = format!("precincts[{k}]");
        let Some(&u) = units.get(pr.unit.as_str()) else {
            p.add(
                format!("{path}.unit"),
                format!("unknown unit {:?}", pr.unit),
            );
            continue;
        };
        if pr.abroad != (d.units[u].kind == UnitKind::Abroad) {
            p.add(
                format!("{path}.abroad"),
                "a station is abroad exactly when its unit is of kind \"abroad\"",
            );
        }
        if top(&pr.unit).is_none() {
            continue;
        }
        let Some(&s) = styles.get(pr.style.as_str()) else {
            p.add(
                format!("{path}.style"),
                format!("unknown style {:?}", pr.style),
            );
            continue;
        };
        let held: BTreeSet<&str> = d.styles[s].contests.iter().map(String::as_str).collect();
        for c in d.contests.iter().filter(|c| held.contains(c.id.as_str())) {
            if let Some(council) = &c.council {
                if !inside(k, council) {
                    p.add(
                        format!("{path}.style"),
                        format!("holds {:?}, a contest of the {council} council, which this precinct is outside", c.id),
                    );
                }
            }
            if let Some(district) = &c.district {
                let in_it = districts
                    .get(district.as_str())
                    .is_some_and(|&x| d.districts[x].precincts.contains(&pr.id));
                if !in_it {
                    p.add(
                        format!("{path}.style"),
                        format!("holds {:?}, the contest of district {district:?}, which does not include this precinct", c.id),
                    );
                }
            }
        }
        // A contest held across a whole council (or, with no council, the whole election) is on
        // every ballot there: a style may not leave it out.
        for c in d.contests.iter().filter(|c| c.district.is_none()) {
            let everywhere = match &c.council {
                None => true,
                Some(u) => inside(k, u),
            };
            if everywhere && !held.contains(c.id.as_str()) {
                p.add(
                    format!("{path}.style"),
                    format!("lacks {:?}, which every voter here receives", c.id),
                );
            }
        }
        for x in d.districts.iter().filter(|x| x.precincts.contains(&pr.id)) {
            if let Some(&ci) = contest_of_district.get(x.id.as_str()) {
                if !held.contains(d.contests[ci].id.as_str()) {
                    p.add(
                        format!("{path}.style"),
                        format!(
                            "lacks {:?}, the contest of its district {:?}",
                            d.contests[ci].id, x.id
                        ),
                    );
                }
            }
        }
    }

    // Guardians.
    let g = &d.guardians;
    let n = g.members.len() as u32;
    if n == 0 || n > 255 {
        p.add(
            "guardians.members",
            "between 1 and 255 guardians are needed",
        );
    }
    if g.quorum == 0 || g.quorum > n {
        p.add(
            "guardians.quorum",
            format!("must be between 1 and the number of guardians ({n})"),
        );
    }
    let mut names = BTreeSet::new();
    for (i, m) in g.members.iter().enumerate() {
        if m.name.trim().is_empty() || !names.insert(m.name.as_str()) {
            p.add(
                format!("guardians.members[{i}].name"),
                "is empty or repeated",
            );
        }
        match (m.role, &m.party) {
            (GuardianRole::Party, Some(party)) if parties.contains_key(party.as_str()) => {}
            (GuardianRole::Party, _) => p.add(
                format!("guardians.members[{i}].party"),
                "a party's nominee names a party of this definition",
            ),
            (GuardianRole::Commission, Some(_)) => p.add(
                format!("guardians.members[{i}].party"),
                "a commission member is nobody's nominee",
            ),
            _ => {}
        }
    }

    if p.0.is_empty() {
        Ok(())
    } else {
        Err(p.0)
    }
}

/// A contest's place: the council of a maslikhat contest, the district of a single-member one.
fn contest_place(
    p: &mut Problems,
    d: &Definition,
    path: &str,
    c: &Contest,
    kind: ContestKind,
    units: &HashMap<&str, usize>,
    districts: &HashMap<&str, usize>,
) {
    let maslikhat = c.body == Body::Maslikhat;
    match (&c.council, maslikhat) {
        (None, true) => p.add(
            format!("{path}.council"),
            "a maslikhat contest names its council's unit",
        ),
        (Some(_), false) => p.add(
            format!("{path}.council"),
            "only maslikhat contests have a council",
        ),
        (Some(u), true) => match units.get(u.as_str()).map(|&i| d.units[i].kind) {
            None => p.add(format!("{path}.council"), format!("unknown unit {u:?}")),
            Some(UnitKind::Abroad) => {
                p.add(format!("{path}.council"), "there is no maslikhat abroad")
            }
            Some(_) => {}
        },
        (None, false) => {}
    }
    // A rural akim is elected in a rural district of its own, a senator by the electors'
    // joint session of a region: each area is a district too, listing its precincts.
    match (
        &c.district,
        matches!(
            kind,
            ContestKind::Smd | ContestKind::Akim | ContestKind::Senate
        ),
    ) {
        (None, true) => p.add(
            format!("{path}.district"),
            "a single-member, akim or Senate contest names its district (for an akim, its rural district; for the Senate, its region's joint session)",
        ),
        (Some(_), false) => p.add(
            format!("{path}.district"),
            "only single-member, akim and Senate contests have a district",
        ),
        (Some(id), true) => match districts.get(id.as_str()).map(|&i| &d.districts[i]) {
            None => p.add(
                format!("{path}.district"),
                format!("unknown district {id:?}"),
            ),
            Some(x) if x.body != c.body || x.council != c.council => p.add(
                format!("{path}.district"),
                format!("district {id:?} belongs to another body or council"),
            ),
            Some(_) => {}
        },
        (None, false) => {}
    }
}

fn contest_seats(p: &mut Problems, path: &str, c: &Contest, kind: ContestKind, edition: &Edition) {
    let at = format!("{path}.seats");
    if kind != ContestKind::PartyList {
        if c.seats.is_some_and(|s| s != 1) {
            p.add(at, "a single-seat contest has 1 seat");
        }
        return;
    }
    let law = edition.list.as_ref().and_then(|l| l.seats);
    match (c.seats, law) {
        (Some(0), _) => p.add(at, "at least 1 seat"),
        (Some(s), Some(l)) if s != l => p.add(
            at,
            format!("{} fixes {l} list seats; the file says {s}", edition.id),
        ),
        (None, None) => p.add(
            at,
            format!(
                "{} lets each council set its list seats: give them",
                edition.id
            ),
        ),
        _ => {}
    }
}

#[allow(clippy::too_many_arguments)]
fn contest_options(
    p: &mut Problems,
    d: &Definition,
    path: &str,
    c: &Contest,
    kind: ContestKind,
    edition: &Edition,
    parties: &HashMap<&str, usize>,
    candidates: &HashMap<&str, usize>,
) {
    if c.options.is_empty() {
        p.add(
            format!("{path}.options"),
            "a contest has at least one option",
        );
    }
    let mut ids = BTreeSet::new();
    let mut used_parties = BTreeSet::new();
    let mut listed = BTreeMap::new();
    for (j, o) in c.options.iter().enumerate() {
        let at = format!("{path}.options[{j}]");
        if !valid_id(&o.id) || o.id == AGAINST_ALL {
            p.add(
                format!("{at}.id"),
                format!(
                    "{:?} is not an option id (\"{AGAINST_ALL}\" is added by against_all)",
                    o.id
                ),
            );
        }
        if !ids.insert(o.id.as_str()) {
            p.add(format!("{at}.id"), format!("{:?} is listed twice", o.id));
        }
        match kind {
            ContestKind::PartyList => {
                if o.candidate.is_some() || o.name.is_some() {
                    p.add(
                        at.clone(),
                        "a list option names a party and its list, nothing else",
                    );
                }
                match &o.party {
                    Some(x) if !parties.contains_key(x.as_str()) => {
                        p.add(format!("{at}.party"), format!("unknown party {x:?}"))
                    }
                    Some(x) if !used_parties.insert(x) => {
                        p.add(format!("{at}.party"), format!("{x:?} has two lists here"))
                    }
                    Some(_) => {}
                    None => p.add(format!("{at}.party"), "a list option names its party"),
                }
                if o.list.is_empty() {
                    p.add(
                        format!("{at}.list"),
                        "a party list has at least one candidate",
                    );
                }
                let mut facts = Vec::new();
                for (k, cand) in o.list.iter().enumerate() {
                    match candidates.get(cand.as_str()) {
                        None => p.add(
                            format!("{at}.list[{k}]"),
                            format!("unknown candidate {cand:?}"),
                        ),
                        Some(&ci) => {
                            if let Some(other) = listed.insert(cand.as_str(), j) {
                                p.add(
                                    format!("{at}.list[{k}]"),
                                    format!("{cand:?} is already on the list of {path}.options[{other}]"),
                                );
                            }
                            let x = &d.candidates[ci];
                            facts.push(QuotaFacts {
                                woman: x.woman,
                                birth: x.birth_date,
                                disability: x.disability,
                            });
                        }
                    }
                }
                if let Some(q) = edition.list.as_ref().and_then(|l| l.quota) {
                    let n = list_quota::count(&q, &facts, d.election.date);
                    if facts.len() == o.list.len() && !n.met() {
                        p.add(
                            format!("{at}.list"),
                            format!(
                                "{} of {} candidates are women, young or disabled; the quota of {} ({}%) needs {}",
                                n.counted,
                                n.listed,
                                edition.id,
                                q.share.percent(0),
                                n.required
                            ),
                        );
                    }
                }
            }
            ContestKind::Referendum => {
                if o.party.is_some() || o.candidate.is_some() || !o.list.is_empty() {
                    p.add(at.clone(), "a referendum answer has only an id and a name");
                }
                if o.name.is_none() || !matches!(o.id.as_str(), "yes" | "no") {
                    p.add(
                        at,
                        "a referendum answer is \"yes\" or \"no\", with its name",
                    );
                }
            }
            _ => {
                if o.party.is_some() || !o.list.is_empty() || o.name.is_some() {
                    p.add(
                        at.clone(),
                        "a candidate option names its candidate, nothing else",
                    );
                }
                match &o.candidate {
                    Some(x) if !candidates.contains_key(x.as_str()) => p.add(
                        format!("{at}.candidate"),
                        format!("unknown candidate {x:?}"),
                    ),
                    Some(x) => {
                        if let Some(other) = listed.insert(x.as_str(), j) {
                            p.add(
                                format!("{at}.candidate"),
                                format!("{x:?} already stands as {path}.options[{other}]"),
                            );
                        }
                    }
                    None => p.add(
                        format!("{at}.candidate"),
                        "a candidate option names its candidate",
                    ),
                }
            }
        }
    }
}
