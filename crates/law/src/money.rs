//! Money in a campaign, in whole tenge: the state's campaign funding per candidate and the
//! election deposit with its refund (docs/law.md, "Money").
//!
//! Amounts are integers, never floats: a ledger must add up to the tenge. The figures are data
//! by edition, each with its source; a reading not found is marked **UNCONFIRMED**.

use crate::contest::Body;
use crate::date::Date;
use crate::ratio::Ratio;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount in whole tenge.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(transparent)]
pub struct Tenge(pub u64);

impl fmt::Display for Tenge {
    /// Digits in groups of three, as `10,312,600 tenge`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.0.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        write!(f, "{out} tenge")
    }
}

/// Which seat a maslikhat candidate stands for: the funding differs by level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// The body as a whole (the Mazhilis, the President, a Senate seat, a rural akim).
    National,
    /// A regional maslikhat, or that of Astana, Almaty or Shymkent.
    Regional,
    /// A district or city maslikhat.
    Local,
}

/// Where a Senate candidate travels: the travel item differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Place {
    /// In a region.
    Region,
    /// In Astana or Almaty.
    Capital,
}

/// One item of a candidate's state funding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Item {
    /// What it pays for, as a ledger line names it.
    pub purpose: &'static str,
    /// Its amount.
    pub amount: Tenge,
    /// Only for a candidate in this place; `None`: for every candidate.
    pub place: Option<Place>,
}

/// The state's funding of one candidate of one body (level) under one edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Funding {
    /// The body.
    pub body: Body,
    /// The level, for maslikhats; [`Level::National`] for the rest.
    pub level: Level,
    /// First election day these figures apply to.
    pub from: Date,
    /// Its items. Their sum (for the candidate's place) is the candidate's funding.
    pub items: &'static [Item],
    /// Where the figures come from.
    pub source: &'static str,
}

impl Funding {
    /// The items a candidate standing in `place` receives.
    pub fn items_for(&self, place: Place) -> impl Iterator<Item = &'static Item> {
        self.items
            .iter()
            .filter(move |i| i.place.is_none_or(|p| p == place))
    }

    /// The total a candidate in `place` receives.
    pub fn total(&self, place: Place) -> Tenge {
        Tenge(self.items_for(place).map(|i| i.amount.0).sum())
    }
}

const fn item(purpose: &'static str, amount: u64) -> Item {
    Item {
        purpose,
        amount: Tenge(amount),
        place: None,
    }
}

const CEC_FUNDING_2023: &str = "CEC decision on state campaign funding, elections of 19 March \
     2023: per Mazhilis single-member candidate 950,000 tenge (media 450,000, events and \
     materials 300,000, transport 200,000); regional maslikhat 550,000; district and city \
     maslikhat 350,000";
const CEC_FUNDING_2022: &str = "CEC decision on state campaign funding, presidential election of \
     20 November 2022: 10,312,600 tenge per candidate";
const CEC_SENATE_2023: &str = "CEC decision on state campaign funding, Senate elections of \
     14 January 2023: a 15-minute TV address 115,000; 10 minutes of radio 60,000; two press \
     articles 105,000; hall rent 20,000; printed materials 25,000; travel 70,000 in the regions, \
     35,000 in Astana and Almaty";

