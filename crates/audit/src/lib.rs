//! `sailau-audit`: the risk-limiting audit of the paper count (docs/audit.md).
//!
//! Most voters in Kazakhstan vote on paper, counted by hand at the precinct into a protocol
//! that the commission signs. A signature proves who signed, not that the count is true. The
//! audit samples precincts by a public seed, has their paper counted again in public, and
//! measures how likely it is that the certified outcome is wrong:
//!
//! - [`assertion`]: for each outcome the law decides, linear assertions over the true counts
//!   that together imply it: plurality, majority and runoff, the threshold, Hamilton seats
//!   (Blom et al. 2021), and a referendum's turnout, adoption and regions;
//! - [`plan`]: each precinct's paper is a batch, with its error bound over the margins; the
//!   expected sample, and the first round's draws;
//! - [`draw`]: draws with probability in proportion to the bound, from SHA-256 of the seed;
//! - [`risk`]: the Kaplan-Markov bound, in exact fractions;
//! - [`counts`]: the hand counts' format; [`assess`]: the rounds, up to a full hand count.
//!
//! The electronic ballots prove themselves (`sailau verify`): their counts enter every
//! margin as known, and only paper is sampled. Pure: no I/O.

#![warn(missing_docs)]

pub mod assertion;
pub mod assess;
pub mod counts;
pub mod draw;
pub mod plan;
pub mod risk;
pub mod sample;

pub use assertion::{assertions, Assertion, Unaudited};
pub use assess::{assess, Assessment, ContestAssessment, Status};
pub use counts::{ContestHandCount, HandCounts, OptionHandCount, PrecinctCount, COUNTS_FORMAT};
pub use plan::{Batch, ContestPlan, Plan, PlanError, Round, PLAN_FORMAT, SCALE};
pub use risk::{Limit, Risk};
