//! `sailau-definition`: the election definition, the one typed description of an election that
//! every later stage reads (docs/formats.md, "The election definition").
//!
//! It says what is elected and where: the territorial units (regions, cities of republican
//! significance, their districts, and the stations abroad), the single-member districts, the
//! precincts with their time zones, the contests each precinct's voters receive (ballot
//! styles), the parties with their lists, the candidates, and the guardians who hold the
//! election key. [`Definition::check`] refuses a definition that contradicts itself or the law
//! in force on election day, naming every problem by its path in the file; a [`Checked`]
//! definition then answers the questions the polling station and the count ask of it, and maps
//! onto the cryptographic [`Manifest`](sailau_crypto::Manifest).
//!
//! The crate does no I/O: it reads and writes JSON text.

#![warn(missing_docs)]

mod check;
mod hierarchy;
mod index;
pub mod named;
mod part;
pub mod round;
pub mod sample;

pub use check::{valid_id, DefinitionError};
pub use index::Checked;

use sailau_law::election_day::UtcOffset;
use sailau_law::Date;
pub use sailau_law::{Body, ContestKind};
use serde::{Deserialize, Serialize};

/// The format tag of a definition file.
pub const FORMAT: &str = "sailau-definition/2";

/// The option id that every contest with "against all" on its ballot gets, last.
pub const AGAINST_ALL: &str = "against-all";

/// A name in the three languages of the ballot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Names {
    /// The text in Kazakh, the state language.
    pub kk: String,
    /// The text in Russian.
    pub ru: String,
    /// The text in English: the manifest and the results files use it.
    pub en: String,
}

/// A language of the ballot and of the terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Language {
    /// Kazakh (`kk`), the state language.
    Kazakh,
    /// Russian (`ru`), used officially alongside Kazakh.
    Russian,
    /// English (`en`).
    English,
}

impl Language {
    /// The three languages of the ballot, in the order a names object writes them.
    pub const ALL: [Language; 3] = [Language::Kazakh, Language::Russian, Language::English];

    /// The BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Language::Kazakh => "kk",
            Language::Russian => "ru",
            Language::English => "en",
        }
    }

    /// The language of a BCP 47 tag (`kk`, `ru` or `en`); none for any other tag.
    pub fn from_tag(tag: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.tag() == tag)
    }
}

impl Names {
    /// The text in `language`.
    pub fn get(&self, language: Language) -> &str {
        match language {
            Language::Kazakh => &self.kk,
            Language::Russian => &self.ru,
            Language::English => &self.en,
        }
    }

    /// The same text in every language (a person's name, a number).
    pub fn same(text: &str) -> Names {
        Names {
            kk: text.into(),
            ru: text.into(),
            en: text.into(),
        }
    }
}

/// The whole definition, as in the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    /// The format tag: exactly [`FORMAT`].
    pub format: String,
    /// What is elected, and on which day.
    pub election: Election,
    /// The territorial units: regions, cities, their districts, and the stations abroad.
    pub units: Vec<Unit>,
    /// The single-member districts of every body and council that has them.
    #[serde(default)]
    pub districts: Vec<District>,
    /// The registered parties.
    #[serde(default)]
    pub parties: Vec<Party>,
    /// Every candidate, on a party list or standing alone.
    #[serde(default)]
    pub candidates: Vec<Candidate>,
    /// One contest per ballot paper, in the order the manifest lists them.
    pub contests: Vec<Contest>,
    /// The ballot styles: which contests a precinct's voters receive.
    pub styles: Vec<Style>,
    /// The precincts: the polling stations and their commissions.
    pub precincts: Vec<Precinct>,
    /// The guardians of the election key, and the quorum that decrypts.
    pub guardians: Guardians,
}

/// What is held, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Election {
    /// The election's id; it becomes the manifest's `election`, and protocols name it.
    pub id: String,
    /// The election's title; the English one becomes the manifest's `name`.
    pub name: Names,
    /// Election day: with each body, it picks the legal edition.
    pub date: Date,
    /// The bodies elected, written by their results-file names (`mazhilis`, `maslikhat`,
    /// `presidential`, …).
    #[serde(with = "named::bodies")]
    pub bodies: Vec<Body>,
}

/// The kind of a territorial unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnitKind {
    /// An oblast.
    Region,
    /// A city of republican significance (Astana, Almaty, Shymkent): a region of its own.
    City,
    /// A district or a city of regional significance, inside a region or a city.
    District,
    /// The stations abroad, at embassies and consulates.
    Abroad,
}

/// A territorial unit, and the commission that runs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// The unit's id, as precincts, districts and territorial protocols name it.
    pub id: String,
    /// The unit's name, such as "Aktobe Region".
    pub name: Names,
    /// A region, a city, a district, or the stations abroad.
    pub kind: UnitKind,
    /// The region or city a district belongs to; none for the others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// A single-member district of one body (of one council, for a maslikhat).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct District {
    /// The district's id, as its `smd` contest names it.
    pub id: String,
    /// The district's name, such as "Electoral district No. 1".
    pub name: Names,
    /// The body it elects a member of.
    #[serde(with = "named::body")]
    pub body: Body,
    /// The unit whose maslikhat this district elects; none for the Mazhilis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub council: Option<String>,
    /// The ids of the precincts whose voters elect its member.
    pub precincts: Vec<String>,
}

/// A registered party.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// The party's id, as options, candidates and guardians name it.
    pub id: String,
    /// The party's name, as the ballot prints it.
    pub name: Names,
    /// Order of registration by the CEC, 1 first: breaks ties of remainders.
    pub registration_order: u32,
}

