"""Threshold calibration: distances over every pair of photos, false accept / reject rates.

On site, a technician puts photos of consenting volunteers in a folder, one sub-folder per
person (several photos each, at least two people; card-photo-sized crops welcome) and runs
``kiosk face calibrate FOLDER``. Every same-person pair is a genuine pair, every
cross-person pair an impostor pair; the rates are counted at each candidate threshold. The
suggested threshold keeps false accepts at zero on the set and sits in the middle of the
thresholds that also reject the fewest genuine pairs. The photos are read in memory only.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

from kiosk.face.engine import FaceEmbedding, FaceEngine, read_image

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp")
GRID = [round(0.30 + 0.01 * i, 2) for i in range(41)]  # 0.30 .. 0.70
MAX_PHOTOS = 500


class CalibrationError(ValueError):
    """The folder cannot be used (too few people or photos, unreadable images)."""


@dataclass(frozen=True)
class Rates:
    threshold: float
    false_accepts: int
    false_rejects: int
    impostor_pairs: int
    genuine_pairs: int

    @property
    def far(self) -> float:
        return self.false_accepts / self.impostor_pairs if self.impostor_pairs else 0.0

    @property
    def frr(self) -> float:
        return self.false_rejects / self.genuine_pairs if self.genuine_pairs else 0.0


@dataclass(frozen=True)
class Calibration:
    genuine: list[float]
    impostor: list[float]
    no_face: list[str]  # photos in which no face was found (file names, not faces)
    rates: list[Rates]
    suggested: float


def rates_at(genuine: list[float], impostor: list[float], threshold: float) -> Rates:
    return Rates(threshold, sum(d <= threshold for d in impostor), sum(d > threshold for d in genuine),
                 len(impostor), len(genuine))


def suggest(rates: list[Rates]) -> float:
    safe = [r for r in rates if r.false_accepts == 0] or [min(rates, key=lambda r: r.false_accepts)]
    fewest = min(r.false_rejects for r in safe)
    best = [r.threshold for r in safe if r.false_rejects == fewest]
    return best[len(best) // 2]


def embed_folder(engine: FaceEngine, folder: Path) -> tuple[dict[str, list[FaceEmbedding]], list[str]]:
    people: dict[str, list[FaceEmbedding]] = {}
    no_face: list[str] = []
    if not folder.is_dir():
        raise CalibrationError(f"{folder} is not a folder")
    photos = sorted(p for p in folder.glob("*/*") if p.suffix.lower() in IMAGE_SUFFIXES)
    if len(photos) > MAX_PHOTOS:
        raise CalibrationError(f"more than {MAX_PHOTOS} photos; use a smaller set")
    for path in photos:
        emb, _n = engine.embed(read_image(path))
        if emb is None:
            no_face.append(f"{path.parent.name}/{path.name}")
        else:
            people.setdefault(path.parent.name, []).append(emb)
    if len(people) < 2 or not any(len(v) >= 2 for v in people.values()):
        raise CalibrationError("need photos of at least two people, and at least two of one person")
    return people, no_face


def calibrate(engine: FaceEngine, folder: Path) -> Calibration:
    people, no_face = embed_folder(engine, folder)
    genuine = [engine.distance(a, b) for embs in people.values() for a, b in itertools.combinations(embs, 2)]
    impostor = [engine.distance(a, b) for p, q in itertools.combinations(people, 2)
                for a in people[p] for b in people[q]]
    rates = [rates_at(genuine, impostor, t) for t in GRID]
    return Calibration(sorted(genuine), sorted(impostor), no_face, rates, suggest(rates))
