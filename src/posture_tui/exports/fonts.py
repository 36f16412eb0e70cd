"""The fonts exports embed: Noto Sans for Latin, Greek and Cyrillic, Noto Sans CJK for the rest."""

from __future__ import annotations

import atexit
import base64
import contextlib
import hashlib
import io
import json
import os
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


# Cutting the static styles out of the variable font takes about a second, so they are kept in
# the user cache folder, keyed by a hash of the font files (and of what is cut); a clinic's
# first PDF makes them, every later one reuses them. Bump this when the cut changes.
FONT_CACHE_FORMAT = 1
# Subsets of the CJK font, one per set of characters (a client's name): a few KB each.
CJK_CACHE_KEEP = 200


def font_cache_dir() -> Path | None:
    """The fonts folder of the user cache; None when caching is off ($POSTURE_TUI_NO_CACHE)."""
    from posture_tui.cache_folder import cache_dir

    folder = cache_dir()
    return folder / "fonts" if folder is not None else None


def _digest(paths: tuple[Path, ...], extra: str) -> str:
    import fontTools

    hasher = hashlib.sha256(f"{FONT_CACHE_FORMAT}\0{fontTools.version}\0{extra}\0".encode())
    for path in paths:
        hasher.update(path.read_bytes())
    return hasher.hexdigest()[:32]


