//! The two stores behind one interface: a SQLite file (the embedded default) and PostgreSQL
//! (the central store). Every query is written once, in the SQL both speak, with `$1`-style
//! parameters; the few differences of dialect (row locks, the migration lock, the blob type)
//! are methods here, not `if`s scattered through the service.
//!
//! The interface is synchronous and transactional: a unit of work is a closure that runs inside
//! one transaction, committed if it returns `Ok` and rolled back otherwise. The service calls it
//! from Tokio's blocking pool, so a slow disk never stalls the request loop.

use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use r2d2_postgres::PostgresConnectionManager;
use std::sync::Mutex;

/// A value bound to a parameter or read from a column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// SQL NULL: an optional value that is absent.
    Null,
    /// A 64-bit integer (PostgreSQL's 32-bit `INTEGER` is read into it too).
    Int(i64),
    /// UTF-8 text.
    Text(String),
    /// Bytes kept exactly as given (SQLite's `BLOB`, PostgreSQL's `BYTEA`).
    Blob(Vec<u8>),
}

impl Value {
    /// The integer held, or [`DbError::Type`] for any other value.
    pub fn int(&self) -> Result<i64, DbError> {
        match self {
            Value::Int(i) => Ok(*i),
            other => Err(DbError::Type(format!(
                "expected an integer, found {other:?}"
            ))),
        }
    }

    /// The text held, or [`DbError::Type`] for any other value.
    pub fn text(&self) -> Result<String, DbError> {
        match self {
            Value::Text(s) => Ok(s.clone()),
            other => Err(DbError::Type(format!("expected text, found {other:?}"))),
        }
    }

    /// The text held, `None` for NULL, or [`DbError::Type`] for any other value.
    pub fn opt_text(&self) -> Result<Option<String>, DbError> {
        match self {
            Value::Null => Ok(None),
            v => v.text().map(Some),
        }
    }

