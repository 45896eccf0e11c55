//! Event extraction from the dependency structure.

use storyline_actors::{doc_date, ActorKb, ActorKind, ActorRef, DocActors};
use storyline_model::{Document, Event, TokenInfo, Trigger};

use crate::verbs::VerbTable;

/// An event with the extractor's confidence score (higher = more central, more complete).
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredEvent {
    /// The event.
    pub event: Event,
    /// Score: has source (+3), has target (+2), not a plain statement (+2), minus depth from the root.
    pub score: f32,
    /// Trigger token index.
    pub token: usize,
}

const MAX_DEPTH: usize = 12;

/// Eventive nouns: lemma -> (CAMEO code, or `@verb` to code through the verb table).
const NOUNS: &[(&str, &str)] = &[
    ("call", "041"),
    ("phone", "041"),
    ("conversation", "040"),
    ("visit", "042"),
    ("trip", "042"),
    ("meeting", "040"),
    ("summit", "040"),
    ("talk", "046"),
    ("talks", "046"),
    ("negotiation", "046"),
    ("negotiations", "046"),
    ("dialogue", "040"),
    ("sanction", "163"),
    ("sanctions", "163"),
    ("embargo", "163"),
    ("invasion", "@invade"),
    ("incursion", "@invade"),
    ("occupation", "@occupy"),
    ("annexation", "192"),
    ("attack", "190"),
    ("offensive", "190"),
    ("strike", "143"),
    ("demonstration", "141"),
    ("rally", "141"),
    ("riot", "145"),
    ("boycott", "143"),
    ("blockade", "191"),
    ("suspension", "160"),
    ("withdrawal", "0874"),
    ("demand", "100"),
    ("airstrike", "195"),
    ("bombing", "195"),
    ("warrant", "173"),
    ("arrest", "173"),
    ("proposal", "@propose"),
    ("initiative", "@propose"),
    ("plan", "@propose"),
    ("statement", "010"),
    ("accusation", "112"),
    ("criticism", "111"),
    ("threat", "130"),
    ("protest", "140"),
    ("investigation", "090"),
    ("inquiry", "090"),
    ("enquiry", "090"),
    ("inquest", "090"),
    ("hearing", "090"),
    ("probe", "090"),
    ("agreement", "057"),
    ("deal", "057"),
    ("ceasefire", "0356"),
    ("aid", "070"),
    ("request", "020"),
    ("appeal", "020"),
    ("offer", "@offer"),
    ("support", "@support"),
    ("mediation", "045"),
];

/// Heads that make their complement clause negated, intended or reported.
const NEG_HEADS: &[&str] = &[
    "deny", "refuse", "decline", "reject", "fail", "dismiss", "refusal", "failure", "unable",
];
const INTENT_HEADS: &[&str] = &[
    "plan", "intend", "aim", "prepare", "want", "seek", "hope", "promise", "pledge", "vow",
    "expect", "ready", "willing", "prepared", "go", "schedule", "set", "agree", "offer",
    "threaten", "swear", "sworn",
];
/// Verbs of consent: not doing them is refusing ("will not accept refugees", "did not agree").
const ACCEPTING: &[&str] = &[
    "agree",
    "accept",
    "allow",
    "permit",
    "approve",
    "endorse",
    "sign",
    "ratify",
    "recognize",
    "recognise",
    "cooperate",
    "comply",
    "yield",
    "concede",
    "grant",
    "admit",
    "let",
    "support",
    "back",
    "join",
    "attend",
    "negotiate",
    "lift",
    "ease",
    "release",
    "withdraw",
    "return",
    "open",
    "resume",
    "provide",
    "give",
    "send",
    "extend",
    "renew",
];

/// Nouns that ask for what their "for" or "to" dependent names: that has not happened.
const CALL_FOR: &[&str] = &[
    "call", "appeal", "plea", "demand", "request", "push", "pressure",
];

/// Words that say a thing is missing ("lacked a call for withdrawal", "absent from the
/// statement was any call", "without an apology"): what they govern did not happen.
const ABSENT: &[&str] = &["lack", "absent", "absence", "without", "omit", "omission"];

const REPORT_HEADS: &[&str] = &[
    "report",
    "suggest",
    "claim",
    "allege",
    "rumor",
    "rumour",
    "speculate",
];
/// Verbs whose object controls an infinitive complement ("asked Putin to negotiate").
const OBJ_CONTROL: &[&str] = &[
    "ask",
    "urge",
    "tell",
    "call",
    "invite",
    "persuade",
    "order",
    "force",
    "press",
    "push",
    "encourage",
    "beseech",
    "allow",
    "help",
];
/// Verbs that frame their infinitive complement and carry no event of their own.
const FRAMES: &[&str] = &[
    "want",
    "seek",
    "decide",
    "prepare",
    "plan",
    "intend",
    "hope",
    "aim",
    "try",
    "attempt",
    "expect",
    "wish",
    "continue",
    "begin",
    "start",
    "resume",
    "need",
    "manage",
    "keep",
    "like",
    "wait",
    "move",
    "choose",
    "opt",
    "resolve",
    "determine",
    "be",
    "seem",
    "appear",
    "tend",
    "struggle",
    "strive",
    "endeavour",
    "endeavor",
    "dare",
    "fail",
];
/// Support verbs: with an eventive noun as object, the noun is the event ("launched an
/// investigation", "staged demonstrations", "reiterated its demand").
const SUPPORT: &[&str] = &[
    "announce",
    "impose",
    "launch",
    "stage",
    "begin",
    "start",
    "continue",
    "hold",
    "mount",
    "conduct",
    "carry",
    "make",
    "take",
    "issue",
    "open",
    "resume",
    "reiterate",
    "renew",
    "step",
    "unveil",
    "present",
    "submit",
    "lead",
    "organize",
    "organise",
    "call",
    "announce",
    "hold",
    "pursue",
    "undertake",
    "initiate",
    "restate",
    "repeat",
    "voice",
    "express",
    "lodge",
    "file",
    "go",
    "join",
    "intensify",
    "escalate",
    "wage",
    "put",
    "set",
];
/// Speech verbs: their complement clause is the content of what was said.
const SPEECH: &[&str] = &[
    "say",
    "tell",
    "announce",
    "state",
    "declare",
    "add",
    "stress",
    "insist",
    "conclude",
    "write",
    "note",
    "argue",
    "report",
    "claim",
    "assert",
    "reiterate",
    "repeat",
    "affirm",
    "confirm",
    "explain",
    "emphasize",
    "emphasise",
    "indicate",
    "suggest",
    "believe",
    "think",
    "told",
    "quote",
];
/// Verbs that take their complement clause's target and absorb its event, whatever their code.
const GOVERNORS: &[&str] = &[
    "agree",
    "promise",
    "pledge",
    "vow",
    "offer",
    "threaten",
    "warn",
    "refuse",
    "decline",
    "reject",
    "urge",
    "ask",
    "call",
    "demand",
    "order",
    "force",
    "press",
    "allow",
    "help",
    "encourage",
    "invite",
    "persuade",
    "swear",
    "volunteer",
    "propose",
    "accept",
    "forbid",
    "ban",
    "prohibit",
    "permit",
    "authorize",
    "authorise",
    "compel",
    "appeal",
    "beg",
    "deny",
    "suspend",
    "halt",
    "stop",
    "end",
    "cease",
    "freeze",
];
/// Verbs whose subject talks about, judges or meets an event named by their object rather than
/// doing it ("condemned the invasion", "discussed the incursion", "accepted the proposal").
const NOT_AGENT: &[&str] = &[
    "condemn",
    "criticize",
    "criticise",
    "denounce",
    "welcome",
    "praise",
    "reject",
    "accept",
    "oppose",
    "support",
    "back",
    "discuss",
    "describe",
    "call",
    "mention",
    "report",
    "question",
    "deny",
    "blame",
    "justify",
    "defend",
    "recognize",
    "recognise",
    "acknowledge",
    "investigate",
    "probe",
    "protest",
    "fear",
    "predict",
    "expect",
    "see",
    "view",
    "consider",
    "regard",
    "term",
    "label",
    "dub",
    "brand",
    "avert",
    "prevent",
    "witness",
    "cover",
    "watch",
    "study",
    "debate",
    "analyse",
    "analyze",
    "assess",
    "follow",
    "monitor",
    "survive",
    "repel",
    "resist",
    "hear",
    "note",
    "cite",
    "warn",
    "allege",
    "claim",
    "dismiss",
    "rebuff",
    "ignore",
    "endorse",
    "applaud",
    "hail",
    "slam",
    "decry",
    "deplore",
    "regret",
    "lament",
    "mourn",
    "commemorate",
    "remember",
    "explain",
    "outline",
    "characterize",
    "characterise",
    "frame",
    "portray",
    "depict",
    "compare",
    "liken",
    "urge",
    "demand",
    "request",
    "want",
    "need",
];
/// Promises: of cooperation an agreement, of force a threat.
const PROMISES: &[&str] = &["vow", "swear", "pledge", "promise"];
/// People and groups: an unlinked noun phrase headed by one of these is still an actor, named by
/// its words ("Islamic fundamentalists", "university students").
const GROUPS: &[&str] = &[
    "official",
    "officials",
    "rebel",
    "rebels",
    "student",
    "students",
    "worker",
    "workers",
    "refugee",
    "refugees",
    "leader",
    "leaders",
    "force",
    "forces",
    "troops",
    "troop",
    "militiaman",
    "militiamen",
    "militia",
    "militias",
    "guerrilla",
    "guerrillas",
    "guerilla",
    "guerillas",
    "soldier",
    "soldiers",
    "police",
    "policeman",
    "policemen",
    "government",
    "party",
    "parliament",
    "court",
    "army",
    "newspaper",
    "movement",
    "authorities",
    "authority",
    "demonstrator",
    "demonstrators",
    "protester",
    "protesters",
    "protestor",
    "protestors",
    "prisoner",
    "prisoners",
    "civilian",
    "civilians",
    "minister",
    "ministers",
    "militant",
    "militants",
    "fundamentalist",
    "fundamentalists",
    "farmer",
    "farmers",
    "landowner",
    "landowners",
    "union",
    "unions",
    "opposition",
    "activist",
    "activists",
    "insurgent",
    "insurgents",
    "separatist",
    "separatists",
    "fighter",
    "fighters",
    "gunman",
    "gunmen",
    "settler",
    "settlers",
    "villager",
    "villagers",
    "resident",
    "residents",
    "citizen",
    "citizens",
    "people",
    "group",
    "groups",
    "faction",
    "factions",
    "tribe",
    "tribesmen",
    "council",
    "assembly",
    "committee",
    "commission",
    "agency",
    "ministry",
    "military",
    "navy",
    "businessman",
    "businessmen",
    "company",
    "firm",
    "judge",
    "prosecutor",
    "prosecutors",
    "lawmaker",
    "lawmakers",
    "legislator",
    "legislators",
    "diplomat",
    "diplomats",
    "envoy",
    "spokesman",
    "spokeswoman",
    "president",
    "premier",
    "king",
    "warship",
    "warships",
    "tanks",
    "helicopters",
    "jets",
    "aircraft",
    "emir",
    "sheikh",
    "junta",
    "regime",
    "cabinet",
    "administration",
    "coalition",
    "alliance",
    "organization",
    "organisation",
    "association",
    "federation",
    "network",
    "cell",
    "terrorists",
    "terrorist",
    "extremists",
    "extremist",
    "islamists",
    "islamist",
    "kurds",
    "albanians",
    "serbs",
    "croats",
    "palestinians",
    "israelis",
    "moslems",
    "muslims",
    "christians",
    "peacekeepers",
    "inspectors",
    "monitors",
    "observers",
    "delegation",
    "mob",
    "crowd",
    "youths",
    "youth",
    "mourners",
    "strikers",
    "miners",
    "teachers",
    "doctors",
    "nurses",
];
/// Heads that only count their members ("thousands of students", "a group of leaders").
const QUANT: &[&str] = &[
    "group",
    "thousands",
    "hundreds",
    "tens",
    "dozens",
    "scores",
    "millions",
    "some",
    "number",
    "crowd",
    "band",
    "majority",
    "many",
    "most",
    "all",
    "several",
    "members",
    "member",
];
const LIGHT: &[&str] = &[
    "be", "have", "do", "make", "take", "get", "become", "seem", "appear", "let", "go",
];
const TARGET_CASES: &[&str] = &[
    "with", "to", "against", "on", "toward", "towards", "for", "from", "into", "at", "upon",
    "over", "between",
];
/// Verbs whose object is what moves, not whom the action is aimed at.
const THEME_VERBS: &[&str] = &[
    "deploy", "send", "withdraw", "dispatch", "move", "pull", "station", "evacuate", "transfer",
    "deliver", "ship", "fly", "airlift", "redeploy", "mass", "bring",
];

