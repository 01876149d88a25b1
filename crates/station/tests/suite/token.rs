//! The station and desk keys in a PKCS#11 token (SoftHSM 2, in a folder of the test's own):
//! made in the token, signing there, their secret unreadable, the database holding only where
//! they are; a whole day at such a station verifies; a wrong PIN is refused by name.
//!
//! SoftHSM must be installed (Debian: `apt install softhsm2`; `scripts/test` installs it as
//! root). Without it these tests fail and say so: a test of secrets that passes by doing
//! nothing would hide a station that never signs in a token.

use crate::common::*;
use cryptoki::object::{Attribute, AttributeInfo, AttributeType, KeyType, ObjectClass};
use cryptoki::session::UserType;
use cryptoki::types::AuthPin;
use sailau_crypto::partial_decrypt;
use sailau_definition::Language;
use sailau_station::card::{Card, MemoryCard};
use sailau_station::desk::{DeskError, How};
use sailau_station::keys::{self, KeyError, Pin, TokenKey, TokenRef};
use sailau_station::paper::PaperEntry;
use sailau_station::terminal::Choice;
use sailau_station::{Station, StationError};
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

const PIN: &str = "4821-7730";
const SO_PIN: &str = "so-5501-2297";
/// Each test has a token of its own: PKCS#11 logs in per token and application, so a test
/// whose token another test has logged in could not see its PIN refused.
const TOKENS: [&str; 5] = ["sign", "day", "wrong-pin", "not-the-key", "fails"];

/// SoftHSM's module: `SAILAU_SOFTHSM_MODULE`, or where Debian and others install it.
fn module_path() -> PathBuf {
    let arch = format!(
        "/usr/lib/{}-linux-gnu/softhsm/libsofthsm2.so",
        std::env::consts::ARCH
    );
    let candidates = std::env::var_os("SAILAU_SOFTHSM_MODULE")
        .map(PathBuf::from)
        .into_iter()
        .chain(
            [
                "/usr/lib/softhsm/libsofthsm2.so",
                arch.as_str(),
                "/usr/lib64/softhsm/libsofthsm2.so",
                "/usr/local/lib/softhsm/libsofthsm2.so",
            ]
            .map(PathBuf::from),
        );
    for c in candidates {
        if c.is_file() {
            return c;
        }
    }
    panic!(
        "SoftHSM 2 is not installed, and the PKCS#11 token tests need it: install it \
         (Debian: apt install softhsm2; scripts/test installs it when run as root), or set \
         SAILAU_SOFTHSM_MODULE to its libsofthsm2.so"
    )
}

struct Hsm {
    module: PathBuf,
}

