//! Writes the seed corpus of every fuzz target into `fuzz/corpus/TARGET/`, from the fixtures,
//! the base record in `fuzz/base/` and documents made here from [`sailau_fuzz::SEED`]: a real
//! input of every kind each target reads, which the fuzzer then mutates.
//!
//! Run by `scripts/fuzz --seed`, after it writes the base record; the result is kept in the
//! repository, so a fuzz run starts from the same corpus on every machine.

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use sailau_crypto::{ceremony, closing, complaint, Guardian};
use sailau_fuzz::{small, Base, Day, SEED};
use sailau_station::card::{Card, MemoryCard};
use std::path::{Path, PathBuf};

struct Corpus(PathBuf);

impl Corpus {
    fn put(&self, target: &str, name: &str, bytes: &[u8]) {
        let dir = self.0.join(target);
        std::fs::create_dir_all(&dir).expect("the corpus folder");
        std::fs::write(dir.join(name), bytes).expect("a corpus file");
    }

    /// A seed of a target whose first byte picks what the rest is.
    fn pick(&self, target: &str, name: &str, which: u8, bytes: &[u8]) {
        self.put(target, name, &[&[which], bytes].concat());
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let c = Corpus(root.join("corpus"));
    let base = Base::get();
    let mut rng = ChaCha20Rng::seed_from_u64(SEED);

    for folder in ["official", "public"] {
        let dir = root.join("../fixtures").join(folder);
        for entry in std::fs::read_dir(&dir).expect("the fixtures") {
            let path = entry.expect("a fixture").path();
            if path.extension().is_some_and(|e| e == "json") {
                let name = format!("{folder}-{}", path.file_name().unwrap().to_string_lossy());
                c.put(
                    "results_file",
                    &name,
                    &std::fs::read(&path).expect("a fixture"),
                );
            }
        }
    }
    for (path, bytes) in &base.files {
        if let Some(body) = path
            .strip_prefix("results/")
            .filter(|p| !p.contains("-decided"))
        {
            c.put("results_file", &format!("record-{body}"), bytes);
        }
    }

    use sailau_definition::sample;
    c.put("definition", "record.json", base.file("definition.json"));
    c.put(
        "definition",
        "mazhilis-3.json",
        sample::mazhilis_2023(3, SEED).to_json().as_bytes(),
    );

    let day = Day::new(3);
    let list = sailau_voters::list::write_csv(&day.voters);
    c.put("voter_list", "three.csv", &list);
    let mut bad = b"\xef\xbb\xbf".to_vec();
    bad.extend_from_slice(&list);
    bad.extend_from_slice(b"000000000000,Nobody,1900-01-01,p-99999\n");
    c.put("voter_list", "bom-and-a-bad-row.csv", &bad);

    c.put(
        "card",
        "blank.json",
        &sailau_station::card::Payload::blank().to_bytes(),
    );
    let mut card = MemoryCard::default();
    let mut day = day;
    let at = sailau_law::election_day::Moment(day.open.0 + 60);
    let iin = day.voters[0].iin;
    day.station
        .issue(
            &iin,
            sailau_station::desk::How::Card,
            None,
            Some(&mut card),
            at,
            &mut rng,
        )
        .expect("a card issued");
    c.put("card", "token.json", &card.read().expect("the card"));
    {
        let mut s = day
            .terminal
            .start(&mut card, sailau_definition::Language::English)
            .expect("the terminal reads the card");
        for i in 0..s.screens().len() {
            let _ = s.choose(i, sailau_station::terminal::Choice::Option(0));
        }
        s.encrypt(&mut rng).expect("the ballot encrypted");
        s.cast(&mut card).expect("the ballot cast");
    }
    c.put("card", "voted.json", &card.read().expect("the card"));

    let precincts = base.precincts();
    for p in &precincts {
        let log = base.file(&format!("precincts/{p}/ballots.bin"));
        c.put("ballot_log", &format!("{p}.bin"), log);
        let jsonl = sailau_crypto::compact::to_jsonl(log).expect("the base log reads");
        c.put("ballot_log", &format!("{p}.jsonl"), &jsonl);
    }
    let p = &precincts[0];
    c.pick(
        "station_record",
        "election.json",
        0,
        base.file("election.json"),
    );
    c.pick(
        "station_record",
        "ballots.bin",
        1,
        base.file(&format!("precincts/{p}/ballots.bin")),
    );
    c.pick(
        "station_record",
        "tally.json",
        2,
        base.file(&format!("precincts/{p}/tally.json")),
    );
    for (i, (path, bytes)) in base.files.iter().enumerate() {
        let which = u8::try_from(i).expect("fewer than 256 files");
        c.pick("election_record", &path.replace('/', "_"), which, bytes);
    }

    let small = small();
    let s = &small.sample;
    c.pick("uploads", "protocol.json", 0, &s.signed_protocol(0));
    c.pick(
        "uploads",
        "turnout.json",
        1,
        &s.signed_turnout(0, 10, 500, 120),
    );
    let jsonl = sailau_crypto::compact::to_jsonl(base.file(&format!("precincts/{p}/ballots.bin")))
        .expect("the base log reads");
    let record = serde_json::json!({
        "ballots": String::from_utf8(jsonl).expect("JSON lines"),
        "tally": String::from_utf8_lossy(base.file(&format!("precincts/{p}/tally.json"))),
        "signature": "00".repeat(64),
    });
    c.pick("uploads", "record.json", 2, record.to_string().as_bytes());
    let contest = s.shared_contest().expect("a contest on every ballot");
    for (which, act, by) in [
        (3, sailau_protocol::Act::Issued, 0),
        (4, sailau_protocol::Act::Used, 1),
    ] {
        let notice = sailau_protocol::CertificateNotice {
            format: sailau_protocol::CERTIFICATE_FORMAT.into(),
            election: s.def.election.id.clone(),
            precinct: s.precinct(by).into(),
            act,
            number: format!("{}-00001", s.precinct(0)),
            iin: day.voters[1].iin.to_string(),
            home: s.precinct(0).into(),
            contests: vec![contest.clone()],
            offline: false,
        };
        c.pick(
            "uploads",
            &format!("certificate-{which}.json"),
            which,
            &s.signed_certificate(by, notice),
        );
    }
    c.pick("uploads", "summary.json", 5, &s.signed_protocol(1));
    let registry = sailau_registry::sample::mazhilis_2023();
    let ledger: Vec<u8> = registry
        .entries()
        .iter()
        .take(40)
        .flat_map(|e| [serde_json::to_vec(e).expect("an entry"), b"\n".to_vec()].concat())
        .collect();
    c.pick("uploads", "ledger.jsonl", 6, &ledger);
    for (i, e) in registry.entries().iter().take(8).enumerate() {
        c.pick(
            "uploads",
            &format!("act-{i}.json"),
            7,
            &serde_json::to_vec(&e.act).expect("an act"),
        );
    }
    c.pick("uploads", "definition.json", 8, s.definition.as_bytes());
    c.pick("uploads", "election.json", 9, s.election.as_bytes());
    c.pick("uploads", "stations.json", 10, s.stations.as_bytes());

    let e = &s.crypto;
    let base_hash = &e.base_hash;
    c.pick(
        "guardian_docs",
        "public.json",
        0,
        &ceremony::public_json(base_hash, &e.joint.guardians[0]),
    );
    let quorum = e.joint.quorum;
    let one = Guardian::new(1, "Guardian 1", base_hash, quorum, &mut rng);
    let two = Guardian::new(2, "Guardian 2", base_hash, quorum, &mut rng);
    c.pick(
        "guardian_docs",
        "secret.json",
        1,
        &ceremony::secret_json(base_hash, &one),
    );
    let share = one.share_for(two.public(), base_hash, &mut rng);
    c.pick(
        "guardian_docs",
        "share.json",
        2,
        &ceremony::share_json(base_hash, &share),
    );
    let complaint = two.complain(base_hash, &share, &mut rng);
    c.pick(
        "guardian_docs",
        "complaint.json",
        3,
        &ceremony::complaint_json(base_hash, &complaint),
    );
    let key = &s.guardians[0];
    let ready = complaint::ready(key, &e.joint, &mut rng);
    c.pick(
        "guardian_docs",
        "ready.json",
        4,
        &ceremony::ready_json(&e.joint, &ready),
    );
    let totals = sailau_crypto::encrypted_tally(&e.manifest, []);
    c.pick(
        "guardian_docs",
        "request.json",
        5,
        &closing::request_json(e, "p-00001", &totals),
    );
    let partial = sailau_crypto::partial_decrypt(key, e, &totals, &mut rng);
    c.pick(
        "guardian_docs",
        "partial.json",
        6,
        &closing::partial_json(e, "p-00001", &totals, &partial),
    );
    c.pick("guardian_docs", "key.json", 7, &closing::key_json(e, key));
}
