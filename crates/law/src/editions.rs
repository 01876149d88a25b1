//! The table of legal editions, one row per body per amendment.
//!
//! This is data. To follow a new amendment, add a row: the algorithms need no change unless the
//! law invents a mechanism none of the fields describe. Each row cites its sources; each reading
//! of an unpublished or unfound text is listed in the row's `unconfirmed` and in docs/law.md.
//!
//! An edition stays in force until the next row of the same body takes effect, or until its
//! own `until` (used when a body is abolished: the Mazhilis and Senate end on 1 July 2026).

use crate::contest::Body;
use crate::date::Date;
use crate::edition::{
    Denominator, Edition, ListQuota, ListRules, MajorityRules, Part, ReferendumRules, SeatRules,
    SecondRound, SingleSeat, SoleParty, TieRule, Unconfirmed,
};
use crate::ratio::Ratio;

const HALF: Ratio = Ratio::new(1, 2);
const TWO_THIRDS: Ratio = Ratio::new(2, 3);
const PCT5: Ratio = Ratio::new(5, 100);
const PCT7: Ratio = Ratio::new(7, 100);

/// The 2009 runner-up rule: quotient × 0.7, at least two seats.
const RUNNER_UP: SoleParty = SoleParty::RunnerUpJoins {
    correction: Ratio::new(7, 10),
    min_seats: 2,
};

/// The May 2021 amendments. The month is sourced; the day is not (docs/law.md), and no
/// election fell in May 2021, so no result depends on it.
const MAY_2021: Date = Date::ymd(2021, 5, 24);

/// The day the bicameral Parliament gives way to the Kurultai.
const KURULTAI_DAY: Date = Date::ymd(2026, 7, 1);

const CONSTITUTION_1995: &str = "Constitution of the Republic of Kazakhstan of 30 August 1995";
const ELECTION_LAW: &str =
    "Constitutional Law No. 2464 \"On Elections in the Republic of Kazakhstan\" of 28 September 1995";
const AMEND_1998: &str =
    "Constitutional amendments of 7 October 1998: 10 Mazhilis seats by party list, 7% threshold";
const AMEND_2007: &str =
    "Constitutional amendments of 21 May 2007 and the election-law amendments of June 2007: \
     98 Mazhilis seats by party list in one nationwide district, 7% threshold";
const AMEND_2004: &str = "Constitutional Law No. 545 of 14 April 2004 amending the election law: \
     maslikhat deputies elected by plurality; \"against all\" removed from ballots";
const AMEND_2009: &str =
    "Election-law amendments of 9 February 2009 (IPU PARLINE): Art. 97 cl. 2-3, \
     if only one party passes, the runner-up joins the allocation with its quotient \
     multiplied by 0.7, and receives at least two seats";
const AMEND_2018: &str =
    "Election-law amendments of 2018: maslikhat deputies elected by party list (first used 2021)";
const AMEND_2021: &str =
    "Election-law amendments of May 2021: \"against all\" restored on ballots \
     at all levels; Mazhilis threshold lowered from 7% to 5%; direct election of rural akims \
     (first held 25 July 2021)";
const AMEND_2022: &str = "Constitutional amendments adopted by the referendum of 5 June 2022 and \
     the election-law amendments of 2022: Mazhilis 69 list + 29 single-member seats, 5% threshold; \
     regional maslikhats half list, half single-member; \"against all\" on the ballot";
const REFERENDUM_LAW: &str =
    "Constitutional Law No. 2592 \"On the Republican Referendum\" of 2 November 1995";
const CONSTITUTION_2026: &str = "Constitution adopted by the referendum of 15 March 2026: \
     a unicameral Kurultai of 145 deputies elected by party list from 1 July 2026";
const CEC_2022: &str = "CEC final protocol, presidential election of 20 November 2022: \
     6,456,392 of 7,940,477 = 81.31% (base: candidates' votes + \"against all\")";
