//! The smart card: its bytes as the terminal and the ballot box read them. Both must refuse a
//! hostile card with an error; neither may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sailau_definition::Language;
use sailau_fuzz::Day;
use sailau_station::card::MemoryCard;
use std::sync::{Mutex, OnceLock};

fn day() -> &'static Mutex<Day> {
    static DAY: OnceLock<Mutex<Day>> = OnceLock::new();
    DAY.get_or_init(|| Mutex::new(Day::new(4)))
}

fuzz_target!(|data: &[u8]| {
    let mut day = day().lock().unwrap_or_else(|p| p.into_inner());
    let _ = day
        .terminal
        .start(&mut MemoryCard(data.to_vec()), Language::English);
    let _ = day.station.accept(&mut MemoryCard(data.to_vec()));
});