/// Verbs that end or ease a measure ("lift the sanctions", "ease the curfew").
const EASING: &[&str] = &[
    "lift", "ease", "end", "remove", "relax", "scrap", "suspend", "loosen", "rescind", "revoke",
    "repeal", "waive",
];

/// Measures those verbs ease, with the CAMEO code of easing them: economic ones (085), and
/// administrative and political restrictions (081).
const EASED: &[(&str, &str)] = &[
    ("sanction", "085"),
    ("sanctions", "085"),
    ("embargo", "085"),
    ("tariff", "085"),
    ("boycott", "085"),
    ("curfew", "081"),
    ("restriction", "081"),
    ("ban", "081"),
    ("emergency", "081"),
];

/// Verbs of going somewhere, whose "for" names the purpose ("sent a delegation for talks").
const JOURNEYS: &[&str] = &[
    "go", "travel", "fly", "head", "arrive", "come", "leave", "return",
];

/// Verbs whose object is what is talked about, not who takes part ("discussed Ukraine",
/// "debated the budget"): their partner comes with "with".
const TOPIC_VERBS: &[&str] = &["discuss", "debate", "consider", "review"];

pub(crate) struct Ctx<'a> {
    doc: &'a Document,
    kb: &'a ActorKb,
    pub(crate) da: DocActors,
    table: &'a VerbTable,
    pub(crate) children: Vec<Vec<u32>>,
    pub(crate) head: Vec<Option<usize>>,
    pub(crate) ent_of: Vec<Option<u32>>,
    sent_of: Vec<u32>,
    date: u32,
}

