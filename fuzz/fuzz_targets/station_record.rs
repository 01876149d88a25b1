//! `sailau verify` on one station's record: `election.json`, the ballot log and `tally.json`.
//! The first byte picks the file the rest replaces in a real station's record.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sailau_fuzz::{choice, Base};

fuzz_target!(|data: &[u8]| {
    let base = Base::get();
    let Some((which, bytes)) = choice(data, 3) else {
        return;
    };
    let p = &base.precincts()[0];
    let ballots = format!("precincts/{p}/ballots.bin");
    let tally = format!("precincts/{p}/tally.json");
    let mut files = [
        base.file("election.json"),
        base.file(&ballots),
        base.file(&tally),
    ];
    files[which] = bytes;
    let files = sailau_verify::Files {
        election: files[0],
        ballots: files[1],
        tally: files[2],
    };
    let _ = sailau_verify::verify(&files, &Default::default(), &|_| {});
});
