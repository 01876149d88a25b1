//! `sailau bench crypto`: figures for docs/performance.md. Everything runs on one core (a
//! one-thread rayon pool for the verifier), so the figures are per core.

use crate::record::sample;
use crate::{emit, Failure};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use sailau_crypto::simulate::random_marks;
use sailau_crypto::Device;
use sailau_group::{
    decode_point, RistrettoBasepointTable, RistrettoPoint, Scalar, VartimeMultiscalarMul,
};
use sailau_verify::{verify, Files, Options};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// The group operations that bound the figures below, in µs: a constant-time fixed-base
/// multiplication, a point decompression, a compression, and a point's share of a 100,000-point
/// variable-time multiscalar multiplication.
fn primitives() -> [f64; 4] {
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let n = 2_000;
    let scalars: Vec<Scalar> = (0..n).map(|_| Scalar::random(&mut rng)).collect();
    let points: Vec<RistrettoPoint> = (0..n).map(|_| RistrettoPoint::random(&mut rng)).collect();
    let table = RistrettoBasepointTable::create(&points[0]);
    let us = |d: Duration, k: usize| d.as_secs_f64() * 1e6 / k as f64;
    let start = Instant::now();
    for s in &scalars {
        black_box(&table * s);
    }
    let fixed = us(start.elapsed(), n);
    let encoded: Vec<[u8; 32]> = points.iter().map(|p| p.compress().to_bytes()).collect();
    let start = Instant::now();
    for e in &encoded {
        black_box(decode_point(e).ok());
    }
    let decompress = us(start.elapsed(), n);
    let start = Instant::now();
    for p in &points {
        black_box(p.compress());
    }
    let compress = us(start.elapsed(), n);
    let m = 100_000;
    let big_s: Vec<Scalar> = (0..m)
        .map(|i| scalars[i % n] + Scalar::from(i as u64))
        .collect();
    let big_p: Vec<RistrettoPoint> = (0..m).map(|i| points[i % n]).collect();
    let start = Instant::now();
    black_box(RistrettoPoint::vartime_multiscalar_mul(&big_s, &big_p));
    let msm = us(start.elapsed(), m);
    [fixed, decompress, compress, msm]
}

/// The points a verifier decompresses for one ballot of `contest`: per selection α, β and the
/// two commitments of each of its two branches; the contest proof's two commitments per
/// branch, one branch per allowed number of marks (docs/protocol.md §6.1, §6.2).
fn points_per_ballot(m: &sailau_crypto::Manifest, contest: &str) -> usize {
    let c = m
        .contest(contest)
        .expect("the bench's contest is in its manifest");
    let branches = (c.max - c.min + 1) as usize;
    c.options.len() * (2 + 2 * 2) + 2 * branches
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

    // The record verified as published: its ballot log compact (docs/protocol.md §11.5).
    let run = |s: &sailau_crypto::simulate::Simulated, opts: Options| {
        let f = s.files();
        let compact = sailau_crypto::compact::to_compact(&f[1].1)
            .map_err(|e| Failure::Input(format!("bench: {e}")))?;
        let files = Files {
            election: &f[0].1,
            ballots: &compact,
            tally: &f[2].1,
        };
        let start = Instant::now();
        let report = one_core.install(|| verify(&files, &opts, &|_| {}));
        let took = start.elapsed();
        match report {
            Ok(r) if r.passed() => Ok((took, (f[1].1.len(), compact.len()))),
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
    let (took, (jsonl_bytes, bytes)) = run(
        &big,
        Options {
            one_by_one: false,
            batch: n,
        },
    )?;
    let batched = per_ms(took, n);

    let [fixed, decompress, compress, msm] = primitives();
    // The floor: every point of the ballot decompressed once and weighted once in a large
    // multiscalar multiplication; nothing else a verifier does is free of choice.
    let points = points_per_ballot(&s.election.manifest, "list");
    let floor = points as f64 * (decompress + msm) / 1e3;
    let ratio = batched / floor;
    if args.json {
        emit(&format!(
            "{{\"ballot\":\"2023 Mazhilis list: 8 options, 0 or 1 mark\",\"threads\":1,\
             \"encrypt_ms_per_ballot\":{encrypt:.4},\"verify_ms_per_ballot\":{one_by_one:.4},\
             \"verify_batched_ms_per_ballot\":{batched:.4},\"batch\":{n},\
             \"record_bytes_per_ballot\":{},\"jsonl_bytes_per_ballot\":{},\
             \"fixed_base_mul_us\":{fixed:.2},\
             \"decompress_us\":{decompress:.2},\"compress_us\":{compress:.2},\
             \"msm_us_per_point\":{msm:.2},\"points_per_ballot\":{points},\
             \"floor_ms_per_ballot\":{floor:.4},\"batched_over_floor\":{ratio:.2}}}\n",
            bytes / n,
            jsonl_bytes / n
        ))
    } else {
        emit(&format!(
            "sailau bench crypto: the 2023 Mazhilis list ballot (8 options, 0 or 1 mark), one core\n\
             {:<58} {encrypt:>8.3} ms/ballot  ({encrypt_n} ballots)\n\
             {:<58} {one_by_one:>8.3} ms/ballot  ({small_n} ballots)\n\
             {:<58} {batched:>8.3} ms/ballot  ({n} ballots)\n\
             {:<58} {floor:>8.3} ms/ballot  ({points} points: decompress + multiscalar share)\n\
             {:<58} {ratio:>8.2}×\n\
             {:<58} {:>8} bytes/ballot\n\
             {:<58} {:>8} bytes/ballot\n\
             primitives: fixed-base mul {fixed:.1} µs, decompress {decompress:.1} µs, \
             compress {compress:.1} µs, multiscalar mul {msm:.2} µs/point (100,000 points)\n",
            "encrypt, with selection and contest proofs",
            "verify the record, every equation on its own",
            "verify the record, ballots in one batch",
            "the floor for the same ballot",
            "batched verification over the floor",
            "record size (ballots.bin, as verified above)",
            bytes / n,
            "the same ballots as JSON lines (ballots.jsonl)",
            jsonl_bytes / n
        ))
    }
}
