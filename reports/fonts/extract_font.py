#!/usr/bin/python3
"""Extract face 0 (WenQuanYi Micro Hei) of the Debian wqy-microhei.ttc
collection into a standalone TrueType file that fpdf can parse (fpdf
refuses .ttc collections).

Usage: /usr/bin/python3 extract_font.py [SRC.ttc] [DEST.ttf]
Needs Debian's fonts-wqy-microhei and python3-fonttools.
"""
import sys

from fontTools.ttLib import TTCollection

src = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
dest = sys.argv[2] if len(sys.argv) > 2 else "wqy-microhei.ttf"

# recalcTimestamp=False keeps head.modified as shipped, so re-running the
# script reproduces the committed file byte for byte.
face = TTCollection(src, recalcTimestamp=False).fonts[0]
name = face["name"].getDebugName(4)
if name != "WenQuanYi Micro Hei":
    sys.exit(f"face 0 of {src} is {name!r}, expected 'WenQuanYi Micro Hei'")
face.save(dest)
print(f"wrote {dest} ({name})")
