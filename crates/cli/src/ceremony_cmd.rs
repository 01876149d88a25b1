//! The key ceremony by documents (docs/protocol.md §4.9): `sailau guardian keygen | share |
//! check | judge`, each run by one guardian on their own machine, and `sailau election seal`,
//! run by the CEC on what the guardians published. Every command reads the election's
//! definition, whose digest, guardians and quorum make the ceremony's H_B (§3.2), so a
//! document of another definition is refused by name.

use crate::Failure;
use clap::Args;
use sailau_crypto::ceremony as doc;
use sailau_crypto::complaint::{self, Verdict};
use sailau_crypto::{Election, GuardianPublic, JointKey};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// The ceremony's parameters, from the checked definition.
struct Ceremony {
    definition: sailau_definition::Checked,
    base_hash: [u8; 32],
    n: u32,
    quorum: u32,
}

impl Ceremony {
    fn load(path: &Path) -> Result<Self, Failure> {
        let (_, definition) = crate::station_cmd::load_definition(path)?;
        let n = definition.guardians.members.len() as u32;
        let quorum = definition.guardians.quorum;
        let base_hash = definition.manifest().base_hash(n, quorum);
        Ok(Ceremony {
            definition,
            base_hash,
            n,
            quorum,
        })
    }

    fn name(&self, j: u32) -> &str {
        &self.definition.guardians.members[j as usize - 1].name
    }

    fn guardian(&self, j: u32) -> Result<u32, Failure> {
        if j == 0 || j > self.n {
            return Err(Failure::Input(format!(
                "--guardian {j}: the definition names guardians 1 to {}",
                self.n
            )));
        }
        Ok(j)
    }

    /// Every guardian's published data from `dir/guardian-I.public.json`, each checked
    /// (§4.3) and named as the definition names it. A guardian who has not published stops
    /// the ceremony, by name.
    fn publics(&self, dir: &Path) -> Result<Vec<GuardianPublic>, Failure> {
        (1..=self.n)
            .map(|i| {
                let path = dir.join(public_file(i));
                if !path.exists() {
                    return Err(Failure::Input(format!(
                        "guardian {i} ({}) has not published: no {} (docs/protocol.md §4.3: the ceremony waits for it, or for its replacement)",
                        self.name(i),
                        path.display()
                    )));
                }
                let g = doc::public_from_json(&self.base_hash, self.quorum, &read(&path)?)
                    .map_err(|e| at(&path, e))?;
                if g.index != i || g.name != self.name(i) {
                    return Err(Failure::Input(format!(
                        "{}: it is guardian {} ({}), not guardian {i} ({})",
                        path.display(),
                        g.index,
                        g.name,
                        self.name(i)
                    )));
                }
                Ok(g)
            })
            .collect()
    }

    fn secret(&self, dir: &Path, j: u32) -> Result<sailau_crypto::Guardian, Failure> {
        let path = dir.join(secret_file(j));
        let bytes = Zeroizing::new(read(&path)?);
        doc::secret_from_json(&self.base_hash, &bytes).map_err(|e| at(&path, e))
    }

    /// Guardian `j` from its secret in `dir`, and every guardian's published data from
    /// `board`, refused unless what the board shows for `j` is this guardian's own.
    fn me_and_publics(
        &self,
        dir: &Path,
        j: u32,
        board: &Path,
    ) -> Result<(sailau_crypto::Guardian, Vec<GuardianPublic>), Failure> {
        let me = self.secret(dir, j)?;
        let publics = self.publics(board)?;
        if publics[j as usize - 1] != *me.public() {
            return Err(Failure::Input(format!(
                "{}: the data published for guardian {j} is not this guardian's",
                board.join(public_file(j)).display()
            )));
        }
        Ok((me, publics))
    }
}

fn public_file(i: u32) -> String {
    format!("guardian-{i}.public.json")
}
fn secret_file(i: u32) -> String {
    format!("guardian-{i}.secret")
}
fn share_file(from: u32, to: u32) -> String {
    format!("share-{from}-to-{to}.json")
}
fn ready_file(i: u32) -> String {
    format!("guardian-{i}.ready.json")
}

