//! The whole chain on one text: text in, route + probability per topic + assigned topics out.

use crate::lang::{Detector, Lang, Route, Source};
use crate::model::TopicModel;
use crate::text::Analyzer;

/// One tagged text.
#[derive(Clone, Debug, PartialEq)]
pub struct Tagged {
    /// The language pipeline used and the detector's confidence.
    pub route: Route,
    /// Probability of every topic, in the model's topic order.
    pub probs: Vec<f32>,
    /// Assigned topics (indices into the model's topics), strongest first.
    pub topics: Vec<usize>,
}

/// A model with the analyzer and detector its settings describe.
#[derive(Debug)]
pub struct Tagger {
    model: TopicModel,
    analyzer: Analyzer,
    detector: Detector,
    threshold: Option<f32>,
}

/// The detector a model's routing settings describe.
pub fn detector_for(model: &TopicModel) -> Detector {
    let allow = model
        .routing
        .allow
        .iter()
        .filter_map(|c| Lang::from_code(c))
        .collect();
    Detector::new(allow, model.routing.floor)
}

impl Tagger {
    /// A tagger that runs exactly the analyzer and routing the model was trained with.
    pub fn new(model: TopicModel) -> Tagger {
        Tagger {
            analyzer: Analyzer::new(model.analyzer.clone()),
            detector: detector_for(&model),
            model,
            threshold: None,
        }
    }

    /// Use one threshold for every topic instead of the tuned ones.
    pub fn with_threshold(mut self, threshold: Option<f32>) -> Tagger {
        self.threshold = threshold;
        self
    }

    /// The model.
    pub fn model(&self) -> &TopicModel {
        &self.model
    }

    /// The detector.
    pub fn detector(&self) -> &Detector {
        &self.detector
    }

    /// Route, analyze, vectorize and score one text. `given` overrides detection; `hint` is
    /// the language an undetermined short text inherits (the page's or batch's).
    pub fn tag(&self, text: &str, given: Option<Lang>, hint: Option<Lang>) -> Tagged {
        let route = self.detector.route(text, given, hint);
        self.tag_routed(text, route)
    }

    /// Tag a batch of texts that belong together (one page, or one chunk of a file): texts
    /// whose language is undetermined and short inherit the batch's dominant detected language.
    pub fn tag_batch(&self, texts: &[(&str, Option<Lang>)]) -> Vec<Tagged> {
        let routes: Vec<Route> = texts
            .iter()
            .map(|(t, given)| self.detector.route(t, *given, None))
            .collect();
        let hint = dominant(&routes);
        texts
            .iter()
            .zip(routes)
            .map(|(&(text, given), route)| {
                let route = if route.undetermined() && hint.is_some() {
                    self.detector.route(text, given, hint)
                } else {
                    route
                };
                self.tag_routed(text, route)
            })
            .collect()
    }

    /// Analyze, vectorize and score a text whose route is already decided.
    pub fn tag_routed(&self, text: &str, route: Route) -> Tagged {
        let x = self
            .model
            .vectorizer
            .transform_terms(self.analyzer.terms(text, route.lang));
        let probs = self.model.probabilities(&x);
        let topics = self.model.decide(&probs, self.threshold);
        Tagged {
            route,
            probs,
            topics,
        }
    }
}

/// The most common detected (or given) language among `routes`, if any.
pub fn dominant(routes: &[Route]) -> Option<Lang> {
    let mut counts = [0usize; Lang::ALL.len()];
    for r in routes {
        if let (Some(l), Source::Detected | Source::Given) = (r.lang, r.source) {
            counts[l.index()] += 1;
        }
    }
    let (best, n) = counts
        .iter()
        .enumerate()
        .max_by_key(|&(i, n)| (*n, std::cmp::Reverse(i)))?;
    (*n > 0).then_some(Lang::ALL[best])
}
