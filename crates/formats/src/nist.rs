//! NIST SP 1500-100 v2 ElectionReport export, summary level.
//!
//! The Election Results Common Data Format (NIST SP 1500-100 Rev. 2, "ERR v2") in its JSON
//! binding, as published by NIST (`NIST_V2_election_results_reporting.json`, draft-04). Section
//! numbers below refer to the UML documentation of that specification (Enumerations, Classes).
//!
//! The report says what a results file says and what Sailau decided, and nothing more:
//!
//! - one `Election` whose `ElectionScopeId` is a `ReportingUnit` of type `country` (Kazakhstan);
//!   contests of a part of the country (single-member districts, akims, Senate seats,
//!   maslikhats) each get a `ReportingUnit` of their own, since the file names no geography;
//! - presidential, Senate, SMD and akim contests are `CandidateContest`s, party lists a
//!   `PartyContest`, referendum questions a `BallotMeasureContest`;
//! - every count is a `VoteCounts` of type `total` at the contest's unit (summary-contest
//!   level: no precincts), and party-list seats won a `VoteCounts` of type `seats`;
//! - ballots cast and invalid ballots go to `BallotCounts` (`BallotsCast`, `BallotsRejected`);
//! - winners and runoff places go to `Candidate.PostElectionStatus`.
//!
//! Everything is integers: the shares Sailau computes are left out, since a consumer can divide.

use crate::results_file::{ContestEntry, ResultsFile};
use sailau_law::edition::SingleSeat;
use sailau_law::{Body, ContestKind, Decision, Outcome};
use serde_json::{json, Value};

/// Language of the text Sailau writes itself.
const OURS: &str = "en";
/// Language of names taken from the results file. `sailau-results/1` does not say which
/// language its names are in (the fixtures mix English and transliterated Kazakh), so they are
/// tagged "undetermined" (BCP 47 `und`) rather than given a language nobody checked.
const THEIRS: &str = "und";

/// `InternationalizedText` (Classes, InternationalizedText): one `LanguageString`.
fn text(content: &str, language: &str) -> Value {
    json!({
        "@type": "ElectionResults.InternationalizedText",
        "Text": [{ "@type": "ElectionResults.LanguageString", "Content": content, "Language": language }],
    })
}

/// The file's own id, so a consumer can join the report with `sailau results --json`
/// (Classes, ExternalIdentifier; `other` because the IdentifierType list has no such kind).
fn sailau_id(id: &str) -> Value {
    json!([{ "@type": "ElectionResults.ExternalIdentifier", "Type": "other", "OtherType": "sailau-id", "Value": id }])
}

/// A count at a unit (Classes, VoteCounts). `Type` is `total` or `seats` (Enumerations,
/// CountItemType: `seats` is "for legislative balance-of-power results information").
fn count(kind: &str, unit: &str, n: u64) -> Value {
    json!({ "@type": "ElectionResults.VoteCounts", "Type": kind, "GpUnitId": unit, "Count": n })
}

/// Does a contest of this kind, in an election of this body, cover the whole country?
fn national(kind: ContestKind, body: Body) -> bool {
    match kind {
        ContestKind::Presidential | ContestKind::Referendum => true,
        ContestKind::PartyList => body != Body::Maslikhat,
        ContestKind::Smd | ContestKind::Akim | ContestKind::Senate => false,
    }
}

/// `ReportingUnitType` (Enumerations) has no Kazakh divisions, so sub-national units are
/// `other` with one of these.
fn district_type(kind: ContestKind) -> &'static str {
    match kind {
        ContestKind::Smd => "single-member-district",
        ContestKind::Akim => "rural-district",
        ContestKind::Senate => "region",
        _ => "maslikhat-territory",
    }
}

// ObjectIds are xsd:ID values, so NCNames: a letter first, no ':'. Sailau ids never contain
// '.', so a prefix and '.' separators keep every id in the report distinct.
const COUNTRY: &str = "country.kz";
fn unit_id(e: &ContestEntry) -> String {
    format!("district.{}", e.contest.id)
}
fn contest_id(e: &ContestEntry) -> String {
    format!("contest.{}", e.contest.id)
}
fn party_id(option: &str) -> String {
    format!("party.{option}")
}

