"""Turns one image into its web derivatives: oriented, in sRGB, without metadata, at a few widths.

Phone photos carry GPS positions and camera serial numbers in EXIF/XMP: the pixels are copied into
a fresh image, so nothing but pixels reaches the public site.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps

# Bump when the output of this module changes for the same input: every cached derivative is redone.
PIPELINE_VERSION = 3

# WebP effort (0 fastest … 6 smallest). Measured on 1280×720 posters and photos at 320–1280 px wide:
# method 2 encodes in about half the time of method 4 (e.g. 16 ms instead of 36 ms at 1280 px) for
# files 3–11 % larger (13.5 KB → 15.0 KB); methods 3 and 4 are the same speed, 1 and 0 lose 10–40 % in size.
WEBP_METHOD = 2

MIME_TYPES = {"webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}
EXTENSIONS = {"webp": "webp", "jpeg": "jpg", "png": "png"}
_ORIENTATION = 0x0112
_ALPHA_MODES = {"RGBA", "LA", "PA", "RGBa", "La"}


@dataclass(frozen=True)
class Rendition:
    """One derivative file: a size in one format."""

    width: int
    height: int
    format: str
    cropped: bool = False  # cut to this shape (a search engine's 16:9, 4:3, 1:1), not just resized

    @property
    def filename(self) -> str:
        size = f"{self.width}x{self.height}" if self.cropped else f"{self.width}"
        return f"{size}.{EXTENSIONS[self.format]}"

    @property
    def mime_type(self) -> str:
        return MIME_TYPES[self.format]


@dataclass(frozen=True)
class Plan:
    """Every derivative of one source, and the encoder settings.

    Progressive JPEG shows a page's pictures sooner; a share card is fetched whole by a social
    network, so it is encoded baseline with libjpeg's standard Huffman tables: 4 to 5 times faster
    than progressive, for files 20 to 40 % larger (30 to 60 KB), which no visitor of a page downloads.
    """

    renditions: tuple[Rendition, ...]
    quality: int
    progressive: bool = True

    @property
    def largest(self) -> tuple[int, int]:
        return max((r.width, r.height) for r in self.renditions)


def oriented_size(image: Image.Image) -> tuple[int, int]:
    """The size once the EXIF orientation is applied (a portrait phone photo is stored sideways)."""
    width, height = image.size
    return (height, width) if image.getexif().get(_ORIENTATION) in (5, 6, 7, 8) else (width, height)


def has_alpha(image: Image.Image) -> bool:
    """Whether the image may be transparent; such images keep a PNG fallback instead of JPEG."""
    return image.mode in _ALPHA_MODES or "transparency" in image.info


def widths_for(width: int, wanted: tuple[int, ...]) -> list[int]:
    """The wanted widths below the original, plus the original (capped at the largest wanted)."""
    largest = min(width, max(wanted))
    return [w for w in wanted if w < largest] + [largest]


def responsive_plan(size: tuple[int, int], transparent: bool, widths: tuple[int, ...], quality: int) -> Plan:
    """WebP at every width, plus JPEG (PNG when transparent) for browsers without WebP."""
    width, height = size
    fallback = "png" if transparent else "jpeg"
    return Plan(
        tuple(
            Rendition(w, max(1, round(height * w / width)), fmt)
            for w in widths_for(width, widths)
            for fmt in ("webp", fallback)
        ),
        quality,
    )


# What search engines want of an event's picture: at least 1200 px wide, in each of these shapes.
STRUCTURED_SHAPES = ((16, 9), (4, 3), (1, 1))
STRUCTURED_WIDTH = 1200


def structured_plan(quality: int) -> Plan:
    """JPEG crops of a picture in every shape search engines ask for (Google's Event and Article images)."""
    return Plan(tuple(Rendition(STRUCTURED_WIDTH, STRUCTURED_WIDTH * h // w, "jpeg", cropped=True)
                      for w, h in STRUCTURED_SHAPES), quality)


def single_plan(size: tuple[int, int], fmt: str, quality: int) -> Plan:
    """One file at its own size (share cards: social networks want one JPEG, baseline)."""
    return Plan((Rendition(size[0], size[1], fmt),), quality, progressive=False)


def load(path: str, plan: Plan) -> Image.Image:
    """Open and normalise a source; a large JPEG is decoded already reduced (libjpeg's DCT scaling).

    `draft` keeps the decoded picture at least as large as the largest rendition, so LANCZOS still
    makes every size; it only reduces by 1/2, 1/4 or 1/8, i.e. when the original is at least twice as
    wide (a 12-megapixel phone photo decodes at 2016×1512 for a 1600 px rendition: 4 times fewer pixels
    to decode and resize).
    """
    with Image.open(path) as source:
        width, height = plan.largest
        sideways = oriented_size(source) != source.size
        source.draft(None, (height, width) if sideways else (width, height))
        return normalise(source)


def normalise(image: Image.Image) -> Image.Image:
    """Upright, sRGB, RGB or RGBA, and without any metadata (EXIF, XMP, ICC, comments)."""
    image = ImageOps.exif_transpose(image)
    image = _to_srgb(image)
    if image.mode in ("P", "PA", "LA", "La", "RGBa") or (image.mode != "RGB" and "transparency" in image.info):
        image = image.convert("RGBA")
    elif image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGB")
    if image.mode == "RGBA" and image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")  # an alpha channel nobody uses
    return Image.frombytes(image.mode, image.size, image.tobytes())


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert through the embedded colour profile (CMYK print files, Adobe RGB or P3 photos)."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image.convert("RGB") if image.mode == "CMYK" else image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if image.mode != "CMYK" and "srgb" in ImageCms.getProfileDescription(source).lower().replace(" ", ""):
            return image
        output = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=output)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image.convert("RGB") if image.mode == "CMYK" else image


def render(image: Image.Image, plan: Plan) -> dict[str, bytes]:
    """Encode every rendition of a normalised image; keys are the renditions' file names.

    Each size is resized once for all its formats, from the next larger size rather than from the
    original (1600 → 1024 → 640 → 320): every step is still a LANCZOS reduction of at most ~2.5×, and
    the smaller steps cost a fraction of resizing the original again.
    """
    files: dict[str, bytes] = {}
    if any(rendition.cropped for rendition in plan.renditions):
        for rendition in plan.renditions:  # each shape is cut from the whole picture, centred a little high
            picture = ImageOps.fit(image, (rendition.width, rendition.height), Image.Resampling.LANCZOS,
                                   centering=(0.5, 0.4))
            files[rendition.filename] = encode(picture, rendition.format, plan.quality, plan.progressive)
        return files
    sizes = sorted({(r.width, r.height) for r in plan.renditions}, reverse=True)
    resized = {}
    for size in sizes:
        if image.size != size:
            image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        resized[size] = image
    for rendition in plan.renditions:
        picture = resized[(rendition.width, rendition.height)]
        files[rendition.filename] = encode(picture, rendition.format, plan.quality, plan.progressive)
    return files


def encode(image: Image.Image, fmt: str, quality: int, progressive: bool = True) -> bytes:
    buffer = io.BytesIO()
    if fmt == "jpeg":
        image = image if image.mode == "RGB" else image.convert("RGB")  # convert() would copy even an RGB image
        # libjpeg always optimises a progressive file's Huffman tables; a baseline one keeps the standard tables.
        image.save(buffer, "JPEG", quality=quality, optimize=progressive, progressive=progressive)
    elif fmt == "webp":
        image.save(buffer, "WEBP", quality=quality, method=WEBP_METHOD)
    else:
        image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
