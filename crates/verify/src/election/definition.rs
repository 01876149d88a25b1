//! The election definition as the verifier reads it (docs/formats.md, "The election
//! definition"): only what the checks need, with types of this crate's own. From it the
//! verifier derives, independently of the code that made the record, the manifest that
//! `election.json` must hold, each precinct's region, and the results file of each body.

use super::files::{Count, Protocol};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// The option id of "against all" (docs/formats.md, "The manifest").
pub const AGAINST_ALL: &str = "against-all";

#[derive(Deserialize)]
pub struct Names {
    pub en: String,
}

#[derive(Deserialize)]
pub struct ElectionInfo {
    pub id: String,
    pub name: Names,
    pub date: String,
    pub bodies: Vec<String>,
}

#[derive(Deserialize)]
pub struct Unit {
    pub id: String,
    pub name: Names,
    pub kind: String,
    #[serde(default)]
    pub parent: Option<String>,
}

#[derive(Deserialize)]
pub struct Party {
    pub id: String,
    pub name: Names,
    pub registration_order: u32,
}

#[derive(Deserialize)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub party: Option<String>,
}

#[derive(Deserialize)]
pub struct ContestOption {
    pub id: String,
    #[serde(default)]
    pub party: Option<String>,
    #[serde(default)]
    pub candidate: Option<String>,
    #[serde(default)]
    pub name: Option<Names>,
}

#[derive(Deserialize)]
pub struct Contest {
    pub id: String,
    pub name: Names,
    pub body: String,
    pub kind: String,
    #[serde(default)]
    pub council: Option<String>,
    #[serde(default)]
    pub seats: Option<u32>,
    pub against_all: bool,
    pub options: Vec<ContestOption>,
    #[serde(default = "first_round")]
    pub round: u8,
    #[serde(default)]
    pub first_round: Option<FirstRound>,
    #[serde(default)]
    pub constitutional: bool,
}

fn first_round() -> u8 {
    1
}

/// A second round's link to its first (docs/formats.md, "Second rounds").
#[derive(Deserialize)]
pub struct FirstRound {
    pub definition: String,
    pub contest: String,
    pub date: String,
}

#[derive(Deserialize)]
pub struct Style {
    pub id: String,
    pub contests: Vec<String>,
}

#[derive(Deserialize)]
pub struct Precinct {
    pub id: String,
    pub unit: String,
}

/// What the checks need of `definition.json`; every other field is ignored (the digest binds
/// them all).
#[derive(Deserialize)]
pub struct Definition {
    pub election: ElectionInfo,
    pub units: Vec<Unit>,
    #[serde(default)]
    pub parties: Vec<Party>,
    #[serde(default)]
    pub candidates: Vec<Candidate>,
    pub contests: Vec<Contest>,
    pub styles: Vec<Style>,
    pub precincts: Vec<Precinct>,
}

impl Definition {
    /// The manifest of docs/formats.md, "The manifest", as `election.json` must hold it.
    pub fn manifest(&self, digest_hex: &str) -> Value {
        let contests: Vec<Value> = self
            .contests
            .iter()
            .map(|c| {
                let mut options: Vec<&str> = c.options.iter().map(|o| o.id.as_str()).collect();
                if c.against_all {
                    options.push(AGAINST_ALL);
                }
                json!({ "id": c.id, "options": options, "min": 0, "max": 1 })
            })
            .collect();
        let styles: Vec<Value> = self
            .styles
            .iter()
            .map(|s| json!({ "id": s.id, "contests": s.contests }))
            .collect();
        json!({
            "election": self.election.id,
            "name": self.election.name.en,
            "date": self.election.date,
            "definition": digest_hex,
            "contests": contests,
            "styles": styles,
        })
    }

    /// Each precinct's region, city or abroad unit: the parent of its unit, or its unit.
    pub fn regions(&self) -> HashMap<String, String> {
        let parent: HashMap<&str, &str> = self
            .units
            .iter()
            .map(|u| (u.id.as_str(), u.parent.as_deref().unwrap_or(&u.id)))
            .collect();
        self.precincts
            .iter()
            .map(|p| {
                let top = parent.get(p.unit.as_str()).copied().unwrap_or(&p.unit);
                (p.id.clone(), top.to_string())
            })
            .collect()
    }

    /// The results file of `body` (docs/formats.md, "From a protocol to `sailau-results/1`"),
    /// exactly as it must be published: the national protocol's contests of that body, with
    /// the definition's names, kinds, seats and registration orders.
    pub fn results_file(
        &self,
        body: &str,
        national: &Protocol,
        territorial: &HashMap<&str, &Protocol>,
    ) -> Result<Vec<u8>, String> {
        let contests: HashMap<&str, &Contest> =
            self.contests.iter().map(|c| (c.id.as_str(), c)).collect();
        let names = Lookup {
            parties: self.parties.iter().map(|p| (p.id.as_str(), p)).collect(),
            candidates: self.candidates.iter().map(|c| (c.id.as_str(), c)).collect(),
        };
        let mut out = Vec::new();
        for count in &national.contests {
            let c = contests.get(count.contest.as_str()).ok_or_else(|| {
                format!(
                    "contest {} of national.json is not in definition.json",
                    count.contest
                )
            })?;
            if c.body == body {
                let mut o = results_contest(&names, c, count)?;
                if c.constitutional {
                    o["regions"] = Value::Array(self.region_counts(&c.id, territorial)?);
                }
                out.push(o);
            }
        }
        let file = json!({
            "format": "sailau-results/1",
            "election": {
                "name": self.election.name.en,
                "kind": body,
                "date": self.election.date,
            },
            "source": format!(
                "The {} protocol of {}, adding up {} precinct protocols",
                national.level, national.unit, national.precincts
            ),
            "contests": out,
        });
        Ok(super::files::pretty(&file))
    }
}

