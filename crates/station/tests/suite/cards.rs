//! Malformed and hostile cards: the ballot box and the terminal refuse each with a reason a
//! commission member can act on, store nothing, keep the card as it was, and go on accepting
//! good cards afterwards.

use crate::common::*;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use sailau_crypto::{Device, PlaintextBallot};
use sailau_definition::Language;
use sailau_station::ballot_box::BoxError;
use sailau_station::card::{self, Card, CardBallot, CardError, MemoryCard, Payload, CAPACITY};
use sailau_station::desk::How;
use sailau_station::keys::Key;
use sailau_station::terminal::{Choice, Terminal, TerminalError};
use sailau_station::Station;
use serde_json::Value;
use std::path::Path;

use Choice::Option as O;

/// A station open for voting, with one registered terminal (also the refusals' tests').
pub(super) struct Day {
    pub(super) f: Fixture,
    pub(super) station: Station,
    pub(super) t: Terminal,
    pub(super) rng: ChaCha20Rng,
    voter: usize,
}

/// Every contest's first option.
pub(super) const FIRSTS: [Choice; 5] = [O(0), O(0), O(0), O(0), O(0)];

impl Day {
    fn new() -> Day {
        Day::with_voters(20)
    }

    /// The station with `voters` on its list.
    pub(super) fn with_voters(voters: usize) -> Day {
        let mut f = fixture(voters);
        let station = f.station();
        let t = f.terminal(&station, "t1");
        Day {
            f,
            station,
            t,
            rng: ChaCha20Rng::seed_from_u64(2024),
            voter: 0,
        }
    }

    /// The next voter on the list receives a card with a token.
    pub(super) fn issue(&mut self) -> MemoryCard {
        let mut card = MemoryCard::default();
        self.issue_on(&mut card);
        card
    }

    /// The next voter on the list receives `card`, whatever carries it, with a token.
    pub(super) fn issue_on(&mut self, card: &mut dyn Card) {
        let iin = self.f.voters[self.voter].iin;
        let now = self.f.at(5 + self.voter as i64);
        self.voter += 1;
        self.station
            .issue(&iin, How::Card, None, Some(card), now, &mut self.rng)
            .unwrap();
    }

    /// Votes `choices` on the terminal and casts; returns the code shown.
    pub(super) fn vote(&mut self, card: &mut dyn Card, choices: &[Choice]) -> String {
        let mut s = self.t.start(card, Language::English).unwrap();
        for (i, &c) in choices.iter().enumerate() {
            s.choose(i, c).unwrap();
        }
        let shown = s.encrypt(&mut self.rng).unwrap();
        assert_eq!(s.cast(card).unwrap(), shown);
        shown
    }

    /// A card issued and voted, ready for the box.
    pub(super) fn voted(&mut self) -> MemoryCard {
        let mut card = self.issue();
        self.vote(&mut card, &FIRSTS);
        card
    }

    /// A card with one challenged ballot, then the cast one.
    pub(super) fn challenged_then_cast(&mut self) -> MemoryCard {
        let mut card = self.issue();
        let mut s = self.t.start(&mut card, Language::Kazakh).unwrap();
        for i in 0..5 {
            s.choose(i, O(1)).unwrap();
        }
        s.encrypt(&mut self.rng).unwrap();
        s.challenge().unwrap();
        s.choose(0, O(2)).unwrap();
        s.encrypt(&mut self.rng).unwrap();
        s.cast(&mut card).unwrap();
        card
    }

    /// Puts `card` into the box and expects a refusal: the log, the card and the box's
    /// willingness to take the next good card are all unchanged. Returns the refusal.
    pub(super) fn refused(&self, card: &mut MemoryCard) -> BoxError {
        let log = self.station.log_lines().unwrap();
        let before = card.0.clone();
        let err = self
            .station
            .accept(card)
            .expect_err("a hostile card must be refused");
        assert_eq!(
            self.station.log_lines().unwrap(),
            log,
            "the log must not change on a refusal ({err})"
        );
        assert_eq!(card.0, before, "a refused card is kept as it was ({err})");
        assert!(self.station.log_intact().unwrap());
        err
    }