fn lower(s: &str) -> std::borrow::Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(s.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(doc: &'a Document, kb: &'a ActorKb) -> Ctx<'a> {
        let n = doc.tokens.len();
        let mut head = vec![None; n];
        let mut children = vec![Vec::new(); n];
        for (i, t) in doc.tokens.iter().enumerate() {
            if t.head >= 0 && (t.head as usize) < n && t.head as usize != i {
                head[i] = Some(t.head as usize);
                children[t.head as usize].push(i as u32);
            }
        }
        let mut ent_of = vec![None; n];
        for (ei, e) in doc.entities.iter().enumerate() {
            let mut k = doc.tokens.partition_point(|t| t.start < e.start);
            while k < n && doc.tokens[k].end <= e.end {
                ent_of[k] = Some(ei as u32);
                k += 1;
            }
        }
        let mut sent_of = vec![0u32; n];
        let mut s = 0usize;
        for (i, t) in doc.tokens.iter().enumerate() {
            while s + 1 < doc.sentences.len() && doc.sentences[s].end <= t.start {
                s += 1;
            }
            sent_of[i] = s as u32;
        }
        Ctx {
            doc,
            kb,
            da: DocActors::build(doc, kb),
            table: VerbTable::get(),
            children,
            head,
            ent_of,
            sent_of,
            date: doc_date(doc),
        }
    }

    pub(crate) fn tok(&self, i: usize) -> &TokenInfo {
        &self.doc.tokens[i]
    }

    pub(crate) fn text(&self, i: usize) -> &str {
        let t = self.tok(i);
        self.doc.text.get(t.start..t.end).unwrap_or("")
    }

    pub(crate) fn kids(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.children[i].iter().map(|&c| c as usize)
    }

    fn kid_with(&self, i: usize, deps: &[&str]) -> Option<usize> {
        self.kids(i)
            .find(|&c| deps.contains(&self.tok(c).dep.as_str()))
    }

    pub(crate) fn case_of(&self, i: usize) -> Option<String> {
        self.kids(i)
            .find(|&c| matches!(self.tok(c).dep.as_str(), "case" | "mark"))
            .map(|c| lower(&self.tok(c).lemma).into_owned())
    }

    fn depth(&self, mut i: usize) -> usize {
        let mut d = 0;
        while let Some(h) = self.head[i] {
            d += 1;
            i = h;
            if d > MAX_DEPTH {
                break;
            }
        }
        d
    }

    /// The actor denoted by the phrase headed by token `a`.
    pub(crate) fn actor(&self, a: usize) -> Option<ActorRef> {
        self.actor_at(a, 0)
    }

    /// [`Ctx::actor`] with the depth of group-noun descents (bounded: heads may be cyclic).
    fn actor_at(&self, a: usize, depth: usize) -> Option<ActorRef> {
        if let Some(e) = self.ent_of[a] {
            if let Some(r) = self.da.entity.get(e as usize).cloned().flatten() {
                return Some(r);
            }
            let ent = &self.doc.entities[e as usize];
            if ent.label == "LOC" {
                // A place as an argument ("visit to Moscow", "attacking Ukraine"): its government/country.
                if let Some(id) = self.kb.lookup_id(&ent.text) {
                    if let Some(act) = self.kb.actor(id) {
                        if matches!(act.kind, ActorKind::Government | ActorKind::Country) {
                            return self.kb.actor_ref(id, self.date);
                        }
                    }
                }
            }
        }
        // Appositions and name parts attached to a common noun ("his counterpart Vladimir Putin").
        for c in self.kids(a) {
            if matches!(
                self.tok(c).dep.as_str(),
                "appos" | "flat" | "compound" | "nmod:desc"
            ) {
                if let Some(e) = self.ent_of[c] {
                    if let Some(r) = self.da.entity.get(e as usize).cloned().flatten() {
                        if self.doc.entities[e as usize].label == "PER"
                            || self.tok(c).dep == "appos"
                        {
                            return Some(r);
                        }
                    }
                }
            }
        }
        let t = self.tok(a);
        if !matches!(t.pos.as_str(), "NOUN" | "PROPN" | "PRON") {
            return None;
        }
        // The noun phrase: modifiers to the left.
        let mut start = a;
        for c in self.kids(a) {
            if c < start
                && matches!(
                    self.tok(c).dep.as_str(),
                    "det" | "amod" | "compound" | "nmod:poss" | "flat" | "nmod:desc"
                )
            {
                start = c;
            }
        }
        let s = self.tok(start).start;
        self.da
            .resolve(self.doc, s, t.end, self.kb)
            .or_else(|| self.group_actor(a, depth))
    }

    /// An actor the knowledge base does not know: a people or group noun phrase named by its
    /// words ("Islamic fundamentalists"); counting heads give way to their members ("thousands
    /// of students").
    fn group_actor(&self, a: usize, depth: usize) -> Option<ActorRef> {
        let t = self.tok(a);
        if t.pos != "NOUN" && t.pos != "PROPN" || depth > 2 {
            return None;
        }
        let form = lower(self.text(a));
        let lemma = lower(&t.lemma);
        if QUANT.contains(&form.as_ref()) || QUANT.contains(&lemma.as_ref()) {
            let m = self.kids(a).find(|&c| {
                self.tok(c).dep.starts_with("nmod") && self.case_of(c).as_deref() == Some("of")
            })?;
            return self.actor_at(m, depth + 1);
        }
        if !GROUPS.contains(&form.as_ref()) && !GROUPS.contains(&lemma.as_ref()) {
            return None;
        }
        // "inspectors of the IAEA", "leaders of the PLO": the organisation.
        for c in self.kids(a) {
            if self.tok(c).dep.starts_with("nmod") && self.case_of(c).as_deref() == Some("of") {
                if let Some(r) = self.actor_at(c, depth + 1).filter(|r| r.code.is_some()) {
                    return Some(r);
                }
            }
        }
        // Proper and national modifiers only ("Islamic fundamentalists", "Chechen refugees"):
        // "rival militias" is "militias".
        let mut start = a;
        for c in self.kids(a) {
            if c < start
                && matches!(
                    self.tok(c).dep.as_str(),
                    "amod" | "compound" | "flat" | "nmod:poss"
                )
                && self.text(c).starts_with(|ch: char| ch.is_uppercase())
                && (c + 1..a).all(|k| self.head[k] == Some(a) || self.head[k] == Some(c))
            {
                start = c;
            }
        }
        let text = self.doc.text.get(self.tok(start).start..t.end)?;
        let text = text.trim_start_matches(|c: char| !c.is_alphanumeric());
        Some(ActorRef {
            name: text.to_string(),
            code: None,
        })
    }

    /// The object's eventive noun when `v` is a support verb ("launched an investigation",
    /// "launched a mediation effort").
    fn eventive_obj(&self, v: usize) -> Option<usize> {
        for o in self.kids(v) {
            let d = self.tok(o).dep.as_str();
            let on = d == "obl" && self.case_of(o).is_some_and(|k| k == "on");
            if d != "obj" && !on {
                continue;
            }
            if self.noun_code(o).is_some() {
                return Some(o);
            }
            for c in self.kids(o) {
                if matches!(self.tok(c).dep.as_str(), "compound" | "amod")
                    && self.noun_code(c).is_some()
                {
                    return Some(c);
                }
            }
        }
        None
    }

    /// "must" (a demand, CAMEO 100) or "should" (an appeal, 020) on a clause.
    fn obligation(&self, v: usize) -> Option<&'static str> {
        for c in self.kids(v) {
            if self.tok(c).dep != "aux" {
                continue;
            }
            match lower(self.text(c)).as_ref() {
                "must" => return Some("100"),
                "should" | "ought" => return Some("020"),
                _ => {}
            }
        }
        None
    }

    /// The subject of an "if"/"unless" clause under `v` ("... unless the Kremlin closed ...").
    fn condition_subject(&self, v: usize) -> Option<ActorRef> {
        self.condition_subject_at(v, 0)
    }

    fn condition_subject_at(&self, v: usize, depth: usize) -> Option<ActorRef> {
        for c in self.kids(v) {
            if depth < 3 && matches!(self.tok(c).dep.as_str(), "xcomp" | "obj" | "acl" | "ccomp") {
                if let Some(r) = self.condition_subject_at(c, depth + 1) {
                    return Some(r);
                }
            }
            if self.tok(c).dep != "advcl" {
                continue;
            }
            let m = self
                .kid_with(c, &["mark"])
                .map(|m| lower(&self.tok(m).lemma).into_owned());
            if matches!(m.as_deref(), Some("if" | "unless")) {
                if let Some(s) = self.kid_with(c, &["nsubj", "nsubj:pass"]) {
                    if let Some(r) = self.actor(s) {
                        return Some(r);
                    }
                }
            }
        }
        None
    }

    /// The target of an action's purpose clause ("to disperse demonstrators"), on the verb or
    /// on its object.
    fn purpose_target(
        &self,
        g: usize,
        cands: &[Cand],
        cand_at: &[Option<usize>],
        src: Option<&ActorRef>,
    ) -> Option<ActorRef> {
        let mut purpose: Vec<usize> = self
            .kids(g)
            .filter(|&v| self.tok(v).dep == "advcl")
            .collect();
        for o in self.kids(g).filter(|&o| self.tok(o).dep == "obj") {
            purpose.extend(self.kids(o).filter(|&v| self.tok(v).dep == "acl"));
        }
        for v in purpose {
            if self
                .kid_with(v, &["mark"])
                .is_none_or(|m| lower(&self.tok(m).lemma) != "to")
            {
                continue;
            }
            let t = cand_at[v]
                .and_then(|vi| cands[vi].tgt.clone())
                .or_else(|| self.target(v, src))
                .filter(|t| Some(t) != src);
            if t.is_some() {
                return t;
            }
        }
        None
    }

    /// A place named as the scene of an action on it ("a curfew in Algiers", "ban voting in East
    /// Jerusalem"): its government.
    fn place_target(&self, v: usize) -> Option<ActorRef> {
        let mut nodes = vec![v];
        nodes.extend(
            self.kids(v)
                .filter(|&c| matches!(self.tok(c).dep.as_str(), "obj" | "obl")),
        );
        for x in nodes {
            for c in self.kids(x) {
                let d = self.tok(c).dep.as_str();
                if !(d.starts_with("obl") || d == "nmod") {
                    continue;
                }
                if !self.case_of(c).is_some_and(|k| {
                    matches!(
                        k.as_str(),
                        "in" | "at" | "into" | "inside" | "from" | "near"
                    )
                }) {
                    continue;
                }
                if self.is_loc(c) {
                    if let Some(r) = self.actor(c) {
                        return Some(r);
                    }
                }
                // "in the town of Cizre".
                for g in self.kids(c) {
                    if self.tok(g).dep == "nmod"
                        && self.case_of(g).as_deref() == Some("of")
                        && self.is_loc(g)
                    {
                        if let Some(r) = self.actor(g) {
                            return Some(r);
                        }
                    }
                }
            }
        }
        None
    }

    /// "after the court last week issued a warrant": a subordinator read as a preposition
    /// leaves the clause's subject as an oblique of the verb before. The noun just before a
    /// subjectless finite verb (past a time phrase), marked by such a word and hanging
    /// elsewhere, is the verb's subject.
    fn stranded_subject(&self, v: usize) -> Option<usize> {
        let t = self.tok(v);
        if t.pos != "VERB" || self.text(v).ends_with("ing") || self.case_of(v).is_some() {
            return None;
        }
        let mut x = v.checked_sub(1)?;
        for _ in 0..4 {
            let d = self.tok(x).dep.as_str();
            let temporal = matches!(
                d,
                "obl:unmarked" | "obl:tmod" | "advmod" | "amod" | "nummod"
            ) || self.head[x]
                .is_some_and(|h| h > x && h < v && self.tok(h).dep.starts_with("obl:"));
            if !temporal {
                break;
            }
            x = x.checked_sub(1)?;
        }
        let xt = self.tok(x);
        let marked = self
            .case_of(x)
            .is_some_and(|k| matches!(k.as_str(), "after" | "before" | "since" | "until" | "once"));
        (matches!(xt.pos.as_str(), "NOUN" | "PROPN" | "PRON")
            && (xt.dep.starts_with("obl") || xt.dep == "nmod")
            && self.head[x] != Some(v)
            && marked)
            .then_some(x)
    }

    fn subject(&self, v: usize) -> Option<ActorRef> {
        if self
            .kid_with(v, &["nsubj", "nsubj:pass", "csubj", "expl"])
            .is_none()
        {
            if let Some(s) = self.stranded_subject(v) {
                return self.actor(s);
            }
        }
        let mut v = v;
        for _ in 0..5 {
            if let Some(s) = self.kid_with(v, &["nsubj", "csubj"]) {
                if matches!(lower(&self.tok(s).lemma).as_ref(), "which" | "who" | "that") {
                    return self.head[v].and_then(|h| self.actor(h));
                }
                return self.actor(s);
            }
            if let Some(a) = self.kid_with(v, &["obl:agent"]) {
                return self.actor(a);
            }
            if self.kid_with(v, &["nsubj:pass", "aux:pass"]).is_some() {
                if let Some(a) = self.kids(v).find(|&c| {
                    self.tok(c).dep.starts_with("obl") && self.case_of(c).as_deref() == Some("by")
                }) {
                    return self.actor(a);
                }
            }
            let h = self.head[v]?;
            match self.tok(v).dep.as_str() {
                "xcomp" => {
                    if OBJ_CONTROL.contains(&lower(&self.tok(h).lemma).as_ref()) {
                        if let Some(o) = self.kid_with(h, &["iobj", "obj"]) {
                            if let Some(r) = self.actor(o) {
                                return Some(r);
                            }
                        }
                    }
                    v = h;
                }
                "conj" | "advcl" => v = h,
                "acl" | "acl:relcl" => {
                    if let Some(r) = self.actor(h) {
                        return Some(r);
                    }
                    // "issued a declaration demanding ...": the issuer.
                    let participle = self.text(v).ends_with("ing") || self.text(v).ends_with("ed");
                    if self.tok(v).dep == "acl"
                        && participle
                        && matches!(self.tok(h).dep.as_str(), "obj" | "obl")
                    {
                        v = self.head[h]?;
                    } else {
                        return None;
                    }
                }
                _ => return None,
            }
        }
        None
    }

    fn target(&self, v: usize, source: Option<&ActorRef>) -> Option<ActorRef> {
        let mut cands: Vec<usize> = Vec::new();
        // What is moved ("deployed peacekeepers in Iraq", "withdraw its troops from Lebanon") is
        // no target: where it goes or comes from is.
        let theme = THEME_VERBS.contains(&lower(&self.tok(v).lemma).as_ref());
        let topic = TOPIC_VERBS.contains(&lower(&self.tok(v).lemma).as_ref());
        for dep in ["iobj", "obj", "nsubj:pass"] {
            if (theme || topic) && dep != "iobj" {
                continue;
            }
            for c in self.kids(v) {
                if self.tok(c).dep == dep {
                    cands.push(c);
                }
            }
        }
        for c in self.kids(v) {
            let d = self.tok(c).dep.as_str();
            if (d.starts_with("obl") && d != "obl:agent" || d == "nmod")
                && self.case_of(c).is_some_and(|k| {
                    TARGET_CASES.contains(&k.as_str())
                        || theme && matches!(k.as_str(), "in" | "into")
                })
            {
                cands.push(c);
            }
        }
        // "rejected calls by Belarus's rulers" where the parse hung "by" on the verb.
        if self.kid_with(v, &["nsubj:pass", "aux:pass"]).is_none() {
            for c in self.kids(v) {
                if self.tok(c).dep.starts_with("obl") && self.case_of(c).as_deref() == Some("by") {
                    cands.push(c);
                }
            }
        }
        // Objects of the object, two levels ("imposed sanctions on Russia", "for talks with
        // Ukraine", "suspended part of an aid program for Bosnia"), and whose it is ("rejected
        // calls by Belarus's rulers", "demanded an admission by Moscow").
        let mut objs: Vec<usize> = cands.clone();
        for _ in 0..2 {
            let mut next = Vec::new();
            for &o in &objs {
                for c in self.kids(o) {
                    let d = self.tok(c).dep.as_str();
                    if d == "nmod:poss" && self.tok(c).pos != "PRON"
                        || (d == "nmod" || d.starts_with("obl"))
                            && self.case_of(c).is_some_and(|k| {
                                TARGET_CASES.contains(&k.as_str()) || k == "of" || k == "by"
                            })
                    {
                        next.push(c);
                    }
                }
            }
            cands.extend(next.iter().copied());
            objs = next;
        }
        for c in cands {
            if let Some(r) = self.actor(c) {
                if Some(&r) != source && !self.is_channel(c, &r) {
                    return Some(r);
                }
            }
        }
        // "President Xi and President Putin discussed the situation": with nothing else
        // to act on, the other conjoined subject is the counterpart (the parse sometimes
        // hangs it as a `flat` part of the first name; a part of the same name resolves to
        // the source and is skipped).
        if let Some(subj) = self.kid_with(v, &["nsubj"]) {
            for c in self.kids(subj) {
                if matches!(self.tok(c).dep.as_str(), "conj" | "flat") {
                    if let Some(r) = self.actor(c).filter(|r| Some(r) != source) {
                        return Some(r);
                    }
                }
            }
        }
        None
    }

    /// Fallback when the parse attached nothing: "with/to/against X" right after the trigger.
    fn linear_target(&self, v: usize, source: Option<&ActorRef>) -> Option<ActorRef> {
        let n = self.doc.tokens.len();
        // A name right after a verb is its object ("blamed Israel for ..."), whatever the parse.
        if self.tok(v).pos == "VERB"
            && !SPEECH.contains(&lower(&self.tok(v).lemma).as_ref())
            && !TOPIC_VERBS.contains(&lower(&self.tok(v).lemma).as_ref())
            && v + 1 < n
            && self.sent_of[v + 1] == self.sent_of[v]
            && self.tok(v + 1).pos == "PROPN"
            && !self.tok(v + 1).dep.starts_with("nsubj")
            && self.ent_of[v + 1].is_some()
        {
            if let Some(r) = self.actor(v + 1).filter(|r| Some(r) != source) {
                return Some(r);
            }
        }
        let mut k = v + 1;
        while k < n && k <= v + 8 && self.sent_of[k] == self.sent_of[v] {
            let t = self.tok(k);
            if t.pos == "VERB" || t.pos == "PUNCT" && self.text(k) != "“" && self.text(k) != "\""
            {
                return None;
            }
            if t.pos == "ADP" && ["with", "to", "against"].contains(&lower(&t.lemma).as_ref()) {
                for m in k + 1..(k + 5).min(n) {
                    if self.ent_of[m].is_some() {
                        return self.actor(m).filter(|r| Some(r) != source);
                    }
                }
                return None;
            }
            k += 1;
        }
        None
    }

    /// Fallback subject: the nearest actor entity to the left in the same clause.
    fn linear_source(&self, v: usize) -> Option<ActorRef> {
        let mut k = v;
        let mut steps = 0;
        while k > 0 && steps < 8 {
            k -= 1;
            steps += 1;
            if self.sent_of[k] != self.sent_of[v] {
                return None;
            }
            let t = self.tok(k);
            if t.pos == "VERB" || t.pos == "PUNCT" || t.pos == "SCONJ" || t.pos == "ADP" {
                return None;
            }
            if self.ent_of[k].is_some() {
                return self.actor(k);
            }
        }
        None
    }

    fn words(&self, v: usize) -> Vec<String> {
        let mut w = Vec::new();
        for c in self.kids(v) {
            let t = self.tok(c);
            if t.dep == "punct" {
                continue;
            }
            if t.dep.starts_with("nsubj") {
                // The subject's words, marked, for the dictionary's patterns that name the
                // subject ("&PKO * [074]": peacekeepers arriving).
                w.push(format!("<{}", lower(&t.lemma)));
                w.push(format!("<{}", lower(self.text(c))));
                for g in self.kids(c) {
                    if matches!(
                        self.tok(g).dep.as_str(),
                        "compound" | "amod" | "nmod" | "case" | "flat"
                    ) {
                        w.push(format!("<{}", lower(&self.tok(g).lemma)));
                        w.push(format!("<{}", lower(self.text(g))));
                    }
                }
                continue;
            }
            w.push(lower(&t.lemma).into_owned());
            w.push(lower(self.text(c)).into_owned());
            for g in self.kids(c) {
                let tg = self.tok(g);
                if matches!(
                    tg.dep.as_str(),
                    "case" | "mark" | "compound" | "amod" | "obj" | "nmod" | "fixed"
                ) {
                    w.push(lower(&tg.lemma).into_owned());
                    w.push(lower(self.text(g)).into_owned());
                }
            }
        }
        w
    }

    pub(crate) fn modality(&self, v: usize) -> &'static str {
        let mut neg = false;
        let mut hyp = false;
        let mut intent = false;
        let mut reported = false;
        for c in self.kids(v) {
            let t = self.tok(c);
            let l = lower(&t.lemma);
            match (t.dep.as_str(), l.as_ref()) {
                (_, "not" | "never" | "n't")
                    if t.dep == "advmod" || t.dep == "neg" || t.dep == "aux" || t.pos == "PART" =>
                {
                    neg = true
                }
                ("det", "no") => neg = true,
                ("aux", "will" | "shall" | "'ll") => intent = true,
                ("aux", "would") => {
                    // Future in the past after a speech verb; otherwise conditional.
                    let said = self.head[v].is_some_and(|h| {
                        self.table
                            .code(&lower(&self.tok(h).lemma), &[])
                            .is_some_and(|c| c.starts_with("01"))
                    });
                    if said {
                        intent = true
                    } else {
                        hyp = true
                    }
                }
                ("aux", "could" | "may" | "might" | "should" | "can") => hyp = true,
                ("mark", "if" | "unless" | "whether") => hyp = true,
                ("advmod", "potentially" | "possibly" | "perhaps" | "maybe") => hyp = true,
                ("advmod", "reportedly" | "allegedly" | "purportedly") => reported = true,
                _ => {}
            }
        }
        let mut cur = v;
        let mut levels = 0;
        for _ in 0..8 {
            if levels == 3 {
                break;
            }
            let d = self.tok(cur).dep.as_str();
            // A conjoined verb stands in its first conjunct's frame ("was willing to work ...
            // and safeguard ...").
            if d == "conj" {
                match self.head[cur] {
                    Some(h) => {
                        // Conjoined to the frame adjective itself, the parse's reading of
                        // "willing to work ... and safeguard": the second verb is in the frame.
                        if self.tok(h).pos == "ADJ"
                            && self.kid_with(cur, &["nsubj", "nsubj:pass"]).is_none()
                        {
                            let hl = lower(&self.tok(h).lemma);
                            if INTENT_HEADS.contains(&hl.as_ref()) {
                                intent = true;
                            }
                            if NEG_HEADS.contains(&hl.as_ref()) {
                                neg = !neg;
                            }
                        }
                        cur = h;
                        continue;
                    }
                    None => break,
                }
            }
            // What is called for has not happened ("a call for Russian withdrawal", "calls for
            // the government to resign").
            if matches!(d, "nmod" | "acl")
                && self.head[cur].is_some_and(|h| {
                    CALL_FOR.contains(&lower(&self.tok(h).lemma).as_ref())
                        && self.tok(h).pos == "NOUN"
                })
                && (self.case_of(cur).as_deref() == Some("for")
                    || self
                        .kid_with(cur, &["mark"])
                        .is_some_and(|m| lower(&self.tok(m).lemma) == "to"))
            {
                hyp = true;
            }
            // What a sending or a journey is for is as certain as the journey ("potentially
            // sending a delegation to Minsk for renewed talks"). Coded as CAMEO codes it, a
            // journey for talks is the talks ("return to Geneva for talks": consultations).
            if d.starts_with("obl") && self.case_of(cur).as_deref() == Some("for") {
                let Some(h) = self.head[cur] else { break };
                let hl = lower(&self.tok(h).lemma);
                if THEME_VERBS.contains(&hl.as_ref()) || JOURNEYS.contains(&hl.as_ref()) {
                    match self.modality(h) {
                        "negated" => neg = true,
                        "reported" => reported = true,
                        "hypothetical" => hyp = true,
                        "intended" => intent = true,
                        _ => {}
                    }
                }
                break;
            }
            if !matches!(d, "xcomp" | "ccomp" | "advcl" | "acl" | "obj") {
                break;
            }
            levels += 1;
            let Some(h) = self.head[cur] else { break };
            let hl = lower(&self.tok(h).lemma);
            if NEG_HEADS.contains(&hl.as_ref()) {
                neg = !neg;
            }
            if INTENT_HEADS.contains(&hl.as_ref()) && d != "ccomp" {
                intent = true;
            }
            if REPORT_HEADS.contains(&hl.as_ref()) {
                reported = true;
            }
            if hl == "be"
                && self
                    .kid_with(cur, &["mark"])
                    .is_some_and(|m| lower(&self.tok(m).lemma) == "to")
            {
                intent = true;
            }
            cur = h;
        }
        if neg {
            "negated"
        } else if reported {
            "reported"
        } else if hyp {
            "hypothetical"
        } else if intent {
            "intended"
        } else {
            "asserted"
        }
    }

    /// Whether `whole` is a country or its government and `part` that country's government or
    /// one of its officials (`CHN` or `CHNGOV`, and `CHNGOV`): one side, which does not act on
    /// itself. Two officials of one government (`USAGOV` and `USAGOV`) are two actors.
    pub(crate) fn one_side(&self, whole: &ActorRef, part: &ActorRef) -> bool {
        let (Some(w), Some(p)) = (whole.code.as_deref(), part.code.as_deref()) else {
            return false;
        };
        let Some(country) = w.get(..3) else {
            return false;
        };
        let is_country = w.len() == 3 && self.kb.country(w).is_some_and(|a| a.name == whole.name);
        let is_government = w.len() == 6 && *whole == self.kb.government(country);
        (is_country || is_government)
            && p.starts_with(country)
            && (p.len() == 3 || &p[3..] == "GOV")
    }

    /// The easing code when the mention at `i` is a measure being eased ("agreed to lift the
    /// sanctions on Iran" is no sanction but its end, CAMEO 085): the noun under an easing
    /// verb, or a verb that is (or governs through "to") an easing verb with such an object.
    pub(crate) fn eased_code(&self, i: usize) -> Option<&'static str> {
        let measure = |n: usize| {
            EASED
                .iter()
                .find(|(w, _)| *w == lower(&self.tok(n).lemma))
                .map(|(_, c)| *c)
        };
        let easing = |v: usize| {
            self.tok(v).pos == "VERB" && EASING.contains(&lower(&self.tok(v).lemma).as_ref())
        };
        if self.tok(i).pos == "NOUN" {
            let h = self.head[i]?;
            return (easing(h) && matches!(self.tok(i).dep.as_str(), "obj" | "nsubj:pass"))
                .then(|| measure(i))
                .flatten();
        }
        let mut v = i;
        for _ in 0..3 {
            if easing(v) {
                return self
                    .kids(v)
                    .filter(|&c| matches!(self.tok(c).dep.as_str(), "obj" | "nsubj:pass"))
                    .find_map(measure);
            }
            v = self.kid_with(v, &["xcomp"])?;
        }
        None
    }

    /// Whether the event at `v` is what a governing verb of refusal refuses ("declined to
    /// resign", "refused to meet"): a few levels up through complements.
    pub(crate) fn refused(&self, v: usize) -> bool {
        let mut cur = v;
        for _ in 0..3 {
            if !matches!(
                self.tok(cur).dep.as_str(),
                "xcomp" | "ccomp" | "obj" | "acl"
            ) {
                return false;
            }
            let Some(h) = self.head[cur] else {
                return false;
            };
            if NEG_HEADS.contains(&lower(&self.tok(h).lemma).as_ref()) {
                return true;
            }
            cur = h;
        }
        false
    }

    /// Who used force in a passive clause that names no agent: the place it came from ("a
    /// rocket was fired at Israel from Gaza"), or, for soldiers killed or wounded in a country
    /// not their own, that country ("ten Russian soldiers were killed in Ukraine": the victim
    /// is the target, the side they fight the source).
    pub(crate) fn force_origin(&self, v: usize, target: Option<&ActorRef>) -> Option<ActorRef> {
        let place = |case: &str| {
            self.kids(v).find_map(|c| {
                (self.tok(c).dep.starts_with("obl")
                    && self.case_of(c).as_deref() == Some(case)
                    && self.is_loc(c))
                .then(|| self.actor(c))
                .flatten()
                .filter(|r| Some(r) != target)
            })
        };
        if let Some(r) = place("from") {
            return Some(r);
        }
        let tcode = target.and_then(|t| t.code.as_deref())?;
        if !tcode.ends_with("MIL") {
            return None;
        }
        let r = place("in")?;
        let rc = r.code.as_deref()?;
        (rc.len() == 3 && tcode.get(..3) != Some(rc)).then_some(r)
    }

    /// Whether token `c` is in a place name.
    fn is_loc(&self, c: usize) -> bool {
        self.ent_of[c].is_some_and(|e| self.doc.entities[e as usize].label == "LOC")
    }

    /// Whether the event at `v` is said to be missing: governed, through the nouns above it,
    /// by a word of [`ABSENT`] ("lacked a call for Russian withdrawal", "absent from the
    /// statement was any call for the government to withdraw", "without consulting Moscow").
    pub(crate) fn absent(&self, v: usize) -> bool {
        let mut cur = v;
        for _ in 0..4 {
            if self.case_of(cur).as_deref() == Some("without") {
                return true;
            }
            let Some(h) = self.head[cur] else {
                return false;
            };
            // A verb conjoined to "lacks" is a second predicate, not what is lacking.
            if matches!(self.tok(cur).dep.as_str(), "conj" | "parataxis") {
                return false;
            }
            if ABSENT.contains(&lower(&self.tok(h).lemma).as_ref()) {
                return true;
            }
            // Only nouns pass the question up: a verb above is a clause of its own.
            if !matches!(self.tok(h).pos.as_str(), "NOUN" | "PROPN") {
                return false;
            }
            cur = h;
        }
        false
    }

    /// The event's date and precision, and whether that is only the publication date (no
    /// date of the sentence reaches the event).
    pub(crate) fn date(&self, v: usize) -> (Option<String>, Option<String>, bool) {
        let si = self.sent_of[v] as usize;
        let Some(sent) = self.doc.sentences.get(si) else {
            return (None, None, false);
        };
        let mut best: Option<(usize, &storyline_model::TimexMention)> = None;
        for tx in &self.doc.timexes {
            if tx.start < sent.start
                || tx.end > sent.end
                || !(tx.timex_type == "DATE" || tx.timex_type == "TIME")
            {
                continue;
            }
            let ok = tx.value.len() >= 4 && tx.value.as_bytes()[..4].iter().all(u8::is_ascii_digit)
                || tx.value == "PRESENT_REF";
            if !ok {
                continue;
            }
            // Attachment: does the timex's head path reach the event within 4 steps?
            let t0 = self.doc.tokens.partition_point(|t| t.start < tx.start);
            let mut dist = 100 + self.tok(v).start.abs_diff(tx.start) / 8;
            let mut cur = t0.min(self.doc.tokens.len().saturating_sub(1));
            for step in 0..5 {
                if cur == v {
                    dist = step;
                    break;
                }
                // "X will meet Y, officials said on Friday": the time of the saying; "his first
                // call with Y since Russia invaded in February 2022": the time of the invasion.
                // A verb on the way with its own subject is an event of its own.
                if step > 0
                    && self.tok(cur).pos == "VERB"
                    && (SPEECH.contains(&lower(&self.tok(cur).lemma).as_ref())
                        || self.kid_with(cur, &["nsubj", "nsubj:pass"]).is_some())
                {
                    break;
                }
                match self.head[cur] {
                    Some(h) => cur = h,
                    None => break,
                }
            }
            if dist >= 100 {
                // Not attached: only when no other verb stands between it and the trigger.
                let (a, b) = if t0 < v { (t0, v) } else { (v + 1, t0) };
                let mut anc = [usize::MAX; 4];
                let mut cur = v;
                for slot in anc.iter_mut() {
                    match self.head[cur] {
                        Some(h) => {
                            *slot = h;
                            cur = h;
                        }
                        None => break,
                    }
                }
                if (a..b).any(|k| k != v && self.tok(k).pos == "VERB" && !anc.contains(&k)) {
                    continue;
                }
            }
            if best.is_none_or(|(d, _)| dist < d) {
                best = Some((dist, tx));
            }
        }
        if let Some((_, tx)) = best {
            let (d, p) = timex_date(&tx.value, self.doc.published.as_deref());
            return (d, p, false);
        }
        // Past perfect: another time than the report's.
        let perfect_past = self
            .kids(v)
            .any(|c| self.tok(c).dep == "aux" && lower(self.text(c)) == "had");
        if perfect_past {
            return (None, None, false);
        }
        match self.doc.published.as_deref() {
            Some(p) if p.len() >= 10 => (Some(p[..10].to_string()), Some("day".into()), true),
            _ => (None, None, false),
        }
    }

    pub(crate) fn location(&self, v: usize) -> Option<String> {
        let mut nodes = vec![v];
        nodes.extend(
            self.kids(v)
                .filter(|&c| matches!(self.tok(c).dep.as_str(), "obj" | "obl")),
        );
        for n in nodes {
            for c in self.kids(n) {
                let d = self.tok(c).dep.as_str();
                if !(d.starts_with("obl") || d == "nmod") {
                    continue;
                }
                if !self.case_of(c).is_some_and(|k| k == "in" || k == "at") {
                    continue;
                }
                if let Some(e) = self.ent_of[c] {
                    let e = &self.doc.entities[e as usize];
                    if e.label == "LOC" {
                        return Some(e.text.clone());
                    }
                }
            }
        }
        None
    }

    fn noun_code(&self, n: usize) -> Option<String> {
        let l = lower(&self.tok(n).lemma);
        let l = l.as_ref();
        // An asset freeze is a sanction (a price or hiring freeze is not).
        if l == "freeze"
            && self.kids(n).any(|c| {
                matches!(
                    lower(&self.tok(c).lemma).as_ref(),
                    "asset" | "assets" | "account" | "accounts"
                )
            })
        {
            return Some("163".into());
        }
        let (_, c) = NOUNS.iter().find(|(w, _)| *w == l)?;
        if l == "plan"
            && !self
                .kids(n)
                .any(|c| matches!(lower(&self.tok(c).lemma).as_ref(), "peace" | "proposal"))
        {
            return None;
        }
        if l == "call"
            && self
                .kids(n)
                .any(|c| self.case_of(c).as_deref() == Some("for") || self.tok(c).dep == "acl")
        {
            return Some("020".into());
        }
        if l == "strike" && self.kids(n).any(|c| lower(&self.tok(c).lemma) == "hunger") {
            return Some("142".into());
        }
        // Air, missile and drone strikes are attacks, not labour strikes.
        if l == "strike"
            && self.kids(n).any(|c| {
                matches!(
                    lower(&self.tok(c).lemma).as_ref(),
                    "air"
                        | "missile"
                        | "drone"
                        | "rocket"
                        | "artillery"
                        | "military"
                        | "israeli"
                        | "russian"
                        | "u.s."
                        | "american"
                        | "retaliatory"
                        | "precision"
                        | "aerial"
                        | "airstrike"
                        | "bombing"
                        | "preemptive"
                        | "pre-emptive"
                )
            })
        {
            return Some("195".into());
        }
        // An official protest is a complaint between governments ("lodged a protest with Albania").
        if l == "protest"
            && (self.kids(n).any(|c| {
                matches!(
                    lower(&self.tok(c).lemma).as_ref(),
                    "official" | "formal" | "diplomatic" | "strong" | "strongly-worded"
                )
            }) || self.head[n].is_some_and(|h| {
                self.tok(n).dep == "obj"
                    && matches!(
                        lower(&self.tok(h).lemma).as_ref(),
                        "lodge" | "file" | "register" | "deliver" | "send" | "submit"
                    )
            }))
        {
            return Some("114".into());
        }
        if let Some(v) = c.strip_prefix('@') {
            let w = self.words(n);
            let refs: Vec<&str> = w.iter().map(String::as_str).collect();
            return self.table.code(v, &refs).map(str::to_string);
        }
        Some(c.to_string())
    }

    /// Source of an eventive noun: possessor, nationality/name modifier, else the subject of the governing verb.
    fn noun_source(&self, n: usize) -> Option<ActorRef> {
        for c in self.kids(n) {
            let d = self.tok(c).dep.as_str();
            if d == "nmod:poss"
                || (d == "amod" || d == "compound") && self.ent_of[c].is_some()
                || d == "nmod" && self.case_of(c).as_deref() == Some("by")
            {
                if let Some(r) = self.actor(c) {
                    return Some(r);
                }
            }
            if d == "nmod"
                && self.case_of(c).as_deref() == Some("from")
                && lower(&self.tok(n).lemma) == "statement"
            {
                if let Some(r) = self.actor(c) {
                    return Some(r);
                }
            }
        }
        if self
            .case_of(n)
            .is_some_and(|k| k == "in" || k == "during" || k == "at")
        {
            if let Some(mut h) = self.head[n] {
                for _ in 0..4 {
                    if self.tok(h).dep != "xcomp" {
                        break;
                    }
                    match self.head[h] {
                        Some(x) => h = x,
                        None => break,
                    }
                }
                if self.tok(h).pos == "VERB" {
                    return self.subject(h);
                }
            }
        }
        let mut cur = n;
        for _ in 0..3 {
            let d = self.tok(cur).dep.clone();
            let h = self.head[cur]?;
            // Who condemns, discusses or fears an invasion did not invade: the governing verb's
            // subject is the noun's source only for verbs that do what the noun names.
            let hl = lower(&self.tok(h).lemma);
            if d == "obj" && NOT_AGENT.contains(&hl.as_ref())
                || d.starts_with("obl")
                    && !self.case_of(cur).is_none_or(|k| {
                        matches!(
                            k.as_str(),
                            "to" | "into" | "in" | "during" | "at" | "through"
                        ) || k == "for"
                            && !matches!(
                                hl.as_ref(),
                                "call"
                                    | "appeal"
                                    | "ask"
                                    | "press"
                                    | "push"
                                    | "urge"
                                    | "plead"
                                    | "lobby"
                                    | "demand"
                                    | "campaign"
                                    | "pray"
                                    | "hope"
                                    | "wait"
                                    | "blame"
                                    | "criticize"
                                    | "criticise"
                                    | "condemn"
                                    | "punish"
                                    | "sanction"
                                    | "arrest"
                            )
                    })
            {
                return None;
            }
            if d == "obj" || d.starts_with("obl") || d == "xcomp" {
                return self.subject(h).or_else(|| {
                    if self.kid_with(h, &["nsubj", "nsubj:pass"]).is_none() {
                        self.linear_source(h)
                    } else {
                        None
                    }
                });
            }
            if d == "nmod" || d == "compound" || d == "conj" {
                cur = h;
                continue;
            }
            return None;
        }
        None
    }

    /// "a readout of the call on state broadcaster CCTV": a news medium reached through "on",
    /// "in", "via" or "through" is the channel of the report, no party to the event.
    fn is_channel(&self, c: usize, r: &ActorRef) -> bool {
        r.code.as_deref().is_some_and(|k| k.ends_with("MED"))
            && self
                .case_of(c)
                .is_some_and(|k| matches!(k.as_str(), "on" | "in" | "via" | "through"))
    }

    fn noun_target(&self, n: usize, source: Option<&ActorRef>) -> Option<ActorRef> {
        for c in self.kids(n) {
            let d = self.tok(c).dep.as_str();
            if (d == "nmod" || d.starts_with("obl") || d == "acl")
                && self.case_of(c).is_some_and(|k| {
                    TARGET_CASES.contains(&k.as_str()) || k == "of" || k == "between"
                })
            {
                // "in protest of the Russian government's refusal": whose refusal.
                let r = self.actor(c).or_else(|| {
                    self.kid_with(c, &["nmod:poss"])
                        .filter(|&p| self.tok(p).pos != "PRON")
                        .and_then(|p| self.actor(p))
                });
                if let Some(r) = r {
                    if Some(&r) != source && !self.is_channel(c, &r) {
                        return Some(r);
                    }
                }
            }
        }
        // The clause of a demand or appeal ("its demand that Israel ease restrictions").
        let h0 = self.head[n];
        let clause = self
            .kids(n)
            .find(|&c| matches!(self.tok(c).dep.as_str(), "acl" | "ccomp"))
            .or_else(|| {
                let h = h0?;
                (self.tok(n).dep == "obj")
                    .then(|| self.kid_with(h, &["ccomp"]))
                    .flatten()
            });
        if let Some(c) = clause {
            if let Some(s) = self.kid_with(c, &["nsubj", "nsubj:pass"]) {
                if let Some(r) = self.actor(s) {
                    if Some(&r) != source {
                        return Some(r);
                    }
                }
            }
        }
        // The governing verb's other object ("told his counterpart Putin ... in a phone call").
        let mut h = self.head[n]?;
        if self
            .case_of(n)
            .is_some_and(|k| k == "in" || k == "during" || k == "at")
        {
            for _ in 0..4 {
                if self.tok(h).dep != "xcomp" {
                    break;
                }
                match self.head[h] {
                    Some(x) => h = x,
                    None => break,
                }
            }
            for c in self.kids(h) {
                if matches!(self.tok(c).dep.as_str(), "iobj" | "obj") {
                    if let Some(r) = self.actor(c) {
                        if Some(&r) != source {
                            return Some(r);
                        }
                    }
                }
            }
        }
        if self.tok(n).dep.starts_with("obl") || self.tok(n).dep == "obj" {
            for c in self.kids(h) {
                if c != n && matches!(self.tok(c).dep.as_str(), "iobj" | "obj") {
                    if let Some(r) = self.actor(c) {
                        if Some(&r) != source {
                            return Some(r);
                        }
                    }
                }
            }
        }
        None
    }
}

