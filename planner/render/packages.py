"""Zip files a team can send as one WhatsApp attachment: one per team-day, one per team-month.

The archives are built from the bytes just rendered (no file is read back) with fixed
timestamps and a fixed order, so the same plan gives byte-identical zips. Inside, every file
sits in a folder named like the archive (`tim-a-2027-01-04/jadwal.html`), so unpacking two
days never mixes their files.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

#: Timestamp of every member (the zip format's earliest date): reproducible archives.
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)

#: WhatsApp sends documents up to 2 GB, but a weak signal makes anything above a few MB fail.
COMFORTABLE_BYTES = 16 * 1024 * 1024


def zip_bytes(members: Mapping[str, bytes]) -> bytes:
    """A deflate-compressed zip of `members` (archive path → content), in path order."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, members[name])
    return buf.getvalue()


def day_zip_name(team_slug: str, day: str) -> str:
    """`tim-a-2027-01-04.zip`: what the recipient sees in the chat."""
    return f"{team_slug}-{day}.zip"


def month_zip_name(team_slug: str, month: str) -> str:
    """`tim-a-2027-01.zip`: the team's whole month."""
    return f"{team_slug}-{month}.zip"


def changes_zip_name(team_slug: str, since: str) -> str:
    """`tim-a-perubahan-2027-01-18.zip`: a re-plan's changed days of the team, to send again."""
    return f"{team_slug}-perubahan-{since}.zip"