    /// Puts a good card into the box: it is accepted, the log grows by its ballots and the
    /// card is wiped.
    pub(super) fn accepted(&self, card: &mut MemoryCard) {
        let n = payload(card).ballots.len();
        let before = self.station.log_lines().unwrap().len();
        let r = self.station.accept(card).unwrap();
        assert_eq!(self.station.log_lines().unwrap().len(), before + n);
        assert_eq!(r.challenged, n - 1);
        assert_eq!(payload(card), Payload::blank(), "the box wipes the card");
        assert!(self.station.log_intact().unwrap());
    }

    /// The desk's signing key, as a thief with the station's database would have it.
    pub(super) fn desk_key(&self) -> Key {
        let db = rusqlite::Connection::open(self.f.dir.path().join("station.db")).unwrap();
        let secret: Vec<u8> = db
            .query_row("SELECT value FROM meta WHERE key = 'desk_key'", [], |r| {
                r.get(0)
            })
            .unwrap();
        Key::from_secret(&secret.try_into().unwrap())
    }
}

/// The terminal's signing key, read from its folder.
pub(super) fn terminal_key(dir: &Path) -> Key {
    let secret = std::fs::read(dir.join("key")).unwrap();
    Key::from_secret(&secret.try_into().unwrap())
}

pub(super) fn payload(card: &mut MemoryCard) -> Payload {
    card.payload().unwrap()
}

pub(super) fn card_of(p: &Payload) -> MemoryCard {
    MemoryCard(p.to_bytes())
}

fn json(card: &MemoryCard) -> Value {
    serde_json::from_slice(&card.0).unwrap()
}

fn card_of_json(v: &Value) -> MemoryCard {
    MemoryCard(serde_json::to_vec(v).unwrap())
}

/// Re-signs ballot `index` of `p` with `key`, as a terminal holding that key would.
pub(super) fn resign(p: &mut Payload, index: usize, key: &Key) {
    let token = p.token.clone().unwrap();
    let b = &mut p.ballots[index];
    b.terminal = card::hex(&key.public());
    b.signature = card::hex(&key.sign_digest(&card::ballot_digest(&token, &b.terminal, &b.line)));
}

/// Re-signs the token of `p` with `key`, as a desk holding that key would.
pub(super) fn resign_token(p: &mut Payload, key: &Key) {
    let t = p.token.as_mut().unwrap();
    t.desk = card::hex(&key.public());
    t.signature = card::hex(&key.sign_digest(&card::token_digest(t)));
}

fn malformed(e: &BoxError) -> &str {
    match e {
        BoxError::Card(CardError::Malformed(m)) => m,
        other => panic!("expected the card to be refused as malformed, got {other:?}"),
    }
}

#[test]
fn what_is_not_a_card_is_refused_as_such() {
    let mut d = Day::new();
    for bytes in [
        &b""[..],
        b"hello",
        b"\xff\xfe\x00\x01",
        b"[1, 2, 3]",
        b"{\"format\": \"sailau-card/1\"",
        b"{}",
    ] {
        let e = d.refused(&mut MemoryCard(bytes.to_vec()));
        malformed(&e);
        assert!(
            e.to_string().contains("not a Sailau card"),
            "the voter is told what is wrong: {e}"
        );
    }
    let mut good = d.voted();
    d.accepted(&mut good);
}

#[test]
fn another_format_is_refused_and_named() {
    let mut d = Day::new();
    let mut good = d.voted();
    let mut v = json(&good);
    v["format"] = "sailau-card/2".into();
    let e = d.refused(&mut card_of_json(&v));
    let m = malformed(&e);
    assert!(
        m.contains("sailau-card/2") && m.contains("sailau-card/1"),
        "{m}"
    );
    v["format"] = Value::Null;
    malformed(&d.refused(&mut card_of_json(&v)));
    // The same card with its own format is fine: only the tag was wrong.
    d.accepted(&mut good);
}

