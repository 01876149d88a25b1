//! Importing a voter list from CSV (docs/formats.md, "Voter lists").
//!
//! The file is UTF-8, comma-separated, with the exact header `iin,name,birth_date,precinct,flags`.
//! A file that cannot be read as such is a [`ListError`] and nothing is imported. Otherwise every
//! row ends in exactly one of three places: [`Import::voters`] (on the list),
//! [`Import::excluded`] (a correct row of a person the law keeps off the list) or
//! [`Import::rejected`] (a row that is wrong and must be corrected at the source). A bad row
//! never stops the rows after it, and nothing is corrected silently: a row is taken exactly as
//! written or rejected with the reason.

use crate::iin::Iin;
use sailau_law::election_day::{anniversary, of_voting_age, VOTING_AGE};
use sailau_law::Date;
use std::collections::{BTreeMap, BTreeSet};

/// The header, column by column.
pub const HEADER: [&str; 5] = ["iin", "name", "birth_date", "precinct", "flags"];
/// The longest name accepted, in characters (Unicode scalar values).
pub const MAX_NAME_CHARS: usize = 200;

/// A voter on the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Voter {
    /// The voter's IIN; no other row of the file has it.
    pub iin: Iin,
    /// Full name, as written in the file.
    pub name: String,
    /// Birth date; it matches the one in the IIN.
    pub birth: Date,
    /// The id of the precinct whose list the voter is on.
    pub precinct: String,
}

/// Why the law keeps a person with a correct row off the list. Constitution 1995 art. 33 cl. 2-3:
/// citizens vote from 18; those declared incompetent by a court and those held in places of
/// confinement by a court's sentence do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exclusion {
    /// Under 18 on election day (Constitution 1995 art. 33 cl. 2).
    Underage {
        /// The day the person turns 18.
        eighteen_on: Date,
    },
    /// Declared incompetent by a court (art. 33 cl. 3; the `incompetent` flag).
    Incompetent,
    /// Held in a place of confinement by a court's sentence (art. 33 cl. 3; the `imprisoned`
    /// flag).
    Imprisoned,
}

/// A row that is wrong. `row` is the line number in the file (the header is line 1; a quoted
/// field with line breaks makes a row span lines, and its first line is named).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// The row's line in the file.
    pub row: u64,
    /// Every reason found, joined by `; `.
    pub reason: String,
}

/// A correct row kept off the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excluded {
    /// The row's line in the file.
    pub row: u64,
    /// The person's IIN.
    pub iin: Iin,
    /// The reason the law keeps the person off the list.
    pub why: Exclusion,
}

/// The outcome of an import, each list in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Import {
    /// Correct rows of people who may vote.
    pub voters: Vec<Voter>,
    /// Correct rows of people the law keeps off the list.
    pub excluded: Vec<Excluded>,
    /// Wrong rows, to be corrected at the source.
    pub rejected: Vec<Rejection>,
}

/// The file cannot be read as a voter list at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ListError {
    /// The bytes are not UTF-8 text.
    #[error("the file is not UTF-8 text (line {line}); save it as \"CSV UTF-8\"")]
    NotUtf8 {
        /// The line holding the first byte that is not UTF-8.
        line: u64,
    },
    /// The file holds no line, not even the header.
    #[error("the file is empty; its first line must be the header `{}`", HEADER.join(","))]
    Empty,
    /// The first line is not exactly the header.
    #[error("line 1 must be the header `{}`; found `{found}`", HEADER.join(","))]
    Header {
        /// The first line as read, its fields joined by commas.
        found: String,
    },
    /// The CSV reader cannot parse a line.
    #[error("line {line}: {message}")]
    Csv {
        /// The line, or 0 if the reader names none.
        line: u64,
        /// The reader's own message.
        message: String,
    },
}

