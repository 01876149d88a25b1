//! A sample election for the service's tests and benchmarks: a 2023-modelled definition of
//! any size (`sailau_definition::sample`), its guardians' key record, a station key per
//! precinct, and signed precinct protocols whose counts add up. Every figure is a function
//! of the seed, the precinct and the option, so a test can total them on its own.

use ed25519_dalek::{Signer, SigningKey};
use rand_core::SeedableRng;
use sailau_definition::{sample, Checked};
use sailau_protocol::{
    ContestCount, ElectronicCount, Level, OptionCount, PaperCount, Protocol, SignedProtocol, FORMAT,
};
use sha2::{Digest, Sha256};

/// A whole election made from a seed: the documents to upload and the keys of its stations.
pub struct SampleElection {
    /// The definition the documents are made from, checked.
    pub def: Checked,
    /// `definition.json`, in its canonical form.
    pub definition: String,
    /// `election.json`: the guardians' key record of the sample's ceremony.
    pub election: String,
    /// `stations.json`: the public key of each precinct's station.
    pub stations: String,
    /// What every key and figure of the sample is derived from.
    pub seed: u64,
    keys: Vec<SigningKey>,
    /// The station keys `stations.json` names: the sample's own, or a real station's.
    publics: Vec<[u8; 32]>,
    /// The election as the cryptography reads it, and each guardian's key from the ceremony:
    /// for tests that decrypt a station.
    pub crypto: sailau_crypto::Election,
    /// Each guardian's key from the ceremony, to decrypt with.
    pub guardians: Vec<sailau_crypto::GuardianKey>,
}

impl SampleElection {
    /// A sample of `precincts` precincts modelled on the 2023 Mazhilis election, all from `seed`.
    pub fn new(precincts: usize, seed: u64) -> SampleElection {
        let def = sample::mazhilis_2023(precincts, seed)
            .check()
            .expect("the sample definition checks");
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
        let (crypto, guardians) = sample::ceremony(&def, &mut rng).expect("the sample ceremony");
        let election =
            String::from_utf8(sailau_crypto::record::election_json(&crypto)).expect("UTF-8");
        let keys: Vec<SigningKey> = (0..def.precincts.len())
            .map(|i| SigningKey::from_bytes(&derive(seed, "station-key", i, 0)))
            .collect();
        let publics: Vec<[u8; 32]> = keys.iter().map(|k| k.verifying_key().to_bytes()).collect();
        SampleElection {
            definition: def.to_json(),
            election,
            stations: stations_json(&def, &publics),
            publics,
            def,
            seed,
            keys,
            crypto,
            guardians,
        }
    }

    /// Precinct `i` is run by a real station with this key: `stations.json` names it (and
    /// this sample can no longer sign for that precinct).
    pub fn set_station_key(&mut self, i: usize, public: [u8; 32]) {
        self.publics[i] = public;
        self.stations = stations_json(&self.def, &self.publics);
    }

    /// The body of `PUT /api/election`.
    pub fn upload(&self) -> String {
        serde_json::json!({
            "definition": self.definition,
            "election": self.election,
            "stations": self.stations,
        })
        .to_string()
    }

    /// The id of precinct `i`, in the definition's order.
    pub fn precinct(&self, i: usize) -> &str {
        &self.def.precincts[i].id
    }

    /// Paper and electronic votes for option `o` of contest `c` at precinct `i`.
    pub fn votes(&self, i: usize, c: usize, o: usize) -> (u64, u64) {
        let d = derive(self.seed, "votes", i, c * 1000 + o);
        (u64::from(d[0] % 60), u64::from(d[1] % 15))
    }

    /// Precinct `i`'s protocol: for each contest, the votes of [`SampleElection::votes`],
    /// 3 invalid paper ballots, 1 blank electronic one, and counts around them that satisfy
    /// every control relation.
    pub fn protocol(&self, i: usize) -> Protocol {
        let id = self.precinct(i);
        let contests = self
            .def
            .contests_of(id)
            .into_iter()
            .enumerate()
            .map(|(c, contest)| {
                let options: Vec<OptionCount> = self
                    .def
                    .option_ids(contest)
                    .into_iter()
                    .enumerate()
                    .map(|(o, option)| {
                        let (paper, electronic) = self.votes(i, c, o);
                        OptionCount {
                            option,
                            paper,
                            electronic,
                        }
                    })
                    .collect();
                let paper_votes: u64 = options.iter().map(|o| o.paper).sum();
                let e_votes: u64 = options.iter().map(|o| o.electronic).sum();
                let found = paper_votes + 3;
                let cast = e_votes + 1;
                ContestCount {
                    contest: contest.id.clone(),
                    registered: found + cast + 400,
                    paper: PaperCount {
                        received: found + 2 + 1 + 50,
                        issued_station: found + 2,
                        issued_mobile: 0,
                        spoiled: 1,
                        unused: 50,
                        found_station: found,
                        found_mobile: 0,
                        invalid: 3,
                    },
                    electronic: ElectronicCount {
                        issued: cast + 1,
                        cast,
                        blank: 1,
                    },
                    options,
                }
            })
            .collect();
        Protocol {
            format: FORMAT.into(),
            election: self.def.election.id.clone(),
            definition: self.def.digest().to_string(),
            level: Level::Precinct,
            unit: id.into(),
            precincts: 1,
            station: None,
            contests,
        }
    }

