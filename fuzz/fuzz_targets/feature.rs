//! The feature loader: `spec::parse` then `spec::compile` on arbitrary UTF-8.
//! Neither may panic; a parse error must render.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let path = Path::new("fuzz.feature");
    match aspect::__private::spec::parse(text, path) {
        Ok(file) => {
            let pickles = aspect::__private::spec::compile(&file);
            std::hint::black_box(pickles);
        }
        Err(error) => {
            std::hint::black_box(error.to_string());
        }
    }
});
