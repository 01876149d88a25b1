//! The station's side of the CEC's register of absentee certificates (docs/server.md,
//! "Absentee certificates"): the signed notice of each certificate its desk issued or
//! honoured, and what the service answered.
//!
//! The desk asks the register before it honours a certificate; when the service cannot be
//! reached the commission may honour it on the paper alone, and the station reports it as
//! used offline when the line returns or at closing, so the CEC checks it after the fact.
//! A notice the service never answered is sent again until it does.

use crate::desk::DeskError;
use crate::Station;
use rusqlite::{params, OptionalExtension};
use sailau_protocol::{Act, CertificateNotice, SignedCertificateNotice, CERTIFICATE_FORMAT};
use sailau_voters::absentee::Certificate;

/// One certificate the station issued or honoured, and what the CEC answered of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reported {
    /// Issued here, or honoured here.
    pub act: Act,
    /// The certificate's number.
    pub number: String,
    /// The precinct that issued it.
    pub home: String,
    /// The service's answer, as `STATUS BODY`; none while it has not answered.
    pub answer: Option<String>,
}

fn words(contests: &str) -> Vec<String> {
    contests
        .split(' ')
        .filter(|c| !c.is_empty())
        .map(String::from)
        .collect()
}

impl Station {
    /// Whether this desk has honoured certificate `number`.
    pub(crate) fn honoured_before(&self, number: &str) -> Result<bool, rusqlite::Error> {
        Ok(self
            .db
            .query_row("SELECT 1 FROM honoured WHERE number = ?1", [number], |_| {
                Ok(())
            })
            .optional()?
            .is_some())
    }

    /// The signed notice of certificate `number`: issued by this desk, or honoured by it.
    /// `offline` marks a use the service was not asked about before the ballots were given.
    pub fn certificate_notice(
        &self,
        act: Act,
        number: &str,
        offline: bool,
    ) -> Result<SignedCertificateNotice, DeskError> {
        let row: Option<(String, String, String)> = match act {
            Act::Issued => self
                .db
                .query_row(
                    "SELECT iin, ?2, contests FROM certificates WHERE number = ?1",
                    params![number, &self.precinct],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?,
            Act::Used => self
                .db
                .query_row(
                    "SELECT i.iin, h.home, h.contests FROM honoured h \
                     JOIN issued i ON i.certificate = h.number WHERE h.number = ?1",
                    [number],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?,
        };
        let (iin, home, contests) = row.ok_or_else(|| DeskError::NoSuchCertificate {
            number: number.into(),
            act: match act {
                Act::Issued => "issued",
                Act::Used => "honoured",
            },
        })?;
        self.sign_notice(CertificateNotice {
            format: CERTIFICATE_FORMAT.into(),
            election: self.definition().election.id.clone(),
            precinct: self.precinct.clone(),
            act,
            number: number.into(),
            iin,
            home,
            contests: words(&contests),
            offline: offline && act == Act::Used,
        })
    }

    /// The notice of honouring `cert`, as the desk sends it before giving ballots: the
    /// certificate as written on the paper.
    pub fn use_notice(&self, cert: &Certificate) -> Result<SignedCertificateNotice, DeskError> {
        self.sign_notice(CertificateNotice {
            format: CERTIFICATE_FORMAT.into(),
            election: self.definition().election.id.clone(),
            precinct: self.precinct.clone(),
            act: Act::Used,
            number: cert.number.clone(),
            iin: cert.iin.to_string(),
            home: cert.home.clone(),
            contests: cert.contests.clone(),
            offline: false,
        })
    }

    fn sign_notice(&self, notice: CertificateNotice) -> Result<SignedCertificateNotice, DeskError> {
        let signature = self
            .station_key
            .sign(&SignedCertificateNotice::message(&notice))?;
        Ok(SignedCertificateNotice {
            notice,
            signer: sailau_group::to_hex(&self.station_key.public()),
            signature: sailau_group::to_hex(&signature),
        })
    }

    /// Keeps the service's answer to the notice of `number`: once answered, it is not sent
    /// again.
    pub fn note_reported(&self, act: Act, number: &str, answer: &str) -> Result<(), DeskError> {
        self.db.execute(
            "INSERT INTO reported (number, act, answer) VALUES (?1, ?2, ?3)
             ON CONFLICT (number, act) DO UPDATE SET answer = excluded.answer",
            params![number, act.name(), answer],
        )?;
        Ok(())
    }

    /// Every certificate this desk issued or honoured, with the service's answer, issued
    /// first, each by number.
    pub fn certificate_reports(&self) -> Result<Vec<Reported>, DeskError> {
        let mut out = Vec::new();
        for (act, sql) in [
            (
                Act::Issued,
                "SELECT c.number, NULL, r.answer FROM certificates c LEFT JOIN reported r \
                 ON r.number = c.number AND r.act = 'issued' ORDER BY c.number",
            ),
            (
                Act::Used,
                "SELECT h.number, h.home, r.answer FROM honoured h LEFT JOIN reported r \
                 ON r.number = h.number AND r.act = 'used' ORDER BY h.number",
            ),
        ] {
            let mut q = self.db.prepare(sql)?;
            let rows = q.query_map([], |r| {
                Ok(Reported {
                    act,
                    number: r.get(0)?,
                    home: r
                        .get::<_, Option<String>>(1)?
                        .unwrap_or_else(|| self.precinct.clone()),
                    answer: r.get(2)?,
                })
            })?;
            for r in rows {
                out.push(r?);
            }
        }
        Ok(out)
    }

    /// The notices the service has not answered yet: each issued certificate as issued, each
    /// honoured one as used offline (its ballots were given without the register's answer).
    pub fn unreported_notices(&self) -> Result<Vec<SignedCertificateNotice>, DeskError> {
        self.certificate_reports()?
            .into_iter()
            .filter(|r| r.answer.is_none())
            .map(|r| self.certificate_notice(r.act, &r.number, true))
            .collect()
    }
}
