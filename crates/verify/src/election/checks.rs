//! Checks 16 to 24, one function each, in the order they are numbered.

use super::files::{Protocol, NOT_CANONICAL, PROTOCOL_FORMAT};
use super::read::{Parsed, Read};
use sailau_group::{domain, from_hex, to_hex, Transcript};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The head of a station's ballot log over `ballots.jsonl` (§15.1), and its entries.
pub fn log_head(h_e: &[u8; 32], precinct: &str, ballots: &[u8]) -> ([u8; 32], u64) {
    log_head_of(
        h_e,
        precinct,
        ballots.split(|&b| b == b'\n').filter(|l| !l.is_empty()),
    )
}

/// The head of a station's ballot log over its lines (§15.1), and its entries.
pub fn log_head_of<'l>(
    h_e: &[u8; 32],
    precinct: &str,
    lines: impl IntoIterator<Item = &'l [u8]>,
) -> ([u8; 32], u64) {
    let mut t = Transcript::new(domain::BALLOT_LOG);
    t.bytes(b"extended-base-hash", h_e);
    t.bytes(b"precinct", precinct.as_bytes());
    let mut head = t.digest(b"start");
    let mut n = 0;
    for line in lines {
        let mut t = Transcript::new(domain::BALLOT_LOG);
        t.bytes(b"prev", &head);
        t.bytes(b"line", line);
        head = t.digest(b"entry");
        n += 1;
    }
    (head, n)
}

/// A file as read, or none; each way it falls short (unreadable, not canonical) is a failure
/// of the check that reads it, naming the file.
fn as_read<'p, T>(file: &str, parsed: &'p Parsed<T>, fails: &mut Vec<String>) -> Option<&'p T> {
    match parsed {
        Ok((value, canonical)) => {
            if !canonical {
                fails.push(format!("{file}: {NOT_CANONICAL}"));
            }
            Some(value)
        }
        Err(e) => {
            fails.push(format!("{file}: unreadable: {e}"));
            None
        }
    }
}

fn protocol_file(precinct: &str) -> String {
    format!("precincts/{precinct}/protocol.json")
}

