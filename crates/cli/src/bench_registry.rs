//! `sailau bench registry`: the registries' ledger on the 2023 Mazhilis sample (5,224
//! acts): building it act by act, and replaying it (every hash, link and act checked again)
//! whole and in part, to show how the cost grows with the ledger; and a definition's nominees
//! enrolled, from the demo's sample to the whole country.

use crate::{emit, Failure};
use sailau_registry::{sample, Registry};
use std::hint::black_box;
use std::time::Instant;

fn timed<T>(runs: u32, mut op: impl FnMut() -> T) -> (T, f64) {
    let mut best = f64::INFINITY;
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        last = Some(black_box(op()));
        best = best.min(start.elapsed().as_secs_f64());
    }
    (last.expect("at least one run"), best)
}

pub fn registry() -> Result<(), Failure> {
    emit("sailau bench registry: best of 5 runs, one thread\n")?;
    let (r, build) = timed(5, sample::mazhilis_2023);
    let n = r.entries().len();
    emit(&format!(
        "{:<52} {:>8.1} ms  ({n} acts, {:.1} µs per act)\n",
        "build the 2023 Mazhilis registry act by act",
        build * 1e3,
        build * 1e6 / n as f64
    ))?;
    for part in [4, 2, 1] {
        let k = n / part;
        let entries = &r.entries()[..k];
        let (replayed, t) = timed(5, || Registry::replay(entries.iter().cloned()));
        if let Err(e) = replayed {
            return Err(Failure::Input(format!("the sample does not replay: {e}")));
        }
        emit(&format!(
            "{:<52} {:>8.1} ms  ({:.1} µs per act)\n",
            format!("replay and check the first {k} acts"),
            t * 1e3,
            t * 1e6 / k as f64
        ))?;
    }
    // A definition's nominees taken through the registry, and its ballots made from it: the
    // demo's sample, then the whole country of 2023 (every district and council).
    for (label, def) in [
        (
            "enrol the demo's sample (100 precincts)",
            sailau_definition::sample::mazhilis_2023(100, 2023),
        ),
        (
            "enrol the whole country (10,233 precincts)",
            sailau_definition::sample::national::country_2023(1_000_000, 2023).definition,
        ),
    ] {
        let (e, t) = timed(3, || sailau_registry::enrol::enrol(&def));
        let e = e.map_err(|e| Failure::Input(format!("{label}: {e}")))?;
        let acts = e.registry.entries().len();
        emit(&format!(
            "{:<52} {:>8.1} ms  ({acts} acts for {} candidates and {} contests, {:.1} µs per act)\n",
            label,
            t * 1e3,
            def.candidates.len(),
            def.contests.len(),
            t * 1e6 / acts as f64
        ))?;
    }
    let bytes: usize = r
        .entries()
        .iter()
        .map(|e| serde_json::to_vec(e).map_or(0, |v| v.len() + 1))
        .sum();
    emit(&format!(
        "{:<52} {:>8.1} KB  ({} bytes per act)\n",
        "the ledger as JSON lines",
        bytes as f64 / 1024.0,
        bytes / n
    ))
}
