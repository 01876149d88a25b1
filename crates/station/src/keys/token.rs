//! Keys in a PKCS#11 token (a smart card, an HSM; SoftHSM in the tests), reached through the
//! module its maker ships, loaded at run time with `cryptoki`.
//!
//! The key pair is generated inside the token (CKM_EC_EDWARDS_KEY_PAIR_GEN, Ed25519); the
//! private half is made token-resident, sensitive, not extractable and for signing only, and
//! it signs inside the token (CKM_EDDSA). The station records a [`TokenRef`]: where the key is
//! and its public half, never a secret. Opening a key refuses one that could ever have left the
//! token in the clear, and proves with a signature that it is the recorded key; every
//! signature is checked against the recorded public half before it is used, so a token that
//! answers with another key's signature is caught here and not by the verifier.
//!
//! The PIN comes from the environment or a file ([`Pin::from_env`]), never from a command
//! line; it is wiped from this process's memory when dropped, and no error or log names it.

use cryptoki::context::{CInitializeArgs, Pkcs11};
use cryptoki::error::{Error as CkError, RvError};
use cryptoki::mechanism::eddsa::{EddsaParams, EddsaSignatureScheme};
use cryptoki::mechanism::{Mechanism, MechanismType};
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::slot::Slot;
use cryptoki::types::RawAuthPin;
use sailau_group::{from_hex, from_hex32, to_hex};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use zeroize::Zeroizing;

/// The environment variable that holds the token's user PIN.
pub const PIN_VAR: &str = "SAILAU_PKCS11_PIN";
/// The environment variable naming a file whose first line is the PIN (read when
/// [`PIN_VAR`] is not set).
pub const PIN_FILE_VAR: &str = "SAILAU_PKCS11_PIN_FILE";

/// CKA_EC_PARAMS of an Ed25519 key: the DER of the curve's object identifier 1.3.101.112
/// (RFC 8410).
const ED25519_PARAMS: [u8; 5] = [0x06, 0x03, 0x2b, 0x65, 0x70];

/// The message signed when a key is opened, to prove the token holds the recorded key. Its
/// domain prefix is no protocol message's, so the signature can stand for nothing else.
const OPEN_CHECK: &[u8] = b"sailau-token-key-check/1\0";

/// Why a token key cannot be made, opened or used. No variant carries the PIN.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// The PKCS#11 module cannot be loaded or initialised.
    #[error("PKCS#11 module {module}: {reason}")]
    Module {
        /// The module's path.
        module: String,
        /// Why.
        reason: String,
    },
    /// No token of that label is present.
    #[error("PKCS#11 module {module} has no token labelled {token:?} (present: {present})")]
    NoToken {
        /// The module's path.
        module: String,
        /// The label asked for.
        token: String,
        /// The labels of the tokens present, or `none`.
        present: String,
    },
    /// The token refused the PIN.
    #[error("token {token:?}: the PIN is incorrect")]
    WrongPin {
        /// The token's label.
        token: String,
    },
    /// The token locked its PIN after too many wrong tries.
    #[error("token {token:?}: the PIN is locked; the token's security officer must reset it")]
    PinLocked {
        /// The token's label.
        token: String,
    },
    /// Neither [`PIN_VAR`] nor [`PIN_FILE_VAR`] is set.
    #[error("token {token:?}: no PIN: set {PIN_VAR}, or {PIN_FILE_VAR} to a file that holds it")]
    NoPin {
        /// The token's label.
        token: String,
    },
    /// The file [`PIN_FILE_VAR`] names cannot be read.
    #[error("{path}: cannot read the PIN: {reason}")]
    PinFile {
        /// The file's path.
        path: String,
        /// Why.
        reason: String,
    },
    /// The token does not make or use Ed25519 keys.
    #[error("token {token:?} does not make or use Ed25519 keys (CKM_EC_EDWARDS_KEY_PAIR_GEN and CKM_EDDSA)")]
    NoEd25519 {
        /// The token's label.
        token: String,
    },
    /// The token holds no private Ed25519 key of the recorded id.
    #[error("token {token:?} holds no private Ed25519 key {label:?} with id {id}")]
    NoKey {
        /// The token's label.
        token: String,
        /// The key's label.
        label: String,
        /// The key's id, hex.
        id: String,
    },
    /// The token's key is exportable, or was once: it is not one that never left the token.
    #[error("token {token:?}: key {label:?} is or was extractable or not sensitive: it may have left the token, and is refused")]
    Exposed {
        /// The token's label.
        token: String,
        /// The key's label.
        label: String,
    },
    /// The token's key of the recorded id is not the key the station recorded: its signature
    /// does not verify under the recorded public key.
    #[error("token {token:?}: key {label:?} is not the station's key: its signature does not verify under {expected}")]
    NotTheKey {
        /// The token's label.
        token: String,
        /// The key's label.
        label: String,
        /// The recorded public key, hex.
        expected: String,
    },
    /// The station's record of where its key is cannot be read.
    #[error("the record of a token key: {0}")]
    Record(String),
    /// Any other refusal of the token (what was being done, and the token's reason).
    #[error("token {token:?}: {what}: {reason}")]
    Token {
        /// The token's label.
        token: String,
        /// What was being done.
        what: String,
        /// The module's reason.
        reason: String,
    },
}

