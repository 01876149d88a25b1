//! The station's smart cards, as files in a folder (`NNNN.card`, `sailau_station::card::FileCard`):
//! the desk writes a token on a blank card, the voter carries it to a terminal and then to
//! the box, which wipes it. With card readers, each device would read its own reader instead;
//! here the card's number stands for putting it in.

use sailau_station::card::{Card, FileCard};
use std::path::PathBuf;

/// The station's cards, as files in one folder: shared by the desk, the terminals and the box.
#[derive(Clone)]
pub struct CardRack {
    dir: PathBuf,
}

impl CardRack {
    /// The rack in `dir` (made if missing).
    pub fn new(dir: impl Into<PathBuf>) -> std::io::Result<CardRack> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir)?;
        Ok(CardRack { dir })
    }

    fn path(&self, number: u32) -> PathBuf {
        self.dir.join(format!("{number:04}.card"))
    }

    /// Card `number`, if it exists.
    pub fn card(&self, number: u32) -> Option<FileCard> {
        let path = self.path(number);
        path.exists().then(|| FileCard::new(path))
    }

    /// The lowest-numbered card that is blank (wiped, or never written), made if need be.
    pub fn blank(&self) -> FileCard {
        for n in 1.. {
            let path = self.path(n);
            if !path.exists() {
                return FileCard::new(path);
            }
            let mut card = FileCard::new(path);
            if card
                .payload()
                .is_ok_and(|p| p.token.is_none() && p.ballots.is_empty())
            {
                return card;
            }
        }
        unreachable!("the numbers run out after four billion cards")
    }

    /// The number a card of this rack carries.
    pub fn number_of(card: &FileCard) -> u32 {
        card.path()
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    }
}
