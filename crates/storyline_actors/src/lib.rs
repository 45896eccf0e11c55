//! Actors for storyline: a knowledge base of canonical actors (people, governments,
//! organisations, armed groups, countries) with aliases, dated roles and CAMEO codes, and
//! in-document entity linking and coreference.
//!
//! The KB is converted from the Phoenix/PETRARCH2 dictionaries (MIT, see `data/NOTICE.md`) plus a
//! hand-curated extension (`data/extension.actors.txt`) by [`build_kb`], committed as
//! `data/actors.json.gz`, embedded in the binary and loaded lazily by [`ActorKb::default_kb`].
//! Users add actors without recompiling with [`ActorKb::extend_from_file`] (TOML or JSON) or the
//! `STORYLINE_ACTORS=path` environment variable.
//!
//! [`link_entities`] fills `EntityMention::actor`; [`resolve_mention`] resolves any span (a name,
//! a pronoun, "the Chinese president") to an [`ActorRef`].

mod convert;
mod kb;
mod link;

pub use convert::{build_kb, convert, BuildStats, EXTENSION};
pub use kb::{
    date_num, decode, fuzzy_key, normalize, normalize_token, Actor, ActorKb, ActorKind, ActorRef,
    KbData, KbError, Role,
};
pub use link::{doc_date, link_entities, mention_code, resolve_mention, DocActors};
