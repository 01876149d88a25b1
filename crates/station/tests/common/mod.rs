//! A small election with one station set up, for the station's tests.
#![allow(dead_code)]

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use sailau_crypto::record::election_json;
use sailau_crypto::{Election, GuardianKey};
use sailau_definition::{sample, Checked};
use sailau_law::election_day::{polls, Moment};
use sailau_station::part::{PrecinctPart, Setup};
use sailau_station::terminal::Terminal;
use sailau_station::Station;
use sailau_voters::{Iin, Sex, Voter};
use tempfile::TempDir;

pub struct Fixture {
    pub dir: TempDir,
    pub def: Checked,
    pub def_json: String,
    pub election: Election,
    pub election_json: Vec<u8>,
    /// The precinct's part, as the station and its terminals are set up with it.
    pub part: PrecinctPart,
    pub keys: Vec<GuardianKey>,
    pub precinct: String,
    pub voters: Vec<Voter>,
    pub rng: ChaCha20Rng,
}

/// A 3-precinct 2023-style election, its key ceremony, and voters for `p-00001`.
pub fn fixture(voters: usize) -> Fixture {
    let mut rng = ChaCha20Rng::seed_from_u64(11);
    let def_json = sample::mazhilis_2023(3, 5).to_json();
    let def = sailau_definition::Definition::from_json(&def_json)
        .unwrap()
        .check()
        .unwrap();
    let (election, keys) = sailau_definition::sample::ceremony(&def, &mut rng).unwrap();
    let election_json = election_json(&election);
    let precinct = "p-00001".to_string();
    let part = Setup::new(&def, &election_json)
        .unwrap()
        .part(&precinct)
        .unwrap();
    let voters = (0..voters)
        .map(|i| {
            let birth = "1980-05-17".parse().unwrap();
            let iin = (0..)
                .find_map(|k| Iin::issue(birth, Sex::Female, (i * 10 + k) as u16))
                .unwrap();
            Voter {
                iin,
                name: format!("Voter {i}"),
                birth,
                precinct: precinct.clone(),
            }
        })
        .collect();
    Fixture {
        dir: tempfile::tempdir().unwrap(),
        def,
        def_json,
        election,
        election_json,
        part,
        keys,
        precinct,
        voters,
        rng,
    }
}

impl Fixture {
    /// Runs the independent verifier on a closed station's record and asserts that every
    /// check passes, naming those that fail.
    pub fn verified(&self, closing: &sailau_station::closing::Closing) -> sailau_verify::Report {
        let files = sailau_verify::Files {
            election: &self.election_json,
            ballots: &closing.ballots_jsonl,
            tally: &closing.tally_json,
        };
        let report = sailau_verify::verify(&files, &Default::default(), &|_| {}).unwrap();
        assert!(
            report.passed(),
            "{:#?}",
            report
                .checks
                .iter()
                .filter(|c| !c.passed())
                .collect::<Vec<_>>()
        );
        report
    }

    pub fn station(&mut self) -> Station {
        let s = Station::create(
            &self.dir.path().join("station.db"),
            &self.part,
            &mut self.rng,
        )
        .unwrap();
        s.load_voters(&self.voters).unwrap();
        s
    }

    pub fn terminal(&mut self, station: &Station, name: &str) -> Terminal {
        let t = Terminal::create(
            &self.dir.path().join(name),
            &format!("{}-{name}", self.precinct),
            &station.desk_public_key(),
            station.part(),
            &mut self.rng,
        )
        .unwrap();
        station
            .register_terminal(t.device(), &t.public_key())
            .unwrap();
        t
    }

    /// `minutes` after polls open at this station (07:00 local).
    pub fn at(&self, minutes: i64) -> Moment {
        let p = self.def.precinct(&self.precinct).unwrap();
        let (open, _) = polls(self.def.election.date, p.utc_offset);
        Moment(open.0 + minutes * 60)
    }

    /// 20:00 local time.
    pub fn closing_time(&self) -> Moment {
        let p = self.def.precinct(&self.precinct).unwrap();
        polls(self.def.election.date, p.utc_offset).1
    }
}
