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
//! for past-perfect clauses), and a location ("in Moscow"). Dated only by the publication date, a
//! nominal mention is a `reference` and a past-tense verb past the lede ([`LEDE_SENTENCES`]) is
//! `recalled`: both may point back to an earlier event. [`gdelt_row`] renders an event as a
//! GDELT 2.0 event-table row.
//!
//! Clause-level rules then read the sentence as a whole:
//! - a governing verb (agree, promise, threaten, refuse, urge, demand, order, suspend ...) takes
//!   its complement's target and absorbs its event ("threatened to break relations with Russia"
//!   is one threat against Russia); a promise of force is a threat ("vowed to fight");
//! - speech verbs give way to what was said (plain "said" is no event; a statement needs an
//!   addressee), and "X said (that) Y must/should ..." is a request by X on Y;
//! - frames ("wants to", "decided to", "took steps to") carry no event; support verbs hand their
//!   subject to an eventive object ("launched an investigation", "staged demonstrations");
//! - negated cooperation is a rejection ("will not accept refugees"); an intended action with an
//!   "if"/"unless" condition is a threat against the condition's subject;
//! - targets also come from the object's owner or agent ("rejected calls by Belarus's rulers"),
//!   the purpose clause ("opened fire to disperse demonstrators"), and, last, the place acted on
//!   ("imposed a curfew in the town of Cizre"); a noun's source is its governing verb's subject
//!   only when that verb does what the noun names (not "condemned the invasion");
//! - unknown people and groups are actors named by their words ("Islamic fundamentalists").
//!
//! Evaluated on PLOVER's gold sentences (`examples/eval_plover.rs`, dev file, 161 sentences):
//! type 83.9%, type+source 78.3%, type+source+target 61.5% (even records 84.0/77.8/61.7, odd
//! 83.8/78.8/61.2), about 0.07 ms per sentence for linking and coding.

pub mod calibrate;
mod coding;
mod gdelt;
mod layer;
pub mod mentions;
mod participants;
mod verbs;

pub use coding::{extract_events, extract_scored, timex_date, ScoredEvent, LEDE_SENTENCES};
pub use gdelt::{gdelt_row, goldstein, quad_class, GDELT_COLUMNS};
pub use layer::{extract_mentions, extract_mentions_with_evidence, uncode};
pub use verbs::{build_verbs, convert_verbs, VerbData, VerbEntry, VerbTable};
