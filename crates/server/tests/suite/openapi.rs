//! The OpenAPI document's schemas of what the service reads are the types that read it: the
//! registry's acts, the audit plan and the hand counts are generated from the Rust types
//! (schemars, the deserializing side), and the served document must hold exactly them. A type
//! changed without the document fails here; `SAILAU_BLESS=1` rewrites the document.

use sailau_audit::counts::HandCounts;
use sailau_audit::plan::Plan;
use sailau_registry::act::Act;
use schemars::generate::{Contract, SchemaSettings};
use serde_json::{json, Map, Value};
use std::path::Path;

/// The generated components; the request bodies (path, method, schema reference) that use
/// them; the ledger's body.
struct Generated {
    components: Map<String, Value>,
    bodies: [(&'static str, &'static str, String); 3],
    ledger: Value,
}

fn generated() -> Generated {
    let mut generator = SchemaSettings::draft2020_12()
        .with(|s| {
            s.definitions_path = "/components/schemas".into();
            s.meta_schema = None;
            s.contract = Contract::Deserialize;
        })
        .into_generator();
    let act = generator.subschema_for::<Act>();
    let plan = generator.subschema_for::<Plan>();
    let counts = generator.subschema_for::<HandCounts>();
    let entry = generator.subschema_for::<sailau_registry::chain::Entry>();
    let reference = |s: schemars::Schema| s.as_value()["$ref"].as_str().unwrap().to_string();
    let bodies = [
        ("/api/registry/acts", "post", reference(act)),
        ("/api/paper-audit/plan", "put", reference(plan)),
        ("/api/paper-audit/counts", "put", reference(counts)),
    ];
    let ledger = json!({"type": "array", "minItems": 1, "items": {"$ref": reference(entry)},
                        "description": "sailau-registry/1 entries, sent one per line (JSON lines)"});
    let mut components = generator.take_definitions(true);
    for schema in components.values_mut() {
        bound_integers(schema);
    }
    Generated {
        components,
        bodies,
        ledger,
    }
}

/// An integer's bounds by its Rust type: JSON Schema has no fixed widths, and a count past
/// them is refused by the reader, so the document says where they end.
fn bound_integers(v: &mut Value) {
    match v {
        Value::Object(o) => {
            let bounds = match o.get("format").and_then(Value::as_str) {
                Some("uint8") => Some((json!(0), json!(u8::MAX))),
                Some("uint16") => Some((json!(0), json!(u16::MAX))),
                Some("uint32") => Some((json!(0), json!(u32::MAX))),
                Some("uint64") => Some((json!(0), json!(u64::MAX))),
                Some("uint128") => Some((json!(0), json!(u128::MAX))),
                Some("int32") => Some((json!(i32::MIN), json!(i32::MAX))),
                Some("int64") => Some((json!(i64::MIN), json!(i64::MAX))),
                Some("int128") => Some((json!(i128::MIN), json!(i128::MAX))),
                _ => None,
            };
            if let Some((min, max)) = bounds {
                o.insert("minimum".into(), min);
                o.insert("maximum".into(), max);
            }
            o.values_mut().for_each(bound_integers);
        }
        Value::Array(a) => a.iter_mut().for_each(bound_integers),
        _ => {}
    }
}

#[test]
fn the_documents_request_schemas_are_the_types_the_service_reads() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/openapi.json");
    let mut doc: Value = serde_json::from_str(sailau_server::api::OPENAPI).unwrap();
    let Generated {
        components,
        bodies,
        ledger,
    } = generated();
    let mut expected = doc.clone();
    for (name, schema) in &components {
        expected["components"]["schemas"][name] = schema.clone();
    }
    for (path, method, reference) in &bodies {
        expected["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"] =
            json!({ "$ref": reference });
    }
    expected["paths"]["/api/registry/ledger"]["post"]["requestBody"]["content"]
        ["application/x-ndjson"]["schema"] = ledger;
    if std::env::var_os("SAILAU_BLESS").is_some() {
        let text = serde_json::to_string_pretty(&expected).unwrap() + "\n";
        std::fs::write(&file, text).unwrap();
        doc = expected.clone();
    }
    for (name, schema) in &components {
        assert_eq!(
            &doc["components"]["schemas"][name],
            schema,
            "components/schemas/{name} is not the type's schema: run the test with \
             SAILAU_BLESS=1 to rewrite {}",
            file.display()
        );
    }
    assert_eq!(
        doc, expected,
        "the request bodies refer to the generated schemas"
    );
}

/// What the document describes, the types read: every act of the 2023 sample registry (1,500
/// and more, of every kind) is valid under the document's schema of an act.
#[test]
fn every_act_of_the_demo_registry_is_valid_under_the_documents_schema() {
    let doc: Value = serde_json::from_str(sailau_server::api::OPENAPI).unwrap();
    let mut schema = doc["components"]["schemas"]["Act"].clone();
    assert!(
        schema["oneOf"].is_array(),
        "the document's schema of an act: {schema}"
    );
    schema["components"] = doc["components"].clone();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let registry = sailau_registry::sample::mazhilis_2023();
    let entries = registry.entries();
    assert!(entries.len() > 1000, "the sample registry");
    for entry in entries {
        let v = serde_json::to_value(&entry.act).unwrap();
        let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{v}: {errors:?}");
    }
}
