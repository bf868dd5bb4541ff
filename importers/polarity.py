"""Polarity by sentence: each sentence of a finding is judged, and the finding follows from them.

A finding's units are its sentences (`importers.sentences`), with a sentence cut in two where a
semicolon joins contrasting clauses ("strong in X; however, Y needs work"). Each unit is a
`strength`, an `area_for_development` (a gap, a risk, or what should or could be done), or
`neutral` (description that judges nothing, or advice that only builds on a strength: "it would
be good to evidence this").

The rule, which the hand labels in tests/gold follow:

1. Inside a unit the main clause carries the verdict. What a leading "whilst / although / despite"
   concedes, or a trailing "although ..." caveat, does not count; after "but" or "however" the
   clause that follows carries it. So "While there is a commitment to X, Y is not yet in place"
   is one area for development, not a strength and an area for development.
2. A finding is `mixed` only when it holds both a strength unit and an area-for-development unit.
3. Otherwise it takes the side its units hold. With only neutral units it takes its heading's
   side (Strengths / Considerations), or else the side its units lean to.

The heading is strong context for every unit, not only the last resort of rule 3: under a
Considerations heading, praise that merely introduces the consideration reads as neutral. A unit
with no word of judgement, report or advice at all is neutral, and a passage is mixed only when
its weaker side is a real share of the evidence (`UnitModel`), so one doubtful sentence in a long
paragraph does not make it mixed.

Units are judged by a multinomial logistic regression over lexical and clause features (cue
phrases counted apart in the main and in the conceded clause, position, contrast words, the
heading), with weights in importers/data/polarity_weights.json. `python -m
benchmarks.train_polarity` trains them on tests/gold and prints leave-one-report-out figures.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from importers.literals import PatternSet
from importers.model import Polarity, Section, SentencePolarity
from importers.sentences import split_sentences

WEIGHTS_PATH = Path(__file__).resolve().parent / "data" / "polarity_weights.json"

Features = dict[str, float]


@dataclass(frozen=True)
class PassageContext:
    """What the parser knows about where a passage sits."""

    prior: Polarity | None = None
    """The Strengths / Considerations heading above it, if any."""
    section: Section | None = None


@dataclass(frozen=True)
class JudgedSentence:
    """One unit of a passage: offsets into the passage and its polarity."""

    start: int
    end: int
    polarity: SentencePolarity


@dataclass(frozen=True)
class PassageJudgement:
    polarity: Polarity
    sentences: tuple[JudgedSentence, ...]


# --- cue phrases --------------------------------------------------------------------------------


def _cues(pairs: dict[str, str]) -> dict[str, re.Pattern[str]]:
    # Lower-case patterns, matched on lowered text, must start a word: `_cue_counts` checks that
    # rather than a leading \b, which keeps re from skipping ahead to a pattern's first letters.
    return {name: re.compile(pattern) for name, pattern in pairs.items()}


PRAISE = _cues(
    {
        "strong": r"strong(ly)?\b|strengths?\b(?![- ]based)",
        "good": r"good\b|very good|excellent|outstanding",
        "positive": r"positive(ly)?\b|positives\b|positivity",
        "effective": r"effective(ly)?\b|efficient(ly)?\b|works? well|working well|is working\b",
        "impressive": r"impress(ive|ed)|notable\b|remarkable",
        "innovative": r"innovat(ive|ion)|creative(ly)?\b|creativity",
        "valued": r"valued|appreciat(ed|ive)|welcom(e|ed|es|ing)|praised|complimentary|highly regarded",
        "proud": r"proud|pride\b",
        "committed": r"passionate|committed|commitment|dedicat(ed|ion)|enthusias(m|tic)|motivated",
        "well_done": r"well[- ](?!being)\w+ed\b|well[- ](placed|thought out|run|led)",
        "success": r"success(ful(ly)?)?\b|celebrat|achievements?\b|thriving",
        "robust": r"robust|mature\b|timely\b|comprehensive|thorough|proactive(ly)?|resilien(t|ce)",
        "improved": r"(has|have|had) (improved|reduced|increased)|improv(ed|ing) (performance|outcomes)"
        r"|reductions? in|on track\b",
        "encouraging": r"pleased|encourag(ed|ing)|promising|heartening",
        "spoke_well": r"spoke (very )?(well|highly)|spoken well|positive (feedback|views|comments)",
        "good_practice": r"good practice|best practice|evidence of (good|strong|effective)|leading\b",
        "supportive": r"supportive\b|visible\b|accessible\b|approachable|responsive\b",
        "clear": r"clear (vision|focus|commitment|understanding|priorities|expectations|sense)",
        "open": r"openness|open\b|transparen(t|cy)|honest\b|receptive|energy\b",
        "valuable": r"helpful|valuable|beneficial|invaluable",
        "above_average": r"performing (very )?well|above (the )?(england |national |regional )?average"
        r"|top quartile|high (levels|rates) of (satisfaction|good)",
        "no_problem": r"no (significant |long |real |or minimal )?(backlogs?|waiting lists?|delays?|waits?|concerns?"
        r"|issues|failings)\b",
        "in_place": r"(is|are|were|has been|have been) (in place|established|introduced|developed|embedded)",
        "enable": r"enabl(es|ing|er|ed)|empower",
        "confident": r"confiden(t|ce)\b",
        "joined_up": r"joined[- ]up|collaborat(ive|ion|ively)|integrated working|co-?locat|work(s|ed|ing)? (closely|together)",
        "person_centred": r"person[- ]centred|strengths?[- ]based|personalised|least restrictive",
        "respected": r"respected|trusted\b|trust\b",
        "stable": r"stable\b|stability|low (turnover|vacanc|sickness)|retention",
        "assurance": r"assurance|assured\b|oversight",
        "brilliant": r"brilliant|best\b|commended|favourabl|sound\b|exemplary|marvellous|fantastic|great\b|stars?\b",
        "proportionate": r"proportionate|appropriate(ly)?\b|safe(ly)?\b",
        "efficiency": r"efficien(cy|t)|increased capacity|quick(er|ly)?\b|faster|speedy|prompt(ly)?\b",
        "champion": r"champion|passion\b",
        "adopted": r"adopted|restarted|implemented|expanded|invest(ed|ment)",
        "hard_work": r"work(s|ed|ing)? hard|out of their way|heavy lifting|engaged\b",
    }
)

CRITICISM = _cues(
    {
        "lack": r"lack(s|ed|ing)?\b|absence of|absent\b|no (clear|single|shared|evidence|formal|regular)"
        r"|little (evidence|sense)|missing",
        "limited": r"limited\b|insufficient|inadequate|underdeveloped|under-developed|under-?utilised",
        "inconsistent": r"inconsisten|variab(le|ility)|patchy|varied|mixed (feedback|opinions|messages|views)",
        "risk": r"risks?\b|at risk",
        "concern": r"concerns?\b|concerned|worr(y|ies|ied)",
        "challenge": r"challeng(es|ing)\b|pressures?\b|overspend|deficit|strain\b",
        "gap": r"gaps?\b|shortage|shortfall",
        "wait": r"delays?\b|delayed|backlogs?\b|waiting (lists?|times?)|waits?\b|unallocated",
        "not_adv": r"not (always|clear|fully|yet|well|routinely|consistently|sufficiently|easy|easily|as)\b",
        "unclear": r"unclear|unaware|uncertain(ty)?|confus|misunderstand",
        "difficult": r"difficult(y|ies)?\b|hard to|struggl|frustrat|burdensome|onerous",
        "weak": r"weak(ness(es)?)?\b|poor(er|ly)?\b|below (the )?(england |national |regional )?average"
        r"|lowest quartile|low\b",
        "critical": r"critical of|dissatisf|disconnect|unhelpful|unsympathetic|tick box",
        "negation": r"not\b|\w+n't\b|no\b|nor\b|never\b|cannot\b|without\b",
        "stopped": r"stopped|ceased|paused|diminish|declin(ed|ing)|deteriorat|lost\b|los(e|ing)\b|eroded",
        "fragmented": r"fragment|disjointed|silo(ed|s)?\b|duplicat|disconnected",
        "hinder": r"hamper|hinder|imped|compromis|undermin",
        "unmet": r"unmet|missed|missing out",
        "inequity": r"inequit|inequalit|unequal|unfair|disparit",
        "breakdown": r"breakdown|break down|crisis|crises|fragil|unsustainab",
        "high_rates": r"high (rates?|numbers|levels|proportion) of|outlier|significant(ly)? (higher|lower|below)",
        "fight": r"fight|battle|chas(e|ing)|pot luck",
        "less": r"less (clear|evident|connected|visible|developed|strong|consistent|positive|well)|fewer\b",
        "only": r"only\b",
        "expected": r"than (might be |would be |we would have )?expected",
        "tension": r"tensions?\b|disputes?\b|friction",
        "workload": r"workload|capacity (issues|constraints|pressures)|stretched|overstretched",
        "unsure": r"unsure|not sure|questions? (about|whether|as to|over)|questioned|questionable",
        "little": r"heard little|little (about|evidence|sense)|scarce",
        "rely": r"rel(y|ies|iant|ied) on|depend(s|ent)? on",
        "lonely": r"lonely|isolated|forgotten|discourag",
        "bound": r"bound to|likely to be (a )?(focus|risk|challenge)",
        "long_waits": r"long (periods|waits?|waiting|time)",
        "negative": r"negative(ly)?\b|detriment",
        "over_reliance": r"over-?reliance|rel(y|ies|iance|ying) (heavily|too much)|over-?emphasis|overly",
        "issue": r"issues?\b|problems?\b|failings?\b|barriers?\b",
        "improvement_needed": r"improvement (is|was) needed|area(s)? for (improvement|development)"
        r"|more (work )?to (do|be done)|work to do|much (more )?to do",
    }
)

PRESCRIPTION = _cues(
    {
        "should": r"should\b|must\b",
        "need": r"needs? to\b|will need\b|needed\b|required\b|requires?\b|essential\b|imperative|vital\b",
        "could": r"could\b",
        "might": r"might\b|may (wish|want|need|benefit|be (worth|helpful|useful))",
        "benefit": r"would (be|benefit|help|support)|benefit from|it would be (good|helpful|useful)",
        "recommend": r"recommend|suggest(s|ed|ion)?\b|advise",
        "consider": r"consider(ation|ed|ing)?\b|review(ed|ing)?\b|explor(e|ed|ing)",
        "further": r"further (work|development|consideration|focus|exploration)|more (could|can) be done"
        r"|more (focus|clarity|work)",
        "opportunity": r"opportunit(y|ies)",
        "important": r"important|key\b|priority|prioriti[sz]",
        "evidence": r"(to |can |could |should )?(evidence|showcase|demonstrate|illustrate)\b",
        "want": r"would like|wish(es)? to|want(s|ed)? to|hope",
        "ensure": r"ensur(e|ing)\b",
        "more": r"more\b|better\b|greater\b|clearer\b|stronger\b",
        "value_in": r"value in|worth (considering|exploring|looking)|interesting to (review|see)",
    }
)

# Words of risk and concern that describe good practice ("manages risks", "positive risk-taking").
DESCRIPTIVE = _cues(
    {
        "reduce_wait": r"(reduc\w*|bring(ing)? down|brought down|cut(ting)?|clear(ed|ing)|lower(ed|ing)|fewer)\s+"
        r"(\w+\s+){0,5}(wait\w*|delays?|backlogs?|queues?)",
        "manage_risk": r"(manag\w*|mitigat\w*|review\w*|address\w*|assess\w*|monitor\w*|track\w*|oversee\w*"
        r"|escalat\w*|respond\w*) (of |the |any |these |such |to )?(\w+ ){0,2}(risks?|concerns?|challenges"
        r"|pressures|issues)\b",
        "risk_practice": r"risk[- ](taking|management|tool|matrix|register|assessments?|prioritisation|based"
        r"|enablement)",
        "concern_process": r"(safeguarding|quality|provider) concerns?\b",
    }
)

# Awareness, ambition and plans: neither praise nor criticism on their own, often the set-up of one.
INTENT = _cues(
    {
        "aware": r"aware(ness)?\b|recognis(es|ed|ing)|self-aware|understands?\b|acknowledg",
        "ambition": r"ambitio(n|us)|aspiration|desire to|keen to|willing(ness)?|intent(ion)?\b",
        "plans": r"plans?\b|planned|strateg(y|ies)\b|programmes?\b|work (is )?(underway|in progress)|developing\b",
    }
)

REPORTING = _cues(
    {
        "heard": r"heard|told|reported|described|said|commented|mentioned|felt\b|expressed",
        "saw": r"saw|found|noted|observed|evident|evidence (of|that)",
        "hedge": r"perhaps|possibly|potential(ly)?\b|appears?|seems?|may\b|might\b",
        "future": r"will\b|going forward|in future|future\b",
        "some": r"some\b|a number of|several",
        "most": r"(most|many|all|majority)\b",
    }
)

_CUE_GROUPS: tuple[tuple[str, Mapping[str, re.Pattern[str]]], ...] = (
    ("praise", PRAISE),
    ("criticism", CRITICISM),
    ("prescription", PRESCRIPTION),
    ("descriptive", DESCRIPTIVE),
    ("intent", INTENT),
    ("reporting", REPORTING),
)

# Every cue in scan order (group by group), matched together so a unit is read for the cues it may hold.
_CUE_LIST: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (group, name, pattern) for group, cues in _CUE_GROUPS for name, pattern in cues.items()
)
_CUE_SCAN = PatternSet([pattern for _, _, pattern in _CUE_LIST])

_NEGATED = re.compile(r"\b(not|no|never|nor|lack of|without|less)\s+(\w+\s+)?$", re.IGNORECASE)

# --- units and clauses ---------------------------------------------------------------------------

_SEMICOLON_CONTRAST = re.compile(
    r";\s+(?=(however|but|conversely|whereas|nevertheless|although)\b)", re.IGNORECASE
)
_STARTS_CONTRAST = re.compile(
    r"^\W*(however|but|nevertheless|nonetheless|conversely|yet|although|despite|notwithstanding)\b", re.I
)
_LEADING_CONCESSION = re.compile(
    r"^\W*(\w+,?\s+){0,3}?(whilst|while|although|though|despite|notwithstanding|even though|albeit)\b", re.I
)
_MID_CONTRAST = re.compile(r"(,\s*|\s+)(but|however|yet)\b(?!\s+also\b)|,\s*but\s+also\b", re.IGNORECASE)
_NOT_ONLY = re.compile(r"\bnot (only|just)\b", re.IGNORECASE)
_TRAILING_CONCESSION = re.compile(r"(,\s*|\(\s*|\s+–\s+)(although|though|albeit|even if)\b", re.IGNORECASE)
# Both start with a comma or spaces, so re steps through every character; most units hold none
# of their words ("but", "though"...), and these scans skip them.
_MID_CONTRASTS = PatternSet([_MID_CONTRAST])
_TRAILING_CONCESSIONS = PatternSet([_TRAILING_CONCESSION])
_HEADING_NAMES = {Polarity.STRENGTH: "strength", Polarity.AREA_FOR_DEVELOPMENT: "considerations"}
_IMPERATIVE = re.compile(
    r"^\W*(\w+[\w' ]*:\s+)?(clarify|communicate|ensure|develop|review|consider|build|establish|improve|create|set out"
    r"|strengthen|agree|promote|address|embed|make|prioriti[sz]e|focus|explore|continue)\b",
    re.IGNORECASE,
)
_LABEL = re.compile(r"^\W*[A-Z][\w'’]*(\s+[\w'’&/()-]+){0,9}:\s")


def polarity_units(text: str, sentences: Sequence[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """(start, end) of each unit of `text`: its sentences, cut again at "; however" and the like.

    `sentences`: the text's `split_sentences`, when the caller has it already."""
    units: list[tuple[int, int]] = []
    for start, end in split_sentences(text) if sentences is None else sentences:
        cut = start
        for match in _SEMICOLON_CONTRAST.finditer(text, start, end):
            units.append((cut, match.start() + 1))
            cut = match.end()
        units.append((cut, end))
    return units