def _write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` in one step (a reader never sees half a file); OSError on failure."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".font-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, path)
    finally:
        Path(temp).unlink(missing_ok=True)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@cache
def _temp_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="posture-tui-fonts-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@cache
def static_body_fonts(greek_cyrillic: bool = False) -> dict[str, Path]:
    """Static Regular, Bold and Italic cut from the variable Noto Sans: from the user cache
    folder when an earlier run made them, else made now (and kept there when it can be).

    Any problem with the cache (no folder, unwritable, a damaged or foreign file) falls back
    silently to cutting them into a temporary folder for this process.
    """
    variant = "lgc" if greek_cyrillic else "latin"
    folder = font_cache_dir()
    try:
        digest = _digest(font_files()[:2], variant) if folder is not None else ""
    except OSError:
        folder = None
    if folder is not None:
        found = _cached_static(folder, variant, digest)
        if found is not None:
            return found
    fonts = _cut_static(greek_cyrillic)
    if folder is not None:
        try:
            return _store_static(folder, variant, digest, fonts)
        except OSError:
            pass
    paths = {}
    for style, data in fonts.items():
        paths[style] = _temp_folder() / f"NotoSans-{variant}-{style or 'R'}.ttf"
        paths[style].write_bytes(data)
    return paths


def _static_name(variant: str, digest: str, style: str) -> str:
    return f"noto-{variant}-{digest}-{style or 'R'}.ttf"


def _cached_static(folder: Path, variant: str, digest: str) -> dict[str, Path] | None:
    """The cached styles when the manifest is there and every file holds what it lists."""
    try:
        manifest = json.loads((folder / f"noto-{variant}-{digest}.json").read_text("utf-8"))
        paths = {}
        for style in BODY_STYLES:
            path = folder / _static_name(variant, digest, style)
            if _sha(path.read_bytes()) != manifest[style or "R"]:
                return None
            paths[style] = path
        return paths
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _store_static(
    folder: Path, variant: str, digest: str, fonts: dict[str, bytes]
) -> dict[str, Path]:
    """Keep the styles in the cache (the manifest last, so it only names whole files) and
    remove those of an earlier font version."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for style, data in fonts.items():
        paths[style] = folder / _static_name(variant, digest, style)
        _write_atomic(paths[style], data)
    manifest = {style or "R": _sha(data) for style, data in fonts.items()}
    _write_atomic(folder / f"noto-{variant}-{digest}.json", json.dumps(manifest).encode())
    for old in folder.glob(f"noto-{variant}-*"):
        if digest not in old.name:
            old.unlink(missing_ok=True)
    return paths


def _cut_static(greek_cyrillic: bool) -> dict[str, bytes]:
    """Regular, Bold and Italic as static TrueType fonts of only the scripts needed.

    fpdf2 can instance a variable font itself, but on the whole font that takes seconds per
    style; cutting the scripts it needs first makes it a fraction of a second. Only kerning is
    kept: fpdf2 draws without text shaping, and text is NFC-normalised so accents are precomposed.
    """
    from fontTools import subset
    from fontTools.varLib import instancer

    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.layout_features = ["kern"]
    ranges = LATIN_RANGES + (GREEK_CYRILLIC if greek_cyrillic else ())
    unicodes = [code for start, end in ranges for code in range(start, end + 1)]
    fonts: dict[str, bytes] = {}
    for style, (index, weight) in BODY_STYLES.items():
        font = subset.load_font(str(font_files()[index]), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        static = instancer.instantiateVariableFont(
            font, {"wght": weight, "wdth": 100.0}, inplace=True
        )
        buffer = io.BytesIO()
        static.save(buffer)
        fonts[style] = buffer.getvalue()
    return fonts


@cache
def body_codepoints(greek_cyrillic: bool = False) -> frozenset[int]:
    """Every character the body font (the static cut) can draw."""
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(str(static_body_fonts(greek_cyrillic)[""]), lazy=True).getBestCmap())


def fallback_characters(text: str, greek_cyrillic: bool = False) -> str:
    """The distinct characters of `text` the body font lacks, in code point order: the only
    ones the CJK font is loaded for (none in a record written in a Latin script)."""
    body = body_codepoints(greek_cyrillic)
    return "".join(sorted({c for c in text if ord(c) not in body and c not in "\n\r\t "}))


def font_codepoints(path: Path) -> frozenset[int]:
    """The characters a (small) font file can draw."""
    from fontTools.ttLib import TTFont

    try:
        return frozenset(TTFont(str(path), lazy=True).getBestCmap() or ())
    except Exception:  # a subset with no character at all may lack the tables to read
        return frozenset()


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
    # Another process trims old subsets from the shared cache folder: a file found a moment
    # ago may be gone, so it is looked for (or made) again once before cutting it in memory.
    for _ in range(2):
        try:
            return cjk_subset_file(characters).read_bytes()
        except FileNotFoundError:
            continue
    return cjk_subset(characters)


def cjk_subset_file(characters: str) -> Path:
    """A font file of these characters of Noto Sans CJK: from the user cache folder when an
    earlier export needed the same characters (cutting it reads the 16 MB font, about 0.4 s),
    else made now and kept there; any cache problem falls back to a temporary file. Not
    remembered per process: another process may trim it from the cache at any time."""
    cached = _cjk_cache_paths(characters)
    if cached is not None:
        path, manifest = cached
        try:
            data = path.read_bytes()
            if _sha(data) == manifest.read_text("ascii").strip():
                with contextlib.suppress(OSError):
                    os.utime(path)  # used now: the trim keeps the most recently used
                return path
        except (OSError, ValueError):
            pass
    data = cjk_subset(characters)
    if cached is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_atomic(path, data)
            _write_atomic(manifest, _sha(data).encode("ascii"))
            _trim_cjk(path.parent)
            return path
        except OSError:
            pass
    path = _temp_folder() / f"cjk-{_sha(characters.encode())[:32]}.otf"
    path.write_bytes(data)
    return path


def _cjk_cache_paths(characters: str) -> tuple[Path, Path] | None:
    """Where the subset of these characters and its checksum live in the cache, if anywhere."""
    folder = font_cache_dir()
    if folder is None:
        return None
    try:
        digest = _digest((font_files()[2],), characters)
    except OSError:
        return None
    return folder / f"cjk-{digest}.otf", folder / f"cjk-{digest}.sha256"


def _trim_cjk(folder: Path) -> None:
    """Keep the CJK_CACHE_KEEP most recently made subsets (one per client name, roughly)."""
    subsets = sorted(folder.glob("cjk-*.otf"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in subsets[CJK_CACHE_KEEP:]:
        old.unlink(missing_ok=True)
        old.with_suffix(".sha256").unlink(missing_ok=True)
