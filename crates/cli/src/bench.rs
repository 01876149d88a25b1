//! `sailau bench`: figures for docs/performance.md. Each case runs for about half a second
//! after a warm-up, and the mean time per operation is printed.

use crate::{emit, Failure};
use sailau_formats::ResultsFile;
use sailau_law::{decide, editions, Choice, Contest, ContestKind, WhatIf};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn measure(name: &str, mut op: impl FnMut()) -> Result<(), Failure> {
    for _ in 0..100 {
        op();
    }
    let start = Instant::now();
    let mut n: u64 = 0;
    while start.elapsed() < Duration::from_millis(500) {
        for _ in 0..100 {
            op();
        }
        n += 100;
    }
    let per = start.elapsed().as_nanos() / u128::from(n);
    let micros = format!("{}.{}", per / 1000, per % 1000 / 100);
    emit(&format!("{name:<62} {micros:>8} µs/op  ({n} ops)\n"))
}

/// A Kurultai-sized contest: 145 seats, `lists` lists with uneven votes.
fn kurultai(lists: u32) -> Contest {
    Contest {
        id: "bench".into(),
        kind: ContestKind::PartyList,
        seats: None,
        registered: None,
        ballots_cast: None,
        invalid: None,
        against_all: Some(123_457),
        options: (0..lists)
            .map(|i| Choice {
                id: format!("p{i}"),
                name: format!("Party {i}"),
                registration_order: i + 1,
                votes: 7_000_000 / u64::from(i + 1) + u64::from(i) * 7919,
            })
            .collect(),
        round: 1,
        constitutional: false,
        regions: vec![],
    }
}

pub fn run() -> Result<(), Failure> {
    let (_, mazhilis) = crate::results::OFFICIAL[1];
    let (_, president) = crate::results::OFFICIAL[0];
    emit("sailau bench: mean time per operation, one thread\n")?;
    measure("parse + check 2023 Mazhilis file", || {
        black_box(ResultsFile::parse(black_box(mazhilis)).unwrap());
    })?;
    let file = ResultsFile::parse(mazhilis).unwrap();
    let edition = editions::in_force(file.body, file.date).unwrap();
    let list = &file.contests[0].contest;
    measure(
        "decide 2023 Mazhilis list (69 seats, 7 lists) + certificate",
        || {
            black_box(decide(black_box(list), edition, &WhatIf::default()).unwrap());
        },
    )?;
    let file = ResultsFile::parse(president).unwrap();
    let edition = editions::in_force(file.body, file.date).unwrap();
    let contest = &file.contests[0].contest;
    measure(
        "decide 2022 presidential (6 candidates) + certificate",
        || {
            black_box(decide(black_box(contest), edition, &WhatIf::default()).unwrap());
        },
    )?;
    let kurultai_edition = editions::by_id("kurultai-2026").unwrap();
    for lists in [10, 100] {
        let c = kurultai(lists);
        measure(
            &format!("decide Kurultai list (145 seats, {lists} lists) + certificate"),
            || {
                black_box(decide(black_box(&c), kurultai_edition, &WhatIf::default()).unwrap());
            },
        )?;
    }
    Ok(())
}