/// How many sentences open a news report with its news (the lede): an undated past-tense
/// verb there is the day's news, further down it most likely recalls an earlier event.
pub const LEDE_SENTENCES: usize = 2;

/// Whether a verb form is a past one (simple past, or a participle as in "has met" or "was
/// invited"): the word differs from its lemma and is neither a gerund ("meeting") nor a
/// third-person present ("meets", "carries"). Past forms identical to the lemma ("put",
/// "hit") are not recognised: they stay dated by their article.
fn recalled_form(word: &str, lemma: &str) -> bool {
    if word.is_empty() || lemma.is_empty() || word == lemma || word.ends_with("ing") {
        return false;
    }
    let present = word.strip_suffix('s').is_some_and(|w| {
        w == lemma
            || w.strip_suffix('e').is_some_and(|w| w == lemma)
            || w.strip_suffix("ie")
                .is_some_and(|w| lemma.strip_suffix('y') == Some(w))
    });
    !present && !matches!(word, "is" | "are" | "am" | "has" | "does")
}

/// CAMEO codes an announced intention as its own event: cooperation (04-08) becomes "express
/// intent to ..." (03x), force (15-20) becomes a threat (13x).
fn intent_code(code: &str) -> String {
    let root = code.get(..2).unwrap_or("");
    match root {
        "04" => "036",
        "05" => "032",
        "06" => "031",
        "07" => "033",
        "08" => "035",
        "14" => "133",
        "16" | "17" => "130",
        "15" | "18" | "19" | "20" => "138",
        _ => return code.to_string(),
    }
    .to_string()
}

