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
    let whole = whole_number_pass(&bodies)?;

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
    emit(&whole)?;
    if let Some(schema) = schema {
        if let Ok(mut c) = postgres::Client::connect(&args.database, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP SCHEMA {schema} CASCADE"));
        }
    }
    outcome
}

/// What the whole-number pass (`sailau_server::whole`, run on every JSON body the service
/// takes) costs the uploads, against reading the same bodies as JSON: once as the stations
/// write them (nothing to rewrite), once with every count spelled `N.0`.
fn whole_number_pass(bodies: &[(String, Vec<u8>)]) -> Result<String, Failure> {
    use sailau_server::whole::whole_numbers;
    let spelled: Vec<Vec<u8>> = bodies
        .iter()
        .map(|(_, b)| {
            let v: serde_json::Value = serde_json::from_slice(b).map_err(err)?;
            Ok(pointed(&v).into_bytes())
        })
        .collect::<Result<_, Failure>>()?;
    let time = |f: &dyn Fn() -> usize| {
        let t = Instant::now();
        let n = f();
        (t.elapsed(), n)
    };
    let bytes: usize = bodies.iter().map(|(_, b)| b.len()).sum();
    let (scan, unchanged) = time(&|| {
        bodies
            .iter()
            .filter(|(_, b)| matches!(whole_numbers(b), std::borrow::Cow::Borrowed(_)))
            .count()
    });
    let (rewrite, _) = time(&|| spelled.iter().map(|b| whole_numbers(b).len()).sum());
    let (parse, _) = time(&|| {
        bodies
            .iter()
            .filter(|(_, b)| serde_json::from_slice::<serde_json::Value>(b).is_ok())
            .count()
    });
    if unchanged != bodies.len() {
        return Err(err("a station's body needed the whole-number pass"));
    }
    Ok(format!(
        "  whole-number pass over {} bodies ({} KB)       {:>8.1} ms as sent ({:.2} of reading them \
         as JSON, {:.1} ms); {:.1} ms with every count spelled N.0\n",
        bodies.len(),
        bytes / 1024,
        scan.as_secs_f64() * 1e3,
        scan.as_secs_f64() / parse.as_secs_f64(),
        parse.as_secs_f64() * 1e3,
        rewrite.as_secs_f64() * 1e3,
    ))
}

/// `v` as compact JSON with every integer written with a point (`599.0`).
fn pointed(v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Number(n) if n.is_u64() || n.is_i64() => format!("{n}.0"),
        Value::Array(a) => format!("[{}]", a.iter().map(pointed).collect::<Vec<_>>().join(",")),
        Value::Object(o) => format!(
            "{{{}}}",
            o.iter()
                .map(|(k, v)| format!("{}:{}", Value::from(k.as_str()), pointed(v)))
                .collect::<Vec<_>>()
                .join(",")
        ),
        other => other.to_string(),
    }
}

/// Puts every body at its path, `concurrency` at a time: each answer's status, and the time
/// for all of them.
async fn put_all(
    client: &reqwest::Client,
    base: &str,
    bodies: Vec<(String, Vec<u8>)>,
    concurrency: usize,
) -> Result<(Vec<u16>, Duration), Failure> {
    let gate = Arc::new(tokio::sync::Semaphore::new(concurrency));
    let t0 = Instant::now();
    let mut tasks = Vec::with_capacity(bodies.len());
    for (path, body) in bodies {
        let (client, url, gate) = (client.clone(), format!("{base}{path}"), gate.clone());
        tasks.push(tokio::spawn(async move {
            let _permit = gate.acquire_owned().await.expect("open");
            client
                .put(url)
                .body(body)
                .send()
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0)
        }));
    }
    let mut statuses = Vec::with_capacity(tasks.len());
    for t in tasks {
        statuses.push(t.await.map_err(err)?);
    }
    Ok((statuses, t0.elapsed()))
}

/// A phase of the certificates' run: its name, the status each upload must get, the bodies.
type Phase = (&'static str, u16, Vec<(String, Vec<u8>)>);

/// The register of absentee certificates under load: every precinct registers one
/// certificate, the next precinct honours it, the one after tries it again. Each phase's
/// bodies, signed in advance, with the status every upload must get.
fn certificate_phases(sample: &SampleElection) -> Vec<Phase> {
    use sailau_protocol::{Act, CertificateNotice, CERTIFICATE_FORMAT};
    let n = sample.def.precincts.len();
    let Some(common) = sample.shared_contest() else {
        return Vec::new();
    };
    let birth = sailau_law::Date::new(1980, 1, 1).expect("a date");
    let holder = |i: usize| {
        (0..)
            .find_map(|k: u32| {
                sailau_voters::Iin::issue(
                    birth,
                    sailau_voters::Sex::Female,
                    ((i as u32 * 3 + k) % 10_000) as u16,
                )
            })
            .expect("an IIN")
            .to_string()
    };
    let phase = |name, status, act: Act, by: usize| {
        let bodies = (0..n)
            .map(|i| {
                let sender = (i + by) % n;
                let number = format!("{}-00001", sample.precinct(i));
                let notice = CertificateNotice {
                    format: CERTIFICATE_FORMAT.into(),
                    election: sample.def.election.id.clone(),
                    precinct: sample.precinct(sender).into(),
                    act,
                    number: number.clone(),
                    iin: holder(i),
                    home: sample.precinct(i).into(),
                    contests: vec![common.clone()],
                    offline: false,
                };
                let what = match act {
                    Act::Issued => "certificates",
                    Act::Used => "certificate-uses",
                };
                (
                    format!("/api/precincts/{}/{what}/{number}", sample.precinct(sender)),
                    sample.signed_certificate(sender, notice),
                )
            })
            .collect();
        (name, status, bodies)
    };
    vec![
        phase("register a certificate", 201, Act::Issued, 0),
        phase("honour it at the next precinct", 201, Act::Used, 1),
        phase("try it again at another (refused)", 409, Act::Used, 2),
    ]
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
    let phases = if n >= 3 {
        certificate_phases(sample)
    } else {
        Vec::new()
    };
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
        let mut certificates = Vec::new();
        for (what, want, bodies) in phases {
            let (got, took) = put_all(&client, &base, bodies, concurrency).await?;
            let right = got.iter().filter(|&&s| s == want).count();
            certificates.push((what, want, right, got.len(), took));
        }
        Ok::<_, Failure>((
            statuses,
            latencies,
            uploads,
            totals,
            reported,
            pages,
            certificates,
        ))
    })?;
    let (statuses, latencies, uploads, totals, reported, pages, certificates) = figures;
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
    for (what, want, right, all, took) in &certificates {
        lines += &format!(
            "  certificates: {what:<34}{:>8.2} s   {:>7.0} /s   {right} of {all} answered {want}\n",
            took.as_secs_f64(),
            *all as f64 / took.as_secs_f64()
        );
    }
    emit(&lines)?;
    let wrong: Vec<String> = certificates
        .iter()
        .filter(|c| c.2 != c.3)
        .map(|c| format!("certificates, {}: {} of {} answered {}", c.0, c.2, c.3, c.1))
        .collect();
    if accepted != n || reported as usize != n || !wrong.is_empty() {
        return Err(Failure::Check(
            std::iter::once(format!(
                "bench server: {accepted} of {n} accepted, {reported} counted"
            ))
            .chain(wrong)
            .collect(),
        ));
    }
    Ok(())
}
