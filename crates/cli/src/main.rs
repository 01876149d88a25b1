//! `sailau`: the command line. A thin shell over the crates: it reads files, picks the legal
//! edition, asks the law crate to decide, and prints. Exit codes are a contract (README.md):
//!
//! - 0: done (and, with `--check`, every expected result matched);
//! - 1: `--check` found a difference, or `verify` found a failing check;
//! - 2: bad input or usage: the file, a field, or an option is wrong; nothing was decided;
//! - 3: the output could not be written;
//! - 4: the service could not start or stopped (its store unreachable, its address taken).

mod audit_cmd;
mod bench;
mod bench_audit;
mod bench_card;
mod bench_crypto;
mod bench_registry;
mod bench_server;
mod bench_station;
mod card_cmd;
mod ceremony_cmd;
mod clock;
mod demo;
mod election_dir;
mod export_cmd;
mod guardian_cmd;
mod http;
mod mirror;
mod observer_cmd;
mod print_cmd;
mod progress;
mod publish;
mod record;
mod registry_cmd;
mod render;
mod results;
mod serve_cmd;
mod station_cmd;
mod station_serve;

use clap::{Parser, Subcommand, ValueEnum};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "sailau",
    version,
    about = "Sailau: Kazakhstan's elections, verifiable end to end"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Output formats of `sailau results`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable table and the seat certificates.
    Table,
    /// One JSON object (docs/formats.md).
    Json,
    /// A NIST SP 1500-100 v2 ElectionReport, summary level.
    NistErr,
}

#[derive(Subcommand)]
enum Command {
    /// Run a complete simulated election on embedded SQLite (voter list, stations, terminals,
    /// ballot boxes, paper, guardians, protocols, results), write its record and verify it.
    Demo(demo::DemoArgs),
    /// Decide the bundled official results (2022 presidential, 2023 Mazhilis), show their
    /// certificates and check them against the official outcome.
    Official,
    /// Decide the contests of a sailau-results/1 file under the law in force on its date.
    Results(results::Args),
    /// List the legal editions the law engine knows.
    Editions,
    /// Check an election definition (docs/formats.md): every problem is named.
    Definition {
        #[command(subcommand)]
        what: DefinitionWhat,
    },
    /// Print a protocol (a precinct's, a region's or the nation's) as the commission posts it.
    Protocol {
        #[command(subcommand)]
        what: ProtocolWhat,
    },
    /// A polling station: set up its database, load its voter list, run its ballot box.
    Station {
        #[command(subcommand)]
        what: station_cmd::StationCommand,
    },
    /// Smart cards: the PC/SC readers, and the project's virtual card for vpcd readers.
    Card {
        #[command(subcommand)]
        what: card_cmd::CardCommand,
    },
    /// Benchmarks: the law engine (default) or the cryptography.
    Bench {
        #[command(subcommand)]
        what: Option<BenchWhat>,
    },
    /// Verify a record: one station's (the fifteen checks of docs/protocol.md §12) or a whole
    /// election's (every station, protocol, sum and decision). Exit 0: all pass; 1: any
    /// fails; 2: unreadable.
    Verify(record::VerifyArgs),
    /// Write a simulated election record (2023 Mazhilis list ballot) to try the verifier on.
    SampleRecord(record::SampleArgs),
    /// Run the central service: the commission hierarchy, precincts' uploads, recomputed
    /// totals and the public record (docs/server.md). Exit 4 if it cannot start.
    Serve(serve_cmd::ServeArgs),
    /// Send an election record (the demo's) to the central service, as the CEC and the
    /// stations would. Exit 1 if the service refused anything.
    Publish(publish::PublishArgs),
    /// Keep an observer's copy of an election from the central service, checking that its
    /// history is never rewritten and that its record verifies. Exit 1 on an alarm.
    Mirror(mirror::MirrorArgs),
    /// What a guardian runs on their own machine: the key ceremony's steps (docs/protocol.md
    /// §4.9) and the decryption of a station's totals (§16).
    Guardian {
        #[command(subcommand)]
        what: GuardianWhat,
    },
    /// What the CEC runs to set up an election: seal election.json from the guardians' key
    /// ceremony (docs/protocol.md §4.9).
    Election {
        #[command(subcommand)]
        what: ElectionWhat,
    },
    /// What an observer runs: the signed protocol copies received at the stations, compared
    /// with the published record. Exit 1: a rewrite proved, or a copy not genuine (each named).
    Observer {
        #[command(subcommand)]
        what: ObserverWhat,
    },
    /// Exports of an election record: the precinct-level NIST SP 1500-100 v2 ElectionReport.
    Export {
        #[command(subcommand)]
        what: export_cmd::ExportWhat,
    },
    /// The risk-limiting audit of the paper count (docs/audit.md): a plan from the record
    /// and a public seed, then the hand counts assessed. Exit 1: count more, or an outcome
    /// overturned by the full hand count.
    Audit {
        #[command(subcommand)]
        what: audit_cmd::AuditWhat,
    },
    /// The registries' ledger (docs/registry.md): parties and candidates, money, observers,
    /// who sits. Exit 1: an entry of the ledger fails, or an act is refused.
    Registry {
        #[command(subcommand)]
        what: registry_cmd::RegistryCommand,
    },
    /// What a commission prints, as PDF: a style's paper ballots, a numbered copy of a
    /// precinct's signed protocol.
    Print {
        #[command(subcommand)]
        what: print_cmd::PrintWhat,
    },
    /// Accounts of the central service.
    Users {
        #[command(subcommand)]
        what: serve_cmd::UsersCommand,
    },
}