/// The report. Its `Status` is always `unofficial-complete` (Enumerations, ResultsStatus):
/// `certified` means "certified by the election authority", and Sailau is not that authority
/// nor can it tell from a results file whether the counts were certified. A what-if decision
/// further marks the report `IsTest`, so nobody mistakes a hypothetical for a result.
pub fn election_report(
    file: &ResultsFile,
    decided: &[(&ContestEntry, Decision)],
    generated: &str,
) -> Value {
    let unit = |e: &ContestEntry| {
        if national(e.contest.kind, file.body) {
            COUNTRY.to_string()
        } else {
            unit_id(e)
        }
    };

    // Geography (Classes, GpUnit / ReportingUnit).
    let districts: Vec<&ContestEntry> = decided
        .iter()
        .map(|(e, _)| *e)
        .filter(|e| unit(e) != COUNTRY)
        .collect();
    let mut country = json!({
        "@id": COUNTRY,
        "@type": "ElectionResults.ReportingUnit",
        "Type": "country",
        "Name": text("Kazakhstan", OURS),
        "ExternalIdentifier": [{ "@type": "ElectionResults.ExternalIdentifier", "Type": "other", "OtherType": "iso-3166-1", "Value": "KZ" }],
    });
    if !districts.is_empty() {
        country["ComposingGpUnitIds"] =
            json!(districts.iter().map(|e| unit_id(e)).collect::<Vec<_>>());
    }
    // National contests share the country unit; the first one with a register speaks for it.
    if let Some(r) = decided
        .iter()
        .filter(|(e, _)| unit(e) == COUNTRY)
        .find_map(|(e, _)| e.contest.registered)
    {
        country["VotersRegistered"] = json!(r);
    }
    let mut gp_units = vec![country];
    for e in &districts {
        let mut u = json!({
            "@id": unit_id(e),
            "@type": "ElectionResults.ReportingUnit",
            "Type": "other",
            "OtherType": district_type(e.contest.kind),
            "Name": text(e.name.as_deref().unwrap_or(&e.contest.id), THEIRS),
            "ExternalIdentifier": sailau_id(&e.contest.id),
        });
        if let Some(r) = e.contest.registered {
            u["VotersRegistered"] = json!(r);
        }
        gp_units.push(u);
    }

    // Parties are report-wide (Classes, Party): a party-list option id names one party in
    // every contest of the file, as in a maslikhat election with several territories.
    let mut parties: Vec<Value> = Vec::new();
    let mut candidates = Vec::new();
    let mut contests = Vec::new();
    let mut ballot_counts = Vec::new();
    for (i, (e, d)) in decided.iter().enumerate() {
        let c = &e.contest;
        let at = unit(e);
        if c.kind == ContestKind::PartyList {
            for o in &c.options {
                let id = party_id(&o.id);
                if !parties.iter().any(|p| p["@id"] == id.as_str()) {
                    parties.push(json!({
                        "@id": id,
                        "@type": "ElectionResults.Party",
                        "Name": text(&o.name, THEIRS),
                        "ExternalIdentifier": sailau_id(&o.id),
                    }));
                }
            }
        }
        let (mut selections, mut contest) = match c.kind {
            ContestKind::PartyList => party_contest(e, d, &at),
            ContestKind::Referendum => ballot_measure_contest(e, &at),
            _ => {
                let (sel, con, cands) = candidate_contest(e, d, &at);
                candidates.extend(cands);
                (sel, con)
            }
        };
        // "Against all" is a line on the ballot that names no candidate or party. PartySelection
        // needs a PartyId and a CandidateSelection without one would be nameless, so it is a
        // BallotMeasureSelection, the one ContestSelection that carries its own text; the schema
        // admits any ContestSelection in any Contest (Classes, Contest and ContestSelection).
        if let Some(votes) = c.against_all {
            selections.push(json!({
                "@id": format!("against-all.{}", c.id),
                "@type": "ElectionResults.BallotMeasureSelection",
                "Selection": text("Against all", OURS),
                "SequenceOrder": selections.len() + 1,
                "VoteCounts": [count("total", &at, votes)],
            }));
        }
        contest["@id"] = json!(contest_id(e));
        contest["Name"] = json!(e.name.as_deref().unwrap_or(&c.id));
        contest["ElectionDistrictId"] = json!(at);
        contest["SequenceOrder"] = json!(i + 1);
        contest["ExternalIdentifier"] = sailau_id(&c.id);
        contest["ContestSelection"] = Value::Array(selections);
        contests.push(contest);

        // Invalid ballots are "rejected" in the spec's words (Classes, BallotCounts). OtherCounts
        // would be wrong: an invalid Kazakh ballot is not necessarily an over- or undervote.
        // Each contest reports its own ballots, so two national contests (two referendum
        // questions) give two BallotCounts at the country unit, one per question, in order.
        if c.ballots_cast.is_some() || c.invalid.is_some() {
            let mut b =
                json!({ "@type": "ElectionResults.BallotCounts", "GpUnitId": at, "Type": "total" });
            if let Some(n) = c.ballots_cast {
                b["BallotsCast"] = json!(n);
            }
            if let Some(n) = c.invalid {
                b["BallotsRejected"] = json!(n);
            }
            ballot_counts.push(b);
        }
    }

    // Enumerations, ElectionType: Senate seats are filled by electors (maslikhat deputies),
    // not by "all eligible voters", so that election is `other`.
    let (kind, other) = if file.body == Body::Senate {
        ("other", Some("indirect"))
    } else if decided.iter().all(|(e, _)| e.contest.round == 2) {
        ("runoff", None)
    } else {
        ("general", None)
    };
    let date = file.date.to_string();
    let mut election = json!({
        "@type": "ElectionResults.Election",
        "Name": text(&file.name, THEIRS),
        "StartDate": date,
        "EndDate": date,
        "Type": kind,
        "ElectionScopeId": COUNTRY,
        "Contest": contests,
        // The file holds final counts, not a count in progress (Classes, CountStatus).
        "CountStatus": [{ "@type": "ElectionResults.CountStatus", "Type": "total", "Status": "completed" }],
    });
    if let Some(o) = other {
        election["OtherType"] = json!(o);
    }
    if !candidates.is_empty() {
        election["Candidate"] = Value::Array(candidates);
    }
    if !ballot_counts.is_empty() {
        election["BallotCounts"] = Value::Array(ballot_counts);
    }

    let mut report = json!({
        "@type": "ElectionResults.ElectionReport",
        "Format": "summary-contest",
        "Status": "unofficial-complete",
        "GeneratedDate": generated,
        "Issuer": "Sailau",
        // "such as the 2-character ... abbreviation of the state whose results are being
        // reported" (Classes, ElectionReport): the country, not the commission, which did not
        // issue this report.
        "IssuerAbbreviation": "KZ",
        "VendorApplicationId": format!("sailau {}", env!("CARGO_PKG_VERSION")),
        "SequenceStart": 1,
        "SequenceEnd": 1,
        "GpUnit": gp_units,
        "Election": [election],
        "Notes": notes(file, decided),
    });
    if !parties.is_empty() {
        report["Party"] = Value::Array(parties);
    }
    let what_if: Vec<&str> = decided
        .iter()
        .flat_map(|(_, d)| &d.certificate.what_if)
        .map(String::as_str)
        .collect();
    if !what_if.is_empty() {
        report["IsTest"] = json!(true);
        report["TestType"] = json!(format!("what-if: {}", what_if.join("; ")));
    }
    report
}

