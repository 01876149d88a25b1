//! The voting terminal keeps no ballot: not on disk, where only its chain position changes,
//! and not in memory, where a cast ballot's secrets are gone once the voter's session ends.
//!
//! One `#[test]` on purpose: the memory scan reads this whole process (Linux:
//! /proc/self/maps and /proc/self/mem), and no other test may allocate, free or compute
//! alongside it.
//!
//! The memory scan covers every writable anonymous mapping: the heap, every thread's malloc
//! arena and every thread's stack, including the stack the session ran on. It cannot see
//! CPU registers, swap or the kernel, and the few hundred bytes at the top of the session's
//! stack that later calls reuse. It proves itself: two planted values, in a live buffer and
//! in a returned stack frame, must be found. Removing the wiping of an `Opening` or of a
//! range proof's nonce makes it fail.

mod common;
use common::*;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use sailau_crypto::Manifest;
use sailau_definition::Language;
use sailau_group::{from_hex, from_hex32, Scalar, G};
use sailau_station::card::{Card, MemoryCard};
use sailau_station::desk::How;
use sailau_station::terminal::{Choice, Terminal};
use sailau_station::Station;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

#[test]
fn the_terminal_keeps_nothing() {
    on_disk();
    in_memory();
}

// ---------------------------------------------------------------------------------------
// On disk

/// Every file in the terminal's folder, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            assert!(e.file_type().unwrap().is_file(), "{:?}", e.path());
            (
                e.file_name().into_string().unwrap(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// What a ballot line reveals that must not stay behind: its code and every ciphertext, each
/// as hex and as raw bytes, and for a challenged ballot its nonces.
fn traces(line: &str) -> Vec<(String, Vec<u8>)> {
    let v: Value = serde_json::from_str(line).unwrap();
    let mut out = Vec::new();
    let mut add = |what: &str, hex: &str| {
        out.push((format!("{what} (hex)"), hex.as_bytes().to_vec()));
        out.push((format!("{what} (bytes)"), from_hex(hex).unwrap()));
    };
    for c in v["contests"].as_array().unwrap() {
        for s in c["selections"].as_array().unwrap() {
            add("a ciphertext's alpha", s["alpha"].as_str().unwrap());
            add("a ciphertext's beta", s["beta"].as_str().unwrap());
            if let Some(n) = s["opening"]["nonce"].as_str() {
                add("a nonce", n);
            }
        }
    }
    out
}

/// The state file, read as what it must be: exactly the sequence number and the previous
/// code.
fn state(bytes: &[u8]) -> (u64, String) {
    let v: Value = serde_json::from_slice(bytes).unwrap();
    let o = v.as_object().expect("state.json is an object");
    let mut keys: Vec<&str> = o.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        ["prev", "seq"],
        "state.json holds only the chain position"
    );
    (
        o["seq"].as_u64().unwrap(),
        o["prev"].as_str().unwrap().to_string(),
    )
}

fn lines(card: &mut MemoryCard) -> Vec<String> {
    card.payload()
        .unwrap()
        .ballots
        .into_iter()
        .map(|b| b.line)
        .collect()
}

fn code_of(line: &str) -> String {
    let v: Value = serde_json::from_str(line).unwrap();
    v["code"].as_str().unwrap().to_string()
}

/// After a session that encrypted `lines`, the last of them cast: only state.json changed,
/// to the sequence number advanced by the ballots encrypted and the cast ballot's code, and
/// nothing of any of the ballots is left in the folder except that code.
fn only_the_chain_moved(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
    lines: &[String],
) {
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "no file appears or disappears in the terminal's folder"
    );
    let changed: Vec<&String> = after
        .iter()
        .filter(|(k, v)| before[*k] != **v)
        .map(|(k, _)| k)
        .collect();
    assert_eq!(
        changed,
        ["state.json"],
        "only the chain position is written"
    );
    let (seq0, _) = state(&before["state.json"]);
    let (seq, prev) = state(&after["state.json"]);
    assert_eq!(
        seq,
        seq0 + lines.len() as u64,
        "one number per ballot encrypted"
    );
    let cast = lines.last().unwrap();
    assert_eq!(prev, code_of(cast), "prev is the cast ballot's code");
    for (i, line) in lines.iter().enumerate() {
        let mut traces = traces(line);
        if i + 1 < lines.len() {
            // A challenged ballot's code is nowhere either.
            let code = code_of(line);
            traces.push((
                "a challenged ballot's code (hex)".into(),
                code.clone().into(),
            ));
            traces.push((
                "a challenged ballot's code (bytes)".into(),
                from_hex(&code).unwrap(),
            ));
        }
        for (file, bytes) in after {
            for (what, t) in &traces {
                assert!(
                    !contains(bytes, t),
                    "{file} holds {what} of ballot {i} of the session"
                );
            }
        }
    }
    for line in lines {
        let shown = sailau_crypto::display_code(&from_hex32(&code_of(line)).unwrap());
        for (file, bytes) in after {
            assert!(
                !contains(bytes, shown.as_bytes()),
                "{file} holds a code as shown"
            );
        }
    }
    let code = code_of(cast);
    for (file, bytes) in after {
        let raw = from_hex(&code).unwrap();
        assert!(!contains(bytes, &raw), "{file} holds the code as bytes");
        if file != "state.json" {
            assert!(!contains(bytes, code.as_bytes()), "{file} holds the code");
        }
    }
}

