//! `sailau bench card`: a card's content read and written through the applet's commands
//! (docs/formats.md, "The card over PC/SC"): straight to the applet in memory, the commands'
//! own cost, and with `--reader` through PC/SC (`pcscd`, the reader's driver, the card), in
//! the same run so that the two can be compared on a noisy machine.

use crate::{emit, Failure};
use sailau_station::card::apdu;
use sailau_station::card::applet::Applet;
use sailau_station::card::{Card, CardError, CAPACITY};
use std::time::Instant;

#[derive(clap::Args)]
pub struct CardArgs {
    /// Also time the card in this PC/SC reader (a build with `--features pcsc`). Its
    /// content is overwritten during the run and put back at the end: use a virtual card
    /// (`sailau card virtual`).
    #[arg(long, value_name = "NAME")]
    reader: Option<String>,
    /// Reads and writes of each size.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    rounds: u32,
}

/// The sizes timed: a blank card, a token, a five-contest ballot (about 25 KiB), a full card.
const SIZES: [(usize, &str); 4] = [
    (26, "blank card"),
    (600, "a token"),
    (26_000, "a cast ballot"),
    (CAPACITY, "a full card"),
];

/// Milliseconds per read and per write of `content`, `rounds` times each.
fn time(card: &mut dyn Card, content: &[u8], rounds: u32) -> Result<(f64, f64), CardError> {
    let start = Instant::now();
    for _ in 0..rounds {
        card.write(content)?;
    }
    let write = start.elapsed().as_secs_f64() * 1e3 / f64::from(rounds);
    let start = Instant::now();
    for _ in 0..rounds {
        if card.read()? != content {
            return Err(CardError::Io("the card gave back other bytes".into()));
        }
    }
    let read = start.elapsed().as_secs_f64() * 1e3 / f64::from(rounds);
    Ok((read, write))
}

pub fn run(args: &CardArgs) -> Result<(), Failure> {
    let mut reader = match &args.reader {
        Some(name) => Some(crate::card_cmd::reader(name)?),
        None => None,
    };
    let saved = match reader.as_mut() {
        Some(card) => Some(
            card.read()
                .map_err(|e| Failure::Input(format!("--reader: {e}")))?,
        ),
        None => None,
    };
    let mut out = format!(
        "card content through the applet's commands, {} rounds each (ms per operation)\n\
         {:<16} {:>9} {:>7} {:>11} {:>11}",
        args.rounds, "content", "bytes", "APDUs", "read", "write"
    );
    if reader.is_some() {
        out += &format!(" {:>11} {:>11} {:>9}", "PC/SC read", "PC/SC write", "ratio");
    }
    out.push('\n');
    for (size, what) in SIZES {
        let content: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
        // SELECT, STATUS and the READs; SELECT, BEGIN, the WRITEs and COMMIT.
        let apdus = 2 + size.div_ceil(apdu::READ_CHUNK) + 3 + size.div_ceil(apdu::WRITE_CHUNK);
        let direct = time(&mut Applet::in_memory(Vec::new()), &content, args.rounds)
            .map_err(|e| Failure::Input(format!("bench card: {e}")))?;
        out += &format!(
            "{what:<16} {size:>9} {apdus:>7} {:>11.4} {:>11.4}",
            direct.0, direct.1
        );
        if let Some(card) = reader.as_mut() {
            let pcsc = time(card.as_mut(), &content, args.rounds)
                .map_err(|e| Failure::Input(format!("--reader: {e}")))?;
            out += &format!(
                " {:>11.3} {:>11.3} {:>8.0}x",
                pcsc.0,
                pcsc.1,
                (pcsc.0 + pcsc.1) / (direct.0 + direct.1)
            );
        }
        out.push('\n');
    }
    if let (Some(card), Some(saved)) = (reader.as_mut(), saved) {
        card.write(&saved)
            .map_err(|e| Failure::Input(format!("--reader: the content was not put back: {e}")))?;
    }
    out += &format!(
        "peak memory {} MiB\n",
        crate::bench_audit::peak_kib() / 1024
    );
    emit(&out)
}
