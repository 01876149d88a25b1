//! Where each file of the record lies, by its path inside the record (`/`-separated), the
//! same in a folder and under the tar's root folder.
//!
//! ```text
//! definition.json              the election definition, in its canonical form
//! election.json                the guardians' key and the manifest (docs/protocol.md §11.1)
//! stations.json                each precinct's station key
//! precincts/ID/ballots.bin     the station's ballots (§11.2), compact (docs/formats.md)
//! precincts/ID/tally.json      its decrypted totals (§11.3)
//! precincts/ID/protocol.json   its signed protocol
//! territorial/UNIT.json        the summary protocol of each region, city, and abroad
//! national.json                the national summary protocol
//! results/BODY.json            the national totals as a sailau-results/1 file
//! results/BODY-decided.json    the law's decisions on them (`sailau results --json`)
//! private/                     the demo's working files: never published, never read
//! ```

use sailau_law::Body;

/// The record's files, by kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Layout {
    /// `definition.json`.
    Definition,
    /// `election.json`.
    Election,
    /// `stations.json`.
    Stations,
    /// `precincts/ID/ballots.bin`, the compact ballot log (`sailau-ballots/1`).
    Ballots(String),
    /// `precincts/ID/tally.json`.
    Tally(String),
    /// `precincts/ID/protocol.json`.
    Protocol(String),
    /// `territorial/UNIT.json`.
    Territorial(String),
    /// `national.json`.
    National,
    /// `results/BODY.json`.
    Results(Body),
    /// `results/BODY-decided.json`.
    Decided(Body),
}

/// The folder of the demo's working files, which are not part of the record.
pub const PRIVATE: &str = "private";

/// The folder of a second round's record that holds its first round's whole record
/// (docs/formats.md, "Second rounds").
pub const FIRST_ROUND: &str = "first-round";

/// The folder of the stations' records.
pub const PRECINCTS: &str = "precincts";

impl Layout {
    /// The file's path inside the record.
    pub fn path(&self) -> String {
        match self {
            Layout::Definition => "definition.json".into(),
            Layout::Election => "election.json".into(),
            Layout::Stations => "stations.json".into(),
            Layout::Ballots(p) => format!("{PRECINCTS}/{p}/ballots.bin"),
            Layout::Tally(p) => format!("{PRECINCTS}/{p}/tally.json"),
            Layout::Protocol(p) => format!("{PRECINCTS}/{p}/protocol.json"),
            Layout::Territorial(u) => format!("territorial/{u}.json"),
            Layout::National => "national.json".into(),
            Layout::Results(b) => format!("results/{b}.json"),
            Layout::Decided(b) => format!("results/{b}-decided.json"),
        }
    }

    /// The file at `path`, if the record has such a file. The inverse of [`Layout::path`].
    pub fn of(path: &str) -> Option<Layout> {
        let one = |s: &str| !s.is_empty() && !s.contains('/');
        let file = match path {
            "definition.json" => Layout::Definition,
            "election.json" => Layout::Election,
            "stations.json" => Layout::Stations,
            "national.json" => Layout::National,
            _ => {
                if let Some(rest) = path.strip_prefix("precincts/") {
                    let (id, name) = rest.split_once('/')?;
                    let id = id.to_string();
                    match name {
                        "ballots.bin" => Layout::Ballots(id),
                        "tally.json" => Layout::Tally(id),
                        "protocol.json" => Layout::Protocol(id),
                        _ => return None,
                    }
                } else if let Some(unit) = path
                    .strip_prefix("territorial/")
                    .and_then(|r| r.strip_suffix(".json"))
                {
                    Layout::Territorial(unit.to_string())
                } else if let Some(name) = path
                    .strip_prefix("results/")
                    .and_then(|r| r.strip_suffix(".json"))
                {
                    match name.strip_suffix("-decided") {
                        Some(body) => Layout::Decided(Body::from_name(body)?),
                        None => Layout::Results(Body::from_name(name)?),
                    }
                } else {
                    return None;
                }
            }
        };
        match &file {
            Layout::Ballots(x)
            | Layout::Tally(x)
            | Layout::Protocol(x)
            | Layout::Territorial(x)
                if !one(x) =>
            {
                None
            }
            _ => Some(file),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_paths_are_those_of_the_documented_layout() {
        let cases = [
            (Layout::Definition, "definition.json"),
            (
                Layout::Ballots("p-00001".into()),
                "precincts/p-00001/ballots.bin",
            ),
            (
                Layout::Protocol("p-00001".into()),
                "precincts/p-00001/protocol.json",
            ),
            (
                Layout::Territorial("astana".into()),
                "territorial/astana.json",
            ),
            (Layout::Results(Body::Maslikhat), "results/maslikhat.json"),
            (
                Layout::Decided(Body::Mazhilis),
                "results/mazhilis-decided.json",
            ),
            (Layout::Results(Body::RuralAkim), "results/rural-akim.json"),
        ];
        for (file, path) in cases {
            assert_eq!(file.path(), path);
            assert_eq!(Layout::of(path), Some(file));
        }
        for other in [
            "private/voters.csv",
            "precincts/p-1/notes.txt",
            "precincts//tally.json",
            "results/senat.json",
            "territorial/a/b.json",
            "README",
        ] {
            assert_eq!(Layout::of(other), None, "{other}");
        }
    }

    proptest! {
        #[test]
        fn every_path_reads_back_as_its_file(id in "[a-z0-9_-]{1,20}", k in 0usize..7) {
            let file = match k {
                0 => Layout::Ballots(id),
                1 => Layout::Tally(id),
                2 => Layout::Protocol(id),
                3 => Layout::Territorial(id),
                4 => Layout::Results(Body::ALL[id.len() % Body::ALL.len()]),
                5 => Layout::Decided(Body::ALL[id.len() % Body::ALL.len()]),
                _ => Layout::Stations,
            };
            prop_assert_eq!(Layout::of(&file.path()), Some(file));
        }
    }
}