fn on_disk() {
    let mut f = fixture(3);
    let station = f.station();
    let mut t = f.terminal(&station, "t1");
    let dir = f.dir.path().join("t1");
    let mut rng = ChaCha20Rng::seed_from_u64(7);
    let mut issue = |i: usize, station: &Station| {
        let mut card = MemoryCard::default();
        station
            .issue(
                &f.voters[i].iin,
                How::Card,
                None,
                Some(&mut card),
                f.at(10 * i as i64 + 1),
                &mut rng,
            )
            .unwrap();
        card
    };
    let mut card1 = issue(0, &station);
    let mut card2 = issue(1, &station);
    let mut rng = ChaCha20Rng::seed_from_u64(8);

    let start = snapshot(&dir);
    assert_eq!(
        start.keys().map(String::as_str).collect::<Vec<_>>(),
        ["key", "part.json", "state.json", "terminal.json"]
    );
    // Its part of the election holds its precinct alone, and is much smaller than the whole.
    let part: serde_json::Value = serde_json::from_slice(&start["part.json"]).unwrap();
    assert_eq!(part["precinct"], f.precinct.as_str());
    assert_eq!(part["part"]["precincts"].as_array().unwrap().len(), 1);
    assert_eq!(part["definition"], f.def.digest().to_string());
    assert_eq!(state(&start["state.json"]).0, 0);

    // A voter casts.
    let mut s = t.start(&mut card1, Language::English).unwrap();
    for (i, c) in [1, 2, 3, 0, 1].into_iter().enumerate() {
        s.choose(i, Choice::Option(c)).unwrap();
    }
    s.encrypt(&mut rng).unwrap();
    s.cast(&mut card1).unwrap();
    let after1 = snapshot(&dir);
    let l1 = lines(&mut card1);
    assert_eq!(l1.len(), 1);
    only_the_chain_moved(&start, &after1, &l1);

    // A voter challenges a ballot, sees it opened, then casts another.
    let mut s = t.start(&mut card2, Language::Russian).unwrap();
    for i in 0..5 {
        s.choose(i, Choice::Option(2)).unwrap();
    }
    s.encrypt(&mut rng).unwrap();
    s.challenge().unwrap();
    s.choose(0, Choice::Blank).unwrap();
    s.encrypt(&mut rng).unwrap();
    s.cast(&mut card2).unwrap();
    let after2 = snapshot(&dir);
    let l2 = lines(&mut card2);
    assert_eq!(l2.len(), 2);
    only_the_chain_moved(&after1, &after2, &l2);

    // Those were real ballots: the box takes them.
    station.accept(&mut card1).unwrap();
    station.accept(&mut card2).unwrap();
    assert_eq!(station.log_lines().unwrap().len(), 3);
}

// ---------------------------------------------------------------------------------------
// In memory

/// The secrets are kept masked, so that the scan never finds the test's own copy.
const MASK: u8 = 0x5a;

struct Secret {
    what: String,
    masked: [u8; 32],
}

