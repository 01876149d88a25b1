//! Absentee certificates at the console: the home desk issues one (until 18:00 the day
//! before) and registers it with the CEC; another desk honours it after the CEC's register
//! has accepted its use, or, when the service cannot be reached, on the paper alone and
//! reports it as used offline later (docs/server.md, "Absentee certificates").

use super::console::menu;
use super::{console_page, refused, StationApp, Upload};
use crate::prefs::Ctx;
use axum::extract::State;
use axum::response::Response;
use axum::Form;
use maud::{html, Markup};
use sailau_protocol::Act;
use sailau_station::desk::How;
use sailau_voters::absentee::Certificate;
use sailau_voters::Iin;
use std::collections::HashMap;
use std::sync::Arc;

/// What the service said of a notice.
enum Heard {
    /// It answered: registered, or refused for a reason that sending again will not change.
    Answered(u16, String),
    /// It could not be reached, or asked to be asked later (5xx, 429).
    Unreachable(String),
}

fn heard(answer: Option<super::Answer>) -> Heard {
    match answer {
        None => Heard::Unreachable("no CEC service is configured".into()),
        Some(Err(e)) => Heard::Unreachable(e),
        Some(Ok((status, body))) if status == 429 || status >= 500 => {
            Heard::Unreachable(format!("{status} {body}"))
        }
        Some(Ok((status, body))) => Heard::Answered(status, body),
    }
}

/// The service's words from an error body (`{"error": code, "message": "..."}`), or the
/// body itself.
fn words(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v["message"].as_str().map(String::from))
        .unwrap_or_else(|| body.trim().to_string())
}