/// Date and precision from a TimeML value (`2022-02-25` day, `2022-02` month, `2022` year,
/// `2023-W11` week; `PRESENT_REF` = the publication date).
pub fn timex_date(value: &str, published: Option<&str>) -> (Option<String>, Option<String>) {
    if value == "PRESENT_REF" {
        return match published {
            Some(p) if p.len() >= 10 => (Some(p[..10].to_string()), Some("day".into())),
            _ => (None, None),
        };
    }
    let b = value.as_bytes();
    let dig =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if !dig(0..4) {
        return (None, None);
    }
    if b.len() >= 10 && b[4] == b'-' && dig(5..7) && b[7] == b'-' && dig(8..10) {
        return (Some(value[..10].to_string()), Some("day".into()));
    }
    if b.len() >= 8 && b[4] == b'-' && b[5] == b'W' && dig(6..8) {
        return (Some(value[..8].to_string()), Some("week".into()));
    }
    if b.len() >= 7 && b[4] == b'-' && dig(5..7) {
        return (Some(value[..7].to_string()), Some("month".into()));
    }
    (Some(value[..4].to_string()), Some("year".into()))
}

/// One candidate event before the clause-level rules.
struct Cand {
    tok: usize,
    code: String,
    src: Option<ActorRef>,
    tgt: Option<ActorRef>,
    noun: bool,
    /// The token whose depth ranks the event (a noun promoted by its support verb ranks as the verb).
    rank_tok: usize,
    drop: bool,
    /// Modality fixed by a rule (a demand read from "must").
    modality: Option<&'static str>,
}

