//! The ballot on the voting terminal: the card goes in, one screen per contest (large
//! choices, "against all" last, a blank as a choice of its own), a review screen, the
//! confirmation code, then cast (the ballot goes onto the card, for the box) or check the
//! terminal (the ballot is opened for the voter, published uncounted, and they vote again).
//!
//! Each terminal is driven by a thread of its own that owns it and the voter's session
//! (`sailau_station::terminal`): choices, marks and nonces live there, never in the pages'
//! addresses or the browser's cache, and are wiped when the session ends. One voter at a
//! time: a terminal with a voter refuses another card.

use super::cards::AnyCard;
use super::StationApp;
use crate::layout::{error_in, Page, Section};
use crate::prefs::Ctx;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::html;
use sailau_definition::Language;
use sailau_station::terminal::{Choice, ClosingStatement, Opened, Screen, Terminal};
use serde::Deserialize;
use std::sync::mpsc;
use std::sync::Arc;
use tokio::sync::oneshot;

/// Where the voter is.
#[derive(Clone, Debug)]
pub enum Phase {
    /// No card in: the last voter's code, until the next card.
    Idle {
        cast: Option<String>,
    },
    Choosing,
    Encrypted {
        code: String,
    },
    Challenged {
        opened: Opened,
    },
}

/// What a terminal page shows.
#[derive(Clone, Debug)]
pub struct View {
    pub phase: Phase,
    pub screens: Vec<Screen>,
    pub choices: Vec<Option<Choice>>,
    pub review: Vec<(String, Option<String>)>,
}

type Reply<T> = oneshot::Sender<Result<T, String>>;

enum Command {
    Start {
        card: AnyCard,
        language: Language,
        reply: Reply<View>,
    },
    Choose {
        contest: usize,
        choice: Choice,
        reply: Reply<View>,
    },
    Encrypt {
        reply: Reply<View>,
    },
    Challenge {
        reply: Reply<View>,
    },
    Cast {
        reply: Reply<View>,
    },
    Leave {
        reply: Reply<View>,
    },
    View {
        language: Language,
        reply: Reply<View>,
    },
    Statement {
        reply: Reply<ClosingStatement>,
    },
}

/// A terminal's thread, reached by messages.
pub struct TerminalHandle {
    /// The terminal's device id (`p-00001-t1`), as its page's address names it.
    pub device: String,
    tx: std::sync::Mutex<mpsc::Sender<Command>>,
}

fn idle(cast: Option<String>) -> View {
    View {
        phase: Phase::Idle { cast },
        screens: Vec::new(),
        choices: Vec::new(),
        review: Vec::new(),
    }
}

impl TerminalHandle {
    pub(crate) fn spawn(terminal: Terminal) -> TerminalHandle {
        let device = terminal.device().to_string();
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name(format!("terminal {device}"))
            .spawn(move || run(terminal, rx))
            .expect("a thread starts");
        TerminalHandle {
            device,
            tx: std::sync::Mutex::new(tx),
        }
    }

    async fn ask<T>(&self, make: impl FnOnce(Reply<T>) -> Command) -> Result<T, String> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .send(make(reply))
            .map_err(|_| "the terminal has stopped".to_string())?;
        answer
            .await
            .map_err(|_| "the terminal has stopped".to_string())?
    }

    /// The terminal's signed statement of its chain, for closing (refused while a voter is at
    /// it).
    pub async fn statement(&self) -> Result<ClosingStatement, String> {
        self.ask(|reply| Command::Statement { reply }).await
    }

    /// Ends the voter's session without casting (a voter who walked away).
    pub async fn leave(&self) -> Result<View, String> {
        self.ask(|reply| Command::Leave { reply }).await
    }
}

