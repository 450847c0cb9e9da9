//! One article that names thousands of distinct persons, for the hostile-input
//! tests (`tests/bad_input.rs`) and the benchmark (`benches/pipeline.rs`,
//! which includes this file by path).

/// `n` distinct Latin-script names, two words each.
pub fn names(n: usize) -> Vec<String> {
    const SYLLABLES: [&str; 24] = [
        "ka", "ki", "ku", "ko", "ma", "mi", "mo", "na", "no", "ra", "ri", "ro", "sa", "shi", "ta", "to", "ya", "yo",
        "ha", "hi", "be", "do", "ge", "zu",
    ];
    let word = |i: usize| {
        let s = SYLLABLES.len();
        let w = format!("{}{}{}", SYLLABLES[i % s], SYLLABLES[(i / s) % s], SYLLABLES[(i / s / s) % s]);
        let mut chars = w.chars();
        let first = chars.next().unwrap().to_ascii_uppercase();
        format!("{first}{}", chars.as_str())
    };
    (0..n).map(|i| format!("{} {}", word(i * 7 + 3), word(i * 13 + 1))).collect()
}

/// An English article that names `n` persons, each with a title.
pub fn article_with_names(n: usize) -> String {
    let mut text = String::from("Hanoi, March 3, 2026 - The delegations met in Hanoi.\n\n");
    for (i, name) in names(n).iter().enumerate() {
        let title = if i % 2 == 0 { "Vice Minister of Defense" } else { "Deputy Minister of National Defence" };
        text.push_str(&format!("{title} {name} attended the dialogue. "));
        if i % 20 == 19 {
            text.push_str("\n\n");
        }
    }
    text
}
