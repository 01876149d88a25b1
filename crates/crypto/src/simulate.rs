//! A whole election in one process, for tests, benchmarks, test vectors and sample records:
//! the key ceremony with every guardian's steps, ballots on several devices with some
//! challenged, the tally and the decryption by the guardians who are present. Deterministic
//! for a deterministic `rng`.

use crate::ballot::{Device, EncryptedBallot, Opening, PlaintextBallot};
use crate::decryption::{partial_decrypt, vartime_combine, DecryptionError};
use crate::guardian::{CeremonyError, Guardian, GuardianKey, JointKey};
use crate::record::{self, PublishedTally};
use crate::tally::encrypted_tally;
use crate::{Election, Manifest, ManifestError};
use rand_core::CryptoRngCore;

/// Runs the key ceremony of §4 for guardians 1..=names.len() with quorum `quorum`, each
/// guardian's steps in turn, and returns the election and each guardian's key.
pub fn ceremony(
    manifest: Manifest,
    names: &[&str],
    quorum: u32,
    rng: &mut impl CryptoRngCore,
) -> Result<(Election, Vec<GuardianKey>), SimulationError> {
    manifest.validate()?;
    let n = names.len() as u32;
    if quorum == 0 || quorum > n {
        return Err(ManifestError::Quorum { n, k: quorum }.into());
    }
    let base_hash = manifest.base_hash(n, quorum);
    let guardians: Vec<Guardian> = names
        .iter()
        .zip(1..)
        .map(|(name, i)| Guardian::new(i, name, &base_hash, quorum, rng))
        .collect();
    let publics: Vec<_> = guardians.iter().map(|g| g.public().clone()).collect();
    let mut shares = Vec::new();
    for from in &guardians {
        for to in publics.iter().filter(|p| p.index != from.public().index) {
            shares.push(from.share_for(to, &base_hash, rng));
        }
    }
    let keys = guardians
        .iter()
        .map(|g| g.finish(&base_hash, &publics, &shares))
        .collect::<Result<Vec<_>, _>>()?;
    let joint = JointKey::new(&base_hash, publics, quorum)?;
    Ok((
        Election {
            manifest,
            base_hash,
            joint,
        },
        keys,
    ))
}

/// What to simulate.
#[derive(Clone, Debug)]
pub struct Plan {
    /// n, the number of guardians in the ceremony.
    pub guardians: u32,
    /// k, the quorum.
    pub quorum: u32,
    /// Guardians (by index) who do not take part in the decryption.
    pub absent: Vec<u32>,
    /// How many ballots to encrypt, cast and challenged together.
    pub ballots: usize,
    /// How many devices encrypt them, taking turns (0 counts as 1).
    pub devices: usize,
    /// Every `challenge_every`-th ballot is challenged instead of cast (0: none).
    pub challenge_every: usize,
}

/// A simulated election and what the voters meant.
pub struct Simulated {
    /// The election the ceremony made.
    pub election: Election,
    /// Every guardian's key, in index order: secret shares, zeroized on drop.
    pub keys: Vec<GuardianKey>,
    /// In acceptance order; challenged ballots carry their opening.
    pub ballots: Vec<(EncryptedBallot, Option<Opening>)>,
    /// The voters' marks on cast ballots, added up in the clear: per contest, per option.
    pub intended: Vec<Vec<u64>>,
    /// The tally as published: encrypted totals, the present guardians' shares and the
    /// decrypted counts.
    pub tally: PublishedTally,
}