#[test]
fn unknown_fields_are_refused_wherever_they_hide() {
    let mut d = Day::new();
    let mut good = d.voted();
    let v = json(&good);

    let mut top = v.clone();
    top["voter"] = "Aigerim Bekova".into();
    let mut in_token = v.clone();
    in_token["token"]["iin"] = "800517400012".into();
    let mut in_ballot = v.clone();
    in_ballot["ballots"][0]["choices"] = serde_json::json!([0, 0, 0, 0, 0]);
    for (what, v, field) in [
        ("the card", top, "voter"),
        ("the token", in_token, "iin"),
        ("a ballot", in_ballot, "choices"),
    ] {
        let e = d.refused(&mut card_of_json(&v));
        let m = malformed(&e);
        assert!(
            m.contains("unknown field") && m.contains(field),
            "an unknown field in {what} is named: {m}"
        );
    }
    d.accepted(&mut good);
}

#[test]
fn a_payload_larger_than_a_card_is_refused_before_it_is_read() {
    let mut d = Day::new();
    let mut good = d.voted();
    let pad = |bytes: &[u8], len: usize| {
        let mut b = bytes.to_vec();
        b.resize(len, b' ');
        MemoryCard(b)
    };
    // A valid card padded past the capacity: refused for its size alone.
    let e = d.refused(&mut pad(&good.0, CAPACITY + 1));
    let m = malformed(&e);
    assert!(
        m.contains(&(CAPACITY + 1).to_string()) && m.contains(&CAPACITY.to_string()),
        "{m}"
    );
    // Junk that size is refused for its size too, without being parsed.
    let e = d.refused(&mut MemoryCard(vec![b'['; CAPACITY + 1]));
    assert!(malformed(&e).contains("more than a card holds"), "{e}");
    // Exactly the capacity is still a card.
    let mut full = pad(&good.0, CAPACITY);
    d.accepted(&mut full);
    // ... and that was this voter's card: the original is now a copy of a recorded ballot.
    assert!(matches!(
        d.station.accept(&mut good),
        Err(BoxError::AlreadyRecorded { .. })
    ));
}

#[test]
fn a_blank_or_unvoted_card_is_sent_back() {
    let mut d = Day::new();
    assert_eq!(d.refused(&mut card_of(&Payload::blank())), BoxError::Blank);
    let mut issued = d.issue();
    assert_eq!(d.refused(&mut issued), BoxError::NotCast);
    let mut v = json(&issued);
    v["ballots"] = serde_json::json!([]);
    assert_eq!(d.refused(&mut card_of_json(&v)), BoxError::NotCast);
    // The voter goes back to the terminal with the same card: nothing was used up.
    d.vote(&mut issued, &FIRSTS);
    d.accepted(&mut issued);
}

#[test]
fn challenged_ballots_come_first_and_exactly_one_is_cast() {
    let mut d = Day::new();
    let mut good = d.challenged_then_cast();
    let p = payload(&mut good);
    assert_eq!(p.ballots.len(), 2);
    let (challenged, cast) = (p.ballots[0].clone(), p.ballots[1].clone());
    let with = |ballots: Vec<CardBallot>| {
        card_of(&Payload {
            ballots,
            ..p.clone()
        })
    };

    // Only the challenged ballot: nothing to count.
    assert_eq!(
        d.refused(&mut with(vec![challenged.clone()])),
        BoxError::WrongState {
            index: 0,
            found: "challenged",
            expected: "the cast ballot"
        }
    );
    // The cast ballot first, then the challenged one.
    assert_eq!(
        d.refused(&mut with(vec![cast.clone(), challenged.clone()])),
        BoxError::WrongState {
            index: 0,
            found: "cast",
            expected: "a challenged ballot"
        }
    );
    // Two challenged ballots and no cast one.
    assert_eq!(
        d.refused(&mut with(vec![challenged.clone(), challenged.clone()])),
        BoxError::WrongState {
            index: 1,
            found: "challenged",
            expected: "the cast ballot"
        }
    );

    // Two cast ballots under one token (the token copied, voted twice) on one card.
    let mut a = d.issue();
    let mut b = MemoryCard(a.0.clone());
    d.vote(&mut a, &FIRSTS);
    d.vote(&mut b, &[O(1), O(1), O(1), O(1), O(1)]);
    let (pa, pb) = (payload(&mut a), payload(&mut b));
    let mut both = pa.clone();
    both.ballots.push(pb.ballots[0].clone());
    assert_eq!(
        d.refused(&mut card_of(&both)),
        BoxError::WrongState {
            index: 0,
            found: "cast",
            expected: "a challenged ballot"
        }
    );

    // The real cards are untouched by all this.
    d.accepted(&mut good);
    d.accepted(&mut a);
    assert_eq!(d.station.accept(&mut b), Err(BoxError::TokenUsed));
}

