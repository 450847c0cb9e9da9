//! Broken and hostile input: the files of `tests/bad-input/` (listed with their
//! outcomes in its README.md), inputs too big to commit (generated here into
//! temporary folders), folders with unreadable entries, broken rule files, and
//! an export killed in the middle. In every case newsgraph does not panic,
//! names the path and the reason (and the byte offset where there is one),
//! still processes the good articles given with the bad ones, and exits 0 when
//! all went well, 1 when some input failed, 2 for usage or rule errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use newsgraph::document::{read_inputs, ReadOptions};
use newsgraph::error::DocumentError;
use newsgraph::graph::NodeKind;
use newsgraph::matching::match_rules;
use newsgraph::normalize::{normalize, FoldedText};
use newsgraph::rules::PatternKind;
use newsgraph::{Document, RuleSet};

use crate::many_names::{article_with_names, names};
use crate::util::{builtin_rules, repo, rules_with};

/// A good article, given with every bad one: its persons must reach the output.
fn good_article() -> PathBuf {
    repo().join("tests/data/articles/en-dpd12.txt")
}

fn bad(file: &str) -> PathBuf {
    repo().join("tests/bad-input").join(file)
}

/// Runs `newsgraph extract` on `inputs` (and `args`) into a fresh output folder.
fn extract_cli(inputs: &[PathBuf], args: &[&str]) -> (Output, tempfile::TempDir) {
    let out_dir = tempfile::tempdir().unwrap();
    let output = Command::new(crate::util::bin())
        .arg("extract")
        .args(inputs)
        .arg("--out")
        .arg(out_dir.path())
        .args(args)
        .current_dir(repo())
        .output()
        .expect("the binary runs");
    (output, out_dir)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Checks the exit code, that stderr says every one of `says`, that nothing
/// panicked, and that the good article's persons are in the written graph.
fn check_run(output: &Output, out_dir: &Path, code: i32, says: &[&str]) {
    let err = stderr(output);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(output.status.code(), Some(code), "stderr:\n{err}");
    for s in says {
        assert!(err.contains(s), "stderr does not say {s:?}:\n{err}");
    }
    let ttl = std::fs::read_to_string(out_dir.join("graph.ttl")).expect("graph.ttl is written");
    assert!(ttl.contains("Masuda Kazuo") && ttl.contains("Le Quang Minh"), "the good article is lost");
}

/// One committed bad input and what newsgraph must do with it.
struct Case {
    file: &'static str,
    /// The exit code when the file is given with a good article.
    code: i32,
    /// What the error message says, besides the path.
    says: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case { file: "bad-utf8.txt", code: 1, says: &["not valid UTF-8 at byte offset 104"] },
    Case { file: "utf16-bom.txt", code: 0, says: &[] },
    Case {
        file: "utf16-unpaired-surrogate.txt",
        code: 1,
        says: &["UTF-16 (byte-order mark FF FE, little-endian) that does not decode at byte offset 76: an unpaired surrogate"],
    },
    Case { file: "png-renamed.txt", code: 1, says: &["binary data", "NUL byte at byte offset 8"] },
    Case { file: "empty.txt", code: 1, says: &["no article text: the file is empty"] },
    Case { file: "whitespace.txt", code: 1, says: &["no article text: the file holds only whitespace"] },
    Case { file: "nul-bytes.txt", code: 1, says: &["binary data", "NUL byte at byte offset 60"] },
    Case { file: "names-with-zwj-rtl.txt", code: 0, says: &[] },
];

#[test]
fn every_committed_case_is_listed_in_the_readme() {
    let readme = std::fs::read_to_string(bad("README.md")).unwrap();
    let mut files: Vec<String> = std::fs::read_dir(repo().join("tests/bad-input"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "README.md")
        .collect();
    files.sort();
    let mut cases: Vec<&str> = CASES.iter().map(|c| c.file).collect();
    cases.sort();
    eqnice!(files, cases);
    for case in CASES {
        assert!(readme.contains(&format!("`{}`", case.file)), "README.md does not list {}", case.file);
    }
}

#[test]
fn each_bad_file_is_reported_and_the_good_article_still_processed() {
    for case in CASES {
        let (output, out_dir) = extract_cli(&[bad(case.file), good_article()], &[]);
        let mut says = vec![case.file];
        says.extend(case.says);
        check_run(&output, out_dir.path(), case.code, if case.code == 0 { &[] } else { &says });
    }
}

#[test]
fn the_whole_folder_at_once() {
    let (output, out_dir) = extract_cli(&[repo().join("tests/bad-input"), good_article()], &[]);
    let failing: Vec<&Case> = CASES.iter().filter(|c| c.code != 0).collect();
    let mut says: Vec<&str> = failing.iter().map(|c| c.file).collect();
    says.extend(failing.iter().flat_map(|c| c.says.iter().copied()));
    check_run(&output, out_dir.path(), 1, &says);
    let summary = String::from_utf8_lossy(&output.stdout);
    assert!(summary.contains(&format!("failed inputs: {}", failing.len())), "{summary}");
}

#[test]
fn the_library_reports_path_reason_and_offset() {
    let read = |file: &str| {
        let outcome = read_inputs(&[bad(file)], ReadOptions::default());
        assert!(outcome.documents.is_empty(), "{file} was read as an article");
        assert_eq!(outcome.errors.len(), 1, "{file}: {:?}", outcome.errors);
        let error = outcome.errors.into_iter().next().unwrap();
        assert!(error.to_string().contains(file), "{error}");
        error
    };
    assert!(matches!(read("bad-utf8.txt"), DocumentError::NotUtf8 { offset: 104, .. }));
    assert!(matches!(read("utf16-unpaired-surrogate.txt"), DocumentError::BadUtf16 { offset: 76, .. }));
    assert!(matches!(read("png-renamed.txt"), DocumentError::Binary { offset: 8, .. }));
    assert!(matches!(read("nul-bytes.txt"), DocumentError::Binary { offset: 60, .. }));
    assert!(matches!(read("empty.txt"), DocumentError::Empty { whitespace_only: false, .. }));
    assert!(matches!(read("whitespace.txt"), DocumentError::Empty { whitespace_only: true, .. }));
    let utf16 = read_inputs(&[bad("utf16-bom.txt")], ReadOptions::default());
    assert!(utf16.errors.is_empty(), "{:?}", utf16.errors);
    assert!(utf16.documents[0].text.starts_with("Hanoi, March 3, 2026 - Vice Minister of Defense Masuda Kazuo"));
}

/// Checks that every mention's span is the text of its anchor, on character
/// boundaries of the text as read.
fn check_mentions(documents: &[Document], extraction: &newsgraph::Extraction) {
    for m in &extraction.graph.mentions {
        let text = &documents[m.doc].text;
        assert_eq!(text.get(m.span.start..m.span.end), Some(m.anchor.as_str()), "{m:?}");
    }
}

fn person_names(extraction: &newsgraph::Extraction) -> Vec<String> {
    let mut names: Vec<String> =
        extraction.graph.graph.node_weights().filter(|n| n.kind == NodeKind::Person).map(|n| n.name.clone()).collect();
    names.sort();
    names
}

#[test]
fn zero_width_joiners_combining_marks_and_rtl_inside_names() {
    let outcome = read_inputs(&[bad("names-with-zwj-rtl.txt")], ReadOptions::default());
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    let extraction = newsgraph::extract(&outcome.documents, &builtin_rules());
    check_mentions(&outcome.documents, &extraction);
    let names = person_names(&extraction);
    for name in ["Le Quang Minh", "Masuda Kazuo", "Serizawa Kiyoshi", "Dang Quoc Hung"] {
        assert!(names.iter().any(|n| n == name), "{name} not among {names:?}");
    }
    // A joiner inside a name is in the anchor (the text as read), not in the name.
    let text = &outcome.documents[0].text;
    let anchors: Vec<&str> = extraction.graph.mentions.iter().map(|m| m.anchor.as_str()).collect();
    assert!(anchors.iter().any(|a| a.contains('\u{200D}') && a.contains("Masu")), "{anchors:?}");
    assert!(text.contains("Masu\u{200D}da Kazuo"));
}

/// Normalizes and matches `text` as English; returns the person pattern hits'
/// names.
fn person_names_matched(text: &str) -> Vec<String> {
    let rule_set = builtin_rules();
    let lang = rule_set.language("en").expect("English rules");
    let norm = normalize(text);
    let folded = FoldedText::new(&norm.text, lang.keep_marks);
    let matches = match_rules(lang, &norm, &folded);
    let mut names = Vec::new();
    for hit in &matches.patterns {
        if lang.patterns[hit.pattern].kind == PatternKind::Person {
            let name = hit.group("name").expect("person patterns have a name");
            let original = norm.to_original(name);
            names.push(text[original.start..original.end].to_string());
        }
    }
    names
}

#[test]
fn one_article_with_ten_thousand_names_is_normalized_and_matched() {
    let text = article_with_names(10_000);
    let found = person_names_matched(&text);
    let wanted = names(10_000);
    let found: std::collections::HashSet<&str> = found.iter().map(String::as_str).collect();
    let missing: Vec<&String> = wanted.iter().filter(|n| !found.contains(n.as_str())).collect();
    assert!(
        missing.is_empty(),
        "{} of 10,000 names not matched, such as {:?}",
        missing.len(),
        &missing[..missing.len().min(5)]
    );
}

/// The whole pipeline on 10,000 names (its time, and how it grows with the
/// number of names, is measured by `cargo bench`).
#[test]
fn one_article_with_ten_thousand_names_is_extracted() {
    let text = article_with_names(10_000);
    let document = Document { id: "many".into(), source_file: "many.txt".into(), text };
    let extraction = newsgraph::extract(std::slice::from_ref(&document), &builtin_rules());
    check_mentions(std::slice::from_ref(&document), &extraction);
    let n_persons = person_names(&extraction).len();
    assert!(n_persons >= 9_000, "only {n_persons} of 10,000 persons found");
}

#[test]
fn a_50_mb_article_without_a_newline_is_skipped_with_the_default_limit() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    let line = "Vice Minister of Defense Masuda Kazuo met the press. ".repeat(1 << 10);
    let mut bytes = Vec::with_capacity(50 << 20);
    while bytes.len() < 50 << 20 {
        bytes.extend_from_slice(line.as_bytes());
    }
    bytes.truncate(50 << 20);
    std::fs::write(&big, &bytes).unwrap();
    let (output, out_dir) = extract_cli(&[big.clone(), good_article()], &[]);
    check_run(&output, out_dir.path(), 0, &["warning: ", "big.txt: skipped: 52428800 bytes", "--max-article-bytes"]);
    assert!(String::from_utf8_lossy(&output.stdout).contains("skipped inputs: 1"));
    assert!(ReadOptions::default().max_article_bytes < 50 << 20);
}

#[test]
fn max_article_bytes_skips_an_oversized_article() {
    let dir = tempfile::tempdir().unwrap();
    let good_copy = dir.path().join("good.txt");
    std::fs::copy(good_article(), &good_copy).unwrap();
    let long = dir.path().join("long.txt");
    std::fs::write(&long, "Hanoi, March 3, 2026 - Vice Minister of Defense Serizawa Kiyoshi arrived. ".repeat(100))
        .unwrap();
    let size = std::fs::metadata(&long).unwrap().len();
    let limit = std::fs::metadata(&good_copy).unwrap().len();
    assert!(size > limit);
    let (output, out_dir) = extract_cli(&[dir.path().to_path_buf()], &["--max-article-bytes", &limit.to_string()]);
    check_run(
        &output,
        out_dir.path(),
        0,
        &["warning: ", "long.txt: skipped", &format!("{size} bytes"), &format!("limit of {limit} bytes")],
    );
    let ttl = std::fs::read_to_string(out_dir.path().join("graph.ttl")).unwrap();
    assert!(!ttl.contains("Serizawa Kiyoshi"), "the oversized article was read");
}

#[test]
fn a_long_line_is_normalized_and_matched_in_linear_time() {
    // 1 MB of sentences without one newline.
    let sentence = "Vice Minister of Defense Masuda Kazuo met Deputy Minister of National Defence Le Quang Minh in Hanoi on March 3, 2026. ";
    let text = sentence.repeat((1 << 20) / sentence.len());
    let found = person_names_matched(&text);
    assert_eq!(found.len(), 2 * ((1 << 20) / sentence.len()));
    // The whole pipeline on a shorter line (the later stages are not linear yet).
    let document = Document { id: "line".into(), source_file: "line.txt".into(), text: sentence.repeat(100) };
    let extraction = newsgraph::extract(std::slice::from_ref(&document), &builtin_rules());
    check_mentions(std::slice::from_ref(&document), &extraction);
    assert!(person_names(&extraction).contains(&"Masuda Kazuo".to_string()));
}

/// A folder with an unreadable file, a symbolic link loop, a link to its own
/// folder and a link to a path that does not exist, next to a good article.
///
/// The unreadable file is a link to `/proc/self/mem`: a regular file whose
/// first read fails (EIO) for every user, root included, since page 0 of a
/// process is never mapped. A file with mode 000 would do for other users
/// but not for root, who runs CI; a FIFO would block the reader.
#[cfg(target_os = "linux")]
#[test]
fn a_folder_with_an_unreadable_file_a_link_loop_and_a_missing_path() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("articles");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(good_article(), folder.join("good.txt")).unwrap();
    symlink("/proc/self/mem", folder.join("unreadable.txt")).unwrap();
    symlink("loop-b.txt", folder.join("loop-a.txt")).unwrap();
    symlink("loop-a.txt", folder.join("loop-b.txt")).unwrap();
    symlink(".", folder.join("again")).unwrap();
    symlink("no-such-article.txt", folder.join("gone.txt")).unwrap();
    let missing = dir.path().join("not-there.txt");
    let (output, out_dir) = extract_cli(&[folder.clone(), missing], &[]);
    check_run(
        &output,
        out_dir.path(),
        1,
        &[
            "unreadable.txt: cannot read",
            "loop-a.txt: a symbolic link loop",
            "loop-b.txt: a symbolic link loop",
            "again: a symbolic link loop",
            "gone.txt: no such file or folder",
            "not-there.txt: no such file or folder",
        ],
    );
    let summary = String::from_utf8_lossy(&output.stdout);
    assert!(summary.contains("articles: 1 (en 1)"), "{summary}");
    assert!(summary.contains("failed inputs: 6"), "{summary}");
}

