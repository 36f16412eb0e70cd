"""Body landmarks from a photo with MediaPipe's pose model, offline, on the CPU.

The model ships inside the optional `photos` extra (`pip install 'posture-tui[photos]'`):
nothing is downloaded when it runs. Without the extra every other feature works and this
module says how to install it. A file that is not a photo, is too large or truncated, shows
no one or several people gets one line saying so, never a guess.
"""

from __future__ import annotations

import importlib.util
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from posture_tui.photos.geometry import PhotoError, Point

INSTALL_HINT = (
    "photo analysis needs the photos extra: `pip install 'posture-tui[photos]'` in the "
    "environment posture-tui runs in (`make setup` installs it in a checkout)"
)
MAX_PHOTO_BYTES = 40 * 1024 * 1024
MAX_PHOTO_PIXELS = 50_000_000
MIN_SIDE_PIXELS = 200

# The 33 landmarks of MediaPipe Pose, in the model's order.
LANDMARKS = (
    "nose", "left_eye_inner", "left_eye", "left_eye_outer", "right_eye_inner", "right_eye",
    "right_eye_outer", "left_ear", "right_ear", "mouth_left", "mouth_right", "left_shoulder",
    "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_pinky",
    "right_pinky", "left_index", "right_index", "left_thumb", "right_thumb", "left_hip",
    "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle", "left_heel",
    "right_heel", "left_foot_index", "right_foot_index",
)  # fmt: skip


class PhotosUnavailable(PhotoError):
    """The photos extra is not installed."""


def available() -> bool:
    """Whether the photos extra is installed, found without importing it (importing the model
    takes half a second: a key that asks must not wait for it). A broken install still says
    so in one line when a photo is measured."""
    try:
        return all(
            importlib.util.find_spec(name) is not None for name in ("mediapipe", "numpy", "PIL")
        )
    except (ImportError, ValueError, AttributeError):  # a module set aside as None, say
        return False


def _modules() -> tuple[Any, Any, Any]:
    os.environ.setdefault("GLOG_minloglevel", "2")  # the model's C++ log lines on stderr
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import numpy
            from mediapipe.python.solutions import face_detection, pose
            from PIL import Image, ImageOps  # noqa: F401  (Pillow, needed to read the photo)
    except ImportError:
        raise PhotosUnavailable(INSTALL_HINT) from None
    return numpy, pose, face_detection


def read_photo(path: Path) -> Any:
    """The photo as an RGB array, upright as its EXIF orientation says."""
    numpy, _, _ = _modules()
    return numpy.asarray(read_image(path))


def read_image(path: Path) -> Any:
    """The photo as an upright RGB Pillow image; one line for anything that is not a photo
    this can measure (see the module's docstring)."""
    _modules()
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        size = path.stat().st_size
    except OSError as error:
        raise PhotoError(f"{path}: {error.strerror or 'cannot be read'}") from None
    if not path.is_file():
        raise PhotoError(f"{path}: not a file")
    if size > MAX_PHOTO_BYTES:
        raise PhotoError(
            f"{path}: {size / 1e6:.0f} MB is too large for a photo (at most "
            f"{MAX_PHOTO_BYTES // (1024 * 1024)} MB)"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.width * image.height > MAX_PHOTO_PIXELS:
                    raise PhotoError(
                        f"{path}: {image.width}x{image.height} pixels is too large (at most "
                        f"{MAX_PHOTO_PIXELS // 1_000_000} megapixels)"
                    )
                upright = ImageOps.exif_transpose(image).convert("RGB")
    except PhotoError:
        raise
    except UnidentifiedImageError:
        raise PhotoError(f"{path}: not a photo (a JPEG or PNG file)") from None
    except (OSError, ValueError, Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise PhotoError(f"{path}: the photo is damaged or cut short") from None
    if min(upright.width, upright.height) < MIN_SIDE_PIXELS:
        raise PhotoError(
            f"{path}: {upright.width}x{upright.height} pixels is too small to measure "
            f"(at least {MIN_SIDE_PIXELS} on each side)"
        )
    return upright


@contextmanager
def _quiet() -> Iterator[None]:
    """The model's native code writes notices to stderr (file descriptor 2): kept off the
    therapist's terminal."""
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def landmarks(path: Path) -> tuple[dict[str, Point], tuple[int, int]]:
    """The landmarks of the one person in the photo, in pixels, and the photo's (width,
    height)."""
    _, pose, face_detection = _modules()
    pixels = read_photo(path)
    height, width = pixels.shape[:2]
    with _quiet(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with face_detection.FaceDetection(model_selection=1, min_detection_confidence=0.6) as faces:
            found = faces.process(pixels).detections or []
        if len(found) > 1:
            raise PhotoError(
                f"{path}: {len(found)} people in the photo; take it of the client alone"
            )
        with pose.Pose(static_image_mode=True, model_complexity=1) as model:
            result = model.process(pixels)
    if result.pose_landmarks is None:
        raise PhotoError(f"{path}: no person found in the photo")
    points = {
        name: Point(mark.x * width, mark.y * height, float(mark.visibility))
        for name, mark in zip(LANDMARKS, result.pose_landmarks.landmark, strict=True)
    }
    return points, (width, height)
