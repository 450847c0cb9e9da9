//! Resolution: merges what the articles say into one node per real thing and
//! builds the knowledge graph. No I/O and no failure.
//!
//! Persons merge by [`crate::names::merge_key`] (folding and transliteration rules);
//! organizations by entity and country; meetings by class, series countries and
//! ordinal (or, without an ordinal, by their chairs); agreements by class,
//! topic and the meeting they were signed at. All maps are keyed, never
//! compared pair by pair, and every order is sorted so that output is stable.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use petgraph::graph::NodeIndex;

use crate::article::{ArticleFacts, OrgCountry, Party, Target};
use crate::dates::{DateBasis, DateValue};
use crate::document::Document;
use crate::graph::{ordinal_en, slugify, KnowledgeGraph, MentionRecord, Node, NodeKind, Prop, Relation, Value};
use crate::names::{merge_key, origin_country, romanize, strip_diacritics, Script};
use crate::rules::{EntityKind, RuleSet};

/// A date, how its year was found, and the articles that give it.
type DatedBy = (DateValue, DateBasis, BTreeSet<usize>);

/// One person mention of one article, before merging.
struct Candidate {
    doc: usize,
    local: usize,
    lang: String,
    surface: String,
    script: Script,
    romanized: Option<String>,
    key: String,
    /// Named by a gazetteer entry (its name is canonical).
    known: bool,
    /// Merged by cutting a case ending: its form never names the node while
    /// an undeclined mention does.
    declined: bool,
}

struct Resolver<'a> {
    rule_set: &'a RuleSet,
    docs: &'a [Document],
    facts: &'a [ArticleFacts],
    kg: KnowledgeGraph,
    articles: Vec<NodeIndex>,
    countries: BTreeMap<String, NodeIndex>,
    places: BTreeMap<String, NodeIndex>,
    /// (doc, local person) → person node.
    persons: HashMap<(usize, usize), NodeIndex>,
    person_country: HashMap<NodeIndex, String>,
    /// (doc, local org) → org nodes.
    orgs: HashMap<(usize, usize), NodeIndex>,
    org_nodes: BTreeMap<(String, Option<String>), NodeIndex>,
    /// (doc, local meeting) → meeting node.
    meetings: HashMap<(usize, usize), NodeIndex>,
    meeting_dates: HashMap<NodeIndex, DatedBy>,
    /// (doc, local agreement) → agreement node.
    agreement_nodes: HashMap<(usize, usize), NodeIndex>,
    slugs: BTreeMap<(&'static str, String), usize>,
}

/// Builds the knowledge graph from every article's facts.
pub fn resolve(docs: &[Document], facts: &[ArticleFacts], rule_set: &RuleSet) -> KnowledgeGraph {
    let mut r = Resolver {
        rule_set,
        docs,
        facts,
        kg: KnowledgeGraph::default(),
        articles: Vec::new(),
        countries: BTreeMap::new(),
        places: BTreeMap::new(),
        persons: HashMap::new(),
        person_country: HashMap::new(),
        orgs: HashMap::new(),
        org_nodes: BTreeMap::new(),
        meetings: HashMap::new(),
        meeting_dates: HashMap::new(),
        agreement_nodes: HashMap::new(),
        slugs: BTreeMap::new(),
    };
    r.articles();
    r.persons();
    r.orgs();
    r.meetings();
    r.agreements();
    r.places_and_mentions();
    r.kg
}

