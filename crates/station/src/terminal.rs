//! The voting terminal: a ballot-marking device that keeps nothing.
//!
//! It reads the token from the voter's card, shows one screen per contest in Kazakh, Russian
//! or English, takes one choice per contest (an option, "against all", or blank), encrypts
//! the ballot with its proofs, and shows the confirmation code. The voter then casts (the
//! ballot goes onto the card, for the box) or challenges (the ballot is opened for the voter,
//! goes onto the card to be published as challenged, and the voter votes again).
//!
//! What it keeps: its key, its configuration, and its chain position (the sequence number and
//! the last confirmation code, both public, docs/protocol.md §7.2). The position is saved
//! before a code is shown, so a crash can leave a gap in the chain but never two ballots with
//! one number. Choices, marks, nonces and openings live only in the session, and are wiped
//! when it ends.

use crate::card::{self, Card, CardBallot, CardError, Payload, Token};
use crate::keys::Key;
use crate::part::PrecinctPart;
use rand_core::CryptoRngCore;
use sailau_crypto::record::ballot_line;
use sailau_crypto::{display_code, Device, EncryptedBallot, Opening, PlaintextBallot};
use sailau_definition::Language;
use sailau_group::{from_hex32, to_hex};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// Why the terminal refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TerminalError {
    /// The terminal's folder cannot be set up or read, or is of another precinct; or its
    /// chain position cannot be saved, or a ballot cannot be encrypted.
    #[error("the terminal's folder: {0}")]
    Setup(String),
    /// The card cannot be read or written, or its content is not a Sailau card.
    #[error(transparent)]
    Card(#[from] CardError),
    /// The card holds no token: it was not issued, or the box has wiped it.
    #[error("the card holds no token: go back to the registration desk")]
    NoToken,
    /// The card already holds ballots: the voter has cast, and the card goes to the box.
    #[error("the card already holds a cast ballot: take it to the ballot box")]
    AlreadyVoted,
    /// The token's desk signature fails, or it names another desk, precinct or election than
    /// the terminal's.
    #[error(
        "the token was not signed by this station's desk, or is of another election or precinct"
    )]
    BadToken,
    /// The token's style is not the terminal's, or its contests are not some of that style's,
    /// each once, in the style's order.
    #[error("the token's contests are not those of its ballot style")]
    BadContests,
    /// Encryption was asked while a contest (by its place on the ballot) has no choice.
    #[error("contest {0} has no choice yet")]
    Unchosen(usize),
    /// A choice names a contest place, or an option place in it, that the ballot lacks.
    #[error("there is no contest {0} on this ballot, or no option {1} in it")]
    NoSuchChoice(usize, u32),
    /// Cast or challenge was asked before the ballot was encrypted.
    #[error("encrypt the ballot first")]
    NotEncrypted,
    /// A choice or a new encryption was asked while an encrypted ballot waits to be cast or
    /// challenged.
    #[error("the ballot is already encrypted: cast or challenge it")]
    Encrypted,
}

/// The terminal's public configuration.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    device: String,
    precinct: String,
    desk: String,
}

/// The terminal's chain position: all it remembers between voters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainState {
    /// The seq its next ballot gets: the number of ballots it has encrypted.
    pub seq: u64,
    /// The confirmation code of its last ballot (the chain start before the first), hex.
    pub prev: String,
}

/// What a terminal says of its chain when the polls close: how many ballots it encrypted and
/// the code of the last (at the start, the chain start), signed by its key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClosingStatement {
    /// The terminal's device id, under which the station registered it.
    pub device: String,
    /// The number of ballots it encrypted: its next seq.
    pub ballots: u64,
    /// The code of its last ballot, or its chain start if it encrypted none, hex.
    pub last: String,
    /// The terminal's Ed25519 public key, hex.
    pub terminal: String,
    /// The terminal's Ed25519 signature over [`ClosingStatement::digest`], hex.
    pub signature: String,
}

impl ClosingStatement {
    /// What the terminal signs (§15.3).
    pub fn digest(&self) -> [u8; 32] {
        let mut t = sailau_group::Transcript::new(sailau_group::domain::TERMINAL_CLOSING);
        t.bytes(b"device", self.device.as_bytes());
        t.u64(b"ballots", self.ballots);
        t.bytes(b"last", self.last.as_bytes());
        t.bytes(b"terminal", self.terminal.as_bytes());
        crate::keys::digest(&mut t)
    }
}