#[test]
fn an_empty_gazetteer_is_refused() {
    let (_dir, rules) = rules_with(
        "en/broken.toml",
        "\n[[lexicon]]\nid = \"lexicon.en.empty-places\"\nname = \"place\"\nwords = []\nentries = []\n",
    );
    let err = RuleSet::from_dir(&rules).expect_err("an empty lexicon must not load");
    let message = err.to_string();
    for w in ["rules/en/broken.toml:2:1", "rule lexicon.en.empty-places", "empty lexicon"] {
        assert!(message.contains(w), "{message:?} does not say {w:?}");
    }
}

/// Broken rule files: file, text, and what the error names (file:line:column, rule id, reason).
const BROKEN_RULES: &[(&str, &str, &[&str])] = &[
    ("en/broken.toml", "[[pattern]]\nid = \"person.en.broken\"\nkind = \"person\"\npattern = 'x\n", &["en/broken.toml:4:", "person.en.broken"]),
    (
        "en/broken.toml",
        "[[pattern]]\nid = \"person.en.typo\"\nkind = \"person\"\npatern = '(?P<name>x)'\n",
        &["en/broken.toml:4:1", "person.en.typo", "unknown field `patern`"],
    ),
    (
        "en/broken.toml",
        "\n[[pattern]]\nid = \"person.en.bad-regex\"\nkind = \"person\"\npattern = '(?P<name>[a-z'\n",
        &["en/broken.toml:5:11", "person.en.bad-regex", "regex does not compile"],
    ),
    (
        "en/broken.toml",
        "[[pattern]]\nid = \"date.en.huge\"\nkind = \"date\"\npattern = '(?P<month>\\w{1000}){1000}'\n",
        &["en/broken.toml:4:11", "date.en.huge", "regex does not compile", "size limit"],
    ),
    (
        "en/broken.toml",
        "[[pattern]]\nid = \"date.en.empty\"\nkind = \"date\"\npattern = '(?P<month>x)?'\n",
        &["en/broken.toml:4:11", "date.en.empty", "matches the empty string"],
    ),
    (
        "en/broken.toml",
        "\n\n[[lexicon]]\nid = \"lexicon.en.countries\"\nname = \"country\"\nwords = []\n",
        &["en/broken.toml:3:1", "lexicon.en.countries", "duplicate rule id", "en/language.toml"],
    ),
    ("en/broken.toml", "[[lexicon]]\nid = \"lexicon.en.nothing\"\nname = \"topic\"\n", &["en/broken.toml:1:1", "lexicon.en.nothing", "empty lexicon"]),
    (
        "translit/broken.toml",
        "[[translit]]\nid = \"translit.test.conflict\"\nscript = \"Cyrillic\"\norigin = \"any\"\nmap = [[\"х\", \"kh\"], [\"х\", \"h\"]]\n",
        &["translit/broken.toml:1:1", "translit.test.conflict", "conflicting"],
    ),
];

