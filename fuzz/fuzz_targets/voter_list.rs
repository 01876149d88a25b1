//! `sailau station load-voters` and the desk's list: a voter-list CSV. Every voter it accepts
//! is written back and read again unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sailau_voters::list::{import, write_csv};
use std::collections::BTreeSet;
use std::sync::OnceLock;

fn precincts() -> &'static BTreeSet<String> {
    static P: OnceLock<BTreeSet<String>> = OnceLock::new();
    P.get_or_init(|| ["p-00001", "p-00002"].map(String::from).into())
}

fuzz_target!(|data: &[u8]| {
    let day = "2023-03-19".parse().expect("a date");
    let Ok(list) = import(data, day, precincts()) else {
        return;
    };
    let again = import(&write_csv(&list.voters), day, precincts())
        .unwrap_or_else(|e| panic!("the accepted voters do not read back: {e}"));
    assert_eq!(
        again.voters, list.voters,
        "the accepted voters changed on the way back"
    );
});
