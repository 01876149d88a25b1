//! `sailau bench server`: every precinct of the country uploads its signed protocol at once,
//! over loopback HTTP, to a service on SQLite or PostgreSQL, with a bounded number of
//! uploads in flight (as a real network and the stations' own pace would bound them). It
//! reports the upload rate and latency, checks that every protocol was accepted exactly
//! once, and times how long after the last upload the national totals show all of them.

use crate::{emit, Failure};
use sailau_server::auth::{self, Role};
use sailau_server::clock::Clock;
use sailau_server::sample::SampleElection;
use sailau_server::Service;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct ServerArgs {
    /// Precincts (Kazakhstan has 10,233).
    #[arg(long, default_value_t = 10_233, value_parser = clap::value_parser!(u64).range(2..=200_000))]
    precincts: u64,
    /// Uploads in flight at once.
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    concurrency: u64,
    /// The store: `sqlite` (a temporary file) or a PostgreSQL URL (a fresh schema is made
    /// in it and dropped after).
    #[arg(long, default_value = "sqlite")]
    database: String,
}

fn err(e: impl std::fmt::Display) -> Failure {
    Failure::Input(format!("bench server: {e}"))
}

/// Sends a request and reads its answer as JSON.
async fn json_of(req: reqwest::RequestBuilder) -> Result<serde_json::Value, Failure> {
    let body = req.send().await.map_err(err)?.bytes().await.map_err(err)?;
    serde_json::from_slice(&body).map_err(err)
}

pub fn server(args: &ServerArgs) -> Result<(), Failure> {
    let started = Instant::now();
    let precincts = args.precincts as usize;
    let sample = SampleElection::new(precincts, 2023);
    let bodies: Vec<(String, Vec<u8>)> = (0..precincts)
        .map(|i| (sample.precinct(i).to_string(), sample.signed_protocol(i)))
        .collect();
    let prepared = started.elapsed();

    let dir = tempfile::tempdir().map_err(err)?;
    let (url, schema) = if args.database == "sqlite" {
        (
            format!("sqlite://{}", dir.path().join("bench.db").display()),
            None,
        )
    } else {
        let schema = format!("sailau_bench_{}", std::process::id());
        let mut c = postgres::Client::connect(&args.database, postgres::NoTls).map_err(err)?;
        c.batch_execute(&format!("CREATE SCHEMA {schema}"))
            .map_err(err)?;
        let sep = if args.database.contains('?') {
            '&'
        } else {
            '?'
        };
        (
            format!("{}{sep}options=-csearch_path%3D{schema}", args.database),
            Some(schema),
        )
    };
    let outcome = run(args, &url, &sample, bodies, prepared);
    if let Some(schema) = schema {
        if let Ok(mut c) = postgres::Client::connect(&args.database, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP SCHEMA {schema} CASCADE"));
        }
    }
    outcome
}