/// The terminal's thread: waits for a card, then serves that voter until they cast or leave.
fn run(mut terminal: Terminal, rx: mpsc::Receiver<Command>) {
    let mut last: Option<String> = None;
    let refuse = |cmd: Command, why: &str| {
        let why = why.to_string();
        match cmd {
            Command::Start { reply, .. }
            | Command::Choose { reply, .. }
            | Command::Encrypt { reply }
            | Command::Challenge { reply }
            | Command::Cast { reply }
            | Command::Leave { reply }
            | Command::View { reply, .. } => drop(reply.send(Err(why))),
            Command::Statement { reply } => drop(reply.send(Err(why))),
        }
    };
    while let Ok(cmd) = rx.recv() {
        let (mut card, language, reply) = match cmd {
            Command::Start {
                card,
                language,
                reply,
            } => (card, language, reply),
            Command::View { reply, .. } | Command::Leave { reply } => {
                let _ = reply.send(Ok(idle(last.clone())));
                continue;
            }
            Command::Statement { reply } => {
                let _ = reply.send(Ok(terminal.closing_statement()));
                continue;
            }
            other => {
                refuse(other, "insert your card first");
                continue;
            }
        };
        let mut session = match terminal.start(card.as_mut(), language) {
            Ok(s) => Some(s),
            Err(e) => {
                let _ = reply.send(Err(e.to_string()));
                continue;
            }
        };
        last = None;
        let mut phase = Phase::Choosing;
        let view = |s: &sailau_station::terminal::Session, phase: &Phase| View {
            phase: phase.clone(),
            screens: s.screens(),
            choices: (0..s.screens().len()).map(|i| s.choice(i)).collect(),
            review: s.review(),
        };
        let _ = reply.send(Ok(view(session.as_ref().expect("started"), &phase)));
        while let Ok(cmd) = rx.recv() {
            let s = session.as_mut().expect("a live session");
            match cmd {
                Command::View { language, reply } => {
                    if s.language() != language {
                        s.set_language(language);
                    }
                    let _ = reply.send(Ok(view(s, &phase)));
                }
                Command::Choose {
                    contest,
                    choice,
                    reply,
                } => {
                    let r = s.choose(contest, choice).map_err(|e| e.to_string());
                    let _ = reply.send(r.map(|()| view(s, &phase)));
                }
                Command::Encrypt { reply } => {
                    let r = s.encrypt(&mut rand_core::OsRng).map_err(|e| e.to_string());
                    if let Ok(code) = &r {
                        phase = Phase::Encrypted { code: code.clone() };
                    }
                    let _ = reply.send(r.map(|_| view(s, &phase)));
                }
                Command::Challenge { reply } => {
                    let r = s.challenge().map_err(|e| e.to_string());
                    if let Ok(opened) = &r {
                        phase = Phase::Challenged {
                            opened: opened.clone(),
                        };
                    }
                    let _ = reply.send(r.map(|_| view(s, &phase)));
                }
                Command::Cast { reply } => {
                    if !s.is_encrypted() {
                        let _ = reply.send(Err("review and confirm your choices first".into()));
                        continue;
                    }
                    let done = session.take().expect("a live session").cast(card.as_mut());
                    match done {
                        Ok(code) => {
                            last = Some(code.clone());
                            let _ = reply.send(Ok(idle(last.clone())));
                        }
                        Err(e) => {
                            let _ = reply.send(Err(e.to_string()));
                        }
                    }
                    break;
                }
                Command::Leave { reply } => {
                    let _ = reply.send(Ok(idle(None)));
                    break;
                }
                other @ (Command::Start { .. } | Command::Statement { .. }) => {
                    refuse(other, "a voter is at the terminal")
                }
            }
        }
        // The session, with its choices and nonces, is dropped (and wiped) here.
        drop(session);
    }
}