fn masked(what: String, s: &Scalar) -> Secret {
    Secret {
        what,
        masked: s.to_bytes().map(|b| b ^ MASK),
    }
}

fn hex32(v: &Value) -> [u8; 32] {
    from_hex32(v.as_str().unwrap()).unwrap()
}

fn scalar(v: &Value) -> Scalar {
    Option::from(Scalar::from_canonical_bytes(hex32(v))).unwrap()
}

/// Replays the terminal's random draws for one ballot, as `Device::encrypt` makes them
/// (crates/crypto/src/ballot.rs, range_proof.rs): per selection its nonce r, then its proof's
/// w, c, v; per contest, its proof's w and, for two branches, c and v, else c and v per
/// branch. Checks every replayed value against what the ballot publishes (r·G is alpha; the
/// real branch's response is w − c·r; a challenged ballot's opening is r), so the values are
/// known to be the ballot's own. Returns the secrets: each nonce, each proof's w, and each
/// contest's nonce sum.
#[inline(never)]
fn replay(
    rng: &mut ChaCha20Rng,
    manifest: &Manifest,
    line: &str,
    marks: &[Vec<bool>],
    label: &str,
) -> Vec<Secret> {
    let v: Value = serde_json::from_str(line).unwrap();
    let challenged = v["state"] == "challenged";
    let mut out = Vec::new();
    for (ci, c) in v["contests"].as_array().unwrap().iter().enumerate() {
        let spec = manifest.contest(c["contest"].as_str().unwrap()).unwrap();
        let mut sum = Scalar::ZERO;
        for (si, s) in c["selections"].as_array().unwrap().iter().enumerate() {
            let r = Scalar::random(rng);
            let w = Scalar::random(rng);
            let _c = Scalar::random(rng);
            let _v = Scalar::random(rng);
            assert_eq!(
                (G * r).compress().to_bytes(),
                hex32(&s["alpha"]),
                "{label}: the replayed nonce of contest {ci} selection {si} is its alpha's"
            );
            if challenged {
                assert_eq!(r, scalar(&s["opening"]["nonce"]));
            }
            let real = &s["proof"][usize::from(marks[ci][si])];
            assert_eq!(
                scalar(&real["v"]),
                w - scalar(&real["c"]) * r,
                "{label}: the replayed proof nonce of contest {ci} selection {si}"
            );
            sum += r;
            out.push(masked(format!("{label}: nonce {ci}.{si}"), &r));
            out.push(masked(format!("{label}: proof nonce {ci}.{si}"), &w));
        }
        let w = Scalar::random(rng);
        let draws = if spec.max == spec.min + 1 {
            1
        } else {
            spec.max - spec.min + 1
        };
        for _ in 0..2 * draws {
            Scalar::random(rng);
        }
        let total = marks[ci].iter().filter(|&&m| m).count() as u64;
        let real = &c["proof"][(total - spec.min) as usize];
        assert_eq!(
            scalar(&real["v"]),
            w - scalar(&real["c"]) * sum,
            "{label}: the replayed contest proof nonce of contest {ci}"
        );
        out.push(masked(format!("{label}: nonce sum of contest {ci}"), &sum));
        out.push(masked(format!("{label}: contest proof nonce {ci}"), &w));
    }
    out
}

/// Overwrites the stack below the caller, where `replay` left its values.
#[inline(never)]
fn scrub_stack() {
    let mut a = [0xffu8; 256 * 1024];
    zeroize::Zeroize::zeroize(&mut a[..]);
    std::hint::black_box(&a);
}

/// One writable mapping of this process that is anonymous, the heap or a stack.
#[derive(Clone)]
struct Region {
    start: u64,
    end: u64,
    name: String,
}

fn regions() -> Vec<Region> {
    std::fs::read_to_string("/proc/self/maps")
        .unwrap()
        .lines()
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            let range = parts.next()?;
            let perms = parts.next()?;
            let name = parts.nth(3).unwrap_or("").to_string();
            let (s, e) = range.split_once('-')?;
            let anonymous = name.is_empty() || name == "[heap]" || name.starts_with("[stack");
            (perms.starts_with("rw") && anonymous).then(|| Region {
                start: u64::from_str_radix(s, 16).unwrap(),
                end: u64::from_str_radix(e, 16).unwrap(),
                name: if name.is_empty() {
                    "anonymous".into()
                } else {
                    name
                },
            })
        })
        .collect()
}