/// A `PartyContest` (Classes, PartyContest, PartySelection). The schema gives it no
/// `NumberElected`, so the seats at stake are in `Notes`; the seats won are `seats` counts.
fn party_contest(e: &ContestEntry, d: &Decision, at: &str) -> (Vec<Value>, Value) {
    let selections = e
        .contest
        .options
        .iter()
        .zip(&d.options)
        .enumerate()
        .map(|(j, (o, r))| {
            let mut counts = vec![count("total", at, o.votes)];
            if let Some(s) = r.seats {
                counts.push(count("seats", at, u64::from(s)));
            }
            json!({
                "@id": format!("selection.{}.{}", e.contest.id, o.id),
                "@type": "ElectionResults.PartySelection",
                "PartyIds": [party_id(&o.id)],
                "SequenceOrder": j + 1,
                "VoteCounts": counts,
            })
        })
        .collect();
    (
        selections,
        json!({ "@type": "ElectionResults.PartyContest", "VoteVariation": "proportional" }),
    )
}

/// A `BallotMeasureContest` of type `referendum` (Classes, BallotMeasureContest). The schema
/// has no field for adoption, so the outcome is in `Notes`.
fn ballot_measure_contest(e: &ContestEntry, at: &str) -> (Vec<Value>, Value) {
    let selections = e
        .contest
        .options
        .iter()
        .enumerate()
        .map(|(j, o)| {
            json!({
                "@id": format!("selection.{}.{}", e.contest.id, o.id),
                "@type": "ElectionResults.BallotMeasureSelection",
                "Selection": text(&o.name, THEIRS),
                "SequenceOrder": j + 1,
                "VoteCounts": [count("total", at, o.votes)],
            })
        })
        .collect();
    (
        selections,
        json!({ "@type": "ElectionResults.BallotMeasureContest", "Type": "referendum" }),
    )
}

