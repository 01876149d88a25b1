//! The guardians' documents refuse what is not theirs (docs/bad-input.md §4.5, G10–G16): each
//! bad document is a good one, as a guardian or a station writes it, with one thing changed.

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use sailau_crypto::ceremony::{
    complaint_from_json, complaint_json, public_from_json, public_json, ready_from_json,
    ready_json, secret_from_json, secret_json, share_from_json, share_json, COMPLAINT_FORMAT,
    PUBLIC_FORMAT, READY_FORMAT, SECRET_FORMAT, SHARE_FORMAT,
};
use sailau_crypto::closing::{
    key_from_json, key_json, partial_from_json, partial_json, request_from_json, request_json,
    KEY_FORMAT, PARTIAL_FORMAT, REQUEST_FORMAT,
};
use sailau_crypto::complaint::ready;
use sailau_crypto::guardian::EncryptedShare;
use sailau_crypto::reading::ReadError;
use sailau_crypto::simulate::{list_manifest, simulate, Plan, Simulated};
use sailau_crypto::{
    partial_decrypt, ContestSpec, Guardian, GuardianKey, GuardianPublic, JointKey,
};
use serde_json::{json, Value};

/// A ceremony of three guardians with quorum 2, run step by step as in
/// `threshold.rs::the_ceremony_names_a_guardian_whose_share_or_proof_is_wrong`.
struct Ceremony {
    base: [u8; 32],
    guardians: Vec<Guardian>,
    publics: Vec<GuardianPublic>,
    shares: Vec<EncryptedShare>,
    keys: Vec<GuardianKey>,
    joint: JointKey,
    rng: ChaCha20Rng,
}

fn ceremony(parties: &[&str], seed: u64) -> Ceremony {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let base = list_manifest(parties).base_hash(3, 2);
    let guardians: Vec<Guardian> = (1..=3)
        .map(|i| Guardian::new(i, &format!("g{i}"), &base, 2, &mut rng))
        .collect();
    let publics: Vec<GuardianPublic> = guardians.iter().map(|g| g.public().clone()).collect();
    let mut shares = Vec::new();
    for from in &guardians {
        for to in publics.iter().filter(|p| p.index != from.public().index) {
            shares.push(from.share_for(to, &base, &mut rng));
        }
    }
    let keys = guardians
        .iter()
        .map(|g| g.finish(&base, &publics, &shares).unwrap())
        .collect();
    let joint = JointKey::new(&base, publics.clone(), 2).unwrap();
    Ceremony {
        base,
        guardians,
        publics,
        shares,
        keys,
        joint,
        rng,
    }
}

impl Ceremony {
    fn share(&self, from: u32, to: u32) -> &EncryptedShare {
        self.shares
            .iter()
            .find(|s| s.from == from && s.to == to)
            .unwrap()
    }
}

fn value(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap()
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec_pretty(v).unwrap()
}

/// The refusal's words; the test fails if the document was read.
fn refused<T>(read: Result<T, ReadError>, words: &[&str]) {
    match read {
        Ok(_) => panic!("a document that must be refused was read (it should lack {words:?})"),
        Err(e) => {
            for w in words {
                assert!(e.0.contains(w), "{:?} lacks {w:?}", e.0);
            }
        }
    }
}

/// `v` tagged with another document's format, and with a newer version of its own.
fn retagged(v: &Value, own: &str) -> [(Vec<u8>, String); 2] {
    let another = if own == SHARE_FORMAT {
        READY_FORMAT
    } else {
        SHARE_FORMAT
    };
    [another.to_string(), own.replace("/1", "/2")].map(|tag| {
        let mut w = v.clone();
        w["format"] = json!(tag);
        (bytes(&w), tag)
    })
}

/// A station's election, with two contests so that their order can be changed.
fn station(seed: u64) -> Simulated {
    let mut m = list_manifest(&["a", "b", "against-all"]);
    m.contests.push(ContestSpec {
        id: "council".into(),
        options: vec!["c1".into(), "c2".into(), "c3".into()],
        min: 1,
        max: 2,
    });
    m.styles[0].contests.push("council".into());
    let plan = Plan {
        guardians: 3,
        quorum: 2,
        absent: vec![],
        ballots: 6,
        devices: 2,
        challenge_every: 0,
    };
    simulate(m, &plan, &mut ChaCha20Rng::seed_from_u64(seed)).unwrap()
}