struct Hit {
    what: String,
    addr: u64,
    region: Region,
}

struct Scan {
    bytes: u64,
    hits: Vec<Hit>,
}

/// Reads every writable anonymous mapping of this process through /proc/self/mem and looks
/// for the secrets, unmasking byte by byte.
fn scan(secrets: &[Secret]) -> Scan {
    use std::os::unix::fs::FileExt;
    const CHUNK: usize = 1 << 20;
    let mem = std::fs::File::open("/proc/self/mem").unwrap();
    let mut first = vec![false; 1 << 16];
    for s in secrets {
        first[usize::from(s.masked[0] ^ MASK) << 8 | usize::from(s.masked[1] ^ MASK)] = true;
    }
    let mut buf = vec![0u8; CHUNK + 31];
    let own = (buf.as_ptr() as u64, buf.as_ptr() as u64 + buf.len() as u64);
    let mut out = Scan {
        bytes: 0,
        hits: Vec::new(),
    };
    for r in regions() {
        let mut at = r.start;
        while at < r.end {
            let len = ((r.end - at) as usize).min(CHUNK + 31);
            let n = match mem.read_at(&mut buf[..len], at) {
                Ok(n) => n,
                Err(_) => {
                    // Unreadable (a guard page, or unmapped since maps was read): skip it.
                    at += CHUNK as u64;
                    continue;
                }
            };
            out.bytes += n.min(CHUNK) as u64;
            let data = &buf[..n];
            for i in 0..data.len().saturating_sub(31) {
                if !first[usize::from(data[i]) << 8 | usize::from(data[i + 1])] {
                    continue;
                }
                let addr = at + i as u64;
                if (own.0..own.1).contains(&addr) {
                    continue;
                }
                for s in secrets {
                    if (0..32).all(|k| data[i + k] ^ MASK == s.masked[k]) {
                        out.hits.push(Hit {
                            what: s.what.clone(),
                            addr,
                            region: r.clone(),
                        });
                    }
                }
            }
            at += CHUNK as u64;
        }
    }
    out
}

/// Marks as the encryption sees them, per contest one flag per option.
fn marks(choices: &[Choice], options: &[usize]) -> Vec<Vec<bool>> {
    choices
        .iter()
        .zip(options)
        .map(|(c, &n)| {
            (0..n)
                .map(|i| matches!(c, Choice::Option(k) if *k as usize == i))
                .collect()
        })
        .collect()
}

const CHALLENGED: [Choice; 5] = [
    Choice::Option(3),
    Choice::Option(1),
    Choice::Blank,
    Choice::Option(0),
    Choice::Option(2),
];
const CAST: [Choice; 5] = [
    Choice::Option(5),
    Choice::Option(2),
    Choice::Option(7),
    Choice::Blank,
    Choice::Option(1),
];

/// A voter's whole session at the terminal: a challenged ballot, then the cast one. It runs
/// on the test's own thread, which lives on after it as a terminal's interface thread would,
/// so whatever the session left on that stack is still there for the scan.
#[inline(never)]
fn session(t: &mut Terminal, card: &mut MemoryCard, rng: &mut ChaCha20Rng) {
    let mut s = t.start(card, Language::Kazakh).unwrap();
    for (i, &c) in CHALLENGED.iter().enumerate() {
        s.choose(i, c).unwrap();
    }
    s.encrypt(rng).unwrap();
    s.challenge().unwrap();
    for (i, &c) in CAST.iter().enumerate() {
        s.choose(i, c).unwrap();
    }
    s.encrypt(rng).unwrap();
    s.cast(card).unwrap();
}

const IN_HEAP: &str = "planted in a live thread's heap";
const ON_STACK: &str = "planted in a returned frame of a live thread's stack";