/// A one-seat `CandidateContest` and its `Candidate`s (Classes, CandidateContest, Candidate,
/// CandidateSelection). Candidates are per contest, since their post-election status is.
fn candidate_contest(e: &ContestEntry, d: &Decision, at: &str) -> (Vec<Value>, Value, Vec<Value>) {
    let c = &e.contest;
    // Enumerations, CandidatePostElectionStatus. A repeat or an invalid vote defeats nobody,
    // so then no status is given.
    let status = |id: &str| match d.outcome {
        Outcome::Elected if d.winner.as_deref() == Some(id) => Some("winner"),
        Outcome::Runoff if d.runoff.as_ref().is_some_and(|r| r.iter().any(|x| x == id)) => {
            Some("advanced-to-runoff")
        }
        Outcome::Elected | Outcome::Runoff => Some("defeated"),
        _ => None,
    };
    let (mut selections, mut candidates) = (Vec::new(), Vec::new());
    for (j, o) in c.options.iter().enumerate() {
        let cand = format!("candidate.{}.{}", c.id, o.id);
        let mut person = json!({
            "@id": cand,
            "@type": "ElectionResults.Candidate",
            "BallotName": text(&o.name, THEIRS),
            "ExternalIdentifier": sailau_id(&o.id),
        });
        if let Some(s) = status(&o.id) {
            person["PostElectionStatus"] = json!(s);
        }
        candidates.push(person);
        selections.push(json!({
            "@id": format!("selection.{}.{}", c.id, o.id),
            "@type": "ElectionResults.CandidateSelection",
            "CandidateIds": [cand],
            "SequenceOrder": j + 1,
            "VoteCounts": [count("total", at, o.votes)],
        }));
    }
    // Enumerations, VoteVariation: the presidency and the Senate need an absolute majority;
    // SMDs and akims follow the edition's rule for single seats.
    let variation = match (c.kind, d.edition.seat.as_ref().map(|s| s.rule)) {
        (ContestKind::Smd | ContestKind::Akim, Some(SingleSeat::Plurality)) => "plurality",
        _ => "majority",
    };
    let mut contest = json!({
        "@type": "ElectionResults.CandidateContest",
        "VoteVariation": variation,
        "VotesAllowed": 1,
        "NumberElected": 1,
    });
    if d.outcome == Outcome::Runoff {
        contest["NumberRunoff"] = json!(2);
    }
    (selections, contest, candidates)
}

