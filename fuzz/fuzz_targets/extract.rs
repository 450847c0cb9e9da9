//! Fuzzes the whole pipeline on one arbitrary article next to a good one:
//! nothing panics, the good article is still extracted, every mention's
//! anchor is the text of its span, and the exports parse back.

#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use newsgraph::document::decode;
use newsgraph::export::{write_format, ExportFormat, ExportInput};
use newsgraph::rdf::{to_quads, IriScheme};
use newsgraph::{Document, RuleSet};
use oxigraph::io::RdfParser;

fn rule_set() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().expect("the built-in rules load"))
}

const GOOD: &str = "Tokyo, 5 March 2024 - Vice Minister of Defence Masuda Kazuo received \
Senior Lieutenant General Hoang Xuan Chien, Deputy Minister of National Defence of Vietnam.";

fuzz_target!(
    // Compiling the rules takes seconds under the sanitizer: do it before the
    // clock of the first input starts.
    init: {
        rule_set();
    },
    |data: &[u8]| {
        let Ok(text) = decode(Path::new("fuzz.txt"), data) else { return };
        let documents = vec![
            Document { id: "good".into(), source_file: "good.txt".into(), text: GOOD.into() },
            Document { id: "fuzz".into(), source_file: "fuzz.txt".into(), text },
        ];
        let extraction = newsgraph::extract(&documents, rule_set());
        let kg = &extraction.graph;
        assert!(kg.mentions.iter().any(|m| m.doc == 0), "the good article lost its mentions");
        for m in &kg.mentions {
            let text = &documents[m.doc].text;
            assert_eq!(text.get(m.span.start..m.span.end), Some(m.anchor.as_str()), "mention {m:?}");
        }
        let scheme = IriScheme::default();
        let quads = to_quads(kg, &documents, &scheme);
        let prefixes = scheme.prefixes();
        let input = ExportInput { quads: &quads, prefixes: &prefixes, base: &scheme.base };
        for format in [ExportFormat::NQuads, ExportFormat::Turtle] {
            let mut bytes = Vec::new();
            write_format(format, input, &mut bytes).unwrap();
            let rdf_format = format.rdf_format().unwrap();
            let parsed = RdfParser::from_format(rdf_format).for_slice(&bytes).collect::<Result<Vec<_>, _>>();
            parsed.unwrap_or_else(|e| panic!("{} does not parse back: {e}", format.name()));
        }
    }
);
