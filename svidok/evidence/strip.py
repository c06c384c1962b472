"""Working copies of images without metadata: EXIF (camera, time, GPS position), XMP, IPTC,
comments, text chunks and colour profiles (which can name a device) are dropped by rebuilding
the image from its pixels. The EXIF orientation is applied first, so the copy looks right."""

from __future__ import annotations

import io

from ..errors import SvidokError

__all__ = ["SUPPORTED", "MediaError", "strip_image"]

#: Formats a working copy can be made of, and the format of the copy.
SUPPORTED = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "PNG", "GIF": "PNG", "TIFF": "PNG", "BMP": "PNG"}
_MAX_PIXELS = 200_000_000


class MediaError(SvidokError):
    """A file that is not an image Svidok can strip (nothing was written)."""


def strip_image(data: bytes, name: str) -> tuple[bytes, str]:
    """(the image rebuilt from its pixels alone, its format: "JPEG" or "PNG")."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as original:
            fmt = original.format or ""
            if fmt not in SUPPORTED:
                raise MediaError(
                    f"{name}: {fmt or 'this kind of file'} cannot be stripped of metadata: no "
                    f"working copy made (supported: {', '.join(sorted(SUPPORTED))})"
                )
            if original.width * original.height > _MAX_PIXELS:
                raise MediaError(f"{name}: the image is too large for a working copy")
            upright = ImageOps.exif_transpose(original) or original
            target = SUPPORTED[fmt]
            mode = "RGB" if target == "JPEG" else ("RGBA" if "A" in upright.getbands() else "RGB")
            if upright.mode in ("L", "I;16") and target == "JPEG":
                mode = "L"
            pixels = upright.convert(mode)
            clean = Image.frombytes(mode, pixels.size, pixels.tobytes())
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise MediaError(f"{name}: not a readable image ({exc}): no working copy made") from None
    out = io.BytesIO()
    if target == "JPEG":
        clean.save(out, "JPEG", quality=95, optimize=True)
    else:
        clean.save(out, "PNG", optimize=True)
    return out.getvalue(), target