/// A token's user PIN: wiped from memory when dropped, and printed by `Debug` as `Pin(..)`.
pub struct Pin(Zeroizing<Vec<u8>>);

impl std::fmt::Debug for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pin(..)")
    }
}

impl Pin {
    /// A PIN the caller already holds (the caller wipes its own copy).
    pub fn new(pin: &[u8]) -> Pin {
        Pin(Zeroizing::new(pin.to_vec()))
    }

    /// The PIN from [`PIN_VAR`], else the first line of the file [`PIN_FILE_VAR`] names.
    /// Never a command-line argument, which other users of the machine can read. `token`
    /// names the token in the error when neither is set.
    pub fn from_env(token: &str) -> Result<Pin, KeyError> {
        if let Some(v) = std::env::var_os(PIN_VAR).filter(|v| !v.is_empty()) {
            return Ok(Pin(Zeroizing::new(v.into_encoded_bytes())));
        }
        let Some(path) = std::env::var_os(PIN_FILE_VAR).filter(|v| !v.is_empty()) else {
            return Err(KeyError::NoPin {
                token: token.into(),
            });
        };
        let bytes = Zeroizing::new(std::fs::read(&path).map_err(|e| KeyError::PinFile {
            path: Path::new(&path).display().to_string(),
            reason: e.to_string(),
        })?);
        let line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            return Err(KeyError::PinFile {
                path: Path::new(&path).display().to_string(),
                reason: "its first line is empty".into(),
            });
        }
        Ok(Pin::new(line))
    }
}

/// Where a key is in a token: what the station's database keeps in place of a secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenRef {
    /// The PKCS#11 module's path.
    pub module: String,
    /// The token's label.
    pub token: String,
    /// The key's CKA_LABEL, for people listing the token's objects.
    pub label: String,
    /// The key's CKA_ID, hex: random, so that keys of one label on one token stay apart.
    pub id: String,
    /// The key's public half, hex: the key opened must sign under it.
    pub public: String,
}

/// A key held in a PKCS#11 token: a logged-in session and the private key's handle. It has
/// no operation that returns the secret, which the token would refuse anyway.
pub struct TokenKey {
    session: Mutex<Session>,
    private: ObjectHandle,
    public: [u8; 32],
    reference: TokenRef,
}

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "TokenKey(token {:?}, key {:?}, public {})",
            self.reference.token, self.reference.label, self.reference.public
        )
    }
}

impl TokenKey {
    /// Generates an Ed25519 key pair inside the token labelled `token` of `module`, the
    /// private half token-resident, sensitive, not extractable and for signing only.
    pub fn generate(
        module: &Path,
        token: &str,
        label: &str,
        pin: &Pin,
    ) -> Result<TokenKey, KeyError> {
        let module_name = module.to_str().ok_or_else(|| KeyError::Module {
            module: module.display().to_string(),
            reason: "the path is not UTF-8".into(),
        })?;
        let ctx = context(module)?;
        let slot = slot(&ctx, module, token)?;
        let fail = |what: &'static str| move |e: CkError| failed(token, what, e);
        let mechanisms = ctx
            .get_mechanism_list(slot)
            .map_err(fail("listing its mechanisms"))?;
        if !mechanisms.contains(&MechanismType::ECC_EDWARDS_KEY_PAIR_GEN)
            || !mechanisms.contains(&MechanismType::EDDSA)
        {
            return Err(KeyError::NoEd25519 {
                token: token.into(),
            });
        }
        let session = login(
            ctx.open_rw_session(slot)
                .map_err(fail("opening a session"))?,
            token,
            pin,
        )?;
        let id = session
            .generate_random_vec(16)
            .map_err(fail("drawing the key's id"))?;
        let named = |mut t: Vec<Attribute>| {
            t.push(Attribute::Label(label.as_bytes().to_vec()));
            t.push(Attribute::Id(id.clone()));
            t
        };
        let public_template = named(vec![
            Attribute::Token(true),
            Attribute::Private(false),
            Attribute::Verify(true),
            Attribute::EcParams(ED25519_PARAMS.to_vec()),
        ]);
        let private_template = named(vec![
            Attribute::Token(true),
            Attribute::Private(true),
            Attribute::Sensitive(true),
            Attribute::Extractable(false),
            Attribute::Sign(true),
        ]);
        let (public_handle, private) = session
            .generate_key_pair(
                &Mechanism::EccEdwardsKeyPairGen,
                &public_template,
                &private_template,
            )
            .map_err(fail("generating an Ed25519 key pair"))?;
        let point = session
            .get_attributes(public_handle, &[AttributeType::EcPoint])
            .map_err(fail("reading the public key"))?;
        let public = point
            .iter()
            .find_map(|a| match a {
                Attribute::EcPoint(p) => ec_point(p),
                _ => None,
            })
            .ok_or_else(|| KeyError::Token {
                token: token.into(),
                what: "reading the public key".into(),
                reason: "CKA_EC_POINT is not a 32-byte Ed25519 point".into(),
            })?;
        let key = TokenKey {
            session: Mutex::new(session),
            private,
            public,
            reference: TokenRef {
                module: module_name.into(),
                token: token.into(),
                label: label.into(),
                id: to_hex(&id),
                public: to_hex(&public),
            },
        };
        key.check()?;
        Ok(key)
    }

