"""The visit's photos in a note or handout: each drawn with its landmarks and plumb line, with
its measures beneath; the text formats get the measures only."""

from __future__ import annotations

from collections.abc import Callable

from posture_tui.domain.photos import Photo
from posture_tui.domain.records import Assessment
from posture_tui.exports.document import Paragraph, PhotoBlock, Section
from posture_tui.knowledge.model import Knowledge
from posture_tui.photos.geometry import PhotoError
from posture_tui.photos.names import measure_name, value_text

PhotoBytes = Callable[[Photo], bytes | None]
"""The bytes of a kept photo, or None if the store does not have them."""

LIMITS = (
    "Measured by a pose model on the photo: compare visits taken the same way. The angle "
    "from the side uses the shoulder in place of C7, which the model does not find."
)


FOR_CLIENT = (
    "Your photos from this visit, with the points your therapist measured and, where your feet "
    "show, a straight vertical line to compare against. Taken the same way next time, they "
    "show what changed."
)


def photo_section(
    assessment: Assessment,
    knowledge: Knowledge,
    load: PhotoBytes,
    heading: str,
    *,
    for_client: bool = False,
) -> Section | None:
    """A section with each photo of the visit (None when it keeps none); for the client, the
    measures without their confidence or what could not be measured."""
    if not assessment.photos:
        return None
    minimum = knowledge.settings.photos.min_visibility
    intro = FOR_CLIENT if for_client else LIMITS
    blocks: list[Paragraph | PhotoBlock] = [Paragraph(intro, emphasis=True)]
    blocks += [_block(photo, load, minimum, for_client) for photo in assessment.photos]
    return Section(heading, blocks)


def _block(photo: Photo, load: PhotoBytes, minimum: float, for_client: bool) -> PhotoBlock:
    caption = f"{photo.view.capitalize()} photo"
    if for_client:
        lines = [f"{measure_name(m)}: {value_text(m)}" for m in photo.measures]
    else:
        lines = [
            f"{measure_name(m)}: {value_text(m)} (confidence {m.confidence:.2f})"
            for m in photo.measures
        ]
        lines += [f"Not measured: {reason}" for reason in photo.left_out]
    data = load(photo)
    if data is None:
        return PhotoBlock(
            caption,
            lines,
            missing="The photo is missing or damaged in the store (run posture-tui check).",
        )
    try:
        from posture_tui.photos.overlay import drawn_jpeg  # Pillow: the photos extra

        image, width, height = drawn_jpeg(data, photo, minimum)
    except ImportError:
        why = "Not drawn: the photos extra (Pillow) is not installed."
        return PhotoBlock(caption, lines, missing=why)
    except PhotoError as error:
        return PhotoBlock(caption, lines, missing=f"Not drawn: {error}.")
    return PhotoBlock(caption, lines, image, width, height)
