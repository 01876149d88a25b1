//! A small blocking HTTP client for the commands that talk to the central service
//! (`publish`, `mirror`): one request at a time, each with a timeout.

use crate::Failure;

pub struct Http {
    base: String,
    client: reqwest::Client,
    runtime: tokio::runtime::Runtime,
}

/// The service's base URL, checked, and a client for it (each request with a timeout).
pub fn client_for(base: &str) -> Result<(String, reqwest::Client), Failure> {
    let base = base.trim_end_matches('/').to_string();
    if !base.starts_with("http://") && !base.starts_with("https://") {
        return Err(Failure::Input(format!(
            "{base}: give the service's URL, http://HOST:PORT"
        )));
    }
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(600))
        .build()
        .map_err(|e| Failure::Input(format!("HTTP client: {e}")))?;
    Ok((base, client))
}

impl Http {
    pub fn new(base: &str) -> Result<Http, Failure> {
        let (base, client) = client_for(base)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Failure::Input(format!("cannot start the runtime: {e}")))?;
        Ok(Http {
            base,
            client,
            runtime,
        })
    }

    /// Sends a request; the status and the body, or a failure to reach the service (exit 2).
    pub fn send(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Vec<u8>>,
    ) -> Result<(u16, Vec<u8>), Failure> {
        let url = format!("{}{path}", self.base);
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
        let mut req = self.client.request(method, &url);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.header("content-type", "application/json").body(b);
        }
        self.runtime.block_on(async {
            let r = req
                .send()
                .await
                .map_err(|e| Failure::Input(format!("{url}: {e}")))?;
            let status = r.status().as_u16();
            let bytes = r
                .bytes()
                .await
                .map_err(|e| Failure::Input(format!("{url}: {e}")))?;
            Ok((status, bytes.to_vec()))
        })
    }

    /// GET that must answer 200, its body written to `out` as it comes: a national record is
    /// gigabytes, so it is never held whole. A stall of ten minutes fails it.
    pub fn get_to(&self, path: &str, out: &mut dyn std::io::Write) -> Result<u64, Failure> {
        let url = format!("{}{path}", self.base);
        let stall = std::time::Duration::from_secs(600);
        let req = self
            .client
            .get(&url)
            .timeout(std::time::Duration::from_secs(24 * 3600));
        self.runtime.block_on(async {
            let fail = |e: &dyn std::fmt::Display| Failure::Input(format!("{url}: {e}"));
            let mut r = req.send().await.map_err(|e| fail(&e))?;
            if r.status().as_u16() != 200 {
                let status = r.status().as_u16();
                let body = r.bytes().await.unwrap_or_default();
                return Err(Failure::Input(format!(
                    "{url}: {status} {}",
                    String::from_utf8_lossy(&body)
                )));
            }
            let mut n = 0u64;
            loop {
                let chunk = tokio::time::timeout(stall, r.chunk())
                    .await
                    .map_err(|_| fail(&"no data for ten minutes"))?
                    .map_err(|e| fail(&e))?;
                let Some(chunk) = chunk else { return Ok(n) };
                out.write_all(&chunk).map_err(|e| {
                    Failure::Output(std::io::Error::new(
                        e.kind(),
                        format!("{url}: writing it: {e}"),
                    ))
                })?;
                n += chunk.len() as u64;
            }
        })
    }

    /// GET that must answer 200.
    pub fn get(&self, path: &str) -> Result<Vec<u8>, Failure> {
        match self.send("GET", path, None, None)? {
            (200, body) => Ok(body),
            (status, body) => Err(Failure::Input(format!(
                "{}{path}: {status} {}",
                self.base,
                String::from_utf8_lossy(&body)
            ))),
        }
    }

    pub fn get_json(&self, path: &str) -> Result<serde_json::Value, Failure> {
        serde_json::from_slice(&self.get(path)?)
            .map_err(|e| Failure::Input(format!("{}{path}: not JSON: {e}", self.base)))
    }
}
