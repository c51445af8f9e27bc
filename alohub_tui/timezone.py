"""Vietnam local time, the zone of every time the Alohub API sends or expects.

A fixed UTC+7 offset: Vietnam has no daylight saving, and this avoids depending on the
system's tz database (often missing in slim containers).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

VN_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")


def now_vn() -> datetime:
    return datetime.now(VN_TZ)
