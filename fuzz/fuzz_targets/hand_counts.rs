//! `sailau audit assess PLAN --counts FILE` and `PUT /api/paper-audit/counts`: the hand counts
//! of the sampled precincts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sailau_audit::counts::HandCounts;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = HandCounts::parse(text);
    }
});
