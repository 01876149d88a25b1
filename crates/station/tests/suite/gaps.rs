//! The station's refusals that docs/bad-input.md listed as untested (its "Gaps"): the
//! terminal's own steps out of order (D30) and a folder that is not a terminal of its
//! precinct (D31); at the desk, a certificate shown by someone else (D45), a voter on the
//! list with another station's certificate (D46), and repeated or unlisted requests (D47);
//! and a paper entry the count cannot take (D55). Each asserts the error's variant and that
//! nothing was recorded.

use super::cards::{payload, Day, FIRSTS};
use sailau_definition::Language;
use sailau_law::election_day::Moment;
use sailau_station::desk::{DeskError, How};
use sailau_station::paper::{Agreement, PaperEntry, PaperError};
use sailau_station::part::Setup;
use sailau_station::terminal::{Choice, Terminal, TerminalError};
use sailau_station::Station;
use sailau_voters::absentee::Certificate;
use sailau_voters::{Iin, Sex};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use Choice::Option as O;

/// D30: encrypting with a contest unchosen, a choice outside the ballot, cast or challenge
/// before encrypting, and a choice or a second encryption while a ballot waits are each
/// refused by name; the chain position moves only for the one ballot encrypted, and the card
/// is written only by the cast.
#[test]
fn the_terminal_refuses_steps_out_of_order_and_keeps_its_chain() {
    let mut d = Day::with_voters(3);
    let mut card = d.issue();
    let issued = card.0.clone();
    let chain = d.t.chain_state().clone();

    let mut s = d.t.start(&mut card, Language::English).unwrap();
    let contests = s.screens().len();
    assert_eq!(contests, FIRSTS.len());
    let options = s.screens()[0].options.len() as u32;
    assert_eq!(s.encrypt(&mut d.rng), Err(TerminalError::Unchosen(0)));
    s.choose(0, O(0)).unwrap();
    assert_eq!(s.encrypt(&mut d.rng), Err(TerminalError::Unchosen(1)));
    assert_eq!(
        s.choose(contests, O(0)),
        Err(TerminalError::NoSuchChoice(contests, 0))
    );
    assert_eq!(
        s.choose(1, O(options + 40)),
        Err(TerminalError::NoSuchChoice(1, options + 40))
    );
    assert_eq!(s.choice(1), None, "a refused choice is not kept");
    assert_eq!(
        s.challenge().map(|o| o.code),
        Err(TerminalError::NotEncrypted)
    );
    assert_eq!(s.cast(&mut card), Err(TerminalError::NotEncrypted));
    assert_eq!(
        d.t.chain_state(),
        &chain,
        "nothing encrypted, nothing moved"
    );
    assert_eq!(card.0, issued, "the card holds its token only");

    // One ballot encrypted: it waits; a new choice or encryption is refused.
    let mut s = d.t.start(&mut card, Language::English).unwrap();
    for (i, &c) in FIRSTS.iter().enumerate() {
        s.choose(i, c).unwrap();
    }
    let code = s.encrypt(&mut d.rng).unwrap();
    assert_eq!(s.choose(0, O(1)), Err(TerminalError::Encrypted));
    assert_eq!(s.choose(0, Choice::Blank), Err(TerminalError::Encrypted));
    assert_eq!(s.encrypt(&mut d.rng), Err(TerminalError::Encrypted));
    assert_eq!(s.choice(0), Some(O(0)), "the waiting ballot's choice kept");
    assert_eq!(s.cast(&mut card).unwrap(), code, "the waiting ballot cast");
    assert_eq!(
        d.t.chain_state().seq,
        chain.seq + 1,
        "one ballot encrypted, one step of the chain"
    );
    assert_eq!(payload(&mut card).ballots.len(), 1);
}

/// Every file under `dir` with its bytes; empty for a folder that is not there.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries {
            let p = e.unwrap().path();
            out.insert(p.clone(), std::fs::read(&p).unwrap());
        }
    }
    out
}

fn setup_error(r: Result<Terminal, TerminalError>) -> String {
    match r {
        Err(TerminalError::Setup(m)) => m,
        Err(other) => panic!("expected a Setup error, got {other:?}"),
        Ok(_) => panic!("expected a Setup error, the terminal opened"),
    }
}