fn run(
    args: &ServerArgs,
    url: &str,
    sample: &SampleElection,
    bodies: Vec<(String, Vec<u8>)>,
    prepared: Duration,
) -> Result<(), Failure> {
    let service = Service::open(url, 16, Clock::system()).map_err(err)?;
    let password = "bench password, long enough";
    service
        .db
        .transaction(|tx| auth::create_user(tx, "bench-cec", password, Role::Cec, None, None))
        .map_err(err)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(err)?;
    let upload = sample.upload();
    let kind = if url.starts_with("sqlite") {
        "SQLite"
    } else {
        "PostgreSQL"
    };
    let n = bodies.len();
    let concurrency = args.concurrency as usize;
    let first = sample.precinct(0).to_string();
    let region = sample
        .def
        .region_of(&first)
        .unwrap_or("national")
        .to_string();
    let figures = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(err)?;
        let base = format!("http://{}", listener.local_addr().map_err(err)?);
        let serving = service.clone();
        let app = sailau_web::app(serving.clone());
        tokio::spawn(async move { sailau_server::serve_app(serving, listener, app).await });
        let client = reqwest::Client::new();
        let token =
            json_of(client.post(format!("{base}/api/session")).body(
                serde_json::json!({ "name": "bench-cec", "password": password }).to_string(),
            ))
            .await?;
        let token = token["token"].as_str().unwrap_or_default().to_string();
        let r = client
            .put(format!("{base}/api/election"))
            .bearer_auth(&token)
            .body(upload)
            .send()
            .await
            .map_err(err)?;
        if r.status().as_u16() != 201 {
            return Err(err(format!("defining the election: {}", r.status())));
        }

        let gate = Arc::new(tokio::sync::Semaphore::new(concurrency));
        let t0 = Instant::now();
        let mut tasks = Vec::with_capacity(n);
        for (precinct, body) in bodies {
            let (client, base, gate) = (client.clone(), base.clone(), gate.clone());
            tasks.push(tokio::spawn(async move {
                let _permit = gate.acquire_owned().await.expect("open");
                let sent = Instant::now();
                let status = client
                    .put(format!("{base}/api/precincts/{precinct}/protocol"))
                    .body(body)
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0);
                (status, sent.elapsed())
            }));
        }
        let mut statuses = Vec::with_capacity(n);
        let mut latencies = Vec::with_capacity(n);
        for t in tasks {
            let (s, l) = t.await.map_err(err)?;
            statuses.push(s);
            latencies.push(l);
        }
        let uploads = t0.elapsed();
        // How long until the national totals count every precinct.
        let t1 = Instant::now();
        let reported = loop {
            let v = json_of(client.get(format!("{base}/api/results"))).await?;
            let reported = v["precincts"]["reported"].as_u64().unwrap_or(0);
            if reported as usize == n || t1.elapsed() > Duration::from_secs(30) {
                break reported;
            }
        };
        let totals = t1.elapsed();
        latencies.sort();
        // The pages people open on election night, each asked 20 times one after another.
        let mut pages = Vec::new();
        for (what, path) in [
            ("national page (/)", "/?lang=en".to_string()),
            ("a region's page", format!("/units/{region}?lang=en")),
            (
                "a precinct's protocol",
                format!("/precincts/{first}?lang=en"),
            ),
            (
                "check my ballot (not found)",
                "/verify/ballot?code=7K2M-9QXD-4H8B-ZT3W".into(),
            ),
        ] {
            let mut times = Vec::new();
            let mut bytes = 0;
            for _ in 0..20 {
                let t = Instant::now();
                let r = client
                    .get(format!("{base}{path}"))
                    .send()
                    .await
                    .map_err(err)?;
                let ok = r.status().is_success();
                bytes = r.bytes().await.map_err(err)?.len();
                if !ok {
                    return Err(err(format!("{path}: not answered")));
                }
                times.push(t.elapsed());
            }
            times.sort();
            pages.push((what, times[times.len() / 2], times[times.len() - 1], bytes));
        }
        Ok::<_, Failure>((statuses, latencies, uploads, totals, reported, pages))
    })?;
    let (statuses, latencies, uploads, totals, reported, pages) = figures;
    let accepted = statuses.iter().filter(|&&s| s == 201).count();
    let pct = |p: usize| latencies[(latencies.len() * p / 100).min(latencies.len() - 1)];
    emit(&format!(
        "sailau bench server: {n} precincts upload their signed protocols at once over loopback HTTP \
         ({concurrency} in flight), {kind} store, {} cores\n\
         \x20 prepare (definition, ceremony, {n} signatures) {:>8.1} s\n\
         \x20 all uploads                                   {:>8.2} s   {:>7.0} uploads/s\n\
         \x20 latency p50 / p99 / max                       {:>8.1} / {:.1} / {:.1} ms\n\
         \x20 accepted                                      {accepted} of {n} (statuses other than 201: {})\n\
         \x20 national totals count every precinct          {:>8.1} ms after the last upload ({reported} reported)\n",
        std::thread::available_parallelism().map_or(1, |c| c.get()),
        prepared.as_secs_f64(),
        uploads.as_secs_f64(),
        n as f64 / uploads.as_secs_f64(),
        pct(50).as_secs_f64() * 1e3,
        pct(99).as_secs_f64() * 1e3,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
        n - accepted,
        totals.as_secs_f64() * 1e3,
    ))?;
    let mut lines = String::new();
    for (what, median, max, bytes) in &pages {
        lines += &format!(
            "  {what:<46}{:>8.1} ms median, {:.1} ms max, {} KB\n",
            median.as_secs_f64() * 1e3,
            max.as_secs_f64() * 1e3,
            bytes / 1024
        );
    }
    emit(&lines)?;
    if accepted != n || reported as usize != n {
        return Err(Failure::Check(vec![format!(
            "bench server: {accepted} of {n} accepted, {reported} counted"
        )]));
    }
    Ok(())
}