/// All events of a document with scores (several per sentence possible).
pub fn extract_scored(doc: &Document, kb: &ActorKb) -> Vec<ScoredEvent> {
    if !well_formed(doc) {
        return Vec::new();
    }
    scored_with(&Ctx::new(doc, kb))
}

/// Whether the document's tokens can be read (in bounds, ordered spans).
pub(crate) fn well_formed(doc: &Document) -> bool {
    !doc.tokens.is_empty()
        && !doc
            .tokens
            .iter()
            .any(|t| t.start > t.end || t.end > doc.text.len())
}

/// [`extract_scored`] with the document's context already built (by the event layer).
pub(crate) fn scored_with(cx: &Ctx) -> Vec<ScoredEvent> {
    let doc = cx.doc;
    let n = doc.tokens.len();
    let mut out: Vec<ScoredEvent> = Vec::new();
    // Nouns promoted by a support verb ("launched an investigation", "staged demonstrations").
    let mut promoted: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        if cx.tok(i).pos == "VERB" && SUPPORT.contains(&lower(&cx.tok(i).lemma).as_ref()) {
            if let Some(o) = cx.eventive_obj(i) {
                promoted[o] = Some(i);
            }
        }
    }
    let mut promotes = vec![false; n];
    for &v in promoted.iter().flatten() {
        promotes[v] = true;
    }
    let mut cands: Vec<Cand> = Vec::new();
    let mut cand_at: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        let t = cx.tok(i);
        let (code, source, target, noun) = match t.pos.as_str() {
            "VERB" => {
                let l = cx.table.verb_lemma(cx.text(i), &lower(&t.lemma));
                if LIGHT.contains(&l.as_ref()) && !matches!(l.as_ref(), "make" | "take") {
                    continue;
                }
                // "according to", frames ("wants to", "decided to") and support verbs carry no event
                // of their own: their complement or object does.
                if l == "accord"
                    || FRAMES.contains(&l.as_ref()) && cx.kid_with(i, &["xcomp"]).is_some()
                    || promotes[i]
                {
                    continue;
                }
                let w = cx.words(i);
                let refs: Vec<&str> = w.iter().map(String::as_str).collect();
                let Some(code) = cx
                    .table
                    .code(&l, &refs)
                    .or_else(|| SPEECH.contains(&l.as_ref()).then_some("010"))
                else {
                    continue;
                };
                // A participle used as an adjective ("increasing pressure") is no event.
                if t.dep == "amod" {
                    continue;
                }
                let code = cx.eased_code(i).unwrap_or(code);
                // "Called climate change a hoax", "called Clinton a champion": with a
                // secondary predicate, "call" names, it does not telephone or meet (of 35
                // such codings in the labelled news, one was a consultation).
                if l == "call"
                    && code.starts_with("04")
                    && cx.kids(i).any(|c| {
                        cx.tok(c).dep == "xcomp"
                            && matches!(cx.tok(c).pos.as_str(), "NOUN" | "ADJ" | "PROPN")
                    })
                {
                    continue;
                }
                // A participle describing a thing ("power lines leading into Kabul") is no
                // event, unless it says something ("a declaration demanding ...").
                if t.dep == "acl"
                    && (cx.text(i).ends_with("ing") || cx.text(i).ends_with("ed"))
                    && !matches!(code.get(..2), Some("02" | "10" | "11" | "12" | "13"))
                    && cx.head[i].is_some_and(|h| cx.actor(h).is_none())
                {
                    continue;
                }
                let src = cx.subject(i).or_else(|| {
                    if cx.kid_with(i, &["nsubj:pass"]).is_none() {
                        cx.linear_source(i)
                    } else {
                        None
                    }
                });
                let passive = cx.kids(i).any(|c| cx.tok(c).dep == "nsubj:pass");
                let agent = cx.kids(i).any(|c| {
                    cx.tok(c).dep == "obl:agent"
                        || cx.tok(c).dep.starts_with("obl")
                            && cx.case_of(c).as_deref() == Some("by")
                });
                let (src, tgt) = if passive && !agent {
                    let tgt = cx.target(i, None);
                    let force = matches!(code.get(..2), Some("18" | "19" | "20"));
                    let src = if force {
                        cx.force_origin(i, tgt.as_ref())
                    } else {
                        None
                    };
                    (src, tgt)
                } else {
                    let tg = cx
                        .target(i, src.as_ref())
                        .or_else(|| cx.linear_target(i, src.as_ref()));
                    (src, tg)
                };
                // "X is to blame for Y": X is blamed, by whoever says so, not blaming.
                let (src, tgt) = if l == "blame"
                    && cx.kid_with(i, &["cop"]).is_some()
                    && cx
                        .kid_with(i, &["mark"])
                        .is_some_and(|m| lower(&cx.tok(m).lemma) == "to")
                {
                    (None, cx.kid_with(i, &["nsubj"]).and_then(|s| cx.actor(s)))
                } else {
                    (src, tgt)
                };
                let mut tgt = tgt;
                // Demands, appeals, accusations and threats aimed at the subject of their clause
                // ("demanded that the US cancel ...").
                if tgt.is_none() && matches!(code.get(..2), Some("02" | "10" | "11" | "12" | "13"))
                {
                    if let Some(cc) = cx.kid_with(i, &["ccomp"]) {
                        if let Some(s) = cx.kid_with(cc, &["nsubj", "nsubj:pass"]) {
                            tgt = cx.actor(s).filter(|r| Some(r) != src.as_ref());
                        }
                    }
                }
                (code.to_string(), src, tgt, false)
            }
            "NOUN" | "PROPN" => {
                let Some(code) = cx.noun_code(i) else {
                    continue;
                };
                let code = cx.eased_code(i).map_or(code, str::to_string);
                // "phone call", "arrest warrant": one event, the head's.
                if t.dep == "compound" && cx.head[i].is_some_and(|h| cx.noun_code(h).is_some()) {
                    continue;
                }
                let src = cx.noun_source(i);
                let tgt = cx
                    .noun_target(i, src.as_ref())
                    .or_else(|| cx.linear_target(i, src.as_ref()));
                (code, src, tgt, true)
            }
            _ => continue,
        };
        cand_at[i] = Some(cands.len());
        cands.push(Cand {
            tok: i,
            code,
            src: source,
            tgt: target,
            noun,
            rank_tok: promoted[i].unwrap_or(i),
            drop: false,
            modality: None,
        });
    }
    clause_rules(cx, &mut cands, &cand_at);
    for c in cands {
        if c.drop || c.src.is_none() && c.tgt.is_none() {
            continue;
        }
        let i = c.tok;
        let t = cx.tok(i);
        let si = cx.sent_of[i] as usize;
        if si >= doc.sentences.len() {
            continue;
        }
        let (date, precision, implied) = cx.date(i);
        let mut modality = c.modality.unwrap_or_else(|| {
            if c.noun && cx.kids(i).any(|k| lower(&cx.tok(k).lemma) == "no") {
                "negated"
            } else {
                cx.modality(i)
            }
        });
        // What is said to be missing did not happen, and is no one's refusal either.
        let missing = cx.absent(i);
        if missing {
            modality = "negated";
        }
        let mut code = if modality == "intended" {
            intent_code(&c.code)
        } else {
            c.code
        };
        // Not agreeing, not accepting, not allowing, refusing to meet: a rejection. Not calling
        // or not visiting is only that: no event, not a refusal ("did not even call").
        if modality == "negated"
            && !missing
            && (cx.refused(i) || ACCEPTING.contains(&lower(&t.lemma).as_ref()))
        {
            if let Some(r) = reject_code(&code) {
                code = r.to_string();
                modality = "asserted";
            }
        }
        let statement = code.starts_with("01");
        // Plain statements ("said") are no events unless addressed to an actor ("told Putin");
        // telling the press is saying.
        if statement
            && c.tgt.as_ref().is_none_or(|t| {
                t.code
                    .as_deref()
                    .is_none_or(|c| c.contains("MED") || c.contains("JRN"))
            })
        {
            continue;
        }
        let plover = cx.table.plover_for(&lower(&t.lemma), &code).to_string();
        let (src, mut tgt) = (c.src, c.tgt);
        // An actor does not speak to, ask, accuse or meet itself: a country's leader or
        // government and that country ("Xi insisted that China ...", "Lavrov denied that
        // Moscow ...") are one side. What a government does in its own country (a curfew, an
        // emergency lifted, freedoms granted) keeps the country as its target, as CAMEO codes it.
        let verbal = matches!(
            code.get(..2),
            Some("01" | "02" | "03" | "04" | "05" | "10" | "11" | "12" | "13")
        );
        if let (true, Some(s), Some(t)) = (verbal, src.as_ref(), tgt.as_ref()) {
            if cx.one_side(t, s) {
                tgt = None;
                if statement {
                    continue;
                }
            }
        }
        let under_speech = cx.head[i].is_some_and(|h| {
            let hl = lower(&cx.tok(h).lemma);
            cx.table.code(&hl, &[]).is_some_and(|c| c.starts_with("01"))
                || REPORT_HEADS.contains(&hl.as_ref())
        });
        // Purpose and participle clauses ("to demand ...", "..., killing 12") are circumstances
        // of the main event.
        let rt = c.rank_tok;
        let subordinate = cx.tok(rt).dep == "advcl";
        // A noun that is what a coded verb acts on ("rejected calls", "suspended aid",
        // "condemned the invasion") ranks below that verb.
        let theme = c.noun
            && c.rank_tok == i
            && cx.head[i].is_some_and(|h| {
                matches!(cx.tok(i).dep.as_str(), "obj" | "compound" | "xcomp")
                    && cand_at[h].is_some()
            });
        let score = src.is_some() as u8 as f32 * 3.0
            - if theme { 2.0 } else { 0.0 }
            - if subordinate { 1.5 } else { 0.0 }
            + tgt.is_some() as u8 as f32 * 2.0
            + if statement { -1.0 } else { 2.0 }
            - cx.depth(c.rank_tok) as f32 * 0.5
            + if c.noun && c.rank_tok == i { -0.5 } else { 0.0 }
            + if under_speech { 1.0 } else { 0.0 };
        let trig = Trigger {
            start: t.start,
            end: t.end,
            text: doc.text[t.start..t.end].to_string(),
        };
        out.push(ScoredEvent {
            event: Event {
                code: Some(code),
                plover: Some(plover),
                source_code: src.as_ref().and_then(|s| s.code.clone()),
                target_code: tgt.as_ref().and_then(|s| s.code.clone()),
                source: src.map(|s| s.name),
                target: tgt.map(|s| s.name),
                date,
                precision,
                location: cx.location(i),
                modality: modality.to_string(),
                reference: implied && c.noun,
                recalled: implied
                    && !c.noun
                    && modality == "asserted"
                    && si >= LEDE_SENTENCES
                    && recalled_form(&lower(cx.text(i)), &lower(&t.lemma)),
                ..Event::mention(si, trig, t.lemma.clone())
            },
            score,
            token: i,
        });
    }
    out
}