/// D31: a folder that is not a terminal's (missing, empty, a key that is not one), or whose
/// part is another precinct's than its terminal's, is refused as `Setup`, naming what is
/// wrong; a folder that holds a terminal is never set up again. No folder is changed.
#[test]
fn a_folder_that_is_not_a_terminal_of_its_precinct_is_refused_as_setup() {
    let mut d = Day::with_voters(1);
    let root = d.f.dir.path().to_path_buf();

    let missing = root.join("missing");
    assert!(setup_error(Terminal::open(&missing)).contains("terminal.json"));
    assert!(!missing.exists(), "nothing made");

    let empty = root.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    assert!(setup_error(Terminal::open(&empty)).contains("terminal.json"));
    assert!(files(&empty).is_empty(), "nothing made");

    // A terminal whose part.json is precinct p-00002's.
    let t = d.f.terminal(&d.station, "mixed");
    drop(t);
    let mixed = root.join("mixed");
    let other = Setup::new(&d.f.def, &d.f.election_json)
        .unwrap()
        .part("p-00002")
        .unwrap();
    std::fs::write(mixed.join("part.json"), other.to_json()).unwrap();
    let before = files(&mixed);
    let m = setup_error(Terminal::open(&mixed));
    assert!(
        m.contains("part.json is of precinct p-00002, the terminal of p-00001"),
        "{m}"
    );
    assert_eq!(files(&mixed), before, "the folder unchanged");

    // A key that is not 32 bytes.
    let short = root.join("short-key");
    let t = d.f.terminal(&d.station, "short-key");
    drop(t);
    std::fs::write(short.join("key"), [7u8; 31]).unwrap();
    let m = setup_error(Terminal::open(&short));
    assert!(m.contains("key"), "{m}");

    // The day's terminal: its folder is not set up a second time.
    let t1 = root.join("t1");
    let before = files(&t1);
    let again = Terminal::create(
        &t1,
        "p-00001-t9",
        &d.station.desk_public_key(),
        d.station.part(),
        &mut d.rng,
    );
    assert!(setup_error(again).contains("already holds a terminal"));
    assert_eq!(files(&t1), before, "the terminal's key and chain kept");
}

/// What the desk has recorded of `iins`, its turnout and its notices for the CEC: what a
/// refusal must leave as it was.
fn desk_state(
    station: &Station,
    iins: &[Iin],
) -> (
    Vec<sailau_station::desk::VoterStatus>,
    Vec<(u32, u64)>,
    Vec<sailau_protocol::SignedCertificateNotice>,
) {
    (
        iins.iter()
            .map(|i| station.voter_status(i).unwrap())
            .collect(),
        station.turnout().unwrap(),
        station.unreported_notices().unwrap(),
    )
}

/// A certificate issued by precinct p-00002 to `holder` for the party list.
fn certificate_of(holder: Iin) -> Certificate {
    Certificate {
        number: "p-00002-00001".into(),
        iin: holder,
        home: "p-00002".into(),
        contests: vec!["mazhilis-list".into()],
    }
}

/// D45: a certificate shown by someone whose IIN is not the one written on it is refused as
/// `NotTheHolder`, both IINs named, whether asked of `may_issue` or of `issue`; nothing is
/// recorded, and its holder is then given ballots with it.
#[test]
fn a_certificate_shown_by_someone_else_is_refused() {
    let mut d = Day::with_voters(2);
    let holder = Iin::issue("1990-01-01".parse().unwrap(), Sex::Male, 77).unwrap();
    let someone = Iin::issue("1991-02-02".parse().unwrap(), Sex::Female, 78).unwrap();
    let on_list = d.f.voters[0].iin;
    let cert = certificate_of(holder);
    let now = d.f.at(60);
    let before = desk_state(&d.station, &[holder, someone, on_list]);
    let expected = DeskError::NotTheHolder {
        number: cert.number.clone(),
        holder: holder.to_string(),
        iin: someone.to_string(),
    };
    assert_eq!(
        d.station.may_issue(&someone, How::Paper, Some(&cert), now),
        Err(expected.clone())
    );
    assert_eq!(
        d.station
            .issue(&someone, How::Paper, Some(&cert), None, now, &mut d.rng)
            .map(|i| i.contests),
        Err(expected)
    );
    // A voter on this list showing it is not its holder either.
    assert!(matches!(
        d.station.may_issue(&on_list, How::Paper, Some(&cert), now),
        Err(DeskError::NotTheHolder { .. })
    ));
    assert_eq!(
        desk_state(&d.station, &[holder, someone, on_list]),
        before,
        "nothing recorded"
    );
    d.station
        .issue(&holder, How::Paper, Some(&cert), None, now, &mut d.rng)
        .unwrap();
}

/// D46: a voter on this station's list showing another station's certificate in their own
/// name is refused as `OnListHere`; nothing is recorded, and the voter is then given ballots
/// from the list.
#[test]
fn a_voter_on_the_list_showing_another_stations_certificate_is_refused() {
    let mut d = Day::with_voters(2);
    let voter = d.f.voters[1].iin;
    let cert = certificate_of(voter);
    let now = d.f.at(90);
    let before = desk_state(&d.station, &[voter]);
    let expected = DeskError::OnListHere {
        iin: voter.to_string(),
    };
    assert_eq!(
        d.station.may_issue(&voter, How::Paper, Some(&cert), now),
        Err(expected.clone())
    );
    assert_eq!(
        d.station
            .issue(&voter, How::Paper, Some(&cert), None, now, &mut d.rng)
            .map(|i| i.contests),
        Err(expected)
    );
    assert_eq!(desk_state(&d.station, &[voter]), before, "nothing recorded");
    d.station
        .issue(&voter, How::Paper, None, None, now, &mut d.rng)
        .unwrap();
}