    /// The bytes held, moved out, or [`DbError::Type`] for any other value.
    pub fn blob(self) -> Result<Vec<u8>, DbError> {
        match self {
            Value::Blob(b) => Ok(b),
            other => Err(DbError::Type(format!("expected bytes, found {other:?}"))),
        }
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}
impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.into())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}
impl From<&String> for Value {
    fn from(s: &String) -> Value {
        Value::Text(s.clone())
    }
}
impl From<Vec<u8>> for Value {
    fn from(b: Vec<u8>) -> Value {
        Value::Blob(b)
    }
}
impl From<&[u8]> for Value {
    fn from(b: &[u8]) -> Value {
        Value::Blob(b.to_vec())
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

/// One row of a query's answer: its columns in the order the `SELECT` names them.
pub type Row = Vec<Value>;

/// A failure of the store. The API answers each with 500 and leaves the detail to the log.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The database URL is neither `sqlite://FILE` nor a PostgreSQL URL that parses.
    #[error("database URL: {0}")]
    Url(String),
    /// SQLite failed: the file would not open, or a statement failed or was refused by a trigger.
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL failed: the connection broke, or a statement failed or was refused by a trigger.
    #[error("PostgreSQL: {0}")]
    Postgres(#[from] postgres::Error),
    /// The PostgreSQL pool could not be built, or gave no connection within 10 seconds.
    #[error("PostgreSQL pool: {0}")]
    Pool(#[from] r2d2::Error),
    /// What the store holds is not what the binary expects: another column type, text that is not
    /// UTF-8, a chain without its head, or a newer schema.
    #[error("column type: {0}")]
    Type(String),
}

impl DbError {
    /// Whether the store could not be reached, rather than refused or misread what was asked:
    /// no connection within the pool's time, a connection lost, a server shutting down or
    /// starting, or a standby that takes no writes (a failover not finished). Nothing was
    /// committed, or the commit's answer was lost; either way the client may send again, and
    /// the uploads are idempotent.
    pub fn is_unavailable(&self) -> bool {
        match self {
            DbError::Pool(_) => true,
            DbError::Postgres(e) => match e.code() {
                None => {
                    e.is_closed()
                        || std::error::Error::source(e).is_some_and(|s| s.is::<std::io::Error>())
                }
                Some(code) => {
                    let code = code.code();
                    code.starts_with("08") // connection exception
                        || matches!(code, "57P01" | "57P02" | "57P03" | "25006")
                }
            },
            _ => false,
        }
    }
}

/// One transaction, whichever store.
pub trait Tx {
    /// Runs a statement with `$1`-style parameters; returns how many rows it changed.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError>;
    /// Runs a query with `$1`-style parameters; returns every row of its answer.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError>;
    /// What a `SELECT` appends to lock the rows it reads until commit (SQLite's write
    /// transactions are already exclusive).
    fn for_update(&self) -> &'static str;

    /// Runs a query; returns the first row of its answer, if any.
    fn query_one(&mut self, sql: &str, params: &[Value]) -> Result<Option<Row>, DbError> {
        Ok(self.query(sql, params)?.into_iter().next())
    }
}

/// Which store, for the few places that must know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A SQLite file (`sqlite://FILE`).
    Sqlite,
    /// A PostgreSQL server (`postgres://…`).
    Postgres,
}

enum Backend {
    /// SQLite allows one writer at a time; one connection behind a lock says so plainly.
    Sqlite(Mutex<rusqlite::Connection>),
    /// Always `Some` until dropped (see `Drop`).
    Postgres(Option<r2d2::Pool<PostgresConnectionManager<postgres::NoTls>>>),
}

/// The service's store, reached only through [`Database::transaction`].
pub struct Database {
    backend: Backend,
}

impl Database {
    /// Opens `sqlite://FILE` or `postgres://…` (a libpq URL; `options` may set a schema).
    pub fn open(url: &str, pool_size: u32) -> Result<Database, DbError> {
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err(DbError::Url("sqlite:// needs a file path".into()));
            }
            let conn = rusqlite::Connection::open(path)?;
            // WAL with FULL sync: a commit is on disk before the client hears "accepted".
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "FULL")?;
            conn.pragma_update(None, "foreign_keys", "ON")?;
            conn.busy_timeout(std::time::Duration::from_secs(30))?;
            Ok(Database {
                backend: Backend::Sqlite(Mutex::new(conn)),
            })
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let config: postgres::Config = url
                .parse()
                .map_err(|e: postgres::Error| DbError::Url(format!("{}: {e}", redact(url))))?;
            let manager = PostgresConnectionManager::new(config, postgres::NoTls);
            let pool = r2d2::Pool::builder()
                .max_size(pool_size.max(1))
                .connection_timeout(std::time::Duration::from_secs(10))
                .build(manager)?;
            Ok(Database {
                backend: Backend::Postgres(Some(pool)),
            })
        } else {
            Err(DbError::Url(format!(
                "{}: give sqlite://FILE or postgres://USER@HOST:PORT/DB",
                redact(url)
            )))
        }
    }

    /// Which store this is.
    pub fn kind(&self) -> Kind {
        match self.backend {
            Backend::Sqlite(_) => Kind::Sqlite,
            Backend::Postgres(_) => Kind::Postgres,
        }
    }

    /// Runs `work` in one transaction: committed on `Ok`, rolled back on `Err`.
    pub fn transaction<T, E: From<DbError>>(
        &self,
        work: impl FnOnce(&mut dyn Tx) -> Result<T, E>,
    ) -> Result<T, E> {
        match &self.backend {
            Backend::Sqlite(conn) => {
                // A poisoned lock means a panic mid-transaction; SQLite rolled it back.
                let mut conn = conn.lock().unwrap_or_else(|p| p.into_inner());
                let tx = conn
                    .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                    .map_err(DbError::from)?;
                let mut t = SqliteTx(tx);
                let out = work(&mut t)?;
                t.0.commit().map_err(DbError::from)?;
                Ok(out)
            }
            Backend::Postgres(pool) => {
                let pool = pool.as_ref().expect("a live pool");
                let mut client = pool.get().map_err(DbError::from)?;
                let tx = client.transaction().map_err(DbError::from)?;
                let mut t = PostgresTx(tx);
                let out = work(&mut t)?;
                t.0.commit().map_err(DbError::from)?;
                Ok(out)
            }
        }
    }
}

/// The synchronous PostgreSQL client closes a connection by blocking on a runtime of its
/// own, which Tokio forbids on its worker threads; a service dropped there (at shutdown)
/// closes its connections on a plain thread instead.
impl Drop for Database {
    fn drop(&mut self) {
        if let Backend::Postgres(pool) = &mut self.backend {
            if let Some(pool) = pool.take() {
                if tokio::runtime::Handle::try_current().is_ok() {
                    let _ = std::thread::spawn(move || drop(pool)).join();
                }
            }
        }
    }
}

