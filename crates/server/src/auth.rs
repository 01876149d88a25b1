//! Who may do what (docs/server.md, "Roles").
//!
//! People sign in with a name and a password; the password is stored only as an Argon2id
//! hash (PHC string, a salt of its own). A session is a random 256-bit token sent as
//! `Authorization: Bearer`; the store keeps its SHA-256, so a copy of the database opens no
//! session. Stations never sign in: what they send carries their key's signature.

use crate::db::{DbError, Tx};
use crate::error::ApiError;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// The role of an account: what it may do (docs/server.md, "Who may do what").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// An administrator of the Central Election Commission.
    Cec,
    /// A territorial commission: of a region, city, district, or the stations abroad.
    Territorial,
    /// A precinct commission.
    Precinct,
    /// A guardian of the election key.
    Guardian,
    /// An accredited observer.
    Observer,
    /// A party's governing body: nominates its candidates and names its deputies.
    Party,
}

impl Role {
    /// Every role there is.
    pub const ALL: [Role; 6] = [
        Role::Cec,
        Role::Territorial,
        Role::Precinct,
        Role::Guardian,
        Role::Observer,
        Role::Party,
    ];

    /// The role as the API and the store spell it (`cec`, `territorial`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Role::Cec => "cec",
            Role::Territorial => "territorial",
            Role::Precinct => "precinct",
            Role::Guardian => "guardian",
            Role::Observer => "observer",
            Role::Party => "party",
        }
    }

    /// The role spelled `s`, if it is one.
    pub fn from_name(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == s)
    }

    /// Roles that act for one unit (territorial), precinct (precinct) or party (party) must
    /// name it.
    pub fn needs_unit(self) -> bool {
        matches!(self, Role::Territorial | Role::Precinct | Role::Party)
    }
}

/// A signed-in person.
#[derive(Clone, Debug)]
pub struct User {
    /// The account's name, as it signs in.
    pub name: String,
    /// What the account may do.
    pub role: Role,
    /// The unit (territorial) or precinct (precinct commission) they act for.
    pub unit: Option<String>,
    /// Their Ed25519 public key, lowercase hex, for the protocols they sign.
    pub signing_key: Option<String>,
}

/// How long a session lasts: one working shift.
pub const SESSION_SECONDS: i64 = 12 * 3600;

fn argon2() -> Argon2<'static> {
    // Argon2id, version 19, with the crate's defaults (19 MiB, 2 passes: OWASP's minimum).
    Argon2::default()
}

/// An Argon2id PHC string of `password` with a fresh salt: the only form a password is kept in.
pub fn hash_password(password: &str) -> Result<String, ApiError> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ApiError::Internal(format!("argon2: {e}")))
}

/// A hash to check against when the name is unknown, so that an unknown name costs what a
/// wrong password does and timing does not tell which names exist.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy").expect("argon2 hashes"))
}