    /// `protocol`, signed by precinct `i`'s station key, as the bytes a station sends.
    pub fn sign(&self, i: usize, protocol: Protocol) -> Vec<u8> {
        sign_protocol(&self.keys[i], protocol)
    }

    /// Precinct `i`'s turnout as of `hour`:00, signed by its station key.
    pub fn signed_turnout(&self, i: usize, hour: u8, registered: u64, voted: u64) -> Vec<u8> {
        let turnout = sailau_protocol::Turnout {
            format: sailau_protocol::TURNOUT_FORMAT.into(),
            election: self.def.election.id.clone(),
            precinct: self.precinct(i).into(),
            hour,
            registered,
            voted,
        };
        let signature = self.keys[i].sign(&sailau_protocol::SignedTurnout::message(&turnout));
        sailau_protocol::SignedTurnout {
            turnout,
            signer: sailau_group::to_hex(self.keys[i].verifying_key().as_bytes()),
            signature: sailau_group::to_hex(&signature.to_bytes()),
        }
        .to_json()
        .into_bytes()
    }

    /// A contest on every precinct's ballots (the party lists), which an absentee certificate
    /// from any precinct may carry to any other.
    pub fn shared_contest(&self) -> Option<String> {
        let on = |i: usize| -> Vec<String> {
            self.def
                .contests_of(self.precinct(i))
                .iter()
                .map(|c| c.id.clone())
                .collect()
        };
        let n = self.def.precincts.len();
        on(0)
            .into_iter()
            .find(|c| (1..n).all(|i| on(i).contains(c)))
    }

    /// `notice` signed by precinct `i`'s station key, as the bytes a station sends.
    pub fn signed_certificate(
        &self,
        i: usize,
        notice: sailau_protocol::CertificateNotice,
    ) -> Vec<u8> {
        let signature =
            self.keys[i].sign(&sailau_protocol::SignedCertificateNotice::message(&notice));
        sailau_protocol::SignedCertificateNotice {
            notice,
            signer: sailau_group::to_hex(self.keys[i].verifying_key().as_bytes()),
            signature: sailau_group::to_hex(&signature.to_bytes()),
        }
        .to_json()
        .into_bytes()
    }

    /// Precinct `i`'s signed protocol.
    pub fn signed_protocol(&self, i: usize) -> Vec<u8> {
        self.sign(i, self.protocol(i))
    }
}

fn stations_json(def: &Checked, publics: &[[u8; 32]]) -> String {
    let stations: Vec<serde_json::Value> = def
        .precincts
        .iter()
        .zip(publics)
        .map(
            |(p, k)| serde_json::json!({ "precinct": p.id, "public_key": sailau_group::to_hex(k) }),
        )
        .collect();
    serde_json::to_string_pretty(&stations).expect("JSON") + "\n"
}

/// `protocol` signed with `key`, as the bytes its signer sends: a station's protocol, or a
/// commission's summary.
pub fn sign_protocol(key: &SigningKey, protocol: Protocol) -> Vec<u8> {
    let signature = key.sign(&SignedProtocol::message(&protocol));
    SignedProtocol {
        protocol,
        signer: sailau_group::to_hex(key.verifying_key().as_bytes()),
        signature: sailau_group::to_hex(&signature.to_bytes()),
    }
    .to_json()
    .into_bytes()
}

fn derive(seed: u64, what: &str, i: usize, j: usize) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"sailau/v1/sample\n");
    h.update(seed.to_be_bytes());
    h.update(what.as_bytes());
    h.update((i as u64).to_be_bytes());
    h.update((j as u64).to_be_bytes());
    h.finalize().into()
}
