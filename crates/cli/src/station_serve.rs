//! `sailau station add-terminal` and `sailau station serve`: a polling station's pages (the
//! commission's console and the terminals' ballot, docs/web.md), reporting to the CEC's
//! service over HTTP.

use crate::Failure;
use clap::Args;
use rand_core::OsRng;
use sailau_server::clock::Clock;
use sailau_station::terminal::Terminal;
use sailau_station::Station;
use sailau_web::station::{Answer, CardRack, Central, Readers, StationApp, Upload};
use std::collections::BTreeMap;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;

#[derive(Args)]
pub struct AddTerminalArgs {
    /// The station's database.
    #[arg(long)]
    db: PathBuf,
    /// A new folder for the terminal (its key, configuration and chain position).
    #[arg(long)]
    dir: PathBuf,
    /// The device's name (default: PRECINCT-tN, N the next free number).
    #[arg(long)]
    device: Option<String>,
}

#[derive(Args)]
pub struct ServeArgs {
    /// The station's database.
    #[arg(long)]
    db: PathBuf,
    /// A terminal's folder (`station add-terminal`); give it once per terminal.
    #[arg(long = "terminal")]
    terminals: Vec<PathBuf>,
    /// The folder of the station's cards (default: DB's name with `.cards`).
    #[arg(long, conflicts_with = "readers")]
    cards: Option<PathBuf>,
    /// Cards in PC/SC readers instead of a folder: ROLE=NAME for `desk`, `box` and each
    /// terminal's device id (`p-00001-t1`), each the name of its reader (`sailau card
    /// readers`). Given once, every one of them needs one (a build with `--features pcsc`).
    #[arg(long = "reader", value_name = "ROLE=NAME")]
    readers: Vec<String>,
    /// The CEC's service, http://HOST:PORT, to send turnout, the protocol and the record to.
    #[arg(long)]
    central: Option<String>,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8081")]
    listen: String,
    /// Run a training clock from HH:MM local time on election day, at real speed, instead of
    /// the system clock: for commissions to practise. Every console page says so.
    #[arg(long, value_name = "HH:MM")]
    training_clock: Option<String>,
    /// The registry's ledger (the service's `/api/registry/ledger`, or the demo's
    /// `registry.jsonl`): replayed and checked, and its observers accredited at this
    /// precinct listed on the console, whose arrivals the commission records.
    #[arg(long, value_name = "LEDGER")]
    registry: Option<PathBuf>,
}

fn open(db: &Path) -> Result<Station, Failure> {
    Station::open(db).map_err(|e| Failure::Input(format!("{}: {e}", db.display())))
}

pub fn add_terminal(args: &AddTerminalArgs) -> Result<(), Failure> {
    let station = open(&args.db)?;
    let precinct = station.precinct().to_string();
    let device = match &args.device {
        Some(d) => d.clone(),
        None => format!(
            "{precinct}-t{}",
            station
                .terminal_count()
                .map_err(|e| Failure::Input(e.to_string()))?
                + 1
        ),
    };
    let t = Terminal::create(
        &args.dir,
        &device,
        &station.desk_public_key(),
        station.part(),
        &mut OsRng,
    )
    .map_err(|e| Failure::Input(format!("{}: {e}", args.dir.display())))?;
    station
        .register_terminal(t.device(), &t.public_key())
        .map_err(|e| Failure::Input(format!("{}: {e}", args.db.display())))?;
    crate::emit(&format!(
        "terminal {device} set up in {} and registered at station {precinct}\nterminal key {}\n",
        args.dir.display(),
        sailau_group::to_hex(&t.public_key())
    ))
}

/// The CEC's service over HTTP.
struct Http {
    base: String,
    client: reqwest::Client,
}

impl Central for Http {
    fn send(
        &self,
        precinct: &str,
        upload: Upload,
    ) -> Pin<Box<dyn Future<Output = Answer> + Send + '_>> {
        let (path, body) = upload.route(precinct);
        let url = format!("{}{path}", self.base);
        Box::pin(async move {
            let r = self
                .client
                .put(&url)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .map_err(|e| format!("{url}: {e}"))?;
            let status = r.status().as_u16();
            let text = r.text().await.map_err(|e| format!("{url}: {e}"))?;
            Ok((status, text))
        })
    }
}

