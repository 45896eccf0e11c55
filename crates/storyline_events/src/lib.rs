//! Event coding for storyline: who did what to whom, when and where, in CAMEO and PLOVER.
//!
//! [`extract_events`] walks each sentence's dependency tree: every verb (and eventive noun such
//! as "call", "visit", "talks", "sanctions", "invasion", "warrant") found in the verb table gets
//! a CAMEO code from its lemma plus particle/preposition/object words (the PETRARCH verb
//! dictionary, simplified and converted by [`build_verbs`]), a PLOVER type (CAMEO2PLOVER-2021),
//! a source (subject, passive agent, possessor of the noun, or the controller of an infinitive)
//! and a target (indirect/direct object, "with"/"to"/"against"/"on" obliques, "of" for nouns),
//! both resolved to actors by `storyline_actors`; a modality (asserted, negated, intended,
//! reported, hypothetical), a date from the sentence's timex (else the publication date, or none
//! for past-perfect clauses), and a location ("in Moscow"). [`gdelt_row`] renders an event as a
//! GDELT 2.0 event-table row.

mod extract;
mod gdelt;
mod verbs;

pub use extract::{extract_events, extract_scored, timex_date, ScoredEvent};
pub use gdelt::{gdelt_row, goldstein, quad_class, GDELT_COLUMNS};
pub use verbs::{build_verbs, convert_verbs, VerbData, VerbEntry, VerbTable};
