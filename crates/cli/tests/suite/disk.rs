//! A full disk and a read-only folder: every command that writes files exits 3, names the
//! file, and leaves the folder's files as it found them (no part of a file, no temporary
//! left behind).
//!
//! A read-only folder is made immutable (`chattr +i`) as root, for whom permissions do not
//! count, and without write permission otherwise. A full disk is a small tmpfs filled to the
//! last page: it needs root to mount, and is skipped, saying so, without.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sailau(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sailau"))
        .args(args)
        .output()
        .unwrap()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// A folder that refuses every write while this lives.
pub struct ReadOnly(pub PathBuf);

impl ReadOnly {
    pub fn new(path: &Path) -> ReadOnly {
        std::fs::create_dir_all(path).unwrap();
        if is_root() {
            let ok = Command::new("chattr").arg("+i").arg(path).status();
            assert!(
                ok.is_ok_and(|s| s.success()),
                "chattr +i {}",
                path.display()
            );
        } else {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o555)).unwrap();
        }
        ReadOnly(path.to_path_buf())
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o755));
    }
}

/// A folder on a filesystem with no space left, while this lives; none where it cannot be
/// mounted (not root).
pub struct Full(pub PathBuf);

impl Full {
    pub fn new(path: &Path) -> Option<Full> {
        std::fs::create_dir_all(path).unwrap();
        let mounted = is_root()
            && Command::new("mount")
                .args(["-t", "tmpfs", "-o", "size=256k", "tmpfs"])
                .arg(path)
                .status()
                .is_ok_and(|s| s.success());
        if !mounted {
            eprintln!("SKIPPED: a full disk needs root to mount a small tmpfs");
            return None;
        }
        let full = Full(path.to_path_buf());
        // Filled to the last byte: the next write of any size fails.
        let mut f = std::fs::File::create(path.join("filler")).unwrap();
        let block = vec![0u8; 4096];
        while std::io::Write::write_all(&mut f, &block).is_ok() {}
        while std::io::Write::write_all(&mut f, &[0]).is_ok() {}
        Some(full)
    }
}

impl Drop for Full {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// Every file under `dir`, by path, with its length. An empty folder a command made before
/// it found the disk full holds no part of anything, and is not listed.
pub fn listing(dir: &Path) -> Vec<(PathBuf, u64)> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(listing(&p));
            } else {
                out.push((p.clone(), e.metadata().map_or(0, |m| m.len())));
            }
        }
    }
    out.sort();
    out
}

/// Runs `args` (with `{}` standing for `dir`) and asserts exit 3, the file named, and `dir`
/// as it was.
pub fn refused_whole(dir: &Path, args: &[&str], names: &str) {
    let before = listing(dir);
    let args: Vec<String> = args
        .iter()
        .map(|a| a.replace("{}", dir.to_str().unwrap()))
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = sailau(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{args:?}: {stderr}");
    assert!(
        stderr.contains("cannot write the output"),
        "{args:?}: {stderr}"
    );
    assert!(stderr.contains(names), "{args:?} names {names}: {stderr}");
    assert_eq!(
        listing(dir),
        before,
        "{args:?} leaves {} as it was",
        dir.display()
    );
}

#[test]
fn a_full_disk_and_a_read_only_folder_give_exit_3_and_leave_nothing_half_written() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("disk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let record = root.join("record");
    let out = sailau(&[
        "demo",
        "--voters",
        "20",
        "--precincts",
        "2",
        "--scenario",
        "presidential-2022",
        "--out",
        record.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = record.to_str().unwrap();
    let seed = "12345678901234567890123";
    let commands: [(&[&str], &str); 6] = [
        (
            &[
                "demo",
                "--voters",
                "20",
                "--precincts",
                "2",
                "--out",
                "{}/demo",
            ],
            "{}/demo",
        ),
        (
            &["sample-record", "--ballots", "10", "--out", "{}/sample"],
            "{}/sample",
        ),
        (
            &["verify", r, "--shard", "1/2", "--out", "{}/shard.json"],
            "{}/shard.json",
        ),
        (
            &["export", "nist-err", r, "--out", "{}/nist.json"],
            "{}/nist.json",
        ),
        (
            &[
                "audit",
                "plan",
                r,
                "--risk-limit",
                "0.05",
                "--seed",
                seed,
                "--out",
                "{}/plan.json",
            ],
            "{}/plan.json",
        ),
        (
            &["registry", "sample", "--out", "{}/registry.jsonl"],
            "{}/registry.jsonl",
        ),
    ];
    let named = |dir: &Path, n: &str| n.replace("{}", dir.to_str().unwrap());

    let ro = ReadOnly::new(&root.join("read-only"));
    for (args, file) in &commands {
        refused_whole(&ro.0, args, &named(&ro.0, file));
    }
    drop(ro);
    if let Some(full) = Full::new(&root.join("full")) {
        for (args, file) in &commands {
            refused_whole(&full.0, args, &named(&full.0, file));
        }
    }
}