/// The station's readers from `--reader ROLE=NAME`: one for the desk, the box and each
/// terminal, each known to PC/SC now.
fn readers(given: &[String], terminals: &[Terminal]) -> Result<CardRack, Failure> {
    let mut by_role = BTreeMap::new();
    for g in given {
        let Some((role, name)) = g
            .split_once('=')
            .filter(|(r, n)| !r.is_empty() && !n.is_empty())
        else {
            return Err(Failure::Input(format!(
                "--reader {g}: give ROLE=NAME (desk, box or a terminal's device id)"
            )));
        };
        if by_role.insert(role.to_string(), name.to_string()).is_some() {
            return Err(Failure::Input(format!("--reader {role}: given twice")));
        }
    }
    let mut take = |role: &str| {
        by_role.remove(role).ok_or_else(|| {
            Failure::Input(format!(
                "--reader: {role} has no reader (give --reader {role}=NAME)"
            ))
        })
    };
    let desk = take("desk")?;
    let ballot_box = take("box")?;
    let terminals = terminals
        .iter()
        .map(|t| Ok((t.device().to_string(), take(t.device())?)))
        .collect::<Result<BTreeMap<_, _>, Failure>>()?;
    if let Some(role) = by_role.keys().next() {
        return Err(Failure::Input(format!(
            "--reader {role}: not desk, box or a terminal of this station"
        )));
    }
    for name in std::iter::once(&desk)
        .chain(std::iter::once(&ballot_box))
        .chain(terminals.values())
    {
        crate::card_cmd::reader(name)?;
    }
    Ok(CardRack::readers(Readers {
        open: Box::new(crate::card_cmd::open_reader),
        desk,
        ballot_box,
        terminals,
    }))
}

pub fn serve(args: &ServeArgs) -> Result<(), Failure> {
    let station = open(&args.db)?;
    let terminals = args
        .terminals
        .iter()
        .map(|d| {
            let refused = |e: &dyn std::fmt::Display| Failure::Input(format!("{}: {e}", d.display()));
            let t = Terminal::open(d).map_err(|e| refused(&e))?;
            if !station
                .is_registered_terminal(t.device(), &t.public_key())
                .map_err(|e| refused(&e))?
            {
                return Err(refused(&format!(
                    "terminal {} is not registered at station {}: set it up with `sailau station add-terminal --db {}`",
                    t.device(),
                    station.precinct(),
                    args.db.display()
                )));
            }
            Ok(t)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let cards = if args.readers.is_empty() {
        let cards = args
            .cards
            .clone()
            .unwrap_or_else(|| args.db.with_extension("cards"));
        CardRack::new(&cards).map_err(|e| Failure::Input(format!("{}: {e}", cards.display())))?
    } else {
        readers(&args.readers, &terminals)?
    };
    let clock = match &args.training_clock {
        None => Clock::system(),
        Some(hhmm) => {
            let (h, m) = hhmm
                .split_once(':')
                .and_then(|(h, m)| {
                    Some((
                        h.parse::<u8>().ok().filter(|h| *h < 24)?,
                        m.parse::<u8>().ok().filter(|m| *m < 60)?,
                    ))
                })
                .ok_or_else(|| {
                    Failure::Input(format!(
                        "--training-clock {hhmm}: give HH:MM, for example 07:55"
                    ))
                })?;
            let (day, offset) = station.day();
            Clock::running_from(sailau_law::election_day::Moment::local(day, h, m, offset).0)
        }
    };
    let central: Option<Arc<dyn Central>> = match &args.central {
        None => None,
        Some(url) => {
            let (base, client) = crate::http::client_for(url)?;
            Some(Arc::new(Http { base, client }))
        }
    };
    let registry = match &args.registry {
        Some(file) => Some(crate::registry_cmd::replay(file)?),
        None => None,
    };
    let password = crate::publish::password()?;
    let app = StationApp::new(station, terminals, cards, clock, central, &password)
        .map_err(|e| Failure::Input(format!("SAILAU_PASSWORD: {e}")))?;
    drop(password);
    if let Some(r) = &registry {
        app.accredit(r.state());
    }
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
        eprintln!(
            "sailau: station {} serving on http://{addr}/console",
            app.precinct()
        );
        sailau_web::station::serve(app, listener)
            .await
            .map_err(|e| Failure::Service(format!("serving: {e}")))
    })
}