/// Whether `password` is the one `phc` (an Argon2id PHC string) was made from.
pub fn check_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| argon2().verify_password(password.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

/// Checks a new account's name (1 to 64 letters, digits, `-`, `_` or `.`) and password (at
/// least 12 characters); 422 otherwise.
pub fn validate_new(name: &str, password: &str) -> Result<(), ApiError> {
    if name.is_empty()
        || name.len() > 64
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
    {
        return Err(ApiError::Unprocessable(
            "name: 1 to 64 letters, digits, '-', '_' or '.'".into(),
        ));
    }
    if password.chars().count() < 12 {
        return Err(ApiError::Unprocessable(
            "password: at least 12 characters".into(),
        ));
    }
    Ok(())
}

/// Adds an account, its password hashed: 422 for a bad name, password, unit or signing key,
/// 409 for a name already taken.
pub fn create_user(
    tx: &mut dyn Tx,
    name: &str,
    password: &str,
    role: Role,
    unit: Option<&str>,
    signing_key: Option<&str>,
) -> Result<(), ApiError> {
    validate_new(name, password)?;
    if role.needs_unit() != unit.is_some() {
        return Err(ApiError::Unprocessable(format!(
            "unit: a {} account {}",
            role.name(),
            if role.needs_unit() {
                "acts for one unit and must name it"
            } else {
                "acts for no unit"
            }
        )));
    }
    if let Some(k) = signing_key {
        let ok = sailau_group::from_hex32(k)
            .ok()
            .is_some_and(|b| ed25519_dalek::VerifyingKey::from_bytes(&b).is_ok());
        if !ok {
            return Err(ApiError::Unprocessable(
                "signing_key: not an Ed25519 public key in lowercase hex".into(),
            ));
        }
    }
    let hash = hash_password(password)?;
    let n = tx.execute(
        "INSERT INTO users (name, role, unit, password, signing_key) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (name) DO NOTHING",
        &[
            name.into(),
            role.name().into(),
            unit.into(),
            hash.into(),
            signing_key.into(),
        ],
    )?;
    if n == 0 {
        return Err(ApiError::Conflict(format!("user {name} exists")));
    }
    Ok(())
}

fn user_of(row: &[crate::db::Value]) -> Result<User, DbError> {
    Ok(User {
        name: row[0].text()?,
        role: Role::from_name(&row[1].text()?)
            .ok_or_else(|| DbError::Type("an unknown role in the store".into()))?,
        unit: row[2].opt_text()?,
        signing_key: row[3].opt_text()?,
    })
}

/// Signs a person in: a new session token (shown once), or `Unauthenticated`.
pub fn sign_in(
    tx: &mut dyn Tx,
    name: &str,
    password: &str,
    now: i64,
) -> Result<(User, Zeroizing<String>, i64), ApiError> {
    let row = tx.query_one(
        "SELECT name, role, unit, signing_key, password FROM users WHERE name = $1",
        &[name.into()],
    )?;
    let phc = match &row {
        Some(r) => r[4].text()?,
        None => decoy_hash().to_string(),
    };
    let ok = check_password(password, &phc);
    let Some(row) = row.filter(|_| ok) else {
        return Err(ApiError::Unauthenticated("wrong name or password".into()));
    };
    let user = user_of(&row)?;
    let mut raw = Zeroizing::new([0u8; 32]);
    OsRng.fill_bytes(raw.as_mut());
    let token = Zeroizing::new(sailau_group::to_hex(raw.as_ref()));
    let expires = now + SESSION_SECONDS;
    tx.execute("DELETE FROM sessions WHERE expires <= $1", &[now.into()])?;
    tx.execute(
        "INSERT INTO sessions (token_sha256, name, expires) VALUES ($1, $2, $3)",
        &[token_digest(&token).into(), name.into(), expires.into()],
    )?;
    Ok((user, token, expires))
}

fn token_digest(token: &str) -> String {
    sailau_group::to_hex(&Sha256::digest(token.as_bytes()))
}

/// The user a bearer token belongs to, if the session is live. The token is looked up by
/// its hash, so no comparison ever runs over the secret itself.
pub fn session_user(tx: &mut dyn Tx, token: &str, now: i64) -> Result<Option<User>, ApiError> {
    let row = tx.query_one(
        "SELECT u.name, u.role, u.unit, u.signing_key FROM sessions s \
         JOIN users u ON u.name = s.name WHERE s.token_sha256 = $1 AND s.expires > $2",
        &[token_digest(token).into(), now.into()],
    )?;
    Ok(row.map(|r| user_of(&r)).transpose()?)
}

/// Ends the session of `token`; a token that opens none changes nothing.
pub fn sign_out(tx: &mut dyn Tx, token: &str) -> Result<(), ApiError> {
    tx.execute(
        "DELETE FROM sessions WHERE token_sha256 = $1",
        &[token_digest(token).into()],
    )?;
    Ok(())
}

/// Signs a person in, and records the attempt in the audit log whatever its outcome:
/// guessing shows there. A name that is no account is not written down: it may be a
/// password typed into the wrong field.
pub fn sign_in_recorded(
    s: &crate::Service,
    name: &str,
    password: &str,
) -> Result<(User, Zeroizing<String>, i64), ApiError> {
    let now = s.clock.now();
    // A session and its audit entry are committed together, or neither is.
    let outcome = s.db.transaction(|tx| {
        let (user, token, expires) = sign_in(tx, name, password, now)?;
        let detail = format!("role {}", user.role.name());
        crate::audit::append(tx, now, name, "sign-in", name, &detail)?;
        Ok::<_, ApiError>((user, token, expires))
    });
    if outcome.is_err() {
        // The refusal is recorded on its own: the refused transaction wrote nothing. A name
        // that is no account may be a password typed into the wrong field, so it is not kept.
        s.db.transaction(|tx| {
            let known = tx
                .query_one("SELECT name FROM users WHERE name = $1", &[name.into()])?
                .is_some();
            let who = if known { name } else { "(not an account)" };
            crate::audit::append(tx, now, who, "sign-in-refused", who, "")
        })?;
    }
    outcome
}

/// Ends a session, and records it in the audit log.
pub fn sign_out_recorded(s: &crate::Service, user: &User, token: &str) -> Result<(), ApiError> {
    let now = s.clock.now();
    s.db.transaction(|tx| {
        sign_out(tx, token)?;
        crate::audit::append(tx, now, &user.name, "sign-out", &user.name, "")?;
        Ok::<_, ApiError>(())
    })
}
