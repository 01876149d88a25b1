//! From the national protocol to what is published of the result: one road, which the demo,
//! the service's record and results, and its pages all take (docs/formats.md, "From a
//! protocol to `sailau-results/1`").
//!
//! For each body elected, the protocol's contests of that body become a `sailau-results/1`
//! file with the definition's names, kinds and seats ([`BodyResults::of`]); that file is what
//! is published, and what the law decides, under the edition in force on election day
//! ([`BodyResults::decide`]). So a result on a page, in the API and in the record are one
//! computation, and `sailau results results/BODY.json` gives the same decisions.

use sailau_definition::{Body, Checked, Language, AGAINST_ALL};
use sailau_formats::{report, ContestEntry, ResultsFile};
use sailau_law::{Choice, Contest, Decision};
use sailau_protocol::{ContestCount, Level, Protocol};
use serde_json::{json, Value};

/// Why a protocol's contests cannot be handed to the law.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResultsError {
    /// The protocol counts a contest the definition does not hold.
    #[error("contest {0} is not in the definition")]
    UnknownContest(String),
    /// A total does not fit the results file's counts.
    #[error("contest {0}: a total exceeds 18,446,744,073,709,551,615")]
    Overflow(String),
    /// The file does not read back: a bug, named rather than hidden.
    #[error("results/{0}.json: {1}")]
    Unreadable(Body, String),
}

/// One body's published results: the `sailau-results/1` file, as text and as read.
#[derive(Debug)]
pub struct BodyResults {
    /// The body elected.
    pub body: Body,
    /// `results/BODY.json`, exactly as published.
    pub text: String,
    /// The same, as the law reads it.
    pub file: ResultsFile,
}

/// The law's decisions on one body's results.
pub struct Decided<'a> {
    /// The results file decided on.
    pub file: &'a ResultsFile,
    /// Each contest the law decided, with its decision.
    pub decisions: Vec<(&'a ContestEntry, Decision)>,
    /// Each contest the law refused, or the whole file if no edition is in force, named.
    pub refused: Vec<String>,
}

impl Decided<'_> {
    /// `results/BODY-decided.json`, exactly as published: what `sailau results --json`
    /// prints.
    pub fn text(&self) -> String {
        format!("{:#}\n", self.json())
    }

    /// The decisions as the results JSON (docs/formats.md, "The results JSON").
    pub fn json(&self) -> Value {
        report::results_json(self.file, &self.decisions)
    }
}

/// A region's summary protocol, by unit id, for the regions of a constitutional question;
/// `None` where none is known. Asked only when the body holds such a question.
pub type Regions<'a> = &'a dyn Fn(&str) -> Option<Protocol>;

/// No region known: for a unit's own page, where two thirds of the regions mean nothing.
pub fn no_regions(_: &str) -> Option<Protocol> {
    None
}

impl BodyResults {
    /// The contests of `body` in `protocol` (in practice the national one) as a results file;
    /// a constitutional question's count by region comes from `regions` (docs/formats.md,
    /// "From a protocol to `sailau-results/1`").
    pub fn of(
        def: &Checked,
        protocol: &Protocol,
        body: Body,
        regions: Regions,
    ) -> Result<BodyResults, ResultsError> {
        let text = format!("{:#}\n", results_file(def, protocol, body, regions)?);
        let file =
            ResultsFile::parse(&text).map_err(|e| ResultsError::Unreadable(body, e.to_string()))?;
        Ok(BodyResults { body, text, file })
    }

    /// Every body of the definition's election, in its order.
    pub fn all(
        def: &Checked,
        protocol: &Protocol,
        regions: Regions,
    ) -> Result<Vec<BodyResults>, ResultsError> {
        def.election
            .bodies
            .iter()
            .map(|&b| BodyResults::of(def, protocol, b, regions))
            .collect()
    }

    /// What the law in force on election day decides, with no what-if.
    pub fn decide(&self) -> Decided<'_> {
        let (decisions, refused) = report::decide_in_force(&self.file);
        Decided {
            file: &self.file,
            decisions,
            refused,
        }
    }
}

