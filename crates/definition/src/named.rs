//! The bodies and contest kinds of a definition file are the law's enums, written by their
//! names in `sailau-results/1` (`mazhilis`, `party-list`, …). An unknown name stops the
//! reading with an error that lists the names there are, at the field's path.

use sailau_law::{Body, ContestKind};
use serde::de::Error;
use serde::{Deserialize, Deserializer, Serializer};

fn known<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> String {
    all.iter().map(|&x| name(x)).collect::<Vec<_>>().join(", ")
}

/// `#[serde(with = "named::body")]`.
pub mod body {
    use super::*;

    /// Writes it by its name.
    pub fn serialize<S: Serializer>(b: &Body, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(b.name())
    }

    /// Its JSON Schema: one of the names.
    pub fn schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<&str> = Body::ALL.iter().map(|b| b.name()).collect();
        schemars::json_schema!({ "type": "string", "enum": names })
    }

    /// Reads it by its name; an unknown name lists the known ones.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Body, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Body::from_name(&name).ok_or_else(|| {
            D::Error::custom(format!(
                "unknown body {name:?}; expected one of {}",
                known(&Body::ALL, Body::name)
            ))
        })
    }
}

/// `#[serde(with = "named::bodies")]`, for a list of bodies.
pub mod bodies {
    use super::*;
    use serde::ser::SerializeSeq;

    /// Writes it by its name.
    pub fn serialize<S: Serializer>(bodies: &[Body], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(bodies.len()))?;
        for b in bodies {
            seq.serialize_element(b.name())?;
        }
        seq.end()
    }

    /// Reads it by its name; an unknown name lists the known ones.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Body>, D::Error> {
        #[derive(Deserialize)]
        struct One(#[serde(with = "super::body")] Body);
        Ok(Vec::<One>::deserialize(d)?
            .into_iter()
            .map(|o| o.0)
            .collect())
    }
}

/// `#[serde(with = "named::kind")]`.
pub mod kind {
    use super::*;

    /// Writes it by its name.
    pub fn serialize<S: Serializer>(k: &ContestKind, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(k.name())
    }

    /// Its JSON Schema: one of the names.
    pub fn schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<&str> = ContestKind::ALL.iter().map(|k| k.name()).collect();
        schemars::json_schema!({ "type": "string", "enum": names })
    }

    /// Reads it by its name; an unknown name lists the known ones.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<ContestKind, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        ContestKind::from_name(&name).ok_or_else(|| {
            D::Error::custom(format!(
                "unknown kind {name:?}; expected one of {}",
                known(&ContestKind::ALL, ContestKind::name)
            ))
        })
    }
}