    /// Opens the key `reference` records, logging in with `pin`. Refuses a key that is or
    /// was ever extractable or not sensitive, and one that does not sign under the recorded
    /// public key.
    pub fn open(reference: &TokenRef, pin: &Pin) -> Result<TokenKey, KeyError> {
        let token = reference.token.as_str();
        let bad = |what: &'static str| move |e| KeyError::Record(format!("{what}: {e}"));
        let id = from_hex(&reference.id).map_err(bad("id"))?;
        let public = from_hex32(&reference.public).map_err(bad("public"))?;
        let module = Path::new(&reference.module);
        let ctx = context(module)?;
        let slot = slot(&ctx, module, token)?;
        let fail = |what: &'static str| move |e: CkError| failed(token, what, e);
        let session = login(
            ctx.open_ro_session(slot)
                .map_err(fail("opening a session"))?,
            token,
            pin,
        )?;
        let found = session
            .find_objects(&[
                Attribute::Class(ObjectClass::PRIVATE_KEY),
                Attribute::KeyType(KeyType::EC_EDWARDS),
                Attribute::Id(id),
            ])
            .map_err(fail("finding the key"))?;
        let private = match found[..] {
            [one] => one,
            [] => {
                return Err(KeyError::NoKey {
                    token: token.into(),
                    label: reference.label.clone(),
                    id: reference.id.clone(),
                })
            }
            _ => {
                return Err(KeyError::Token {
                    token: token.into(),
                    what: "finding the key".into(),
                    reason: format!("{} private keys have id {}", found.len(), reference.id),
                })
            }
        };
        let key = TokenKey {
            session: Mutex::new(session),
            private,
            public,
            reference: reference.clone(),
        };
        key.check()?;
        Ok(key)
    }

    /// The public half (the Ed25519 verifying key), as recorded and proven at opening.
    pub fn public(&self) -> [u8; 32] {
        self.public
    }

    /// Where the key is: what the station's database records.
    pub fn reference(&self) -> &TokenRef {
        &self.reference
    }

    /// Signs `message` inside the token (CKM_EDDSA, pure Ed25519), and checks the signature
    /// under the key's public half before returning it.
    pub fn sign(&self, message: &[u8]) -> Result<[u8; 64], KeyError> {
        let token = self.reference.token.as_str();
        let session = self.session.lock().unwrap_or_else(|e| e.into_inner());
        let eddsa = Mechanism::Eddsa(EddsaParams::new(EddsaSignatureScheme::Pure));
        let signature = session
            .sign(&eddsa, self.private, message)
            .map_err(|e| failed(token, "signing", e))?;
        let signature: [u8; 64] = signature.try_into().map_err(|_| KeyError::Token {
            token: token.into(),
            what: "signing".into(),
            reason: "the signature is not 64 bytes".into(),
        })?;
        if !super::verify(&self.public, message, &signature) {
            return Err(KeyError::NotTheKey {
                token: token.into(),
                label: self.reference.label.clone(),
                expected: self.reference.public.clone(),
            });
        }
        Ok(signature)
    }