const CEC_2004: &str = "CEC final results, Mazhilis election of 19 September 2004: the AIST bloc \
     won a list seat with 7.07% of valid votes (6.87% of ballots cast), so the threshold base \
     was the valid votes";
const CEC_2019: &str = "CEC final results, presidential election of 9 June 2019: 6,539,715 of \
     9,216,410 valid votes = 70.96% (of ballots cast it would be 70.52%)";
const CEC_2023: &str = "CEC final protocol, Mazhilis election of 19 March 2023: threshold base \
     6,366,441 = parties' votes + \"against all\"; Hare quota over the passing parties' votes";
const CEC_REFERENDUM_2022: &str = "CEC final protocol, referendum of 5 June 2022: \
     6,163,516 yes of 7,985,769 who took part = 77.18% (invalid ballots in the base)";

/// The common party-list mechanism: Hare quota, largest remainder, earlier registration first.
const fn list(seats: Option<u32>, threshold: Ratio, sole_party: SoleParty) -> ListRules {
    ListRules {
        seats,
        threshold,
        denominator: Denominator::ValidVotes,
        sole_party,
        remainder_tie: TieRule::EarlierRegistration,
        quota: None,
    }
}

/// The May 2021 amendments: 30% of a list are women or people under 29.
const QUOTA_2021: ListQuota = ListQuota {
    share: Ratio::new(3, 10),
    women: true,
    younger_than: Some(29),
    disability: false,
};

/// From the 2022 amendments, people with disabilities count too (**UNCONFIRMED**: the
/// amendment that added them; the rule itself is stated for the 2023 elections).
const QUOTA_2022: ListQuota = ListQuota {
    disability: true,
    ..QUOTA_2021
};

const fn with_quota(rules: ListRules, quota: ListQuota) -> ListRules {
    ListRules {
        quota: Some(quota),
        ..rules
    }
}

const fn plurality(districts: Option<u32>) -> SeatRules {
    SeatRules {
        districts,
        rule: SingleSeat::Plurality,
        denominator: Denominator::ValidVotes,
        tie: TieRule::Repeat,
    }
}

const SEAT_NOTES: [Unconfirmed; 2] = [
    Unconfirmed {
        part: Part::Seat,
        note: "Candidates tied for first place: no candidate is elected and the vote is repeated \
               (tie rule not found in the law; chosen over drawing lots or registration order).",
    },
    Unconfirmed {
        part: Part::Seat,
        note: "\"Against all\" first, or tied with the leading candidate: no candidate is elected \
               and the vote is repeated.",
    },
];

const RUNNER_UP_NOTE: Unconfirmed = Unconfirmed {
    part: Part::List,
    note: "Only one party passes: the runner-up joins; the quota is both parties' votes over \
           the seats, and the runner-up's quotient is multiplied by 0.7 (Art. 97 cl. 1-3, from an \
           unofficial English translation; the Russian original was not found). The rest of the \
           article was not found; this reading then gives the seats left after whole quotas one \
           each by largest remainder, any still left to the party that passed, and the runner-up \
           at least 2 seats (IPU summary), taken from the party that passed. A tie for runner-up \
           goes to the party registered earlier.",
};

const NO_LIST_PASSES_NOTE: Unconfirmed = Unconfirmed {
    part: Part::List,
    note: "No party passes the threshold: no seats can be allocated and the outcome is a repeat \
           election.",
};

const THRESHOLD_BASE_NOTE: Unconfirmed = Unconfirmed {
    part: Part::List,
    note: "Threshold base: the valid votes. A translation of the law reads \"7% of the voters who \
           took part\", but in 2004 the AIST bloc won a seat with 7.07% of valid votes and 6.87% of \
           ballots cast, so the CEC counted valid votes.",
};

/// The President: more than half of the valid votes, else a runoff; no minimum turnout.
const PRESIDENT_MAJORITY: MajorityRules = MajorityRules {
    denominator: Denominator::ValidVotes,
    quorum: None,
    tie: TieRule::Repeat,
    // "A runoff between the top two within two months" (the brief's sources: Wikipedia
    // "Elections in Kazakhstan", IFES ElectionGuide); the article was not found.
    second_round: SecondRound::WithinMonths(2),
};