impl std::fmt::Display for Exclusion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Exclusion::Underage { eighteen_on } => {
                write!(
                    f,
                    "under {VOTING_AGE} on election day (turns {VOTING_AGE} on {eighteen_on})"
                )
            }
            Exclusion::Incompetent => f.write_str("declared incompetent by a court"),
            Exclusion::Imprisoned => f.write_str("serving a prison sentence by a court"),
        }
    }
}

/// A row as read, before duplicates are looked for.
struct Row {
    line: u64,
    /// The IIN if it parsed, whatever else is wrong: a wrong row still claims its IIN, so that
    /// a duplicate of it is not kept as if it were alone.
    iin: Option<Iin>,
    reasons: Vec<String>,
    voter: Option<(Voter, Option<Exclusion>)>,
}

/// Reads a voter list. `election_day` decides who is 18; `precincts` are the precinct ids of
/// the election.
pub fn import(
    csv: &[u8],
    election_day: Date,
    precincts: &BTreeSet<String>,
) -> Result<Import, ListError> {
    let text = std::str::from_utf8(csv).map_err(|e| ListError::NotUtf8 {
        line: 1 + csv[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64,
    })?;
    // Spreadsheet programs start "CSV UTF-8" with a byte-order mark: it marks the encoding and
    // is not part of the header.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true) // a short or long row is the row's fault, not the file's
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let csv_error = |e: csv::Error| ListError::Csv {
        line: e.position().map_or(0, |p| p.line()),
        message: e.to_string(),
    };
    let header = records.next().ok_or(ListError::Empty)?.map_err(csv_error)?;
    if header.iter().ne(HEADER) {
        return Err(ListError::Header {
            found: header.iter().collect::<Vec<_>>().join(","),
        });
    }

    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, |p| p.line());
        rows.push(read_row(line, &record, election_day, precincts));
    }

    // Nobody can tell which of two rows with one IIN is right, so none of them is kept.
    let mut lines_of: BTreeMap<Iin, Vec<u64>> = BTreeMap::new();
    for row in &rows {
        if let Some(iin) = row.iin {
            lines_of.entry(iin).or_default().push(row.line);
        }
    }

    let mut out = Import::default();
    for mut row in rows {
        if let Some(lines) = row.iin.and_then(|iin| lines_of.get(&iin)) {
            if lines.len() > 1 {
                row.reasons.insert(0, duplicate_reason(row.line, lines));
            }
        }
        match row.voter {
            Some((voter, exclusion)) if row.reasons.is_empty() => match exclusion {
                None => out.voters.push(voter),
                Some(why) => out.excluded.push(Excluded {
                    row: row.line,
                    iin: voter.iin,
                    why,
                }),
            },
            _ => out.rejected.push(Rejection {
                row: row.line,
                reason: row.reasons.join("; "),
            }),
        }
    }
    Ok(out)
}

fn line_list(lines: &[u64]) -> String {
    let words: Vec<String> = lines.iter().map(u64::to_string).collect();
    match words.len() {
        1 => format!("line {}", words[0]),
        _ => format!("lines {}", words.join(", ")),
    }
}

fn duplicate_reason(line: u64, lines: &[u64]) -> String {
    let before: Vec<u64> = lines.iter().copied().filter(|&l| l < line).collect();
    let after: Vec<u64> = lines.iter().copied().filter(|&l| l > line).collect();
    let mut parts = Vec::new();
    if !before.is_empty() {
        parts.push(format!("IIN already on {}", line_list(&before)));
    }
    if !after.is_empty() {
        let also = if before.is_empty() {
            "IIN also on"
        } else {
            "also on"
        };
        parts.push(format!("{also} {}", line_list(&after)));
    }
    format!(
        "{}; a voter is on one row only, and nobody can tell which row is right, so every row \
         with this IIN is rejected",
        parts.join(", ")
    )
}