impl Resolver<'_> {
    /// A slug not yet taken by another node of the same IRI segment.
    fn unique_slug(&mut self, kind: &NodeKind, base: String) -> String {
        let n = self.slugs.entry((kind.iri_segment(), base.clone())).or_insert(0);
        *n += 1;
        if *n == 1 {
            base
        } else {
            format!("{base}-{n}")
        }
    }

    fn new_node(&mut self, kind: NodeKind, slug_base: &str, name: String) -> NodeIndex {
        let slug = self.unique_slug(&kind, slugify(slug_base));
        self.kg.add_node(Node::new(kind, slug, name))
    }

    fn articles(&mut self) {
        for (i, doc) in self.docs.iter().enumerate() {
            let node = self.new_node(NodeKind::Article, &doc.id, doc.source_file.clone());
            let n = &mut self.kg.graph[node];
            n.add(Prop::SourceFile, Value::Text(doc.source_file.clone()), [i]);
            n.docs.insert(i);
            let facts = &self.facts[i];
            if let Some(lang) = &facts.lang {
                n.add(Prop::InLanguage, Value::Text(lang.clone()), [i]);
            }
            if let Some(url) = &facts.url {
                n.add(Prop::Url, Value::Text(url.clone()), [i]);
            }
            if let Some(date) = facts.published {
                n.add(Prop::DatePublished, Value::Date(date), [i]);
            }
            self.articles.push(node);
        }
    }

    fn country(&mut self, id: &str) -> NodeIndex {
        if let Some(&n) = self.countries.get(id) {
            return n;
        }
        let name = self.rule_set.entities.get(id).map_or_else(|| id.to_string(), |e| e.name.clone());
        let node = self.new_node(NodeKind::Country, &name, name.clone());
        self.countries.insert(id.to_string(), node);
        node
    }

    fn candidate(&self, doc: usize, local: usize, known: &HashMap<String, String>) -> Candidate {
        let facts = &self.facts[doc];
        let person = &facts.persons[local];
        let surface = person.surface.clone();
        let script = Script::of(&surface);
        // A known person's name, by gazetteer hit or by a native spelling it lists.
        let entity = person.entity.clone().or_else(|| known.get(&crate::normalize::fold_key(&surface)).cloned());
        let romanized = match entity.and_then(|e| self.rule_set.entities.get(&e)) {
            Some(e) => Some(e.name.clone()),
            None => romanize(self.rule_set, facts.lang.as_deref().unwrap_or(""), &surface).map(|(r, _)| r),
        };
        let key = merge_key(self.rule_set, romanized.as_deref().unwrap_or(&surface));
        let known = person.entity.is_some() || known.contains_key(&crate::normalize::fold_key(&surface));
        Candidate {
            doc,
            local,
            lang: facts.lang.clone().unwrap_or_default(),
            surface,
            script,
            romanized,
            key,
            known,
            declined: false,
        }
    }

    fn persons(&mut self) {
        let mut known: HashMap<String, String> = HashMap::new();
        for e in self.rule_set.entities.values().filter(|e| e.kind == EntityKind::Person) {
            for native in &e.native {
                known.insert(crate::normalize::fold_key(native), e.id.clone());
            }
        }
        let mut candidates: Vec<Candidate> = Vec::new();
        for (doc, facts) in self.facts.iter().enumerate() {
            for local in 0..facts.persons.len() {
                candidates.push(self.candidate(doc, local, &known));
            }
        }
        let mut count: HashMap<String, usize> = HashMap::new();
        for c in &candidates {
            *count.entry(c.key.clone()).or_default() += 1;
        }
        // A name seen once, in a language that declines names: try it without
        // its case ending, on the last word or on every word that carries it
        // ("Сомсаком Вилайвангом"), and keep the form that another mention has.
        for c in candidates.iter_mut() {
            if count[&c.key] > 1 {
                continue;
            }
            let Some(lang) = self.rule_set.language(&c.lang) else { continue };
            for stem in declension_stems(&c.surface, &lang.name_case_endings) {
                let romanized = match c.script {
                    Script::Latin => None,
                    _ => match romanize(self.rule_set, &c.lang, &stem) {
                        Some((r, _)) => Some(r),
                        None => continue,
                    },
                };
                let key = merge_key(self.rule_set, romanized.as_deref().unwrap_or(&stem));
                if count.get(&key).is_some_and(|&n| n > 0) {
                    *count.get_mut(&c.key).expect("counted") -= 1;
                    *count.get_mut(&key).expect("counted") += 1;
                    c.surface = stem;
                    c.romanized = romanized;
                    c.key = key;
                    c.declined = true;
                    break;
                }
            }
        }
        let mut clusters: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, c) in candidates.iter().enumerate() {
            clusters.entry(c.key.clone()).or_default().push(i);
        }
        // Create nodes in order of first appearance, so slugs are stable.
        let mut order: Vec<(&String, &Vec<usize>)> = clusters.iter().collect();
        order.sort_by_key(|(key, members)| {
            (members.iter().map(|&i| (candidates[i].doc, candidates[i].local)).min(), (*key).clone())
        });
        for (key, members) in order {
            let name = canonical_name(members.iter().map(|&i| &candidates[i]));
            let native = members.iter().all(|&i| candidates[i].romanized.is_none());
            let node = self.new_node(NodeKind::Person, &name, name.clone());
            let mut votes: BTreeMap<String, u32> = BTreeMap::new();
            if let Some(origin) = origin_country(&self.rule_set.origins, &name) {
                *votes.entry(origin.country.clone()).or_default() += 3;
            }
            for &i in members {
                let c = &candidates[i];
                let local = &self.facts[c.doc].persons[c.local];
                self.persons.insert((c.doc, c.local), node);
                let n = &mut self.kg.graph[node];
                n.labels.entry((c.surface.clone(), c.lang.clone())).or_default().insert(c.doc);
                n.docs.insert(c.doc);
                for rank in &local.ranks {
                    n.add(Prop::Rank, Value::Text(rank.clone()), [c.doc]);
                }
                for post in &local.posts {
                    n.add(Prop::JobTitle, Value::Text(post.clone()), [c.doc]);
                }
                for (country, weight) in &local.votes {
                    *votes.entry(country.clone()).or_default() += weight;
                }
                let entity = local.entity.as_ref().and_then(|e| self.rule_set.entities.get(e));
                if let Some(crate::rules::CountryRule::Fixed(country)) = entity.map(|e| &e.country) {
                    *votes.entry(country.clone()).or_default() += 5;
                }
            }
            let n = &mut self.kg.graph[node];
            n.add(Prop::MergeKey, Value::Text(key.clone()), n.docs.clone());
            if native {
                n.add(Prop::NativeName, Value::Text(name.clone()), n.docs.clone());
            }
            let best = votes.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(c, _)| c.clone());
            if let Some(country) = best {
                let docs = self.kg.graph[node].docs.clone();
                let c = self.country(&country);
                self.kg.relate(node, Relation::Nationality, c, docs);
                self.person_country.insert(node, country);
            }
        }
    }

    fn org_country(&self, doc: usize, country: &OrgCountry) -> Option<String> {
        match country {
            OrgCountry::None => None,
            OrgCountry::Country(c) => Some(c.clone()),
            OrgCountry::OfPerson(p) => self.persons.get(&(doc, *p)).and_then(|n| self.person_country.get(n)).cloned(),
        }
    }

    fn orgs(&mut self) {
        for (doc, facts) in self.facts.iter().enumerate() {
            for (local, org) in facts.orgs.iter().enumerate() {
                let country = self.org_country(doc, &org.country);
                let key = (org.entity.clone(), country.clone());
                let node = match self.org_nodes.get(&key) {
                    Some(&n) => n,
                    None => {
                        let entity = &self.rule_set.entities[&org.entity];
                        let name = country
                            .as_ref()
                            .and_then(|c| entity.names_by_country.get(c))
                            .cloned()
                            .unwrap_or_else(|| entity.name.clone());
                        let kind = if entity.kind == EntityKind::GovernmentOrganization {
                            NodeKind::GovernmentOrganization
                        } else {
                            NodeKind::Organization
                        };
                        let country_name = country
                            .as_ref()
                            .map(|c| self.rule_set.entities.get(c).map_or(c.clone(), |e| e.name.clone()));
                        let slug = match &country_name {
                            Some(c) => format!("{name} {c}"),
                            None => name.clone(),
                        };
                        let n = self.new_node(kind, &slug, name);
                        if let Some(c) = &country {
                            let cn = self.country(c);
                            self.kg.relate(n, Relation::Country, cn, [doc]);
                        }
                        self.org_nodes.insert(key, n);
                        n
                    }
                };
                self.kg.graph[node].docs.insert(doc);
                if let Some(c) = &country {
                    let cn = self.country(c);
                    self.kg.relate(node, Relation::Country, cn, [doc]);
                }
                self.orgs.insert((doc, local), node);
            }
            for (local, person) in facts.persons.iter().enumerate() {
                let p = self.persons[&(doc, local)];
                for o in &person.works_for {
                    let on = self.orgs[&(doc, *o)];
                    self.kg.relate(p, Relation::WorksFor, on, [doc]);
                }
                for o in &person.member_of {
                    let on = self.orgs[&(doc, *o)];
                    self.kg.relate(p, Relation::MemberOf, on, [doc]);
                }
            }
        }
    }

    fn series_name(&self, series: &[String]) -> String {
        series
            .iter()
            .map(|c| self.rule_set.entities.get(c).map_or(c.clone(), |e| e.name.clone()))
            .collect::<Vec<_>>()
            .join("–")
    }

    fn meetings(&mut self) {
        // Keys first: meetings of different articles with one key are one node.
        let mut keyed: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
        let mut series_of: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
        for (doc, facts) in self.facts.iter().enumerate() {
            for (local, m) in facts.meetings.iter().enumerate() {
                let mut sorted = m.series.clone();
                sorted.sort();
                let series_key = format!("{}|{}", m.class, sorted.join("+"));
                if m.ordinal.is_some() || m.is_series_only() {
                    series_of.entry(series_key.clone()).or_insert_with(|| (m.class.clone(), m.series.clone()));
                }
                if m.is_series_only() {
                    continue;
                }
                let key = match m.ordinal {
                    Some(n) => format!("{series_key}|#{n}"),
                    None => {
                        let mut chairs: Vec<String> =
                            m.chairs.iter().map(|p| self.kg.graph[self.persons[&(doc, *p)]].slug.clone()).collect();
                        chairs.sort();
                        if chairs.is_empty() {
                            format!("{series_key}|doc{doc}-{local}")
                        } else {
                            format!("{series_key}|{}", chairs.join("+"))
                        }
                    }
                };
                keyed.entry(key).or_default().push((doc, local));
            }
        }
        let mut series_nodes: BTreeMap<String, NodeIndex> = BTreeMap::new();
        for (series_key, (class, countries)) in &series_of {
            let name = format!("{} {}", self.series_name(countries), self.rule_set.class_name(class));
            let node = self.new_node(NodeKind::MeetingSeries(class.clone()), &name, name.clone());
            series_nodes.insert(series_key.clone(), node);
        }
        for (doc, facts) in self.facts.iter().enumerate() {
            for m in facts.meetings.iter().filter(|m| m.is_series_only()) {
                let mut sorted = m.series.clone();
                sorted.sort();
                let node = series_nodes[&format!("{}|{}", m.class, sorted.join("+"))];
                self.kg.graph[node].docs.insert(doc);
            }
        }
        let mut order: Vec<(&String, &Vec<(usize, usize)>)> = keyed.iter().collect();
        order.sort_by_key(|(key, members)| (members.iter().min().copied(), (*key).clone()));
        let mut same_day: Vec<(NodeIndex, usize, usize, usize)> = Vec::new();
        for (_, members) in order {
            let (d0, l0) = members[0];
            let first = &self.facts[d0].meetings[l0];
            let class = first.class.clone();
            let mut sorted = first.series.clone();
            sorted.sort();
            let series_node = series_nodes.get(&format!("{}|{}", class, sorted.join("+"))).copied();
            let ordinal = members.iter().find_map(|&(d, l)| self.facts[d].meetings[l].ordinal);
            let chair_nodes: BTreeSet<NodeIndex> = members
                .iter()
                .flat_map(|&(d, l)| self.facts[d].meetings[l].chairs.iter().map(move |p| (d, *p)))
                .map(|k| self.persons[&k])
                .collect();
            let name = match ordinal {
                Some(n) => format!(
                    "{} {} {}",
                    ordinal_en(n),
                    self.series_name(&first.series),
                    self.rule_set.class_name(&class)
                ),
                None => {
                    let hosts: Vec<String> = chair_nodes.iter().map(|&p| self.kg.graph[p].name.clone()).collect();
                    let kind = self.rule_set.class_name(&class);
                    match (hosts.is_empty(), class.as_str()) {
                        (true, _) => format!("{} {kind}", self.series_name(&first.series)),
                        (false, "Talks") => format!("{kind} between {}", hosts.join(" and ")),
                        (false, "CourtesyCall") => format!("{kind} on {}", hosts.join(" and ")),
                        (false, "Visit") => format!("{kind} by {}", hosts.join(" and ")),
                        (false, _) => format!("{kind} hosted by {}", hosts.join(" and ")),
                    }
                }
            };
            let node = self.new_node(NodeKind::Meeting(class.clone()), &name, name.clone());
            let docs: BTreeSet<usize> = members.iter().map(|&(d, _)| d).collect();
            if let Some(series_node) = series_node {
                self.kg.relate(node, Relation::Series, series_node, docs.clone());
                self.kg.graph[series_node].docs.extend(docs.iter().copied());
            }
            let mut best_date: Option<DatedBy> = None;
            for &(d, l) in members {
                self.meetings.insert((d, l), node);
                let m = &self.facts[d].meetings[l];
                self.kg.graph[node].docs.insert(d);
                if let Some(n) = m.ordinal {
                    self.kg.graph[node].add(Prop::Ordinal, Value::Int(n), [d]);
                }
                for p in &m.chairs {
                    let pn = self.persons[&(d, *p)];
                    self.kg.relate(node, Relation::Chair, pn, [d]);
                }
                for p in m.attendees.iter().chain(m.chairs.iter()) {
                    let pn = self.persons[&(d, *p)];
                    self.kg.relate(node, Relation::Attendee, pn, [d]);
                }
                if let Some(place) = &m.place {
                    let pn = self.place(place);
                    self.kg.relate(node, Relation::Location, pn, [d]);
                }
                if let Some((value, basis)) = m.date {
                    let better = match &best_date {
                        None => true,
                        Some((v, b, _)) => {
                            (value.precision(), !basis.is_inferred()) > (v.precision(), !b.is_inferred())
                        }
                    };
                    if better {
                        best_date = Some((value, basis, BTreeSet::from([d])));
                    } else if let Some((v, _, ds)) = best_date.as_mut() {
                        if *v == value {
                            ds.insert(d);
                        }
                    }
                }
                if let Some(target) = m.same_day_as {
                    same_day.push((node, d, target, l));
                }
            }
            if let Some(date) = best_date {
                self.meeting_dates.insert(node, date);
            }
        }
        // "The same day": the date of the meeting the sentence referred to.
        for (node, doc, target, _) in same_day {
            if self.meeting_dates.contains_key(&node) {
                continue;
            }
            let Some(&target_node) = self.meetings.get(&(doc, target)) else { continue };
            if let Some((value, _, _)) = self.meeting_dates.get(&target_node).cloned() {
                self.meeting_dates.insert(node, (value, DateBasis::SameDay, BTreeSet::from([doc])));
            }
        }
        let dated: Vec<(NodeIndex, DatedBy)> = self.meeting_dates.iter().map(|(k, v)| (*k, v.clone())).collect();
        for (node, (value, basis, docs)) in dated {
            write_date(&mut self.kg.graph[node], Prop::StartDate, value, basis, docs);
        }
    }

    fn place(&mut self, id: &str) -> NodeIndex {
        if let Some(&n) = self.places.get(id) {
            return n;
        }
        let entity = self.rule_set.entities.get(id);
        let name = entity.map_or_else(|| id.to_string(), |e| e.name.clone());
        let node = self.new_node(NodeKind::Place, &name, name.clone());
        if let Some(crate::rules::CountryRule::Fixed(c)) = entity.map(|e| e.country.clone()) {
            let cn = self.country(&c);
            self.kg.relate(node, Relation::ContainedIn, cn, std::iter::empty());
        }
        self.places.insert(id.to_string(), node);
        node
    }

    fn agreements(&mut self) {
        let mut keyed: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
        for (doc, facts) in self.facts.iter().enumerate() {
            for (local, a) in facts.agreements.iter().enumerate() {
                // A meeting that is only a series mention is no meeting to sign at.
                let signed_at = a.signed_at.filter(|m| self.meetings.contains_key(&(doc, *m)));
                let key = match (&a.entity, signed_at, a.date) {
                    (Some(id), _, _) => format!("entity|{id}"),
                    (None, Some(m), _) => {
                        format!(
                            "{}|{}|at {}",
                            a.class,
                            a.topic.clone().unwrap_or_default(),
                            self.kg.graph[self.meetings[&(doc, m)]].slug
                        )
                    }
                    (None, None, Some((d, _))) => format!("{}|{}|on {d}", a.class, a.topic.clone().unwrap_or_default()),
                    (None, None, None) => {
                        format!("{}|{}|doc{doc}-{local}", a.class, a.topic.clone().unwrap_or_default())
                    }
                };
                keyed.entry(key).or_default().push((doc, local));
            }
        }
        let mut order: Vec<(&String, &Vec<(usize, usize)>)> = keyed.iter().collect();
        order.sort_by_key(|(key, members)| (members.iter().min().copied(), (*key).clone()));
        for (_, members) in order {
            let (d0, l0) = members[0];
            let first = &self.facts[d0].agreements[l0];
            let class = first.class.clone();
            let topic = members.iter().find_map(|&(d, l)| self.facts[d].agreements[l].topic.clone());
            let signed_at = members.iter().find_map(|&(d, l)| {
                self.facts[d].agreements[l].signed_at.and_then(|m| self.meetings.get(&(d, m)).copied())
            });
            let kind_name = members
                .iter()
                .find_map(|&(d, l)| self.facts[d].agreements[l].kind_name.clone())
                .unwrap_or_else(|| self.rule_set.class_name(&class).to_string());
            let name = if let Some(id) = &first.entity {
                self.rule_set.entities[id].name.clone()
            } else if let (Some(m), "Minutes") = (signed_at, class.as_str()) {
                format!("{kind_name} of the {}", self.kg.graph[m].name)
            } else {
                match &topic {
                    Some(t) => format!("{kind_name} on {}", title_case(t)),
                    None => kind_name.clone(),
                }
            };
            let node = self.new_node(NodeKind::Agreement(class.clone()), &name, name.clone());
            if let Some(t) = &topic {
                let docs: BTreeSet<usize> = members.iter().map(|&(d, _)| d).collect();
                self.kg.graph[node].add(Prop::Topic, Value::Text(t.clone()), docs);
            }
            let mut date: Option<DatedBy> = None;
            for &(d, l) in members {
                let a = &self.facts[d].agreements[l];
                self.kg.graph[node].docs.insert(d);
                if let Some(&mn) = a.signed_at.and_then(|m| self.meetings.get(&(d, m))) {
                    self.kg.relate(node, Relation::SignedAt, mn, [d]);
                    if a.chairs_sign {
                        // "The two heads of delegation signed": the chairs, or
                        // the attendees of a meeting with one chair (a reception).
                        let chairs = self.kg.targets(mn, Relation::Chair);
                        let signers = if chairs.len() >= 2 {
                            chairs
                        } else {
                            let attendees = self.kg.targets(mn, Relation::Attendee);
                            attendees.into_iter().filter(|&n| self.kg.graph[n].kind == NodeKind::Person).collect()
                        };
                        for signer in signers {
                            self.kg.relate(node, Relation::Signatory, signer, [d]);
                        }
                    }
                    if date.is_none() && a.date.is_none() {
                        if let Some((v, b, _)) = self.meeting_dates.get(&mn) {
                            let basis = if b.is_inferred() { *b } else { DateBasis::Stated };
                            date = Some((*v, basis, BTreeSet::from([d])));
                        }
                    }
                }
                if let Some((v, b)) = a.date {
                    if date.as_ref().is_none_or(|(old, _, _)| v.precision() > old.precision()) {
                        date = Some((v, b, BTreeSet::from([d])));
                    }
                }
                for p in &a.signatories {
                    let pn = self.persons[&(d, *p)];
                    self.kg.relate(node, Relation::Signatory, pn, [d]);
                }
                for party in &a.parties {
                    let target = match party {
                        Party::Org(o) => self.orgs[&(d, *o)],
                        Party::Country(c) => self.country(c),
                    };
                    self.kg.relate(node, Relation::Party, target, [d]);
                }
            }
            if let Some((v, b, docs)) = date {
                write_date(&mut self.kg.graph[node], Prop::SignedOn, v, b, docs);
            }
            for &(d, l) in members {
                self.agreement_nodes.insert((d, l), node);
            }
        }
    }

    fn places_and_mentions(&mut self) {
        for (doc, facts) in self.facts.iter().enumerate() {
            let text = &self.docs[doc].text;
            let lang = facts.lang.clone().unwrap_or_default();
            for mention in &facts.mentions {
                let node = match &mention.target {
                    Target::Person(p) => self.persons[&(doc, *p)],
                    Target::Org(o) => self.orgs[&(doc, *o)],
                    Target::Country(c) => self.country(c),
                    Target::Place(p) => self.place(p),
                    Target::Meeting(m) => match self.meetings.get(&(doc, *m)) {
                        Some(&n) => n,
                        None => continue,
                    },
                    Target::Agreement(a) => self.agreement_nodes[&(doc, *a)],
                };
                let anchor = text[mention.span.start..mention.span.end].to_string();
                let n = &mut self.kg.graph[node];
                n.docs.insert(doc);
                if matches!(
                    n.kind,
                    NodeKind::Country | NodeKind::Place | NodeKind::Organization | NodeKind::GovernmentOrganization
                ) {
                    n.labels.entry((crate::normalize::normalize(&anchor).text, lang.clone())).or_default().insert(doc);
                }
                self.kg.mentions.push(MentionRecord {
                    doc,
                    span: mention.span,
                    anchor,
                    rule: mention.rule.clone(),
                    node,
                });
            }
        }
        // Articles mention every entity that their facts involve.
        let nodes: Vec<NodeIndex> = self.kg.graph.node_indices().collect();
        for node in nodes {
            if self.kg.graph[node].kind == NodeKind::Article {
                continue;
            }
            let docs: Vec<usize> = self.kg.graph[node].docs.iter().copied().collect();
            for d in docs {
                let article = self.articles[d];
                self.kg.relate(article, Relation::Mentions, node, [d]);
            }
        }
    }
}

