//! Custom parameter types misused: the derive without a regex, with one the
//! step matcher cannot run, with a built-in or unwritable name, an unknown
//! argument, a value that is not a string, a key without its value; a
//! `{name}` taken by a type that is not a parameter, or by one with another
//! name.
use aspect::{given, Parameter};

#[derive(Parameter)]
struct NoRegex;

#[derive(Parameter)]
#[param(regex = "(unclosed")]
struct BadRegex;

#[derive(Parameter)]
#[param(name = "int", regex = "[0-9]+")]
struct BuiltIn;

#[derive(Parameter)]
#[param(name = "two words", regex = "x")]
struct Spaced;

#[derive(Parameter)]
#[param(regex = "x", pattern = "y")]
struct UnknownArgument;

#[derive(Parameter)]
#[param(regex = "^anchored$")]
struct Anchored;

#[derive(Parameter)]
#[param(name = "colour", regex = "red|blue")]
struct Colour;

impl std::str::FromStr for Colour {
    type Err = String;
    fn from_str(_: &str) -> Result<Self, String> {
        Ok(Colour)
    }
}

struct World;

#[given("I paint it {colour}")]
fn not_a_parameter(_world: &mut World, _colour: String) {}

#[given("I paint it {color}")]
fn another_name(_world: &mut World, _colour: Colour) {}

#[derive(Parameter)]
#[param(name = 5, regex = "x")]
struct NotAString;

#[derive(Parameter)]
#[param(regex)]
struct NoValue;

fn main() {}