def _conceded_range(unit: str) -> tuple[int, int] | None:
    """The part of a unit that its main clause concedes or sets aside, if any."""
    if lead := _LEADING_CONCESSION.match(unit):
        comma = unit.find(",", lead.end())
        return (0, comma) if comma > 0 else None
    contrasts = [m for _, m in _MID_CONTRASTS.finditer(unit) if m.start() > 0]
    if contrasts and not _NOT_ONLY.search(unit[: contrasts[-1].start()]):
        return (0, contrasts[-1].start())
    trails = _TRAILING_CONCESSIONS.finditer(unit)  # the first is what .search would find
    if trails and (trail := trails[0][1]).start() > 0:
        close = unit.find(")", trail.end()) if trail.group(1).startswith("(") else -1
        return (trail.start(), close if close > 0 else len(unit))
    return None


def _lower(text: str) -> str:
    """Lower case with offsets kept (the cue patterns are lower case; a few characters grow when lowered)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


# Two or more capitalised words in a row name something ("Better Care Fund", "No Criteria to Reside",
# "Quality Assurance Team"): cue words inside a name say nothing about the council.
_NAME = re.compile(r"\b[A-Z][\w’'-]*(?:\s+(?:(?:of|and|for|to|the|in|on|&)\s+)?[A-Z][\w’'-]*)+")


def _name_spans(unit: str) -> list[tuple[int, int]]:
    """Spans of proper names in a unit, outside a leading "Title:" label (which carries the point)."""
    label = _LABEL.match(unit)
    start = label.end() if label else 0
    return [m.span() for m in _NAME.finditer(unit, start)]


def _cue_counts(unit: str, conceded: tuple[int, int] | None) -> tuple[Features, dict[str, float]]:
    """Cue features of a unit and per-group totals in its main clause ("m:" and "c:" prefixes)."""
    features: Features = {}
    totals = {"praise": 0.0, "criticism": 0.0, "prescription": 0.0, "c_praise": 0.0, "c_criticism": 0.0}
    names = _name_spans(unit)
    unit = _lower(unit)
    cue = -1
    for index, match in _CUE_SCAN.finditer(unit):
        if index != cue:
            cue = index
            group, name, _ = _CUE_LIST[index]
        if match.start() and (unit[match.start() - 1].isalnum() or unit[match.start() - 1] == "_"):
            continue  # inside a word
        if any(a <= match.start() < b for a, b in names):
            continue
        in_conceded = conceded is not None and conceded[0] <= match.start() < conceded[1]
        kind = group
        if group == "praise" and _NEGATED.search(unit, max(0, match.start() - 25), match.start()):
            # `name` stays "negated_praise" for this cue's later matches in the unit, as in the
            # features the weights were trained on ("m:prai:negated_praise").
            kind, name = "criticism", "negated_praise"
        key = f"{'c' if in_conceded else 'm'}:{kind[:4]}:{name}"
        features[key] = features.get(key, 0.0) + 1.0
        total = ("c_" if in_conceded else "") + kind
        if total in totals:
            totals[total] += 1.0
    for key, value in features.items():
        features[key] = min(value, 3.0)
    return features, totals


def unit_features(units: list[str], index: int, context: PassageContext) -> Features:
    """The features of unit `index` of a passage whose units are `units` (for training and judging)."""
    unit = units[index]
    conceded = _conceded_range(unit)
    features, totals = _cue_counts(unit, conceded)
    praise, criticism, prescription = totals["praise"], totals["criticism"], totals["prescription"]
    described = features.get("m:desc:manage_risk", 0.0) + features.get("m:desc:risk_practice", 0.0)
    described += features.get("m:desc:concern_process", 0.0) + features.get("m:desc:reduce_wait", 0.0)
    criticism = max(0.0, criticism - described)
    features["bias_praise"] = math.log1p(praise)
    features["bias_criticism"] = math.log1p(criticism)
    features["bias_prescription"] = math.log1p(prescription)
    features["balance"] = max(-3.0, min(3.0, praise - criticism - prescription))
    if praise == criticism == prescription == 0:
        features["no_cue"] = 1.0
    if not any(key.startswith(("m:", "c:")) for key in features):
        features["bare"] = 1.0
    if conceded is not None:
        kind = "lead" if conceded[0] == 0 and _LEADING_CONCESSION.match(unit) else "mid"
        if conceded[0] > 0:
            kind = "trail"
        features[f"concession:{kind}"] = 1.0
        features["conceded_balance"] = max(-3.0, min(3.0, totals["c_praise"] - totals["c_criticism"]))
    if _STARTS_CONTRAST.match(unit):
        features["starts_contrast"] = 1.0
    if index + 1 < len(units) and _STARTS_CONTRAST.match(units[index + 1]):
        features["next_starts_contrast"] = 1.0
        if praise > criticism:
            features["praise_before_contrast"] = 1.0
    if index == 0:
        features["first"] = 1.0
    if index == len(units) - 1:
        features["last"] = 1.0
    if len(units) == 1:
        features["only"] = 1.0
    if len(unit.split()) < 8:
        features["short"] = 1.0
    if unit.rstrip().endswith("?"):
        features["question"] = 1.0
    if _LABEL.match(unit):
        features["labelled"] = 1.0
    if _IMPERATIVE.match(unit):
        features["imperative"] = 1.0
    heading = _HEADING_NAMES.get(context.prior, "none") if context.prior is not None else "none"
    features[f"h:{heading}"] = 1.0
    if heading != "none":
        features[f"h:{heading}&no_cue"] = features.get("no_cue", 0.0)
        features[f"h:{heading}&balance"] = features["balance"]
        features[f"h:{heading}&prescription"] = features["bias_prescription"]
    if context.section is not None:
        features[f"s:{context.section.value}"] = 1.0
    return features


def passage_features(
    text: str, context: PassageContext, sentences: Sequence[tuple[int, int]] | None = None
) -> list[tuple[tuple[int, int], Features]]:
    """Each unit of a passage with its features, its neighbours' balance of praise and criticism included."""
    spans = polarity_units(text, sentences)
    units = [text[start:end] for start, end in spans]
    featured = [unit_features(units, index, context) for index in range(len(units))]
    balances = [f["balance"] for f in featured]
    total = sum(balances)
    for index, features in enumerate(featured):
        others = total - balances[index]
        if len(units) > 1:
            features["ctx_balance"] = max(-3.0, min(3.0, others / len(units)))
            features["ctx_sign"] = (others > 0) - (others < 0)
        if index > 0:
            features["prev_balance"] = balances[index - 1]
        if index + 1 < len(units):
            features["next_balance"] = balances[index + 1]
    return list(zip(spans, featured, strict=True))


