"""Anonymising a brief for wide circulation: every council named becomes "a <region> <type> council".

Names come from the council reference table (name, short name, aliases; plus any extra CSVs the
caller loaded) and from the graph's own Council nodes. The councils the brief quotes are matched
case-insensitively, with two extra forms each: the county stem ("Gloucester" for
Gloucestershire) and the initials of the full name ("GCC"); other councils are matched as spelt.
Councils that share a label within one brief are told apart by a letter, in order of first
appearance: "a South West unitary council (B)". Quoted passages show the replacement in square
brackets, as an edited quotation does; links to passages are dropped, since a review's id names
its council.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from string import ascii_uppercase
from typing import Any, TypeVar

from pydantic import BaseModel

from importers.councils import Council

M = TypeVar("M", bound=BaseModel)

TYPE_WORDS = {
    "county": "county",
    "unitary": "unitary",
    "metropolitan_district": "metropolitan",
    "london_borough": "London borough",
}
# Fields a writer never prints (kept true, so quotes can be checked against their source).
_KEEP = frozenset({"text", "source_text", "citation", "item_id", "id"})
_LINKS = frozenset({"link"})
_QUOTED = frozenset({"shown"})
# Short names that are also ordinary words: only replaced for the councils the brief quotes.
_COMMON_WORDS = frozenset({"Reading", "Bury", "Sutton", "Halton", "Wirral"})
_CONNECTIVES = frozenset({"and", "of", "the", "upon", "on", "in", "with"})


def base_label(council: Council) -> str:
    """ "a South West unitary council", "a London borough council", "a North West metropolitan council"."""
    kind = TYPE_WORDS.get(council.type, council.type.replace("_", " "))
    return f"a {council.region} {kind} council"


def _initials(name: str) -> list[str]:
    words = [w for w in re.split(r"[\s-]+", name) if w]
    caps = "".join(w[0] for w in words if w.lower() not in _CONNECTIVES and w[0].isupper())
    forms = [caps] if len(caps) >= 3 else []
    if any(w.lower() == "and" for w in words):
        amp = "".join("&" if w.lower() == "and" else w[0] for w in words if w.lower() not in {"of", "the"})
        if len(amp) >= 4:
            forms.append(amp)
    return forms


def _stem(short_name: str) -> list[str]:
    return [short_name[: -len("shire")]] if short_name.endswith("shire") and len(short_name) > 9 else []


class Anonymiser:
    """Replaces council names in a brief's printed text; see the module docstring."""

    def __init__(self, councils: Iterable[Council], quoted: Iterable[str]) -> None:
        table = {c.id: c for c in councils}
        quoted_ids = [cid for cid in dict.fromkeys(quoted) if cid in table]
        self._councils = table
        quoted_forms: dict[str, Council] = {}
        for cid in quoted_ids:
            council = table[cid]
            for form in (*council.forms, *_stem(council.short_name), *_initials(council.name)):
                quoted_forms[form.casefold()] = council
        other_forms: dict[str, Council] = {}
        for council in table.values():
            if council.id in quoted_ids:
                continue
            for form in council.forms:
                if form == council.short_name and form in _COMMON_WORDS:
                    continue
                other_forms.setdefault(form, council)
        # One pass, longest form first, so "Bath and North East Somerset" is never cut at "Somerset".
        alternatives = sorted(
            [(f, True) for f in quoted_forms]
            + [(f, False) for f in other_forms if f.casefold() not in quoted_forms],
            key=lambda pair: (-len(pair[0]), pair[0]),
        )
        parts = [
            f"(?i:{re.escape(f)})" if folded else re.escape(f) for f, folded in alternatives if f.strip()
        ]
        self._pattern = re.compile(r"(?<![\w&])(?:" + "|".join(parts) + r")(?![\w&])") if parts else None
        self._quoted_forms = quoted_forms
        self._other_forms = other_forms
        self._order: list[str] = list(quoted_ids)
        self._labels: dict[str, str] = {}

    def _council(self, match: str) -> Council:
        return self._quoted_forms.get(match.casefold()) or self._other_forms[match]

    def mentioned(self, text: str) -> list[str]:
        """Ids of the councils `text` names, in order of appearance."""
        if self._pattern is None:
            return []
        return [self._council(m.group(0)).id for m in self._pattern.finditer(text)]

    def _assign_labels(self) -> None:
        by_label: dict[str, list[str]] = {}
        for cid in self._order:
            by_label.setdefault(base_label(self._councils[cid]), []).append(cid)
        for label, ids in by_label.items():
            for index, cid in enumerate(ids):
                suffix = f" ({ascii_uppercase[index % 26]}{index // 26 or ''})" if len(ids) > 1 else ""
                self._labels[cid] = label + suffix

    def label(self, council_id: str) -> str:
        return self._labels.get(council_id) or base_label(self._councils[council_id])

    def redact(self, text: str, *, brackets: bool = False) -> str:
        if self._pattern is None or not text:
            return text

        def replace(match: re.Match[str]) -> str:
            label = self.label(self._council(match.group(0)).id)
            return f"[{label}]" if brackets else label

        return _capitalise_start(self._pattern.sub(replace, text), text)

    def apply(self, model: M) -> M:
        """A copy of `model` with every printed string redacted and every link dropped."""
        for text in _strings(model):
            for cid in self.mentioned(text):
                if cid not in self._order:
                    self._order.append(cid)
        self._assign_labels()
        return self._rewrite(model)

    def _rewrite(self, model: M) -> M:
        changes: dict[str, Any] = {}
        for name in type(model).model_fields:
            if name in _KEEP:
                continue
            value = getattr(model, name)
            changes[name] = None if name in _LINKS else self._value(value, quoted=name in _QUOTED)
        return model.model_copy(update=changes)

    def _value(self, value: Any, *, quoted: bool) -> Any:
        if isinstance(value, str):
            return self.redact(value, brackets=quoted)
        if isinstance(value, BaseModel):
            return self._rewrite(value)
        if isinstance(value, list):
            return [self._value(item, quoted=quoted) for item in value]
        if isinstance(value, dict):
            return {key: self._value(item, quoted=quoted) for key, item in value.items()}
        return value


def _capitalise_start(new: str, old: str) -> str:
    """Keep a sentence-initial capital: "Torbay has…" becomes "A South West unitary council has…"."""
    if new and old and old[0].isupper():
        if new.startswith("a "):
            return "A" + new[1:]
        if new.startswith("[a "):
            return "[A" + new[2:]
    return new


def _strings(model: BaseModel) -> Iterable[str]:
    for name in type(model).model_fields:
        if name in _KEEP:
            continue
        yield from _walk(getattr(model, name))


def _walk(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, BaseModel):
        yield from _strings(value)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)