fn read(path: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure::Input(format!("{}: cannot read: {e}", path.display())))
}

fn at(path: &Path, e: impl std::fmt::Display) -> Failure {
    Failure::Input(format!("{}: {e}", path.display()))
}

/// Writes a new file whole; an existing one is never replaced, so no step is run twice over
/// the documents of the first.
fn write_new(path: &Path, bytes: &[u8], mode: u32) -> Result<(), Failure> {
    if path.exists() {
        return Err(Failure::Input(format!(
            "{}: the file exists; this step was run already (move the file away to run it again)",
            path.display()
        )));
    }
    sailau_record::sink::write_whole(path, bytes, mode)
        .map_err(|e| Failure::Output(std::io::Error::new(e.source.kind(), e.to_string())))
}

/// The first 16 hex digits of SHA-256: what a guardian reads out at the ceremony so that the
/// others know the published document is theirs.
fn fingerprint(bytes: &[u8]) -> String {
    sailau_group::to_hex(&Sha256::digest(bytes))[..16].to_string()
}

#[derive(Args)]
pub struct KeygenArgs {
    /// The election's definition.json: its digest, guardians and quorum.
    #[arg(long)]
    definition: PathBuf,
    /// This guardian's number: its place, from 1, in the definition's guardians.
    #[arg(long)]
    guardian: u32,
    /// This guardian's own folder (created): the secret stays in it.
    #[arg(long)]
    dir: PathBuf,
}

/// Step 1 (§4.2): a fresh polynomial, its commitments published, its secret kept.
pub fn keygen(args: &KeygenArgs) -> Result<(), Failure> {
    let c = Ceremony::load(&args.definition)?;
    let j = c.guardian(args.guardian)?;
    let secret_path = args.dir.join(secret_file(j));
    if secret_path.exists() {
        return Err(Failure::Input(format!(
            "{}: this guardian has a key already; a second one would orphan the shares made from the first",
            secret_path.display()
        )));
    }
    let g =
        sailau_crypto::Guardian::new(j, c.name(j), &c.base_hash, c.quorum, &mut rand_core::OsRng);
    let public = doc::public_json(&c.base_hash, g.public());
    write_new(&secret_path, &doc::secret_json(&c.base_hash, &g), 0o600)?;
    let public_path = args.dir.join(public_file(j));
    write_new(&public_path, &public, 0o644)?;
    crate::emit(&format!(
        "guardian {j} ({}): key made for election {} (definition {}), {} of {} guardians needed.\n\
         Publish {} (fingerprint {}); keep {} on this machine, readable by you only.\n",
        c.name(j),
        c.definition.election.id,
        c.definition.digest(),
        c.quorum,
        c.n,
        public_path.display(),
        fingerprint(&public),
        secret_path.display()
    ))
}

#[derive(Args)]
pub struct ShareArgs {
    /// The election's definition.json.
    #[arg(long)]
    definition: PathBuf,
    /// This guardian's number.
    #[arg(long)]
    guardian: u32,
    /// This guardian's own folder, as keygen left it.
    #[arg(long)]
    dir: PathBuf,
    /// The folder of every guardian's guardian-I.public.json, as the CEC posts them.
    #[arg(long)]
    publics: PathBuf,
}

/// Step 2 (§4.3, §4.4): every other guardian's data checked, then a signed share sealed to
/// each, written to DIR/shares/ for delivery.
pub fn share(args: &ShareArgs) -> Result<(), Failure> {
    let c = Ceremony::load(&args.definition)?;
    let j = c.guardian(args.guardian)?;
    let (me, publics) = c.me_and_publics(&args.dir, j, &args.publics)?;
    let out = args.dir.join("shares");
    let mut written = Vec::new();
    for p in publics.iter().filter(|p| p.index != j) {
        let s = me.share_for(p, &c.base_hash, &mut rand_core::OsRng);
        let path = out.join(share_file(j, p.index));
        write_new(&path, &doc::share_json(&c.base_hash, &s), 0o644)?;
        written.push(format!(
            "  {} for guardian {} ({})\n",
            path.display(),
            p.index,
            p.name
        ));
    }
    crate::emit(&format!(
        "guardian {j}: the other {} guardians' commitments check; a share sealed to each:\n{}Deliver each to its guardian; only that guardian can open it.\n",
        written.len(),
        written.concat()
    ))
}

