//! The test harness: each test runs on both stores, a fresh SQLite file and a fresh schema
//! of a real PostgreSQL (`SAILAU_TEST_POSTGRES`, or the machine's at 127.0.0.1:5432;
//! `./scripts/test` starts a throwaway cluster when none is reachable).
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use sailau_server::auth::{self, Role};
use sailau_server::clock::Clock;
use sailau_server::{api, Service};
use serde_json::Value;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tower::ServiceExt;

pub const DEFAULT_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// A store to test on, removed when dropped.
pub struct Store {
    pub name: &'static str,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    schema: Option<(String, String)>,
}

impl Store {
    /// Runs SQL in a PostgreSQL store's own schema, as its operator would.
    pub fn execute(&self, sql: &str) {
        let (base, schema) = self.schema.as_ref().expect("a PostgreSQL store");
        let mut c = postgres::Client::connect(base, postgres::NoTls).unwrap();
        c.batch_execute(&format!("SET search_path TO {schema}; {sql}"))
            .unwrap();
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        if let Some((base, schema)) = &self.schema {
            if let Ok(mut c) = postgres::Client::connect(base, postgres::NoTls) {
                let _ = c.batch_execute(&format!("DROP SCHEMA {schema} CASCADE"));
            }
        }
    }
}

pub fn postgres_base() -> String {
    std::env::var("SAILAU_TEST_POSTGRES").unwrap_or_else(|_| DEFAULT_POSTGRES.into())
}

pub fn sqlite() -> Store {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("sailau.db").display());
    Store {
        name: "sqlite",
        url,
        _dir: Some(dir),
        schema: None,
    }
}

pub fn postgres() -> Store {
    static N: AtomicU64 = AtomicU64::new(0);
    let base = postgres_base();
    let mut c = postgres::Client::connect(&base, postgres::NoTls).unwrap_or_else(|e| {
        panic!(
            "PostgreSQL is not reachable at {base} ({e}). Run ./scripts/test, which starts a \
             throwaway cluster when none is running, or set SAILAU_TEST_POSTGRES."
        )
    });
    let schema = format!(
        "sailau_test_{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos()
    );
    c.batch_execute(&format!("CREATE SCHEMA {schema}")).unwrap();
    let sep = if base.contains('?') { '&' } else { '?' };
    Store {
        name: "postgres",
        url: format!("{base}{sep}options=-csearch_path%3D{schema}"),
        _dir: None,
        schema: Some((base, schema)),
    }
}

/// Both stores.
pub fn stores() -> Vec<Store> {
    vec![sqlite(), postgres()]
}

/// A running service on a store, driven in process through its router.
pub struct Harness {
    pub rt: tokio::runtime::Runtime,
    pub service: Arc<Service>,
    pub clock: Clock,
    pub store: &'static str,
}

/// 2023-03-19 12:00 in Astana (UTC+5).
pub const ELECTION_NOON: i64 = 1_679_209_200;

pub const ADMIN_PASSWORD: &str = "correct horse battery";

impl Harness {
    pub fn start(store: &Store) -> Harness {
        let clock = Clock::fixed(ELECTION_NOON);
        let service = Service::open(&store.url, 4, clock.clone()).expect("the service opens");
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        Harness {
            rt,
            service,
            clock,
            store: store.name,
        }
    }

    /// Creates an account straight in the store, as `sailau users add` does.
    pub fn add_user(&self, name: &str, role: Role, unit: Option<&str>) {
        self.service
            .db
            .transaction(|tx| auth::create_user(tx, name, ADMIN_PASSWORD, role, unit, None))
            .unwrap();
    }

    /// Creates an account with an Ed25519 signing key made from `seed`; returns the key.
    pub fn add_signer(
        &self,
        name: &str,
        role: Role,
        unit: Option<&str>,
        seed: u8,
    ) -> ed25519_dalek::SigningKey {
        let key = ed25519_dalek::SigningKey::from_bytes(&[seed; 32]);
        let public = sailau_group::to_hex(key.verifying_key().as_bytes());
        self.service
            .db
            .transaction(|tx| {
                auth::create_user(tx, name, ADMIN_PASSWORD, role, unit, Some(&public))
            })
            .unwrap();
        key
    }

    pub fn request(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Vec<u8>>,
    ) -> (StatusCode, Vec<u8>) {
        let mut b = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            b = b.header("authorization", format!("Bearer {t}"));
        }
        if body.is_some() {
            b = b.header("content-type", "application/json");
        }
        let req = b.body(Body::from(body.unwrap_or_default())).unwrap();
        let app = api::router(self.service.clone());
        self.rt.block_on(async move {
            let r = app.oneshot(req).await.unwrap();
            let status = r.status();
            let bytes = r.into_body().collect().await.unwrap().to_bytes().to_vec();
            (status, bytes)
        })
    }

    pub fn json(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&str>,
    ) -> (StatusCode, Value) {
        let (s, b) = self.request(method, path, token, body.map(|b| b.as_bytes().to_vec()));
        let v = serde_json::from_slice(&b).unwrap_or(Value::Null);
        (s, v)
    }

    /// Signs in and returns the session token.
    pub fn sign_in(&self, name: &str) -> String {
        let body = serde_json::json!({ "name": name, "password": ADMIN_PASSWORD }).to_string();
        let (s, v) = self.json("POST", "/api/session", None, Some(&body));
        assert_eq!(s, StatusCode::CREATED, "{v}");
        v["token"].as_str().unwrap().to_string()
    }
}
