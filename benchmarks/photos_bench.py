"""Analyzing one photo with the pose model (the photos extra): in-process and as a whole process.

No goal is set by the issue; the figures are reported against a baseline of the same run:
in-process, the model's work against only decoding the same photo; as a whole process,
`posture-tui photos analyze` against `posture-tui --version`. The photo is the portrait
matplotlib ships (a dependency of the model). Without the extra nothing is measured.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks._fixture import median_time, row

REPEAT = 5
BIN = Path(sys.executable).parent


def _portrait() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg"


def _process(*argv: str) -> float:
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        subprocess.run([str(BIN / "posture-tui"), *argv], check=True, capture_output=True)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run() -> list[dict[str, object]]:
    from posture_tui.knowledge.loader import load_knowledge
    from posture_tui.photos import pose
    from posture_tui.photos.analysis import analyze_photos

    if not pose.available():
        print("  photos: the photos extra is not installed; nothing measured")
        return []
    photo = _portrait()
    knowledge = load_knowledge()
    analyze_photos({"front": photo}, knowledge, None, pose.landmarks)  # warm: model loaded once
    model = median_time(
        lambda: analyze_photos({"front": photo}, knowledge, None, pose.landmarks), REPEAT
    )
    decode = median_time(lambda: pose.read_photo(photo), REPEAT)
    whole = _process("photos", "analyze", "--front", str(photo))
    version = _process("--version")
    return [
        row("photo analysis in-process, one photo (vs decoding it)", model, "ms", decode),
        row("photos analyze, whole process (vs --version)", whole, "ms", version),
    ]


if __name__ == "__main__":
    for result in run():
        print(result)