#[derive(Args)]
pub struct CheckArgs {
    /// The election's definition.json.
    #[arg(long)]
    definition: PathBuf,
    /// This guardian's number.
    #[arg(long)]
    guardian: u32,
    /// This guardian's own folder.
    #[arg(long)]
    dir: PathBuf,
    /// The folder of every guardian's published data.
    #[arg(long)]
    publics: PathBuf,
    /// The folder of the shares delivered to this guardian (share-I-to-J.json).
    #[arg(long)]
    inbox: PathBuf,
}

/// Step 3 (§4.5–4.8): every share to this guardian opened and checked. All good: the key
/// file and the statement of readiness. Any bad: a complaint for each, and exit 1.
pub fn check(args: &CheckArgs) -> Result<(), Failure> {
    let c = Ceremony::load(&args.definition)?;
    let j = c.guardian(args.guardian)?;
    let (me, publics) = c.me_and_publics(&args.dir, j, &args.publics)?;
    let mut shares = Vec::new();
    let mut complaints = Vec::new();
    for p in publics.iter().filter(|p| p.index != j) {
        let path = args.inbox.join(share_file(p.index, j));
        if !path.exists() {
            return Err(Failure::Input(format!(
                "no share from guardian {} ({}): {} is missing; ask them to send it",
                p.index,
                p.name,
                path.display()
            )));
        }
        let s = doc::share_from_json(&c.base_hash, &read(&path)?).map_err(|e| at(&path, e))?;
        match me.open_share(&c.base_hash, p, &s) {
            Ok(_) => shares.push(s),
            Err(
                e @ (sailau_crypto::guardian::CeremonyError::Unreadable(_)
                | sailau_crypto::guardian::CeremonyError::Mismatch(_)),
            ) => {
                let complaint = me.complain(&c.base_hash, &s, &mut rand_core::OsRng);
                let file = args.dir.join(format!("complaint-{}-to-{j}.json", p.index));
                write_new(&file, &doc::complaint_json(&c.base_hash, &complaint), 0o644)?;
                complaints.push(format!(
                    "  guardian {} ({}): {e}; complaint {}\n",
                    p.index,
                    p.name,
                    file.display()
                ));
            }
            // Not signed by its sender, or not addressed here: nothing to hold against the
            // sender, so no complaint; the share must come again.
            Err(e) => return Err(at(&path, e)),
        }
    }
    if !complaints.is_empty() {
        eprintln!(
            "sailau: guardian {j} refuses {} share(s):\n{}Publish each complaint: `sailau guardian judge` shows anyone who is at fault (docs/protocol.md §4.7).",
            complaints.len(),
            complaints.concat()
        );
        return Err(Failure::Failed);
    }
    let key = me
        .finish(&c.base_hash, &publics, &shares)
        .map_err(|e| Failure::Input(e.to_string()))?;
    let joint = JointKey::new(&c.base_hash, publics, c.quorum)
        .map_err(|e| Failure::Input(e.to_string()))?;
    let election = Election {
        manifest: c.definition.manifest(),
        base_hash: c.base_hash,
        joint,
    };
    let key_path = args.dir.join(format!("guardian-{j}.key"));
    write_new(
        &key_path,
        &sailau_crypto::closing::key_json(&election, &key),
        0o600,
    )?;
    let ready = complaint::ready(&key, &election.joint, &mut rand_core::OsRng);
    let ready_path = args.dir.join(ready_file(j));
    write_new(
        &ready_path,
        &doc::ready_json(&election.joint, &ready),
        0o644,
    )?;
    crate::emit(&format!(
        "guardian {j}: all {} shares check. Key file {} (readable by you only; it decrypts, with {} others).\n\
         Publish {}; the election's H_E will be {}.\n\
         Once the election is sealed, delete {}.\n",
        c.n - 1,
        key_path.display(),
        c.quorum - 1,
        ready_path.display(),
        sailau_group::to_hex(&election.extended_base_hash()),
        args.dir.join(secret_file(j)).display()
    ))
}