const RUNOFF_WINDOW_NOTE: Unconfirmed = Unconfirmed {
    part: Part::Majority,
    note: "The second round is held within two months of the first (public summaries of the \
           law; the article's text was not found), on a later day.",
};

const RUNOFF_TIE_NOTE: Unconfirmed = Unconfirmed {
    part: Part::Majority,
    note: "A tie for a runoff place, or in the runoff itself: nobody is chosen and the vote is \
           repeated (tie rule not found in the law).",
};

/// Every edition, grouped by body, oldest first within a body.
pub static EDITIONS: &[Edition] = &[
    // ---------------------------------------------------------------- President
    Edition {
        id: "president-1995",
        body: Body::President,
        title: "President: absolute majority, runoff between the top two",
        from: Date::ymd(1995, 9, 28),
        until: None,
        sources: &[CONSTITUTION_1995, ELECTION_LAW, AMEND_2004, CEC_2019],
        against_all: false,
        list: None,
        seat: None,
        majority: Some(PRESIDENT_MAJORITY),
        referendum: None,
        unconfirmed: &[
            Unconfirmed {
                part: Part::Majority,
                note:
                    "Base of the majority: the valid votes, as in every CEC percentage from 2005 \
                       to 2019; the law is often quoted as \"more than 50% of the voters who took \
                       part\", whose text was not found. No election was close enough to tell.",
            },
            Unconfirmed {
                part: Part::Majority,
                note: "No minimum turnout (the brief's reading; older texts not found).",
            },
            RUNOFF_TIE_NOTE,
            RUNOFF_WINDOW_NOTE,
        ],
    },
    Edition {
        id: "president-2021",
        body: Body::President,
        title: "President: \"against all\" on the ballot and in the base",
        from: MAY_2021,
        until: None,
        sources: &[CONSTITUTION_1995, ELECTION_LAW, AMEND_2021, CEC_2022],
        against_all: true,
        list: None,
        seat: None,
        majority: Some(PRESIDENT_MAJORITY),
        referendum: None,
        unconfirmed: &[RUNOFF_TIE_NOTE, RUNOFF_WINDOW_NOTE],
    },
    // ---------------------------------------------------------------- Mazhilis
    Edition {
        id: "mazhilis-1998",
        body: Body::Mazhilis,
        title: "Mazhilis: 67 single-member districts + 10 list seats (7% threshold)",
        from: Date::ymd(1998, 10, 7),
        until: None,
        sources: &[CONSTITUTION_1995, ELECTION_LAW, AMEND_1998, CEC_2004],
        against_all: false,
        list: Some(list(Some(10), PCT7, SoleParty::TakesAllSeats)),
        seat: Some(SeatRules {
            districts: Some(67),
            rule: SingleSeat::MajorityWithRunoff,
            denominator: Denominator::ValidVotes,
            tie: TieRule::Repeat,
        }),
        majority: None,
        referendum: None,
        unconfirmed: &[
            Unconfirmed {
                part: Part::Seat,
                note: "Districts: more than half, else a runoff between the top two (22 of 67 \
                       districts held runoffs on 3 October 2004); the base of the majority was not \
                       found, and the valid votes are used.",
            },
            THRESHOLD_BASE_NOTE,
            SEAT_NOTES[0],
            NO_LIST_PASSES_NOTE,
        ],
    },
    Edition {
        id: "mazhilis-2007",
        body: Body::Mazhilis,
        title: "Mazhilis: 98 seats by party list, 7% threshold",
        from: Date::ymd(2007, 6, 19),
        until: None,
        sources: &[CONSTITUTION_1995, ELECTION_LAW, AMEND_2007],
        against_all: false,
        list: Some(list(Some(98), PCT7, SoleParty::TakesAllSeats)),
        seat: None,
        majority: None,
        referendum: None,
        unconfirmed: &[THRESHOLD_BASE_NOTE, NO_LIST_PASSES_NOTE],
    },
    Edition {
        id: "mazhilis-2009",
        body: Body::Mazhilis,
        title: "Mazhilis: 98 seats by party list, 7% threshold, runner-up rule",
        from: Date::ymd(2009, 2, 9),
        until: None,
        sources: &[CONSTITUTION_1995, ELECTION_LAW, AMEND_2007, AMEND_2009],
        against_all: false,
        list: Some(list(Some(98), PCT7, RUNNER_UP)),
        seat: None,
        majority: None,
        referendum: None,
        unconfirmed: &[THRESHOLD_BASE_NOTE, RUNNER_UP_NOTE, NO_LIST_PASSES_NOTE],
    },
    Edition {
        id: "mazhilis-2021",
        body: Body::Mazhilis,
        title: "Mazhilis: 98 seats by party list, 5% threshold, \"against all\" on the ballot",
        from: MAY_2021,
        until: None,
        sources: &[CONSTITUTION_1995, ELECTION_LAW, AMEND_2009, AMEND_2021],
        against_all: true,
        list: Some(with_quota(list(Some(98), PCT5, RUNNER_UP), QUOTA_2021)),
        seat: None,
        majority: None,
        referendum: None,
        unconfirmed: &[RUNNER_UP_NOTE, NO_LIST_PASSES_NOTE],
    },
    Edition {
        id: "mazhilis-2022",
        body: Body::Mazhilis,
        title: "Mazhilis: 69 list seats (5% threshold) + 29 single-member districts",
        from: Date::ymd(2022, 11, 5),
        until: Some(KURULTAI_DAY),
        sources: &[
            CONSTITUTION_1995,
            ELECTION_LAW,
            AMEND_2009,
            AMEND_2022,
            CEC_2023,
        ],
        against_all: true,
        list: Some(with_quota(list(Some(69), PCT5, RUNNER_UP), QUOTA_2022)),
        seat: Some(plurality(Some(29))),
        majority: None,
        referendum: None,
        unconfirmed: &[
            RUNNER_UP_NOTE,
            NO_LIST_PASSES_NOTE,
            Unconfirmed {
                part: Part::Seat,
                note: "Districts by plurality; a CEC member once spoke of more than half with a \
                       runoff, which no published text confirms.",
            },
            SEAT_NOTES[0],
            SEAT_NOTES[1],
        ],
    },
    // ---------------------------------------------------------------- Kurultai
    Edition {
        id: "kurultai-2026",
        body: Body::Kurultai,
        title: "Kurultai: 145 seats by party list in one nationwide district",
        from: KURULTAI_DAY,
        until: None,
        sources: &[CONSTITUTION_2026],
        against_all: true,
        list: Some(with_quota(list(Some(145), PCT5, RUNNER_UP), QUOTA_2022)),
        seat: None,
        majority: None,
        referendum: None,
        unconfirmed: &[
            Unconfirmed {
                part: Part::List,
                note: "Threshold 5% of parties' votes + \"against all\", carried over from the \
                       2022 Mazhilis edition; the Kurultai election law was not found.",
            },
            Unconfirmed {
                part: Part::Ballot,
                note: "\"Against all\" on the ballot, carried over from the 2022 edition.",
            },
            RUNNER_UP_NOTE,
            NO_LIST_PASSES_NOTE,
        ],
    },
    // ---------------------------------------------------------------- Senate
    Edition {
        id: "senate-1995",
        body: Body::Senate,
        title: "Senate: maslikhat electors, majority of those taking part, second round",
        from: Date::ymd(1995, 9, 28),
        until: Some(KURULTAI_DAY),
        sources: &[CONSTITUTION_1995, ELECTION_LAW],
        against_all: true,
        list: None,
        seat: None,
        majority: Some(MajorityRules {
            denominator: Denominator::BallotsCast,
            quorum: Some(HALF),
            tie: TieRule::Repeat,
            // The second round is held by the same joint session of electors.
            second_round: SecondRound::SameSitting,
        }),
        referendum: None,
        unconfirmed: &[RUNOFF_TIE_NOTE],
    },
    // ---------------------------------------------------------------- Maslikhats
    Edition {
        id: "maslikhat-2004",
        body: Body::Maslikhat,
        title: "Maslikhats: single-member districts, plurality",
        from: Date::ymd(2004, 4, 14),
        until: None,
        sources: &[CONSTITUTION_1995, ELECTION_LAW, AMEND_2004],
        against_all: false,
        list: None,
        seat: Some(plurality(None)),
        majority: None,
        referendum: None,
        unconfirmed: &[SEAT_NOTES[0]],
    },
    Edition {
        id: "maslikhat-2018",
        body: Body::Maslikhat,
        title: "Maslikhats: all seats by party list, 7% threshold",
        from: Date::ymd(2018, 6, 29),
        until: None,
        sources: &[CONSTITUTION_1995, ELECTION_LAW, AMEND_2018],
        against_all: false,
        list: Some(list(None, PCT7, RUNNER_UP)),
        seat: None,
        majority: None,
        referendum: None,
        unconfirmed: &[
            Unconfirmed {
                part: Part::List,
                note: "Date in force and the runner-up rule for maslikhat lists not found; the \
                       Mazhilis reading is used.",
            },
            NO_LIST_PASSES_NOTE,
        ],
    },
    Edition {
        id: "maslikhat-2022",
        body: Body::Maslikhat,
        title: "Maslikhats: regional councils half list (5%), half single-member; \
                district and city councils single-member",
        from: Date::ymd(2022, 11, 5),
        until: None,
        sources: &[CONSTITUTION_1995, ELECTION_LAW, AMEND_2022],
        against_all: true,
        list: Some(with_quota(list(None, PCT5, RUNNER_UP), QUOTA_2022)),
        seat: Some(plurality(None)),
        majority: None,
        referendum: None,
        unconfirmed: &[
            RUNNER_UP_NOTE,
            NO_LIST_PASSES_NOTE,
            SEAT_NOTES[0],
            SEAT_NOTES[1],
        ],
    },
    // ---------------------------------------------------------------- Rural akims
    Edition {
        id: "rural-akim-2021",
        body: Body::RuralAkim,
        title: "Rural akims: direct election, \"against all\" on the ballot",
        from: MAY_2021,
        until: None,
        sources: &[ELECTION_LAW, AMEND_2021],
        against_all: true,
        list: None,
        seat: Some(plurality(None)),
        majority: None,
        referendum: None,
        unconfirmed: &[
            Unconfirmed {
                part: Part::Seat,
                note: "Winner by plurality; the law's rule for akims was not found.",
            },
            SEAT_NOTES[0],
            SEAT_NOTES[1],
        ],
    },
    // ---------------------------------------------------------------- Referendum
    Edition {
        id: "referendum-1995",
        body: Body::Referendum,
        title: "Referendum: valid above half turnout, adopted by more than half of participants",
        from: Date::ymd(1995, 11, 2),
        until: None,
        sources: &[CONSTITUTION_1995, REFERENDUM_LAW, CEC_REFERENDUM_2022],
        against_all: false,
        list: None,
        seat: None,
        majority: None,
        referendum: Some(ReferendumRules {
            quorum: HALF,
            adoption: HALF,
            constitutional_regions: TWO_THIRDS,
        }),
        unconfirmed: &[],
    },
];

/// The edition that governs `body` on `date`: the latest one that has taken effect, unless
/// the body itself has ended by then.
pub fn in_force(body: Body, date: Date) -> Option<&'static Edition> {
    EDITIONS
        .iter()
        .filter(|e| e.body == body && e.from <= date)
        .max_by_key(|e| e.from)
        .filter(|e| e.in_force_on(date))
}

/// The edition with this id.
pub fn by_id(id: &str) -> Option<&'static Edition> {
    EDITIONS.iter().find(|e| e.id == id)
}
