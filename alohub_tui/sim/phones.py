"""Vietnamese phone numbers: seeded generation and the digits-only comparison key."""

from __future__ import annotations

import random

#: Mobile prefixes in use after the 2018 renumbering (Viettel 03x/09x, Vinaphone 08x,
#: Mobifone 07x, Vietnamobile/Gmobile 05x). Mobile numbers have 10 digits.
MOBILE_PREFIXES = (
    "086", "096", "097", "098", "032", "033", "034", "035", "036", "037", "038", "039",
    "088", "091", "094", "081", "082", "083", "084", "085",
    "089", "090", "093", "070", "076", "077", "078", "079",
    "092", "056", "058", "099", "059",
)
#: Landline area codes (Hà Nội 024, TP.HCM 028, Đà Nẵng 0236, Hải Phòng 0225, Cần Thơ 0292):
#: 11 digits in total.
LANDLINE_PREFIXES = ("024", "028", "0236", "0225", "0292")


def random_number(rng: random.Random, landline_share: float = 0.15) -> str:
    if rng.random() < landline_share:
        prefix = rng.choice(LANDLINE_PREFIXES)
    else:
        prefix = rng.choice(MOBILE_PREFIXES)
    width = (11 if prefix.startswith("02") else 10) - len(prefix)
    return prefix + str(rng.randrange(10 ** (width - 1), 10**width)).zfill(width)


def phone_key(text: str) -> str:
    """Digits only, with the +84/84 country code folded to a leading 0.

    ``"+84 912 345 678"``, ``"84912345678"`` and ``"0912345678"`` share one key.
    """
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits
