"""Events between two editions: subnets that appeared, were re-registered, sold, renamed or retuned.

Each edition stores the subnet-level facts events are detected from (`data/subnets.json`), its own
events (`data/events.json`) and the content hash of every editors' note it was built with (in its
manifest), so the next edition can compare without loading the previous snapshot again.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from generator.model.snapshot import Snapshot
from generator.safety import clean_text

SUBNETS_FILE = "data/subnets.json"
EVENTS_FILE = "data/events.json"
IDENTITY_FIELDS = {"subnet_name": "name", "github_repo": "repository", "subnet_url": "URL"}
# Identity parts compared between editions. The name is the subnet's name as the chain shows it (the
# identity's name, else the runtime's built-in name): every capture has it, while some captures hold
# only the repository and URL of the identity itself.
COMPARED_IDENTITY = {"github_repo": "repository", "subnet_url": "URL"}
# the order events are listed in, most important first
KINDS = (
    "appeared",
    "reregistered",
    "disappeared",
    "owner_changed",
    "identity_changed",
    "hyperparameter_changed",
    "note_added",
    "note_revised",
)


@dataclass(frozen=True)
class Event:
    """Something that happened to one subnet between the previous edition and this one."""

    edition: str
    netuid: int
    kind: str
    text: str

    def as_dict(self) -> dict:
        """Return the event as a JSON-ready dict."""
        return asdict(self)


@dataclass
class EditionHistory:
    """What later editions need from this one: time, subnet facts, events, note hashes, overview."""

    edition_id: str
    timestamp: datetime
    facts: dict[int, dict] | None  # None until `subnet_facts()` reads them from `folder`
    events: list[Event] = field(default_factory=list)
    note_hashes: dict[int, str] = field(default_factory=dict)
    overview: list[str] = field(default_factory=list)
    tao_usd: float | None = None
    folder: Path | None = None

    def subnet_facts(self) -> dict[int, dict]:
        """Return the subnet facts, reading them on first use (only the previous edition's are needed)."""
        if self.facts is None:
            if self.folder is None:
                raise ValueError(f"edition {self.edition_id}: no subnet facts and no folder to read them from")
            stored = json.loads((self.folder / SUBNETS_FILE).read_text(encoding="utf-8"))
            self.facts = {int(n): f for n, f in stored["subnets"].items()}
        return self.facts

    def files(self) -> dict[str, object]:
        """Return the JSON documents to store in the edition folder, by relative path."""
        facts = {str(n): f for n, f in sorted(self.subnet_facts().items())}
        return {
            SUBNETS_FILE: {"schema_version": 1, "edition": self.edition_id, "subnets": facts},
            EVENTS_FILE: {
                "schema_version": 1,
                "edition": self.edition_id,
                "block_timestamp": self.timestamp.isoformat(),
                "tao_usd": self.tao_usd,
                "overview": self.overview,
                "note_hashes": {str(n): h for n, h in sorted(self.note_hashes.items())},
                "events": [e.as_dict() for e in self.events],
            },
        }

    @classmethod
    def from_folder(cls, folder: Path) -> EditionHistory:
        """Read an edition's stored facts and events back."""
        stored = json.loads((folder / EVENTS_FILE).read_text(encoding="utf-8"))
        return cls(
            edition_id=stored["edition"],
            timestamp=datetime.fromisoformat(stored["block_timestamp"]),
            facts=None,
            folder=folder,
            events=[Event(**e) for e in stored["events"]],
            note_hashes={int(n): h for n, h in stored["note_hashes"].items()},
            overview=stored["overview"],
            tao_usd=stored["tao_usd"],
        )


def subnet_facts(snapshot: Snapshot) -> dict[int, dict]:
    """Collect each subnet's owner, identity, registration block and hyperparameters."""
    facts = {}
    for subnet in snapshot.doc.subnets:
        identity = subnet.identity
        facts[subnet.netuid] = {
            "name": subnet.name,
            "owner_coldkey": subnet.owner_coldkey,
            "owner_hotkey": subnet.owner_hotkey,
            "registered_at_block": subnet.registered_at_block,
            "identity": None if identity is None else {key: getattr(identity, key) for key in IDENTITY_FIELDS},
            "hyperparameters": dict(sorted(subnet.hyperparameters.items())),
        }
    return facts


def _label(fact: dict) -> str:
    return clean_text(fact.get("name"), 60) or "unnamed"


def unset_or_text(value: object) -> str | None:
    """Return an identity value as text, or None when unset: an empty string, null and a missing field are alike."""
    text = "" if value is None else str(value).strip()
    return text or None


def _short(value: object) -> str:
    text = clean_text(unset_or_text(value), 80)
    return "unset" if text is None else f"“{text}”"


def _identity_change(edition: str, netuid: int, label: str, old: object, new: object) -> list[Event]:
    """One identity part that went from unset to set, set to unset, or changed text."""
    if unset_or_text(old) == unset_or_text(new):
        return []
    return [
        Event(edition, netuid, "identity_changed", f"Identity {label} changed from {_short(old)} to {_short(new)}.")
    ]


def _identity_events(edition: str, netuid: int, before: dict, now: dict) -> list[Event]:
    """Name, repository and URL changes; repository and URL only when both editions captured the identity.

    A null identity means the capture did not cover it (unknown); a captured identity with a field
    empty, null or missing means that field is unset. Unknown on either side is never an event.
    """
    found = _identity_change(edition, netuid, "name", before.get("name"), now.get("name"))
    old, new = before.get("identity"), now.get("identity")
    if old is None or new is None:
        return found
    for key, label in COMPARED_IDENTITY.items():
        found += _identity_change(edition, netuid, label, old.get(key), new.get(key))
    return found


def _hyperparameter_events(edition: str, netuid: int, before: dict, now: dict) -> list[Event]:
    """Hyperparameters present in both editions whose value changed."""
    old, new = before.get("hyperparameters", {}), now.get("hyperparameters", {})
    return [
        Event(edition, netuid, "hyperparameter_changed", f"Hyperparameter {key} changed from {old[key]} to {new[key]}.")
        for key in sorted(set(old) & set(new))
        if old[key] != new[key]
    ]


def _subnet_events(edition: str, netuid: int, before: dict, now: dict) -> list[Event]:
    """Compare one subnet present in both editions."""
    if before.get("registered_at_block") != now.get("registered_at_block") and None not in (
        before.get("registered_at_block"),
        now.get("registered_at_block"),
    ):
        return [
            Event(
                edition,
                netuid,
                "reregistered",
                f"Re-registered at block {now['registered_at_block']} as {_label(now)} "
                f"(was {_label(before)}, registered at block {before['registered_at_block']}).",
            )
        ]
    found = []
    if (
        None not in (before.get("owner_coldkey"), now.get("owner_coldkey"))
        and before["owner_coldkey"] != now["owner_coldkey"]
    ):
        found.append(
            Event(
                edition,
                netuid,
                "owner_changed",
                f"Owner coldkey changed from {before['owner_coldkey']} to {now['owner_coldkey']} (a sale or transfer).",
            )
        )
    return found + _identity_events(edition, netuid, before, now) + _hyperparameter_events(edition, netuid, before, now)


def _note_events(edition: str, hashes: dict[int, str], previous_hashes: dict[int, str]) -> list[Event]:
    """Editors' notes added or revised since the previous edition."""
    found = []
    for netuid, digest in sorted(hashes.items()):
        if netuid not in previous_hashes:
            found.append(Event(edition, netuid, "note_added", "Editors' note added."))
        elif previous_hashes[netuid] != digest:
            found.append(Event(edition, netuid, "note_revised", "Editors' note revised."))
    return found


def newly_registered(fact: dict, previous_block: int | None) -> bool:
    """Say whether a subnet absent from the previous edition is new: not registered at or before that
    edition's block (then the earlier capture simply did not cover it, as with root in March 2026)."""
    registered = fact.get("registered_at_block")
    return registered is None or previous_block is None or registered > previous_block


def detect_events(
    edition: str,
    facts: dict[int, dict],
    previous: EditionHistory | None,
    hashes: dict[int, str],
    previous_block: int | None = None,
) -> list[Event]:
    """List the events between the previous edition (at `previous_block`) and this one (none for the first)."""
    if previous is None:
        return []
    before = previous.subnet_facts()
    found = [
        Event(
            edition,
            n,
            "appeared",
            f"Subnet {_label(facts[n])} appeared (registered at block "
            f"{facts[n].get('registered_at_block', 'unknown')}).",
        )
        for n in sorted(set(facts) - set(before))
        if newly_registered(facts[n], previous_block)
    ]
    found += [
        Event(edition, n, "disappeared", f"Subnet {_label(before[n])} disappeared (deregistered or not captured).")
        for n in sorted(set(before) - set(facts))
    ]
    for netuid in sorted(set(facts) & set(before)):
        found += _subnet_events(edition, netuid, before[netuid], facts[netuid])
    found += _note_events(edition, hashes, {n: h for n, h in previous.note_hashes.items() if n in before})
    return sorted(found, key=lambda e: (KINDS.index(e.kind), e.netuid))


def timelines(histories: list[EditionHistory]) -> dict[int, list[Event]]:
    """Return each subnet's events across the given editions, newest edition first."""
    found: dict[int, list[Event]] = {}
    for history in reversed(histories):
        for event in history.events:
            found.setdefault(event.netuid, []).append(event)
    return found
