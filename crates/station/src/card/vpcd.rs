//! The project's virtual card: the Sailau applet put into a virtual reader of vsmartcard's
//! `vpcd` driver for `pcscd`, so that everything above PC/SC (the reader code, `pcscd`, the
//! driver) is the real thing in the tests and in a training station.
//!
//! The driver listens on a TCP port per reader (Debian's configuration: 35963 and 35964);
//! the card connects to it, and is in the reader while the connection lasts. Each message
//! either way is a two-byte big-endian length and that many bytes. From the reader, one byte
//! is a control (0 power off, 1 power on, 2 reset, 4 send the ATR); anything longer is a
//! command APDU, answered by the response APDU. Controls other than the ATR get no answer.

use super::applet::Applet;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream, ToSocketAddrs};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// The card's answer to reset: direct convention, T=0 and T=1 offered, the historical bytes
/// "SAILAU", and the check byte T=1 requires (ISO/IEC 7816-3 §8).
pub const ATR: [u8; 11] = {
    let mut atr = [
        0x3B, 0x86, 0x80, 0x01, b'S', b'A', b'I', b'L', b'A', b'U', 0,
    ];
    let mut tck = 0;
    let mut i = 1;
    while i < atr.len() - 1 {
        tck ^= atr[i];
        i += 1;
    }
    atr[atr.len() - 1] = tck;
    atr
};

/// A virtual card in a virtual reader.
pub struct Inserted {
    stream: TcpStream,
    serving: JoinHandle<std::io::Result<()>>,
    applet: Arc<Mutex<Applet>>,
}

/// Puts the card into the reader whose driver listens at `reader` (`host:port`). With
/// `pull_after`, the card leaves the reader in the middle of the next command after that
/// many, as a voter who pulls it out would.
pub fn insert(
    reader: impl ToSocketAddrs,
    applet: Applet,
    pull_after: Option<usize>,
) -> std::io::Result<Inserted> {
    let stream = TcpStream::connect(reader)?;
    stream.set_nodelay(true)?;
    let applet = Arc::new(Mutex::new(applet));
    let serving = {
        let stream = stream.try_clone()?;
        let applet = applet.clone();
        std::thread::spawn(move || serve(stream, &applet, pull_after))
    };
    Ok(Inserted {
        stream,
        serving,
        applet,
    })
}

impl Inserted {
    /// Takes the card out of the reader and returns it, with whatever it last committed.
    pub fn pull(self) -> Applet {
        let _ = self.stream.shutdown(Shutdown::Both);
        self.finish().1
    }

    /// Waits until the reader closes the connection or the card is pulled, then returns it.
    pub fn wait(self) -> std::io::Result<Applet> {
        let (served, applet) = self.finish();
        served.map(|()| applet)
    }

    fn finish(self) -> (std::io::Result<()>, Applet) {
        let served = self
            .serving
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the virtual card's thread panicked")));
        let Ok(applet) = Arc::try_unwrap(self.applet) else {
            unreachable!("the serving thread has ended and holds no reference")
        };
        let mut applet = applet.into_inner().unwrap_or_else(|p| p.into_inner());
        applet.reset();
        (served, applet)
    }
}

fn serve(
    mut stream: TcpStream,
    applet: &Mutex<Applet>,
    mut pull_after: Option<usize>,
) -> std::io::Result<()> {
    loop {
        quick_ack(&stream);
        let mut length = [0u8; 2];
        match stream.read_exact(&mut length) {
            Ok(()) => {}
            // The reader went away, or the card was pulled: the card is out.
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e),
        }
        quick_ack(&stream);
        let mut message = vec![0u8; usize::from(u16::from_be_bytes(length))];
        stream.read_exact(&mut message)?;
        let mut applet = applet.lock().unwrap_or_else(|p| p.into_inner());
        let reply = match message.as_slice() {
            [0] | [1] | [2] => {
                applet.reset();
                continue;
            }
            [4] => ATR.to_vec(),
            [_] => continue,
            apdu => {
                if let Some(n) = &mut pull_after {
                    if *n == 0 {
                        let _ = stream.shutdown(Shutdown::Both);
                        applet.reset();
                        return Ok(());
                    }
                    *n -= 1;
                }
                applet.respond(apdu).to_bytes()
            }
        };
        let mut framed = (reply.len() as u16).to_be_bytes().to_vec();
        framed.extend_from_slice(&reply);
        stream.write_all(&framed)?;
    }
}

/// The driver sends a message's length and its bytes as two writes, without TCP_NODELAY: its
/// second write waits for our acknowledgement of the first, which Linux delays by 40 ms.
/// Acknowledging at once makes a command a fraction of a millisecond instead.
fn quick_ack(stream: &TcpStream) {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let _ = socket2::SockRef::from(stream).set_tcp_quickack(true);
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    let _ = stream;
}