#[test]
fn broken_rules_stop_the_run_before_any_output_is_written() {
    for (file, text, wanted) in BROKEN_RULES {
        let (dir, rules) = rules_with(file, text);
        // An output folder that already holds a complete export must stay as it was.
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("graph.ttl"), "# the previous export\n").unwrap();
        let output = Command::new(crate::util::bin())
            .args(["extract", "--rules"])
            .arg(&rules)
            .arg("--out")
            .arg(&out)
            .arg(good_article())
            .output()
            .unwrap();
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{file}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        for w in *wanted {
            assert!(err.contains(w), "{err:?} does not say {w:?}");
        }
        let left: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, vec![std::ffi::OsString::from("graph.ttl")], "{file}: {err}");
        assert_eq!(std::fs::read_to_string(out.join("graph.ttl")).unwrap(), "# the previous export\n");
    }
}

/// Kills `newsgraph extract` with SIGKILL while it writes over a complete
/// export: every file of the folder must still be a complete export, old or new.
#[cfg(unix)]
#[test]
fn an_export_killed_with_sigkill_leaves_the_previous_complete_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("many.txt");
    std::fs::write(&input, article_with_names(600)).unwrap();
    let out = dir.path().join("out");
    let status =
        Command::new(crate::util::bin()).arg("extract").arg(good_article()).arg("--out").arg(&out).status().unwrap();
    assert!(status.success());
    let previous: Vec<(String, Vec<u8>)> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .map(|name| (name.clone(), std::fs::read(out.join(&name)).unwrap()))
        .collect();
    assert!(
        previous.iter().any(|(name, _)| name == "graph.ttl"),
        "{:?}",
        previous.iter().map(|p| &p.0).collect::<Vec<_>>()
    );

    let mut killed_while_writing = false;
    for attempt in 0..10 {
        let mut child = Command::new(crate::util::bin())
            .arg("extract")
            .arg(&input)
            .arg("--out")
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Wait for its temporary file: the process is writing an export.
        let tmp_suffix = format!(".tmp-{}", child.id());
        let started = Instant::now();
        let mut writing = false;
        while started.elapsed() < Duration::from_secs(300) {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            let tmp = std::fs::read_dir(&out)
                .unwrap()
                .any(|e| e.unwrap().file_name().to_string_lossy().ends_with(&tmp_suffix));
            if tmp {
                writing = true;
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        let _ = child.kill();
        let status = child.wait().unwrap();
        killed_while_writing |= writing && status.code().is_none();
        check_complete_export(&out, &previous);
        // Leftover temporary files are hidden, and never taken for the export.
        for entry in std::fs::read_dir(&out).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            let known = previous.iter().any(|(p, _)| *p == name);
            assert!(known || (name.starts_with('.') && name.contains(".tmp-")), "{name}");
        }
        if killed_while_writing {
            eprintln!("killed while writing, attempt {attempt}");
            break;
        }
    }
    assert!(killed_while_writing, "never caught the process writing");
}

