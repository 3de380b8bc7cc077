//! What judging evidence gives: a [`Verdict`], with a [`Measurement`] for
//! the kinds that measure (bench, memory).

/// The outcome of judging one piece of evidence.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// The property holds; `summary` is one line of what was measured (may be empty).
    Holds {
        /// E.g. `median 1.2 µs ≤ 5 µs (1,000 samples)`.
        summary: String,
    },
    /// The property does not hold; `message` says why, with the evidence's output.
    Fails {
        /// What failed, multi-line allowed.
        message: String,
    },
    /// A figure measured against its budget (bench and memory): holds when
    /// `measurement.value <= measurement.budget`.
    Measured {
        /// The figure and its budget.
        measurement: Measurement,
        /// One or more lines: the figure, its spread, the sample count.
        summary: String,
    },
    /// Ran but deliberately not judged (a benchmark in a debug build).
    NotJudged {
        /// Why, and how to get it judged.
        reason: String,
    },
}

impl Verdict {
    /// Whether the property holds (a [`Verdict::NotJudged`] does not fail, but does not hold).
    pub fn holds(&self) -> bool {
        match self {
            Verdict::Holds { .. } => true,
            Verdict::Measured { measurement, .. } => measurement.within_budget(),
            Verdict::Fails { .. } | Verdict::NotJudged { .. } => false,
        }
    }
}

/// A measured figure and the budget it is judged against.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measurement {
    /// What the figure measures.
    pub unit: Unit,
    /// The figure: the median for benchmarks, the peak for memory.
    pub value: f64,
    /// The most it may be.
    pub budget: f64,
    /// Spread of the samples (e.g. p90 − p10), 0 when not meaningful.
    pub spread: f64,
    /// How many samples the figure is made of.
    pub samples: u64,
}

impl Measurement {
    /// Whether the figure is within its budget.
    pub fn within_budget(&self) -> bool {
        self.value <= self.budget
    }
}

/// The unit of a `Measurement`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Nanoseconds.
    Nanoseconds,
    /// Bytes.
    Bytes,
}
