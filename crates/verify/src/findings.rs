//! The outcome of the numbered checks of docs/protocol.md §12: their titles, what each found
//! wrong, and how to run them. A leaf that every module of the checks writes into.

/// The checks' titles, by number (1-based).
pub const TITLES: [&str; 15] = [
    "the record is complete, readable and in canonical form",
    "the guardian parameters and the manifest are well formed",
    "the election base hash is the hash of the manifest and parameters",
    "every guardian proves knowledge of its coefficients",
    "the public key and the extended base hash follow from the guardians",
    "every ballot has the contests and options of its style",
    "every selection encrypts 0 or 1 (selection proofs)",
    "every contest carries an allowed number of marks (contest proofs)",
    "confirmation codes are right and each device's chain is unbroken",
    "every challenged ballot opens to what it encrypts",
    "no ciphertext appears twice",
    "the encrypted tally is the sum of the cast ballots, and only of them",
    "every decryption share comes from a guardian and proves",
    "the published totals are what the shares decrypt to",
    "the published totals are possible",
];

/// How to verify.
#[derive(Clone, Debug)]
pub struct Options {
    /// Check every equation on its own instead of in batches.
    pub one_by_one: bool,
    /// Ballots per batch (and per unit of parallel work).
    pub batch: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            one_by_one: false,
            batch: 512,
        }
    }
}

/// One check's outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    /// The check's number in §12, 1..=15.
    pub number: usize,
    /// The check's title, as in [`TITLES`].
    pub title: &'static str,
    /// Empty when the check passed.
    pub failures: Vec<String>,
}

impl Check {
    /// True when the check found nothing wrong.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Every check's outcome and what the record says.
#[derive(Clone, Debug)]
pub struct Report {
    /// All fifteen checks, in number order.
    pub checks: Vec<Check>,
    /// How many ballots of `ballots.jsonl` are cast.
    pub cast: u64,
    /// How many ballots of `ballots.jsonl` are challenged.
    pub challenged: u64,
    /// Per contest: its id and, per option, the option id and the published total.
    pub totals: Vec<(String, Vec<(String, u64)>)>,
}

impl Report {
    /// The report of the fifteen checks' failures, in check order (`failures[i]` is check
    /// i + 1's), and the record's counts.
    pub(crate) fn of(
        failures: Vec<Vec<String>>,
        cast: u64,
        challenged: u64,
        totals: Vec<(String, Vec<(String, u64)>)>,
    ) -> Report {
        Report {
            checks: failures
                .into_iter()
                .enumerate()
                .map(|(i, failures)| Check {
                    number: i + 1,
                    title: TITLES[i],
                    failures,
                })
                .collect(),
            cast,
            challenged,
            totals,
        }
    }

    /// True when all fifteen checks passed: the record passes (§12).
    pub fn passed(&self) -> bool {
        self.checks.iter().all(Check::passed)
    }
}

#[derive(Debug)]
pub(crate) struct Findings(pub(crate) Vec<Vec<String>>);

impl Findings {
    /// Adds every failure `other` found, check by check.
    pub(crate) fn extend(&mut self, other: &Findings) {
        for (mine, theirs) in self.0.iter_mut().zip(&other.0) {
            mine.extend(theirs.iter().cloned());
        }
    }

    pub(crate) fn new() -> Findings {
        Findings(vec![Vec::new(); TITLES.len()])
    }

    /// Every failure, each prefixed by its check's number.
    pub(crate) fn all(&self) -> Vec<String> {
        self.0
            .iter()
            .enumerate()
            .flat_map(|(i, fs)| fs.iter().map(move |m| format!("check {}: {m}", i + 1)))
            .collect()
    }

    pub(crate) fn fail(&mut self, n: usize, msg: impl Into<String>) {
        self.0[n - 1].push(msg.into());
    }
    pub(crate) fn failed(&self, n: usize) -> bool {
        !self.0[n - 1].is_empty()
    }
    pub(crate) fn skip_from(&mut self, n: usize, why: &str) {
        for c in n..=TITLES.len() {
            if self.0[c - 1].is_empty() {
                self.0[c - 1].push(format!("not checked: {why}"));
            }
        }
    }
}