fn signed_by(public_hex: &str, signature_hex: &str, message: &[u8]) -> bool {
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

/// 17: `stations.json` lists the definition's precincts' keys, and each precinct protocol
/// is a canonical `protocol.json` of its precinct, signed by that key.
pub fn protocol_signatures(r: &Read) -> Vec<String> {
    let mut fails = Vec::new();
    let keys: BTreeMap<&str, &str> = match as_read("stations.json", &r.stations, &mut fails) {
        Some(keys) => {
            if let Ok(def) = &r.definition {
                let listed: Vec<&str> = keys.iter().map(|k| k.precinct.as_str()).collect();
                let defined: Vec<&str> = def.precincts.iter().map(|p| p.id.as_str()).collect();
                if listed != defined {
                    fails.push(format!(
                        "stations.json: lists {} stations, not one for each of the definition's {} precincts in its order",
                        listed.len(),
                        defined.len()
                    ));
                }
            }
            keys.iter()
                .map(|k| (k.precinct.as_str(), k.public_key.as_str()))
                .collect()
        }
        None => BTreeMap::new(),
    };
    for (id, signed) in &r.signed {
        let file = protocol_file(id);
        let Some(s) = as_read(&file, signed, &mut fails) else {
            continue;
        };
        let p = &s.protocol;
        if p.format != PROTOCOL_FORMAT
            || p.level != "precinct"
            || p.unit != *id
            || p.precincts != 1
            || Some(p.election.as_str()) != r.election_id()
        {
            fails.push(format!(
                "{file}: not a {PROTOCOL_FORMAT} precinct protocol of {id} in the definition's election"
            ));
        }
        match keys.get(id) {
            Some(k) if *k == s.signer && signed_by(&s.signer, &s.signature, &s.message()) => {}
            Some(_) => fails.push(format!("{file}: the signature is not the station key's")),
            None => fails.push(format!("{file}: no station key in stations.json")),
        }
    }
    fails
}

/// 18: each protocol's seal is the head of its station's `ballots.jsonl` and the SHA-256 of
/// its `tally.json`, and its counts of challenged and missing ballots are the record's.
pub fn seals(r: &Read) -> Vec<String> {
    let mut fails = Vec::new();
    for s in r.seen {
        let id = s.precinct.as_str();
        let Some(p) = r.protocols.get(id) else {
            continue;
        };
        let Some(seal) = &p.station else {
            fails.push(format!("{}: no seal", protocol_file(id)));
            continue;
        };
        let Some((head, n)) = s.log else {
            fails.push(format!(
                "{}: its seal cannot be checked: precincts/{id}/ballots.jsonl or election.json's extended_base_hash could not be read",
                protocol_file(id)
            ));
            continue;
        };
        if to_hex(&head) != seal.log_head || n != seal.log_entries {
            fails.push(format!(
                "{}: the seal is not the head of precincts/{id}/ballots.jsonl",
                protocol_file(id)
            ));
        }
        if s.tally_sha256.map(|h| to_hex(&h)).as_deref() != Some(seal.tally.as_str()) {
            fails.push(format!(
                "{}: the seal is not the SHA-256 of precincts/{id}/tally.json",
                protocol_file(id)
            ));
        }
        let t = r.tallies.get(id);
        let challenged = t.and_then(|t| t.challenged);
        let missing: Option<u64> = t.map(|t| t.missing);
        if challenged != Some(seal.challenged) || missing != Some(seal.missing) {
            fails.push(format!(
                "{}: challenged or missing ballots differ from precincts/{id}/tally.json",
                protocol_file(id)
            ));
        }
    }
    fails
}

/// 19: each protocol's electronic counts are its record's decrypted totals.
pub fn electronic_counts(r: &Read) -> Vec<String> {
    let mut fails = Vec::new();
    for (id, p) in &r.protocols {
        let Some(t) = r.tallies.get(id.as_str()) else {
            fails.push(format!("precincts/{id}/tally.json unreadable"));
            continue;
        };
        for c in &p.contests {
            let tc = t.contests.iter().find(|x| x.0 == c.contest);
            let Some((_, cast, counts)) = tc else {
                fails.push(format!(
                    "{}, {}: not in precincts/{id}/tally.json",
                    protocol_file(id),
                    c.contest
                ));
                continue;
            };
            let mine: Vec<(String, u64)> = c
                .options
                .iter()
                .map(|o| (o.option.clone(), o.electronic))
                .collect();
            let marked: u128 = counts.iter().map(|(_, n)| u128::from(*n)).sum();
            if *counts != mine
                || *cast != Some(c.electronic.cast)
                || u128::from(c.electronic.blank) + marked != u128::from(c.electronic.cast)
            {
                fails.push(format!(
                    "{}, {}: differs from the decrypted totals",
                    protocol_file(id),
                    c.contest
                ));
            }
        }
    }
    fails
}

/// 20: the control relations hold in every contest of every precinct protocol.
pub fn control_relations(r: &Read) -> Vec<String> {
    let mut fails = Vec::new();
    for (id, p) in &r.protocols {
        for c in &p.contests {
            for b in c.broken() {
                fails.push(format!("{}, {}: {b}", protocol_file(id), c.contest));
            }
        }
    }
    fails
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

/// 21: each territorial protocol is the sum of its precincts' protocols, the national one the
/// sum of all of them, each in canonical form.
pub fn sums(r: &Read) -> Vec<String> {
    let mut fails = Vec::new();
    let top = match &r.definition {
        Ok(d) => d.regions(),
        Err(e) => {
            fails.push(format!("{e}: the precincts' regions are unknown"));
            Default::default()
        }
    };
    let all: Vec<&Protocol> = r.protocols.values().collect();
    let mut units: BTreeSet<&String> = r.protocols.keys().filter_map(|id| top.get(id)).collect();
    for (unit, p) in &r.territorial {
        let file = format!("territorial/{unit}.json");
        let Some(p) = as_read(&file, p, &mut fails) else {
            continue;
        };
        units.remove(&unit.to_string());
        let parts: Vec<&Protocol> = r
            .protocols
            .iter()
            .filter(|(id, _)| top.get(*id).map(String::as_str) == Some(*unit))
            .map(|(_, p)| p)
            .collect();
        let labelled = p.format == PROTOCOL_FORMAT
            && p.level == "territorial"
            && p.unit == *unit
            && Some(p.election.as_str()) == r.election_id();
        if !labelled || !same_as_sum(p, &parts) {
            fails.push(format!("{file}: not the sum of its precincts' protocols"));
        }
    }
    for unit in units {
        fails.push(format!(
            "territorial/{unit}.json: missing, and {unit} has precinct protocols"
        ));
    }
    if let Some(n) = as_read("national.json", &r.national, &mut fails) {
        if !(same_as_sum(n, &all)
            && n.level == "national"
            && n.unit == "national"
            && n.format == PROTOCOL_FORMAT
            && Some(n.election.as_str()) == r.election_id())
        {
            fails.push("national.json: not the sum of the precinct protocols".into());
        }
    }
    if let Ok((keys, _)) = &r.stations {
        if r.files.protocols.len() != keys.len() {
            fails.push(format!(
                "{} stations have keys, {} have published protocols",
                keys.len(),
                r.files.protocols.len()
            ));
        }
    }
    fails
}

/// Where two texts first differ, by line, for a reader to find it.
fn first_difference(published: &[u8], expected: &[u8]) -> String {
    let (a, b) = (
        String::from_utf8_lossy(published),
        String::from_utf8_lossy(expected),
    );
    let mut pa = a.lines();
    let mut pb = b.lines();
    for n in 1.. {
        match (pa.next(), pb.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (x, y) => {
                let show = |l: Option<&str>| {
                    l.map_or("the end".to_string(), |l| format!("`{}`", l.trim()))
                };
                return format!("line {n} is {}, expected {}", show(x), show(y));
            }
        }
    }
    unreachable!("the loop returns")
}

/// 22: for each body of the definition, `results/BODY.json` is exactly the file that the
/// definition and the national protocol give.
pub fn results_files(r: &Read) -> Vec<String> {
    let mut fails = Vec::new();
    let def = match &r.definition {
        Ok(d) => d,
        Err(e) => return vec![format!("{e}: the results cannot be derived")],
    };
    let national = match &r.national {
        Ok((n, _)) => n,
        Err(_) => return vec!["not checked: national.json is unreadable".into()],
    };
    let territorial: HashMap<&str, &Protocol> = r
        .territorial
        .iter()
        .filter_map(|(u, p)| Some((*u, &p.as_ref().ok()?.0)))
        .collect();
    for body in &def.election.bodies {
        let file = format!("results/{body}.json");
        let Some((_, published, _)) = r.files.results.iter().find(|(b, ..)| b == body) else {
            fails.push(format!(
                "{file}: missing: {body} is a body of the definition"
            ));
            continue;
        };
        match def.results_file(body, national, &territorial) {
            Ok(expected) if expected == *published => {}
            Ok(expected) => fails.push(format!(
                "{file}: not what definition.json and national.json give: {}",
                first_difference(published, &expected)
            )),
            Err(e) => fails.push(format!("{file}: {e}")),
        }
    }
    for (body, ..) in &r.files.results {
        if !def.election.bodies.contains(body) {
            fails.push(format!(
                "results/{body}.json: {body} is not a body of the definition"
            ));
        }
    }
    fails
}

/// 23: each `results/BODY-decided.json` is, byte for byte, what the law in force decides on
/// `results/BODY.json`.
pub fn decisions(r: &Read) -> Vec<String> {
    let mut fails = Vec::new();
    for (body, results, decided) in &r.files.results {
        let text = String::from_utf8_lossy(results);
        let file = match sailau_formats::ResultsFile::parse(&text) {
            Ok(f) => f,
            Err(e) => {
                fails.push(format!("results/{body}.json cannot be decided: {e}"));
                continue;
            }
        };
        let (decided_now, refused) = sailau_formats::report::decide_in_force(&file);
        fails.extend(
            refused
                .into_iter()
                .map(|x| format!("results/{body}.json: {x}")),
        );
        let ours = format!(
            "{:#}\n",
            sailau_formats::report::results_json(&file, &decided_now)
        );
        if ours.as_bytes() != *decided {
            fails.push(format!(
                "results/{body}-decided.json: not what the law decides on results/{body}.json: {}",
                first_difference(decided, ours.as_bytes())
            ));
        }
    }
    fails
}

/// 24: the published definition is the one the key ceremony, and through the base hash every
/// ballot, and every protocol name: `election.json` passes checks 1-5 of §12, its manifest
/// is the definition's and names its SHA-256, and so does every protocol.
pub fn definition_binding(r: &Read) -> Vec<String> {
    let mut fails = Vec::new();
    if let Err(e) = &r.definition {
        fails.push(e.clone());
    }
    if let Err(errors) = crate::Intake::new(r.files.election) {
        fails.extend(errors.into_iter().map(|e| format!("election.json: {e}")));
    }
    let manifest = r.election.as_ref().map(|e| &e["manifest"]);
    let named = manifest.and_then(|m| m["definition"].as_str());
    match named {
        Some(d) if d == r.digest => {}
        Some(d) => fails.push(format!(
            "definition.json: its SHA-256 is {}, but election.json's manifest names {d}",
            r.digest
        )),
        None => fails.push("election.json: its manifest names no definition".into()),
    }
    if let (Ok(def), Some(manifest), Some(named)) = (&r.definition, manifest, named) {
        let expected = def.manifest(named);
        if *manifest != expected {
            fails.push(format!(
                "election.json: its manifest is not the one definition.json gives ({})",
                manifest_difference(manifest, &expected)
            ));
        }
    }
    // Grouped by the digest they name: a relabelled definition makes every protocol differ.
    let mut naming: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut named_by = |file: String, definition: &str| {
        if definition != r.digest {
            naming.entry(definition.to_string()).or_default().push(file);
        }
    };
    for (id, p) in &r.protocols {
        named_by(protocol_file(id), &p.definition);
    }
    for (unit, p) in &r.territorial {
        if let Ok((p, _)) = p {
            named_by(format!("territorial/{unit}.json"), &p.definition);
        }
    }
    if let Ok((n, _)) = &r.national {
        named_by("national.json".into(), &n.definition);
    }
    for (named, files) in naming {
        let more = match files.len() {
            1 => " names".to_string(),
            n => format!(" and {} other protocols name", n - 1),
        };
        fails.push(format!(
            "{}{more} the definition {named}, not {} (the SHA-256 of definition.json)",
            files[0], r.digest
        ));
    }
    fails
}

/// The first part of a manifest that differs from the expected one, by name.
fn manifest_difference(found: &Value, expected: &Value) -> String {
    for key in ["election", "name", "date"] {
        if found[key] != expected[key] {
            return format!("its {key} differs");
        }
    }
    for key in ["contests", "styles"] {
        let (f, e) = (found[key].as_array(), expected[key].as_array());
        let (f, e) = (f.map_or(&[][..], |v| v), e.map_or(&[][..], |v| v));
        if let Some((x, y)) = f.iter().zip(e).find(|(x, y)| x != y) {
            return format!("{key} {} differs from {}", x["id"], y["id"]);
        }
        if f.len() != e.len() {
            return format!("{} {key}, not {}", f.len(), e.len());
        }
    }
    "a field differs".into()
}
