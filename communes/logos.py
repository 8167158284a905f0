"""Checks on a territory's logo, shared by the model field (admin) and the upload service.

A logo is printed on the cover of every report of the territory: a PNG or JPEG image of modest size,
checked by opening it with Pillow, never trusted from its name or declared type.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_PIXELS = 4000
# Pillow format name → the extension the stored file gets.
LOGO_FORMATS = {"PNG": ".png", "JPEG": ".jpg"}

ERROR_LOGO_TOO_LARGE = _("The logo is larger than 1 MB; export it smaller.")
ERROR_LOGO_NOT_IMAGE = _("This file is not a PNG or JPEG image.")
ERROR_LOGO_DIMENSIONS = _("The logo is more than 4000 pixels wide or high.")


def logo_extension(upload) -> str:
    """The extension matching the logo's real format; ValidationError saying what is wrong otherwise."""
    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError(ERROR_LOGO_TOO_LARGE, code="too_large")
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(ERROR_LOGO_NOT_IMAGE, code="not_image") from None
    finally:
        upload.seek(0)
    if image_format not in LOGO_FORMATS:
        raise ValidationError(ERROR_LOGO_NOT_IMAGE, code="not_image")
    if width > LOGO_MAX_PIXELS or height > LOGO_MAX_PIXELS:
        raise ValidationError(ERROR_LOGO_DIMENSIONS, code="dimensions")
    return LOGO_FORMATS[image_format]


def validate_logo(upload) -> None:
    logo_extension(upload)