/// State campaign funding per candidate, by body and level, newest edition last.
pub const FUNDING: &[Funding] = &[
    Funding {
        body: Body::President,
        level: Level::National,
        from: Date::ymd(2022, 11, 20),
        items: &[item("campaign", 10_312_600)],
        source: CEC_FUNDING_2022,
    },
    Funding {
        body: Body::Senate,
        level: Level::National,
        from: Date::ymd(2023, 1, 14),
        items: &[
            item("television address, 15 minutes", 115_000),
            item("radio address, 10 minutes", 60_000),
            item("two press articles", 105_000),
            item("hall rent", 20_000),
            item("printed materials", 25_000),
            Item {
                purpose: "travel",
                amount: Tenge(70_000),
                place: Some(Place::Region),
            },
            Item {
                purpose: "travel",
                amount: Tenge(35_000),
                place: Some(Place::Capital),
            },
        ],
        source: CEC_SENATE_2023,
    },
    Funding {
        body: Body::Mazhilis,
        level: Level::National,
        from: Date::ymd(2023, 3, 19),
        items: &[
            item("media", 450_000),
            item("events and printed materials", 300_000),
            item("transport", 200_000),
        ],
        source: CEC_FUNDING_2023,
    },
    Funding {
        body: Body::Maslikhat,
        level: Level::Regional,
        from: Date::ymd(2023, 3, 19),
        items: &[item("campaign", 550_000)],
        source: CEC_FUNDING_2023,
    },
    Funding {
        body: Body::Maslikhat,
        level: Level::Local,
        from: Date::ymd(2023, 3, 19),
        items: &[item("campaign", 350_000)],
        source: CEC_FUNDING_2023,
    },
];

/// The funding of a candidate of `body` at `level` in an election held on `day`: the newest
/// figures from on or before it. `None` where no figures are known (party lists are funded
/// through the party, and the figures for rural akims were not found).
pub fn funding(body: Body, level: Level, day: Date) -> Option<&'static Funding> {
    FUNDING
        .iter()
        .filter(|f| f.body == body && f.level == level && f.from <= day)
        .max_by_key(|f| f.from)
}

/// The monthly minimum wage of a year, the unit deposits are counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MinimumWage {
    /// The calendar year.
    pub year: u16,
    /// The wage.
    pub amount: Tenge,
    /// The law that set it.
    pub source: &'static str,
}

/// Minimum wages by year, set by each year's law on the republican budget.
pub const MINIMUM_WAGES: &[MinimumWage] = &[
    MinimumWage {
        year: 2022,
        amount: Tenge(60_000),
        source: "Law on the republican budget for 2022-2024",
    },
    MinimumWage {
        year: 2023,
        amount: Tenge(70_000),
        source: "Law on the republican budget for 2023-2025",
    },
    MinimumWage {
        year: 2024,
        amount: Tenge(85_000),
        source: "Law on the republican budget for 2024-2026",
    },
    MinimumWage {
        year: 2025,
        amount: Tenge(85_000),
        source: "Law on the republican budget for 2025-2027",
    },
    MinimumWage {
        year: 2026,
        amount: Tenge(85_000),
        source: "Law on the republican budget for 2026-2028 (UNCONFIRMED: the figure was not read)",
    },
];

/// The minimum wage in force in `year`.
pub fn minimum_wage(year: u16) -> Option<Tenge> {
    MINIMUM_WAGES
        .iter()
        .find(|w| w.year == year)
        .map(|w| w.amount)
}

/// The election deposit of one body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DepositRule {
    /// The body.
    pub body: Body,
    /// First election day the rule applies to.
    pub from: Date,
    /// The deposit, in minimum wages of election year.
    pub minimum_wages: u64,
    /// Refunded to a candidate who wins at least this share of the base (or is elected).
    pub refund_share: Ratio,
    /// Where it is stated.
    pub source: &'static str,
    /// A reading not found in the law, if any.
    pub unconfirmed: Option<&'static str>,
}

const DEPOSITS_SOURCE: &str = "Constitutional Law \"On Elections\": the election deposit is 50 \
     minimum wages for the President, 15 for the Mazhilis, 5 for a maslikhat; refunded to a \
     candidate elected or winning at least 5% of the votes";
const DEPOSIT_BASE: &str = "The base of the 5% is read as the contest's base of shares (its \
     valid votes, \"against all\" included); a party list's deposit is read as one per \
     candidate on the list, refunded when the list wins 5%.";

