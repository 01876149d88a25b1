//! The key ceremony by documents (docs/protocol.md §4.9): five guardians, each a separate
//! process in a separate folder, exchange only files through a public board and their own
//! inboxes; the CEC seals `election.json`; three of them then decrypt with the key files the
//! ceremony left them. Along the way: a guardian who has not published, a share changed in
//! transit, a guardian who sends a bad share (and the complaint anyone can judge), and a seal
//! asked for before every guardian is ready.

use crate::common::{fresh, sailau};
use sailau_crypto::ceremony as doc;
use std::path::{Path, PathBuf};
use std::process::Output;

const N: u32 = 5;

pub(super) struct Ceremony {
    pub(super) root: PathBuf,
    pub(super) definition: PathBuf,
}

impl Ceremony {
    pub(super) fn new(name: &str) -> Self {
        let root = fresh("ceremony", name);
        std::fs::create_dir_all(&root).unwrap();
        let definition = root.join("definition.json");
        std::fs::write(
            &definition,
            sailau_definition::sample::mazhilis_2023(2, 1).to_json(),
        )
        .unwrap();
        Ceremony { root, definition }
    }
    pub(super) fn dir(&self, j: u32) -> PathBuf {
        self.root.join(format!("guardian-{j}"))
    }
    pub(super) fn inbox(&self, j: u32) -> PathBuf {
        self.root.join(format!("inbox-{j}"))
    }
    pub(super) fn board(&self) -> PathBuf {
        self.root.join("board")
    }
    pub(super) fn run(&self, step: &str, j: u32, extra: &[&Path]) -> Output {
        let (d, g, dir) = (
            self.definition.display().to_string(),
            j.to_string(),
            self.dir(j).display().to_string(),
        );
        let mut args = vec![
            "guardian",
            step,
            "--definition",
            &d,
            "--guardian",
            &g,
            "--dir",
            &dir,
        ];
        let extra: Vec<String> = extra.iter().map(|p| p.display().to_string()).collect();
        let (publics, inbox) = (self.board().display().to_string(), self.inbox(j));
        let inbox = inbox.display().to_string();
        if step != "keygen" {
            args.extend(["--publics", &publics]);
        }
        if step == "check" {
            args.extend(["--inbox", &inbox]);
        }
        args.extend(extra.iter().map(String::as_str));
        sailau(&args)
    }
    pub(super) fn post(&self, from: &Path, name: &str, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        std::fs::copy(from.join(name), to.join(name)).unwrap();
    }
    pub(super) fn seal(&self, ready: &Path, out: &Path) -> Output {
        sailau(&[
            "election",
            "seal",
            "--definition",
            self.definition.to_str().unwrap(),
            "--publics",
            self.board().to_str().unwrap(),
            "--ready",
            ready.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
    }
}

pub(super) fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub(super) fn fails(o: &Output, code: i32) -> String {
    assert_eq!(
        o.status.code(),
        Some(code),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Guardian 1's secret file with the polynomial (and commitments) of another key made for
/// the same place, but its own auxiliary key: what a guardian who means to cheat would run
/// `share` with. Its shares are signed by it and open for their recipients, and do not match
/// the commitments it published.
fn cheating_secret(c: &Ceremony) -> PathBuf {
    let other = c.root.join("other-1");
    let keygen = sailau(&[
        "guardian",
        "keygen",
        "--definition",
        c.definition.to_str().unwrap(),
        "--guardian",
        "1",
        "--dir",
        other.to_str().unwrap(),
    ]);
    ok(&keygen);
    let real: serde_json::Value =
        serde_json::from_slice(&std::fs::read(c.dir(1).join("guardian-1.secret")).unwrap())
            .unwrap();
    let mut forged: serde_json::Value =
        serde_json::from_slice(&std::fs::read(other.join("guardian-1.secret")).unwrap()).unwrap();
    forged["aux_secret"] = real["aux_secret"].clone();
    forged["guardian"]["aux_key"] = real["guardian"]["aux_key"].clone();
    let dir = c.root.join("cheat-1");
    std::fs::create_dir_all(dir.join("board")).unwrap();
    std::fs::write(
        dir.join("guardian-1.secret"),
        serde_json::to_vec_pretty(&forged).unwrap(),
    )
    .unwrap();
    // The board it pretends to see: everyone's real data, and its forged commitments, whose
    // proofs hold (they are bound to guardian 1's place in this ceremony).
    for i in 2..=N {
        c.post(
            &c.board(),
            &format!("guardian-{i}.public.json"),
            &dir.join("board"),
        );
    }
    let base = {
        let b = std::fs::read(c.board().join("guardian-1.public.json")).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&b).unwrap();
        v["base_hash"].clone()
    };
    let public = serde_json::json!({
        "format": doc::PUBLIC_FORMAT,
        "base_hash": base,
        "guardian": forged["guardian"],
    });
    let mut bytes = serde_json::to_vec_pretty(&public).unwrap();
    bytes.push(b'\n');
    std::fs::write(dir.join("board/guardian-1.public.json"), bytes).unwrap();
    dir
}

#[test]
fn five_guardians_make_the_key_by_documents_and_three_decrypt_with_it() {
    let c = Ceremony::new("five");
    // Step 1: each guardian makes its key on its own machine and publishes its commitments.
    for j in 1..=N {
        let out = ok(&c.run("keygen", j, &[]));
        assert!(out.contains("fingerprint"), "{out}");
        let secret = c.dir(j).join(format!("guardian-{j}.secret"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&secret).unwrap().permissions().mode() & 0o777;
            assert_eq!(
                mode, 0o600,
                "a guardian's secret is readable by its owner only"
            );
        }
        if j < N {
            c.post(&c.dir(j), &format!("guardian-{j}.public.json"), &c.board());
        }
    }
    // A second keygen would orphan the first key's shares: refused.
    fails(&c.run("keygen", 2, &[]), 2);

    // Guardian 5 has not published: nobody can share, and the message names it.
    let waiting = fails(&c.run("share", 1, &[]), 2);
    assert!(
        waiting.contains("guardian 5 (Nominee of the NSDP) has not published"),
        "{waiting}"
    );
    c.post(&c.dir(N), "guardian-5.public.json", &c.board());

    // Step 2: every guardian checks the others' commitments and seals a share to each.
    for j in 1..=N {
        ok(&c.run("share", j, &[]));
        for i in (1..=N).filter(|&i| i != j) {
            c.post(
                &c.dir(j).join("shares"),
                &format!("share-{j}-to-{i}.json"),
                &c.inbox(i),
            );
        }
    }

    // A share changed on its way to guardian 2: not signed by its sender, so refused without
    // a complaint; the sender is asked for it again.
    let share_3_2 = c.inbox(2).join("share-3-to-2.json");
    let honest = std::fs::read(&share_3_2).unwrap();
    let mut v: serde_json::Value = serde_json::from_slice(&honest).unwrap();
    let sealed = v["sealed"].as_str().unwrap().to_string();
    let flipped = format!(
        "{}{}",
        if sealed.starts_with('0') { "1" } else { "0" },
        &sealed[1..]
    );
    v["sealed"] = flipped.into();
    std::fs::write(&share_3_2, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    let tampered = fails(&c.run("check", 2, &[]), 2);
    assert!(tampered.contains("not signed by it"), "{tampered}");
    std::fs::write(&share_3_2, &honest).unwrap();

    // Guardian 1 cheats: it signs and sends guardian 2 a share of another polynomial.
    let cheat = cheating_secret(&c);
    let cheat_share = sailau(&[
        "guardian",
        "share",
        "--definition",
        c.definition.to_str().unwrap(),
        "--guardian",
        "1",
        "--dir",
        cheat.to_str().unwrap(),
        "--publics",
        cheat.join("board").to_str().unwrap(),
    ]);
    ok(&cheat_share);
    let share_1_2 = c.inbox(2).join("share-1-to-2.json");
    let honest_1_2 = std::fs::read(&share_1_2).unwrap();
    std::fs::copy(cheat.join("shares/share-1-to-2.json"), &share_1_2).unwrap();
    let refused = fails(&c.run("check", 2, &[]), 1);
    assert!(
        refused.contains("guardian 1 (Commission member 1): the share from guardian 1 does not match its commitments"),
        "{refused}"
    );
    assert!(
        !c.dir(2).join("guardian-2.key").exists(),
        "no key from a bad share"
    );
    // Anyone judges the complaint from public data alone, and finds guardian 1 at fault.
    let complaint = c.dir(2).join("complaint-1-to-2.json");
    let judged = sailau(&[
        "guardian",
        "judge",
        "--definition",
        c.definition.to_str().unwrap(),
        "--publics",
        c.board().to_str().unwrap(),
        complaint.to_str().unwrap(),
    ]);
    let verdict = fails(&judged, 1);
    assert!(
        verdict.contains("upheld: guardian 1 (Commission member 1) sent guardian 2 (Commission member 2) a bad share"),
        "{verdict}"
    );
    // Guardian 2 cannot turn the complaint against another guardian: the point it reveals
    // is proved to be its own, for that share only.
    let mut framed: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&complaint).unwrap()).unwrap();
    framed["share"]["from"] = 3.into();
    let framed_path = c.root.join("framed.json");
    std::fs::write(&framed_path, serde_json::to_vec_pretty(&framed).unwrap()).unwrap();
    let framed = fails(
        &sailau(&[
            "guardian",
            "judge",
            "--definition",
            c.definition.to_str().unwrap(),
            "--publics",
            c.board().to_str().unwrap(),
            framed_path.to_str().unwrap(),
        ]),
        1,
    );
    assert!(framed.contains("does not stand"), "{framed}");
    std::fs::remove_file(&complaint).unwrap();
    std::fs::write(&share_1_2, &honest_1_2).unwrap();

    // Step 3: every share checks; each guardian writes its key and states it is ready.
    let ready = c.root.join("ready");
    let mut h_e = None;
    for j in 1..=N {
        let out = ok(&c.run("check", j, &[]));
        let this = out.split("H_E will be ").nth(1).unwrap()[..64].to_string();
        assert_eq!(
            h_e.get_or_insert(this.clone()),
            &this,
            "every guardian sees one key"
        );
        if j < N {
            c.post(&c.dir(j), &format!("guardian-{j}.ready.json"), &ready);
        }
    }
    // The CEC cannot seal before every guardian is ready.
    let election = c.root.join("election.json");
    let early = fails(&c.seal(&ready, &election), 2);
    assert!(
        early.contains("guardian 5 (Nominee of the NSDP) has not stated that it is ready"),
        "{early}"
    );
    assert!(!election.exists(), "nothing half-written");
    c.post(&c.dir(N), "guardian-5.ready.json", &ready);
    let sealed = ok(&c.seal(&ready, &election));
    assert!(sealed.contains(h_e.as_ref().unwrap()), "{sealed}");

    // The sealed election is the definition's: a station is set up from both.
    let db = c.root.join("p-00001.db");
    ok(&sailau(&[
        "station",
        "create",
        "--db",
        db.to_str().unwrap(),
        "--definition",
        c.definition.to_str().unwrap(),
        "--election",
        election.to_str().unwrap(),
        "--precinct",
        "p-00001",
    ]));

    // Three guardians decrypt ballots cast under the key, each with its own key file.
    let e = sailau_crypto::reading::election_from_json(&std::fs::read(&election).unwrap()).unwrap();
    let m = &e.manifest;
    let mut device = sailau_crypto::Device::new(&e, "terminal-1");
    let mut intended: Vec<Vec<u64>> = m
        .contests
        .iter()
        .map(|c| vec![0; c.options.len()])
        .collect();
    let mut ballots = Vec::new();
    for _ in 0..4 {
        let plain =
            sailau_crypto::simulate::random_marks(m, &m.styles[0].id, &mut rand_core::OsRng);
        for (id, marks) in plain.contests.iter().zip(&plain.marks) {
            let ci = m.contests.iter().position(|c| &c.id == id).unwrap();
            for (sum, &mark) in intended[ci].iter_mut().zip(marks) {
                *sum += u64::from(mark);
            }
        }
        ballots.push(device.encrypt(&plain, &mut rand_core::OsRng).unwrap().0);
    }
    let tally = sailau_crypto::encrypted_tally(m, ballots.iter());
    let request = c.root.join("request.json");
    std::fs::write(
        &request,
        sailau_crypto::closing::request_json(&e, "p-00001", &tally),
    )
    .unwrap();
    let partials: Vec<_> = [1u32, 3, 5]
        .iter()
        .map(|&j| {
            let out = c.root.join(format!("partial-{j}.json"));
            ok(&sailau(&[
                "guardian",
                "decrypt",
                "--election",
                election.to_str().unwrap(),
                "--key",
                c.dir(j).join(format!("guardian-{j}.key")).to_str().unwrap(),
                "--request",
                request.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ]));
            let p = sailau_crypto::closing::partial_from_json(
                &e,
                "p-00001",
                &tally,
                &std::fs::read(&out).unwrap(),
            )
            .unwrap();
            sailau_crypto::decryption::vartime_check_one(&e, &tally, &p).unwrap();
            p
        })
        .collect();
    let counts = sailau_crypto::vartime_combine(&e, &tally, &partials).unwrap();
    let want: Vec<Vec<u64>> = tally
        .contests
        .iter()
        .map(|t| intended[m.contests.iter().position(|c| c.id == t.contest).unwrap()].clone())
        .collect();
    assert_eq!(
        counts, want,
        "the marks the voters made, decrypted by 3 of 5"
    );
}

#[test]
fn documents_of_another_definition_are_refused_by_name() {
    let c = Ceremony::new("other");
    ok(&c.run("keygen", 1, &[]));
    c.post(&c.dir(1), "guardian-1.public.json", &c.board());
    // Another election's definition: a different digest, so a different H_B.
    let other = c.root.join("other.json");
    std::fs::write(
        &other,
        sailau_definition::sample::mazhilis_2023(3, 2).to_json(),
    )
    .unwrap();
    let o = sailau(&[
        "guardian",
        "share",
        "--definition",
        other.to_str().unwrap(),
        "--guardian",
        "1",
        "--dir",
        c.dir(1).to_str().unwrap(),
        "--publics",
        c.board().to_str().unwrap(),
    ]);
    let msg = fails(&o, 2);
    assert!(msg.contains("another election or ceremony"), "{msg}");
    // A guardian the definition does not have.
    let msg = fails(&c.run("keygen", 6, &[]), 2);
    assert!(msg.contains("guardians 1 to 5"), "{msg}");
}