# --- the model -------------------------------------------------------------------------------------

CLASSES = (SentencePolarity.STRENGTH, SentencePolarity.AREA_FOR_DEVELOPMENT, SentencePolarity.NEUTRAL)
_NEUTRAL_SCORES = [-100.0, -100.0, 0.0]  # a bare unit: neutral, and no gain for either side


@dataclass(frozen=True)
class UnitModel:
    """Multinomial logistic regression over unit features, and the evidence a mixed passage needs.

    Each side's *gain* in a passage is how much, summed over the units that read best as that
    side, the model prefers that side to their next-best reading (log-odds). A passage is read
    as mixed only when the weaker gain exceeds `mixed_margin` and is at least `mixed_ratio` of
    the stronger; otherwise the units of the weaker side take their next-best reading. So one
    doubtful sentence in a long passage does not make it mixed.

    A unit with no word of judgement, report or advice at all (no cue) is neutral whatever the
    weights say: description that judges nothing.
    """

    intercepts: tuple[float, float, float]
    weights: Mapping[str, tuple[float, float, float]]
    mixed_margin: float = 0.0
    mixed_ratio: float = 0.0

    def scores(self, features: Features) -> list[float]:
        totals = list(self.intercepts)
        for name, value in features.items():
            if (row := self.weights.get(name)) is not None:
                for k in range(3):
                    totals[k] += row[k] * value
        return totals

    def judge_units(self, featured: list[Features]) -> tuple[list[SentencePolarity], float]:
        """Each unit's polarity within its passage, and the passage's lean (> 0 towards strength)."""
        scored = [_NEUTRAL_SCORES if "bare" in features else self.scores(features) for features in featured]
        best = [max(range(3), key=scores.__getitem__) for scores in scored]
        _neutralise_set_ups(featured, best)

        def runner_up(scores: list[float], without: int) -> int:
            return max((k for k in range(3) if k != without), key=scores.__getitem__)

        gains = [
            sum(
                scores[side] - scores[runner_up(scores, side)]
                for scores, k in zip(scored, best, strict=True)
                if k == side
            )
            for side in (0, 1)
        ]
        weak, strong = min(gains), max(gains)
        if weak > 0 and (weak <= self.mixed_margin or weak < self.mixed_ratio * strong):
            weaker = 0 if gains[0] < gains[1] else 1
            best = [
                runner_up(scores, weaker) if k == weaker else k
                for scores, k in zip(scored, best, strict=True)
            ]
        lean = sum(scores[0] - scores[1] for scores in scored)
        return [CLASSES[k] for k in best], lean

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> UnitModel:
        classes = data["classes"]
        if list(classes) != [c.value for c in CLASSES]:  # type: ignore[call-overload]
            raise ValueError(f"polarity weights: classes {classes} are not {[c.value for c in CLASSES]}")
        intercepts = tuple(float(v) for v in data["intercepts"])  # type: ignore[attr-defined]
        weights = {
            name: (float(row[0]), float(row[1]), float(row[2]))
            for name, row in data["weights"].items()  # type: ignore[attr-defined]
        }
        return cls(
            intercepts=(intercepts[0], intercepts[1], intercepts[2]),
            weights=weights,
            mixed_margin=float(data.get("mixed_margin", 0.0)),  # type: ignore[arg-type]
            mixed_ratio=float(data.get("mixed_ratio", 0.0)),  # type: ignore[arg-type]
        )


