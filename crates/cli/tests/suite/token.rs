//! `sailau station create --pkcs11-module M --pkcs11-token T`: the station and desk keys made
//! in a SoftHSM token of the test's own, the PIN from the environment; the database holding
//! where they are; the station opened again through the token; a wrong or missing PIN named
//! without the PIN. SoftHSM must be installed (Debian: `apt install softhsm2`; `scripts/test`
//! installs it as root): without it this test fails and says so.

use sailau_crypto::record::election_json;
use sailau_definition::sample;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PIN: &str = "7719-2046";

/// SoftHSM's module: `SAILAU_SOFTHSM_MODULE`, or where Debian and others install it.
fn module_path() -> PathBuf {
    let arch = format!(
        "/usr/lib/{}-linux-gnu/softhsm/libsofthsm2.so",
        std::env::consts::ARCH
    );
    std::env::var_os("SAILAU_SOFTHSM_MODULE")
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
        )
        .find(|c| c.is_file())
        .unwrap_or_else(|| {
            panic!(
                "SoftHSM 2 is not installed, and the PKCS#11 token tests need it: install it \
                 (Debian: apt install softhsm2; scripts/test installs it when run as root), or \
                 set SAILAU_SOFTHSM_MODULE to its libsofthsm2.so"
            )
        })
}

/// Runs `sailau` with SoftHSM's configuration `conf` and the PIN variable set to `pin`, or
/// unset.
fn sailau(conf: &Path, pin: Option<&str>, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sailau"));
    c.args(args)
        .env("SOFTHSM2_CONF", conf)
        .env_remove("SAILAU_PKCS11_PIN")
        .env_remove("SAILAU_PKCS11_PIN_FILE");
    if let Some(pin) = pin {
        c.env("SAILAU_PKCS11_PIN", pin);
    }
    c.output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn a_station_is_set_up_with_its_keys_in_a_token_and_opened_through_it() {
    let module = module_path();
    let dir = tempfile::tempdir().unwrap();
    let tokens = dir.path().join("tokens");
    std::fs::create_dir(&tokens).unwrap();
    let conf = dir.path().join("softhsm2.conf");
    std::fs::write(
        &conf,
        format!(
            "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
            tokens.display()
        ),
    )
    .unwrap();
    let init = Command::new("softhsm2-util")
        .env("SOFTHSM2_CONF", &conf)
        .args(["--init-token", "--free", "--label", "station-p1"])
        .args(["--pin", PIN, "--so-pin", "so-3390-1274"])
        .output()
        .expect("softhsm2-util runs (Debian: apt install softhsm2)");
    assert!(init.status.success(), "{}", text(&init.stderr));

    let def = sample::mazhilis_2023(3, 1);
    let def_path = dir.path().join("definition.json");
    std::fs::write(&def_path, def.to_json()).unwrap();
    let (election, _) = sample::ceremony(&def.check().unwrap(), &mut rand_core::OsRng).unwrap();
    let e_path = dir.path().join("election.json");
    std::fs::write(&e_path, election_json(&election)).unwrap();
    let db = dir.path().join("p1.db");
    let (d, e, b, m) = (
        def_path.to_str().unwrap(),
        e_path.to_str().unwrap(),
        db.to_str().unwrap(),
        module.to_str().unwrap(),
    );
    let create = |pin: Option<&str>, extra: &[&str]| {
        let mut args = vec![
            "station",
            "create",
            "--db",
            b,
            "--definition",
            d,
            "--election",
            e,
            "--precinct",
            "p-00001",
        ];
        args.extend_from_slice(extra);
        sailau(&conf, pin, &args)
    };
    let in_token = ["--pkcs11-module", m, "--pkcs11-token", "station-p1"];

    // A module without a token, or the reverse, is a usage error; no PIN in the environment
    // is refused naming the variables. Nothing is written.
    let half = create(Some(PIN), &in_token[..2]);
    assert_eq!(half.status.code(), Some(2), "{}", text(&half.stderr));
    let no_pin = create(None, &in_token);
    assert_eq!(no_pin.status.code(), Some(2));
    assert!(
        text(&no_pin.stderr).contains("SAILAU_PKCS11_PIN"),
        "{}",
        text(&no_pin.stderr)
    );
    assert!(!db.exists(), "nothing written");

    // Set up in the token: the keys are printed, and the token named.
    let out = create(Some(PIN), &in_token);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains("both keys are in token \"station-p1\""),
        "{said}"
    );
    let key_of = |what: &str| {
        said.lines()
            .find_map(|l| l.strip_prefix(what))
            .unwrap()
            .to_string()
    };
    let (station_key, desk_key) = (key_of("station key "), key_of("desk key "));

    // The database records where each key is, with its public half: never 32 secret bytes.
    let conn = rusqlite::Connection::open(&db).unwrap();
    for (row, public) in [("station_key", &station_key), ("desk_key", &desk_key)] {
        let value: Vec<u8> = conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [row], |r| r.get(0))
            .unwrap();
        assert_ne!(value.len(), 32, "{row} holds no secret");
        let r: serde_json::Value = serde_json::from_slice(&value).unwrap();
        assert_eq!(r["token"], "station-p1");
        assert_eq!(r["module"], m);
        assert_eq!(&r["public"], public.as_str());
    }
    drop(conn);

    // Opened again through the token, with the PIN from the environment: the list loads.
    let csv = dir.path().join("list.csv");
    let birth = "1975-04-02".parse().unwrap();
    let iin = (0..)
        .find_map(|s| sailau_voters::Iin::issue(birth, sailau_voters::Sex::Male, s))
        .unwrap();
    std::fs::write(
        &csv,
        format!("iin,name,birth_date,precinct,flags\n{iin},Ахметов Нұрлан,1975-04-02,p-00001,\n"),
    )
    .unwrap();
    let load = |pin: Option<&str>| {
        sailau(
            &conf,
            pin,
            &["station", "load-voters", "--db", b, csv.to_str().unwrap()],
        )
    };
    let wrong = "0000-9999";
    let refused = load(Some(wrong));
    assert_eq!(refused.status.code(), Some(2));
    let err = text(&refused.stderr);
    assert!(
        err.contains("token \"station-p1\": the PIN is incorrect"),
        "{err}"
    );
    assert!(!err.contains(wrong) && !err.contains(PIN), "{err}");
    let ok = load(Some(PIN));
    assert!(ok.status.success(), "{}", text(&ok.stderr));

    // The PIN from a file, when the variable is not set: the box opens the station through
    // the token (an empty folder of cards, so nothing else can refuse).
    let pin_file = dir.path().join("pin");
    std::fs::write(&pin_file, format!("{PIN}\n")).unwrap();
    let cards = dir.path().join("cards");
    std::fs::create_dir(&cards).unwrap();
    let from_file = Command::new(env!("CARGO_BIN_EXE_sailau"))
        .args([
            "station",
            "box",
            "--db",
            b,
            "--cards",
            cards.to_str().unwrap(),
        ])
        .env("SOFTHSM2_CONF", &conf)
        .env_remove("SAILAU_PKCS11_PIN")
        .env("SAILAU_PKCS11_PIN_FILE", &pin_file)
        .output()
        .unwrap();
    assert!(from_file.status.success(), "{}", text(&from_file.stderr));
}
