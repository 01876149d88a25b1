//! The record's writer (this crate) and the verifier's own reader
//! (`sailau_verify::election::folder`) are written apart on purpose; this pins that they see
//! the same layout: every file written lands where the verifier looks for it, and the verifier
//! reads nothing else.

use sailau_definition::Body;
use sailau_record::{Folder, Layout, Sink};

#[test]
fn the_verifier_reads_every_file_where_the_record_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut record = Folder::at(dir.path());
    let files = [
        Layout::Definition,
        Layout::Election,
        Layout::Stations,
        Layout::Ballots("p-00001".into()),
        Layout::Tally("p-00001".into()),
        Layout::Protocol("p-00001".into()),
        Layout::Ballots("p-00002".into()),
        Layout::Tally("p-00002".into()),
        Layout::Protocol("p-00002".into()),
        Layout::Territorial("astana".into()),
        Layout::Territorial("abroad".into()),
        Layout::National,
        Layout::Results(Body::Mazhilis),
        Layout::Decided(Body::Mazhilis),
        Layout::Results(Body::Maslikhat),
        Layout::Decided(Body::Maslikhat),
    ];
    // Each file holds its own path, so a file read from the wrong place shows.
    for f in &files {
        record.put(f, f.path().as_bytes()).unwrap();
    }
    // The demo's working files beside the record, which the verifier never reads.
    std::fs::create_dir_all(dir.path().join("private/stations")).unwrap();
    std::fs::write(dir.path().join("private/voters.csv"), "iin\n").unwrap();

    assert!(sailau_verify::election::folder::is_election(dir.path()));
    let loaded = sailau_verify::election::folder::load(dir.path()).unwrap();
    let mut written: Vec<String> = files.iter().map(Layout::path).collect();
    written.sort();
    assert_eq!(loaded.paths(), written);

    let read = loaded.files();
    let is = |bytes: &[u8], f: Layout| assert_eq!(bytes, f.path().as_bytes(), "{}", f.path());
    is(read.definition, Layout::Definition);
    is(read.election, Layout::Election);
    is(read.stations, Layout::Stations);
    is(read.national, Layout::National);
    for s in &read.precincts {
        is(s.ballots, Layout::Ballots(s.precinct.clone()));
        is(s.tally, Layout::Tally(s.precinct.clone()));
        is(s.protocol, Layout::Protocol(s.precinct.clone()));
    }
    for (unit, bytes) in &read.territorial {
        is(bytes, Layout::Territorial(unit.clone()));
    }
    for (body, results, decided) in &read.results {
        let body = Body::from_name(body).unwrap();
        is(results, Layout::Results(body));
        is(decided, Layout::Decided(body));
    }
    assert_eq!(read.precincts.len(), 2);
    assert_eq!(read.territorial.len(), 2);
    assert_eq!(read.results.len(), 2);

    // Every path the verifier reads is one of the record's files.
    for p in loaded.paths() {
        assert!(Layout::of(&p).is_some(), "{p}");
    }
}

#[test]
fn a_file_is_written_whole_and_never_left_half_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut record = Folder::at(dir.path());
    record.put(&Layout::National, b"first").unwrap();
    record.put(&Layout::National, b"second").unwrap();
    assert_eq!(
        std::fs::read(dir.path().join("national.json")).unwrap(),
        b"second"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["national.json"], "no temporary file is left behind");
    // A file that cannot be written is an error naming it, not a panic.
    std::fs::write(dir.path().join("precincts"), "a file where a folder goes").unwrap();
    let e = record
        .put(&Layout::Tally("p-00001".into()), b"x")
        .unwrap_err();
    assert!(e.to_string().contains("precincts"), "{e}");
}