impl Definition {
    /// A constitutional question's count in each region and city (the units without a
    /// parent, those abroad left out), in the definition's order, from their territorial
    /// protocols; a region without one, or without the question, is left out.
    fn region_counts(
        &self,
        contest: &str,
        territorial: &HashMap<&str, &Protocol>,
    ) -> Result<Vec<Value>, String> {
        let fit = |x: u128| {
            u64::try_from(x).map_err(|_| format!("contest {contest}: a total exceeds 2^64 - 1"))
        };
        let mut out = Vec::new();
        for u in self
            .units
            .iter()
            .filter(|u| u.parent.is_none() && u.kind != "abroad")
        {
            let Some(p) = territorial.get(u.id.as_str()) else {
                continue;
            };
            let Some(c) = p.contests.iter().find(|c| c.contest == contest) else {
                continue;
            };
            let votes = |id: &str| {
                c.options
                    .iter()
                    .find(|o| o.option == id)
                    .map_or(Ok(0), |o| {
                        fit(u128::from(o.paper) + u128::from(o.electronic))
                    })
            };
            out.push(json!({
                "id": u.id,
                "name": u.name.en,
                "registered": c.registered,
                "ballots_cast": fit(c.found())?,
                "invalid": fit(c.invalid())?,
                "yes": votes("yes")?,
                "no": votes("no")?,
            }));
        }
        Ok(out)
    }
}

/// The parties and candidates by id.
struct Lookup<'a> {
    parties: HashMap<&'a str, &'a Party>,
    candidates: HashMap<&'a str, &'a Candidate>,
}

fn results_contest(names: &Lookup, c: &Contest, count: &Count) -> Result<Value, String> {
    let mut ids: Vec<&str> = c.options.iter().map(|o| o.id.as_str()).collect();
    if c.against_all {
        ids.push(AGAINST_ALL);
    }
    let theirs: Vec<&str> = count.options.iter().map(|o| o.option.as_str()).collect();
    if theirs != ids {
        return Err(format!(
            "contest {}: national.json's options are not the definition's",
            c.id
        ));
    }
    let fit = |x: u128| {
        u64::try_from(x).map_err(|_| format!("contest {}: a total exceeds 2^64 - 1", c.id))
    };
    let votes = |i: usize| {
        fit(u128::from(count.options[i].paper) + u128::from(count.options[i].electronic))
    };
    let mut o = Map::new();
    o.insert("id".into(), json!(c.id));
    o.insert("kind".into(), json!(c.kind));
    o.insert("name".into(), json!(c.name.en));
    if let Some(u) = &c.council {
        o.insert("council".into(), json!(u));
    }
    if let Some(s) = c.seats {
        o.insert("seats".into(), json!(s));
    }
    if c.round != 1 {
        o.insert("round".into(), json!(c.round));
    }
    o.insert("registered".into(), json!(count.registered));
    o.insert("ballots_cast".into(), json!(fit(count.found())?));
    o.insert("invalid".into(), json!(fit(count.invalid())?));
    if c.against_all {
        o.insert("against_all".into(), json!(votes(c.options.len())?));
    }
    let options = c
        .options
        .iter()
        .enumerate()
        .map(|(i, opt)| {
            let mut line = json!({
                "id": opt.id,
                "name": names.label(opt),
                "registration_order": names.registration_order(opt, i),
                "votes": votes(i)?,
            });
            if let Some(p) = names.party_of(opt) {
                line["party"] = json!(p);
            }
            Ok(line)
        })
        .collect::<Result<Vec<Value>, String>>()?;
    o.insert("options".into(), Value::Array(options));
    if c.constitutional {
        o.insert("constitutional".into(), json!(true));
    }
    Ok(Value::Object(o))
}

impl Lookup<'_> {
    fn party(&self, id: Option<&String>) -> Option<&Party> {
        id.and_then(|id| self.parties.get(id.as_str()).copied())
    }

    /// The English line of the ballot: the party; or the candidate, with the nominating
    /// party in parentheses; or the referendum answer's name; or else the id.
    fn label(&self, o: &ContestOption) -> String {
        if let Some(p) = self.party(o.party.as_ref()) {
            return p.name.en.clone();
        }
        let candidate = o
            .candidate
            .as_ref()
            .and_then(|id| self.candidates.get(id.as_str()).copied());
        if let Some(c) = candidate {
            return match self.party(c.party.as_ref()) {
                Some(p) => format!("{} ({})", c.name, p.name.en),
                None => c.name.clone(),
            };
        }
        o.name.as_ref().map_or(o.id.clone(), |n| n.en.clone())
    }

    /// The option's party: the list's, or the nominating party of the candidate on it; none
    /// for a self-nominated candidate or a referendum answer.
    fn party_of<'o>(&'o self, o: &'o ContestOption) -> Option<&'o str> {
        if o.party.is_some() {
            return o.party.as_deref();
        }
        o.candidate
            .as_ref()
            .and_then(|id| self.candidates.get(id.as_str()).copied())
            .and_then(|c| c.party.as_deref())
    }

    /// The party's registration order; for any other option its place on the ballot, from 1.
    fn registration_order(&self, o: &ContestOption, index: usize) -> u32 {
        self.party(o.party.as_ref())
            .map_or(index as u32 + 1, |p| p.registration_order)
    }
}