/// The deposits, by body.
pub const DEPOSITS: &[DepositRule] = &[
    DepositRule {
        body: Body::President,
        from: Date::ymd(2022, 11, 5),
        minimum_wages: 50,
        refund_share: Ratio::new(5, 100),
        source: DEPOSITS_SOURCE,
        unconfirmed: Some(DEPOSIT_BASE),
    },
    DepositRule {
        body: Body::Mazhilis,
        from: Date::ymd(2022, 11, 5),
        minimum_wages: 15,
        refund_share: Ratio::new(5, 100),
        source: DEPOSITS_SOURCE,
        unconfirmed: Some(DEPOSIT_BASE),
    },
    DepositRule {
        body: Body::Maslikhat,
        from: Date::ymd(2022, 11, 5),
        minimum_wages: 5,
        refund_share: Ratio::new(5, 100),
        source: DEPOSITS_SOURCE,
        unconfirmed: Some(DEPOSIT_BASE),
    },
];

/// The deposit rule for `body` on `day`; `None` where the body takes none (or none was found:
/// the Senate, rural akims, the Kurultai).
pub fn deposit_rule(body: Body, day: Date) -> Option<&'static DepositRule> {
    DEPOSITS
        .iter()
        .filter(|d| d.body == body && d.from <= day)
        .max_by_key(|d| d.from)
}

/// The deposit a candidate of `body` pays for an election on `day`: the rule's minimum wages
/// times the wage of election year.
pub fn deposit(body: Body, day: Date) -> Option<Tenge> {
    let rule = deposit_rule(body, day)?;
    let wage = minimum_wage(day.year())?;
    Some(Tenge(rule.minimum_wages * wage.0))
}

/// Is a deposit refunded, once the results are certified? Yes if the candidate was elected,
/// or won at least the rule's share (`share` is the candidate's, or the list's, share of the
/// contest's base).
pub fn refunded(rule: &DepositRule, elected: bool, share: Ratio) -> bool {
    elected || share >= rule.refund_share
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn the_2023_funding_is_as_the_cec_set_it() {
        let day = d("2023-03-19");
        let m = funding(Body::Mazhilis, Level::National, day).unwrap();
        assert_eq!(m.total(Place::Region), Tenge(950_000));
        assert_eq!(m.items.len(), 3);
        let regional = funding(Body::Maslikhat, Level::Regional, day).unwrap();
        assert_eq!(regional.total(Place::Region), Tenge(550_000));
        let local = funding(Body::Maslikhat, Level::Local, day).unwrap();
        assert_eq!(local.total(Place::Capital), Tenge(350_000));
        let p = funding(Body::President, Level::National, d("2022-11-20")).unwrap();
        assert_eq!(p.total(Place::Region).to_string(), "10,312,600 tenge");
        assert!(funding(Body::Mazhilis, Level::National, d("2021-01-10")).is_none());
    }

    #[test]
    fn a_senate_candidate_is_paid_item_by_item_and_by_place() {
        let s = funding(Body::Senate, Level::National, d("2023-01-14")).unwrap();
        // 115 + 60 + 105 + 20 + 25 thousand, and travel.
        assert_eq!(s.total(Place::Region), Tenge(395_000));
        assert_eq!(s.total(Place::Capital), Tenge(360_000));
        assert_eq!(s.items_for(Place::Region).count(), 6);
    }

    #[test]
    fn deposits_are_minimum_wages_of_election_year() {
        assert_eq!(
            deposit(Body::President, d("2022-11-20")),
            Some(Tenge(3_000_000))
        );
        assert_eq!(
            deposit(Body::Mazhilis, d("2023-03-19")),
            Some(Tenge(1_050_000))
        );
        assert_eq!(
            deposit(Body::Maslikhat, d("2023-03-19")),
            Some(Tenge(350_000))
        );
        assert_eq!(deposit(Body::Senate, d("2023-01-14")), None);
    }

    #[test]
    fn a_deposit_comes_back_when_elected_or_at_five_percent() {
        let rule = deposit_rule(Body::Mazhilis, d("2023-03-19")).unwrap();
        assert!(refunded(rule, true, Ratio::new(1, 100)));
        assert!(refunded(rule, false, Ratio::new(5, 100)));
        assert!(!refunded(rule, false, Ratio::new(4_999, 100_000)));
    }
}
