//! The schema, as numbered migrations run at start (docs/server.md, "Storage").
//!
//! A migration is applied once, in a transaction with its row in `schema_migrations`; a
//! database that knows a migration this binary does not is refused rather than guessed at.
//! Two servers starting together on one PostgreSQL serialize on an advisory lock.

use crate::db::{Database, DbError, Kind, Tx};

/// `{blob}` is the dialect's byte-string type.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "the election, uploads, hierarchy, accounts and audit log",
        r#"
CREATE TABLE documents (
    name TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    body {blob} NOT NULL,
    at BIGINT NOT NULL
);
CREATE TABLE precincts (
    id TEXT PRIMARY KEY,
    unit TEXT NOT NULL,
    region TEXT NOT NULL,
    station_key TEXT NOT NULL
);
CREATE TABLE units (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    parent TEXT
);
CREATE TABLE protocols (
    precinct TEXT PRIMARY KEY REFERENCES precincts(id),
    sha256 TEXT NOT NULL,
    body {blob} NOT NULL,
    at BIGINT NOT NULL
);
CREATE TABLE turnout (
    precinct TEXT NOT NULL REFERENCES precincts(id),
    hour BIGINT NOT NULL,
    voted BIGINT NOT NULL,
    registered BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    body {blob} NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (precinct, hour)
);
CREATE TABLE records (
    precinct TEXT PRIMARY KEY REFERENCES precincts(id),
    sha256 TEXT NOT NULL,
    ballots {blob} NOT NULL,
    tally {blob} NOT NULL,
    at BIGINT NOT NULL
);
CREATE TABLE board (
    seq BIGINT PRIMARY KEY,
    precinct TEXT NOT NULL,
    code TEXT NOT NULL,
    line {blob} NOT NULL,
    chain TEXT NOT NULL
);
CREATE INDEX board_code ON board (code);
CREATE TABLE summaries (
    unit TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    at BIGINT NOT NULL,
    body {blob} NOT NULL,
    signed_by TEXT NOT NULL
);
CREATE TABLE flags (
    seq BIGINT PRIMARY KEY,
    unit TEXT NOT NULL,
    kind TEXT NOT NULL,
    message TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE TABLE users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    unit TEXT,
    password TEXT NOT NULL,
    signing_key TEXT
);
CREATE TABLE sessions (
    token_sha256 TEXT PRIMARY KEY,
    name TEXT NOT NULL REFERENCES users(name),
    expires BIGINT NOT NULL
);
CREATE TABLE audit (
    seq BIGINT PRIMARY KEY,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TABLE chains (
    name TEXT PRIMARY KEY,
    seq BIGINT NOT NULL,
    head TEXT NOT NULL
);
INSERT INTO chains (name, seq, head) VALUES
    ('audit', 0, '0000000000000000000000000000000000000000000000000000000000000000'),
    ('board', 0, '0000000000000000000000000000000000000000000000000000000000000000'),
    ('flags', 0, '');
"#,
    ),
    (
        2,
        "each station record's verification",
        r#"
CREATE TABLE verifications (
    precinct TEXT PRIMARY KEY REFERENCES precincts(id),
    passed BIGINT NOT NULL,
    report TEXT NOT NULL,
    at BIGINT NOT NULL
);
"#,
    ),
    (
        3,
        "the register of absentee certificates",
        r#"
CREATE TABLE certificates (
    number TEXT PRIMARY KEY,
    home TEXT NOT NULL REFERENCES precincts(id),
    iin TEXT NOT NULL,
    contests TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    body {blob} NOT NULL,
    at BIGINT NOT NULL
);
CREATE TABLE certificate_uses (
    number TEXT NOT NULL,
    precinct TEXT NOT NULL REFERENCES precincts(id),
    iin TEXT NOT NULL,
    home TEXT NOT NULL,
    contests TEXT NOT NULL,
    offline BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    body {blob} NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (number, precinct)
);
INSERT INTO chains (name, seq, head) VALUES ('certificates', 0, '');
"#,
    ),
    (
        4,
        "the registries' ledger",
        r#"
CREATE TABLE registry (
    seq BIGINT PRIMARY KEY,
    at BIGINT NOT NULL,
    hash TEXT NOT NULL,
    body {blob} NOT NULL
);
"#,
    ),
    (
        5,
        "the audit of the paper count: the plan and the hand counts, every upload kept",
        r#"
CREATE TABLE paper_audit (
    seq BIGINT PRIMARY KEY,
    kind TEXT NOT NULL,
    at BIGINT NOT NULL,
    body {blob} NOT NULL
);
"#,
    ),
    (
        6,
        "the rows of the tables a service caches, counted as they are added (crate::shared)",
        r#"
CREATE TABLE row_counts (
    name TEXT NOT NULL,
    shard INTEGER NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (name, shard)
);
"#,
    ),
];

/// The tables whose rows `row_counts` counts: what a service caches in memory
/// (`crate::shared`). Each is append-only, so its count grows exactly when rows are added.
pub const COUNTED: [&str; 5] = ["documents", "protocols", "summaries", "turnout", "registry"];

/// The counters a table's count is spread over on PostgreSQL, where uploads commit side by
/// side: each insert adds one to a counter drawn at random, so concurrent uploads seldom wait
/// on the same row. SQLite has one writer and one counter.
pub const COUNT_SHARDS: i64 = 64;

