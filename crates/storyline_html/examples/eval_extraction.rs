//! Evaluate [`storyline_html::extract`] on the article-extraction benchmark
//! layout: `DIR/html/<id>.html.gz` and `DIR/ground-truth.json`.
//!
//! Usage: `eval_extraction DIR [--dump OUT_DIR] [--split even|odd] [--repeat N]`
use std::io::Read;
use std::time::Instant;
use storyline_html::eval::{aggregate, shingle_matching};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let dir = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "/work/shared/data/article-extraction".into());
    let dump = args
        .iter()
        .position(|a| a == "--dump")
        .and_then(|i| args.get(i + 1));
    let repeat: usize = args
        .iter()
        .position(|a| a == "--repeat")
        .and_then(|i| args.get(i + 1))
        .and_then(|r| r.parse().ok())
        .unwrap_or(1);
    let split = args
        .iter()
        .position(|a| a == "--split")
        .and_then(|i| args.get(i + 1));
    let gt: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(format!(
        "{dir}/ground-truth.json"
    ))?)?;
    let gt = gt
        .as_object()
        .ok_or_else(|| anyhow::anyhow!("bad ground truth"))?;
    let mut ids: Vec<&String> = gt.keys().collect();
    ids.sort();
    let mut pages = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        match split.map(String::as_str) {
            Some("even") if i % 2 == 1 => continue,
            Some("odd") if i % 2 == 0 => continue,
            _ => {}
        }
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(format!("{dir}/html/{id}.html.gz"))?)
            .read_to_end(&mut bytes)?;
        let truth = gt[id.as_str()]["articleBody"]
            .as_str()
            .unwrap_or("")
            .to_string();
        let url = gt[id.as_str()]["url"].as_str().map(str::to_string);
        pages.push((id.to_string(), bytes, truth, url));
    }
    // Timed run (decode + extract), single thread.
    let cpu0 = thread_cpu_ns();
    let t0 = Instant::now();
    let mut outs = Vec::with_capacity(pages.len());
    for round in 0..repeat.max(1) {
        for (_, bytes, _, url) in &pages {
            let html = storyline_html::decode_html(bytes);
            let e = storyline_html::extract(&html, url.as_deref());
            if round == 0 {
                outs.push(e);
            }
        }
    }
    let secs = t0.elapsed().as_secs_f64() / repeat.max(1) as f64;
    let cpu_secs = match (cpu0, thread_cpu_ns()) {
        (Some(a), Some(b)) => Some(b.saturating_sub(a) as f64 / 1e9 / repeat.max(1) as f64),
        _ => None,
    };
    let mut results = Vec::new();
    for ((id, _, truth, _), out) in pages.iter().zip(&outs) {
        let r = shingle_matching(truth, &out.text, 4);
        results.push((id.clone(), r));
        if let Some(d) = dump {
            std::fs::create_dir_all(d)?;
            std::fs::write(format!("{d}/{id}.pred.txt"), &out.text)?;
            std::fs::write(format!("{d}/{id}.gold.txt"), truth)?;
            std::fs::write(format!("{d}/{id}.json"), serde_json::to_string(out)?)?;
        }
    }
    let s = aggregate(&results.iter().map(|x| x.1).collect::<Vec<_>>());
    println!(
        "pages={} precision={:.4} recall={:.4} F1={:.4}",
        pages.len(),
        s.precision,
        s.recall,
        s.f1
    );
    println!(
        "speed: {:.1} pages/s single thread ({:.1} ms total)",
        pages.len() as f64 / secs,
        secs * 1000.0
    );
    if let Some(c) = cpu_secs {
        println!(
            "cpu:   {:.1} pages/s per core (thread CPU time {:.1} ms; differs from wall time when the machine is loaded)",
            pages.len() as f64 / c,
            c * 1000.0
        );
    }
    results.sort_by(|a, b| a.1.f1().total_cmp(&b.1.f1()));
    println!("worst 10:");
    for (id, r) in results.iter().take(10) {
        println!(
            "  {id}  F1={:.3} P={:.3} R={:.3}",
            r.f1(),
            r.precision(),
            r.recall()
        );
    }
    Ok(())
}

/// CPU time consumed by the current thread, from `/proc/thread-self/schedstat`
/// (Linux only).
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}