pub(super) fn routes() -> Router<Arc<StationApp>> {
    Router::new()
        .route("/terminal/{device}", get(screen))
        .route("/terminal/{device}/start", post(start))
        .route("/terminal/{device}/contest/{n}", get(contest).post(choose))
        .route("/terminal/{device}/review", get(review))
        .route("/terminal/{device}/encrypt", post(encrypt))
        .route("/terminal/{device}/cast", post(cast))
        .route("/terminal/{device}/challenge", post(challenge))
        .route("/terminal/{device}/leave", post(leave))
}

fn page(ctx: &Ctx, title: String, body: maud::Markup) -> Response {
    Page {
        ctx,
        section: Section::Terminal,
        title,
        election: None,
        body,
    }
    .render()
    .into_response()
}

fn trouble(ctx: &Ctx, device: &str, message: &str) -> Response {
    error_in(
        ctx,
        Section::Terminal,
        StatusCode::UNPROCESSABLE_ENTITY,
        message,
        &format!("/terminal/{device}"),
    )
}

async fn handle<'a>(
    app: &'a StationApp,
    ctx: &Ctx,
    device: &str,
) -> Result<&'a TerminalHandle, Response> {
    app.terminal(device).ok_or_else(|| {
        error_in(
            ctx,
            Section::Terminal,
            StatusCode::NOT_FOUND,
            &ctx.tr("no-such-terminal", &[("device", device.into())]),
            "/console",
        )
    })
}

async fn screen(
    State(app): State<Arc<StationApp>>,
    ctx: Ctx,
    Path(device): Path<String>,
) -> Response {
    let t = match handle(&app, &ctx, &device).await {
        Ok(t) => t,
        Err(r) => return r,
    };
    let view = match t
        .ask(|reply| Command::View {
            language: ctx.lang,
            reply,
        })
        .await
    {
        Ok(v) => v,
        Err(e) => return trouble(&ctx, &device, &e),
    };
    let base = format!("/terminal/{device}");
    match &view.phase {
        Phase::Idle { cast } => {
            let body = html! {
                @if let Some(code) = cast {
                    section.done role="status" {
                        p.big { (ctx.t("ballot-on-card")) }
                        p { (ctx.t("take-card-to-box")) }
                        p { (ctx.t("your-code")) }
                        p.code { (code) }
                        p { (ctx.t("code-later")) }
                    }
                }
                form.terminal method="post" action={ (base) "/start" } {
                    p { (ctx.t("insert-card-intro")) }
                    @if app.cards.in_readers() {
                        p.hint { (ctx.t("card-in-reader")) }
                        button.big type="submit" { (ctx.t("insert-card")) }
                    } @else {
                        label for="card" { (ctx.t("card-number")) }
                        p.hint #card-hint { (ctx.t("card-number-hint")) }
                        div.row {
                            input #card name="card" type="text" inputmode="numeric" pattern="[0-9]{1,4}" autocomplete="off" aria-describedby="card-hint" required;
                            button.big type="submit" { (ctx.t("insert-card")) }
                        }
                    }
                }
            };
            page(&ctx, ctx.t("terminal-welcome"), body)
        }
        Phase::Choosing => {
            let next = view.choices.iter().position(Option::is_none);
            Redirect::to(&match next {
                Some(i) => format!("{base}/contest/{i}"),
                None => format!("{base}/review"),
            })
            .into_response()
        }
        Phase::Encrypted { code } => {
            let body = html! {
                p { (ctx.t("code-shown-intro")) }
                p.code aria-label=(ctx.t("your-code")) { (code) }
                p { (ctx.t("code-write-down")) }
                div.choices-actions {
                    form method="post" action={ (base) "/cast" } {
                        button.big type="submit" { (ctx.t("cast-ballot")) }
                    }
                    form method="post" action={ (base) "/challenge" } {
                        button.big.secondary type="submit" { (ctx.t("challenge-ballot")) }
                    }
                }
                p.hint { (ctx.t("challenge-explained")) }
            };
            page(&ctx, ctx.t("your-code"), body)
        }
        Phase::Challenged { opened } => {
            let body = html! {
                p { (ctx.t("challenge-opened")) }
                p.code { (opened.code) }
                table.results {
                    caption { (ctx.t("challenge-contents")) }
                    tbody { @for (title, choice) in &opened.contents {
                        tr { th scope="row" { (title) } td { (choice) } }
                    } }
                }
                p { (ctx.t("challenge-compare")) }
                p { a.button.big href={ (base) "/contest/0" } { (ctx.t("vote-again")) } }
            };
            page(&ctx, ctx.t("challenge-title"), body)
        }
    }
}