/// D47: a second mobile-box request (`AlreadyRequested`), a second certificate for one voter
/// (`HasCertificate`, its number named), and a certificate or the mobile box asked by
/// someone not on the list (`NotOnList`); none is recorded.
#[test]
fn repeated_requests_and_requests_by_someone_not_on_the_list_are_refused() {
    let d = Day::with_voters(3);
    let (mobile, absent) = (d.f.voters[0].iin, d.f.voters[1].iin);
    let stranger = Iin::issue("1985-07-07".parse().unwrap(), Sex::Male, 5).unwrap();
    let everyone = [mobile, absent, stranger];
    // The day before at 12:00 local time: certificates are still issued.
    let day_before = Moment(d.f.at(0).0 - 86_400 + 5 * 3600);
    let morning = d.f.at(60);

    d.station.request_mobile(&mobile, morning).unwrap();
    let cert = d
        .station
        .issue_certificate(&absent, &["mazhilis-list".into()], day_before)
        .unwrap();
    let before = desk_state(&d.station, &everyone);

    assert_eq!(
        d.station.request_mobile(&mobile, d.f.at(61)),
        Err(DeskError::AlreadyRequested(mobile.to_string()))
    );
    assert_eq!(
        d.station
            .issue_certificate(&absent, &["mazhilis-list".into()], day_before)
            .map(|c| c.number),
        Err(DeskError::HasCertificate {
            iin: absent.to_string(),
            number: cert.number.clone(),
        })
    );
    assert_eq!(
        d.station.request_mobile(&stranger, morning),
        Err(DeskError::NotOnList(stranger.to_string()))
    );
    assert_eq!(
        d.station
            .issue_certificate(&stranger, &["mazhilis-list".into()], day_before)
            .map(|c| c.number),
        Err(DeskError::NotOnList(stranger.to_string()))
    );
    assert_eq!(
        desk_state(&d.station, &everyone),
        before,
        "nothing recorded"
    );
}

/// D55: a paper entry for a contest not on the station's ballots, with one number too few or
/// too many of votes, or with no member's name is refused as `PaperError`, naming the contest
/// and both counts; no entry is recorded, and the paper received is not changed.
#[test]
fn a_bad_paper_entry_is_refused_and_nothing_is_recorded() {
    let d = Day::with_voters(1);
    let s = &d.station;
    let contest = s.style_contests()[0].clone();
    let options = {
        let c = s.definition().contest(&contest).unwrap();
        s.definition().option_ids(c).len()
    };
    s.receive_paper(&contest, 40).unwrap();
    let entry = |votes: usize| PaperEntry {
        unused: 40,
        votes: vec![0; votes],
        ..PaperEntry::default()
    };

    assert_eq!(
        s.enter_paper("Aigerim", "no-such-contest", &entry(options)),
        Err(PaperError::UnknownContest("no-such-contest".into()))
    );
    assert_eq!(
        s.receive_paper("no-such-contest", 10),
        Err(PaperError::UnknownContest("no-such-contest".into()))
    );
    for found in [options - 1, options + 1, 0] {
        let wrong = PaperError::Options {
            contest: contest.clone(),
            expected: options,
            found,
        };
        assert_eq!(
            s.enter_paper("Aigerim", &contest, &entry(found)),
            Err(wrong.clone())
        );
        assert_eq!(
            s.paper_count(&contest, &entry(found)).map(|c| c.contest),
            Err(wrong)
        );
    }
    for member in ["", "   "] {
        assert_eq!(
            s.enter_paper(member, &contest, &entry(options)),
            Err(PaperError::NoMember)
        );
    }
    assert_eq!(
        s.paper_agreement(&contest),
        Ok(Agreement::Waiting { entries: 0 }),
        "no entry recorded"
    );
    assert_eq!(s.paper_received(&contest), Ok(40));
    assert_eq!(s.paper_received("no-such-contest"), Ok(0));
}

/// D48: an issue "by card" with no card in the desk's reader is refused as `NoCard` and
/// records nothing: the same voter then receives a card.
#[test]
fn an_issue_by_card_with_no_card_is_refused_and_records_nothing() {
    let mut d = Day::with_voters(1);
    let iin = d.f.voters[0].iin;
    let now = d.f.at(5);
    let turnout = d.station.turnout().unwrap();
    let e = d
        .station
        .issue(&iin, How::Card, None, None, now, &mut d.rng)
        .unwrap_err();
    assert!(matches!(e, DeskError::NoCard), "{e}");
    assert_eq!(d.station.turnout().unwrap(), turnout, "nobody counted");
    let mut card = sailau_station::card::MemoryCard::default();
    d.station
        .issue(&iin, How::Card, None, Some(&mut card), now, &mut d.rng)
        .expect("the voter was not recorded as issued");
    assert!(payload(&mut card).token.is_some());
}
