//! The station's smart cards, kept one of two ways:
//! - as files in a folder (`NNNN.card`, `sailau_station::card::FileCard`), where the card's
//!   number stands for putting it in: the desk writes the lowest blank one, the terminal and
//!   the box are told the number;
//! - in readers (PC/SC, `sailau station serve --reader`): the desk, each terminal and the box
//!   has its own, and each reads the card that is in it.

use crate::prefs::Ctx;
use sailau_station::card::{Card, CardError, FileCard, Payload};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// A card, whatever carries it.
pub type AnyCard = Box<dyn Card + Send>;

/// Opens the card in the reader of a given name.
pub type OpenReader = dyn Fn(&str) -> Result<AnyCard, CardError> + Send + Sync;

/// The station's readers: one at the desk, one at the box, one per terminal.
pub struct Readers {
    /// Opens a reader's card by the reader's name.
    pub open: Box<OpenReader>,
    /// The registration desk's reader.
    pub desk: String,
    /// The electronic ballot box's reader.
    pub ballot_box: String,
    /// Each terminal's reader, by the terminal's device id.
    pub terminals: BTreeMap<String, String>,
}

/// The station's cards: shared by the desk, the terminals and the box.
#[derive(Clone)]
pub struct CardRack(Rack);

#[derive(Clone)]
enum Rack {
    Files(PathBuf),
    Readers(Arc<Readers>),
}

/// Why there is no card to use.
#[derive(Debug)]
pub enum NoCard {
    /// No card of this number in the folder.
    Number(u32),
    /// The card's number was needed and not given, or is not one.
    NoNumber,
    /// The reader cannot be used.
    Reader(CardError),
    /// This terminal has no reader.
    NoReader(String),
    /// The card in the desk's reader holds a token or ballots: writing on it would lose them.
    NotBlank,
}

impl NoCard {
    /// What the commission or the voter is told.
    pub fn say(&self, ctx: &Ctx) -> String {
        match self {
            NoCard::Number(n) => ctx.tr(
                "no-such-card",
                &[("card", format!("{n:04}").as_str().into())],
            ),
            NoCard::NoNumber => ctx.t("card-number-bad"),
            NoCard::Reader(e) => {
                ctx.tr("reader-trouble", &[("why", e.to_string().as_str().into())])
            }
            NoCard::NoReader(device) => ctx.tr("no-reader", &[("device", device.as_str().into())]),
            NoCard::NotBlank => ctx.t("card-not-blank"),
        }
    }
}

impl CardRack {
    /// The rack in `dir`: a folder, or nothing yet (it is made when the desk writes the
    /// first card, so a station that refuses to start leaves nothing behind).
    pub fn new(dir: impl Into<PathBuf>) -> std::io::Result<CardRack> {
        let dir = dir.into();
        match std::fs::metadata(&dir) {
            Ok(m) if !m.is_dir() => Err(std::io::Error::other("not a folder")),
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(CardRack(Rack::Files(dir))),
        }
    }

    /// Cards in readers.
    pub fn readers(readers: Readers) -> CardRack {
        CardRack(Rack::Readers(Arc::new(readers)))
    }

    /// Whether the cards are in readers (no number is asked for).
    pub fn in_readers(&self) -> bool {
        matches!(self.0, Rack::Readers(_))
    }

    fn path(dir: &std::path::Path, number: u32) -> PathBuf {
        dir.join(format!("{number:04}.card"))
    }

    fn numbered(dir: &std::path::Path, number: Option<u32>) -> Result<AnyCard, NoCard> {
        let number = number.ok_or(NoCard::NoNumber)?;
        let path = CardRack::path(dir, number);
        if !path.exists() {
            return Err(NoCard::Number(number));
        }
        Ok(Box::new(FileCard::new(path)))
    }

    fn reader(readers: &Readers, name: &str) -> Result<AnyCard, NoCard> {
        (readers.open)(name).map_err(NoCard::Reader)
    }

    /// The card the desk writes a token on, with its number when cards are files: the
    /// lowest-numbered blank one (wiped, or never written), made if need be; or the card in
    /// the desk's reader.
    pub fn for_desk(&self) -> Result<(AnyCard, Option<u32>), NoCard> {
        let dir = match &self.0 {
            Rack::Readers(r) => {
                let mut card = CardRack::reader(r, &r.desk)?;
                // A new card holds nothing; any other must be wiped (by the box) first.
                let content = card.read().map_err(NoCard::Reader)?;
                if !content.is_empty() && !Payload::from_bytes(&content).is_ok_and(blank) {
                    return Err(NoCard::NotBlank);
                }
                return Ok((card, None));
            }
            Rack::Files(dir) => dir,
        };
        std::fs::create_dir_all(dir)
            .map_err(|e| NoCard::Reader(CardError::Io(format!("{}: {e}", dir.display()))))?;
        for n in 1.. {
            let mut card = FileCard::new(CardRack::path(dir, n));
            if !card.path().exists() || card.payload().is_ok_and(blank) {
                return Ok((Box::new(card), Some(n)));
            }
        }
        unreachable!("the numbers run out after four billion cards")
    }

    /// The card terminal `device` reads: card `number`, or the card in its reader.
    pub fn for_terminal(&self, device: &str, number: Option<u32>) -> Result<AnyCard, NoCard> {
        match &self.0 {
            Rack::Files(dir) => CardRack::numbered(dir, number),
            Rack::Readers(r) => match r.terminals.get(device) {
                Some(name) => CardRack::reader(r, name),
                None => Err(NoCard::NoReader(device.to_string())),
            },
        }
    }

    /// The card the box takes: card `number`, or the card in its reader.
    pub fn for_box(&self, number: Option<u32>) -> Result<AnyCard, NoCard> {
        match &self.0 {
            Rack::Files(dir) => CardRack::numbered(dir, number),
            Rack::Readers(r) => CardRack::reader(r, &r.ballot_box),
        }
    }
}

fn blank(p: Payload) -> bool {
    p.token.is_none() && p.ballots.is_empty()
}
