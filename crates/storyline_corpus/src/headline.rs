//! Timeline entries in plain words: a sentence built from the event's type, its trigger and
//! its participants, with the modality in the words ("Xi Jinping and Vladimir Putin speak by
//! phone", "Russia invades Ukraine", "European Union plans to freeze the assets of ...").

/// The verb phrase of an event: the trigger's own verb where it names the act plainly,
/// else the CAMEO code's. Returns (base form, whether the two actors act together, and
/// the word put before the target).
fn verb_phrase(code: &str, lemma: &str) -> (&'static str, bool, &'static str) {
    let lemma = lemma.to_lowercase();
    // The trigger's verb, for the acts news names most often.
    let by_lemma: Option<(&'static str, bool, &'static str)> = match lemma.as_str() {
        "invade" | "invasion" => Some(("invade", false, "")),
        "visit" => Some(("visit", false, "")),
        "meet" | "meeting" | "summit" => Some(("meet", false, "")),
        "attack" | "strike" | "airstrike" | "assault" => Some(("attack", false, "")),
        "accuse" | "accusation" => Some(("accuse", false, "")),
        "condemn" | "condemnation" => Some(("condemn", false, "")),
        "criticize" | "criticise" | "criticism" => Some(("criticize", false, "")),
        "reject" | "rejection" | "rebuff" => Some(("reject", false, "")),
        "deny" | "denial" => Some(("deny", false, "")),
        "freeze" => Some(("freeze the assets of", false, "")),
        "sanction" | "sanctions" => Some(("impose sanctions on", false, "")),
        "threaten" | "threat" => Some(("threaten", false, "")),
        "urge" => Some(("urge", false, "")),
        "ask" | "request" => Some(("ask", false, "")),
        "welcome" => Some(("welcome", false, "")),
        "praise" => Some(("praise", false, "")),
        "support" => Some(("support", false, "")),
        "invite" | "invitation" => Some(("invite", false, "")),
        "arrest" => Some(("arrest", false, "")),
        "occupy" | "occupation" => Some(("occupy", false, "")),
        "withdraw" | "withdrawal" => Some(("withdraw from", false, "")),
        "seize" => Some(("seize", false, "")),
        "kill" => Some(("kill", false, "")),
        "sign" => Some(("sign an agreement with", false, "")),
        "host" => Some(("host", false, "")),
        "send" => Some(("send a delegation to", false, "")),
        "pledge" | "promise" => Some(("make a pledge to", false, "")),
        _ => None,
    };
    if let Some(v) = by_lemma {
        return v;
    }
    let code3 = code.get(..3).unwrap_or(code);
    let root = code.get(..2).unwrap_or(code);
    match code3 {
        // Intentions name what is offered ("ready to hold talks with Ukraine").
        "033" => return ("offer aid to", false, ""),
        "036" => return ("offer to hold talks with", false, ""),
        "037" => return ("offer to settle the dispute with", false, ""),
        "041" | "0411" => return ("speak by phone", true, "with"),
        "042" => return ("visit", false, ""),
        "043" => return ("host", false, ""),
        "044" => return ("meet", false, ""),
        "046" => return ("hold talks", true, "with"),
        "057" => return ("sign an agreement", true, "with"),
        "085" | "081" => return ("ease restrictions on", false, ""),
        "163" => return ("impose sanctions on", false, ""),
        "173" => return ("arrest", false, ""),
        "192" => return ("occupy", false, ""),
        _ => {}
    }
    match root {
        "01" => ("make a statement about", false, ""),
        "02" => ("appeal to", false, ""),
        "03" => ("offer to cooperate with", false, ""),
        "04" => ("hold talks", true, "with"),
        "05" => ("cooperate", true, "with"),
        "06" => ("cooperate", true, "with"),
        "07" => ("give aid to", false, ""),
        "08" => ("yield to", false, ""),
        "09" => ("investigate", false, ""),
        "10" => ("make demands of", false, ""),
        "11" => ("criticize", false, ""),
        "12" => ("reject", false, ""),
        "13" => ("threaten", false, ""),
        "14" => ("protest against", false, ""),
        "15" => ("show force against", false, ""),
        "16" => ("cut ties with", false, ""),
        "17" => ("coerce", false, ""),
        "18" => ("attack", false, ""),
        "19" => ("fight", false, ""),
        "20" => ("use mass violence against", false, ""),
        _ => ("act on", false, ""),
    }
}