#[test]
fn a_token_of_another_desk_or_precinct_is_refused() {
    let mut d = Day::new();

    // A second station for the same precinct, with its own desk and a terminal of its own,
    // which this station also knows: only the token's desk is wrong.
    let other = Station::create(&d.f.dir.path().join("other.db"), &d.f.part, &mut d.rng).unwrap();
    other.load_voters(&d.f.voters).unwrap();
    let mut t2 = Terminal::create(
        &d.f.dir.path().join("t2"),
        "p-00001-other",
        &other.desk_public_key(),
        &d.f.part,
        &mut d.rng,
    )
    .unwrap();
    other
        .register_terminal(t2.device(), &t2.public_key())
        .unwrap();
    d.station
        .register_terminal(t2.device(), &t2.public_key())
        .unwrap();
    let mut foreign = MemoryCard::default();
    other
        .issue(
            &d.f.voters[19].iin,
            How::Card,
            None,
            Some(&mut foreign),
            d.f.at(30),
            &mut d.rng,
        )
        .unwrap();
    let mut s = t2.start(&mut foreign, Language::Russian).unwrap();
    for i in 0..5 {
        s.choose(i, O(0)).unwrap();
    }
    s.encrypt(&mut d.rng).unwrap();
    s.cast(&mut foreign).unwrap();
    let mut copy = MemoryCard(foreign.0.clone());
    assert_eq!(d.refused(&mut copy), BoxError::BadToken);
    // At its own station the same card is good.
    other.accept(&mut foreign).unwrap();

    // This desk's own key, but a token for another precinct (or election): the terminal's
    // signatures bind only the token's nonce, so they still hold; the token's claims do not.
    let desk = d.desk_key();
    let mut good = d.voted();
    let p = payload(&mut good);
    let mut precinct = p.clone();
    precinct.token.as_mut().unwrap().precinct = "p-00002".into();
    resign_token(&mut precinct, &desk);
    assert!(card::signed_by(
        &precinct.token.as_ref().unwrap().desk,
        &precinct.token.as_ref().unwrap().signature,
        &card::token_digest(precinct.token.as_ref().unwrap())
    ));
    assert_eq!(d.refused(&mut card_of(&precinct)), BoxError::BadToken);
    let mut election = p.clone();
    election.token.as_mut().unwrap().election = "00".repeat(32);
    resign_token(&mut election, &desk);
    assert_eq!(d.refused(&mut card_of(&election)), BoxError::BadToken);

    // A token whose nonce was changed to dodge "already used", not re-signed.
    let mut nonce = p.clone();
    nonce.token.as_mut().unwrap().nonce = "11".repeat(32);
    assert_eq!(d.refused(&mut card_of(&nonce)), BoxError::BadToken);
    // A token whose signature is not hex, or missing.
    let mut sig = p.clone();
    sig.token.as_mut().unwrap().signature = "zz".into();
    assert_eq!(d.refused(&mut card_of(&sig)), BoxError::BadToken);

    d.accepted(&mut good);
}

/// Changes one byte (two hex digits) of the first selection's alpha in `line`, choosing a
/// value that is still a valid point encoding when `valid` is true.
fn alter_alpha(line: &str, valid: bool) -> String {
    let mut v: Value = serde_json::from_str(line).unwrap();
    let alpha = v["contests"][0]["selections"][0]["alpha"]
        .as_str()
        .unwrap()
        .to_string();
    let bytes: [u8; 32] = sailau_group::from_hex32(&alpha).unwrap();
    let changed = (1..=255u8)
        .map(|x| {
            let mut b = bytes;
            b[0] ^= x;
            b
        })
        .find(|b| sailau_group::decode_point(b).is_ok() == valid)
        .unwrap();
    v["contests"][0]["selections"][0]["alpha"] = sailau_group::to_hex(&changed).into();
    let out = serde_json::to_string(&v).unwrap();
    assert_eq!(out.len(), line.len());
    assert_ne!(out, line);
    out
}