    /// Refuses a key that is, or ever was, extractable or not sensitive, and proves with a
    /// signature that the token holds the recorded key.
    fn check(&self) -> Result<(), KeyError> {
        let token = self.reference.token.as_str();
        let held = {
            let session = self.session.lock().unwrap_or_else(|e| e.into_inner());
            session
                .get_attributes(
                    self.private,
                    &[
                        AttributeType::Sensitive,
                        AttributeType::AlwaysSensitive,
                        AttributeType::Extractable,
                        AttributeType::NeverExtractable,
                    ],
                )
                .map_err(|e| failed(token, "reading the key's attributes", e))?
        };
        let kept = held.len() == 4
            && held.iter().all(|a| {
                matches!(
                    a,
                    Attribute::Sensitive(true)
                        | Attribute::AlwaysSensitive(true)
                        | Attribute::Extractable(false)
                        | Attribute::NeverExtractable(true)
                )
            });
        if !kept {
            return Err(KeyError::Exposed {
                token: token.into(),
                label: self.reference.label.clone(),
            });
        }
        self.sign(OPEN_CHECK).map(|_| ())
    }
}

/// The process's one context for `module`: a PKCS#11 module is initialised once per process
/// and finalised when its context drops, which would end every other key's session; so each
/// module's context is made once and kept. Public so that tests can look into a token
/// through the same context.
pub fn context(module: &Path) -> Result<Pkcs11, KeyError> {
    static CONTEXTS: OnceLock<Mutex<HashMap<PathBuf, Pkcs11>>> = OnceLock::new();
    let name = std::fs::canonicalize(module).unwrap_or_else(|_| module.to_path_buf());
    let mut contexts = CONTEXTS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(c) = contexts.get(&name) {
        return Ok(c.clone());
    }
    let refused = |e: CkError| KeyError::Module {
        module: module.display().to_string(),
        reason: e.to_string(),
    };
    let ctx = Pkcs11::new(&name).map_err(refused)?;
    match ctx.initialize(CInitializeArgs::OsThreads) {
        Ok(()) | Err(CkError::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => {}
        Err(e) => return Err(refused(e)),
    }
    contexts.insert(name, ctx.clone());
    Ok(ctx)
}

/// The slot of the token labelled `token`.
fn slot(ctx: &Pkcs11, module: &Path, token: &str) -> Result<Slot, KeyError> {
    let fail = |e: CkError| failed(token, "listing the module's tokens", e);
    let mut present = Vec::new();
    for slot in ctx.get_slots_with_token().map_err(fail)? {
        let info = ctx.get_token_info(slot).map_err(fail)?;
        let label = info.label().trim_end();
        if label == token {
            return Ok(slot);
        }
        if info.token_initialized() {
            present.push(format!("{label:?}"));
        }
    }
    Err(KeyError::NoToken {
        module: module.display().to_string(),
        token: token.into(),
        present: if present.is_empty() {
            "none".into()
        } else {
            present.join(", ")
        },
    })
}

/// Logs the user in on `session`. A token already logged in by another of this process's
/// sessions (PKCS#11 logs in the application, not the session) is taken as it is.
fn login(session: Session, token: &str, pin: &Pin) -> Result<Session, KeyError> {
    let raw = RawAuthPin::new(pin.0.to_vec());
    match session.login_with_raw(UserType::User, &raw) {
        Ok(()) | Err(CkError::Pkcs11(RvError::UserAlreadyLoggedIn, _)) => Ok(session),
        Err(CkError::Pkcs11(RvError::PinIncorrect | RvError::PinLenRange, _)) => {
            Err(KeyError::WrongPin {
                token: token.into(),
            })
        }
        Err(CkError::Pkcs11(RvError::PinLocked, _)) => Err(KeyError::PinLocked {
            token: token.into(),
        }),
        Err(e) => Err(failed(token, "logging in", e)),
    }
}

fn failed(token: &str, what: &str, e: CkError) -> KeyError {
    KeyError::Token {
        token: token.into(),
        what: what.into(),
        reason: e.to_string(),
    }
}

/// An Ed25519 CKA_EC_POINT: PKCS#11 3.0 asks for the DER OCTET STRING (`04 20` and the 32
/// bytes), as SoftHSM gives; some tokens give the 32 bytes bare.
fn ec_point(bytes: &[u8]) -> Option<[u8; 32]> {
    match bytes {
        [0x04, 0x20, point @ ..] if point.len() == 32 => point.try_into().ok(),
        _ => bytes.try_into().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ec_point_is_read_wrapped_or_bare_and_nothing_else() {
        let p: Vec<u8> = (1..=32).collect();
        let wrapped = [&[0x04, 0x20][..], &p].concat();
        assert_eq!(ec_point(&wrapped).map(|a| a.to_vec()), Some(p.clone()));
        assert_eq!(ec_point(&p).map(|a| a.to_vec()), Some(p.clone()));
        assert_eq!(ec_point(&wrapped[..33]), None);
        assert_eq!(ec_point(&[&[0x04, 0x21][..], &p, &[0]].concat()), None);
    }

    #[test]
    fn a_pin_is_never_printed() {
        assert_eq!(format!("{:?}", Pin::new(b"123456")), "Pin(..)");
    }
}
