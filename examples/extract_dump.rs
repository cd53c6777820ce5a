//! Prints the metadata extracted from each file given, as JSON (sections left out
//! unless `--sections`), to inspect the extractor by eye.
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let with_sections = args.iter().any(|a| a == "--sections");
    for a in args.iter().filter(|a| !a.starts_with("--")) {
        let text = match plansearch::text::read::read_plan_file(Path::new(a)) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{a}: {e}");
                continue;
            }
        };
        let mut m = plansearch::extract::extract(&text);
        if !with_sections {
            for s in &mut m.sections {
                s.text.clear();
            }
        }
        m.source = Some(a.clone());
        println!("{}", serde_json::to_string_pretty(&m).expect("json"));
    }
}