fn read_row(
    line: u64,
    record: &csv::StringRecord,
    election_day: Date,
    precincts: &BTreeSet<String>,
) -> Row {
    let mut row = Row {
        line,
        iin: None,
        reasons: Vec::new(),
        voter: None,
    };
    if record.len() != HEADER.len() {
        let hint = if record.len() > HEADER.len() {
            " (a name with a comma must be in double quotes)"
        } else {
            ""
        };
        row.reasons.push(format!(
            "{} fields; a row has {}: {}{hint}",
            record.len(),
            HEADER.len(),
            HEADER.join(",")
        ));
        // The IIN still counts for duplicates if the first field is one.
        row.iin = record.get(0).and_then(|s| Iin::parse(s).ok());
        return row;
    }
    let field = |i: usize| record.get(i).unwrap_or_default();
    let (iin_text, name, birth_text, precinct, flags) =
        (field(0), field(1), field(2), field(3), field(4));

    match Iin::parse(iin_text) {
        Ok(iin) => row.iin = Some(iin),
        Err(e) => row.reasons.push(format!("IIN {iin_text:?}: {e}")),
    }
    if name.trim().is_empty() {
        row.reasons.push("name is empty".into());
    } else if name.chars().count() > MAX_NAME_CHARS {
        row.reasons.push(format!(
            "name has {} characters; at most {MAX_NAME_CHARS}",
            name.chars().count()
        ));
    } else if name.chars().any(char::is_control) {
        row.reasons
            .push("name contains a control character (a line break or a tab)".into());
    }
    let birth = match birth_text.parse::<Date>() {
        Ok(birth) => {
            if let Some(iin) = row.iin.filter(|i| i.birth_date() != birth) {
                row.reasons.push(format!(
                    "birth_date {birth} does not match the IIN, which gives {}",
                    iin.birth_date()
                ));
            }
            Some(birth)
        }
        Err(_) => {
            row.reasons.push(format!(
                "birth_date {birth_text:?} is not a date of the form YYYY-MM-DD"
            ));
            None
        }
    };
    if !precincts.contains(precinct) {
        row.reasons.push(format!(
            "precinct {precinct:?} is not a precinct of this election"
        ));
    }
    let (mut incompetent, mut imprisoned) = (false, false);
    if !flags.is_empty() {
        for flag in flags.split(';') {
            match flag {
                "incompetent" => incompetent = true,
                "imprisoned" => imprisoned = true,
                other => row.reasons.push(format!(
                    "unknown flag {other:?}; flags are empty or `incompetent`, `imprisoned`, \
                     separated by `;`"
                )),
            }
        }
    }

    if let (Some(iin), Some(birth), true) = (row.iin, birth, row.reasons.is_empty()) {
        // One reason is recorded; the order is age, then the court's decisions.
        let exclusion = if !of_voting_age(birth, election_day) {
            Some(Exclusion::Underage {
                eighteen_on: anniversary(birth, VOTING_AGE)
                    .expect("an IIN's birth year is at most 2099"),
            })
        } else if incompetent {
            Some(Exclusion::Incompetent)
        } else if imprisoned {
            Some(Exclusion::Imprisoned)
        } else {
            None
        };
        let voter = Voter {
            iin,
            name: name.to_string(),
            birth,
            precinct: precinct.to_string(),
        };
        row.voter = Some((voter, exclusion));
    }
    row
}

/// Writes voters as a voter list (with the header, flags empty), so that a list made by a
/// program goes through [`import`] like any other.
pub fn write_csv(voters: &[Voter]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let write = |w: &mut csv::Writer<Vec<u8>>, fields: [&str; 5]| {
        w.write_record(fields)
            .expect("writing to memory cannot fail")
    };
    write(&mut w, HEADER);
    for v in voters {
        let (iin, birth) = (v.iin.to_string(), v.birth.to_string());
        write(&mut w, [&iin, &v.name, &birth, &v.precinct, ""]);
    }
    w.into_inner().expect("writing to memory cannot fail")
}
