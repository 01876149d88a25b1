//! `sailau serve` (the central service) and `sailau users add` (the first accounts, made at
//! the console before the service takes any request).

use crate::Failure;
use clap::{Args, Subcommand, ValueEnum};
use sailau_server::auth::{self, Role};
use sailau_server::clock::Clock;
use sailau_server::{audit, db, Service};
use std::path::PathBuf;

#[derive(Args)]
pub struct ServeArgs {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: String,
    /// `sqlite://FILE` or `postgres://USER@HOST:PORT/DB`; default: a SQLite file in --data.
    #[arg(long, env = "SAILAU_DATABASE")]
    database: Option<String>,
    /// The data folder of the default SQLite store.
    #[arg(long, default_value = "sailau-data")]
    data: PathBuf,
    /// PostgreSQL connections to keep.
    #[arg(long, default_value_t = 16)]
    pool: u32,
    /// Log lines as JSON objects (for a collector) or as text.
    #[arg(long, value_enum, default_value_t = LogFormat::Json)]
    log: LogFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LogFormat {
    Json,
    Text,
}

#[derive(Subcommand)]
pub enum UsersCommand {
    /// Create an account. The password is read from SAILAU_PASSWORD, or else from the first
    /// line of standard input; never from the command line, where `ps` would show it.
    Add {
        #[arg(long, env = "SAILAU_DATABASE")]
        database: Option<String>,
        #[arg(long, default_value = "sailau-data")]
        data: PathBuf,
        #[arg(long)]
        name: String,
        /// cec, territorial, precinct, guardian or observer.
        #[arg(long)]
        role: String,
        /// The unit (territorial) or precinct (precinct) the account acts for.
        #[arg(long)]
        unit: Option<String>,
        /// The Ed25519 public key (lowercase hex) the account signs protocols with.
        #[arg(long)]
        signing_key: Option<String>,
    },
}

fn database_url(database: &Option<String>, data: &std::path::Path) -> Result<String, Failure> {
    match database {
        Some(url) => Ok(url.clone()),
        None => {
            std::fs::create_dir_all(data).map_err(|e| {
                Failure::Input(format!(
                    "{}: cannot create the data folder: {e}",
                    data.display()
                ))
            })?;
            Ok(format!("sqlite://{}", data.join("sailau.db").display()))
        }
    }
}

pub fn serve(args: &ServeArgs) -> Result<(), Failure> {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("SAILAU_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    match args.log {
        LogFormat::Json => tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .init(),
        LogFormat::Text => tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .init(),
    }
    let url = database_url(&args.database, &args.data)?;
    // Opened before the runtime starts: the store's drivers block.
    let service = Service::open(&url, args.pool, Clock::system())
        .map_err(|e| Failure::Service(format!("{}: {e}", db::redact(&url))))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Service(format!("cannot start the runtime: {e}")))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.listen)
            .await
            .map_err(|e| Failure::Service(format!("--listen {}: {e}", args.listen)))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Failure::Service(e.to_string()))?;
        tracing::info!(%addr, store = %db::redact(&url), "serving");
        eprintln!(
            "sailau: serving on http://{addr} (store {})",
            db::redact(&url)
        );
        let app = sailau_web::app(service.clone());
        sailau_server::serve_app(service, listener, app)
            .await
            .map_err(|e| Failure::Service(format!("serving: {e}")))
    })
}

pub fn users(cmd: &UsersCommand) -> Result<(), Failure> {
    let UsersCommand::Add {
        database,
        data,
        name,
        role,
        unit,
        signing_key,
    } = cmd;
    let role = Role::from_name(role).ok_or_else(|| {
        Failure::Input(format!(
            "--role {role}: give cec, territorial, precinct, guardian or observer"
        ))
    })?;
    let password = crate::publish::password()?;
    let url = database_url(database, data)?;
    let service = Service::open(&url, 1, Clock::system())
        .map_err(|e| Failure::Service(format!("{}: {e}", db::redact(&url))))?;
    let now = service.clock.now();
    service
        .db
        .transaction(|tx| {
            auth::create_user(
                tx,
                name,
                &password,
                role,
                unit.as_deref(),
                signing_key.as_deref(),
            )?;
            let detail = format!(
                "role {}{}",
                role.name(),
                unit.as_ref()
                    .map(|u| format!(", unit {u}"))
                    .unwrap_or_default()
            );
            audit::append(tx, now, "console", "create-user", name, &detail)?;
            Ok::<_, sailau_server::error::ApiError>(())
        })
        .map_err(|e| Failure::Input(e.to_string()))?;
    eprintln!("sailau: account {name} ({}) created", role.name());
    Ok(())
}