/// A voting terminal.
pub struct Terminal {
    dir: PathBuf,
    config: Config,
    key: Key,
    part: PrecinctPart,
    state: ChainState,
}

fn setup_err(e: impl std::fmt::Display) -> TerminalError {
    TerminalError::Setup(e.to_string())
}

/// Writes a file whole or not at all (`store::write_whole`).
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), TerminalError> {
    crate::store::write_whole(path, bytes).map_err(setup_err)
}

/// One choice in one contest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// The option at this position of the screen ("against all" is the last).
    Option(u32),
    /// No mark: the contest is left blank (counted as an invalid ballot in that contest).
    Blank,
}

const BLANK: u32 = u32::MAX;

/// One contest's screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Screen {
    /// The contest's id, as in the definition.
    pub contest: String,
    /// The contest's title, in the session's language.
    pub title: String,
    /// The options as printed, "against all" last.
    pub options: Vec<String>,
}

/// What a challenged ballot opened to, for the voter to compare with their choices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opened {
    /// The challenged ballot's confirmation code, as displayed.
    pub code: String,
    /// Per contest: its title and what the ballot held ("blank" for no mark).
    pub contents: Vec<(String, String)>,
}

impl Terminal {
    /// Sets up a terminal in `dir` (which must not hold one) for the precinct of `part`,
    /// trusting `desk_public` as the station's desk. The terminal keeps the part, its key and
    /// its chain position, nothing of the rest of the country.
    pub fn create(
        dir: &Path,
        device: &str,
        desk_public: &[u8; 32],
        part: &PrecinctPart,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Terminal, TerminalError> {
        if dir.join("terminal.json").exists() {
            return Err(setup_err(format!(
                "{} already holds a terminal",
                dir.display()
            )));
        }
        std::fs::create_dir_all(dir).map_err(setup_err)?;
        let key = Key::generate(rng);
        let start =
            sailau_crypto::ballot::chain_start(&part.election().extended_base_hash(), device);
        let config = Config {
            device: device.into(),
            precinct: part.precinct().into(),
            desk: to_hex(desk_public),
        };
        write_file(&dir.join("part.json"), &part.to_json())?;
        write_file(&dir.join("key"), &key.secret()[..])?;
        crate::store::private(&dir.join("key")).map_err(setup_err)?;
        let state = ChainState {
            seq: 0,
            prev: to_hex(&start),
        };
        write_file(
            &dir.join("state.json"),
            &serde_json::to_vec(&state).expect("serializes"),
        )?;
        write_file(
            &dir.join("terminal.json"),
            &serde_json::to_vec(&config).expect("serializes"),
        )?;
        Ok(Terminal {
            dir: dir.to_path_buf(),
            config,
            key,
            part: part.clone(),
            state,
        })
    }

    /// Opens the terminal set up in `dir`.
    pub fn open(dir: &Path) -> Result<Terminal, TerminalError> {
        let read = |name: &str| {
            std::fs::read(dir.join(name)).map_err(|e| setup_err(format!("{name}: {e}")))
        };
        let config: Config = serde_json::from_slice(&read("terminal.json")?).map_err(setup_err)?;
        let state: ChainState = serde_json::from_slice(&read("state.json")?).map_err(setup_err)?;
        let secret = Zeroizing::new(read("key")?);
        let secret: &[u8; 32] = secret[..]
            .try_into()
            .map_err(|_| setup_err("key: not 32 bytes"))?;
        let part = PrecinctPart::from_json(&read("part.json")?).map_err(setup_err)?;
        if part.precinct() != config.precinct {
            return Err(setup_err(format!(
                "part.json is of precinct {}, the terminal of {}",
                part.precinct(),
                config.precinct
            )));
        }
        Ok(Terminal {
            dir: dir.to_path_buf(),
            config,
            key: Key::from_secret(secret),
            part,
            state,
        })
    }

    /// The terminal's device id: its ballots carry it, and the station registers it by it.
    pub fn device(&self) -> &str {
        &self.config.device
    }

    /// The terminal's Ed25519 public key, which the station registers: it signs the
    /// terminal's ballots on the card and its closing statement.
    pub fn public_key(&self) -> [u8; 32] {
        self.key.public()
    }

    /// The chain position: what the terminal remembers.
    pub fn chain_state(&self) -> &ChainState {
        &self.state
    }

    /// The terminal's signed statement of its chain at closing (docs/protocol.md §7.4).
    pub fn closing_statement(&self) -> ClosingStatement {
        let mut st = ClosingStatement {
            device: self.config.device.clone(),
            ballots: self.state.seq,
            last: self.state.prev.clone(),
            terminal: to_hex(&self.key.public()),
            signature: String::new(),
        };
        st.signature = to_hex(&self.key.sign_digest(&st.digest()));
        st
    }

    /// Reads the card in the reader and starts the voter's session.
    pub fn start<'t>(
        &'t mut self,
        card: &mut dyn Card,
        language: Language,
    ) -> Result<Session<'t>, TerminalError> {
        let payload = card.payload()?;
        let token = payload.token.ok_or(TerminalError::NoToken)?;
        if !payload.ballots.is_empty() {
            return Err(TerminalError::AlreadyVoted);
        }
        let signed = card::signed_by(&token.desk, &token.signature, &card::token_digest(&token));
        if !signed
            || token.desk != self.config.desk
            || token.precinct != self.config.precinct
            || token.election != to_hex(&self.part.election().extended_base_hash())
        {
            return Err(TerminalError::BadToken);
        }
        let style = self
            .part
            .election()
            .manifest
            .style(&token.style)
            .ok_or(TerminalError::BadContests)?;
        if !sailau_crypto::ballot::is_part_of(&token.contests, &style.contests) {
            return Err(TerminalError::BadContests);
        }
        let n = token.contests.len();
        Ok(Session {
            terminal: self,
            token,
            language,
            choices: Zeroizing::new(vec![None; n]),
            pending: None,
            challenged: Vec::new(),
        })
    }

    fn save_state(&mut self, state: ChainState) -> Result<(), TerminalError> {
        write_file(
            &self.dir.join("state.json"),
            &serde_json::to_vec(&state).expect("serializes"),
        )?;
        self.state = state;
        Ok(())
    }
}