#[test]
fn a_ballot_changed_after_the_terminal_signed_it_is_refused() {
    let mut d = Day::new();
    let mut good = d.challenged_then_cast();
    let p = payload(&mut good);
    for index in [0, 1] {
        let mut changed = p.clone();
        changed.ballots[index].line = alter_alpha(&changed.ballots[index].line, true);
        assert_eq!(
            d.refused(&mut card_of(&changed)),
            BoxError::BadTerminal { index }
        );
    }
    // The signature moved to a ballot it does not sign, or claimed by another key.
    let mut swapped = p.clone();
    let s0 = swapped.ballots[0].signature.clone();
    swapped.ballots[0].signature = swapped.ballots[1].signature.clone();
    swapped.ballots[1].signature = s0;
    assert_eq!(
        d.refused(&mut card_of(&swapped)),
        BoxError::BadTerminal { index: 0 }
    );
    let mut claimed = p.clone();
    claimed.ballots[1].terminal = card::hex(&d.station.desk_public_key());
    assert_eq!(
        d.refused(&mut card_of(&claimed)),
        BoxError::BadTerminal { index: 1 }
    );
    d.accepted(&mut good);
}

#[test]
fn a_ballot_changed_and_re_signed_by_its_terminal_fails_the_verifier() {
    let mut d = Day::new();
    let key = terminal_key(&d.f.dir.path().join("t1"));
    assert_eq!(key.public(), d.t.public_key());
    let mut good = d.challenged_then_cast();
    let p = payload(&mut good);

    let reasons = |e: BoxError, index: usize| match e {
        BoxError::Refused { index: i, reasons } if i == index => reasons,
        other => panic!("expected ballot {index} refused by the verifier, got {other:?}"),
    };
    let has = |reasons: &[String], check: &str, what: &str| {
        assert!(
            reasons
                .iter()
                .any(|r| r.starts_with(&format!("{check}:")) && r.contains(what)),
            "expected {check} ({what}) among {reasons:#?}"
        );
    };

    // One ciphertext byte of the cast ballot changed to another valid point, re-signed: the
    // confirmation code no longer matches and the proofs no longer hold.
    let mut changed = p.clone();
    changed.ballots[1].line = alter_alpha(&p.ballots[1].line, true);
    resign(&mut changed, 1, &key);
    let r = reasons(d.refused(&mut card_of(&changed)), 1);
    has(&r, "check 9", "confirmation code");
    // The failing proof is named down to the altered selection (the first, counted from 1).
    has(&r, "check 7", "contest 'mazhilis-list', selection 1:");
    has(&r, "check 8", "contest 'mazhilis-list'");
    assert_eq!(r.len(), 3, "only what the change broke: {r:#?}");

    // The same, with the confirmation code recomputed as a careful forger would: the proofs
    // still give it away.
    let (mut ballot, none) =
        sailau_crypto::reading::ballot_from_line(changed.ballots[1].line.as_bytes())
            .expect("the altered line is still a readable ballot");
    assert!(none.is_none());
    ballot.code =
        sailau_crypto::ballot::confirmation_code(&d.station.extended_base_hash(), &ballot);
    let mut forged = p.clone();
    forged.ballots[1].line = sailau_crypto::record::ballot_line(&ballot, None);
    resign(&mut forged, 1, &key);
    let r = reasons(d.refused(&mut card_of(&forged)), 1);
    assert!(
        r.iter().all(|m| !m.starts_with("check 9:")),
        "the code is right now: {r:#?}"
    );
    has(&r, "check 7", "contest 'mazhilis-list', selection 1:");
    has(&r, "check 8", "contest 'mazhilis-list'");

    // A byte that makes no point at all, in the challenged ballot: its opening fails too.
    let mut junk = p.clone();
    junk.ballots[0].line = alter_alpha(&p.ballots[0].line, false);
    resign(&mut junk, 0, &key);
    let r = reasons(d.refused(&mut card_of(&junk)), 0);
    has(
        &r,
        "check 7",
        "selection 1: the ciphertext is not canonical",
    );
    has(&r, "check 10", "selection 1: the opening does not match");

    d.accepted(&mut good);
}