/// The third person singular of a verb phrase's first word ("invade" -> "invades").
pub(crate) fn third_person(phrase: &str) -> String {
    let (verb, rest) = phrase.split_once(' ').unwrap_or((phrase, ""));
    let inflected = match verb {
        "have" => "has".to_string(),
        "be" => "is".to_string(),
        "do" => "does".to_string(),
        v if v.ends_with('y') && !v.ends_with("ay") && !v.ends_with("ey") && !v.ends_with("oy") => {
            format!("{}ies", &v[..v.len() - 1])
        }
        v if v.ends_with("sh")
            || v.ends_with("ch")
            || v.ends_with('s')
            || v.ends_with('x')
            || v.ends_with('z')
            || v.ends_with('o') =>
        {
            format!("{v}es")
        }
        v => format!("{v}s"),
    };
    if rest.is_empty() {
        inflected
    } else {
        format!("{inflected} {rest}")
    }
}

/// The headline of an entry: `source` does what `code`/`lemma` says to `target`, as the
/// modality presents it.
pub fn headline(
    code: &str,
    lemma: &str,
    source: Option<&str>,
    target: Option<&str>,
    modality: &str,
) -> String {
    let sources: Vec<&str> = source.into_iter().collect();
    let targets: Vec<&str> = target.into_iter().collect();
    headline_of(code, lemma, &sources, &targets, modality)
}

/// "A, B and C": names as a list.
fn and_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// [`headline`] for actors coordinated on one act: several sources do it to several targets
/// ("The EU freezes the assets of Vladimir Putin and Sergey Lavrov").
pub fn headline_of(
    code: &str,
    lemma: &str,
    sources: &[&str],
    targets: &[&str],
    modality: &str,
) -> String {
    let source_list = and_list(sources);
    let target_list = and_list(targets);
    let source = (!sources.is_empty()).then_some(source_list.as_str());
    let target = (!targets.is_empty()).then_some(target_list.as_str());
    let (verb, joint, prep) = verb_phrase(code, lemma);
    // Without a target, a phrase ending in a preposition ends before it ("withdraws").
    let verb = if target.is_none() {
        let mut v = verb;
        for p in [
            " from",
            " to",
            " of",
            " with",
            " on",
            " about",
            " against",
            " the assets of",
        ] {
            if let Some(x) = v.strip_suffix(p) {
                v = x;
            }
        }
        v
    } else {
        verb
    };
    let subject = match (source, target, joint) {
        (Some(_), Some(_), true) => and_list(&[sources, targets].concat()),
        (Some(s), _, _) => s.to_string(),
        (None, _, _) => "Someone".to_string(),
    };
    let plural = joint && source.is_some() && target.is_some()
        || sources.len() > 1
        || source.is_some_and(plural_name);
    let object = match (target, joint) {
        (Some(_), true) if source.is_some() => String::new(),
        (Some(t), true) => format!(" {prep} {t}"),
        (Some(t), false) => format!(" {t}"),
        (None, _) => String::new(),
    };
    let object = object.trim_end().to_string();
    let verb_object = format!("{verb}{object}");
    let verb_object = verb_object.trim().to_string();
    let finite = |base: &str| {
        if plural {
            base.to_string()
        } else {
            third_person(base)
        }
    };
    let phrase = match modality {
        // An offer is already an intention: "Russia offers to hold talks", not "plans to offer".
        "intended" if verb.starts_with("offer") => finite(&verb_object),
        "intended" => format!("{} to {verb_object}", finite("plan")),
        "negated" => format!("{} not {verb_object}", if plural { "do" } else { "does" }),
        "hypothetical" => format!("may {verb_object}"),
        "reported" => format!("{}, according to reports", finite(&verb_object)),
        _ => finite(&verb_object),
    };
    let mut line = format!("{subject} {phrase}");
    // An actor named by its words starts the sentence: "Officials appeal to China".
    if let Some(first) = line.chars().next().filter(char::is_ascii_lowercase) {
        line.replace_range(..1, &first.to_ascii_uppercase().to_string());
    }
    line
}

