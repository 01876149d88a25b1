//! Prometheus metrics at `/metrics` (OpenMetrics text): requests by route and status, their
//! latency, and uploads by outcome. Labels are route templates, never raw paths, so a caller
//! cannot grow the label set.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

/// How an answered request is counted: by method, route and status.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    /// The request's HTTP method.
    pub method: String,
    /// The route template it matched, or `unmatched`: never the raw path.
    pub route: String,
    /// The HTTP status it was answered with.
    pub status: u16,
}

/// How an upload is counted: by what was sent and what became of it.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct UploadLabels {
    /// What was sent: `protocol`, `record`, `turnout` or `summary`.
    pub kind: String,
    /// What became of it: `accepted`, `repeated`, `conflict` or `refused`.
    pub outcome: String,
}

/// How a request's time is labelled: by its route alone.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    /// The route template it matched, or `unmatched`.
    pub route: String,
}

/// The service's Prometheus metrics, in one registry, every name prefixed `sailau_`.
pub struct Metrics {
    registry: Registry,
    /// Requests answered, by method, route and status.
    pub requests: Family<RequestLabels, Counter>,
    /// Time to answer, by route, in buckets from 0.5 ms to about 4 s.
    pub latency: Family<RouteLabels, Histogram>,
    /// Uploads from stations and commissions, by kind and outcome.
    pub uploads: Family<UploadLabels, Counter>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    /// The metrics registered, nothing counted yet.
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("sailau");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            // 0.5 ms to about 4 s.
            Histogram::new(prometheus_client::metrics::histogram::exponential_buckets(
                0.0005, 2.0, 14,
            ))
        });
        let uploads = Family::<UploadLabels, Counter>::default();
        registry.register("http_requests", "HTTP requests answered", requests.clone());
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request",
            latency.clone(),
        );
        registry.register(
            "uploads",
            "Uploads from precincts and commissions, by outcome",
            uploads.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            uploads,
        }
    }

    /// Counts one upload of `kind` that ended in `outcome`.
    pub fn upload(&self, kind: &str, outcome: &str) {
        self.uploads
            .get_or_create(&UploadLabels {
                kind: kind.into(),
                outcome: outcome.into(),
            })
            .inc();
    }

    /// The metrics as OpenMetrics text, as `/metrics` serves them.
    pub fn render(&self) -> String {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)
            .expect("writing to a String cannot fail");
        out
    }
}
