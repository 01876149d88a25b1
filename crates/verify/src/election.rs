//! A whole election: every polling station's record, its signed protocol, the summary
//! protocols above them and the results (docs/formats.md, "The election record").
//!
//! Each station's record is checked with the fifteen checks of §12. Then the checks here tie
//! the stations to the result: every protocol is signed by its station's key; its seal is the
//! head of its ballot log (§15.1); its electronic counts are its record's decrypted totals; its
//! control relations hold; the territorial and national protocols are the sums of the precinct
//! protocols; the results files carry the national totals; and the published decisions are
//! what the law decides on them. The protocols and the definition are read here with types of
//! this crate's own, from the documented formats, not with the code that wrote them.

use crate::{verify, Files, Options, Report};
use rayon::prelude::*;
use sailau_group::{domain, from_hex, to_hex, Transcript};
use serde::Deserialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// The titles of the election-level checks, numbered from 16 on after §12's fifteen.
pub const ELECTION_TITLES: [&str; 8] = [
    "every station's record passes the fifteen checks",
    "every precinct protocol is signed by its station's key",
    "every protocol's seal is the head of its station's ballot log",
    "every protocol's electronic counts are its record's decrypted totals",
    "every protocol's control relations hold",
    "the territorial and national protocols are the sums of the precinct protocols",
    "the results files carry the national protocol's totals",
    "the published decisions are what the law decides",
];

/// One station's files.
pub struct StationFiles<'a> {
    pub precinct: String,
    pub ballots: &'a [u8],
    pub tally: &'a [u8],
    pub protocol: &'a [u8],
}

/// The files of an election record, in memory.
pub struct ElectionFiles<'a> {
    pub definition: &'a [u8],
    pub election: &'a [u8],
    pub stations: &'a [u8],
    pub precincts: Vec<StationFiles<'a>>,
    /// Territorial summary protocols, by unit.
    pub territorial: Vec<(String, &'a [u8])>,
    pub national: &'a [u8],
    /// Per body: the `sailau-results/1` file and the published decisions.
    pub results: Vec<(String, &'a [u8], &'a [u8])>,
}

/// The outcome of every election-level check, and each station's report.
pub struct ElectionReport {
    pub stations: Vec<(String, Report)>,
    /// Checks 16 to 23: title and failures.
    pub checks: Vec<(&'static str, Vec<String>)>,
}

impl ElectionReport {
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|(_, f)| f.is_empty())
    }
}

#[derive(Deserialize)]
struct Unit {
    id: String,
    #[serde(default)]
    parent: Option<String>,
}

#[derive(Deserialize)]
struct PrecinctDef {
    id: String,
    unit: String,
}

#[derive(Deserialize)]
struct ElectionId {
    id: String,
}