#[derive(Args)]
pub struct JudgeArgs {
    /// The election's definition.json.
    #[arg(long)]
    definition: PathBuf,
    /// The folder of every guardian's published data.
    #[arg(long)]
    publics: PathBuf,
    /// The complaint (sailau-guardian-complaint/1).
    complaint: PathBuf,
}

/// Judges a complaint from public data (§4.7). Exit 0: the share is good, the complaint
/// unfounded; 1: a guardian is at fault, named.
pub fn judge(args: &JudgeArgs) -> Result<(), Failure> {
    let c = Ceremony::load(&args.definition)?;
    let publics = c.publics(&args.publics)?;
    let complaint = doc::complaint_from_json(&c.base_hash, &read(&args.complaint)?)
        .map_err(|e| at(&args.complaint, e))?;
    let (from, to) = (complaint.share.from, complaint.share.to);
    let named = |i: u32| {
        publics.iter().find(|p| p.index == i).map_or_else(
            || format!("guardian {i}"),
            |p| format!("guardian {i} ({})", p.name),
        )
    };
    match complaint::vartime_judge(&c.base_hash, &publics, &complaint) {
        Ok(Verdict::Dismissed) => crate::emit(&format!(
            "dismissed: the share from {} to {} opens and matches its commitments; the complaint is unfounded\n",
            named(from),
            named(to)
        )),
        Ok(Verdict::Upheld(e)) => {
            crate::emit(&format!(
                "upheld: {} sent {} a bad share ({e}). It is at fault: it must be replaced, or make a new key and share again (docs/protocol.md §4.7)\n",
                named(from),
                named(to)
            ))?;
            Err(Failure::Failed)
        }
        Err(e) => {
            crate::emit(&format!("the complaint does not stand: {e}\n"))?;
            Err(Failure::Failed)
        }
    }
}

#[derive(Args)]
pub struct SealArgs {
    /// The election's definition.json.
    #[arg(long)]
    definition: PathBuf,
    /// The folder of every guardian's published data.
    #[arg(long)]
    publics: PathBuf,
    /// The folder of every guardian's statement of readiness (guardian-I.ready.json).
    #[arg(long)]
    ready: PathBuf,
    /// Where to write election.json (a new file).
    #[arg(long)]
    out: PathBuf,
}

/// `sailau election seal` (§4.8): the joint key from every guardian's published data,
/// written as `election.json` only when every guardian has stated, with a proof, that it
/// holds its share of exactly this key.
pub fn seal(args: &SealArgs) -> Result<(), Failure> {
    let c = Ceremony::load(&args.definition)?;
    let publics = c.publics(&args.publics)?;
    let joint = JointKey::new(&c.base_hash, publics, c.quorum)
        .map_err(|e| Failure::Input(e.to_string()))?;
    for i in 1..=c.n {
        let path = args.ready.join(ready_file(i));
        if !path.exists() {
            return Err(Failure::Input(format!(
                "guardian {i} ({}) has not stated that it is ready: no {}; the election cannot be sealed without every guardian",
                c.name(i),
                path.display()
            )));
        }
        let r = doc::ready_from_json(&joint, &read(&path)?).map_err(|e| at(&path, e))?;
        if r.guardian != i || !complaint::vartime_check_ready(&joint, &r) {
            return Err(at(
                &path,
                format!("its proof that guardian {i} holds its share does not verify"),
            ));
        }
    }
    let election = Election {
        manifest: c.definition.manifest(),
        base_hash: c.base_hash,
        joint,
    };
    let bytes = sailau_crypto::record::election_json(&election);
    write_new(&args.out, &bytes, 0o644)?;
    crate::emit(&format!(
        "sealed: {} for election {} (definition {}): {} guardians, any {} of whom decrypt. H_E {}\n",
        args.out.display(),
        c.definition.election.id,
        c.definition.digest(),
        c.n,
        c.quorum,
        sailau_group::to_hex(&election.extended_base_hash())
    ))
}

