//! Reading the election record (docs/protocol.md §11), written from the spec and not from the
//! prover's code. Reading is strict: unknown fields, missing fields and malformed hex make the
//! record unreadable; anything well-formed is then judged by the checks. Every file must also
//! be in canonical form (§11.4), which [`canonical`] tests by encoding what was read again.

use sailau_group::{from_hex32, to_hex};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The format tag of `election.json` and `tally.json` (§11).
pub const FORMAT: &str = "sailau-record/2";

/// 32 bytes, written as 64 lowercase hex digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Hex32(pub [u8; 32]);

impl Serialize for Hex32 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&to_hex(&self.0))
    }
}

impl<'de> Deserialize<'de> for Hex32 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        from_hex32(&s).map(Hex32).map_err(serde::de::Error::custom)
    }
}

/// One of the manifest's `contests[]` (§11.1, §5.3).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contest {
    /// The contest id.
    pub id: String,
    /// The option ids, in ballot order.
    pub options: Vec<String>,
    /// The fewest marks a ballot may carry in the contest.
    pub min: u64,
    /// The most marks a ballot may carry in the contest.
    pub max: u64,
}

/// One of the manifest's `styles[]` (§11.1, §5.3).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Style {
    /// The style id.
    pub id: String,
    /// Its contest ids, in ballot order.
    pub contests: Vec<String>,
}

/// `manifest` of `election.json` (§11.1, §5.3): what H_B binds (§3.2).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The election's id.
    pub election: String,
    /// The election's name.
    pub name: String,
    /// The election day (e.g. `2023-03-19`).
    pub date: String,
    /// The SHA-256 of the election definition the manifest was derived from.
    pub definition: Hex32,
    /// The contests, in manifest order.
    pub contests: Vec<Contest>,
    /// The ballot styles.
    pub styles: Vec<Style>,
}

/// One of a guardian's `proofs`: `{h, v}`, a proof of knowledge of a coefficient (§6.3).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoefficientProof {
    /// The commitment h.
    pub h: Hex32,
    /// The response v.
    pub v: Hex32,
}

/// One of `guardian_keys`: a guardian's public data (§11.1, §4.2).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuardianKey {
    /// i, 1..=n.
    pub index: u32,
    /// The guardian's name.
    pub name: String,
    /// E_i, the guardian's auxiliary key (§4.2).
    pub aux_key: Hex32,
    /// C_{i,0}, …, C_{i,k−1}.
    pub commitments: Vec<Hex32>,
    /// k objects `{h, v}` (§6.3), in coefficient order.
    pub proofs: Vec<CoefficientProof>,
}

/// `election.json` (§11.1).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElectionFile {
    /// `"sailau-record/2"` ([`FORMAT`]).
    pub format: String,
    /// The manifest (§5.3).
    pub manifest: Manifest,
    /// n, the number of guardians.
    pub guardians: u32,
    /// k, the quorum.
    pub quorum: u32,
    /// H_B (§3.2).
    pub base_hash: Hex32,
    /// One per guardian, in index order.
    pub guardian_keys: Vec<GuardianKey>,
    /// K, the joint public key.
    pub public_key: Hex32,
    /// H_E (§3.3).
    pub extended_base_hash: Hex32,
}

/// A branch of a range proof, `{"a", "b", "c", "v"}` (§11.2, §6.1, §6.2).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    /// The commitment a.
    pub a: Hex32,
    /// The commitment b.
    pub b: Hex32,
    /// The branch's challenge.
    pub c: Hex32,
    /// The branch's response.
    pub v: Hex32,
}

/// A selection's `opening`, on challenged ballots only (§11.2, §8).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Opening {
    /// The value v the selection encrypts.
    pub value: u64,
    /// Its nonce r.
    pub nonce: Hex32,
}

/// One of a ballot contest's `selections`: one option's encrypted mark (§11.2).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Selection {
    /// α of the ciphertext (§5.1).
    pub alpha: Hex32,
    /// β of the ciphertext (§5.1).
    pub beta: Hex32,
    /// 2 branches (§6.1).
    pub proof: Vec<Branch>,
    /// Challenged ballots only: `value` and `nonce`; absent when cast.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opening: Option<Opening>,
}

