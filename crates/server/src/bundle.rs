//! The whole election record as one download: a tar of the layout `sailau verify DIR` reads
//! (docs/formats.md, "The election record"), under a folder named for the election. Entries
//! carry no dates or owners, so the same record gives the same bytes. Written precinct by
//! precinct into the response, never whole in memory.

use crate::error::ApiError;
use crate::Service;
use sailau_record::{BodyResults, Layout};
use std::io::Write;

fn entry<W: Write>(tar: &mut tar::Builder<W>, path: &str, bytes: &[u8]) -> std::io::Result<()> {
    let mut h = tar::Header::new_ustar();
    h.set_size(bytes.len() as u64);
    h.set_mode(0o644);
    h.set_mtime(0);
    h.set_uid(0);
    h.set_gid(0);
    h.set_entry_type(tar::EntryType::Regular);
    tar.append_data(&mut h, path, bytes)
}

fn io(e: std::io::Error) -> ApiError {
    ApiError::Internal(format!("writing the record: {e}"))
}

/// Writes the record as it stands: every accepted protocol and record, the territorial and
/// national sums recomputed from them, and the law's decisions on the national sum.
pub fn write_record<W: Write>(s: &Service, out: W) -> Result<(), ApiError> {
    let e = s.election()?;
    let root = e.id().to_string();
    let mut tar = tar::Builder::new(out);
    for (name, bytes) in &e.documents {
        entry(&mut tar, &format!("{root}/{name}"), bytes).map_err(io)?;
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
        let at = |file: Layout| format!("{root}/{}", file.path());
        if let Some((ballots, tally)) = &files.1 {
            entry(&mut tar, &at(Layout::Ballots(p.id.clone())), ballots).map_err(io)?;
            entry(&mut tar, &at(Layout::Tally(p.id.clone())), tally).map_err(io)?;
        }
        if let Some(protocol) = &files.0 {
            entry(&mut tar, &at(Layout::Protocol(p.id.clone())), protocol).map_err(io)?;
        }
    }
    let sums = s.with_accepted(|a| {
        let mut out = Vec::new();
        for unit in e.regions() {
            if let Some(Ok((p, reported, _))) = a.summary(&e, unit) {
                if reported > 0 {
                    out.push((Layout::Territorial(unit.to_string()).path(), p.to_json()));
                }
            }
        }
        let national = match a.summary(&e, "national") {
            Some(Ok((p, _, _))) => Some(p),
            _ => None,
        };
        (out, national)
    });
    for (path, json) in &sums.0 {
        entry(&mut tar, &format!("{root}/{path}"), json.as_bytes()).map_err(io)?;
    }
    if let Some(national) = sums.1 {
        entry(
            &mut tar,
            &format!("{root}/{}", Layout::National.path()),
            national.to_json().as_bytes(),
        )
        .map_err(io)?;
        // Every body the definition elects, by the published record's one road; a body whose
        // results cannot be made yet (no contest of it reported) has no files.
        for results in e
            .def
            .election
            .bodies
            .iter()
            .filter_map(|&body| BodyResults::of(&e.def, &national, body).ok())
        {
            let decided = results.decide().text();
            entry(
                &mut tar,
                &format!("{root}/{}", Layout::Results(results.body).path()),
                results.text.as_bytes(),
            )
            .map_err(io)?;
            entry(
                &mut tar,
                &format!("{root}/{}", Layout::Decided(results.body).path()),
                decided.as_bytes(),
            )
            .map_err(io)?;
        }
    }
    tar.into_inner().map_err(io)?.flush().map_err(io)
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
