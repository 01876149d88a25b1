//! `sailau results FILE`: a `sailau-results/1` file, then the law's decision on each contest
//! under the edition in force on its day.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sailau_formats::results_file::ResultsFile;
use sailau_law::{decide, editions, WhatIf};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(file) = ResultsFile::parse(text) else {
        return;
    };
    let Some(edition) = editions::in_force(file.body, file.date) else {
        return;
    };
    for entry in &file.contests {
        let _ = decide(&entry.contest, edition, &WhatIf::default());
    }
});
