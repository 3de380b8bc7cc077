//! The aspect loader: `aspect::parse` (frontmatter YAML → evidence objects) on
//! arbitrary UTF-8. It builds evidence but never runs or validates it, so this
//! touches no files and spawns nothing. It may not panic; a parse error must render.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let path = Path::new("fuzz.md");
    match aspect::__private::aspect::parse(text, path) {
        Ok(aspect) => {
            std::hint::black_box(aspect.summary());
            std::hint::black_box(format!("{aspect:?}"));
        }
        Err(error) => {
            std::hint::black_box(error.to_string());
        }
    }
});