/// One of a ballot's `contests` (§11.2).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BallotContest {
    /// The contest id.
    pub contest: String,
    /// One per option, in option order.
    pub selections: Vec<Selection>,
    /// max − min + 1 branches (§6.2).
    pub proof: Vec<Branch>,
}

/// A ballot's `state` (§11.2): whether the voter cast it or challenged it (§8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// `"cast"`: counted in the tally (§9).
    Cast,
    /// `"challenged"`: opened (§8) and never counted.
    Challenged,
}

/// One line of `ballots.jsonl` (§11.2).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ballot {
    /// The device id.
    pub device: String,
    /// The sequence number on the device (§7.2).
    pub seq: u64,
    /// The ballot style id.
    pub style: String,
    /// `"cast"` or `"challenged"`.
    pub state: State,
    /// The chain link (§7.2).
    pub prev: Hex32,
    /// The confirmation code (§7.1).
    pub code: Hex32,
    /// One per contest the voter received (§5.3), in the style's order.
    pub contests: Vec<BallotContest>,
}

/// One of an option's `shares`: one guardian's decryption share of the total (§11.3).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Share {
    /// j, the guardian's index.
    pub guardian: u32,
    /// D_j = s_jA (§10.1).
    pub share: Hex32,
    /// The commitment a of the proof (§6.4).
    pub a: Hex32,
    /// The commitment b of the proof (§6.4).
    pub b: Hex32,
    /// The response v of the proof (§6.4).
    pub v: Hex32,
}

/// One of a tally contest's `options`: an option's encrypted and decrypted total (§11.3).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TallyOption {
    /// The option id.
    pub option: String,
    /// A of the encrypted total (A, B) (§9).
    pub alpha: Hex32,
    /// B of the encrypted total (A, B) (§9).
    pub beta: Hex32,
    /// The decrypted total t.
    pub count: u64,
    /// One per participating guardian (at least k).
    pub shares: Vec<Share>,
}

/// One of `tally.json`'s `contests` (§11.3).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TallyContest {
    /// The contest id.
    pub contest: String,
    /// How many cast ballots carry the contest (§9).
    pub ballots: u64,
    /// One per option, in option order.
    pub options: Vec<TallyOption>,
}

/// `tally.json` (§11.3).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TallyFile {
    /// `"sailau-record/2"` ([`FORMAT`]).
    pub format: String,
    /// The number of challenged ballots in `ballots.jsonl`.
    pub challenged: u64,
    /// The manifest's contests, or some of them (§9), in manifest order.
    pub contests: Vec<TallyContest>,
    /// Each device's chain at closing (§7.4); absent when none is declared.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub devices: Vec<DeviceChain>,
}

/// One device's declared chain (§7.4).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceChain {
    /// The device id.
    pub device: String,
    /// How many ballots the device encrypted: its next seq.
    pub ballots: u64,
    /// The code of its last ballot, or its chain start if it encrypted none (§7.4).
    pub last: Hex32,
    /// The seqs of its ballots that reached no box, ascending.
    pub missing: Vec<u64>,
}

/// The record as read, and whether each file was in canonical form.
pub struct Record {
    /// `election.json`, as read (shared by the stations of one election).
    pub election: std::sync::Arc<ElectionFile>,
    /// `ballots.jsonl`, one ballot per line, in file order.
    pub ballots: Vec<Ballot>,
    /// `tally.json`, as read.
    pub tally: TallyFile,
    /// Files or lines (`ballots.jsonl:N`) not in canonical form.
    pub non_canonical: Vec<String>,
}

/// Why a record cannot be read at all (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{file}: {reason}")]
pub struct Unreadable {
    /// The file that cannot be read, or `ballots.jsonl:N` for its line N.
    pub file: String,
    /// Why: the I/O, JSON, field or hex error, or a missing final newline.
    pub reason: String,
}

fn unreadable(file: &str, reason: impl std::fmt::Display) -> Unreadable {
    Unreadable {
        file: file.to_string(),
        reason: reason.to_string(),
    }
}

/// True when `bytes` is exactly the canonical encoding of `value` (§11.4).
pub fn canonical<T: Serialize>(value: &T, bytes: &[u8], pretty: bool) -> bool {
    let again = if pretty {
        serde_json::to_vec_pretty(value).map(|mut v| {
            v.push(b'\n');
            v
        })
    } else {
        serde_json::to_vec(value)
    };
    again.is_ok_and(|a| a == bytes)
}