#[derive(Deserialize)]
struct StartForm {
    /// The card's number; none with readers.
    #[serde(default)]
    card: String,
}

async fn start(
    State(app): State<Arc<StationApp>>,
    ctx: Ctx,
    Path(device): Path<String>,
    Form(f): Form<StartForm>,
) -> Response {
    let t = match handle(&app, &ctx, &device).await {
        Ok(t) => t,
        Err(r) => return r,
    };
    let number = f.card.trim().parse::<u32>().ok();
    let card = match app.cards.for_terminal(&device, number) {
        Ok(card) => card,
        Err(no) => return trouble(&ctx, &device, &no.say(&ctx)),
    };
    match t
        .ask(|reply| Command::Start {
            card,
            language: ctx.lang,
            reply,
        })
        .await
    {
        Ok(_) => Redirect::to(&format!("/terminal/{device}/contest/0")).into_response(),
        Err(e) => trouble(&ctx, &device, &e),
    }
}

async fn contest(
    State(app): State<Arc<StationApp>>,
    ctx: Ctx,
    Path((device, n)): Path<(String, usize)>,
) -> Response {
    let t = match handle(&app, &ctx, &device).await {
        Ok(t) => t,
        Err(r) => return r,
    };
    let view = match t
        .ask(|reply| Command::View {
            language: ctx.lang,
            reply,
        })
        .await
    {
        Ok(v) => v,
        Err(e) => return trouble(&ctx, &device, &e),
    };
    if !matches!(view.phase, Phase::Choosing | Phase::Challenged { .. }) {
        return Redirect::to(&format!("/terminal/{device}")).into_response();
    }
    let Some(s) = view.screens.get(n) else {
        return Redirect::to(&format!("/terminal/{device}/review")).into_response();
    };
    let chosen = view.choices.get(n).copied().flatten();
    let total = view.screens.len();
    let body = html! {
        p.step { (ctx.tr("screen-of", &[("n", (n + 1).into()), ("total", total.into())])) }
        form.ballot method="post" action={ "/terminal/" (device) "/contest/" (n) } {
            fieldset {
                // The page's heading already shows the title; the legend names the group for
                // screen readers.
                legend.visually-hidden { (s.title) }
                p.hint { (ctx.t("choose-one")) }
                @for (i, label) in s.options.iter().enumerate() {
                    @let id = format!("o{i}");
                    div.choice {
                        input type="radio" name="choice" id=(id) value=(id) required checked[chosen == Some(Choice::Option(i as u32))];
                        label for=(id) { (label) }
                    }
                }
                div.choice.blank {
                    input type="radio" name="choice" id="blank" value="blank" checked[chosen == Some(Choice::Blank)];
                    label for="blank" { (ctx.t("leave-blank")) }
                }
            }
            div.choices-actions {
                @if n > 0 {
                    a.button.big.secondary href={ "/terminal/" (device) "/contest/" (n - 1) } { (ctx.t("back")) }
                }
                button.big type="submit" { (ctx.t("next")) }
            }
        }
    };
    page(&ctx, s.title.clone(), body)
}

#[derive(Deserialize)]
struct ChoiceForm {
    choice: String,
}