#[test]
fn a_ballot_of_other_contests_than_the_token_is_refused() {
    let mut d = Day::new();
    let key = terminal_key(&d.f.dir.path().join("t1"));
    let mut good = d.voted();
    let p = payload(&mut good);
    let manifest = &d.f.election.manifest;
    let marks = |contests: &[String]| -> Vec<Vec<bool>> {
        contests
            .iter()
            .map(|c| {
                let n = manifest.contest(c).unwrap().options.len();
                (0..n).map(|i| i == 0).collect()
            })
            .collect()
    };
    let style = d.station.style();
    let all = d.station.style_contests();
    let other_style = d.f.def.precinct("p-00002").unwrap().style.clone();
    assert_ne!(other_style, style);
    let other_contests = manifest.style(&other_style).unwrap().contests.clone();
    // Valid ballots, honestly encrypted by this terminal's device, for: only the first
    // contest (what an absentee voter gets), the style's contests but one, another style.
    // The station knows only its own part of the election: another style is not a style
    // of its ballots at all.
    let unknown = BoxError::Refused {
        index: 0,
        reasons: vec![format!("check 6: unknown style '{other_style}'")],
    };
    let wrong_contests = BoxError::WrongContests { index: 0 };
    let cases = [
        (style.clone(), vec![all[0].clone()], &wrong_contests),
        (style.clone(), all[..4].to_vec(), &wrong_contests),
        (other_style.clone(), other_contests, &unknown),
    ];
    for (style, contests, expected) in cases {
        let st = d.t.chain_state().clone();
        let mut device = Device::resume(
            &d.f.election,
            d.t.device(),
            st.seq,
            sailau_group::from_hex32(&st.prev).unwrap(),
        );
        let plain = PlaintextBallot {
            style,
            marks: marks(&contests),
            contests,
        };
        let (ballot, _) = device.encrypt(&plain, &mut d.rng).unwrap();
        let mut wrong = p.clone();
        wrong.ballots[0].line = sailau_crypto::record::ballot_line(&ballot, None);
        resign(&mut wrong, 0, &key);
        assert_eq!(d.refused(&mut card_of(&wrong)), *expected);
    }
    d.accepted(&mut good);
}

#[test]
fn a_ballot_from_an_unregistered_terminal_is_refused() {
    let mut d = Day::new();
    let dir = d.f.dir.path().join("rogue");
    let mut rogue = Terminal::create(
        &dir,
        "p-00001-rogue",
        &d.station.desk_public_key(),
        &d.f.part,
        &mut d.rng,
    )
    .unwrap();
    let mut card = d.issue();
    let mut s = rogue.start(&mut card, Language::English).unwrap();
    for i in 0..5 {
        s.choose(i, O(3)).unwrap();
    }
    s.encrypt(&mut d.rng).unwrap();
    s.cast(&mut card).unwrap();
    assert_eq!(d.refused(&mut card), BoxError::BadTerminal { index: 0 });
    // The same card with a registered terminal's key over the rogue's ballot is refused too:
    // the signature is over the key it names.
    let mut p = payload(&mut card);
    p.ballots[0].terminal = card::hex(&d.t.public_key());
    assert_eq!(
        d.refused(&mut card_of(&p)),
        BoxError::BadTerminal { index: 0 }
    );
    // Once the commission registers it, the very same card is accepted.
    d.station
        .register_terminal(rogue.device(), &rogue.public_key())
        .unwrap();
    d.accepted(&mut card);
}