/// A candidate: on a party list, or standing in a district, for President or akim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    /// The candidate's id, as options and party lists name it.
    pub id: String,
    /// The full name as printed on the ballot, in one form for all languages.
    pub name: String,
    /// Date of birth: a candidate younger than 29 on election day counts towards the quota.
    pub birth_date: Date,
    /// For the list quota (women, young people, people with disabilities).
    pub woman: bool,
    /// Whether the candidate has a disability, which counts towards the list quota under the
    /// editions that say so (`mazhilis-2022`, `maslikhat-2022`, `kurultai-2026`).
    pub disability: bool,
    /// The nominating party; none for a self-nominated candidate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
}

/// One contest: a ballot paper of its own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contest {
    /// The contest's id, as styles, tokens, protocols and the manifest name it.
    pub id: String,
    /// The title of its screen and of its ballot paper.
    pub name: Names,
    /// The body elected: one of the election's bodies.
    #[serde(with = "named::body")]
    pub body: Body,
    /// Written `party-list`, `smd`, `presidential`, `akim`, `senate` or `referendum`.
    #[serde(with = "named::kind")]
    pub kind: ContestKind,
    /// Maslikhat contests: the unit whose council is elected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub council: Option<String>,
    /// Single-member contests: the district.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    /// Party lists: seats at stake, where the edition does not fix them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seats: Option<u32>,
    /// Is "against all" on this ballot? Must agree with the edition.
    pub against_all: bool,
    /// The lines of the ballot in ballot order, "against all" not among them.
    pub options: Vec<ContestOption>,
    /// 1 for a first vote (left out of the file), 2 for a second round between the two the
    /// law named after the first.
    #[serde(default = "round::first", skip_serializing_if = "round::is_first")]
    pub round: u8,
    /// A second round's first round: the definition and contest it follows from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_round: Option<FirstRound>,
    /// Referendum questions: does the question change the Constitution? Then it also needs a
    /// yes majority in two thirds of the regions.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub constitutional: bool,
}

/// What a second round follows from (docs/formats.md, "Second rounds").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FirstRound {
    /// The first round's definition digest (64 lowercase hex digits).
    pub definition: String,
    /// The first round's contest whose runoff this is.
    pub contest: String,
    /// The first round's day: the second round must fall in the window the law gives.
    pub date: Date,
}

/// A line on the ballot: a party with its list, or a candidate, or a referendum answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContestOption {
    /// The option's id, unique within the contest and never `against-all`; `yes` or `no` for
    /// a referendum answer.
    pub id: String,
    /// Party lists: the party whose list this line is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    /// The party's list for this contest, in list order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub list: Vec<String>,
    /// Every kind but party lists and referendums: the candidate standing on this line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub candidate: Option<String>,
    /// Referendum answers only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Names>,
}

/// A ballot style: the contests a precinct's voters receive, in ballot order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Style {
    /// The style's id, as precincts and voters' tokens name it.
    pub id: String,
    /// The ids of the contests its voters receive, in ballot order.
    pub contests: Vec<String>,
}

/// A precinct: one polling station and its commission.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Precinct {
    /// The precinct's id, as districts, protocols and the polling station name it.
    pub id: String,
    /// The commission's number, as printed on the protocol.
    pub number: u32,
    /// The id of the unit it lies in: a district, a region or city, or the stations abroad.
    pub unit: String,
    /// The station's offset from UTC on election day: polls open and close by it.
    pub utc_offset: UtcOffset,
    /// Whether it is a station abroad, at an embassy or consulate: exactly when its unit is
    /// of kind `abroad`.
    pub abroad: bool,
    /// The id of its ballot style: the contests its voters receive.
    pub style: String,
}

/// The guardians of the election key and the quorum that decrypts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guardians {
    /// How many guardians are needed to decrypt (k of docs/protocol.md §4.1).
    pub quorum: u32,
    /// The guardians, from 1 to 255 of them, each holding a share of the election key.
    pub members: Vec<Guardian>,
}

/// Who a guardian is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GuardianRole {
    /// A member of the Central Election Commission.
    Commission,
    /// A nominee of a party.
    Party,
}

/// A guardian: a person who holds a share of the election key and decrypts with the others.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guardian {
    /// The guardian's name, not blank and unlike every other guardian's.
    pub name: String,
    /// A member of the Central Election Commission, or a party's nominee.
    pub role: GuardianRole,
    /// The nominating party, for a party's nominee only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
}

/// Why a definition file cannot be read at all.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ReadError {
    /// Where in the file the reading stopped, such as `contests[2].against_all`.
    pub path: String,
    /// What is wrong there: an unknown or missing field, or a value of the wrong type.
    pub message: String,
}

impl Definition {
    /// Reads a definition from JSON; an unknown or missing field is an error naming its path.
    pub fn from_json(text: &str) -> Result<Definition, ReadError> {
        let de = &mut serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(|e| ReadError {
            path: e.path().to_string(),
            message: e.inner().to_string(),
        })
    }

    /// The definition's canonical form: pretty JSON (two-space indentation, fields in the
    /// order of the format, absent optional fields left out), with a final newline. This is
    /// what is published as `definition.json`.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a definition always serializes") + "\n"
    }

    /// The SHA-256 of the canonical form ([`Definition::to_json`]): the digest that the
    /// manifest (and through the base hash every ballot), every protocol and every
    /// commission's signature name the definition by. Since the published `definition.json`
    /// is that form, it is also `sha256sum definition.json` (docs/formats.md, "The digest").
    pub fn digest(&self) -> sailau_crypto::DefinitionDigest {
        use sha2::Digest;
        sailau_crypto::DefinitionDigest(sha2::Sha256::digest(self.to_json().as_bytes()).into())
    }
}