/// A SoftHSM of the tests' own (its configuration and token folder in a temporary folder),
/// with every test's token made before the module is loaded in this process: SoftHSM reads
/// its configuration and its tokens once, when first loaded.
fn hsm() -> &'static Hsm {
    static HSM: OnceLock<Hsm> = OnceLock::new();
    HSM.get_or_init(|| {
        let module = module_path();
        // Under the target folder, not the system's temporary one: a static is never dropped,
        // so this folder outlives the process; a later run of the same id clears it.
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("softhsm-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let tokens = dir.join("tokens");
        std::fs::create_dir_all(&tokens).unwrap();
        let conf = dir.join("softhsm2.conf");
        std::fs::write(
            &conf,
            format!(
                "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
                tokens.display()
            ),
        )
        .unwrap();
        for label in TOKENS {
            let out = Command::new("softhsm2-util")
                .env("SOFTHSM2_CONF", &conf)
                .args(["--init-token", "--free", "--label", label])
                .args(["--pin", PIN, "--so-pin", SO_PIN])
                .output()
                .unwrap_or_else(|e| {
                    panic!("softhsm2-util cannot run ({e}): install softhsm2 (Debian: apt install softhsm2)")
                });
            assert!(
                out.status.success(),
                "softhsm2-util --init-token {label}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        // Before the module is first loaded: SoftHSM reads SOFTHSM2_CONF when initialised.
        std::env::set_var("SOFTHSM2_CONF", &conf);
        Hsm { module }
    })
}

fn pin() -> Pin {
    Pin::new(PIN.as_bytes())
}

#[test]
fn a_key_made_in_the_token_signs_there_and_its_secret_cannot_be_read() {
    let hsm = hsm();
    let key = TokenKey::generate(&hsm.module, "sign", "sailau test", &pin()).unwrap();
    let public = ed25519_dalek::VerifyingKey::from_bytes(&key.public()).unwrap();

    // Its signature verifies strictly under the public key it reports; not over another
    // message, nor under another key.
    let message = b"sailau-test/1\0the protocol of precinct p-00001";
    let signature = ed25519_dalek::Signature::from_bytes(&key.sign(message).unwrap());
    assert!(public.verify_strict(message, &signature).is_ok());
    assert!(public
        .verify_strict(
            b"sailau-test/1\0the protocol of precinct p-00002",
            &signature
        )
        .is_err());
    let other = TokenKey::generate(&hsm.module, "sign", "sailau test", &pin()).unwrap();
    assert_ne!(other.public(), key.public(), "each key is new");
    assert!(!keys::verify(
        &other.public(),
        message,
        &signature.to_bytes()
    ));

    // Opened again from what a station records, it is the same key.
    let again = TokenKey::open(key.reference(), &pin()).unwrap();
    assert_eq!(again.public(), key.public());
    assert!(keys::verify(
        &key.public(),
        b"again",
        &again.sign(b"again").unwrap()
    ));

    // The token itself, asked for the private key's value, refuses: the key is sensitive and
    // not extractable, and always was. Asked through a session of the test's own.
    let ctx = keys::token::context(&hsm.module).unwrap();
    let slot = ctx
        .get_slots_with_token()
        .unwrap()
        .into_iter()
        .find(|s| ctx.get_token_info(*s).unwrap().label().trim_end() == "sign")
        .unwrap();
    let session = ctx.open_ro_session(slot).unwrap();
    match session.login(UserType::User, Some(&AuthPin::new(PIN.into()))) {
        Ok(())
        | Err(cryptoki::error::Error::Pkcs11(cryptoki::error::RvError::UserAlreadyLoggedIn, _)) => {
        }
        Err(e) => panic!("login: {e}"),
    }
    let id = sailau_group::from_hex(&key.reference().id).unwrap();
    let private = session
        .find_objects(&[
            Attribute::Class(ObjectClass::PRIVATE_KEY),
            Attribute::KeyType(KeyType::EC_EDWARDS),
            Attribute::Id(id),
        ])
        .unwrap();
    assert_eq!(private.len(), 1);
    let value = session
        .get_attribute_info(private[0], &[AttributeType::Value])
        .unwrap();
    assert!(
        matches!(value[..], [AttributeInfo::Sensitive]),
        "CKA_VALUE of the private key is refused: {value:?}"
    );
    let held = session
        .get_attributes(
            private[0],
            &[
                AttributeType::Token,
                AttributeType::Sensitive,
                AttributeType::Extractable,
                AttributeType::AlwaysSensitive,
                AttributeType::NeverExtractable,
                AttributeType::Sign,
            ],
        )
        .unwrap();
    assert_eq!(
        held,
        [
            Attribute::Token(true),
            Attribute::Sensitive(true),
            Attribute::Extractable(false),
            Attribute::AlwaysSensitive(true),
            Attribute::NeverExtractable(true),
            Attribute::Sign(true),
        ]
    );

    // The same signing, timed against a file key in this run (printed with --nocapture).
    let file = keys::Key::from_secret(&[7; 32]);
    let n = 200;
    let t = Instant::now();
    for _ in 0..n {
        key.sign(message).unwrap();
    }
    let token_us = t.elapsed().as_micros() / n;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(file.sign(message));
    }
    let file_us = t.elapsed().as_micros() / n;
    println!("Ed25519 signature: {token_us} µs in SoftHSM (with its check), {file_us} µs with the file key");
}

/// Votes once on a fresh card: the first option of every contest.
fn vote_once(f: &Fixture, station: &Station, t: &mut sailau_station::terminal::Terminal, v: usize) {
    let mut card = MemoryCard::default();
    station
        .issue(
            &f.voters[v].iin,
            How::Card,
            None,
            Some(&mut card),
            f.at(30 + v as i64),
            &mut rand_core::OsRng,
        )
        .unwrap();
    let mut s = t.start(&mut card, Language::Kazakh).unwrap();
    for i in 0..station.style_contests().len() {
        s.choose(i, Choice::Option(0)).unwrap();
    }
    s.encrypt(&mut rand_core::OsRng).unwrap();
    s.cast(&mut card).unwrap();
    station.accept(&mut card).unwrap();
}

#[test]
fn a_station_with_its_keys_in_the_token_runs_its_day_and_its_protocol_verifies() {
    let hsm = hsm();
    let mut f = fixture(3);
    let db = f.dir.path().join("station.db");
    let station = Station::create_in_token(&db, &f.part, &hsm.module, "day", &pin()).unwrap();
    station.load_voters(&f.voters).unwrap();
    let recorded = station.token().unwrap().clone();
    assert_eq!(
        (recorded.token.as_str(), recorded.label.as_str()),
        ("day", "sailau station p-00001")
    );

    // The database records where each key is, never a secret: both rows are a token key's
    // record, with the public key the station reports.
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let row = |k: &str| -> Vec<u8> {
            conn.query_row("SELECT value FROM meta WHERE key = ?1", [k], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(row("format"), b"sailau-station/3");
        for (name, public) in [
            ("station_key", station.station_public_key()),
            ("desk_key", station.desk_public_key()),
        ] {
            let value = row(name);
            assert_ne!(value.len(), 32, "{name} is not a 32-byte secret");
            let r: TokenRef = serde_json::from_slice(&value)
                .unwrap_or_else(|e| panic!("{name} is not a token key's record: {e}"));
            assert_eq!(
                (r.module.as_str(), r.token.as_str()),
                (hsm.module.to_str().unwrap(), "day")
            );
            assert_eq!(r.public, sailau_group::to_hex(&public));
        }
    }
    assert_ne!(station.station_public_key(), station.desk_public_key());

    // Reopened with the PIN, a card is issued (the desk key signs its token in the token), the
    // voter votes, the box takes the ballot; the station closes with the guardians.
    drop(station);
    let station = Station::open_with_pin(&db, &pin()).unwrap();
    assert_eq!(station.token(), Some(&recorded));
    let mut t = f.terminal(&station, "t1");
    let all: Vec<(String, u64)> = station
        .style_contests()
        .into_iter()
        .map(|c| (c, 10))
        .collect();
    station.open_polls(f.at(0), &all).unwrap();
    vote_once(&f, &station, &mut t, 0);
    vote_once(&f, &station, &mut t, 1);
    let turnout = station.signed_turnout(10).unwrap();
    assert!(keys::verify(
        &station.station_public_key(),
        &sailau_protocol::SignedTurnout::message(&turnout.turnout),
        &sailau_group::from_hex(&turnout.signature)
            .unwrap()
            .try_into()
            .unwrap()
    ));
    station.seal(f.closing_time()).unwrap();
    for c in station.style_contests() {
        let n = station
            .definition()
            .option_ids(station.definition().contest(&c).unwrap())
            .len();
        let e = PaperEntry {
            unused: 10,
            votes: vec![0; n],
            ..Default::default()
        };
        station.enter_paper("Aigerim", &c, &e).unwrap();
        station.enter_paper("Marat", &c, &e).unwrap();
    }
    station.declare_terminal(&t.closing_statement()).unwrap();
    let tally = station.encrypted_tally().unwrap();
    let mut rng = rand_chacha::ChaCha20Rng::clone(&f.rng);
    let partials: Vec<_> = f.keys[..3]
        .iter()
        .map(|k| partial_decrypt(k, station.election(), &tally, &mut rng))
        .collect();
    let closing = station.close(&partials).unwrap();

    // The protocol is signed by the station key in the token: it verifies strictly under the
    // station's public key, and names it.
    let p = &closing.protocol;
    assert_eq!(
        p.signer,
        sailau_group::to_hex(&station.station_public_key())
    );
    let signature = ed25519_dalek::Signature::from_bytes(
        &sailau_group::from_hex(&p.signature)
            .unwrap()
            .try_into()
            .unwrap(),
    );
    let public = ed25519_dalek::VerifyingKey::from_bytes(&station.station_public_key()).unwrap();
    let message = sailau_protocol::SignedProtocol::message(&p.protocol);
    assert!(public.verify_strict(&message, &signature).is_ok());
    let mut changed = p.protocol.clone();
    changed.contests[0].options[0].electronic += 1;
    assert!(public
        .verify_strict(
            &sailau_protocol::SignedProtocol::message(&changed),
            &signature
        )
        .is_err());
    assert_eq!(p.protocol.contests[0].options[0].electronic, 2);
    let upload = station
        .record_upload_signature(&closing.ballots_jsonl, &closing.tally_json)
        .unwrap();
    assert!(keys::verify(
        &station.station_public_key(),
        &sailau_protocol::record_upload_message(
            "p-00001",
            &closing.ballots_jsonl,
            &closing.tally_json
        ),
        &upload
    ));
    let report = f.verified(&closing);
    assert_eq!(report.cast, 2);
}

#[test]
fn a_wrong_pin_is_refused_naming_the_token_and_never_the_pin() {
    let hsm = hsm();
    let f = fixture(1);
    let db = f.dir.path().join("station.db");
    let station = Station::create_in_token(&db, &f.part, &hsm.module, "wrong-pin", &pin()).unwrap();
    // Its sessions closed, the token is logged out again.
    drop(station);
    let wrong = "0000-1111";
    let Err(e) = Station::open_with_pin(&db, &Pin::new(wrong.as_bytes())) else {
        panic!("a wrong PIN opened the station");
    };
    assert_eq!(
        e,
        StationError::Key(KeyError::WrongPin {
            token: "wrong-pin".into()
        })
    );
    let said = e.to_string();
    assert_eq!(said, "token \"wrong-pin\": the PIN is incorrect");
    assert!(!said.contains(wrong) && !said.contains(PIN));
    assert!(!format!("{e:?}").contains(wrong));

    // A token that is not there, and a key record that names no key, are named too.
    let mut gone = TokenRef {
        module: hsm.module.display().to_string(),
        token: "no-such-token".into(),
        label: "sailau station p-00001".into(),
        id: "00".repeat(16),
        public: "00".repeat(32),
    };
    assert!(matches!(
        TokenKey::open(&gone, &pin()),
        Err(KeyError::NoToken { token, .. }) if token == "no-such-token"
    ));
    gone.token = "wrong-pin".into();
    assert!(matches!(
        TokenKey::open(&gone, &pin()),
        Err(KeyError::NoKey { token, .. }) if token == "wrong-pin"
    ));
    // A module that is not one is refused, not a crash.
    assert!(matches!(
        TokenKey::open(
            &TokenRef {
                module: "/nonexistent/libpkcs11.so".into(),
                ..gone.clone()
            },
            &pin()
        ),
        Err(KeyError::Module { .. })
    ));
}

#[test]
fn a_key_that_is_not_the_recorded_one_is_refused_at_opening() {
    let hsm = hsm();
    let key =
        TokenKey::generate(&hsm.module, "not-the-key", "sailau station p-00009", &pin()).unwrap();
    let other =
        TokenKey::generate(&hsm.module, "not-the-key", "sailau desk p-00009", &pin()).unwrap();
    // A record whose id is one key's and whose public half is the other's: another token
    // put where the station's was, say.
    let swapped = TokenRef {
        public: other.reference().public.clone(),
        ..key.reference().clone()
    };
    assert_eq!(
        TokenKey::open(&swapped, &pin()).unwrap_err(),
        KeyError::NotTheKey {
            token: "not-the-key".into(),
            label: "sailau station p-00009".into(),
            expected: other.reference().public.clone(),
        }
    );
}

#[test]
fn a_desk_whose_token_fails_to_sign_issues_nothing_and_the_voter_may_try_again() {
    let hsm = hsm();
    let f = fixture(2);
    let db = f.dir.path().join("station.db");
    let station = Station::create_in_token(&db, &f.part, &hsm.module, "fails", &pin()).unwrap();
    station.load_voters(&f.voters).unwrap();
    let all: Vec<(String, u64)> = station
        .style_contests()
        .into_iter()
        .map(|c| (c, 10))
        .collect();
    station.open_polls(f.at(0), &all).unwrap();

    // The desk key is taken out of the token (as a broken or replaced token would lose it):
    // the desk cannot sign the voter's token.
    let ctx = keys::token::context(&hsm.module).unwrap();
    let slot = ctx
        .get_slots_with_token()
        .unwrap()
        .into_iter()
        .find(|s| ctx.get_token_info(*s).unwrap().label().trim_end() == "fails")
        .unwrap();
    let session = ctx.open_rw_session(slot).unwrap();
    let desk_label = b"sailau desk p-00001".to_vec();
    for key in session
        .find_objects(&[Attribute::Label(desk_label)])
        .unwrap()
    {
        session.destroy_object(key).unwrap();
    }
    let iin = f.voters[0].iin;
    let mut card = MemoryCard::default();
    let refused = station.issue(
        &iin,
        How::Card,
        None,
        Some(&mut card),
        f.at(30),
        &mut rand_core::OsRng,
    );
    let Err(DeskError::Key(KeyError::Token { token, what, .. })) = refused else {
        panic!("issued without the desk key: {refused:?}");
    };
    assert_eq!((token.as_str(), what.as_str()), ("fails", "signing"));

    // Nothing was recorded: the voter has no ballots, the turnout counts nobody, the card
    // holds no token; paper may be issued instead.
    assert_eq!(station.voter_status(&iin).unwrap().issued, None);
    assert!(station.turnout().unwrap().iter().all(|&(_, n)| n == 0));
    assert!(card.payload().map_or(true, |p| p.token.is_none()));
    station
        .issue(
            &iin,
            How::Paper,
            None,
            None,
            f.at(31),
            &mut rand_core::OsRng,
        )
        .unwrap();
    assert_eq!(station.voter_status(&iin).unwrap().issued, Some(How::Paper));
}
