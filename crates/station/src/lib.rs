//! `sailau-station`: a polling station on election day, as its precinct commission runs it.
//!
//! The electronic path is the old AIS "Sailau" made checkable:
//!
//! 1. the **registration desk** ([`desk`]) finds the voter on the list, checks the right to
//!    vote here and that it is not used, and issues paper ballots, a visit of the mobile box,
//!    or a **smart card** ([`card`]) carrying a one-time token it signs. It never stores which
//!    token went to whom.
//! 2. the **voting terminal** ([`terminal`]) reads the token, shows the voter's contests in
//!    Kazakh, Russian or English, encrypts the choices with their proofs, shows the
//!    confirmation code, and writes the ballot to the card; or, if the voter challenges, opens
//!    it for them and lets them vote again. It keeps only its chain position, never a ballot.
//! 3. the **electronic ballot box** ([`ballot_box`]) at the desk checks the token, the
//!    signatures and every proof, appends the ballot to its hash-chained log ([`log`]) and
//!    commits it to disk before it acknowledges, marks the token used, and wipes the card.
//!
//! Paper and the mobile box are counted by hand and entered twice ([`paper`]); at 20:00 local
//! time the commission seals the box, the guardians decrypt the station's encrypted totals,
//! and the precinct protocol adds paper and electronic counts, checks its control relations
//! and is signed by the station key ([`closing`]).
//!
//! Everything is stored in one SQLite database per station ([`store`]); the clock is always
//! the caller's, so every deadline can be tested with a pinned time.

#![warn(missing_docs)]

pub mod ballot_box;
pub mod card;
pub mod closing;
pub mod desk;
pub mod guardians;
pub mod keys;
pub mod log;
pub mod notices;
pub mod observers;
pub mod opening;
pub mod paper;
pub mod part;
mod store;
pub mod terminal;

use keys::{Held, Key, KeyError, Pin, TokenKey, TokenRef};
use part::PrecinctPart;
use rand_core::CryptoRngCore;
use rusqlite::{params, Connection, OptionalExtension};
use sailau_definition::Checked;
use sailau_law::election_day::UtcOffset;
use sailau_law::Date;
use sailau_verify::Intake;
use sailau_voters::Voter;
use std::path::Path;

/// The database's format tag. Version 3 may record a key as where it is in a PKCS#11 token
/// instead of its secret; version 2 keeps the precinct's part of the election (`part`) where
/// version 1 kept the whole definition and `election.json`.
pub const FORMAT: &str = "sailau-station/3";

/// Version 2, whose keys are always secrets: opened as it is, a version 3 without tokens.
const FORMAT_2: &str = "sailau-station/2";

/// Why a station cannot be set up, opened or used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StationError {
    /// A station is to be set up at a path where a file already exists (the path).
    #[error("{0}: a station database is already there; choose a new file")]
    Exists(String),
    /// The station's database cannot be opened, read or written, is of another format, or
    /// lacks a setting it must hold.
    #[error("the station's database: {0}")]
    Store(String),
    /// The precinct's part, as stored, cannot be read, or its definition fails the checks.
    #[error("the election definition: {0}")]
    Definition(String),
    /// `election.json` fails the verifier's checks, or its manifest is not the one the
    /// definition gives.
    #[error("election.json: {0}")]
    Election(String),
    /// The precinct is not in the definition, or the database names another precinct than
    /// its part.
    #[error("precinct {0} is not in the election definition")]
    UnknownPrecinct(String),
    /// A voter being loaded is on another precinct's list; nothing is loaded.
    #[error("voter {iin} is on the list of precinct {precinct}, not of this one ({here})")]
    OtherPrecinct {
        /// The voter's IIN.
        iin: String,
        /// The precinct whose list the voter is on.
        precinct: String,
        /// This station's precinct.
        here: String,
    },
    /// Voters are being loaded after the station was sealed.
    #[error("the station is sealed: its voter list can no longer change")]
    ListClosed,
    /// A key in a PKCS#11 token cannot be made, opened or used: the token named, never the
    /// PIN.
    #[error(transparent)]
    Key(#[from] KeyError),
}

