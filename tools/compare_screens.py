"""Compare two folders of screenshots pixel by pixel: python tools/compare_screens.py BEFORE AFTER.

PNG bytes differ between runs of the same code (encoder metadata), so the comparison is by pixels; used to
show that a restructure left every screen as it was (issue 14)."""
import sys
from pathlib import Path

from PIL import Image, ImageChops

a, b = Path(sys.argv[1]), Path(sys.argv[2])
names = sorted({p.relative_to(a) for p in a.rglob("*.png")} | {p.relative_to(b) for p in b.rglob("*.png")})
same = differ = missing = 0
for n in names:
    pa, pb = a / n, b / n
    if not pa.exists() or not pb.exists():
        print(f"MISSING {'before' if not pa.exists() else 'after'}: {n}")
        missing += 1
        continue
    ia, ib = Image.open(pa).convert("RGBA"), Image.open(pb).convert("RGBA")
    if ia.size != ib.size:
        print(f"SIZE {n}: {ia.size} vs {ib.size}")
        differ += 1
        continue
    box = ImageChops.difference(ia, ib).getbbox()
    if box:
        print(f"DIFF {n}: box {box}")
        differ += 1
    else:
        same += 1
print(f"{same} identical, {differ} differ, {missing} missing of {len(names)}")
sys.exit(1 if differ or missing else 0)