/// What the schema has no field for, one line each: provenance, every outcome (a referendum's
/// adoption and a party list's seats at stake included), what-if departures, unconfirmed law.
fn notes(file: &ResultsFile, decided: &[(&ContestEntry, Decision)]) -> String {
    let mut lines = vec![
        "Counts as given in a sailau-results/1 file; outcomes decided by Sailau under the edition of the law named. \
         Not issued by the Central Election Commission."
            .to_string(),
    ];
    if let Some(s) = &file.source {
        lines.push(format!("Source: {s}"));
    }
    for (_, d) in decided {
        let mut line = format!(
            "Contest {}: {} under edition {}",
            d.contest, d.outcome, d.edition.id
        );
        if let Some(s) = d.seats {
            line.push_str(&format!(", {s} seats at stake"));
        }
        if let Some(w) = &d.winner {
            line.push_str(&format!(", winner {w}"));
        }
        if let Some([a, b]) = &d.runoff {
            line.push_str(&format!(", runoff between {a} and {b}"));
        }
        lines.push(line + ".");
        lines.extend(
            d.certificate
                .what_if
                .iter()
                .map(|w| format!("Contest {}: what-if: {w}.", d.contest)),
        );
        lines.extend(
            d.certificate
                .unconfirmed
                .iter()
                .map(|u| format!("Contest {}: unconfirmed: {u}", d.contest)),
        );
    }
    lines.join("\n")
}

/// The country below its contests, for a precinct-level report: each territorial unit with
/// what it holds, and each precinct's counts.
#[derive(Clone, Debug, Default)]
pub struct Geography {
    /// Every unit below the country.
    pub units: Vec<GeoUnit>,
    /// The ids of the units directly under the country.
    pub top: Vec<String>,
    /// Every precinct, with its protocol's counts (none before it has reported).
    pub precincts: Vec<PrecinctCounts>,
}

/// A territorial unit: a region, a city, a district, or the stations abroad.
#[derive(Clone, Debug)]
pub struct GeoUnit {
    /// The definition's id.
    pub id: String,
    /// Its name, in English.
    pub name: String,
    /// `region`, `city`, `district` or `abroad`.
    pub kind: String,
    /// The units directly in it.
    pub units: Vec<String>,
    /// The precincts directly in it.
    pub precincts: Vec<String>,
}

/// One precinct's counts, from its signed protocol.
#[derive(Clone, Debug)]
pub struct PrecinctCounts {
    /// The definition's id.
    pub id: String,
    /// Its number, as the commission's seal gives it.
    pub number: u32,
    /// Voters on its list (the largest over its contests); none before it has reported.
    pub registered: Option<u64>,
    /// Each contest it counted.
    pub contests: Vec<PrecinctContest>,
}

/// One contest at one precinct.
#[derive(Clone, Debug)]
pub struct PrecinctContest {
    /// The contest's id.
    pub contest: String,
    /// Everyone who took part, invalid ballots included.
    pub ballots_cast: u64,
    /// Invalid paper ballots and blank electronic ones.
    pub invalid: u64,
    /// Each option (`against-all` for "against all"): its paper and electronic votes.
    pub options: Vec<(String, u64, u64)>,
}

fn geo_unit_id(id: &str) -> String {
    format!("unit.{id}")
}
fn precinct_unit_id(id: &str) -> String {
    format!("precinct.{id}")
}

/// A count of one kind of ballot at a precinct (Enumerations, CountItemType has no paper or
/// electronic, so they are `other`).
fn typed(kind: &str, unit: &str, n: u64) -> Value {
    json!({ "@type": "ElectionResults.VoteCounts", "Type": "other", "OtherType": kind, "GpUnitId": unit, "Count": n })
}

