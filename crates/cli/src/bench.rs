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

/// `sailau bench crypto`: the standard ballot (the 2023 Mazhilis list: 7 parties and "against
/// all", one mark or none), on one core.
#[derive(clap::Args)]
pub struct CryptoArgs {
    /// One JSON object instead of a table.
    #[arg(long)]
    json: bool,
    /// Ballots in the record verified in batches (one batch).
    #[arg(long, default_value_t = 10_000)]
    ballots: usize,
}

pub fn crypto(args: &CryptoArgs) -> Result<(), Failure> {
    use crate::record::sample;
    use rand_chacha::ChaCha20Rng;
    use rand_core::SeedableRng;
    use sailau_crypto::simulate::random_marks;
    use sailau_crypto::Device;
    use sailau_verify::{verify, Files, Options};

    let one_core = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .map_err(|e| Failure::Input(e.to_string()))?;
    let per_ms = |d: Duration, n: usize| d.as_secs_f64() * 1e3 / n as f64;

    // Encryption with all proofs, on one device.
    let s = sample(1, 1, 5, 3)?;
    let mut rng = ChaCha20Rng::seed_from_u64(7);
    let mut device = Device::new(&s.election, "bench");
    let encrypt_n = 500;
    let marks: Vec<_> = (0..encrypt_n)
        .map(|_| random_marks(&s.election.manifest, "list", &mut rng))
        .collect();
    let start = Instant::now();
    for m in &marks {
        black_box(device.encrypt(m, &mut rng).expect("valid marks"));
    }
    let encrypt = per_ms(start.elapsed(), encrypt_n);

    let run = |s: &sailau_crypto::simulate::Simulated, opts: Options| {
        let f = s.files();
        let files = Files {
            election: &f[0].1,
            ballots: &f[1].1,
            tally: &f[2].1,
        };
        let start = Instant::now();
        let report = one_core.install(|| verify(&files, &opts, &|_| {}));
        let took = start.elapsed();
        match report {
            Ok(r) if r.passed() => Ok((took, f[1].1.len())),
            _ => Err(Failure::Input(
                "bench: the sample record did not verify".into(),
            )),
        }
    };
    // One by one, on a smaller record.
    let small_n = args.ballots.clamp(1, 1_000);
    let small = sample(small_n, 2, 5, 3)?;
    let (took, _) = run(
        &small,
        Options {
            one_by_one: true,
            batch: small_n,
        },
    )?;
    let one_by_one = per_ms(took, small_n);
    // Batched: the whole record in one batch.
    let n = args.ballots.max(1);
    let big = sample(n, 3, 5, 3)?;
    let (took, bytes) = run(
        &big,
        Options {
            one_by_one: false,
            batch: n,
        },
    )?;
    let batched = per_ms(took, n);

    if args.json {
        emit(&format!(
            "{{\"ballot\":\"2023 Mazhilis list: 8 options, 0 or 1 mark\",\"threads\":1,\
             \"encrypt_ms_per_ballot\":{encrypt:.4},\"verify_ms_per_ballot\":{one_by_one:.4},\
             \"verify_batched_ms_per_ballot\":{batched:.4},\"batch\":{n},\
             \"record_bytes_per_ballot\":{}}}\n",
            bytes / n
        ))
    } else {
        emit(&format!(
            "sailau bench crypto: the 2023 Mazhilis list ballot (8 options, 0 or 1 mark), one core\n\
             {:<58} {encrypt:>8.3} ms/ballot  ({encrypt_n} ballots)\n\
             {:<58} {one_by_one:>8.3} ms/ballot  ({small_n} ballots)\n\
             {:<58} {batched:>8.3} ms/ballot  ({n} ballots)\n\
             {:<58} {:>8} bytes/ballot\n",
            "encrypt, with selection and contest proofs",
            "verify the record, every equation on its own",
            "verify the record, ballots in one batch",
            "record size (ballots.jsonl)",
            bytes / n
        ))
    }
}