/// One voter at the terminal.
pub struct Session<'t> {
    terminal: &'t mut Terminal,
    token: Token,
    language: Language,
    /// Per contest: the option's position, [`BLANK`], or not chosen yet. Wiped on drop.
    choices: Zeroizing<Vec<Option<u32>>>,
    /// The encrypted ballot awaiting "cast" or "challenge"; its opening is wiped on drop.
    pending: Option<(EncryptedBallot, Opening)>,
    challenged: Vec<CardBallot>,
}

impl Session<'_> {
    /// Shows the screens in `language` from now on; the choices made are kept.
    pub fn set_language(&mut self, language: Language) {
        self.language = language;
    }

    /// The language the screens are shown in.
    pub fn language(&self) -> Language {
        self.language
    }

    /// The choice made so far in contest `contest` (its position on the ballot), to show it
    /// again when the voter comes back to that screen.
    pub fn choice(&self, contest: usize) -> Option<Choice> {
        self.choices.get(contest).copied().flatten().map(|v| {
            if v == BLANK {
                Choice::Blank
            } else {
                Choice::Option(v)
            }
        })
    }

    /// Whether the ballot is encrypted and waits for "cast" or "challenge".
    pub fn is_encrypted(&self) -> bool {
        self.pending.is_some()
    }

    /// One screen per contest, in ballot order, in the session's language.
    pub fn screens(&self) -> Vec<Screen> {
        self.token
            .contests
            .iter()
            .filter_map(|id| self.terminal.part.definition().contest(id))
            .map(|c| Screen {
                contest: c.id.clone(),
                title: c.name.get(self.language).to_string(),
                options: self
                    .terminal
                    .part
                    .definition()
                    .option_labels(c, self.language),
            })
            .collect()
    }

    /// Chooses in contest `contest` (its position on the ballot).
    pub fn choose(&mut self, contest: usize, choice: Choice) -> Result<(), TerminalError> {
        if self.pending.is_some() {
            return Err(TerminalError::Encrypted);
        }
        let options = self
            .option_count(contest)
            .ok_or(TerminalError::NoSuchChoice(contest, 0))?;
        let value = match choice {
            Choice::Option(i) if (i as usize) < options => i,
            Choice::Option(i) => return Err(TerminalError::NoSuchChoice(contest, i)),
            Choice::Blank => BLANK,
        };
        self.choices[contest] = Some(value);
        Ok(())
    }

    fn option_count(&self, contest: usize) -> Option<usize> {
        let id = self.token.contests.get(contest)?;
        let c = self.terminal.part.definition().contest(id)?;
        Some(self.terminal.part.definition().option_ids(c).len())
    }

    fn label(&self, contest: usize, value: u32) -> String {
        let blank = match self.language {
            sailau_definition::Language::Kazakh => "таңдау жоқ (бос)",
            sailau_definition::Language::Russian => "без отметки (пустой)",
            sailau_definition::Language::English => "no mark (blank)",
        };
        if value == BLANK {
            return blank.to_string();
        }
        self.screens()
            .get(contest)
            .and_then(|s| s.options.get(value as usize).cloned())
            .unwrap_or_default()
    }

    /// The review screen: each contest's title and the choice made.
    pub fn review(&self) -> Vec<(String, Option<String>)> {
        self.screens()
            .into_iter()
            .zip(self.choices.iter())
            .enumerate()
            .map(|(i, (s, c))| (s.title, c.map(|v| self.label(i, v))))
            .collect()
    }

    /// Encrypts the ballot with its proofs and returns the confirmation code to show. The
    /// terminal commits to the ballot before it learns whether it will be cast or challenged.
    pub fn encrypt(&mut self, rng: &mut impl CryptoRngCore) -> Result<String, TerminalError> {
        if self.pending.is_some() {
            return Err(TerminalError::Encrypted);
        }
        if let Some(i) = self.choices.iter().position(Option::is_none) {
            return Err(TerminalError::Unchosen(i));
        }
        let marks: Vec<Vec<bool>> = self
            .choices
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let n = self.option_count(i).unwrap_or(0);
                let v = c.unwrap_or(BLANK);
                (0..n).map(|k| k as u32 == v).collect()
            })
            .collect();
        let plain = PlaintextBallot {
            style: self.token.style.clone(),
            contests: self.token.contests.clone(),
            marks,
        };
        let t = &mut *self.terminal;
        let prev = from_hex32(&t.state.prev).map_err(setup_err)?;
        let mut device = Device::resume(t.part.election(), &t.config.device, t.state.seq, prev);
        let (ballot, opening) = device
            .encrypt(&plain, rng)
            .map_err(|e| TerminalError::Setup(e.to_string()))?;
        drop(plain);
        let state = ChainState {
            seq: ballot.seq + 1,
            prev: to_hex(&ballot.code),
        };
        t.save_state(state)?;
        let code = display_code(&ballot.code);
        self.pending = Some((ballot, opening));
        Ok(code)
    }

    fn signed(&self, line: String) -> CardBallot {
        let terminal = to_hex(&self.terminal.key.public());
        let digest = card::ballot_digest(&self.token, &terminal, &line);
        CardBallot {
            signature: to_hex(&self.terminal.key.sign_digest(&digest)),
            line,
            terminal,
        }
    }

    /// Casts the encrypted ballot: writes it, after any challenged ones, to the card, and ends
    /// the session. Returns the confirmation code.
    pub fn cast(mut self, card: &mut dyn Card) -> Result<String, TerminalError> {
        let (ballot, opening) = self.pending.take().ok_or(TerminalError::NotEncrypted)?;
        drop(opening);
        let mut ballots = std::mem::take(&mut self.challenged);
        ballots.push(self.signed(ballot_line(&ballot, None)));
        let payload = Payload {
            token: Some(self.token.clone()),
            ballots,
            ..Payload::blank()
        };
        card.store(&payload)?;
        Ok(display_code(&ballot.code))
    }

    /// Challenges the encrypted ballot: it is opened for the voter, kept to be written to the
    /// card as challenged (it is published, never counted), and the voter votes again.
    pub fn challenge(&mut self) -> Result<Opened, TerminalError> {
        let (ballot, opening) = self.pending.take().ok_or(TerminalError::NotEncrypted)?;
        let contents = opening
            .values
            .iter()
            .enumerate()
            .map(|(i, values)| {
                let v = values
                    .iter()
                    .position(|&x| x == 1)
                    .map_or(BLANK, |p| p as u32);
                let title = self
                    .screens()
                    .get(i)
                    .map(|s| s.title.clone())
                    .unwrap_or_default();
                (title, self.label(i, v))
            })
            .collect();
        let line = ballot_line(&ballot, Some(&opening));
        self.challenged.push(self.signed(line));
        Ok(Opened {
            code: display_code(&ballot.code),
            contents,
        })
    }
}