/// A rejection code for a negated cooperative code (CAMEO 03-08), else None.
fn reject_code(code: &str) -> Option<&'static str> {
    Some(match code.get(..2)? {
        "03" | "05" => "120",
        "04" => "125",
        "06" => "121",
        "07" => "122",
        "08" => "124",
        _ => return None,
    })
}

/// The clause-level rules over a sentence's candidates: governing verbs take their complement's
/// target and absorb it ("threatened to break relations with Russia" is one threat against
/// Russia), speech verbs give way to what was said, "X said Y must ..." is a demand on Y, and a
/// threat's target can be the subject of its condition ("... if the United States goes ahead").
fn clause_rules(cx: &Ctx, cands: &mut [Cand], cand_at: &[Option<usize>]) {
    // Deepest first, so that a complement has its inherited target before its governor asks.
    let mut order: Vec<usize> = (0..cands.len()).collect();
    order.sort_by_key(|&k| std::cmp::Reverse(cx.depth(cands[k].tok)));
    for k in order {
        let g = cands[k].tok;
        if cands[k].noun {
            // A promoted noun ("began a hunger strike to demand ...") takes its verb's aim.
            let sv = cands[k].rank_tok;
            if sv != g && cands[k].tgt.is_none() {
                let src = cands[k].src.clone();
                cands[k].tgt = cx
                    .purpose_target(sv, cands, cand_at, src.as_ref())
                    // "announced asset freezes on Russian banks" with "on" hung on the verb.
                    .or_else(|| cx.target(sv, src.as_ref()))
                    .or_else(|| cx.place_target(sv));
            }
            if cands[k].tgt.is_none() && !cands[k].code.starts_with("01") {
                cands[k].tgt = cx
                    .place_target(g)
                    .filter(|t| Some(t) != cands[k].src.as_ref());
            }
            continue;
        }
        let code = cands[k].code.clone();
        let root = code.get(..2).unwrap_or("");
        let lemma = lower(&cx.tok(g).lemma).into_owned();
        let speech = root == "01" || SPEECH.contains(&lemma.as_str());
        if speech {
            // "X said (that) Y must ...", also where the parse hung the clause elsewhere under
            // the speech verb: a demand by X on Y.
            let sent = cx.sent_of[g];
            let mut k2 = g + 1;
            while k2 < cx.doc.tokens.len() && cx.sent_of[k2] == sent {
                let v = k2;
                k2 += 1;
                if cx.tok(v).pos != "VERB" {
                    continue;
                }
                let Some(strength) = cx.obligation(v) else {
                    continue;
                };
                let Some(subj) = cx.kid_with(v, &["nsubj", "nsubj:pass"]) else {
                    continue;
                };
                let mut up = v;
                let mut under = false;
                for _ in 0..4 {
                    match cx.head[up] {
                        Some(h) if h == g => {
                            under = true;
                            break;
                        }
                        Some(h) if SPEECH.contains(&lower(&cx.tok(h).lemma).as_ref()) => break,
                        Some(h) => up = h,
                        None => break,
                    }
                }
                if !under {
                    continue;
                }
                let src = cands[k].src.clone();
                let tgt = cx
                    .actor(subj)
                    .or_else(|| cx.target(v, src.as_ref()))
                    .filter(|t| Some(t) != src.as_ref());
                if let Some(vi) = cand_at[v] {
                    cands[vi].drop = true;
                }
                cands[k].code = strength.to_string();
                cands[k].tgt = tgt;
                cands[k].modality = Some("asserted");
                break;
            }
            if cands[k].modality.is_some() {
                continue;
            }
        }
        for v in cx.kids(g).collect::<Vec<_>>() {
            let d = cx.tok(v).dep.as_str();
            if !matches!(d, "xcomp" | "ccomp" | "parataxis") {
                continue;
            }
            if speech {
                if d == "xcomp" {
                    continue;
                }
                // What was said is the event; a pronoun subject the document cannot resolve is
                // the speaker ("Syria says it is willing to ...").
                let pron_subj = cx
                    .kid_with(v, &["nsubj", "expl"])
                    .is_some_and(|s| cx.tok(s).pos == "PRON");
                let mut x = v;
                for _ in 0..3 {
                    if let Some(vi) = cand_at[x] {
                        if cands[vi].src.is_none() && pron_subj {
                            cands[vi].src = cands[k].src.clone();
                        }
                        if root != "01" || cands[k].tgt.is_none() {
                            cands[k].drop = true;
                        }
                        break;
                    }
                    match cx.kid_with(x, &["xcomp"]) {
                        Some(y) => x = y,
                        None => break,
                    }
                }
                continue;
            }
            if cx.tok(v).pos != "VERB" {
                continue;
            }
            let governs = matches!(root, "02" | "03" | "10" | "11" | "12" | "13")
                || GOVERNORS.contains(&lemma.as_str());
            if !governs {
                continue;
            }
            // A promise of force is a threat: "vowed to fight" is told by the fighting.
            if PROMISES.contains(&lemma.as_str()) && d == "xcomp" {
                if let Some(vi) = cand_at[v] {
                    if matches!(
                        cands[vi].code.get(..2),
                        Some("14" | "15" | "16" | "17" | "18" | "19" | "20")
                    ) {
                        if cands[vi].src.is_none() {
                            cands[vi].src = cands[k].src.clone();
                        }
                        cands[k].drop = true;
                        continue;
                    }
                }
            }
            if cands[k].tgt.is_none() {
                let src = cands[k].src.clone();
                // "demanded that Israel ease ...": the clause's subject is whom the demand is
                // on; "promised that China would ..." is no act on China.
                let clause_subj = || {
                    if d == "ccomp" && matches!(root, "02" | "10" | "11") {
                        cx.kid_with(v, &["nsubj", "nsubj:pass"])
                            .and_then(|s| cx.actor(s))
                            .filter(|t| Some(t) != src.as_ref())
                    } else {
                        None
                    }
                };
                let t = clause_subj()
                    .or_else(|| cand_at[v].and_then(|vi| cands[vi].tgt.clone()))
                    .or_else(|| cx.target(v, src.as_ref()))
                    .or_else(|| cx.condition_subject(v))
                    .or_else(|| cx.place_target(v));
                cands[k].tgt = t.filter(|t| Some(t) != src.as_ref());
            }
            if let Some(vi) = cand_at[v] {
                cands[vi].drop = true;
            }
        }
        // An action's aim names its target ("opened fire to disperse demonstrators", "staged
        // demonstrations to demand reforms by the government").
        if cands[k].tgt.is_none() && root != "01" {
            let src = cands[k].src.clone();
            cands[k].tgt = cx.purpose_target(g, cands, cand_at, src.as_ref());
        }
        // Threats against the subject of their condition; else the place an action names
        // ("demonstrated in Serbia", "imposed a curfew in the town of Cizre").
        if cands[k].tgt.is_none() && root != "01" {
            let src = cands[k].src.clone();
            let cond = if root == "13" || cands[k].modality == Some("intended") {
                cx.condition_subject(g)
            } else {
                None
            };
            cands[k].tgt = cond
                .or_else(|| cx.place_target(g))
                .filter(|t| Some(t) != src.as_ref());
        }
    }
}