#[test]
fn a_guardians_document_that_is_not_json_or_has_another_format_tag_is_refused() {
    let mut c = ceremony(&["a", "b"], 21);
    let base = c.base;
    let public = public_json(&base, &c.publics[0]);
    let secret = secret_json(&base, &c.guardians[0]).to_vec();
    let sent = c.share(1, 2).clone();
    let share = share_json(&base, &sent);
    let complaint = complaint_json(&base, &c.guardians[1].complain(&base, &sent, &mut c.rng));
    let r = ready(&c.keys[0], &c.joint, &mut c.rng);
    let joint = &c.joint;
    let statement = ready_json(joint, &r);
    // Each reads as written.
    public_from_json(&base, 2, &public).unwrap();
    secret_from_json(&base, &secret).unwrap();
    share_from_json(&base, &share).unwrap();
    complaint_from_json(&base, &complaint).unwrap();
    ready_from_json(joint, &statement).unwrap();

    let s = station(22);
    let (e, tally) = (&s.election, &s.tally.tally);
    let request = request_json(e, "p-00001", tally);
    let partial = partial_json(e, "p-00001", tally, &s.tally.partials[0]);
    let key = key_json(e, &s.keys[0]).to_vec();
    request_from_json(e, &request).unwrap();
    partial_from_json(e, "p-00001", tally, &partial).unwrap();
    key_from_json(e, &key).unwrap();

    // Not JSON: cut short, or not text at all.
    for doc in [
        &public, &secret, &share, &complaint, &statement, &request, &partial, &key,
    ] {
        for bad in [&doc[..doc.len() / 2], b"\xff\xfe", b""] {
            refused(public_from_json(&base, 2, bad), &["not JSON"]);
            refused(secret_from_json(&base, bad), &["not JSON"]);
            refused(share_from_json(&base, bad), &["not JSON"]);
            refused(complaint_from_json(&base, bad), &["not JSON"]);
            refused(ready_from_json(joint, bad), &["not JSON"]);
            refused(request_from_json(e, bad), &["not JSON"]);
            refused(partial_from_json(e, "p-00001", tally, bad), &["not JSON"]);
            refused(key_from_json(e, bad), &["not JSON"]);
        }
    }

    // Another format tag: another document's, or a newer version of its own.
    for (bad, tag) in retagged(&value(&public), PUBLIC_FORMAT) {
        let want = format!("format '{tag}', expected '{PUBLIC_FORMAT}'");
        refused(public_from_json(&base, 2, &bad), &[&want]);
    }
    for (bad, _) in retagged(&value(&secret), SECRET_FORMAT) {
        refused(
            secret_from_json(&base, &bad),
            &["format is not", SECRET_FORMAT],
        );
    }
    for (bad, _) in retagged(&value(&share), SHARE_FORMAT) {
        refused(
            share_from_json(&base, &bad),
            &["format is not", SHARE_FORMAT],
        );
    }
    for (bad, tag) in retagged(&value(&complaint), COMPLAINT_FORMAT) {
        let want = format!("format '{tag}', expected '{COMPLAINT_FORMAT}'");
        refused(complaint_from_json(&base, &bad), &[&want]);
    }
    for (bad, tag) in retagged(&value(&statement), READY_FORMAT) {
        let want = format!("format '{tag}', expected '{READY_FORMAT}'");
        refused(ready_from_json(joint, &bad), &[&want]);
    }
    for (bad, tag) in retagged(&value(&request), REQUEST_FORMAT) {
        let want = format!("format '{tag}', expected '{REQUEST_FORMAT}'");
        refused(request_from_json(e, &bad), &[&want]);
    }
    for (bad, tag) in retagged(&value(&partial), PARTIAL_FORMAT) {
        let want = format!("format '{tag}', expected '{PARTIAL_FORMAT}'");
        refused(partial_from_json(e, "p-00001", tally, &bad), &[&want]);
    }
    for (bad, tag) in retagged(&value(&key), KEY_FORMAT) {
        let want = format!("format '{tag}', expected '{KEY_FORMAT}'");
        refused(key_from_json(e, &bad), &[&want]);
    }
}

