//! `sailau verify DIR` on a whole election record in memory: the first byte picks the file the
//! rest replaces in a real two-precinct record. Every check must report, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sailau_fuzz::{choice, Base};
use sailau_verify::election::{verify_election, ElectionFiles, StationFiles};

fuzz_target!(|data: &[u8]| {
    let base = Base::get();
    let Some((which, bytes)) = choice(data, base.files.len()) else {
        return;
    };
    let file = |path: &str| -> &[u8] {
        if base.files[which].0 == path {
            bytes
        } else {
            base.file(path)
        }
    };
    let under = |folder: &str, suffix: &str| -> Vec<(String, &[u8])> {
        base.files
            .iter()
            .filter_map(|(p, _)| {
                let name = p.strip_prefix(folder)?.strip_suffix(suffix)?;
                Some((name.to_string(), file(p)))
            })
            .collect()
    };
    let files = ElectionFiles {
        definition: file("definition.json"),
        election: file("election.json"),
        stations: file("stations.json"),
        precincts: base
            .precincts()
            .into_iter()
            .map(|p| StationFiles {
                ballots: file(&format!("precincts/{p}/ballots.bin")),
                tally: file(&format!("precincts/{p}/tally.json")),
                protocol: file(&format!("precincts/{p}/protocol.json")),
                precinct: p,
            })
            .collect(),
        territorial: under("territorial/", ".json"),
        national: file("national.json"),
        results: under("results/", "-decided.json")
            .into_iter()
            .map(|(body, decided)| {
                let results = file(&format!("results/{body}.json"));
                (body, results, decided)
            })
            .collect(),
    };
    let _ = verify_election(&files, &Default::default(), &|_| {});
});
