//! What the fuzz targets share: a small election made once, whose documents and keys give each
//! parser the context it reads hostile bytes against (an election key, a precinct, a station's
//! key), and the split of one fuzz input into a choice and the bytes.
//!
//! Nothing here checks anything: the targets call the project's own parsers, which must refuse
//! bad bytes with an error and never panic, hang or grow without bound.

use sailau_server::election::Election;
use sailau_server::sample::SampleElection;
use std::sync::OnceLock;

/// The seed of every fixture: the same seed, the same documents, the same corpus.
pub const SEED: u64 = 2024;

/// A two-precinct 2023-style election as the service holds it.
pub struct Small {
    /// Its documents and station keys.
    pub sample: SampleElection,
    /// The election the service checks uploads against.
    pub service: Election,
}

/// The one [`Small`] election of this process.
pub fn small() -> &'static Small {
    static SMALL: OnceLock<Small> = OnceLock::new();
    SMALL.get_or_init(|| {
        let sample = SampleElection::new(2, SEED);
        let service = Election::from_documents(
            sample.definition.as_bytes(),
            sample.election.as_bytes(),
            sample.stations.as_bytes(),
        )
        .unwrap_or_else(|e| panic!("the fixture election: {e}"));
        Small { sample, service }
    })
}

/// Splits an input into its first byte, which picks what the rest is read as among `n`
/// choices, and the rest.
pub fn choice(data: &[u8], n: usize) -> Option<(usize, &[u8])> {
    let (&first, rest) = data.split_first()?;
    Some((usize::from(first) % n, rest))
}

/// A polling station open for voting, with one terminal registered, in a folder of its own
/// that lasts as long as the process: made from [`SEED`], so the same desk and terminal keys
/// sign the cards of the seed corpus and check the fuzzed ones.
pub struct Day {
    /// The station: its desk and ballot box.
    pub station: sailau_station::Station,
    /// Its terminal.
    pub terminal: sailau_station::terminal::Terminal,
    /// The voters on its list.
    pub voters: Vec<sailau_voters::Voter>,
    /// The moment polls open there.
    pub open: sailau_law::election_day::Moment,
    _dir: tempfile::TempDir,
}

impl Day {
    /// A 3-precinct election's first precinct, with `voters` voters on its list.
    pub fn new(voters: usize) -> Day {
        use rand_core::SeedableRng;
        use sailau_station::part::Setup;
        use sailau_voters::{Iin, Sex, Voter};
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(SEED);
        let def = sailau_definition::sample::mazhilis_2023(3, SEED)
            .check()
            .unwrap_or_else(|e| panic!("the fixture definition: {e:?}"));
        let (election, _) = sailau_definition::sample::ceremony(&def, &mut rng)
            .unwrap_or_else(|e| panic!("the fixture ceremony: {e}"));
        let election = sailau_crypto::record::election_json(&election);
        let precinct = def.precincts[0].id.clone();
        let part = Setup::new(&def, &election)
            .and_then(|s| s.part(&precinct))
            .unwrap_or_else(|e| panic!("the fixture precinct: {e}"));
        let dir = tempfile::tempdir().expect("a temporary folder");
        let station =
            sailau_station::Station::create(&dir.path().join("station.db"), &part, &mut rng)
                .unwrap_or_else(|e| panic!("the fixture station: {e}"));
        let birth = "1980-05-17".parse().expect("a date");
        let voters: Vec<Voter> = (0..voters)
            .map(|i| Voter {
                iin: (0..)
                    .find_map(|k| Iin::issue(birth, Sex::Female, (i * 10 + k) as u16))
                    .expect("an IIN"),
                name: format!("Voter {i}"),
                birth,
                precinct: precinct.clone(),
            })
            .collect();
        station
            .load_voters(&voters)
            .unwrap_or_else(|e| panic!("the fixture list: {e}"));
        let terminal = sailau_station::terminal::Terminal::create(
            &dir.path().join("t1"),
            &format!("{precinct}-t1"),
            &station.desk_public_key(),
            station.part(),
            &mut rng,
        )
        .unwrap_or_else(|e| panic!("the fixture terminal: {e}"));
        station
            .register_terminal(terminal.device(), &terminal.public_key())
            .unwrap_or_else(|e| panic!("registering the terminal: {e}"));
        let p = def.precinct(&precinct).expect("the precinct");
        let (open, _) = sailau_law::election_day::polls(def.election.date, p.utc_offset);
        Day {
            station,
            terminal,
            voters,
            open,
            _dir: dir,
        }
    }
}

/// A whole election record, every file in memory: the base the record targets replace one
/// file of. It is `fuzz/base/`, a two-precinct demo record (`scripts/fuzz --seed`).
pub struct Base {
    /// Every file, by its path inside the record, in path order.
    pub files: Vec<(String, Vec<u8>)>,
}

impl Base {
    /// The record in `fuzz/base/`.
    pub fn get() -> &'static Base {
        static BASE: OnceLock<Base> = OnceLock::new();
        BASE.get_or_init(|| {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("base");
            let mut files = Vec::new();
            walk(&root, &root, &mut files);
            files.sort();
            assert!(!files.is_empty(), "no record in {}", root.display());
            Base { files }
        })
    }

    /// The file at `path`.
    pub fn file(&self, path: &str) -> &[u8] {
        self.files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, b)| b.as_slice())
            .unwrap_or_else(|| panic!("the base record has no {path}"))
    }

    /// The precincts of the record, in path order.
    pub fn precincts(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .files
            .iter()
            .filter_map(|(p, _)| p.strip_prefix("precincts/")?.split_once('/'))
            .map(|(id, _)| id.to_string())
            .collect();
        ids.dedup();
        ids
    }
}

fn walk(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<(String, Vec<u8>)>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            walk(root, &path, out);
        } else {
            let name = path
                .strip_prefix(root)
                .expect("inside the record")
                .to_string_lossy()
                .replace('\\', "/");
            out.push((name, std::fs::read(&path).expect("a record file")));
        }
    }
}