#[test]
fn published_data_whose_coefficient_proofs_do_not_verify_is_refused() {
    let c = ceremony(&["a", "b"], 23);
    let good = value(&public_json(&c.base, &c.publics[1]));
    // The second proof's response replaced by the first's: a well-formed scalar, a false proof.
    let mut v = good.clone();
    v["guardian"]["proofs"][1]["v"] = good["guardian"]["proofs"][0]["v"].clone();
    refused(
        public_from_json(&c.base, 2, &bytes(&v)),
        &["guardian 2", "coefficient 1", "does not verify"],
    );
    // The proofs swapped between the coefficients.
    let mut v = good.clone();
    v["guardian"]["proofs"][0] = good["guardian"]["proofs"][1].clone();
    v["guardian"]["proofs"][1] = good["guardian"]["proofs"][0].clone();
    refused(
        public_from_json(&c.base, 2, &bytes(&v)),
        &["guardian 2", "does not verify"],
    );
    // Another guardian's proofs under this one's commitments.
    let theirs = value(&public_json(&c.base, &c.publics[2]));
    let mut v = good.clone();
    v["guardian"]["proofs"] = theirs["guardian"]["proofs"].clone();
    refused(
        public_from_json(&c.base, 2, &bytes(&v)),
        &["guardian 2", "does not verify"],
    );
}

#[test]
fn a_share_or_complaint_of_another_ceremony_or_a_sealed_share_not_48_bytes_is_refused() {
    let mut c = ceremony(&["a", "b"], 24);
    let other = ceremony(&["x", "y"], 25).base;
    let base = c.base;
    let sent = c.share(2, 1).clone();
    let share = share_json(&base, &sent);
    let complaint = complaint_json(&base, &c.guardians[0].complain(&base, &sent, &mut c.rng));
    refused(
        share_from_json(&other, &share),
        &["another election or ceremony"],
    );
    refused(
        complaint_from_json(&other, &complaint),
        &["another election or ceremony"],
    );
    // A complaint of this ceremony carrying a share of another.
    let mut v = value(&complaint);
    v["share"]["base_hash"] = json!(sailau_group::to_hex(&other));
    refused(
        complaint_from_json(&base, &bytes(&v)),
        &["another election or ceremony"],
    );

    let sealed = value(&share)["sealed"].as_str().unwrap().to_string();
    assert_eq!(sealed.len(), 96, "48 bytes as written");
    for (hex, n) in [
        (&sealed[..94], "47"),
        (&format!("{sealed}00")[..], "49"),
        (&sealed[..64], "32"),
    ] {
        let mut v = value(&share);
        v["sealed"] = json!(hex);
        refused(
            share_from_json(&base, &bytes(&v)),
            &[&format!("'sealed' is {n} bytes, not 48")],
        );
        let mut v = value(&complaint);
        v["share"]["sealed"] = json!(hex);
        refused(
            complaint_from_json(&base, &bytes(&v)),
            &[&format!("'sealed' is {n} bytes, not 48")],
        );
    }
}

#[test]
fn a_statement_of_readiness_of_an_outsider_or_with_another_public_share_is_refused() {
    let mut c = ceremony(&["a", "b"], 26);
    let r = ready(&c.keys[1], &c.joint, &mut c.rng);
    let r3 = ready(&c.keys[2], &c.joint, &mut c.rng);
    let joint = &c.joint;
    let good = value(&ready_json(joint, &r));
    assert_eq!(ready_from_json(joint, &bytes(&good)).unwrap().guardian, 2);
    for outsider in [0, 4, 255] {
        let mut v = good.clone();
        v["guardian"] = json!(outsider);
        refused(
            ready_from_json(joint, &bytes(&v)),
            &[&format!("guardian {outsider} is not in this ceremony")],
        );
    }
    // Guardian 3's public share shown by guardian 2.
    let third = value(&ready_json(joint, &r3));
    let mut v = good.clone();
    v["public_share"] = third["public_share"].clone();
    refused(
        ready_from_json(joint, &bytes(&v)),
        &["'public_share' is not guardian 2's public share"],
    );
}