#[derive(Args)]
pub struct SecondRoundArgs {
    /// The first round's whole election record (a folder with definition.json and results/).
    #[arg(long)]
    record: PathBuf,
    /// The second round's day (YYYY-MM-DD): inside the window the law gives.
    #[arg(long)]
    date: String,
    /// The second round's election id (default: the first's with "-round-2").
    #[arg(long)]
    id: Option<String>,
    /// Where to write the second round's definition.json (a new file).
    #[arg(long)]
    out: PathBuf,
}

/// `sailau election second-round`: the definition of the second round of every contest the
/// law sent to one, derived from the first round's record once it verifies (docs/formats.md,
/// "Second rounds"). Exit 1 if the record does not verify; 2 if nothing goes to a second
/// round, or the date is outside the law's window.
pub fn second_round(args: &SecondRoundArgs) -> Result<(), Failure> {
    let record = crate::election_dir::open(&args.record)?;
    let report = record.verify(&sailau_verify::Options::default(), &|| {});
    if !report.passed() {
        crate::emit(&crate::election_dir::describe(
            &args.record,
            &report,
            std::time::Duration::ZERO,
        ))?;
        eprintln!(
            "sailau: the first round's record does not verify: no second round is derived from it"
        );
        return Err(Failure::Failed);
    }
    let def_path = args.record.join("definition.json");
    let (_, first) = crate::station_cmd::load_definition(&def_path)?;
    let mut runoffs: Vec<(String, [String; 2])> = Vec::new();
    for &body in &first.election.bodies {
        let path = args
            .record
            .join(format!("results/{}-decided.json", body.name()));
        let v: serde_json::Value = serde_json::from_slice(&read(&path)?)
            .map_err(|e| at(&path, format!("not JSON: {e}")))?;
        for c in v["contests"].as_array().into_iter().flatten() {
            if c["outcome"] != "runoff" {
                continue;
            }
            let two = c["runoff"]
                .as_array()
                .filter(|a| a.len() == 2)
                .and_then(|a| Some([a[0].as_str()?.to_string(), a[1].as_str()?.to_string()]))
                .ok_or_else(|| at(&path, "a runoff that names no two"))?;
            let id = c["id"].as_str().unwrap_or_default().to_string();
            runoffs.push((id, two));
        }
    }
    if runoffs.is_empty() {
        return Err(Failure::Input(format!(
            "{}: the law sent no contest of this election to a second round",
            args.record.display()
        )));
    }
    let date: sailau_law::Date = args
        .date
        .parse()
        .map_err(|e| Failure::Input(format!("--date: {e}")))?;
    let id = args
        .id
        .clone()
        .unwrap_or_else(|| format!("{}-round-2", first.election.id));
    let pairs: Vec<(&str, [&str; 2])> = runoffs
        .iter()
        .map(|(c, [a, b])| (c.as_str(), [a.as_str(), b.as_str()]))
        .collect();
    let second = sailau_definition::round::second_rounds(&first, &pairs, &id, date)
        .map_err(|e| Failure::Input(format!("the second round: {e}")))?;
    let text = second.to_json();
    let checked = second.check().map_err(|problems| {
        for p in &problems {
            eprintln!("sailau: the second round: {p}");
        }
        Failure::Input(format!(
            "the second round's definition has {} problem(s), each named above; nothing was written",
            problems.len()
        ))
    })?;
    write_new(&args.out, text.as_bytes(), 0o644)?;
    let names: Vec<String> = runoffs
        .iter()
        .map(|(c, [a, b])| format!("{c}: {a} and {b}"))
        .collect();
    crate::emit(&format!(
        "the second round of {} on {date} ({}): {}; digest {}. Its guardians make its key as for any election (sailau guardian keygen).\n",
        first.election.id,
        names.join("; "),
        args.out.display(),
        checked.digest()
    ))
}