async fn choose(
    State(app): State<Arc<StationApp>>,
    ctx: Ctx,
    Path((device, n)): Path<(String, usize)>,
    Form(f): Form<ChoiceForm>,
) -> Response {
    let t = match handle(&app, &ctx, &device).await {
        Ok(t) => t,
        Err(r) => return r,
    };
    let choice = match f.choice.as_str() {
        "blank" => Choice::Blank,
        o => match o.strip_prefix('o').and_then(|i| i.parse().ok()) {
            Some(i) => Choice::Option(i),
            None => return trouble(&ctx, &device, &ctx.t("choose-one")),
        },
    };
    match t
        .ask(|reply| Command::Choose {
            contest: n,
            choice,
            reply,
        })
        .await
    {
        Ok(v) if n + 1 < v.screens.len() && v.choices.get(n + 1).copied().flatten().is_none() => {
            Redirect::to(&format!("/terminal/{device}/contest/{}", n + 1)).into_response()
        }
        Ok(_) => Redirect::to(&format!("/terminal/{device}/review")).into_response(),
        Err(e) => trouble(&ctx, &device, &e),
    }
}

async fn review(
    State(app): State<Arc<StationApp>>,
    ctx: Ctx,
    Path(device): Path<String>,
) -> Response {
    let t = match handle(&app, &ctx, &device).await {
        Ok(t) => t,
        Err(r) => return r,
    };
    let view = match t
        .ask(|reply| Command::View {
            language: ctx.lang,
            reply,
        })
        .await
    {
        Ok(v) => v,
        Err(e) => return trouble(&ctx, &device, &e),
    };
    if !matches!(view.phase, Phase::Choosing | Phase::Challenged { .. }) {
        return Redirect::to(&format!("/terminal/{device}")).into_response();
    }
    let complete = view.review.iter().all(|(_, c)| c.is_some());
    let body = html! {
        p { (ctx.t("review-intro")) }
        table.results.review {
            caption.visually-hidden { (ctx.t("review-title")) }
            tbody { @for (i, (title, choice)) in view.review.iter().enumerate() {
                tr {
                    th scope="row" { (title) }
                    td { @match choice { Some(c) => (c), None => strong.failed { (ctx.t("not-chosen")) } } }
                    td { a href={ "/terminal/" (device) "/contest/" (i) } aria-label={ (ctx.t("change")) ": " (title) } { (ctx.t("change")) } }
                }
            } }
        }
        @if complete {
            form method="post" action={ "/terminal/" (device) "/encrypt" } {
                button.big type="submit" { (ctx.t("confirm-choices")) }
            }
        }
    };
    page(&ctx, ctx.t("review-title"), body)
}

async fn act(
    app: Arc<StationApp>,
    ctx: Ctx,
    device: String,
    make: fn(Reply<View>) -> Command,
) -> Response {
    let t = match handle(&app, &ctx, &device).await {
        Ok(t) => t,
        Err(r) => return r,
    };
    match t.ask(make).await {
        Ok(_) => Redirect::to(&format!("/terminal/{device}")).into_response(),
        Err(e) => trouble(&ctx, &device, &e),
    }
}

async fn encrypt(
    State(app): State<Arc<StationApp>>,
    ctx: Ctx,
    Path(device): Path<String>,
) -> Response {
    act(app, ctx, device, |reply| Command::Encrypt { reply }).await
}

async fn cast(
    State(app): State<Arc<StationApp>>,
    ctx: Ctx,
    Path(device): Path<String>,
) -> Response {
    act(app, ctx, device, |reply| Command::Cast { reply }).await
}

async fn challenge(
    State(app): State<Arc<StationApp>>,
    ctx: Ctx,
    Path(device): Path<String>,
) -> Response {
    act(app, ctx, device, |reply| Command::Challenge { reply }).await
}

async fn leave(
    State(app): State<Arc<StationApp>>,
    ctx: Ctx,
    Path(device): Path<String>,
) -> Response {
    act(app, ctx, device, |reply| Command::Leave { reply }).await
}
