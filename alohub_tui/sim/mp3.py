"""Real MPEG-1 Layer III audio: silent constant-bitrate frames.

Each frame is 144 bytes: MPEG-1 Layer III, 32 kbit/s, 32 kHz, mono, no CRC. The header is
``FF FB 18 C0``; the 17-byte side info is all zero (``part2_3_length`` 0 in both
granules), which decoders play as digital silence. A frame holds 1152 samples, i.e.
36 ms, so the file duration matches the call's talk time to within one frame and a
player's CBR size/bitrate estimate is exact.
"""

from __future__ import annotations

import math
from functools import lru_cache

SAMPLE_RATE = 32_000
BITRATE = 32_000
SAMPLES_PER_FRAME = 1152
FRAME_BYTES = 144 * BITRATE // SAMPLE_RATE  # 144, no padding needed at this rate
FRAME_SECONDS = SAMPLES_PER_FRAME / SAMPLE_RATE  # 0.036
HEADER = bytes((0xFF, 0xFB, 0x18, 0xC0))
SILENT_FRAME = HEADER + bytes(FRAME_BYTES - len(HEADER))


def frame_count(seconds: float) -> int:
    """Frames needed for ``seconds`` of audio (at least one, so the file is never empty)."""
    return max(1, math.ceil(seconds / FRAME_SECONDS))


@lru_cache(maxsize=16)
def silent_mp3(seconds: int) -> bytes:
    """A complete MP3 file of ``seconds`` of silence."""
    return SILENT_FRAME * frame_count(seconds)


def mp3_size(seconds: int) -> int:
    return FRAME_BYTES * frame_count(seconds)