#[test]
fn a_request_naming_a_contest_not_in_the_manifest_or_the_wrong_number_of_options_is_refused() {
    let s = station(27);
    let (e, tally) = (&s.election, &s.tally.tally);
    let good = value(&request_json(e, "p-00001", tally));
    let mut v = good.clone();
    v["contests"][1]["contest"] = json!("senate");
    refused(
        request_from_json(e, &bytes(&v)),
        &["contest 'senate' is not in the manifest"],
    );
    // A total short, and one too many.
    let mut v = good.clone();
    v["contests"][0]["options"].as_array_mut().unwrap().pop();
    refused(
        request_from_json(e, &bytes(&v)),
        &["contest 'list' has 3 options"],
    );
    let mut v = good.clone();
    let extra = v["contests"][1]["options"][0].clone();
    v["contests"][1]["options"]
        .as_array_mut()
        .unwrap()
        .push(extra);
    refused(
        request_from_json(e, &bytes(&v)),
        &["contest 'council' has 3 options, not 4"],
    );
}

#[test]
fn a_partial_of_another_election_or_answering_other_contests_or_shares_is_refused() {
    let s = station(28);
    let (e, tally) = (&s.election, &s.tally.tally);
    assert_eq!(tally.contests.len(), 2);
    let good = value(&partial_json(e, "p-00001", tally, &s.tally.partials[1]));
    partial_from_json(e, "p-00001", tally, &bytes(&good)).unwrap();

    // Another election's guardian answering its own station.
    let stranger = station(29);
    let theirs = partial_json(
        &stranger.election,
        "p-00001",
        &stranger.tally.tally,
        &stranger.tally.partials[0],
    );
    refused(
        partial_from_json(e, "p-00001", tally, &theirs),
        &["another election"],
    );
    // Another election's guardian answering this station's totals.
    let mut rng = ChaCha20Rng::seed_from_u64(30);
    let p = partial_decrypt(&stranger.keys[0], &stranger.election, tally, &mut rng);
    let cross = partial_json(&stranger.election, "p-00001", tally, &p);
    refused(
        partial_from_json(e, "p-00001", tally, &cross),
        &["another election"],
    );

    // A contest fewer, a contest more.
    let mut v = good.clone();
    v["contests"].as_array_mut().unwrap().pop();
    refused(
        partial_from_json(e, "p-00001", tally, &bytes(&v)),
        &["it answers 1 contests; the station's totals have 2"],
    );
    let mut v = good.clone();
    let again = v["contests"][0].clone();
    v["contests"].as_array_mut().unwrap().push(again);
    refused(
        partial_from_json(e, "p-00001", tally, &bytes(&v)),
        &["it answers 3 contests"],
    );
    // The contests in another order.
    let mut v = good.clone();
    v["contests"].as_array_mut().unwrap().swap(0, 1);
    refused(
        partial_from_json(e, "p-00001", tally, &bytes(&v)),
        &["contest 'council' is not in the station's order"],
    );
    // A share fewer.
    let mut v = good.clone();
    v["contests"][0]["shares"].as_array_mut().unwrap().pop();
    refused(
        partial_from_json(e, "p-00001", tally, &bytes(&v)),
        &["contest 'list': 2 shares for 3 totals"],
    );
}

#[test]
fn a_key_file_of_another_election_or_with_a_guardian_index_out_of_range_is_refused() {
    let s = station(31);
    let stranger = station(32);
    let e = &s.election;
    let good = value(&key_json(e, &s.keys[2]));
    assert_eq!(key_from_json(e, &bytes(&good)).unwrap().index, 3);
    refused(
        key_from_json(e, &key_json(&stranger.election, &stranger.keys[2])),
        &["another election"],
    );
    for index in [0, 4, 1000] {
        let mut v = good.clone();
        v["guardian"] = json!(index);
        refused(
            key_from_json(e, &bytes(&v)),
            &[&format!(
                "guardian {index} is not a guardian of this election"
            )],
        );
    }
}