/// Code the events of a document: one per eventive verb or noun with a source or target actor.
pub fn extract_events(doc: &Document, kb: &ActorKb) -> Vec<Event> {
    extract_scored(doc, kb)
        .into_iter()
        .map(|s| s.event)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timex_values() {
        let cases: &[(&str, Option<&str>, Option<&str>)] = &[
            ("2022-02-25", Some("2022-02-25"), Some("day")),
            ("2022-02-25T10:00", Some("2022-02-25"), Some("day")),
            ("2022-02", Some("2022-02"), Some("month")),
            ("2023-W11", Some("2023-W11"), Some("week")),
            ("2014", Some("2014"), Some("year")),
            ("PRESENT_REF", Some("2023-01-02"), Some("day")),
            ("P3D", None, None),
            ("", None, None),
        ];
        for (v, d, p) in cases {
            let (dd, pp) = timex_date(v, Some("2023-01-02"));
            assert_eq!((dd.as_deref(), pp.as_deref()), (*d, *p), "{v}");
        }
    }

    #[test]
    fn intentions() {
        for (c, w) in [
            ("042", "036"),
            ("071", "033"),
            ("190", "138"),
            ("112", "112"),
            ("01", "01"),
        ] {
            assert_eq!(intent_code(c), w);
        }
    }

    #[test]
    fn past_forms() {
        for (w, l) in [
            ("met", "meet"),
            ("visited", "visit"),
            ("spoke", "speak"),
            ("invited", "invite"),
            ("carried", "carry"),
        ] {
            assert!(recalled_form(w, l), "{w}");
        }
        for (w, l) in [
            ("meet", "meet"),
            ("meets", "meet"),
            ("meeting", "meet"),
            ("carries", "carry"),
            ("uses", "use"),
            ("has", "have"),
            ("put", "put"),
        ] {
            assert!(!recalled_form(w, l), "{w}");
        }
    }

    /// "Russia attacked Ukraine." as sentence `at` of a document published on 2023-04-26
    /// whose other sentences carry no tokens.
    fn attack_at(at: usize) -> Document {
        let mut doc = Document::new("x".into(), "Russia attacked Ukraine.".into());
        doc.published = Some("2023-04-26".into());
        for _ in 0..at {
            doc.sentences
                .push(storyline_model::SentenceSpan { start: 0, end: 0 });
        }
        doc.sentences
            .push(storyline_model::SentenceSpan { start: 0, end: 24 });
        for (s, e, pos, lemma, head, dep) in [
            (0, 6, "PROPN", "Russia", 1, "nsubj"),
            (7, 15, "VERB", "attack", -1, "root"),
            (16, 23, "PROPN", "Ukraine", 1, "obj"),
            (23, 24, "PUNCT", ".", 1, "punct"),
        ] {
            doc.tokens.push(TokenInfo {
                start: s,
                end: e,
                pos: pos.into(),
                lemma: lemma.into(),
                head,
                dep: dep.into(),
            });
        }
        for (s, e) in [(0, 6), (16, 23)] {
            doc.entities.push(storyline_model::EntityMention {
                start: s,
                end: e,
                text: doc.text[s..e].into(),
                label: "LOC".into(),
                actor: None,
            });
        }
        doc
    }

    #[test]
    fn an_undated_past_verb_past_the_lede_is_recalled() {
        let kb = ActorKb::embedded();
        let attack = |doc: &Document| {
            extract_events(doc, &kb)
                .into_iter()
                .find(|e| e.trigger.text == "attacked")
                .expect("attack event")
        };
        // In the lede it is the day's news.
        let lede = attack(&attack_at(0));
        assert_eq!(lede.date.as_deref(), Some("2023-04-26"));
        assert!(!lede.recalled && !lede.reference);
        // Further down, with no date of its own, it recalls an earlier event.
        let later = attack(&attack_at(5));
        assert_eq!(later.date.as_deref(), Some("2023-04-26"));
        assert!(later.recalled && !later.reference);
    }

    #[test]
    fn empty_and_broken_documents() {
        let kb = ActorKb::embedded();
        let doc = Document::new("x".into(), String::new());
        assert!(extract_events(&doc, &kb).is_empty());
        let mut doc = Document::new("x".into(), "Russia attacked Ukraine.".into());
        doc.sentences
            .push(storyline_model::SentenceSpan { start: 0, end: 24 });
        for (s, e, pos, lemma, head, dep) in [
            (0, 6, "PROPN", "Russia", 1, "nsubj"),
            (7, 15, "VERB", "attack", 2, "root"),
            (16, 23, "PROPN", "Ukraine", 1, "obj"),
            (23, 24, "PUNCT", ".", 0, "punct"),
        ] {
            doc.tokens.push(TokenInfo {
                start: s,
                end: e,
                pos: pos.into(),
                lemma: lemma.into(),
                head,
                dep: dep.into(),
            });
        }
        // A cycle in heads (1 -> 2 -> 1) must not hang or panic.
        let _ = extract_events(&doc, &kb);
        doc.tokens[1].head = -1;
        for (s, e, l) in [(0, 6, "LOC"), (16, 23, "LOC")] {
            doc.entities.push(storyline_model::EntityMention {
                start: s,
                end: e,
                text: doc.text[s..e].into(),
                label: l.into(),
                actor: None,
            });
        }
        let evs = extract_events(&doc, &kb);
        let e = evs
            .iter()
            .find(|e| e.trigger.text == "attacked")
            .expect("attack event");
        assert_eq!(
            (
                e.code.as_deref().unwrap_or_default(),
                e.plover.as_deref().unwrap_or_default(),
                e.source.as_deref(),
                e.target.as_deref()
            ),
            ("190", "ASSAULT", Some("Russia"), Some("Ukraine"))
        );
        assert_eq!(e.modality, "asserted");
        doc.tokens[0].end = 999;
        assert!(extract_events(&doc, &kb).is_empty());
    }
}
