//! `sailau-web`: the pages people use (docs/web.md).
//!
//! - the public **results portal** ([`portal`]): the nation's results and turnout, down to
//!   each precinct's signed protocol, the record's verification and "check my ballot";
//! - the **commissions' console** ([`commission`]) on the CEC's service: a territorial
//!   commission's inbox of protocols, flags and late units, and its signed summary;
//! - a **polling station's pages** ([`station`]): the precinct commission's console and the
//!   voting terminals' ballot, served by the station itself.
//!
//! All in Kazakh, Russian and English ([`i18n`]), with text size and contrast the reader
//! chooses ([`prefs`]), as whole HTML documents that work without scripts ([`layout`]).
//! Pages read the same functions of the service as its API, so a page never shows what the
//! API would not.

#![warn(missing_docs)]

pub mod assets;
pub mod charts;
pub mod commission;
pub mod i18n;
pub mod layout;
pub mod portal;
pub mod prefs;
pub mod station;

use axum::routing::get;
use axum::Router;
use sailau_server::Service;
use std::sync::Arc;

/// The pages and their assets.
pub fn pages(service: Arc<Service>) -> Router {
    portal::routes()
        .merge(commission::routes())
        .route("/prefs", get(prefs::change))
        .route("/assets/{name}", get(assets::serve))
        .layer(axum::middleware::from_fn(layout::same_origin))
        .layer(axum::middleware::from_fn(layout::headers))
        .layer(axum::middleware::from_fn_with_state(
            service.clone(),
            sailau_server::api::observe,
        ))
        .with_state(service)
}

/// What `sailau serve` serves: the API (docs/server.md) and the pages.
pub fn app(service: Arc<Service>) -> Router {
    sailau_server::api::router(service.clone()).merge(pages(service))
}