impl From<rusqlite::Error> for StationError {
    fn from(e: rusqlite::Error) -> Self {
        StationError::Store(e.to_string())
    }
}

/// A polling station: its database and what it knows of the election.
pub struct Station {
    db: Connection,
    precinct: String,
    part: PrecinctPart,
    intake: Intake,
    station_key: Held,
    desk_key: Held,
}

fn meta(db: &Connection, key: &str) -> Result<Option<Vec<u8>>, StationError> {
    Ok(db
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

fn required(db: &Connection, key: &str) -> Result<Vec<u8>, StationError> {
    meta(db, key)?.ok_or_else(|| StationError::Store(format!("meta '{key}' is missing")))
}

/// A key as its `meta` row records it: the 32 secret bytes of a file key, or (version 3) a
/// token key's [`TokenRef`] as JSON, opened with `pin` or else the PIN of the environment.
fn held(db: &Connection, name: &str, pin: Option<&Pin>) -> Result<Held, StationError> {
    let value = zeroize::Zeroizing::new(required(db, name)?);
    if let Ok(bytes) = <[u8; 32]>::try_from(&value[..]) {
        let s = zeroize::Zeroizing::new(bytes);
        return Ok(Held::File(Key::from_secret(&s)));
    }
    let reference: TokenRef = serde_json::from_slice(&value).map_err(|e| {
        StationError::Store(format!(
            "meta '{name}' is neither a key's 32 bytes nor where it is in a token: {e}"
        ))
    })?;
    let key = match pin {
        Some(pin) => TokenKey::open(&reference, pin)?,
        None => TokenKey::open(&reference, &Pin::from_env(&reference.token)?)?,
    };
    Ok(Held::Token(key))
}

/// What a `meta` row records of a key: a file key's secret, or where a token key is.
fn recorded(key: &Held) -> zeroize::Zeroizing<Vec<u8>> {
    zeroize::Zeroizing::new(match key {
        Held::File(k) => k.secret().to_vec(),
        Held::Token(k) => serde_json::to_vec(k.reference()).expect("a TokenRef serializes"),
    })
}

impl Station {
    /// Sets up a new station database at `path` for the precinct of `part`, with fresh
    /// station and desk keys. Refuses an existing file.
    pub fn create(
        path: &Path,
        part: &PrecinctPart,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Station, StationError> {
        Station::create_with(path, part, |_| {
            Ok((
                Held::File(Key::generate(rng)),
                Held::File(Key::generate(rng)),
            ))
        })
    }

    /// Sets up a new station database at `path` whose station and desk keys are generated in
    /// the PKCS#11 token labelled `token` of `module`, logged in with `pin`: the database
    /// records where they are, and their secrets never leave the token. Refuses an existing
    /// file before it touches the token.
    pub fn create_in_token(
        path: &Path,
        part: &PrecinctPart,
        module: &Path,
        token: &str,
        pin: &Pin,
    ) -> Result<Station, StationError> {
        Station::create_with(path, part, |precinct| {
            let make = |what: &str| {
                TokenKey::generate(module, token, &format!("sailau {what} {precinct}"), pin)
                    .map(Held::Token)
            };
            Ok((make("station")?, make("desk")?))
        })
    }

    fn create_with(
        path: &Path,
        part: &PrecinctPart,
        keys: impl FnOnce(&str) -> Result<(Held, Held), StationError>,
    ) -> Result<Station, StationError> {
        if path.exists() {
            return Err(StationError::Exists(path.display().to_string()));
        }
        let intake = intake(part)?;
        let (station_key, desk_key) = keys(part.precinct())?;
        let mut db = store::open(path, true)?;
        store::private(path).map_err(|e| StationError::Store(e.to_string()))?;
        let tx = db.transaction()?;
        tx.execute_batch(store::SCHEMA)?;
        let document = part.to_json();
        let rows: [(&str, &[u8]); 5] = [
            ("format", FORMAT.as_bytes()),
            ("precinct", part.precinct().as_bytes()),
            ("part", &document),
            ("station_key", &recorded(&station_key)),
            ("desk_key", &recorded(&desk_key)),
        ];
        for (k, v) in rows {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)",
                params![k, v],
            )?;
        }
        tx.commit()?;
        Ok(Station {
            db,
            precinct: part.precinct().into(),
            part: part.clone(),
            intake,
            station_key,
            desk_key,
        })
    }

    /// Opens an existing station database. Keys in a token are opened with the PIN of the
    /// environment ([`Pin::from_env`]).
    pub fn open(path: &Path) -> Result<Station, StationError> {
        Station::open_with(path, None)
    }

    /// Opens an existing station database whose keys are in a token, with `pin`.
    pub fn open_with_pin(path: &Path, pin: &Pin) -> Result<Station, StationError> {
        Station::open_with(path, Some(pin))
    }

    fn open_with(path: &Path, pin: Option<&Pin>) -> Result<Station, StationError> {
        if !path.exists() {
            return Err(StationError::Store(format!(
                "{}: no such file",
                path.display()
            )));
        }
        let db = store::open(path, false)?;
        let format = required(&db, "format")?;
        if format != FORMAT.as_bytes() && format != FORMAT_2.as_bytes() {
            let found = String::from_utf8_lossy(&format);
            return Err(StationError::Store(format!(
                "a {found} database, not {FORMAT_2} or {FORMAT}: set the station up again with this version"
            )));
        }
        // Tables added since the database was made (every statement is IF NOT EXISTS).
        db.execute_batch(store::SCHEMA)?;
        let part = PrecinctPart::from_json(&required(&db, "part")?)?;
        let precinct = String::from_utf8(required(&db, "precinct")?)
            .map_err(|_| StationError::Store("meta is not UTF-8".into()))?;
        if precinct != part.precinct() {
            return Err(StationError::UnknownPrecinct(precinct));
        }
        let intake = intake(&part)?;
        let station_key = held(&db, "station_key", pin)?;
        let desk_key = held(&db, "desk_key", pin)?;
        Ok(Station {
            db,
            precinct,
            part,
            intake,
            station_key,
            desk_key,
        })
    }

    /// The id of the station's precinct, as in the definition.
    pub fn precinct(&self) -> &str {
        &self.precinct
    }

    /// The precinct's part of the definition; its digest is the whole definition's.
    pub fn definition(&self) -> &Checked {
        self.part.definition()
    }

    /// The precinct's part of the election, to set the station's terminals up with.
    pub fn part(&self) -> &PrecinctPart {
        &self.part
    }

    /// H_E of the election (docs/protocol.md §3.3), which tokens, ballots and the ballot log
    /// are bound to.
    pub fn extended_base_hash(&self) -> [u8; 32] {
        self.intake.extended_base_hash()
    }

    /// The public half of the station key, which signs the protocol, the turnout and the
    /// record upload.
    pub fn station_public_key(&self) -> [u8; 32] {
        self.station_key.public()
    }

    /// The public half of the desk key, which signs voters' tokens; terminals are set up to
    /// trust it.
    pub fn desk_public_key(&self) -> [u8; 32] {
        self.desk_key.public()
    }

    /// Where the station key is, if it is in a PKCS#11 token (the desk key is in the same).
    pub fn token(&self) -> Option<&TokenRef> {
        match &self.station_key {
            Held::Token(k) => Some(k.reference()),
            Held::File(_) => None,
        }
    }

    /// The station's signed turnout as of `hour`:00 local time: the voters who may vote here
    /// by then (its list, less those who took its certificate for every contest, plus the
    /// absentee voters who came) and those who received ballots before that hour
    /// (docs/formats.md, "Turnout").
    pub fn signed_turnout(&self, hour: u8) -> Result<sailau_protocol::SignedTurnout, StationError> {
        let voted: u64 = self
            .turnout()
            .map_err(|e| StationError::Store(e.to_string()))?
            .into_iter()
            .filter(|&(h, _)| h < u32::from(hour))
            .map(|(_, n)| n)
            .sum();
        let registered = self.turnout_registered(hour)?;
        let turnout = sailau_protocol::Turnout {
            format: sailau_protocol::TURNOUT_FORMAT.into(),
            election: self.definition().election.id.clone(),
            precinct: self.precinct.clone(),
            hour,
            registered,
            voted,
        };
        let signature = self
            .station_key
            .sign(&sailau_protocol::SignedTurnout::message(&turnout))?;
        Ok(sailau_protocol::SignedTurnout {
            turnout,
            signer: sailau_group::to_hex(&self.station_key.public()),
            signature: sailau_group::to_hex(&signature),
        })
    }

    /// The station's signature for uploading its record to the central service
    /// ([`sailau_protocol::record_upload_message`]): never over bytes of the caller's choosing.
    pub fn record_upload_signature(
        &self,
        ballots: &[u8],
        tally: &[u8],
    ) -> Result<[u8; 64], StationError> {
        Ok(self
            .station_key
            .sign(&sailau_protocol::record_upload_message(
                &self.precinct,
                ballots,
                tally,
            ))?)
    }

    /// Election day and this station's UTC offset.
    pub fn day(&self) -> (Date, UtcOffset) {
        let def = self.definition();
        let p = def.precinct(&self.precinct).expect("checked at open");
        (def.election.date, p.utc_offset)
    }

    /// The contests of this station's ballot style, in order.
    pub fn style_contests(&self) -> Vec<String> {
        self.definition().styles[0].contests.clone()
    }

    /// This station's ballot style: its part holds the one.
    pub fn style(&self) -> String {
        self.definition().styles[0].id.clone()
    }

    /// Registers a voting terminal's public key: only registered terminals' ballots are
    /// accepted.
    pub fn register_terminal(
        &self,
        device: &str,
        public_key: &[u8; 32],
    ) -> Result<(), StationError> {
        self.db.execute(
            "INSERT INTO terminals (public_key, device) VALUES (?1, ?2)",
            params![card::hex(public_key), device],
        )?;
        Ok(())
    }

    /// Whether the terminal `device` is registered here with `public_key`: a terminal set up
    /// for another station is not, and this station's box would refuse all its ballots.
    pub fn is_registered_terminal(
        &self,
        device: &str,
        public_key: &[u8; 32],
    ) -> Result<bool, StationError> {
        Ok(self.db.query_row(
            "SELECT count(*) FROM terminals WHERE public_key = ?1 AND device = ?2",
            params![card::hex(public_key), device],
            |r| r.get::<_, i64>(0),
        )? > 0)
    }

    /// How many terminals are registered.
    pub fn terminal_count(&self) -> Result<usize, StationError> {
        Ok(self
            .db
            .query_row("SELECT count(*) FROM terminals", [], |r| r.get::<_, i64>(0))?
            as usize)
    }

    /// Loads this precinct's voters (the imported list, already checked for eligibility).
    /// Every voter must be of this precinct; the load is all or nothing.
    pub fn load_voters(&self, voters: &[Voter]) -> Result<usize, StationError> {
        if meta(&self.db, "sealed_at")?.is_some() {
            return Err(StationError::ListClosed);
        }
        let tx = self.db.unchecked_transaction()?;
        for v in voters {
            if v.precinct != self.precinct {
                return Err(StationError::OtherPrecinct {
                    iin: v.iin.to_string(),
                    precinct: v.precinct.clone(),
                    here: self.precinct.clone(),
                });
            }
            tx.execute(
                "INSERT INTO voters (iin, name, birth) VALUES (?1, ?2, ?3)",
                params![v.iin.to_string(), v.name, v.birth.to_string()],
            )?;
        }
        tx.commit()?;
        Ok(voters.len())
    }
}

/// The box's checker for the part's guardians' record (checks 1, 2, 4 and 5 of §12).
fn intake(part: &PrecinctPart) -> Result<Intake, StationError> {
    Intake::for_part(part.election_json()).map_err(|e| StationError::Election(e.join("; ")))
}
