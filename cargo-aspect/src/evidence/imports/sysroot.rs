//! What the standard library's glob-imported modules re-export, for the paths
//! a glob brings in: `use std::io::prelude::*;` then `Write` is
//! `std::io::Write`, so `deny: ["std::io::Write"]` sees it. Only modules
//! meant to be glob-imported are listed; any other glob `m::*` brings `m::x`.

/// `(module, re-exported names, where they are defined)`.
const PRELUDES: &[(&[&str], &[&str], &[&str])] = &[
    (
        &["io", "prelude"],
        &["BufRead", "Read", "Seek", "Write"],
        &["io"],
    ),
    (
        &["os", "unix", "prelude"],
        &[
            "AsFd",
            "AsRawFd",
            "BorrowedFd",
            "FromRawFd",
            "IntoRawFd",
            "OwnedFd",
            "RawFd",
            "FileExt",
            "MetadataExt",
            "OpenOptionsExt",
            "PermissionsExt",
            "FileTypeExt",
            "DirEntryExt",
            "CommandExt",
            "ExitStatusExt",
            "OsStrExt",
            "OsStringExt",
        ],
        &["os", "unix"],
    ),
];

/// `std::io::prelude::Write` → `std::io::Write`; any other path unchanged.
pub(crate) fn canonical(mut path: Vec<String>) -> Vec<String> {
    let Some(root) = path.first() else {
        return path;
    };
    if !matches!(root.as_str(), "std" | "core" | "alloc") {
        return path;
    }
    for (module, names, home) in PRELUDES {
        let n = module.len();
        let matches = path.len() > n + 1
            && path[1..=n].iter().zip(module.iter()).all(|(a, b)| a == b)
            && names.contains(&path[n + 1].as_str());
        if matches {
            let rest = path.split_off(n + 1);
            path.truncate(1);
            path.extend(home.iter().map(|s| (*s).to_owned()));
            path.extend(rest);
            return path;
        }
    }
    path
}

/// Names every module sees through the prelude (and the primitive types),
/// which a glob of another std module does not bring in: after
/// `use std::net::*;`, `Option` is still the prelude's.
const PRELUDE: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "ToString",
    "ToOwned",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "Extend",
    "Default",
    "Eq",
    "PartialEq",
    "Ord",
    "PartialOrd",
    "AsRef",
    "AsMut",
    "Into",
    "From",
    "TryFrom",
    "TryInto",
    "FromIterator",
    "Debug",
    "Hash",
    "bool",
    "char",
    "str",
    "u8",
    "u16",
    "u32",
    "u64",
    "u128",
    "usize",
    "i8",
    "i16",
    "i32",
    "i64",
    "i128",
    "isize",
    "f32",
    "f64",
    "drop",
    "Self",
    "self",
];

/// Whether `name` is the prelude's or a primitive type.
pub(crate) fn in_prelude(name: &proc_macro2::Ident) -> bool {
    PRELUDE.iter().any(|p| name == p)
}