#[test]
fn the_terminal_refuses_cards_it_must_not_vote() {
    let mut d = Day::new();
    let state_file = d.f.dir.path().join("t1/state.json");
    // A refusal leaves the card, the terminal's chain and its state file as they were.
    let refuse = |t: &mut Terminal, card: &mut MemoryCard| -> TerminalError {
        let (before, chain, file) = (
            card.0.clone(),
            t.chain_state().clone(),
            std::fs::read(&state_file).unwrap(),
        );
        let e = match t.start(card, Language::Kazakh) {
            Ok(_) => panic!("the terminal must refuse this card"),
            Err(e) => e,
        };
        assert_eq!(card.0, before, "the card is left alone ({e})");
        assert_eq!(t.chain_state(), &chain, "the chain does not move ({e})");
        assert_eq!(std::fs::read(&state_file).unwrap(), file, "({e})");
        e
    };

    assert_eq!(
        refuse(&mut d.t, &mut card_of(&Payload::blank())),
        TerminalError::NoToken
    );
    assert!(matches!(
        refuse(&mut d.t, &mut MemoryCard(b"not a card".to_vec())),
        TerminalError::Card(CardError::Malformed(_))
    ));

    let seq = d.t.chain_state().seq;
    let mut voted = d.voted();
    assert_eq!(d.t.chain_state().seq, seq + 1, "voting moves the chain");
    let e = refuse(&mut d.t, &mut voted);
    assert_eq!(e, TerminalError::AlreadyVoted);
    assert!(e.to_string().contains("ballot box"), "{e}");

    // A token for another precinct, signed by this very desk.
    let desk = d.desk_key();
    let mut issued = d.issue();
    let mut p = Payload::from_bytes(&issued.0).unwrap();
    p.token.as_mut().unwrap().precinct = "p-00002".into();
    resign_token(&mut p, &desk);
    assert_eq!(refuse(&mut d.t, &mut card_of(&p)), TerminalError::BadToken);
    // A token of another desk.
    let mut p = Payload::from_bytes(&issued.0).unwrap();
    resign_token(&mut p, &Key::generate(&mut d.rng));
    assert_eq!(refuse(&mut d.t, &mut card_of(&p)), TerminalError::BadToken);
    // A token whose contests were changed (not re-signed).
    let mut p = Payload::from_bytes(&issued.0).unwrap();
    p.token.as_mut().unwrap().contests.pop();
    assert_eq!(refuse(&mut d.t, &mut card_of(&p)), TerminalError::BadToken);

    // The voter with the genuine card votes, and the box takes both good cards.
    d.vote(&mut issued, &FIRSTS);
    d.accepted(&mut voted);
    d.accepted(&mut issued);
}

#[test]
fn a_ballot_naming_another_device_than_its_signing_terminal_is_refused() {
    let mut d = Day::new();
    // A second terminal whose key the commission registered under another device's name.
    let mut t2 = Terminal::create(
        &d.f.dir.path().join("t2"),
        "p-00001-t2",
        &d.station.desk_public_key(),
        &d.f.part,
        &mut ChaCha20Rng::seed_from_u64(77),
    )
    .unwrap();
    d.station
        .register_terminal("p-00001-t3", &t2.public_key())
        .unwrap();
    let mut card = d.issue();
    let mut s = t2.start(&mut card, Language::English).unwrap();
    for (i, &c) in FIRSTS.iter().enumerate() {
        s.choose(i, c).unwrap();
    }
    s.encrypt(&mut d.rng).unwrap();
    s.cast(&mut card).unwrap();
    // Its ballot says "p-00001-t2"; the key is registered as "p-00001-t3".
    assert_eq!(d.refused(&mut card), BoxError::BadTerminal { index: 0 });
    // t1's cards still go in.
    let mut good = d.voted();
    d.station.accept(&mut good).unwrap();
}

/// A card reader that cannot write.
struct Jammed;

impl Card for Jammed {
    fn read(&mut self) -> Result<Vec<u8>, CardError> {
        Ok(Payload::blank().to_bytes())
    }
    fn write(&mut self, _: &[u8]) -> Result<(), CardError> {
        Err(CardError::Io("the reader jammed".into()))
    }
}

#[test]
fn a_card_the_desk_cannot_write_leaves_the_voter_free_to_try_again() {
    let mut d = Day::new();
    let iin = d.f.voters[0].iin;
    let now = d.f.at(30);
    let err = d
        .station
        .issue(&iin, How::Card, None, Some(&mut Jammed), now, &mut d.rng)
        .unwrap_err();
    assert!(err.to_string().contains("jammed"), "{err}");
    assert_eq!(d.station.voter_status(&iin).unwrap().issued, None);
    assert!(d.station.turnout().unwrap().iter().all(|&(_, n)| n == 0));
    let mut card = MemoryCard::default();
    d.station
        .issue(&iin, How::Card, None, Some(&mut card), now, &mut d.rng)
        .unwrap();
    assert!(payload(&mut card).token.is_some());
}