/// Reads the three files of a record from memory.
pub fn read(election: &[u8], ballots: &[u8], tally: &[u8]) -> Result<Record, Unreadable> {
    read_with(&read_election(election)?, ballots, tally)
}

/// `election.json` read once, for the records of all the stations that share it.
pub struct ElectionRead {
    file: std::sync::Arc<ElectionFile>,
    canonical: bool,
    /// Checks 2-5 on the file, run once however many stations share it.
    pub(crate) checked:
        std::sync::OnceLock<(crate::findings::Findings, Option<crate::checks::Ready>)>,
}

/// Reads `election.json` strictly, noting whether its bytes are its canonical form.
pub fn read_election(election: &[u8]) -> Result<ElectionRead, Unreadable> {
    let e: ElectionFile =
        serde_json::from_slice(election).map_err(|e| unreadable("election.json", e))?;
    let canonical = canonical(&e, election, true);
    Ok(ElectionRead {
        file: std::sync::Arc::new(e),
        canonical,
        checked: std::sync::OnceLock::new(),
    })
}

/// A station's ballot log as read, from `ballots.jsonl` or `ballots.bin`: its ballots, and
/// the lines its head is computed over (§15.1): the JSON file's own lines, or the compact
/// entries' canonical JSON lines.
pub struct Log<'a> {
    /// The ballots, in file order.
    pub ballots: Vec<Ballot>,
    /// One per ballot, without its newline.
    pub lines: Vec<std::borrow::Cow<'a, [u8]>>,
    /// The lines (`ballots.jsonl:N`) not in canonical form.
    pub non_canonical: Vec<String>,
}

/// Reads a station's ballot log, in either of its forms: `ballots.bin` (its header says so)
/// or `ballots.jsonl`.
pub fn read_log(ballots: &[u8]) -> Result<Log<'_>, Unreadable> {
    if crate::compact::is_compact(ballots) {
        let read = crate::compact::read(ballots)
            .map_err(|(n, e)| unreadable(&format!("ballots.bin: entry {n}"), e))?;
        let lines = read
            .iter()
            .map(|b| serde_json::to_vec(b).map(Into::into))
            .collect::<Result<_, _>>()
            .map_err(|e| unreadable("ballots.bin", e))?;
        return Ok(Log {
            ballots: read,
            lines,
            non_canonical: Vec::new(),
        });
    }
    let mut log = Log {
        ballots: Vec::new(),
        lines: Vec::new(),
        non_canonical: Vec::new(),
    };
    if !ballots.is_empty() {
        let Some(body) = ballots.strip_suffix(b"\n") else {
            return Err(unreadable("ballots.jsonl", "the last line has no newline"));
        };
        for (n, line) in body.split(|&b| b == b'\n').enumerate() {
            let where_ = format!("ballots.jsonl:{}", n + 1);
            let b: Ballot = serde_json::from_slice(line).map_err(|e| unreadable(&where_, e))?;
            if !canonical(&b, line, false) {
                log.non_canonical.push(where_);
            }
            log.ballots.push(b);
            log.lines.push(line.into());
        }
    }
    Ok(log)
}

/// [`read`], with `election.json` read already: a country's stations share one reading of
/// it, whose manifest holds every contest of the country.
pub fn read_with(
    election: &ElectionRead,
    ballots: &[u8],
    tally: &[u8],
) -> Result<Record, Unreadable> {
    read_with_log(election, read_log(ballots)?, tally)
}

/// [`read_with`], with the ballot log read already.
pub fn read_with_log(
    election: &ElectionRead,
    log: Log<'_>,
    tally: &[u8],
) -> Result<Record, Unreadable> {
    let mut non_canonical = Vec::new();
    if !election.canonical {
        non_canonical.push("election.json".to_string());
    }
    let t: TallyFile = serde_json::from_slice(tally).map_err(|e| unreadable("tally.json", e))?;
    if !canonical(&t, tally, true) {
        non_canonical.push("tally.json".to_string());
    }
    non_canonical.extend(log.non_canonical);
    Ok(Record {
        election: election.file.clone(),
        ballots: log.ballots,
        tally: t,
        non_canonical,
    })
}
