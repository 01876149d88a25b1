//! The list quota: at least 30% of every party list must be women, young people or people
//! with disabilities (docs/law.md, "Lists"). It decides who may stand, not how many seats a
//! list wins, so it is checked when a list is registered, not when seats are allocated.

use crate::date::Date;
use crate::edition::ListQuota;
use crate::election_day::anniversary;

/// What the quota needs to know of one candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuotaFacts {
    /// Whether the candidate is a woman.
    pub woman: bool,
    /// The candidate's birth date, for the age limit on election day.
    pub birth: Date,
    /// Whether the candidate has a disability.
    pub disability: bool,
}

/// How a list stands against the quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuotaCount {
    /// Candidates who count towards the quota, each once.
    pub counted: u64,
    /// Candidates on the list.
    pub listed: u64,
    /// The fewest that must count: ⌈share × listed⌉.
    pub required: u64,
}

impl QuotaCount {
    /// Whether the list meets the quota: at least `required` candidates count.
    pub fn met(&self) -> bool {
        self.counted >= self.required
    }
}

/// Does this candidate count towards `quota` on `day`? A person in several groups counts once.
pub fn counts(quota: &ListQuota, c: &QuotaFacts, day: Date) -> bool {
    let young = quota
        .younger_than
        .is_some_and(|years| anniversary(c.birth, years).is_none_or(|a| day < a));
    (quota.women && c.woman) || young || (quota.disability && c.disability)
}

/// Counts a list against `quota` on election day `day`, exactly: `required` is the least
/// integer r with r ≥ share × listed.
pub fn count(quota: &ListQuota, list: &[QuotaFacts], day: Date) -> QuotaCount {
    let listed = list.len() as u64;
    let counted = list.iter().filter(|c| counts(quota, c, day)).count() as u64;
    let (num, den) = (quota.share.num(), quota.share.den());
    let required = (u128::from(listed) * num).div_ceil(den) as u64;
    QuotaCount {
        counted,
        listed,
        required,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ratio::Ratio;

    const Q: ListQuota = ListQuota {
        share: Ratio::new(3, 10),
        women: true,
        younger_than: Some(29),
        disability: true,
    };

    fn man(birth: &str) -> QuotaFacts {
        QuotaFacts {
            woman: false,
            birth: birth.parse().unwrap(),
            disability: false,
        }
    }

    #[test]
    fn thirty_percent_rounds_up() {
        let day: Date = "2023-03-19".parse().unwrap();
        let mut list = vec![man("1970-01-01"); 10];
        assert_eq!(count(&Q, &list, day).required, 3);
        list[0].woman = true;
        list[1].woman = true;
        assert!(!count(&Q, &list, day).met());
        list[2].disability = true;
        assert!(count(&Q, &list, day).met());
        // 11 candidates need 4 (3.3 rounds up).
        list.push(man("1970-01-01"));
        assert_eq!(count(&Q, &list, day).required, 4);
        assert!(!count(&Q, &list, day).met());
    }

    #[test]
    fn a_person_counts_once_and_youth_ends_on_the_29th_birthday() {
        let day: Date = "2023-03-19".parse().unwrap();
        let mut both = man("2000-01-01");
        both.woman = true;
        assert_eq!(count(&Q, &[both], day).counted, 1);
        assert!(
            counts(&Q, &man("1994-03-20"), day),
            "28 the day before turning 29"
        );
        assert!(!counts(&Q, &man("1994-03-19"), day), "29 on election day");
    }
}
