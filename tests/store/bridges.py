"""Invented bridge-repair stories, one a file, for the tests that interrupt an ingest."""

from __future__ import annotations

from pathlib import Path

STREETS = ("Quay", "Mill", "Tanner", "Rope", "Salt", "Chapel", "Market", "Harbour")
PEOPLE = ("Anna Holm", "Bo Lind", "Cato Rask", "Dag Ek", "Eva Strand", "Finn Berg")


def write_bridge_stories(folder: Path, count: int, *, extra: int = 0) -> list[Path]:
    """Write ``count`` distinct articles, each quoting someone; return their paths.

    ``extra`` adds that many more paragraphs to each (bigger documents).
    """
    folder.mkdir()
    paths = []
    for i in range(count):
        street = STREETS[i % len(STREETS)]
        person = PEOPLE[i % len(PEOPLE)]
        body = [
            f"Repairs to the {street} Street bridge number {i} began on Monday after inspectors "
            f"found {i + 3} cracked beams beneath the deck, the works department said.",
            f"{person} told the council that the closure would last {i + 2} weeks and that a "
            f"temporary crossing would open near pier {i * 7 % 31}.",
            f"Traders on {street} Street said they feared losing trade during lot {i} of the "
            f"works, which are expected to cost {i * 13 + 100} thousand euros in total.",
        ]
        body += [
            f"Survey note {n} for bridge {i}: span {n * 3 + i} was checked for rust, loose "
            f"rivets and cracked paint, and its bearings number {n + i * 5} were measured again."
            for n in range(extra)
        ]
        text = f"Bridge {i} on {street} Street closes for repairs\n\n" + "\n\n".join(body)
        path = folder / f"doc_{i:03}.txt"
        path.write_text(text + "\n", encoding="utf-8")
        paths.append(path)
    return paths