/// What this check needs of the definition; everything else is ignored.
#[derive(Deserialize)]
struct Definition {
    election: ElectionId,
    units: Vec<Unit>,
    precincts: Vec<PrecinctDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StationKey {
    precinct: String,
    public_key: String,
}

/// A protocol, read strictly (docs/formats.md, "Protocols").
#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct Protocol {
    format: String,
    election: String,
    level: String,
    unit: String,
    precincts: u64,
    #[serde(default)]
    station: Option<Seal>,
    contests: Vec<Count>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct Seal {
    #[allow(dead_code)]
    closed_at: String,
    log_entries: u64,
    log_head: String,
    challenged: u64,
    missing: u64,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct Count {
    contest: String,
    registered: u64,
    paper: Paper,
    electronic: Electronic,
    options: Vec<OptionCount>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct Paper {
    received: u64,
    issued_station: u64,
    issued_mobile: u64,
    spoiled: u64,
    unused: u64,
    found_station: u64,
    found_mobile: u64,
    invalid: u64,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct Electronic {
    issued: u64,
    cast: u64,
    blank: u64,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct OptionCount {
    option: String,
    paper: u64,
    electronic: u64,
}

impl Count {
    /// The fields in a fixed order, for sums.
    fn fields(&self) -> [u64; 12] {
        let (p, e) = (&self.paper, &self.electronic);
        [
            self.registered,
            p.received,
            p.issued_station,
            p.issued_mobile,
            p.spoiled,
            p.unused,
            p.found_station,
            p.found_mobile,
            p.invalid,
            e.issued,
            e.cast,
            e.blank,
        ]
    }

    /// The control relations (docs/formats.md), in u128.
    fn broken(&self) -> Vec<&'static str> {
        let n = u128::from;
        let (p, e) = (&self.paper, &self.electronic);
        let paper_votes: u128 = self.options.iter().map(|o| n(o.paper)).sum();
        let e_votes: u128 = self.options.iter().map(|o| n(o.electronic)).sum();
        let mut out = Vec::new();
        if n(p.received) != n(p.issued_station) + n(p.issued_mobile) + n(p.spoiled) + n(p.unused) {
            out.push("received = issued in the station + for the mobile box + spoiled + unused");
        }
        if p.found_station > p.issued_station || p.found_mobile > p.issued_mobile {
            out.push("ballots found in a box ≤ ballots issued for it");
        }
        if paper_votes + n(p.invalid) != n(p.found_station) + n(p.found_mobile) {
            out.push("paper votes + invalid = paper ballots found");
        }
        if e.cast > e.issued {
            out.push("electronic ballots cast ≤ cards issued");
        }
        if e_votes + n(e.blank) != n(e.cast) {
            out.push("electronic votes + blank = electronic ballots cast");
        }
        if n(p.issued_station) + n(p.issued_mobile) + n(e.issued) > n(self.registered) {
            out.push("ballots and cards issued ≤ voters on the list");
        }
        out
    }
}

fn read_signed(bytes: &[u8]) -> Result<(Protocol, Vec<u8>, String, String), String> {
    let v: Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    let inner = v.get("protocol").ok_or("no 'protocol'")?;
    let text = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .map(String::from)
            .ok_or(format!("no '{k}'"))
    };
    let (signer, signature) = (text("signer")?, text("signature")?);
    if v.as_object().map_or(0, |o| o.len()) != 3 {
        return Err("fields other than protocol, signer and signature".into());
    }
    let protocol: Protocol = serde_json::from_value(inner.clone()).map_err(|e| e.to_string())?;
    let mut message = b"sailau/v1/protocol\n".to_vec();
    message.extend_from_slice(&(serde_json::to_vec_pretty(inner).map_err(|e| e.to_string())?));
    message.push(b'\n');
    Ok((protocol, message, signer, signature))
}

fn signed(public_hex: &str, signature_hex: &str, message: &[u8]) -> bool {
    let (Ok(p), Ok(s)) = (from_hex(public_hex), from_hex(signature_hex)) else {
        return false;
    };
    let (Ok(p), Ok(s)) = (<[u8; 32]>::try_from(p), <[u8; 64]>::try_from(s)) else {
        return false;
    };
    let Ok(key) = ed25519_dalek::VerifyingKey::from_bytes(&p) else {
        return false;
    };
    key.verify_strict(message, &ed25519_dalek::Signature::from_bytes(&s))
        .is_ok()
}

/// The head of a station's ballot log over `ballots.jsonl` (§15.1), and its entries.
pub fn log_head(h_e: &[u8; 32], precinct: &str, ballots: &[u8]) -> ([u8; 32], u64) {
    let mut t = Transcript::new(domain::BALLOT_LOG);
    t.bytes(b"extended-base-hash", h_e);
    t.bytes(b"precinct", precinct.as_bytes());
    let mut head = t.digest(b"start");
    let mut n = 0;
    for line in ballots.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let mut t = Transcript::new(domain::BALLOT_LOG);
        t.bytes(b"prev", &head);
        t.bytes(b"line", line);
        head = t.digest(b"entry");
        n += 1;
    }
    (head, n)
}

/// Per contest: the sums of its twelve counts, and per option its paper and electronic votes.
type Sums = BTreeMap<String, ([u128; 12], Vec<(String, u128, u128)>)>;

/// Adds protocols field by field; `None` when their contests' options disagree.
fn sum(parts: &[&Protocol]) -> Option<Sums> {
    let mut out: Sums = BTreeMap::new();
    for p in parts {
        for c in &p.contests {
            let e = out.entry(c.contest.clone()).or_insert_with(|| {
                (
                    [0; 12],
                    c.options.iter().map(|o| (o.option.clone(), 0, 0)).collect(),
                )
            });
            if e.1.len() != c.options.len() {
                return None;
            }
            for (s, x) in e.0.iter_mut().zip(c.fields()) {
                *s += u128::from(x);
            }
            for (s, o) in e.1.iter_mut().zip(&c.options) {
                if s.0 != o.option {
                    return None;
                }
                s.1 += u128::from(o.paper);
                s.2 += u128::from(o.electronic);
            }
        }
    }
    Some(out)
}

fn same_as_sum(p: &Protocol, parts: &[&Protocol]) -> bool {
    let Some(s) = sum(parts) else { return false };
    let mine = sum(&[p]).unwrap_or_default();
    mine == s && u128::from(p.precincts) == parts.len() as u128
}

/// Runs every check on a whole election. Unreadable files are reported as failures.
pub fn verify_election(
    files: &ElectionFiles,
    opts: &Options,
    progress: &(dyn Fn(u64) + Sync),
) -> ElectionReport {
    let mut fails: Vec<Vec<String>> = vec![Vec::new(); ELECTION_TITLES.len()];
    let h_e: Option<[u8; 32]> = serde_json::from_slice::<Value>(files.election)
        .ok()
        .and_then(|v| v["extended_base_hash"].as_str().map(String::from))
        .and_then(|h| sailau_group::from_hex32(&h).ok());
    let keys: HashMap<String, String> =
        match serde_json::from_slice::<Vec<StationKey>>(files.stations) {
            Ok(k) => k.into_iter().map(|k| (k.precinct, k.public_key)).collect(),
            Err(e) => {
                fails[1].push(format!("stations.json: {e}"));
                HashMap::new()
            }
        };

    // 16: each station's record, in parallel across stations.
    let stations: Vec<(String, Result<Report, String>)> = files
        .precincts
        .par_iter()
        .map(|s| {
            let f = Files {
                election: files.election,
                ballots: s.ballots,
                tally: s.tally,
            };
            let r = verify(&f, opts, progress).map_err(|e| e.to_string());
            (s.precinct.clone(), r)
        })
        .collect();
    let mut reports = Vec::new();
    let mut decrypted: HashMap<String, Value> = HashMap::new();
    for ((precinct, r), s) in stations.into_iter().zip(&files.precincts) {
        match r {
            Ok(r) => {
                for c in r.checks.iter().filter(|c| !c.passed()) {
                    fails[0].push(format!(
                        "{precinct}: check {} failed: {}",
                        c.number, c.title
                    ));
                }
                reports.push((precinct.clone(), r));
            }
            Err(e) => fails[0].push(format!("{precinct}: unreadable: {e}")),
        }
        if let Ok(t) = serde_json::from_slice::<Value>(s.tally) {
            decrypted.insert(precinct, t);
        }
    }

    let def: Option<Definition> = serde_json::from_slice(files.definition).ok();
    let election_id = def.as_ref().map(|d| d.election.id.clone());

    // 17–20: each precinct protocol.
    let mut protocols: BTreeMap<String, Protocol> = BTreeMap::new();
    for s in &files.precincts {
        let id = &s.precinct;
        let (p, message, signer, signature) = match read_signed(s.protocol) {
            Ok(x) => x,
            Err(e) => {
                fails[1].push(format!("{id}: protocol.json unreadable: {e}"));
                continue;
            }
        };
        if p.format != "sailau-protocol/1"
            || p.level != "precinct"
            || p.unit != *id
            || p.precincts != 1
            || Some(&p.election) != election_id.as_ref()
        {
            fails[1].push(format!(
                "{id}: not a sailau-protocol/1 precinct protocol of {id}"
            ));
        }
        match keys.get(id) {
            Some(k) if *k == signer && signed(&signer, &signature, &message) => {}
            Some(_) => fails[1].push(format!("{id}: the signature is not the station key's")),
            None => fails[1].push(format!("{id}: no station key in stations.json")),
        }
        match (&p.station, h_e) {
            (Some(seal), Some(h_e)) => {
                let (head, n) = log_head(&h_e, id, s.ballots);
                if to_hex(&head) != seal.log_head || n != seal.log_entries {
                    fails[2].push(format!("{id}: the seal is not the head of ballots.jsonl"));
                }
                let t = decrypted.get(id);
                let challenged = t.and_then(|t| t["challenged"].as_u64());
                let missing: Option<u64> = t.map(|t| {
                    t["devices"].as_array().map_or(0, |d| {
                        d.iter()
                            .map(|x| x["missing"].as_array().map_or(0, |m| m.len() as u64))
                            .sum()
                    })
                });
                if challenged != Some(seal.challenged) || missing != Some(seal.missing) {
                    fails[2].push(format!(
                        "{id}: challenged or missing ballots differ from the record"
                    ));
                }
            }
            _ => fails[2].push(format!("{id}: no seal")),
        }
        match decrypted.get(id) {
            Some(t) => {
                for c in &p.contests {
                    let tc = t["contests"]
                        .as_array()
                        .and_then(|cs| cs.iter().find(|x| x["contest"] == c.contest.as_str()));
                    let Some(tc) = tc else {
                        fails[3].push(format!("{id}, {}: not in tally.json", c.contest));
                        continue;
                    };
                    let counts: Vec<(String, u64)> = tc["options"]
                        .as_array()
                        .map(|os| {
                            os.iter()
                                .map(|o| {
                                    (
                                        o["option"].as_str().unwrap_or("").to_string(),
                                        o["count"].as_u64().unwrap_or(u64::MAX),
                                    )
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    let mine: Vec<(String, u64)> = c
                        .options
                        .iter()
                        .map(|o| (o.option.clone(), o.electronic))
                        .collect();
                    let marked: u128 = counts.iter().map(|(_, n)| u128::from(*n)).sum();
                    let cast = tc["ballots"].as_u64();
                    if counts != mine
                        || cast != Some(c.electronic.cast)
                        || u128::from(c.electronic.blank) + marked != u128::from(c.electronic.cast)
                    {
                        fails[3].push(format!(
                            "{id}, {}: differs from the decrypted totals",
                            c.contest
                        ));
                    }
                }
            }
            None => fails[3].push(format!("{id}: tally.json unreadable")),
        }
        for c in &p.contests {
            for b in c.broken() {
                fails[4].push(format!("{id}, {}: {b}", c.contest));
            }
        }
        protocols.insert(id.clone(), p);
    }

    // 21: summaries.
    let top: HashMap<String, String> = def
        .as_ref()
        .map(|d| {
            let parent: HashMap<&str, &str> = d
                .units
                .iter()
                .map(|u| (u.id.as_str(), u.parent.as_deref().unwrap_or(&u.id)))
                .collect();
            d.precincts
                .iter()
                .map(|p| {
                    (
                        p.id.clone(),
                        parent
                            .get(p.unit.as_str())
                            .copied()
                            .unwrap_or(&p.unit)
                            .to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    if def.is_none() {
        fails[5].push("definition.json unreadable".into());
    }
    let all: Vec<&Protocol> = protocols.values().collect();
    let mut units: std::collections::BTreeSet<&String> =
        protocols.keys().filter_map(|id| top.get(id)).collect();
    for (unit, bytes) in &files.territorial {
        let Ok(p) = serde_json::from_slice::<Protocol>(bytes) else {
            fails[5].push(format!("territorial protocol of {unit} unreadable"));
            continue;
        };
        units.remove(unit);
        let parts: Vec<&Protocol> = protocols
            .iter()
            .filter(|(id, _)| top.get(*id) == Some(unit))
            .map(|(_, p)| p)
            .collect();
        let labelled = p.format == "sailau-protocol/1"
            && p.level == "territorial"
            && p.unit == *unit
            && Some(&p.election) == election_id.as_ref();
        if !labelled || !same_as_sum(&p, &parts) {
            fails[5].push(format!(
                "the protocol of {unit} is not the sum of its precincts'"
            ));
        }
    }
    for unit in units {
        fails[5].push(format!(
            "{unit} has precinct protocols but no territorial protocol"
        ));
    }
    let national = serde_json::from_slice::<Protocol>(files.national).ok();
    match &national {
        Some(n)
            if same_as_sum(n, &all)
                && n.level == "national"
                && n.format == "sailau-protocol/1"
                && Some(&n.election) == election_id.as_ref() => {}
        _ => fails[5].push("the national protocol is not the sum of the precinct protocols".into()),
    }
    if files.precincts.len() != keys.len() {
        fails[5].push(format!(
            "{} stations have keys, {} have published protocols",
            keys.len(),
            files.precincts.len()
        ));
    }

    // 22, 23: results and decisions.
    for (body, results, decided) in &files.results {
        let text = String::from_utf8_lossy(results);
        let file = match sailau_formats::ResultsFile::parse(&text) {
            Ok(f) => f,
            Err(e) => {
                fails[6].push(format!("results/{body}.json: {e}"));
                continue;
            }
        };
        if let Some(n) = &national {
            for entry in &file.contests {
                let c = &entry.contest;
                let Some(count) = n.contests.iter().find(|x| x.contest == c.id) else {
                    fails[6].push(format!("{}: not in the national protocol", c.id));
                    continue;
                };
                let votes = |o: &OptionCount| u128::from(o.paper) + u128::from(o.electronic);
                let found = u128::from(count.paper.found_station)
                    + u128::from(count.paper.found_mobile)
                    + u128::from(count.electronic.cast);
                let invalid = u128::from(count.paper.invalid) + u128::from(count.electronic.blank);
                let against = count
                    .options
                    .iter()
                    .find(|o| o.option == "against-all")
                    .map(|o| votes(o) as u64);
                let options: Vec<(String, u128)> = count
                    .options
                    .iter()
                    .filter(|o| o.option != "against-all")
                    .map(|o| (o.option.clone(), votes(o)))
                    .collect();
                let theirs: Vec<(String, u128)> = c
                    .options
                    .iter()
                    .map(|o| (o.id.clone(), u128::from(o.votes)))
                    .collect();
                if c.registered != Some(count.registered)
                    || c.ballots_cast.map(u128::from) != Some(found)
                    || c.invalid.map(u128::from) != Some(invalid)
                    || c.against_all != against
                    || options != theirs
                {
                    fails[6].push(format!(
                        "{}: the results file differs from the national protocol",
                        c.id
                    ));
                }
            }
        }
        let (decided_now, refused) = sailau_formats::report::decide_in_force(&file);
        fails[7].extend(refused);
        let ours = sailau_formats::report::results_json(&decided_now);
        let theirs: Option<Value> = serde_json::from_slice(decided).ok();
        if theirs.as_ref() != Some(&ours) {
            fails[7].push(format!(
                "results/{body}-decided.json is not what the law decides"
            ));
        }
    }

    ElectionReport {
        stations: reports,
        checks: ELECTION_TITLES.iter().copied().zip(fails).collect(),
    }
}
