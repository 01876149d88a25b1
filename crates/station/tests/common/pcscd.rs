//! `pcscd` with vsmartcard's `vpcd` driver for the PC/SC tests, shared by the station's and
//! the command's suites: Debian's configuration gives readers "Virtual PCD 00 00" and
//! "00 01" on ports 35963 and 35964.
//!
//! `pcscd` is used if it runs; otherwise, as root, it is started for the test. One test at
//! a time holds the readers (a lock), since nextest runs tests in parallel processes.

// Each suite uses its part: the station's puts cards in, the command's runs `card virtual`.
#![allow(dead_code)]

use sailau_station::card::applet::Applet;
use sailau_station::card::reader::{self, ReaderCard, Slot};
use sailau_station::card::vpcd;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

pub const DESK: &str = "Virtual PCD 00 00";
pub const TERMINAL: &str = "Virtual PCD 00 01";

/// The port whose listener is the readers' lock: next to vpcd's.
const LOCK_PORT: u16 = 35962;

/// The two virtual readers, held by this test alone.
pub struct Readers {
    _lock: std::net::TcpListener,
    pcscd: Option<Child>,
}

impl Drop for Readers {
    fn drop(&mut self) {
        if let Some(p) = &mut self.pcscd {
            let _ = p.kill();
            let _ = p.wait();
        }
    }
}

pub fn port(reader: &str) -> u16 {
    match reader {
        DESK => 35963,
        TERMINAL => 35964,
        other => panic!("no port for {other}"),
    }
}

pub fn readers() -> Readers {
    // A port held as a lock between processes, given back when the test ends or dies.
    let waited = Instant::now();
    let lock = loop {
        match std::net::TcpListener::bind(("127.0.0.1", LOCK_PORT)) {
            Ok(l) => break l,
            Err(e) if waited.elapsed() > Duration::from_secs(300) => {
                panic!("the readers' lock, port {LOCK_PORT}, stayed taken for 5 minutes: {e}")
            }
            Err(_) => std::thread::sleep(Duration::from_millis(100)),
        }
    };
    let mut pcscd = None;
    if reader::readers().is_err() {
        // No service: start one, as root can (its socket is /run/pcscd).
        pcscd = Some(
            Command::new("pcscd")
                .arg("--foreground")
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect(
                    "pcscd is needed for the PC/SC tests (Debian: apt install pcscd \
                     vsmartcard-vpcd); scripts/test installs it",
                ),
        );
    }
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Ok(r) = reader::readers() {
            if r.iter().any(|n| n == DESK) && r.iter().any(|n| n == TERMINAL) {
                break;
            }
        }
        assert!(
            Instant::now() < deadline,
            "pcscd shows no vpcd readers {DESK:?} and {TERMINAL:?} (Debian: apt install \
             vsmartcard-vpcd); it shows {:?}",
            reader::readers()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Readers { _lock: lock, pcscd }
}

/// Puts `applet` into `reader` and waits until PC/SC sees it there.
pub fn insert(reader: &str, applet: Applet, pull_after: Option<usize>) -> vpcd::Inserted {
    let card = vpcd::insert(("127.0.0.1", port(reader)), applet, pull_after).unwrap();
    wait_for(reader, true);
    card
}

/// Waits until `reader` has a card, or has none.
pub fn wait_for(reader: &str, present: bool) {
    let wanted = if present { Slot::Card } else { Slot::Empty };
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if ReaderCard::open(reader).unwrap().slot().unwrap() == wanted {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{reader}: the card did not {}",
            if present { "arrive" } else { "leave" }
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Takes the card out of `reader` and keeps it out until `pcscd` has seen the reader empty.
/// pcscd learns of a virtual card's leaving only when it next polls the driver (every
/// 400 ms): a card put back before that poll would look as if it never left, and pcscd
/// would keep the state it gave the card that vanished mid-command.
pub fn pull(reader: &str, card: vpcd::Inserted) -> Applet {
    let applet = card.pull();
    std::thread::sleep(Duration::from_millis(900));
    wait_for(reader, false);
    applet
}
