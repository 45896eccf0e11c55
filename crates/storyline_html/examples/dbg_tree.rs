//! Print the ancestor chain (tag and attributes) of every text node
//! containing NEEDLE. Usage: `dbg_tree FILE NEEDLE`
use storyline_html::dom::{Dom, Kind, NONE};
fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let needle = std::env::args().nth(2).unwrap_or_default();
    let html = storyline_html::decode_html(&std::fs::read(path).unwrap_or_default());
    let dom = Dom::parse(&html);
    for (i, n) in dom.nodes.iter().enumerate() {
        if let Kind::Text(t) = &n.kind {
            if t.contains(&needle) {
                let mut chain = vec![];
                let mut p = n.parent;
                while p != NONE {
                    chain.push(format!(
                        "{}:{}[{}]",
                        p,
                        dom.tag(p),
                        dom.elem(p)
                            .map(|e| e
                                .attrs
                                .iter()
                                .map(|(k, v)| format!("{k}={v}"))
                                .collect::<Vec<_>>()
                                .join(" "))
                            .unwrap_or_default()
                    ));
                    p = dom.nodes[p].parent;
                }
                println!("{i} len={} {:?}", t.len(), chain);
            }
        }
    }
}
