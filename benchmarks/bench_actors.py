"""How long the actor dictionary and the gazetteer take on an article of ~1,500 words.

    .venv/bin/python benchmarks/bench_actors.py
"""

from __future__ import annotations

import time

from detente.extract.actors import ActorDictionary
from detente.extract.places import Gazetteer

# A made-up paragraph in the register of the news the tool reads (about 80 words).
PARAGRAPH = (
    "U.S. Secretary of State Marco Rubio met Russian Foreign Minister Sergei Lavrov in Riyadh on "
    "Tuesday, while Ukrainian forces held positions near Pokrovsk. The Kremlin said Putin was ready "
    "to talk; Zelensky's office and the European Commission disagreed. Chinese Foreign Ministry "
    "spokesperson Mao Ning urged restraint, and NATO Secretary General Mark Rutte visited Kyiv. "
    "Turkish and Greek Cypriot leaders met officials from the Trump administration in Istanbul. "
)


def per_call_ms(func, text: str, repeat: int) -> float:
    func(text)  # warm up caches
    start = time.perf_counter()
    for _ in range(repeat):
        func(text)
    return (time.perf_counter() - start) / repeat * 1000


def main() -> None:
    start = time.perf_counter()
    actors = ActorDictionary.load()
    actors_load = time.perf_counter() - start
    start = time.perf_counter()
    gazetteer = Gazetteer.load()
    places_load = time.perf_counter() - start
    article = PARAGRAPH * (1500 // len(PARAGRAPH.split()) + 1)
    words = len(article.split())
    print(f"load: actors {actors_load * 1000:.0f} ms ({len(actors.entries)} entries), "
          f"gazetteer {places_load * 1000:.0f} ms")
    print(f"find_mentions: {per_call_ms(actors.find_mentions, article, 50):.2f} ms per {words}-word article")
    print(f"find_places:   {per_call_ms(gazetteer.find_places, article, 50):.2f} ms per {words}-word article")
    print(f"resolve:       {per_call_ms(actors.resolve, 'U.S. Secretary of State Marco Rubio', 2000) * 1000:.1f} µs per mention")


if __name__ == "__main__":
    main()