/// A certificate number is printed on paper and typed at the desk: letters, digits, hyphens.
fn number_ok(n: &str) -> bool {
    !n.is_empty() && n.len() <= 64 && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// The contests ticked in a form (`c-{contest}` fields), in this station's ballot order.
fn ticked(form: &HashMap<String, String>, contests: &[String]) -> Vec<String> {
    contests
        .iter()
        .filter(|c| form.contains_key(&format!("c-{c}")))
        .cloned()
        .collect()
}

impl StationApp {
    async fn send_notice(&self, number: &str, act: Act, body: Vec<u8>) -> Option<super::Answer> {
        let central = self.central.clone()?;
        Some(
            central
                .send(
                    &self.precinct,
                    Upload::Certificate(act, number.into(), body),
                )
                .await,
        )
    }

    /// Sends every certificate notice the service has not answered: what the half-minute
    /// timer does, and closing. Returns how many are still unanswered.
    pub async fn sync_certificates(self: &Arc<Self>) -> Result<usize, String> {
        let notices = self
            .with(|s| s.unreported_notices().map_err(|e| e.to_string()))
            .await
            .and_then(|r| r)?;
        let mut left = 0;
        for n in notices {
            let (act, number) = (n.notice.act, n.notice.number.clone());
            let answer = self
                .send_notice(&number, act, n.to_json().into_bytes())
                .await;
            match heard(answer) {
                Heard::Answered(status, body) => {
                    let text = format!("{status} {}", words(&body));
                    let _ = self
                        .with(move |s| s.note_reported(act, &number, &text))
                        .await;
                }
                Heard::Unreachable(_) => left += 1,
            }
        }
        Ok(left)
    }
}

fn contest_boxes(ctx: &Ctx, contests: &[(String, String)], prefix: &str) -> Markup {
    html! {
        fieldset {
            legend { (ctx.t("certificate-contests")) }
            @for (id, name) in contests {
                div.field {
                    input type="checkbox" id={ (prefix) "-" (id) } name={ "c-" (id) };
                    label for={ (prefix) "-" (id) } { (name) }
                }
            }
        }
    }
}

async fn contests(app: &Arc<StationApp>, ctx: &Ctx) -> Vec<(String, String)> {
    let lang = ctx.lang;
    app.with(move |s| {
        s.style_contests()
            .into_iter()
            .map(|c| {
                let name = s
                    .definition()
                    .contest(&c)
                    .map_or(c.clone(), |x| x.name.get(lang).to_string());
                (c, name)
            })
            .collect()
    })
    .await
    .unwrap_or_default()
}

/// The form a desk fills from the paper certificate of a voter not on its list.
pub(crate) async fn honour_form(app: &Arc<StationApp>, ctx: &Ctx, iin: &Iin) -> Markup {
    let contests = contests(app, ctx).await;
    html! {
        form method="post" action="/console/desk/absentee" {
            h3 { (ctx.t("honour-title")) }
            input type="hidden" name="iin" value=(iin.to_string());
            div.field {
                label for="number" { (ctx.t("certificate-number")) }
                input #number name="number" type="text" autocomplete="off" required;
            }
            div.field {
                label for="home" { (ctx.t("certificate-home")) }
                input #home name="home" type="text" autocomplete="off" required;
            }
            (contest_boxes(ctx, &contests, "h"))
            div.choices-actions {
                button type="submit" name="how" value="paper" { (ctx.t("issue-paper")) }
                button type="submit" name="how" value="card" { (ctx.t("issue-card")) }
            }
        }
    }
}

/// `POST /console/desk/absentee`: honours a certificate from another precinct.
pub async fn honour(
    State(app): State<Arc<StationApp>>,
    ctx: Ctx,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let field = |k: &str| f.get(k).map_or("", |v| v.trim()).to_string();
    let Ok(iin) = Iin::parse(&field("iin")) else {
        return refused(&ctx, &ctx.t("iin-hint"));
    };
    let (number, home) = (field("number"), field("home"));
    if !number_ok(&number) {
        return refused(&ctx, &ctx.t("certificate-number-hint"));
    }
    let how = match field("how").as_str() {
        "card" => How::Card,
        _ => How::Paper,
    };
    let all: Vec<String> = contests(&app, &ctx)
        .await
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    let cert = Certificate {
        number: number.clone(),
        iin,
        home,
        contests: ticked(&f, &all),
    };
    let now = app.now();
    let c = cert.clone();
    let notice = app
        .with(move |s| {
            s.may_issue(&iin, how, Some(&c), now)
                .and_then(|_| s.use_notice(&c))
                .map_err(|e| e.to_string())
        })
        .await
        .and_then(|r| r);
    let notice = match notice {
        Ok(n) => n,
        Err(e) => return refused(&ctx, &e),
    };
    let registered = match heard(
        app.send_notice(&number, Act::Used, notice.to_json().into_bytes())
            .await,
    ) {
        Heard::Answered(status @ 200..=201, body) => Ok(format!("{status} {}", words(&body))),
        Heard::Answered(_, body) => {
            return refused(
                &ctx,
                &ctx.tr(
                    "certificate-refused",
                    &[("why", words(&body).as_str().into())],
                ),
            )
        }
        Heard::Unreachable(why) => Err(why),
    };
    let cards = app.cards.clone();
    let answer = registered.clone().ok();
    let said = ctx.clone();
    let issued = app
        .with(move |s| {
            let (mut card, number_of_card) = match (how == How::Card).then(|| cards.for_desk()) {
                Some(Ok((card, number))) => (Some(card), number),
                Some(Err(no)) => return Err(no.say(&said)),
                None => (None, None),
            };
            let on_card = card.is_some();
            let issued = s
                .issue(
                    &iin,
                    how,
                    Some(&cert),
                    card.as_deref_mut()
                        .map(|c| c as &mut dyn sailau_station::card::Card),
                    now,
                    &mut rand_core::OsRng,
                )
                .map_err(|e| e.to_string())?;
            if let Some(text) = &answer {
                s.note_reported(Act::Used, &cert.number, text)
                    .map_err(|e| e.to_string())?;
            }
            Ok::<_, String>((issued, number_of_card, on_card))
        })
        .await
        .and_then(|r| r);
    let (issued, card, on_card) = match issued {
        Ok(x) => x,
        Err(e) => return refused(&ctx, &e),
    };
    let body = html! {
        (menu(&ctx, "/console/desk"))
        section.done role="status" {
            p.big { (ctx.tr("honoured", &[("number", number.as_str().into()), ("contests", issued.contests.len().into())])) }
            @if let Some(n) = card {
                p { (ctx.tr("card-written", &[("card", format!("{n:04}").as_str().into())])) }
                p { (ctx.t("card-written-next")) }
            } @else if on_card {
                p { (ctx.t("card-written-reader")) }
                p { (ctx.t("card-written-next")) }
            }
            @match &registered {
                Ok(_) => p.passed { "✓ " (ctx.t("certificate-registered")) },
                Err(why) => p.error role="alert" { (ctx.t("certificate-offline")) " " code { (why) } },
            }
            p { a href="/console/desk" { (ctx.t("next-voter")) } }
        }
    };
    console_page(&ctx, &app, ctx.t("desk-title"), body)
}

/// `GET /console/certificates`: the certificates issued and honoured here, with the CEC's
/// answers, and the home desk's form.
pub async fn page(State(app): State<Arc<StationApp>>, ctx: Ctx) -> Response {
    let reports = match app
        .with(|s| s.certificate_reports().map_err(|e| e.to_string()))
        .await
        .and_then(|r| r)
    {
        Ok(r) => r,
        Err(e) => return refused(&ctx, &e),
    };
    let contests = contests(&app, &ctx).await;
    let body = html! {
        (menu(&ctx, "/console/certificates"))
        section aria-labelledby="issue-cert-h" {
            h2 #issue-cert-h { (ctx.t("issue-certificate")) }
            p { (ctx.t("issue-certificate-intro")) }
            form method="post" action="/console/certificates/issue" {
                div.field {
                    label for="iin" { (ctx.t("find-voter")) }
                    input #iin name="iin" type="text" inputmode="numeric" maxlength="12" autocomplete="off" required;
                }
                (contest_boxes(&ctx, &contests, "i"))
                button type="submit" { (ctx.t("issue-certificate")) }
            }
        }
        section aria-labelledby="certs-h" {
            h2 #certs-h { (ctx.t("certificates-title")) }
            table.results {
                caption.visually-hidden { (ctx.t("certificates-title")) }
                thead { tr {
                    th scope="col" { (ctx.t("certificate-number")) }
                    th scope="col" { (ctx.t("certificate-home")) }
                    th scope="col" { (ctx.t("certificate-act")) }
                    th scope="col" { (ctx.t("certificate-answer")) }
                } }
                tbody { @for r in &reports {
                    tr {
                        th scope="row" { (r.number) }
                        td { (r.home) }
                        td { (match r.act { Act::Issued => ctx.t("certificate-issued"), Act::Used => ctx.t("certificate-used") }) }
                        td { @match &r.answer { Some(a) => code { (a) }, None => strong.failed { (ctx.t("certificate-unanswered")) } } }
                    }
                } }
            }
            form method="post" action="/console/certificates/send" {
                button.secondary type="submit" { (ctx.t("certificates-send")) }
            }
        }
    };
    console_page(&ctx, &app, ctx.t("certificates-title"), body)
}

/// `POST /console/certificates/issue`: the home desk issues a certificate and registers it.
pub async fn issue(
    State(app): State<Arc<StationApp>>,
    ctx: Ctx,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let Ok(iin) = Iin::parse(f.get("iin").map_or("", |v| v.trim())) else {
        return refused(&ctx, &ctx.t("iin-hint"));
    };
    let all: Vec<String> = contests(&app, &ctx)
        .await
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    let chosen = ticked(&f, &all);
    let now = app.now();
    let cert = app
        .with(move |s| {
            s.issue_certificate(&iin, &chosen, now)
                .map_err(|e| e.to_string())
        })
        .await
        .and_then(|r| r);
    let cert = match cert {
        Ok(c) => c,
        Err(e) => return refused(&ctx, &e),
    };
    let left = app.sync_certificates().await.unwrap_or(1);
    let body = html! {
        (menu(&ctx, "/console/certificates"))
        section.done role="status" {
            p.big { (ctx.tr("certificate-made", &[("number", cert.number.as_str().into()), ("contests", cert.contests.len().into())])) }
            @if left == 0 { p.passed { "✓ " (ctx.t("certificate-registered")) } }
            @else { p.error role="alert" { (ctx.t("certificate-not-registered")) } }
            p { a href="/console/certificates" { (ctx.t("go-back")) } }
        }
    };
    console_page(&ctx, &app, ctx.t("certificates-title"), body)
}

/// `POST /console/certificates/send`: sends what the service has not answered, now.
pub async fn send(State(app): State<Arc<StationApp>>, ctx: Ctx) -> Response {
    let left = match app.sync_certificates().await {
        Ok(n) => n,
        Err(e) => return refused(&ctx, &e),
    };
    let body = html! {
        (menu(&ctx, "/console/certificates"))
        @if left == 0 { p.passed role="status" { "✓ " (ctx.t("certificates-all-answered")) } }
        @else { p.error role="alert" { (ctx.tr("certificates-left", &[("n", left.into())])) } }
        p { a href="/console/certificates" { (ctx.t("go-back")) } }
    };
    console_page(&ctx, &app, ctx.t("certificates-title"), body)
}