#[derive(Subcommand)]
enum GuardianWhat {
    /// Ceremony step 1: make this guardian's key; publish its commitments, keep its secret.
    Keygen(ceremony_cmd::KeygenArgs),
    /// Ceremony step 2: check every other guardian's commitments and seal a signed share to
    /// each.
    Share(ceremony_cmd::ShareArgs),
    /// Ceremony step 3: check every share received; write the key file and the statement of
    /// readiness, or a complaint for each bad share (exit 1).
    Check(ceremony_cmd::CheckArgs),
    /// Judge a complaint from public data: exit 0 if the share is good, 1 naming the guardian
    /// at fault.
    Judge(ceremony_cmd::JudgeArgs),
    /// Answer a station's decryption request with this guardian's partial decryption.
    Decrypt(guardian_cmd::DecryptArgs),
}

#[derive(Subcommand)]
enum ElectionWhat {
    /// Write election.json once every guardian has published its data and stated, with a
    /// proof, that it holds its share of the key.
    Seal(ceremony_cmd::SealArgs),
    /// Derive the definition of the second round from the first round's record, once it
    /// verifies: every contest the law sent to a second round, between its two.
    SecondRound(ceremony_cmd::SecondRoundArgs),
}

#[derive(Subcommand)]
enum ObserverWhat {
    /// Check a folder of signed protocol copies (*.json, as observers received them) against
    /// an election record: a published protocol that differs from a copy its station signed is
    /// named as a rewrite; the precincts with no genuine copy are listed. Exit 0: every copy
    /// matches; 1: a rewrite, or a copy its station did not sign (each named); 2: unreadable.
    Compare {
        /// The folder of copies.
        copies: std::path::PathBuf,
        /// The election record (definition.json, stations.json, precincts/ID/protocol.json).
        record: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum ProtocolWhat {
    /// The printable protocol, with its control relations.
    Print {
        file: std::path::PathBuf,
        /// The election's definition.json (for names of contests and options).
        #[arg(long)]
        definition: std::path::PathBuf,
        /// kk, ru or en.
        #[arg(long, default_value = "kk")]
        language: String,
    },
    /// Check an observer's signed copy of a precinct's protocol, offline: signed by that
    /// precinct's station key, of this definition, its control relations holding. Exit 1
    /// names each problem.
    Check {
        file: std::path::PathBuf,
        /// The published definition.json.
        #[arg(long)]
        definition: std::path::PathBuf,
        /// The published stations.json (each precinct's station key).
        #[arg(long)]
        stations: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum DefinitionWhat {
    /// Read and check a definition file; exit 2 naming every problem. Prints the digest
    /// (SHA-256 of its canonical form) that the election will be bound to.
    Check { file: std::path::PathBuf },
    /// Write a checked definition in its canonical form, the bytes to publish (a new file).
    Canonical {
        file: std::path::PathBuf,
        #[arg(long)]
        out: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum BenchWhat {
    /// Time the law engine on the bundled results and on Kurultai-sized contests.
    Law,
    /// Time encryption and verification of the standard 8-option ballot on one core.
    Crypto(bench_crypto::CryptoArgs),
    /// Time the ballot box's intake (verified and durably stored) on one core.
    Station(bench_station::StationArgs),
    /// Every precinct uploads its protocol at once to the central service over loopback.
    Server(bench_server::ServerArgs),
    /// Build and replay the 2023 Mazhilis registries' ledger.
    Registry,
    /// Read and write a card's content through the applet's commands, in memory and (with
    /// --reader) through PC/SC.
    Card(bench_card::CardArgs),
    /// Plan and assess the audit of the paper count at national size, honest and with one
    /// region falsified, and how often a falsified seat escalates over many seeds.
    Audit(bench_audit::AuditArgs),
}

/// Why a command stopped, with its exit code.
pub enum Failure {
    /// Bad input or usage (exit 2): one line, naming the file and the field.
    Input(String),
    /// `--check` found differences (exit 1).
    Check(Vec<String>),
    /// Standard output could not be written (exit 3).
    Output(std::io::Error),
    /// Verification failed (exit 1); the report is already printed.
    Failed,
    /// The service could not start or stopped (exit 4).
    Service(String),
}

/// Writes `text` to standard output. A reader that went away (`sailau … | head`) is not an
/// error: there is nobody left to tell.
pub fn emit(text: &str) -> Result<(), Failure> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::Output(e)),
        _ => Ok(()),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Demo(args) => demo::run(&args),
        Command::Official => results::demo(),
        Command::Results(args) => results::run(&args),
        Command::Bench {
            what: None | Some(BenchWhat::Law),
        } => bench::run(),
        Command::Bench {
            what: Some(BenchWhat::Crypto(args)),
        } => bench_crypto::crypto(&args),
        Command::Bench {
            what: Some(BenchWhat::Station(args)),
        } => bench_station::station(&args),
        Command::Bench {
            what: Some(BenchWhat::Server(args)),
        } => bench_server::server(&args),
        Command::Bench {
            what: Some(BenchWhat::Card(args)),
        } => bench_card::run(&args),
        Command::Bench {
            what: Some(BenchWhat::Registry),
        } => bench_registry::registry(),
        Command::Bench {
            what: Some(BenchWhat::Audit(args)),
        } => bench_audit::audit(&args),
        Command::Verify(args) => record::run_verify(&args),
        Command::SampleRecord(args) => record::run_sample(&args),
        Command::Editions => emit(&render::editions()),
        Command::Definition {
            what: DefinitionWhat::Check { file },
        } => station_cmd::check_definition(&file),
        Command::Definition {
            what: DefinitionWhat::Canonical { file, out },
        } => station_cmd::canonical_definition(&file, &out),
        Command::Station { what } => station_cmd::run(&what),
        Command::Card { what } => card_cmd::run(&what),
        Command::Serve(args) => serve_cmd::serve(&args),
        Command::Users { what } => serve_cmd::users(&what),
        Command::Guardian { what } => match what {
            GuardianWhat::Keygen(args) => ceremony_cmd::keygen(&args),
            GuardianWhat::Share(args) => ceremony_cmd::share(&args),
            GuardianWhat::Check(args) => ceremony_cmd::check(&args),
            GuardianWhat::Judge(args) => ceremony_cmd::judge(&args),
            GuardianWhat::Decrypt(args) => guardian_cmd::decrypt(&args),
        },
        Command::Election { what } => match what {
            ElectionWhat::Seal(args) => ceremony_cmd::seal(&args),
            ElectionWhat::SecondRound(args) => ceremony_cmd::second_round(&args),
        },
        Command::Print { what } => print_cmd::run(&what),
        Command::Registry { what } => registry_cmd::run(&what),
        Command::Audit { what } => audit_cmd::run(&what),
        Command::Export { what } => export_cmd::run(&what),
        Command::Observer {
            what: ObserverWhat::Compare { copies, record },
        } => observer_cmd::compare(&copies, &record),
        Command::Publish(args) => publish::run(&args),
        Command::Mirror(args) => mirror::run(&args),
        Command::Protocol {
            what:
                ProtocolWhat::Print {
                    file,
                    definition,
                    language,
                },
        } => station_cmd::print_protocol(&file, &definition, &language),
        Command::Protocol {
            what:
                ProtocolWhat::Check {
                    file,
                    definition,
                    stations,
                },
        } => station_cmd::check_protocol(&file, &definition, &stations),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(line)) => {
            eprintln!("sailau: {line}");
            ExitCode::from(2)
        }
        Err(Failure::Check(lines)) => {
            for l in lines {
                eprintln!("sailau: check: {l}");
            }
            ExitCode::from(1)
        }
        Err(Failure::Failed) => ExitCode::from(1),
        Err(Failure::Service(line)) => {
            eprintln!("sailau: {line}");
            ExitCode::from(4)
        }
        Err(Failure::Output(e)) => {
            eprintln!("sailau: cannot write the output: {e}");
            ExitCode::from(3)
        }
    }
}
