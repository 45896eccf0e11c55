//! Statements and the quotes they become: the frames' contents, with the quoted spans they
//! cover made direct or mixed; quoted spans no frame covers attached to the nearest cue of
//! their sentences (or continuing the previous speaker); unmarked speech extended back over
//! its paragraph; speakers resolved in text order; the quotes trimmed, sorted and deduplicated.

use storyline_model::Quote;

use crate::{debug, Extractor, Frame, Stmt};

fn first_person(w: &str) -> bool {
    matches!(w, "i" | "we")
}

impl Extractor<'_, '_> {
    pub(crate) fn run(&self) -> Vec<Quote> {
        let v = self.v;
        let mut frames: Vec<Frame> = Vec::new();
        for c in 0..v.toks.len() {
            if self.is_cue(c) && !self.unsaid(c) {
                if let Some(f) = self.frame_for(c) {
                    frames.push(f);
                }
            }
        }
        self.according(&mut frames);
        frames.sort_by_key(|f| v.toks[f.cue].start);
        if debug() {
            for f in &frames {
                eprintln!(
                    "FRAME {} {:?} spk={:?} content={:?}",
                    f.cue_text,
                    v.sents[v.toks[f.cue].sent].start,
                    f.speaker_span.map(|s| &v.text[s.0..s.1]),
                    f.content.map(|s| &v.text[s.0..s.1])
                );
            }
            for q in self.quotes {
                eprintln!(
                    "QUOTE {} {:?} sent {:?}",
                    q.open,
                    &v.text[q.start..q.end],
                    v.sent_at(q.open)
                );
            }
        }

        // Statements from frames; quotes they cover become direct or mixed.
        let mut owned = vec![false; self.quotes.len()];
        let mut stmts: Vec<Stmt> = Vec::new();
        for (fi, f) in frames.iter().enumerate() {
            let Some((cs, mut ce)) = f.content else {
                continue;
            };
            let qi0 = self.quotes.partition_point(|q| q.close_end <= cs);
            if let Some(q) = self
                .quotes
                .get(self.quotes.partition_point(|q| q.open < ce))
            {
                let same_sent = v.sent_at(q.open).is_some_and(|si| si == v.toks[f.cue].sent)
                    && v.sent_at(ce.saturating_sub(1)) == v.sent_at(q.open);
                let gap = v.text.get(ce..q.open).unwrap_or(";");
                let no_cue_between = !frames.iter().any(|g| {
                    let t = v.toks[g.cue].start;
                    t >= ce && t < q.open
                });
                if same_sent
                    && !f.trailing
                    && gap.len() <= 80
                    && !gap.contains([';', ':'])
                    && no_cue_between
                    && q.close_end > q.end
                {
                    ce = q.close_end;
                }
            }
            let mut kind = if f.colon { "direct" } else { "indirect" };
            let (mut s, mut e) = (cs, ce);
            let over: Vec<usize> = (qi0..self.quotes.len())
                .take_while(|&k| self.quotes[k].open < ce)
                .collect();
            if !over.is_empty() {
                let qa = self.quotes[over[0]];
                let qb = self.quotes[*over.last().unwrap_or(&over[0])];
                let covered: usize = over
                    .iter()
                    .map(|&k| {
                        self.quotes[k]
                            .end
                            .min(ce)
                            .saturating_sub(self.quotes[k].start.max(cs))
                    })
                    .sum();
                if covered * 10 >= (ce - cs) * 7 {
                    kind = "direct";
                    s = qa.start;
                    e = qb.end;
                } else {
                    kind = "mixed";
                }
                for &k in &over {
                    owned[k] = true;
                }
            }
            stmts.push(Stmt {
                start: s,
                end: e,
                kind,
                frame: Some(fi),
                continues: false,
            });
            if let Some((xs, xe)) = f.extra {
                stmts.push(Stmt {
                    start: xs,
                    end: xe,
                    kind: "indirect",
                    frame: Some(fi),
                    continues: false,
                });
            }
        }
        // Quotes not covered by a frame: attach to the nearest cue of their sentences.
        let mut pseudo: Vec<(Frame, usize, usize, &'static str)> = Vec::new();
        for (qi, q) in self.quotes.iter().enumerate() {
            if owned[qi] {
                continue;
            }
            let words = v.text[q.start..q.end].split_whitespace().count();
            let p_open = v.para(q.open);
            let p_close = v.para(q.close_end.saturating_sub(1).max(q.open));
            let s_open = v.sent_at(q.open).or_else(|| v.sent_at(q.start));
            let s_close = v.sent_at(q.close_end.saturating_sub(1)).or(s_open);
            let mut best: Option<(usize, usize)> = None; // (distance, frame)
            for (fi, f) in frames.iter().enumerate() {
                let ct = &v.toks[f.cue];
                let (Some(so), Some(sc)) = (s_open, s_close) else {
                    break;
                };
                let cp = v.para(ct.start);
                if cp < p_open || cp > p_close {
                    continue;
                }
                let dist = if ct.end <= q.open {
                    if ct.sent + 1 < so || ct.sent > sc {
                        continue;
                    }
                    // The cue's sentence must lead into the quote.
                    if ct.sent < so {
                        let tail = v.text[ct.end..q.open].trim_end();
                        if !tail.ends_with(':') {
                            continue;
                        }
                    }
                    q.open - ct.end
                } else if ct.start >= q.close_end {
                    if ct.sent > sc + 1 || ct.sent < so {
                        continue;
                    }
                    if ct.sent > sc {
                        // Next sentence: only a bare attribution ("He said.")
                        if ct.start - q.close_end > 40 {
                            continue;
                        }
                    }
                    ct.start - q.close_end
                } else {
                    continue;
                };
                if best.is_none_or(|(d, _)| dist < d) {
                    best = Some((dist, fi));
                }
            }
            let kind = if words <= 3 { "mixed" } else { "direct" };
            match best {
                Some(_) if words <= 2 => {}
                Some((_, fi)) => {
                    stmts.push(Stmt {
                        start: q.start,
                        end: q.end,
                        kind,
                        frame: Some(fi),
                        continues: false,
                    });
                }
                None => {
                    if let Some(f) = self.subject_frame(q) {
                        pseudo.push((f, q.start, q.end, kind));
                    } else if words >= 6 {
                        stmts.push(Stmt {
                            start: q.start,
                            end: q.end,
                            kind: "direct",
                            frame: None,
                            continues: true,
                        });
                    }
                }
            }
        }
        for (f, s, e, kind) in pseudo {
            frames.push(f);
            stmts.push(Stmt {
                start: s,
                end: e,
                kind,
                frame: Some(frames.len() - 1),
                continues: false,
            });
        }
        stmts.sort_by_key(|s| (s.start, s.end));

        if self.opts.extend_back {
            self.extend_back(&frames, &mut stmts);
        }
        // First-person cues inside someone's speech are part of it ("We note that ...").
        let inside: Vec<bool> = stmts
            .iter()
            .map(|st| {
                st.frame.is_some_and(|fi| {
                    let f = &frames[fi];
                    let cue = v.toks[f.cue].start;
                    f.speaker.is_some_and(|s| first_person(&v.toks[s].lower))
                        && stmts
                            .iter()
                            .any(|o| o.start <= cue && cue < o.end && o.frame != st.frame)
                })
            })
            .collect();
        let mut k = 0;
        stmts.retain(|_| {
            k += 1;
            !inside[k - 1]
        });

        // Speakers, in text order (pronouns look back).
        let mut history: Vec<(usize, String, bool)> = self.subject_candidates(&frames);
        let mut resolved: Vec<Option<(String, bool)>> = vec![None; frames.len()];
        let mut order: Vec<usize> = (0..frames.len()).collect();
        order.sort_by_key(|&i| {
            frames[i]
                .speaker_span
                .map_or(v.toks[frames[i].cue].start, |s| s.0)
        });
        for fi in order {
            let f = &frames[fi];
            let r = self.resolve(f, &history);
            if let (Some((name, person)), Some((s, _))) = (&r, f.speaker_span) {
                let at = history.partition_point(|h| h.0 <= s);
                history.insert(at, (s, name.clone(), *person));
            }
            resolved[fi] = r;
        }

        let mut out: Vec<Quote> = Vec::new();
        let mut last: Option<(
            usize,
            Option<String>,
            Option<(usize, usize)>,
            Option<String>,
        )> = None;
        for st in &stmts {
            let text = &v.text;
            let (mut s, mut e) = (st.start, st.end);
            // Trim whitespace and a trailing comma inside quotes.
            let inner = &text[s..e];
            let lead = inner.len() - inner.trim_start().len();
            s += lead;
            let t = text[s..e].trim_end().trim_end_matches(',').trim_end();
            e = s + t.len();
            if e <= s {
                continue;
            }
            let (speaker, sspan, cue, channel, via) = match st.frame {
                Some(fi) => {
                    let f = &frames[fi];
                    (
                        resolved[fi].as_ref().map(|r| r.0.clone()),
                        f.speaker_span,
                        Some(f.cue_text.clone()),
                        f.channel.clone(),
                        f.via.clone(),
                    )
                }
                None => match &last {
                    Some((end, sp, span, _)) if st.continues && v.para(*end) + 2 >= v.para(s) => {
                        (sp.clone(), *span, None, None, None)
                    }
                    _ if self.opts.orphan_quotes => (None, None, None, None, None),
                    _ => continue,
                },
            };
            last = Some((e, speaker.clone(), sspan, cue.clone()));
            out.push(Quote {
                start: s,
                end: e,
                text: text[s..e].to_string(),
                speaker,
                speaker_start: sspan.map(|x| x.0),
                speaker_end: sspan.map(|x| x.1),
                cue,
                kind: st.kind.to_string(),
                channel,
                via,
            });
        }
        out.sort_by_key(|q| (q.start, q.end));
        out.dedup_by(|a, b| a.start == b.start && a.end == b.end);
        out
    }

    /// Unmarked speech with a trailing attribution ("... . More of it, Small said.")
    /// reaches back over preceding unattributed sentences of its paragraph.
    fn extend_back(&self, frames: &[Frame], stmts: &mut Vec<Stmt>) {
        let v = self.v;
        let mut drop = vec![false; stmts.len()];
        for i in 0..stmts.len() {
            let Some(fi) = stmts[i].frame else { continue };
            let f = &frames[fi];
            if !f.trailing || stmts[i].kind != "indirect" {
                continue;
            }
            let Some(si) = v.sent_at(stmts[i].start) else {
                continue;
            };
            let sent = &v.sents[si];
            // The content must start the sentence.
            if v.text[sent.start..stmts[i].start]
                .chars()
                .any(char::is_alphanumeric)
            {
                continue;
            }
            let para = v.para(stmts[i].start);
            let mut start = stmts[i].start;
            let mut k = si;
            while k > 0 && si - k < 4 {
                let prev = &v.sents[k - 1];
                if v.para(prev.start) != para
                    || v.text[prev.start..prev.end]
                        .chars()
                        .any(|c| matches!(c, '"' | '“' | '”' | '«' | '»'))
                {
                    break;
                }
                // Attributed by someone else (not a first-person cue inside the speech)?
                let attributed = frames.iter().any(|g| {
                    let ct = &v.toks[g.cue];
                    ct.sent == k - 1 && !g.speaker.is_some_and(|s| first_person(&v.toks[s].lower))
                });
                if attributed {
                    break;
                }
                start = prev.start;
                k -= 1;
            }
            if start < stmts[i].start {
                for (j, st) in stmts.iter().enumerate() {
                    if j != i && st.start >= start && st.end <= stmts[i].start {
                        drop[j] = true;
                    }
                }
                stmts[i].start = start;
            }
        }
        let mut j = 0;
        stmts.retain(|_| {
            j += 1;
            !drop[j - 1]
        });
    }
}
