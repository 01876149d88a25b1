//! The public results portal: what anyone may see, drawn from exactly what the service
//! publishes through its API (the same sums, the same decisions of the law, the same board),
//! so that a reader of a page and a reader of the API never see two different elections.
//!
//! - `/`: the nation: turnout through the day and by region, each body's results with the
//!   threshold or majority line, the Mazhilis chamber, district winners, and what happens next;
//! - `/units/{unit}`: a region, city or district, down to its precincts;
//! - `/precincts/{id}`: a precinct's protocol as its commission signed it, printable;
//! - `/verify`: the record's verification, how to check it oneself, and "check my ballot";
//! - `/register`: the registries: the calendar, candidates, money, missions and observers.

mod national;
mod paper_audit;
mod register;
mod results;
mod units;
mod verify;

pub use results::contest_table;
pub use units::{protocol as protocol_tables, verification_words};

use crate::layout::{error_page, Page, Section};
use crate::prefs::Ctx;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use sailau_server::error::ApiError;
use sailau_server::Service;
use std::sync::Arc;

/// The portal's routes: `/`, `/units/{unit}`, `/precincts/{precinct}`, `/verify`, `/verify/ballot`,
/// `/register`, `/paper-audit`.
pub fn routes() -> Router<Arc<Service>> {
    Router::new()
        .route("/", get(national::page))
        .route("/units/{unit}", get(units::unit))
        .route("/precincts/{precinct}", get(units::precinct))
        .route("/verify", get(verify::page))
        .route("/verify/ballot", get(verify::ballot))
        .route("/register", get(register::page))
        .route("/paper-audit", get(paper_audit::page))
}

/// The page that says no election is defined yet.
fn no_election(ctx: &Ctx) -> Response {
    let body = maud::html! { p { (ctx.t("no-election-yet")) } };
    Page {
        ctx,
        section: Section::Results,
        title: ctx.t("site-title"),
        election: None,
        body,
    }
    .render()
    .into_response()
}

/// An error of the service as a page.
fn failed(ctx: &Ctx, e: ApiError) -> Response {
    let status = e.status();
    if status.is_server_error() {
        tracing::error!(err = %e, "a page failed");
        return error_page(ctx, status, &ctx.t("error-internal-detail"));
    }
    error_page(ctx, status, &e.to_string())
}

/// Runs store work off the request loop, as the API does.
async fn blocking<T: Send + 'static>(
    s: &Arc<Service>,
    work: impl FnOnce(&Service) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    sailau_server::blocking(s, work).await
}