/// Migration 6's counters, started at the rows already there, and the triggers that count
/// every row added from then on, in the inserting transaction.
fn counted(tx: &mut dyn Tx, kind: Kind) -> Result<(), DbError> {
    if kind == Kind::Postgres {
        tx.execute(
            &format!(
                // The shard drawn once: `random()` in the WHERE clause would be drawn anew
                // for every row scanned, and match none or several.
                "CREATE FUNCTION sailau_count_row() RETURNS trigger LANGUAGE plpgsql AS \
                 'DECLARE s integer := floor(random() * {COUNT_SHARDS}); BEGIN \
                 UPDATE row_counts SET n = n + 1 WHERE name = TG_TABLE_NAME AND shard = s; \
                 RETURN NULL; END'"
            ),
            &[],
        )?;
    }
    let shards = match kind {
        Kind::Sqlite => 1,
        Kind::Postgres => COUNT_SHARDS,
    };
    for table in COUNTED {
        tx.execute(
            &format!(
                "INSERT INTO row_counts (name, shard, n) SELECT '{table}', 0, count(*) FROM {table}"
            ),
            &[],
        )?;
        for shard in 1..shards {
            tx.execute(
                "INSERT INTO row_counts (name, shard, n) VALUES ($1, $2, 0)",
                &[table.into(), shard.into()],
            )?;
        }
        let trigger = match kind {
            Kind::Sqlite => format!(
                "CREATE TRIGGER {table}_counted AFTER INSERT ON {table} BEGIN \
                 UPDATE row_counts SET n = n + 1 WHERE name = '{table}' AND shard = 0; END"
            ),
            Kind::Postgres => format!(
                "CREATE TRIGGER {table}_counted AFTER INSERT ON {table} \
                 FOR EACH ROW EXECUTE FUNCTION sailau_count_row()"
            ),
        };
        tx.execute(&trigger, &[])?;
    }
    Ok(())
}

/// The append-only tables: the store itself refuses to change or remove a row, whatever
/// the service's code does.
const APPEND_ONLY: &[(i64, &[&str])] = &[
    (
        1,
        &[
            "audit",
            "board",
            "flags",
            "protocols",
            "records",
            "documents",
        ],
    ),
    (3, &["certificates", "certificate_uses"]),
    (4, &["registry"]),
    (5, &["paper_audit"]),
];

fn append_only(kind: Kind, table: &str) -> String {
    match kind {
        Kind::Sqlite => format!(
            "CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} \
             BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;\n\
             CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} \
             BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;\n"
        ),
        Kind::Postgres => format!(
            "CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} \
             FOR EACH ROW EXECUTE FUNCTION sailau_append_only();\n"
        ),
    }
}

/// The latest migration this binary knows.
pub fn latest() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

/// Brings the schema up to date; returns the migrations applied now.
pub fn migrate(db: &Database) -> Result<Vec<i64>, DbError> {
    let kind = db.kind();
    db.transaction(|tx| {
        if kind == Kind::Postgres {
            // One migrator at a time, across every server on this database.
            tx.execute("SELECT pg_advisory_xact_lock(5417)", &[])?;
        }
        tx.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, \
             name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
            &[],
        )?;
        let applied: Vec<i64> = tx
            .query(
                "SELECT version FROM schema_migrations ORDER BY version",
                &[],
            )?
            .iter()
            .map(|r| r[0].int())
            .collect::<Result<_, _>>()?;
        if let Some(&newest) = applied.last() {
            if newest > latest() {
                return Err(DbError::Type(format!(
                    "the database has schema version {newest}, newer than this binary's {}: \
                     run the newer sailau",
                    latest()
                )));
            }
        }
        let mut now = Vec::new();
        for (version, name, sql) in MIGRATIONS {
            if applied.contains(version) {
                continue;
            }
            run_script(tx, &sql.replace("{blob}", blob(kind)))?;
            if *version == 1 && kind == Kind::Postgres {
                tx.execute(
                    "CREATE FUNCTION sailau_append_only() RETURNS trigger LANGUAGE plpgsql AS \
                     'BEGIN RAISE EXCEPTION ''% is append-only'', TG_TABLE_NAME; END'",
                    &[],
                )?;
            }
            if *version == 6 {
                counted(tx, kind)?;
            }
            for (_, tables) in APPEND_ONLY.iter().filter(|(v, _)| v == version) {
                for t in *tables {
                    run_script(tx, &append_only(kind, t))?;
                }
            }
            tx.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                &[
                    (*version).into(),
                    (*name).into(),
                    crate::clock::unix_now().into(),
                ],
            )?;
            now.push(*version);
        }
        Ok(now)
    })
}

fn blob(kind: Kind) -> &'static str {
    match kind {
        Kind::Sqlite => "BLOB",
        Kind::Postgres => "BYTEA",
    }
}

/// Statements one by one (neither driver's `execute` takes several): a statement ends with
/// a line that ends in `;`, so a trigger written on one line keeps its inner `;`.
fn run_script(tx: &mut dyn Tx, script: &str) -> Result<(), DbError> {
    let mut statement = String::new();
    for line in script.lines() {
        statement.push_str(line);
        statement.push('\n');
        if line.trim_end().ends_with(';') {
            tx.execute(statement.trim().trim_end_matches(';'), &[])?;
            statement.clear();
        }
    }
    if !statement.trim().is_empty() {
        tx.execute(statement.trim(), &[])?;
    }
    Ok(())
}
