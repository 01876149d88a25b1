//! The money ledger: deposits received, state funding paid item by item, and deposits
//! refunded once the results are certified (docs/registry.md, "Money"). Whole tenge only.
//!
//! Payments in and out are acts of the ledger; refunds are not typed but worked out from the
//! certified outcomes, so that anyone can recompute them.

use crate::candidates::Status;
use crate::{refused, RegistryError, State};
use sailau_law::money::{deposit_rule, funding, refunded, Tenge};
use sailau_law::Ratio;
use serde::Serialize;

/// What a payment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PaymentKind {
    /// A deposit received from a candidate.
    Deposit,
    /// State campaign funding paid for a candidate.
    Funding,
}

/// One payment, as its act recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Payment {
    /// The entry that recorded it.
    pub seq: u64,
    /// The candidate.
    pub candidate: String,
    /// In (deposit) or out (funding).
    pub kind: PaymentKind,
    /// The funding item, as the law names it.
    pub item: Option<String>,
    /// The amount.
    pub amount: Tenge,
}

/// What becomes of one candidate's deposit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Refund {
    /// Results not yet certified.
    Pending,
    /// Refunded: elected, or at least the rule's share; or never registered.
    Refunded,
    /// Kept by the state.
    Kept,
}

/// The money of one candidate, worked out from the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    /// The candidate.
    pub candidate: String,
    /// Deposit received.
    pub deposit: Tenge,
    /// Funding paid.
    pub funding: Tenge,
    /// What becomes of the deposit.
    pub refund: Refund,
}

/// The totals of the ledger.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Deposits received.
    pub deposits: Tenge,
    /// Deposits refunded (once certified).
    pub refunded: Tenge,
    /// Deposits kept by the state.
    pub kept: Tenge,
    /// Funding paid.
    pub funding: Tenge,
}

impl State {
    pub(crate) fn fund(
        &mut self,
        seq: u64,
        id: &str,
        item: &str,
        amount: Tenge,
    ) -> Result<(), RegistryError> {
        let c = self.candidate(id)?;
        if c.status != Status::Registered {
            return Err(refused(format!("{id:?} is not a registered candidate")));
        }
        if c.on_list {
            return Err(refused(
                "list candidates are funded through their party, not one by one",
            ));
        }
        let contest = self.contest(&c.contest)?;
        let day = self.day()?;
        let Some(rule) = funding(contest.body, contest.level, day) else {
            return Err(refused(format!(
                "no state funding is set for {} candidates on {day}",
                contest.body
            )));
        };
        let Some(due) = rule.items_for(contest.place).find(|i| i.purpose == item) else {
            let items: Vec<&str> = rule.items_for(contest.place).map(|i| i.purpose).collect();
            return Err(refused(format!(
                "no funding item {item:?}; the items are: {}",
                items.join(", ")
            )));
        };
        if amount != due.amount {
            return Err(refused(format!(
                "the item {item:?} is {} (not {amount})",
                due.amount
            )));
        }
        let paid = self.payments.iter().any(|p| {
            p.candidate == id && p.kind == PaymentKind::Funding && p.item.as_deref() == Some(item)
        });
        if paid {
            return Err(refused(format!("{item:?} is already paid for {id:?}")));
        }
        self.payments.push(Payment {
            seq,
            candidate: id.to_string(),
            kind: PaymentKind::Funding,
            item: Some(item.to_string()),
            amount,
        });
        Ok(())
    }

    /// What becomes of a candidate's deposit, from the certified outcomes: a list candidate's
    /// with the list's share, a single-seat candidate's with their own.
    fn refund_of(&self, c: &crate::candidates::Candidate) -> Refund {
        let Ok(contest) = self.contest(&c.contest) else {
            return Refund::Pending;
        };
        let Ok(day) = self.day() else {
            return Refund::Pending;
        };
        if matches!(c.status, Status::Refused { .. }) {
            // Never on the ballot: the deposit goes back (UNCONFIRMED reading, docs/law.md).
            return Refund::Refunded;
        }
        if self.outcomes.is_empty() {
            return Refund::Pending;
        }
        if matches!(c.status, Status::Withdrawn | Status::Cancelled { .. }) {
            return Refund::Kept;
        }
        let option = if c.on_list {
            c.party.as_deref().unwrap_or_default()
        } else {
            c.person.id.as_str()
        };
        let Some(o) = self
            .outcomes
            .iter()
            .find(|o| o.contest == c.contest && o.option == option)
        else {
            return Refund::Kept;
        };
        let Some(rule) = deposit_rule(contest.body, day) else {
            return Refund::Kept;
        };
        let share = Ratio::new(u128::from(o.votes), u128::from(o.base.max(1)));
        if refunded(rule, o.elected || o.seats > 0, share) {
            Refund::Refunded
        } else {
            Refund::Kept
        }
    }

    /// Every candidate who paid a deposit or received funding, in order of nomination.
    pub fn accounts(&self) -> Vec<Account> {
        let mut funded: std::collections::HashMap<&str, u64> = std::collections::HashMap::new();
        for p in self
            .payments
            .iter()
            .filter(|p| p.kind == PaymentKind::Funding)
        {
            *funded.entry(p.candidate.as_str()).or_default() += p.amount.0;
        }
        self.candidates
            .iter()
            .filter_map(|c| {
                let id = &c.person.id;
                let funding = funded.get(id.as_str()).copied().unwrap_or(0);
                (c.deposit.0 > 0 || funding > 0).then(|| Account {
                    candidate: id.clone(),
                    deposit: c.deposit,
                    funding: Tenge(funding),
                    refund: if c.deposit.0 > 0 {
                        self.refund_of(c)
                    } else {
                        Refund::Kept
                    },
                })
            })
            .collect()
    }

    /// The ledger's totals. Every tenge received is refunded, kept or still pending.
    pub fn totals(&self) -> Totals {
        let mut t = Totals::default();
        for a in self.accounts() {
            t.deposits.0 += a.deposit.0;
            t.funding.0 += a.funding.0;
            match a.refund {
                Refund::Refunded => t.refunded.0 += a.deposit.0,
                Refund::Kept => t.kept.0 += a.deposit.0,
                Refund::Pending => {}
            }
        }
        t
    }
}