/// Each export file is either the previous one or a new complete one that parses.
fn check_complete_export(out: &Path, previous: &[(String, Vec<u8>)]) {
    for (name, old) in previous {
        let path = out.join(name);
        let now = std::fs::read(&path).unwrap();
        if &now == old {
            continue;
        }
        let ext = path.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
        match ext.as_str() {
            "ttl" | "nt" | "nq" | "trig" | "jsonld" | "rdf" => {
                newsgraph::query::load(&path).unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
            }
            "dot" => assert!(now.ends_with(b"}\n"), "{name} is cut short"),
            "graphml" => assert!(now.trim_ascii_end().ends_with(b"</graphml>"), "{name} is cut short"),
            _ => assert!(now.is_empty() || now.ends_with(b"\n"), "{name} is cut short"),
        }
    }
}

/// Crashes of the `extract` fuzz target that are still open, with where they
/// panic; `fuzz_crashes_of_the_pipeline_are_fixed` leaves them out and
/// `open_fuzz_crashes` (ignored) runs them. Remove an entry when it is fixed.
const OPEN_CRASHES: &[(&str, &str)] = &[];

/// Runs each crash input of the `extract` fuzz target through the pipeline
/// next to a good article.
fn check_crashes(open: bool) {
    let good = std::fs::read_to_string(good_article()).unwrap();
    let dir = repo().join("fuzz/artifacts/extract");
    let mut crashes: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    crashes.retain(|p| {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        name.starts_with("crash-") && OPEN_CRASHES.iter().any(|(n, _)| *n == name) == open
    });
    crashes.sort();
    for path in crashes {
        let bytes = std::fs::read(&path).unwrap();
        let Ok(text) = newsgraph::document::decode(&path, &bytes) else { continue };
        let documents = [
            Document { id: "good".into(), source_file: "good.txt".into(), text: good.clone() },
            Document { id: "fuzz".into(), source_file: "fuzz.txt".into(), text },
        ];
        let extraction = newsgraph::extract(&documents, &builtin_rules());
        check_mentions(&documents, &extraction);
        let good_kept = extraction.graph.mentions.iter().any(|m| m.doc == 0);
        assert!(good_kept, "{}: the good article lost its mentions", path.display());
    }
}

/// Inputs that made the `extract` fuzz target fail (fuzz/artifacts/extract/)
/// now go through the pipeline.
#[test]
fn fuzz_crashes_of_the_pipeline_are_fixed() {
    check_crashes(false);
}

#[test]
#[ignore = "open crashes in files this suite does not own: see OPEN_CRASHES"]
fn open_fuzz_crashes() {
    check_crashes(true);
}
