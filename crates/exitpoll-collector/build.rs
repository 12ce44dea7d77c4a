//! Compresses the widget files the collector serves (`pkg/`) once, at build
//! time, with the strongest encoders there are for the two encodings every
//! browser accepts: zopfli for gzip (about 5 % smaller than `gzip -9`) and
//! brotli at quality 11. `assets.rs` serves these bytes as they are, so no
//! request pays for compressing a 139 KB wasm module again, and a shopper
//! downloads the fewest bytes.
use std::io::Write;
use std::path::Path;

/// The widget files that are compressed ahead (the ones a page loads),
/// besides the module, whose name carries its content hash.
const FILES: &[&str] = &["exitpoll.js", "exitpoll_widget.js", "index.js"];

fn main() {
    let pkg = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../pkg");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo:rerun-if-changed={}", pkg.display());
    let mut names: Vec<String> = FILES.iter().map(|f| (*f).to_owned()).collect();
    let entries = std::fs::read_dir(&pkg).unwrap_or_else(|e| panic!("cannot read {}: {e}", pkg.display()));
    let mut modules: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("exitpoll_widget_bg.") && n.ends_with(".wasm"))
        .collect();
    modules.sort();
    names.extend(modules);
    // The table `assets.rs` includes: (name, gzip bytes, brotli bytes) per file.
    let mut table = String::from("&[\n");
    for name in &names {
        table.push_str(&format!(
            "    ({name:?}, include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{name}.gz\")), \
             include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{name}.br\"))),\n"
        ));
        let source = pkg.join(name);
        println!("cargo:rerun-if-changed={}", source.display());
        let data = std::fs::read(&source).unwrap_or_else(|e| panic!("cannot read {}: {e}", source.display()));

        let mut gz = Vec::new();
        zopfli::compress(zopfli::Options::default(), zopfli::Format::Gzip, &data[..], &mut gz)
            .unwrap_or_else(|e| panic!("zopfli failed on {name}: {e}"));
        std::fs::write(out.join(format!("{name}.gz")), &gz).expect("write to OUT_DIR");

        let mut br = Vec::new();
        {
            let mut w = brotli::CompressorWriter::new(&mut br, 64 * 1024, 11, 22);
            w.write_all(&data).expect("brotli writes to memory");
        }
        std::fs::write(out.join(format!("{name}.br")), &br).expect("write to OUT_DIR");
    }
    table.push_str("]\n");
    std::fs::write(out.join("precompressed.rs"), table).expect("write to OUT_DIR");
}