/// Whether an actor's name is a plural noun phrase ("officials", "senior Biden administration
/// officials", "Iraqi Kurds", "Ukrainians"), which takes a plural verb. Proper names ending
/// in "s" ("United States", "Reuters", "Philippines") stay singular.
fn plural_name(name: &str) -> bool {
    let Some(last) = name.split_whitespace().last() else {
        return false;
    };
    let lower_plural = last.chars().all(|c| c.is_lowercase() || c == '-')
        && last.ends_with('s')
        && !last.ends_with("ss")
        && !last.ends_with("us")
        && !last.ends_with("is");
    let demonyms = last.chars().next().is_some_and(char::is_uppercase)
        && (last.ends_with("ians") || last.ends_with("cans") || last == "Kurds");
    lower_plural || demonyms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_sentences() {
        let cases = [
            (
                "041",
                "call",
                Some("Xi Jinping"),
                Some("Vladimir Putin"),
                "asserted",
                "Xi Jinping and Vladimir Putin speak by phone",
            ),
            (
                "190",
                "invasion",
                Some("Russia"),
                Some("Ukraine"),
                "asserted",
                "Russia invades Ukraine",
            ),
            (
                "042",
                "visit",
                Some("Xi Jinping"),
                Some("Russia"),
                "intended",
                "Xi Jinping plans to visit Russia",
            ),
            (
                "036",
                "talks",
                Some("Russia"),
                Some("Ukraine"),
                "intended",
                "Russia offers to hold talks with Ukraine",
            ),
            (
                "163",
                "freeze",
                Some("European Union"),
                Some("Vladimir Putin"),
                "intended",
                "European Union plans to freeze the assets of Vladimir Putin",
            ),
            (
                "120",
                "deny",
                Some("Sergey Lavrov"),
                None,
                "asserted",
                "Sergey Lavrov denies",
            ),
            (
                "111",
                "criticism",
                Some("NATO"),
                Some("China"),
                "negated",
                "NATO does not criticize China",
            ),
            (
                "0233",
                "help",
                None,
                Some("Ukraine"),
                "asserted",
                "Someone appeals to Ukraine",
            ),
            (
                "0874",
                "pullout",
                Some("Russia"),
                None,
                "asserted",
                "Russia yields",
            ),
        ];
        for (code, lemma, s, t, m, want) in cases {
            assert_eq!(headline(code, lemma, s, t, m), want);
        }
    }

    #[test]
    fn coordinated_actors_are_listed() {
        assert_eq!(
            headline_of(
                "163",
                "freeze",
                &["European Union"],
                &["Vladimir Putin", "Sergey Lavrov"],
                "reported"
            ),
            "European Union freezes the assets of Vladimir Putin and Sergey Lavrov, according to reports"
        );
        assert_eq!(
            headline_of(
                "040",
                "meet",
                &["United States"],
                &["Russia", "France"],
                "asserted"
            ),
            "United States meets Russia and France"
        );
        assert_eq!(
            headline_of(
                "046",
                "talks",
                &["Russia"],
                &["Ukraine", "Turkey"],
                "asserted"
            ),
            "Russia, Ukraine and Turkey hold talks"
        );
        assert_eq!(
            headline_of(
                "166",
                "expel",
                &["United States", "Canada"],
                &["Russian government"],
                "asserted"
            ),
            "United States and Canada cut ties with Russian government"
        );
        // A name with "and" in it stays one name.
        assert_eq!(
            headline_of(
                "040",
                "meet",
                &["Bosnia and Herzegovina"],
                &["Serbia"],
                "asserted"
            ),
            headline(
                "040",
                "meet",
                Some("Bosnia and Herzegovina"),
                Some("Serbia"),
                "asserted"
            )
        );
    }

    #[test]
    fn plural_actors_take_plural_verbs() {
        assert_eq!(
            headline(
                "020",
                "beseech",
                Some("officials"),
                Some("China"),
                "asserted"
            ),
            "Officials appeal to China"
        );
        assert_eq!(
            headline(
                "040",
                "meet",
                Some("Iraqi Kurds"),
                Some("Turkey"),
                "asserted"
            ),
            "Iraqi Kurds meet Turkey"
        );
        assert!(headline(
            "040",
            "meet",
            Some("United States"),
            Some("Iran"),
            "asserted"
        )
        .starts_with("United States meets"));
        assert!(!plural_name("Reuters") && !plural_name("Philippines") && !plural_name("bus"));
    }

    #[test]
    fn third_person_forms() {
        assert_eq!(third_person("fly"), "flies");
        assert_eq!(third_person("impose sanctions on"), "imposes sanctions on");
        assert_eq!(third_person("push"), "pushes");
        assert_eq!(third_person("pay"), "pays");
    }
}
