//! The parser's hold on the tree it builds: the open parts are always the last ones
//! (the last child of the feature, or of its last rule; the last step of those).

use super::{Block, Header, Parser, State};
use crate::spec::ast::{Argument, Background, FeatureChild, Rule, RuleChild, Scenario, Step};
use crate::spec::lines::is_ws;

impl Parser<'_, '_> {
    pub(super) fn close_doc_string(&mut self) {
        let content = std::mem::take(&mut self.doc);
        self.doc_lines = 0;
        if let Some(Argument::DocString(doc)) =
            self.last_step().and_then(|s| s.arguments.last_mut())
        {
            doc.content = content;
        }
    }

    /// Before a structural line: end the description being read, if any.
    pub(super) fn flush(&mut self) {
        if let State::Header { header, .. } = self.state {
            self.flush_description(header);
        }
    }

    /// Give the description lines read to the `header` they belong to: lines kept
    /// whole, trailing blank lines dropped.
    pub(super) fn flush_description(&mut self, header: Header) {
        let mut lines = std::mem::take(&mut self.description);
        while lines
            .last()
            .is_some_and(|l| l.trim_start_matches(is_ws).is_empty())
        {
            lines.pop();
        }
        if lines.is_empty() {
            return;
        }
        let text = lines.join("\n");
        let target = match header {
            Header::Feature => self.feature.as_mut().map(|f| &mut f.description),
            Header::Rule => self.last_rule().map(|r| &mut r.description),
            Header::Background => self.last_background().map(|b| &mut b.description),
            Header::Scenario => self.last_scenario().map(|s| &mut s.description),
            Header::Examples => self
                .last_scenario()
                .and_then(|s| s.examples.last_mut())
                .map(|e| &mut e.description),
        };
        if let Some(target) = target {
            *target = text;
        }
    }

    pub(super) fn last_rule(&mut self) -> Option<&mut Rule> {
        match self.feature.as_mut()?.children.last_mut()? {
            FeatureChild::Rule(rule) => Some(rule),
            _ => None,
        }
    }

    /// Add a background or scenario to the open rule, or else to the feature.
    pub(super) fn push_child(&mut self, child: RuleChild) {
        let Some(feature) = self.feature.as_mut() else {
            return;
        };
        match feature.children.last_mut() {
            Some(FeatureChild::Rule(rule)) => rule.children.push(child),
            _ => feature.children.push(match child {
                RuleChild::Background(b) => FeatureChild::Background(b),
                RuleChild::Scenario(s) => FeatureChild::Scenario(s),
            }),
        }
    }

    pub(super) fn last_block(&mut self) -> Option<Block<'_>> {
        match self.feature.as_mut()?.children.last_mut()? {
            FeatureChild::Background(b) => Some(Block::Background(b)),
            FeatureChild::Scenario(s) => Some(Block::Scenario(s)),
            FeatureChild::Rule(rule) => match rule.children.last_mut()? {
                RuleChild::Background(b) => Some(Block::Background(b)),
                RuleChild::Scenario(s) => Some(Block::Scenario(s)),
            },
        }
    }

    pub(super) fn last_background(&mut self) -> Option<&mut Background> {
        match self.last_block()? {
            Block::Background(b) => Some(b),
            Block::Scenario(_) => None,
        }
    }

    pub(super) fn last_scenario(&mut self) -> Option<&mut Scenario> {
        match self.last_block()? {
            Block::Scenario(s) => Some(s),
            Block::Background(_) => None,
        }
    }

    pub(super) fn last_steps(&mut self) -> Option<&mut Vec<Step>> {
        Some(match self.last_block()? {
            Block::Background(b) => &mut b.steps,
            Block::Scenario(s) => &mut s.steps,
        })
    }

    pub(super) fn last_step(&mut self) -> Option<&mut Step> {
        self.last_steps()?.last_mut()
    }
}
