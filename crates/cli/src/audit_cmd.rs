//! `sailau audit plan | assess`: the risk-limiting audit of the paper count (docs/audit.md).
//! The plan is made from the published record, a public seed and a risk limit; the
//! assessment reads the plan and the hand counts. Exit 0: every audited outcome stands; 1:
//! count more (the next round, or every precinct for a full hand count), or the full hand
//! count overturns an outcome; 2: bad input.

use crate::station_cmd::{load_definition, read_text};
use crate::{emit, Failure};
use sailau_audit::{assess, Assessment, HandCounts, Plan, Status, SCALE};
use sailau_protocol::{Protocol, SignedProtocol};
use sailau_record::{Folder, Layout};
use serde_json::json;
use std::path::PathBuf;

#[derive(clap::Subcommand)]
pub enum AuditWhat {
    /// From an election record: every contest's assertions and margins, the expected sample
    /// and the first round's precincts, written to PLAN. Exit 2: bad input.
    Plan(PlanArgs),
    /// The hand counts against the plan: the risk of each assertion. Exit 0: every outcome
    /// confirmed at the risk limit; 1: count the precincts named next (or all of them), or
    /// the full hand count overturns an outcome.
    Assess(AssessArgs),
}

#[derive(clap::Args)]
pub struct PlanArgs {
    /// The election record (definition.json, precincts/ID/protocol.json).
    record: PathBuf,
    /// The risk limit: the largest chance the audit may have of confirming a wrong outcome.
    #[arg(long, default_value = "0.05")]
    risk_limit: String,
    /// The public seed: at least 20 decimal digits, as from ten-sided dice rolled in public.
    #[arg(long)]
    seed: String,
    /// Where to write the plan (the file is written whole, or not at all).
    #[arg(long)]
    out: PathBuf,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct AssessArgs {
    /// The plan, from `sailau audit plan`.
    plan: PathBuf,
    /// The hand counts (sailau-hand-counts/1).
    #[arg(long)]
    counts: PathBuf,
    /// Print the assessment as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(what: &AuditWhat) -> Result<(), Failure> {
    match what {
        AuditWhat::Plan(a) => plan(a),
        AuditWhat::Assess(a) => assess_cmd(a),
    }
}

/// A record's definition and every precinct protocol it holds.
pub fn read_record(
    dir: &std::path::Path,
) -> Result<(sailau_definition::Checked, Vec<Protocol>), Failure> {
    let folder = Folder::at(dir);
    let (_, def) = load_definition(&folder.path(&Layout::Definition))?;
    let mut protocols: Vec<Protocol> = Vec::new();
    for p in &def.precincts {
        let path = folder.path(&Layout::Protocol(p.id.clone()));
        if !path.exists() {
            continue;
        }
        let signed = SignedProtocol::from_json(&read_text(&path)?)
            .map_err(|e| Failure::Input(format!("{}: {e}", path.display())))?;
        protocols.push(signed.protocol);
    }
    Ok((def, protocols))
}

/// The plan of the election record at `dir`.
pub fn plan_of(dir: &std::path::Path, seed: &str, risk_limit: &str) -> Result<Plan, Failure> {
    let (def, protocols) = read_record(dir)?;
    Plan::of_record(&def, &protocols, seed, risk_limit).map_err(|e| Failure::Input(e.to_string()))
}

fn plan(a: &PlanArgs) -> Result<(), Failure> {
    let plan = plan_of(&a.record, &a.seed, &a.risk_limit)?;
    let text = serde_json::to_string_pretty(&plan).expect("a plan serializes") + "\n";
    crate::election_dir::write(&a.out, text.as_bytes())?;
    if a.json {
        let contests: Vec<_> = plan
            .contests
            .iter()
            .map(|c| {
                json!({
                    "contest": c.contest,
                    "outcome": c.outcome,
                    "assertions": c.assertions.iter().map(|p| json!({
                        "id": p.assertion.id,
                        "margin": p.margin,
                    })).collect::<Vec<_>>(),
                    "precincts": c.batches.len(),
                    "total_weight": c.total_weight,
                    "expected_draws": c.expected_draws,
                    "first_round": c.first_round,
                })
            })
            .collect();
        return emit(&format!(
            "{:#}\n",
            json!({
                "plan": a.out.display().to_string(),
                "seed": plan.seed,
                "risk_limit": plan.risk_limit,
                "contests": contests,
                "unaudited": plan.unaudited,
            })
        ));
    }
    let mut out = format!(
        "Audit plan for {} at risk limit {}, seed {} (written to {}):\n",
        plan.election,
        plan.risk_limit,
        plan.seed,
        a.out.display()
    );
    for c in &plan.contests {
        // The hardest to confirm: the largest total error bound over its margin.
        let tightest = c.assertions.iter().max_by(|x, y| {
            let load = |p: &sailau_audit::plan::Planned| -> i128 {
                c.batches.iter().map(|b| b.bound(&p.assertion).1).sum()
            };
            (load(x) * y.margin).cmp(&(load(y) * x.margin))
        });
        out += &format!(
            "\n{}: {}\n  {} assertions; the tightest: {} (margin {}).\n  {} precincts with paper; total error bound {} margins.\n",
            c.contest,
            c.outcome,
            c.assertions.len(),
            tightest.map_or("-".into(), |p| p.assertion.claim.clone()),
            tightest.map_or(0, |p| p.margin),
            c.batches.len(),
            margins(c.total_weight),
        );
        out += &match c.expected_draws {
            Some(0) => "  The paper cannot change the outcome, whatever it holds: nothing to count.\n".into(),
            Some(n) => format!(
                "  Expected sample, if every count matches its protocol: {n} draws, {} precincts. Count these first:\n{}",
                c.first_round.precincts.len(),
                wrap(&c.first_round.precincts)
            ),
            None => format!(
                "  A sample would draw more times than there are precincts with paper: count every one of them ({}).\n",
                c.first_round.precincts.len()
            ),
        };
    }
    for u in &plan.unaudited {
        out += &format!("\n{}: not audited: {}\n", u.contest, u.why);
    }
    emit(&out)
}

/// A weight in margins, to three decimals, rounded up.
fn margins(w: u128) -> String {
    let milli = w.div_ceil(SCALE / 1000);
    format!("{}.{:03}", milli / 1000, milli % 1000)
}

fn wrap(ids: &[String]) -> String {
    let mut out = String::new();
    for line in ids.chunks(8) {
        out += &format!("    {}\n", line.join(" "));
    }
    out
}

fn assess_cmd(a: &AssessArgs) -> Result<(), Failure> {
    let plan: Plan = {
        let text = read_text(&a.plan)?;
        let de = &mut serde_json::Deserializer::from_str(&text);
        serde_path_to_error::deserialize(de).map_err(|e| {
            Failure::Input(format!("{}: {}: {}", a.plan.display(), e.path(), e.inner()))
        })?
    };
    let counts = HandCounts::parse(&read_text(&a.counts)?)
        .map_err(|e| Failure::Input(format!("{}: {e}", a.counts.display())))?;
    let result = assess(&plan, &counts)
        .map_err(|e| Failure::Input(format!("{}: {e}", a.counts.display())))?;
    if a.json {
        emit(&(serde_json::to_string_pretty(&result).expect("serializes") + "\n"))?;
    } else {
        emit(&describe(&result))?;
    }
    if result.confirmed() {
        Ok(())
    } else {
        Err(Failure::Failed)
    }
}

fn describe(r: &Assessment) -> String {
    let mut out = format!("Audit of {} at risk limit {}:\n", r.election, r.risk_limit);
    for c in &r.contests {
        let differing = c.compared.iter().filter(|x| x.protocol != x.hand).count();
        out += &format!(
            "\n{}: {}\n  {} draws measured over {} precincts counted by hand; {} differ from their protocol.\n",
            c.contest,
            c.outcome,
            c.draws,
            c.compared.len(),
            differing
        );
        for x in c.compared.iter().filter(|x| x.protocol != x.hand).take(10) {
            out += &format!(
                "    {}: protocol {:?}, hand count {:?} (options in ballot order, then invalid)\n",
                x.precinct, x.protocol, x.hand
            );
        }
        let worst = c
            .assertions
            .iter()
            .filter(|a| a.confirmed_at.is_none())
            .map(|a| format!("{} (risk {})", a.id, a.risk))
            .take(5)
            .collect::<Vec<_>>();
        out += &match c.status {
            Status::Confirmed => format!(
                "  CONFIRMED: every one of {} assertions has a risk at most {}.\n",
                c.assertions.len(),
                r.risk_limit
            ),
            Status::ConfirmedByFullCount => {
                "  CONFIRMED by the full hand count: every assertion holds on the paper.\n".into()
            }
            Status::CountMore => format!(
                "  NOT YET: {} not confirmed. Count next ({} precincts, draws to {}):\n{}",
                worst.join(", "),
                c.next.as_ref().map_or(0, |n| n.precincts.len()),
                c.next.as_ref().map_or(0, |n| n.draws),
                wrap(c.next.as_ref().map_or(&[][..], |n| &n.precincts))
            ),
            Status::FullCount => format!(
                "  FULL HAND COUNT: {}. Count every precinct's paper; {} are left:\n{}",
                c.why.as_deref().unwrap_or(""),
                c.next.as_ref().map_or(0, |n| n.precincts.len()),
                wrap(c.next.as_ref().map_or(&[][..], |n| &n.precincts))
            ),
            Status::Overturned => format!(
                "  OVERTURNED by the full hand count: {}.\n",
                c.why.as_deref().unwrap_or("")
            ),
        };
    }
    out
}
