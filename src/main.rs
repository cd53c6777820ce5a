fn main() {
    let text = std::env::args().nth(2).unwrap_or_default();
    println!(
        "{}",
        serde_json::to_string(&plansearch::analysis::analyze(&text)).unwrap()
    );
}