/// The precinct-level report (`Format: precinct-level`): the summary report of
/// [`election_report`], with every unit and every precinct as a `ReportingUnit` (precincts
/// of type `precinct`, their units `other`, composed from the country down), and every
/// selection's votes at every precinct that counted its contest: on paper, electronic, and
/// the total. Each precinct's ballots cast and rejected per contest are `BallotCounts` of
/// type `total` at the precinct, one per contest, in the contests' order.
pub fn precinct_report(
    file: &ResultsFile,
    decided: &[(&ContestEntry, Decision)],
    geography: &Geography,
    generated: &str,
) -> Value {
    let mut report = election_report(file, decided, generated);
    report["Format"] = json!("precinct-level");
    let gp = report["GpUnit"].as_array_mut().expect("GpUnit");
    let country = &mut gp[0];
    let mut composing: Vec<Value> = country["ComposingGpUnitIds"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    composing.extend(geography.top.iter().map(|u| json!(geo_unit_id(u))));
    country["ComposingGpUnitIds"] = Value::Array(composing);
    for u in &geography.units {
        let parts: Vec<String> = u
            .units
            .iter()
            .map(|x| geo_unit_id(x))
            .chain(u.precincts.iter().map(|p| precinct_unit_id(p)))
            .collect();
        let mut unit = json!({
            "@id": geo_unit_id(&u.id),
            "@type": "ElectionResults.ReportingUnit",
            "Type": "other",
            "OtherType": u.kind,
            "Name": text(&u.name, OURS),
            "ExternalIdentifier": sailau_id(&u.id),
        });
        if !parts.is_empty() {
            unit["ComposingGpUnitIds"] = json!(parts);
        }
        gp.push(unit);
    }
    for p in &geography.precincts {
        let mut unit = json!({
            "@id": precinct_unit_id(&p.id),
            "@type": "ElectionResults.ReportingUnit",
            "Type": "precinct",
            "Name": text(&format!("Precinct {}", p.number), OURS),
            "ExternalIdentifier": sailau_id(&p.id),
        });
        if let Some(r) = p.registered {
            unit["VotersRegistered"] = json!(r);
        }
        gp.push(unit);
    }
    // Each selection's counts at each precinct, found by the selection's id; each contest's
    // precincts indexed once, since a maslikhat's contest is counted at a few of thousands.
    let mut at_precincts: std::collections::HashMap<&str, Vec<(&str, &PrecinctContest)>> =
        std::collections::HashMap::new();
    for p in &geography.precincts {
        for c in &p.contests {
            at_precincts
                .entry(c.contest.as_str())
                .or_default()
                .push((p.id.as_str(), c));
        }
    }
    let election = &mut report["Election"][0];
    let contests: Vec<String> = decided.iter().map(|(e, _)| e.contest.id.clone()).collect();
    for (i, id) in contests.iter().enumerate() {
        let Some(selections) = election["Contest"][i]["ContestSelection"].as_array_mut() else {
            continue;
        };
        for s in selections.iter_mut() {
            let sid = s["@id"].as_str().unwrap_or_default().to_string();
            let option = if sid == format!("against-all.{id}") {
                "against-all".to_string()
            } else {
                sid.strip_prefix(&format!("selection.{id}."))
                    .unwrap_or_default()
                    .to_string()
            };
            let counts = s["VoteCounts"].as_array_mut().expect("VoteCounts");
            for (p, c) in at_precincts.get(id.as_str()).into_iter().flatten() {
                let Some((_, paper, electronic)) = c.options.iter().find(|o| o.0 == option) else {
                    continue;
                };
                let at = precinct_unit_id(p);
                counts.push(typed("paper", &at, *paper));
                counts.push(typed("electronic", &at, *electronic));
                counts.push(count("total", &at, paper + electronic));
            }
        }
    }
    let mut ballots = election["BallotCounts"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for id in &contests {
        for (p, c) in at_precincts.get(id.as_str()).into_iter().flatten() {
            ballots.push(json!({
                "@type": "ElectionResults.BallotCounts",
                "GpUnitId": precinct_unit_id(p),
                "Type": "total",
                "BallotsCast": c.ballots_cast,
                "BallotsRejected": c.invalid,
            }));
        }
    }
    if !ballots.is_empty() {
        election["BallotCounts"] = Value::Array(ballots);
    }
    report
}
