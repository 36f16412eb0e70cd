"""The fonts exports embed: Noto Sans for Latin, Greek and Cyrillic, Noto Sans CJK for the rest."""

from __future__ import annotations

import atexit
import base64
import io
import shutil
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path

from posture_tui.exports.errors import ExportError

# Characters from CJK Radicals onwards (CJK, kana, Hangul, full-width forms) come from the CJK
# font; everything below is covered by Noto Sans or by any system sans-serif font.
CJK_START = 0x2E80


@cache
def font_files() -> tuple[Path, Path, Path]:
    """Paths of the body font (variable Noto Sans, upright and italic) and the CJK fallback.

    They come from two PyPI packages under the SIL Open Font License: fontpkg-noto-sans
    (Latin, Greek, Cyrillic) and noto-cjk-sans-jp-regular (Chinese, Japanese, Korean).
    """
    try:
        body = Path(str(resources.files("fontpkg_noto_sans").joinpath("files")))
        cjk = Path(str(resources.files("noto_cjk_sans_jp_regular")))
    except ModuleNotFoundError as error:
        missing = (error.name or "").replace("_", "-")
        raise ExportError(
            f"exports need the font package {missing}"
            " (pip install fontpkg-noto-sans noto-cjk-sans-jp-regular)"
        ) from None
    found = (
        body / "NotoSans[wdth,wght].ttf",
        body / "NotoSans-Italic[wdth,wght].ttf",
        cjk / "NotoSansCJKjp-Regular.otf",
    )
    for path in found:
        if not path.is_file():
            raise ExportError(f"font file {path.name} is missing; reinstall its package")
    return found


# What the body font keeps: Latin (with Latin-1 and Extended A/B) and the usual punctuation;
# Greek and Cyrillic too when the document uses them (cutting them costs about a second).
# Anything else falls back to Noto Sans CJK, which also covers kana, Hangul and Han.
LATIN_RANGES: tuple[tuple[int, int], ...] = (
    (0x20, 0x24F),
    (0x2010, 0x2027),
    (0x2030, 0x203A),
    (0x20AC, 0x20AC),
    (0x2122, 0x2122),
)
GREEK_CYRILLIC: tuple[tuple[int, int], ...] = ((0x370, 0x3FF), (0x400, 0x52F), (0x1F00, 0x1FFF))
BODY_STYLES: dict[str, tuple[int, float]] = {"": (0, 400.0), "B": (0, 700.0), "I": (1, 400.0)}


def needs_greek_cyrillic(text: str) -> bool:
    """Whether the text holds Greek or Cyrillic letters."""
    return any(start <= ord(char) <= end for char in text for start, end in GREEK_CYRILLIC)


@cache
def static_body_fonts(greek_cyrillic: bool = False) -> dict[str, Path]:
    """Static Regular, Bold and Italic cut from the variable Noto Sans, once per process.

    fpdf2 can instance a variable font itself, but on the whole font that takes seconds per
    style; cutting the scripts it needs first makes it a fraction of a second. Only kerning is
    kept: fpdf2 draws without text shaping, and text is NFC-normalised so accents are precomposed.
    """
    from fontTools import subset
    from fontTools.varLib import instancer

    folder = Path(tempfile.mkdtemp(prefix="posture-tui-fonts-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.layout_features = ["kern"]
    ranges = LATIN_RANGES + (GREEK_CYRILLIC if greek_cyrillic else ())
    unicodes = [code for start, end in ranges for code in range(start, end + 1)]
    paths: dict[str, Path] = {}
    for style, (index, weight) in BODY_STYLES.items():
        font = subset.load_font(str(font_files()[index]), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        static = instancer.instantiateVariableFont(
            font, {"wght": weight, "wdth": 100.0}, inplace=True
        )
        paths[style] = folder / f"NotoSans-{style or 'R'}.ttf"
        static.save(str(paths[style]))
    return paths


@cache
def covered_codepoints(greek_cyrillic: bool = False) -> frozenset[int]:
    """Every character the PDF fonts can draw (body cut plus the CJK font)."""
    from fontTools.ttLib import TTFont

    body = TTFont(str(static_body_fonts(greek_cyrillic)[""]), lazy=True).getBestCmap()
    cjk = TTFont(str(font_files()[2]), lazy=True).getBestCmap()
    return frozenset(body) | frozenset(cjk)


def cjk_characters(text: str) -> str:
    """The distinct characters of `text` that need the CJK font, in code point order."""
    return "".join(sorted({char for char in text if ord(char) >= CJK_START}))


def cjk_subset(characters: str) -> bytes:
    """An OpenType font holding only these characters of Noto Sans CJK (a few KB for a name).

    The Open Font License allows embedding subsets in documents.
    """
    from fontTools import subset

    options = subset.Options()
    options.name_IDs = ["*"]  # keep the copyright and licence names
    options.notdef_outline = True
    options.layout_features = ["*"]
    font = subset.load_font(str(font_files()[2]), options, lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def cjk_font_face(text: str, family: str) -> str:
    """A CSS @font-face with the CJK characters of `text` inlined, or "" when there are none."""
    characters = cjk_characters(text)
    if not characters:
        return ""
    data = base64.b64encode(_cached_subset(characters)).decode("ascii")
    return (
        f'@font-face {{ font-family: "{family}"; font-style: normal; font-weight: 100 900; '
        f'src: url(data:font/otf;base64,{data}) format("opentype"); }}\n'
    )


@cache
def _cached_subset(characters: str) -> bytes:
    return cjk_subset(characters)