/// Why a simulated election cannot run to its end.
#[derive(Debug, thiserror::Error)]
pub enum SimulationError {
    /// The manifest is invalid, or the quorum is not in 1..=n.
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    /// The key ceremony failed.
    #[error(transparent)]
    Ceremony(#[from] CeremonyError),
    /// The totals could not be decrypted, for instance with fewer than k guardians present.
    #[error(transparent)]
    Decryption(#[from] DecryptionError),
}

/// Random marks for a style: each contest gets a uniformly chosen number of marks in
/// min..=max, on distinct options.
pub fn random_marks(
    manifest: &Manifest,
    style: &str,
    rng: &mut impl CryptoRngCore,
) -> PlaintextBallot {
    let style = manifest.style(style).expect("a style of the manifest");
    let marks = style
        .contests
        .iter()
        .map(|id| {
            let c = manifest.contest(id).expect("validated manifest");
            let n = c.options.len();
            let want = c.min + rng.next_u64() % (c.max - c.min + 1);
            let mut marks = vec![false; n];
            let mut placed = 0;
            while placed < want {
                let i = (rng.next_u64() % n as u64) as usize;
                if !marks[i] {
                    marks[i] = true;
                    placed += 1;
                }
            }
            marks
        })
        .collect();
    PlaintextBallot {
        style: style.id.clone(),
        contests: style.contests.clone(),
        marks,
    }
}

/// Runs a whole election by `plan`.
pub fn simulate(
    manifest: Manifest,
    plan: &Plan,
    rng: &mut impl CryptoRngCore,
) -> Result<Simulated, SimulationError> {
    let names: Vec<String> = (1..=plan.guardians)
        .map(|i| format!("Guardian {i}"))
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let (election, keys) = ceremony(manifest, &names, plan.quorum, rng)?;
    let m = &election.manifest;
    let mut intended: Vec<Vec<u64>> = m
        .contests
        .iter()
        .map(|c| vec![0; c.options.len()])
        .collect();
    let mut devices: Vec<Device> = (1..=plan.devices.max(1))
        .map(|d| Device::new(&election, &format!("terminal-{d}")))
        .collect();
    let mut ballots = Vec::with_capacity(plan.ballots);
    let mut challenged = 0;
    for i in 0..plan.ballots {
        let style = &m.styles[i % m.styles.len()].id;
        let plain = random_marks(m, style, rng);
        let device = &mut devices[i % plan.devices.max(1)];
        let (ballot, opening) = device.encrypt(&plain, rng).expect("random marks are valid");
        if plan.challenge_every > 0 && i % plan.challenge_every == plan.challenge_every - 1 {
            challenged += 1;
            ballots.push((ballot, Some(opening)));
        } else {
            for (id, marks) in plain.contests.iter().zip(&plain.marks) {
                let ci = m.contests.iter().position(|c| &c.id == id).unwrap();
                for (sum, &mark) in intended[ci].iter_mut().zip(marks) {
                    *sum += u64::from(mark);
                }
            }
            ballots.push((ballot, None));
        }
    }
    drop(devices);
    let tally = encrypted_tally(
        m,
        ballots.iter().filter(|(_, o)| o.is_none()).map(|(b, _)| b),
    );
    let partials: Vec<_> = keys
        .iter()
        .filter(|k| !plan.absent.contains(&k.index))
        .map(|k| partial_decrypt(k, &election, &tally, rng))
        .collect();
    let counts = vartime_combine(&election, &tally, &partials)?;
    Ok(Simulated {
        tally: PublishedTally {
            tally,
            partials,
            counts,
            challenged,
            devices: Vec::new(),
        },
        election,
        keys,
        ballots,
        intended,
    })
}

impl Simulated {
    /// The record's files (§11), by name.
    pub fn files(&self) -> Vec<(&'static str, Vec<u8>)> {
        record::files(&self.election, &self.ballots, &self.tally)
    }
}

/// What a simulated manifest names as its definition, having none: the SHA-256 of the empty
/// file (docs/test-vectors/README.md).
pub const NO_DEFINITION: crate::manifest::DefinitionDigest = crate::manifest::DefinitionDigest([
    0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
    0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
]);

/// The standard ballot of the benchmarks: one list contest of 7 parties and "against all",
/// exactly one mark or none, as on the 2023 Mazhilis ballot.
pub fn list_manifest(options: &[&str]) -> Manifest {
    Manifest {
        election: "sample".into(),
        name: "Sample list election".into(),
        date: "2023-03-19".into(),
        definition: NO_DEFINITION,
        contests: vec![crate::ContestSpec {
            id: "list".into(),
            options: options.iter().map(|s| s.to_string()).collect(),
            min: 0,
            max: 1,
        }],
        styles: vec![crate::BallotStyle {
            id: "list".into(),
            contests: vec!["list".into()],
        }],
    }
}