fn write_date(node: &mut Node, prop: Prop, value: DateValue, basis: DateBasis, docs: BTreeSet<usize>) {
    node.add(prop, Value::Date(value), docs.clone());
    node.add(Prop::YearInferred, Value::Bool(basis.is_inferred()), docs.clone());
    node.add(Prop::DateBasis, Value::Text(basis.as_str().to_string()), docs);
}

fn title_case(text: &str) -> String {
    text.split(' ')
        .enumerate()
        .map(|(i, w)| {
            let small = ["and", "of", "the", "on", "in", "for", "to"];
            if i > 0 && small.contains(&w) {
                w.to_string()
            } else {
                let mut c = w.chars();
                c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The canonical name of a cluster: its most frequent Latin spelling without
/// diacritics, else the romanization of its most frequent other spelling.
fn canonical_name<'c>(members: impl Iterator<Item = &'c Candidate>) -> String {
    let members: Vec<&Candidate> = members.collect();
    let undeclined = members.iter().any(|c| !c.declined);
    let mut latin: BTreeMap<String, (usize, (usize, usize))> = BTreeMap::new();
    let mut other: BTreeMap<String, (usize, (usize, usize))> = BTreeMap::new();
    for c in members.into_iter().filter(|c| !(undeclined && c.declined)) {
        let at = (c.doc, c.local);
        if c.script == Script::Latin || c.known {
            let name = if c.known { c.romanized.clone().unwrap_or_default() } else { strip_diacritics(&c.surface) };
            let e = latin.entry(name).or_insert((0, at));
            e.0 += 1;
            e.1 = e.1.min(at);
        } else {
            let name = c.romanized.clone().unwrap_or_else(|| c.surface.clone());
            let e = other.entry(name).or_insert((0, at));
            e.0 += 1;
            e.1 = e.1.min(at);
        }
    }
    let pick = |m: &BTreeMap<String, (usize, (usize, usize))>| {
        m.iter().max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1))).map(|(n, _)| n.clone())
    };
    pick(&latin).or_else(|| pick(&other)).unwrap_or_default()
}

