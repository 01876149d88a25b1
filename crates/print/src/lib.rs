//! `sailau-print`: what a precinct commission prints, as PDF. The paper ballots of each
//! ballot style ([`ballots`]) and the precinct protocol, its copy for each observer numbered
//! ([`protocol`]), in Kazakh and Russian, with Noto Sans embedded (OFL: `fonts/OFL.txt`), so
//! every letter of Kazakh prints and the text can be selected and searched.
//!
//! Pure: definition and protocol in, bytes out; the caller writes the files.

#![warn(missing_docs)]

mod ballot;
mod protocol;
mod sheet;

pub use ballot::ballots;
pub use protocol::protocol;

/// Why a document cannot be printed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrintError {
    /// The definition has no such ballot style.
    #[error("the definition has no ballot style {0:?}")]
    UnknownStyle(String),
    /// The protocol is of a precinct the definition does not hold.
    #[error("the definition has no precinct {0:?}")]
    UnknownPrecinct(String),
    /// The protocol counts a contest the definition does not hold.
    #[error("the definition has no contest {0:?}")]
    UnknownContest(String),
    /// The protocol names another definition's digest: its labels would be wrong.
    #[error("the protocol was counted under another definition (its digest differs)")]
    OtherDefinition,
    /// The embedded font cannot be read: a broken build.
    #[error("the embedded font cannot be read")]
    Font,
    /// The PDF cannot be written.
    #[error("the PDF cannot be written: {0}")]
    Pdf(String),
}
