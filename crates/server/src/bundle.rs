//! The whole election record as one download: a tar of the layout `sailau verify DIR` reads
//! (docs/formats.md, "The election record"), under a folder named for the election. Entries
//! carry no dates or owners, so the same record gives the same bytes. Written precinct by
//! precinct into the response, never whole in memory.

use crate::error::ApiError;
use crate::Service;
use sailau_record::{Layout, Sink, Summaries, Tar};
use std::io::Write;

fn io(e: sailau_record::sink::WriteError) -> ApiError {
    ApiError::Internal(format!("writing the record: {e}"))
}

/// Writes the record as it stands: every accepted protocol and record, the territorial and
/// national sums recomputed from them, and the law's decisions on the national sum.
pub fn write_record<W: Write>(s: &Service, out: W) -> Result<(), ApiError> {
    let e = s.election()?;
    let mut tar = Tar::new(out, e.id());
    let documents = [Layout::Definition, Layout::Election, Layout::Stations];
    for (file, (_, bytes)) in documents.iter().zip(&e.documents) {
        tar.put(file, bytes).map_err(io)?;
    }
    for p in &e.def.precincts {
        let files = s.db.transaction(|tx| {
            let protocol = tx
                .query_one(
                    "SELECT body FROM protocols WHERE precinct = $1",
                    &[(&p.id).into()],
                )?
                .map(|r| r.into_iter().next().expect("a column").blob())
                .transpose()?;
            let record = tx
                .query_one(
                    "SELECT ballots, tally FROM records WHERE precinct = $1",
                    &[(&p.id).into()],
                )?
                .map(|r| {
                    let mut r = r.into_iter();
                    Ok::<_, crate::db::DbError>((
                        r.next().expect("2 columns").blob()?,
                        r.next().expect("2 columns").blob()?,
                    ))
                })
                .transpose()?;
            Ok::<_, ApiError>((protocol, record))
        })?;
        if let Some((ballots, tally)) = &files.1 {
            // The service keeps the log as uploaded, in JSON lines, which it checked whole
            // against the station's seal; the record carries it compact.
            let compact = sailau_crypto::compact::to_compact(ballots).map_err(|e| {
                ApiError::Internal(format!("precinct {}: its ballot log: {e}", p.id))
            })?;
            tar.put(&Layout::Ballots(p.id.clone()), &compact)
                .map_err(io)?;
            tar.put(&Layout::Tally(p.id.clone()), tally).map_err(io)?;
        }
        if let Some(protocol) = &files.0 {
            tar.put(&Layout::Protocol(p.id.clone()), protocol)
                .map_err(io)?;
        }
    }
    // The sums under the lock, the writing after it. Sums that do not add up are left out:
    // the record then fails verification, as it should.
    let sums = s.with_accepted(|a| Summaries::of(&e.def, |p| a.protocols.get(p)).ok());
    if let Some(sums) = sums {
        // Bodies with no contest reported yet have no results files.
        sums.write(&e.def, &mut tar, false)
            .map_err(|err| match err {
                sailau_record::levels::LevelsError::Write(w) => io(w),
                other => ApiError::Internal(other.to_string()),
            })?;
    }
    tar.finish()
        .map_err(io)?
        .flush()
        .map_err(|e| ApiError::Internal(format!("writing the record: {e}")))
}

/// A `Write` that hands its bytes to the response body as they come.
pub struct ChannelWriter(pub tokio::sync::mpsc::Sender<std::io::Result<bytes::Bytes>>);

impl Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .blocking_send(Ok(bytes::Bytes::copy_from_slice(buf)))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "client left"))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
