"""How well ``exporter ingest`` finds an article's title, headings and bullets.

    python bench/articles.py FOLDER [FOLDER...]

For every article in FOLDER (.txt, .md, .markdown, .html, .htm, .docx) with a truth file
``truth/<stem>.json`` beside it or in the folder above (``{"title": ..., "headings": [[level,
title], ...]}``), prints: whether the real title was found; heading precision, recall and
the share of found headings at the right level (titles compared in lower case, punctuation
and outline numbers aside; drafted titles are not headings found) and the share under the
right parent (the nearest heading before it at a higher level, or none: one misplaced
section does not count against each of its subsections); the number of bullets;
and the share of bullets cut mid-phrase: whose last words are followed, in the sentence
they come from, by more words with no punctuation between (a bullet that ends where its
sentence ends, or at a comma, dash or bracket, is whole). A bullet whose last word is not
found in the article is counted as untraced. With two articles or more, a last row gives
the means (titles found, bullets and cuts counted over all).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from exporter.ingest import ingest_file
from exporter.ingest.lines import plain_key
from exporter.ingest.source import FORMATS
from exporter.model import Document, ListBlock, Paragraph, Table, plain_text
from exporter.text import sentences

_OUTLINE = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[ivxlc]+\.)\s+", re.I)
_BOUNDARY = ",;:—–()[]"


@dataclass(frozen=True)
class Score:
    name: str
    title: bool
    precision: float
    recall: float
    levels: float
    parents: float
    bullets: int
    cut: int
    untraced: int

    def row(self) -> str:
        share = self.cut / self.bullets if self.bullets else 0.0
        return (f"| {self.name} | {'yes' if self.title else 'NO'} | {self.precision:.2f} | "
                f"{self.recall:.2f} | {self.levels:.0%} | {self.parents:.0%} | {self.bullets} | "
                f"{share:.1%} ({self.cut}) | {self.untraced} |")


def heading_key(title: str) -> str:
    return plain_key(_OUTLINE.sub("", title.strip()))


def score(path: Path, truth: dict[str, object]) -> Score:
    result = ingest_file(path)
    document = result.document
    assert document is not None
    found = [(level, heading_key(title)) for level, title in result.headings]
    wanted = [(int(level), heading_key(str(title)))
              for level, title in truth["headings"]]  # type: ignore[attr-defined]
    matched = _matches(_with_parents(found), _with_parents(wanted))
    precision = len(matched) / len(found) if found else float(not wanted)
    recall = len(matched) / len(wanted) if wanted else float(not found)
    levels = _share([a[0] == b[0] for a, b in matched], empty=not wanted)
    parents = _share([a[1] == b[1] for a, b in matched], empty=not wanted)
    bullets = [plain_text(p) for s in document.walk() for p in s.keypoints]
    source = _source_sentences(document)
    verdicts = [_verdict(bullet, source) for bullet in bullets]
    return Score(path.name, plain_key(document.meta.title) == plain_key(str(truth["title"])),
                 precision, recall, levels, parents, len(bullets), verdicts.count("cut"),
                 verdicts.count("untraced"))


_Placed = tuple[int, str, str]  # a heading's level, key and its parent's key ("": none)


def _with_parents(headings: list[tuple[int, str]]) -> list[_Placed]:
    out: list[_Placed] = []
    for level, key in headings:
        parent = next((k for lv, k, _ in reversed(out) if lv < level), "")
        out.append((level, key, parent))
    return out


def _share(hits: list[bool], *, empty: bool) -> float:
    return sum(hits) / len(hits) if hits else float(empty)


def _matches(found: list[_Placed],
             wanted: list[_Placed]) -> list[tuple[tuple[int, str], tuple[int, str]]]:
    """(found level and parent, true level and parent) of each found heading that a true
    heading matches, in order, each true heading used once."""
    left = list(wanted)
    pairs = []
    for level, key, parent in found:
        for index, (true_level, true_key, true_parent) in enumerate(left):
            if key == true_key:
                pairs.append(((level, parent), (true_level, true_parent)))
                del left[index]
                break
    return pairs


def _source_sentences(document: Document) -> list[str]:
    texts = [b.text for b in document.intro if isinstance(b, Paragraph)]
    for section in document.walk():
        for block in section.blocks:
            if isinstance(block, Paragraph):
                texts.append(block.text)
            elif isinstance(block, ListBlock):
                texts.extend(item.text for item in block.items)
            elif isinstance(block, Table):
                texts.extend(plain_text(c) for row in block.rows for c in row)
    return [" ".join(s.split()) for text in texts for s in sentences(text)]


def _verdict(bullet: str, source: list[str]) -> str:
    """'whole', 'cut' (more words follow without punctuation) or 'untraced', judged in the
    sentences the bullet comes from: those that hold its last three words (its last word
    when a deletion took words from among them) and, among them, its first words."""
    words = bullet.rstrip(".").split()
    head = " ".join(words[:3])
    own = [sentence for sentence in source  # the head as a lead's deletion capitalised it
           if head in sentence or head[:1].lower() + head[1:] in sentence]
    for sentences_ in (own, source):
        for size in (3, 1):
            pattern = re.compile(rf"(?<!\w){re.escape(' '.join(words[-size:]))}(?!\w)")
            found = [(sentence, match) for sentence in sentences_
                     for match in pattern.finditer(sentence)]
            if found:
                ends = any(_ends_there(sentence[match.end():]) for sentence, match in found)
                return "whole" if ends else "cut"
    return "untraced"


def _ends_there(rest: str) -> bool:
    """Whether what follows a bullet's last words in its sentence ends it or starts a
    part a deletion may take (punctuation first)."""
    rest = rest.lstrip()
    if not rest or rest[0] in _BOUNDARY or not any(ch.isalnum() for ch in rest):
        return True
    return rest[0] in "\"'”’" and (len(rest) == 1 or not rest[1:].strip()[:1].isalnum())


def truth_for(path: Path) -> dict[str, object] | None:
    for folder in (path.parent / "truth", path.parent.parent / "truth"):
        candidate = folder / f"{path.stem}.json"
        if candidate.is_file():
            return json.loads(candidate.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    return None


def main(folders: list[str]) -> int:
    print("| article | title | precision | recall | levels | parents | bullets "
          "| cut mid-phrase | untraced |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    scores = []
    for folder in folders:
        for path in sorted(Path(folder).iterdir()):
            if path.suffix.lower() not in FORMATS or (truth := truth_for(path)) is None:
                continue
            scores.append(score(path, truth))
            print(scores[-1].row())
    if len(scores) > 1:
        print(mean_row(scores))
    return 0


def mean_row(scores: list[Score]) -> str:
    """The means over the articles (titles found and bullets cut: counted over all)."""
    def mean(values: list[float]) -> float:
        return sum(values) / len(values)

    bullets = sum(s.bullets for s in scores)
    cut = sum(s.cut for s in scores)
    share = cut / bullets if bullets else 0.0
    return (f"| mean of {len(scores)} | {sum(s.title for s in scores)} of {len(scores)} | "
            f"{mean([s.precision for s in scores]):.3f} | {mean([s.recall for s in scores]):.3f}"
            f" | {mean([s.levels for s in scores]):.1%} | {mean([s.parents for s in scores]):.1%}"
            f" | {bullets} | {share:.1%} ({cut}) | {sum(s.untraced for s in scores)} |")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["."]))
