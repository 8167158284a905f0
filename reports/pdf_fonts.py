"""Each font embedded once in a PDF joined from parts rendered on their own (reports/assembly.py).

WeasyPrint embeds in every document a subset of each font it uses, keeping the glyph ids of the whole
font (HB_SUBSET_FLAGS_RETAIN_GIDS, see weasyprint/pdf/fonts.py): a glyph has the same id in every part.
Joined, the parts carried each font once per part. Here, for each font (its PDF name, the same in every
part: WeasyPrint derives it from the font's description), one subset of the original font file is made
holding the union of the glyphs the parts use (read from their /W widths), with WeasyPrint's own
subsetting code, and every part's FontDescriptor points at it; the parts' subsets are then unreferenced,
and dropped when the PDF is written. Each part keeps its own /W, /ToUnicode and descriptor.

A font is left as the parts embedded it when its original is not one of the vendored files
(FONT_DIRECTORY) with the same PostScript name and version, or when subsetting fails.
"""

import io
import logging
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path

import cffi
from django.contrib.staticfiles import finders
from fontTools.ttLib import TTFont, TTLibError
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject
from weasyprint.pdf.fonts import Font
from weasyprint.text.ffi import _dlopen
from weasyprint.text.ffi import ffi as weasy_ffi
from weasyprint.text.ffi import harfbuzz as weasy_harfbuzz

logger = logging.getLogger(__name__)

FONT_DIRECTORY = "fonts/dejavu"

# What WeasyPrint's bindings lack: a HarfBuzz face made from a font file's bytes.
_ffi = cffi.FFI()
_ffi.cdef(
    """
    typedef struct hb_blob_t hb_blob_t;
    typedef struct hb_face_t hb_face_t;
    hb_blob_t * hb_blob_create (const char *data, unsigned int length, int mode, void *user_data, void *destroy);
    hb_face_t * hb_face_create (hb_blob_t *blob, unsigned int index);
    void hb_blob_destroy (hb_blob_t *blob);
    """
)
_HB_MEMORY_MODE_DUPLICATE = 0


@cache
def _harfbuzz():
    return _dlopen(_ffi, "libharfbuzz-0", "harfbuzz", "libharfbuzz.so.0", "libharfbuzz.0.dylib", allow_fail=True)


def _identity(font_bytes: bytes) -> tuple[str, str] | None:
    """A font file's PostScript name and version string (name IDs 6 and 5)."""
    try:
        names = TTFont(io.BytesIO(font_bytes), lazy=True)["name"]
    except (TTLibError, KeyError, AssertionError, ValueError):
        return None
    name, version = names.getDebugName(6), names.getDebugName(5)
    return (name, version) if name and version else None


@cache
def _vendored() -> dict[tuple[str, str], Path]:
    """The vendored font files by PostScript name and version, read once per process."""
    found = {}
    for path in sorted(Path(finders.find(FONT_DIRECTORY) or ".").glob("*.ttf")):
        identity = _identity(path.read_bytes())
        if identity:
            found[identity] = path
    return found


@lru_cache(maxsize=16)
def _union_subset(path: Path, glyphs: frozenset[int]) -> bytes | None:
    """The font at `path` cut to `glyphs` (ids kept) as WeasyPrint cuts a document's fonts, or None."""
    library = _harfbuzz()
    if library is None:
        return None
    data = path.read_bytes()
    try:
        blob = library.hb_blob_create(data, len(data), _HB_MEMORY_MODE_DUPLICATE, _ffi.NULL, _ffi.NULL)
        face = library.hb_face_create(blob, 0)
        library.hb_blob_destroy(blob)  # the face keeps its own reference
        font = Font.__new__(Font)  # only what Font.subset reads
        font.hb_face = weasy_ffi.gc(
            weasy_ffi.cast("hb_face_t *", int(_ffi.cast("uintptr_t", face))), weasy_harfbuzz.hb_face_destroy
        )
        font.file_content, font.index, font.missing, font.family = data, 0, {}, path.stem
        font.subset(dict.fromkeys(glyphs), False)  # no hinting, WeasyPrint's default
    except (AttributeError, TypeError, ValueError) as error:  # WeasyPrint's internals changed
        logger.warning("Font %s not merged: %s", path.name, error)
        return None
    return font.file_content if font.file_content is not data else None


def _glyphs(widths: ArrayObject) -> set[int]:
    """The glyph ids a CIDFont's /W array gives widths to: `first [w w …]` or `first last w`."""
    glyphs: set[int] = set()
    index = 0
    while index < len(widths):
        first = int(widths[index])
        following = widths[index + 1].get_object()
        if isinstance(following, ArrayObject):
            glyphs.update(range(first, first + len(following)))
            index += 2
        else:
            glyphs.update(range(first, int(following) + 1))
            index += 3
    return glyphs


def _cid_fonts(writer: PdfWriter) -> Iterator[DictionaryObject]:
    for obj in writer._objects:
        if isinstance(obj, DictionaryObject) and obj.get("/Subtype") == "/CIDFontType2" and "/FontDescriptor" in obj:
            yield obj


def embed_fonts_once(writer: PdfWriter) -> int:
    """Point every part's descriptor of a font at one subset holding the glyphs all the parts use.

    Returns how many font files were replaced (the parts' own subsets, unreferenced from then on).
    """
    by_name: dict[str, list[DictionaryObject]] = {}
    for cid_font in _cid_fonts(writer):
        by_name.setdefault(str(cid_font.get("/BaseFont")), []).append(cid_font)
    replaced = 0
    for name, cid_fonts in by_name.items():
        descriptors = [cid_font["/FontDescriptor"].get_object() for cid_font in cid_fonts]
        files = {d.raw_get("/FontFile2").idnum: d["/FontFile2"] for d in descriptors if "/FontFile2" in d}
        if len(files) < 2 or any("/FontFile2" not in d for d in descriptors):
            continue
        identities = {_identity(file.get_data()) for file in files.values()}
        identity = identities.pop() if len(identities) == 1 else None
        path = _vendored().get(identity) if identity else None
        glyphs = frozenset().union(*(_glyphs(cid_font.get("/W", ArrayObject()).get_object()) for cid_font in cid_fonts))
        subset = _union_subset(path, glyphs) if path and glyphs else None
        if subset is None:
            logger.info("Font %s kept as each part embedded it", name)
            continue
        stream = DecodedStreamObject()
        stream.set_data(subset)
        stream[NameObject("/Length1")] = NumberObject(len(subset))
        reference = writer._add_object(stream.flate_encode())
        for descriptor in descriptors:
            descriptor[NameObject("/FontFile2")] = reference
        replaced += len(files)
    return replaced
