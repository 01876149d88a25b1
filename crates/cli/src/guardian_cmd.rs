//! `sailau guardian decrypt`: what a guardian runs on their own machine at a station's closing
//! (docs/protocol.md §16). The key file never leaves that machine; the station sends its
//! request and gets back the partial decryption, whose proofs it checks.

use crate::Failure;
use clap::Args;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

#[derive(Args)]
pub struct DecryptArgs {
    /// The election's published election.json.
    #[arg(long)]
    election: PathBuf,
    /// This guardian's key file (sailau-guardian-key/1), readable by its owner only.
    #[arg(long)]
    key: PathBuf,
    /// The station's decryption request (sailau-decryption-request/1).
    #[arg(long)]
    request: PathBuf,
    /// Where to write the partial decryption (a new file).
    #[arg(long)]
    out: PathBuf,
}

fn read(path: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure::Input(format!("{}: cannot read: {e}", path.display())))
}

pub fn decrypt(args: &DecryptArgs) -> Result<(), Failure> {
    let election = sailau_crypto::reading::election_from_json(&read(&args.election)?)
        .map_err(|e| Failure::Input(format!("{}: {e}", args.election.display())))?;
    let key_bytes = Zeroizing::new(read(&args.key)?);
    let key = sailau_crypto::closing::key_from_json(&election, &key_bytes)
        .map_err(|e| Failure::Input(format!("{}: {e}", args.key.display())))?;
    let (precinct, tally) =
        sailau_crypto::closing::request_from_json(&election, &read(&args.request)?)
            .map_err(|e| Failure::Input(format!("{}: {e}", args.request.display())))?;
    let partial = sailau_crypto::partial_decrypt(&key, &election, &tally, &mut rand_core::OsRng);
    let bytes = sailau_crypto::closing::partial_json(&election, &precinct, &tally, &partial);
    if args.out.exists() {
        return Err(Failure::Input(format!(
            "--out {}: the file exists; choose a new one",
            args.out.display()
        )));
    }
    crate::election_dir::write(&args.out, &bytes)?;
    crate::emit(&format!(
        "guardian {} decrypted the totals of precinct {precinct} ({} contests): {}\n",
        partial.guardian,
        tally.contests.len(),
        args.out.display()
    ))
}