/// A constitutional question's count in each region and city of the definition (the units
/// without a parent, those abroad left out: docs/law.md, "Referendum"), in the definition's
/// order; a region whose sum is not known, or holds no count of the question, is left out.
fn region_counts(
    def: &Checked,
    contest: &str,
    regions: Regions,
) -> Result<Vec<Value>, ResultsError> {
    let fit = |x: u128| u64::try_from(x).map_err(|_| ResultsError::Overflow(contest.into()));
    let mut out = Vec::new();
    for u in def
        .units
        .iter()
        .filter(|u| u.parent.is_none() && u.kind != sailau_definition::UnitKind::Abroad)
    {
        let Some(p) = regions(&u.id) else { continue };
        let Some(c) = p.contests.iter().find(|c| c.contest == contest) else {
            continue;
        };
        let votes = |id: &str| {
            c.options
                .iter()
                .find(|o| o.option == id)
                .map_or(Ok(0), |o| fit(o.votes()))
        };
        out.push(json!({
            "id": u.id,
            "name": u.name.en,
            "registered": c.registered,
            "ballots_cast": fit(c.ballots_found())?,
            "invalid": fit(c.invalid())?,
            "yes": votes("yes")?,
            "no": votes("no")?,
        }));
    }
    Ok(out)
}

/// The law's tally of one contest's count: its options with their votes on paper and
/// electronically, "against all" apart, invalid ballots and blank electronic ones together.
pub fn law_contest(def: &Checked, count: &ContestCount) -> Result<Contest, ResultsError> {
    let id = &count.contest;
    let c = def
        .contest(id)
        .ok_or_else(|| ResultsError::UnknownContest(id.clone()))?;
    let fit = |x: u128| u64::try_from(x).map_err(|_| ResultsError::Overflow(id.clone()));
    let names = def.option_labels(c, Language::English);
    let orders = def.registration_orders(c);
    let mut against_all = None;
    let mut options = Vec::new();
    for (i, o) in count.options.iter().enumerate() {
        if o.option == AGAINST_ALL {
            against_all = Some(fit(o.votes())?);
            continue;
        }
        options.push(Choice {
            id: o.option.clone(),
            name: names.get(i).cloned().unwrap_or_else(|| o.option.clone()),
            registration_order: orders.get(i).copied().unwrap_or(i as u32 + 1),
            votes: fit(o.votes())?,
        });
    }
    Ok(Contest {
        id: id.clone(),
        kind: c.kind,
        seats: c.seats,
        registered: Some(count.registered),
        ballots_cast: Some(fit(count.ballots_found())?),
        invalid: Some(fit(count.invalid())?),
        against_all,
        options,
        round: c.round,
        constitutional: c.constitutional,
        regions: vec![],
    })
}

/// The contests of `body` in `protocol` as a `sailau-results/1` value, keys in the
/// documented order.
fn results_file(
    def: &Checked,
    protocol: &Protocol,
    body: Body,
    regions: Regions,
) -> Result<Value, ResultsError> {
    let mut contests = Vec::new();
    for count in &protocol.contests {
        let Some(c) = def.contest(&count.contest) else {
            return Err(ResultsError::UnknownContest(count.contest.clone()));
        };
        if c.body != body {
            continue;
        }
        let t = law_contest(def, count)?;
        let mut o = serde_json::Map::new();
        o.insert("id".into(), json!(t.id));
        o.insert("kind".into(), json!(t.kind.name()));
        o.insert("name".into(), json!(c.name.en));
        if let Some(u) = &c.council {
            o.insert("council".into(), json!(u));
        }
        if let Some(s) = t.seats {
            o.insert("seats".into(), json!(s));
        }
        if t.round != 1 {
            o.insert("round".into(), json!(t.round));
        }
        o.insert("registered".into(), json!(t.registered));
        o.insert("ballots_cast".into(), json!(t.ballots_cast));
        o.insert("invalid".into(), json!(t.invalid));
        if let Some(a) = t.against_all {
            o.insert("against_all".into(), json!(a));
        }
        let parties = def.option_parties(c);
        let options: Vec<Value> = t
            .options
            .iter()
            .zip(parties)
            .map(|(x, party)| {
                let mut line = json!({
                    "id": x.id,
                    "name": x.name,
                    "registration_order": x.registration_order,
                    "votes": x.votes,
                });
                if let Some(p) = party {
                    line["party"] = json!(p);
                }
                line
            })
            .collect();
        o.insert("options".into(), Value::Array(options));
        if t.constitutional {
            o.insert("constitutional".into(), json!(true));
            o.insert(
                "regions".into(),
                Value::Array(region_counts(def, &count.contest, regions)?),
            );
        }
        contests.push(Value::Object(o));
    }
    Ok(json!({
        "format": sailau_formats::FORMAT,
        "election": {
            "name": def.election.name.en,
            "kind": body.name(),
            "date": def.election.date.to_string(),
        },
        "source": format!(
            "The {} protocol of {}, adding up {} precinct protocols",
            match protocol.level {
                Level::National => "national",
                Level::Territorial => "territorial",
                Level::Precinct => "precinct",
            },
            protocol.unit,
            protocol.precincts
        ),
        "contests": contests,
    }))
}
