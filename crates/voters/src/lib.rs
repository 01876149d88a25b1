//! # sailau-voters: who may vote, and where
//!
//! The voter list of an election: the person's number, the import of a list with the law's
//! eligibility rules, and the rules that move a voter away from home (absentee certificates)
//! or bring the box to them (the mobile box).
//!
//! - [`iin`]: the 12-digit individual identification number (birth date, century and sex,
//!   check digit), with the limits of what its check digit catches.
//! - [`list`]: a voter list from CSV (docs/formats.md, "Voter lists"). Each row becomes a
//!   voter, an exclusion the law requires (under 18 on election day, Constitution 1995 art. 33
//!   cl. 2; declared incompetent by a court or serving a court's prison sentence, art. 33
//!   cl. 3), or a rejection naming the line and the reason. An IIN on two rows rejects all of
//!   them: a person is on one list once.
//! - [`absentee`]: absentee certificates (issued until 18:00 local time the day before
//!   election day, honoured only away from home and only for contests the destination's
//!   ballots share) and mobile-box requests (until 12:00 local time on election day); Election
//!   law art. 41 cl. 6 and 6-1. The readings marked **UNCONFIRMED** are listed in docs/law.md.
//!
//! Pure, like the law crate: no file or network I/O and no clock. It takes bytes, dates and
//! instants supplied by the caller and returns checked values; deadlines come from
//! `sailau_law::election_day`, which reads them in the precinct's local time.
//!
//! ```
//! use sailau_voters::iin::{Iin, Sex};
//! let iin = Iin::parse("900115301235").unwrap();
//! assert_eq!(iin.birth_date().to_string(), "1990-01-15");
//! assert_eq!(iin.sex(), Sex::Male);
//! assert_eq!(
//!     Iin::parse("900115301234").unwrap_err().to_string(),
//!     "check digit is 4, the first 11 digits give 5"
//! );
//! ```

#![warn(missing_docs)]

pub mod absentee;
pub mod iin;
pub mod list;

pub use absentee::{AbsenteeError, Certificate, DeadlineError};
pub use iin::{Iin, IinError, Sex};
pub use list::{import, write_csv, Excluded, Exclusion, Import, ListError, Rejection, Voter};