/// The scan's own check: a thread that holds two planted values while the scan runs, one in
/// a buffer it allocated, one in a stack frame 16 KiB deep that it has returned from, as a
/// session's leftovers would be. The scan must find both, or it proves nothing. Returns the
/// values, and what releases the thread.
fn plant() -> (Vec<Secret>, impl FnOnce()) {
    let mut rng = ChaCha20Rng::seed_from_u64(0xca7a);
    let canaries = vec![
        masked(IN_HEAP.into(), &Scalar::random(&mut rng)),
        masked(ON_STACK.into(), &Scalar::random(&mut rng)),
    ];
    let (heap, stack) = (canaries[0].masked, canaries[1].masked);
    let (ready, planted) = std::sync::mpsc::channel();
    let (release, released) = std::sync::mpsc::channel::<()>();
    let thread = std::thread::spawn(move || {
        deep(16, &stack);
        let mut v = vec![0u8; 200];
        for (k, m) in heap.iter().enumerate() {
            v[100 + k] = m ^ MASK;
        }
        ready.send(()).unwrap();
        released.recv().unwrap();
        std::hint::black_box(&v);
    });
    planted.recv().unwrap();
    (canaries, move || {
        release.send(()).unwrap();
        thread.join().unwrap();
    })
}

#[inline(never)]
fn deep(n: u8, masked: &[u8; 32]) {
    let pad = [n; 1024];
    std::hint::black_box(&pad);
    if n > 0 {
        deep(n - 1, masked);
    } else {
        let a = masked.map(|m| m ^ MASK);
        std::hint::black_box(&a);
    }
    std::hint::black_box(&pad);
}

fn in_memory() {
    let mut f = fixture(2);
    let station = f.station();
    let mut t = f.terminal(&station, "t1");
    let mut rng = ChaCha20Rng::seed_from_u64(99);
    let mut card = MemoryCard::default();
    station
        .issue(
            &f.voters[0].iin,
            How::Card,
            None,
            Some(&mut card),
            f.at(3),
            &mut rng,
        )
        .unwrap();
    let options: Vec<usize> = station
        .style_contests()
        .iter()
        .map(|c| f.election.manifest.contest(c).unwrap().options.len())
        .collect();
    let (canaries, release) = plant();

    let mut terminal_rng = ChaCha20Rng::seed_from_u64(0x5a11a0);
    let mut replayed = terminal_rng.clone();
    session(&mut t, &mut card, &mut terminal_rng);
    let lines = lines(&mut card);
    assert_eq!(lines.len(), 2);

    // The replay runs on a thread of its own, so that its copies of the secrets are not left
    // on this one's stack; it scrubs its stack before it ends.
    let mut secrets = std::thread::scope(|s| {
        s.spawn(|| {
            let manifest = &f.election.manifest;
            let challenged = &marks(&CHALLENGED, &options);
            replay(&mut replayed, manifest, &lines[0], challenged, "challenged");
            let cast = &marks(&CAST, &options);
            let secrets = replay(&mut replayed, manifest, &lines[1], cast, "cast");
            scrub_stack();
            secrets
        })
        .join()
        .unwrap()
    });
    assert_eq!(
        secrets.len(),
        2 * options.iter().sum::<usize>() + 2 * options.len(),
        "per selection its nonce and its proof's; per contest the nonce sum and its proof's"
    );
    secrets.extend(canaries);

    // The scan runs on a thread of its own too, while this one waits: this stack, where the
    // session ran, is scanned as the session left it.
    let here = 0u8;
    let here = std::hint::black_box(&here) as *const u8 as u64;
    let found = std::thread::scope(|s| s.spawn(|| scan(&secrets)).join().unwrap());
    release();
    for what in [IN_HEAP, ON_STACK] {
        assert!(
            found.hits.iter().any(|h| h.what == what),
            "the scan misses a value {what} ({} bytes scanned)",
            found.bytes
        );
    }
    let report: Vec<String> = found
        .hits
        .iter()
        .filter(|h| h.what.starts_with("cast"))
        .map(|h| {
            let mine = (h.region.start..h.region.end).contains(&here);
            format!(
                "{} at {:#x} ({}{})",
                h.what,
                h.addr,
                h.region.name,
                if mine { ", the session's stack" } else { "" }
            )
        })
        .collect();
    assert!(
        report.is_empty(),
        "the cast ballot's secrets are still in memory after the session ({} bytes scanned):\n{}",
        found.bytes,
        report.join("\n")
    );
}