/// A URL without its password, for messages and logs: the password of `user:password@`, and
/// a `password=` parameter of the query (libpq's other way of giving one), each as `***`.
pub fn redact(url: &str) -> String {
    let (url, query) = match url.split_once('?') {
        Some((u, q)) => (u, Some(q)),
        None => (url, None),
    };
    let mut out = match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let userinfo = &url[s + 3..at];
            match userinfo.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &userinfo[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    };
    if let Some(q) = query {
        let params: Vec<String> = q
            .split('&')
            .map(|p| match p.split_once('=') {
                Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                _ => p.to_string(),
            })
            .collect();
        out = format!("{out}?{}", params.join("&"));
    }
    out
}

struct SqliteTx<'c>(rusqlite::Transaction<'c>);

/// `$1` → `?1`: SQLite reads `$1` as a *named* parameter, `?1` as the first positional one.
fn sqlite_sql(sql: &str) -> String {
    sql.replace('$', "?")
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(i) => ToSqlOutput::Borrowed(ValueRef::Integer(*i)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Value::Blob(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
        })
    }
}

impl Tx for SqliteTx<'_> {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError> {
        let mut stmt = self.0.prepare_cached(&sqlite_sql(sql))?;
        Ok(stmt.execute(rusqlite::params_from_iter(params))? as u64)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError> {
        let mut stmt = self.0.prepare_cached(&sqlite_sql(sql))?;
        let n = stmt.column_count();
        let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let mut row = Vec::with_capacity(n);
            for i in 0..n {
                use rusqlite::types::ValueRef;
                row.push(match r.get_ref(i)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(i) => Value::Int(i),
                    ValueRef::Real(_) => {
                        return Err(DbError::Type("a REAL column: the schema has none".into()))
                    }
                    ValueRef::Text(t) => Value::Text(
                        String::from_utf8(t.to_vec())
                            .map_err(|_| DbError::Type("text that is not UTF-8".into()))?,
                    ),
                    ValueRef::Blob(b) => Value::Blob(b.to_vec()),
                });
            }
            out.push(row);
        }
        Ok(out)
    }

    fn for_update(&self) -> &'static str {
        ""
    }
}

struct PostgresTx<'c>(postgres::Transaction<'c>);

impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) if *ty == Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
            Value::Int(i) => i.to_sql(ty, out),
            Value::Text(s) => s.to_sql(ty, out),
            Value::Blob(b) => b.to_sql(ty, out),
        }
    }

    // The statement's own parameter types decide; `to_sql` refuses a mismatch.
    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

impl Tx for PostgresTx<'_> {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError> {
        let p: Vec<&(dyn ToSql + Sync)> = params.iter().map(|v| v as _).collect();
        Ok(self.0.execute(sql, &p)?)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError> {
        let p: Vec<&(dyn ToSql + Sync)> = params.iter().map(|v| v as _).collect();
        let rows = self.0.query(sql, &p)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let mut row = Vec::with_capacity(r.len());
            for (i, c) in r.columns().iter().enumerate() {
                let t = c.type_();
                row.push(if *t == Type::INT8 {
                    r.try_get::<_, Option<i64>>(i)?.into()
                } else if *t == Type::INT4 {
                    r.try_get::<_, Option<i32>>(i)?.map(i64::from).into()
                } else if *t == Type::TEXT || *t == Type::VARCHAR {
                    r.try_get::<_, Option<String>>(i)?.into()
                } else if *t == Type::BYTEA {
                    r.try_get::<_, Option<Vec<u8>>>(i)?.into()
                } else {
                    return Err(DbError::Type(format!("column {}: type {t}", c.name())));
                });
            }
            out.push(row);
        }
        Ok(out)
    }

    fn for_update(&self) -> &'static str {
        " FOR UPDATE"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_never_reaches_a_message() {
        assert_eq!(
            redact("postgres://cec:hunter2@db:5432/sailau"),
            "postgres://cec:***@db:5432/sailau"
        );
        assert_eq!(
            redact("postgres://postgres@127.0.0.1/x"),
            "postgres://postgres@127.0.0.1/x"
        );
        // libpq's other way: the password as a parameter of the query.
        assert_eq!(
            redact("postgres://cec@db/sailau?sslmode=disable&password=hunter2"),
            "postgres://cec@db/sailau?sslmode=disable&password=***"
        );
        assert_eq!(
            redact("postgres://cec:a@db/x?PASSWORD=b"),
            "postgres://cec:***@db/x?PASSWORD=***"
        );
        let e = Database::open("mysql://cec:hunter2@db/x", 1).err().unwrap();
        assert!(!e.to_string().contains("hunter2"), "{e}");
    }
}