/// The forms of `name` without its case endings: each word as written or
/// without one of `endings` (a declined first name and surname may differ:
/// Polish "Ostapa Kowtunenkę"), every combination but the name itself, the
/// last word's changes first. An ending written `ę>o` is replaced rather
/// than cut ("Kowtunenkę" is "Kowtunenko"). Stems keep two letters; at most
/// 64 forms.
fn declension_stems(name: &str, endings: &[String]) -> Vec<String> {
    let cut = |word: &str, ending: &str| -> Option<String> {
        let (suffix, replacement) = ending.split_once('>').unwrap_or((ending, ""));
        let stem = word.strip_suffix(suffix)?;
        (stem.chars().count() >= 2).then(|| format!("{stem}{replacement}"))
    };
    let options: Vec<Vec<String>> = name
        .split(' ')
        .map(|w| {
            let mut o = vec![w.to_string()];
            for e in endings {
                if let Some(stem) = cut(w, e) {
                    if !o.contains(&stem) {
                        o.push(stem);
                    }
                }
            }
            o
        })
        .collect();
    // Combinations in order: the last word varies first.
    let mut forms: Vec<Vec<String>> = vec![Vec::new()];
    for o in &options {
        forms = forms.into_iter().flat_map(|f| o.iter().map(move |w| [f.clone(), vec![w.clone()]].concat())).collect();
        if forms.len() > 64 {
            forms.truncate(64);
        }
    }
    let mut out: Vec<String> = forms.into_iter().map(|f| f.join(" ")).filter(|f| f != name).collect();
    // Fewer changed words first (a stable sort keeps the order otherwise).
    let changed = |f: &String| f.split(' ').zip(name.split(' ')).filter(|(a, b)| a != b).count();
    out.sort_by_key(changed);
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn declined_names_lose_their_endings_word_by_word() {
        let endings: Vec<String> = ["ом", "а", "у"].iter().map(|e| e.to_string()).collect();
        let stems = super::declension_stems("Сомсаком Вилайвангом", &endings);
        assert_eq!(stems, ["Сомсаком Вилайванг", "Сомсак Вилайвангом", "Сомсак Вилайванг"]);
        assert!(super::declension_stems("Ли У", &endings).is_empty(), "stems keep two letters");
        let polish: Vec<String> = vec!["a".to_string(), "ę>o".to_string()];
        assert_eq!(
            super::declension_stems("Ostapa Kowtunenkę", &polish),
            ["Ostapa Kowtunenko", "Ostap Kowtunenkę", "Ostap Kowtunenko"]
        );
    }
}