_HEADING_SIDE = {"h:strength": 0, "h:considerations": 1}


def _neutralise_set_ups(featured: list[Features], best: list[int]) -> None:
    """Under a heading, a unit against the heading's side that a contrast then answers only sets it up.

    ("The team heard about good ambitions. However, the plans are at an early stage", under
    Considerations.) Such a unit reads as neutral.
    """
    for index in range(len(featured) - 1):
        side = next((k for name, k in _HEADING_SIDE.items() if name in featured[index]), None)
        if (
            side is not None
            and "next_starts_contrast" in featured[index]
            and best[index] == 1 - side
            and best[index + 1] == side
        ):
            best[index] = 2


@cache
def default_model() -> UnitModel:
    """The shipped weights (importers/data/polarity_weights.json)."""
    return UnitModel.from_json(json.loads(WEIGHTS_PATH.read_text(encoding="utf-8")))


# --- passages --------------------------------------------------------------------------------------


def combine(polarities: list[SentencePolarity], prior: Polarity | None, lean: float) -> Polarity:
    """A passage's polarity from its units' (the rule in the module docstring).

    `lean` (> 0 towards strength) decides a passage of neutral units with no heading.
    """
    strength = SentencePolarity.STRENGTH in polarities
    development = SentencePolarity.AREA_FOR_DEVELOPMENT in polarities
    if strength and development:
        return Polarity.MIXED
    if strength:
        return Polarity.STRENGTH
    if development:
        return Polarity.AREA_FOR_DEVELOPMENT
    if prior is not None:
        return prior
    return Polarity.STRENGTH if lean > 0 else Polarity.AREA_FOR_DEVELOPMENT


def judge_passage(
    text: str,
    context: PassageContext | None = None,
    model: UnitModel | None = None,
    sentences: Sequence[tuple[int, int]] | None = None,
) -> PassageJudgement:
    """Each unit's polarity, with offsets into `text`, and the passage's polarity from them.

    `sentences`: the text's `split_sentences`, when the caller has it already."""
    context = context or PassageContext()
    model = model or default_model()
    featured = passage_features(text, context, sentences)
    polarities, lean = model.judge_units([features for _, features in featured])
    judged = tuple(JudgedSentence(s, e, p) for ((s, e), _), p in zip(featured, polarities, strict=True))
    return PassageJudgement(polarity=combine(polarities, context.prior, lean), sentences=judged)


def passage_polarity(text: str, prior: Polarity | None = None) -> Polarity:
    """The polarity of a passage under an optional Strengths / Considerations heading."""
    return judge_passage(text, PassageContext(prior=prior)).polarity


def sentence_polarity(sentence: str, prior: Polarity | None = None) -> SentencePolarity:
    """The polarity of one sentence read on its own."""
    return judge_passage(sentence, PassageContext(prior=prior)).sentences[0].polarity
