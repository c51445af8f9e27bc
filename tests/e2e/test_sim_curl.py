"""The contract's three curl examples, run verbatim with real curl."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from sim_support import KEY, mp3_frames, running

CURL_EXAMPLES = [
    """curl -X POST "$BASE/v1.0/base/makeCall" -H "Authorization: $KEY" -H "Content-Type: application/json" \\
  -d '{"phoneNumber": "0123456789", "ipPhone": "6688", "transactionId": "ALOHUB_3432323435545"}'""",  # noqa: E501
    """curl -X POST "$BASE/setting/agent/updateQueue?userName=userName66" -H "Authorization: $KEY" \\
  -H "Content-Type: application/json" -d '{"action": "EDIT", "callinId": [1, 2], "calloutId": 99999, "lstExtension": ["6688"]}'""",  # noqa: E501
    """curl -o recording.mp3 "$MEDIA/IPCCMedia/MP3Export.do?url=recording_url.mp3&source=ipcc" -H "Authorization: $KEY\"""",  # noqa: E501
]

pytestmark = pytest.mark.skipif(shutil.which("curl") is None, reason="curl not installed")


async def _sh(script: str, env: dict[str, str], cwd: Path) -> bytes:
    proc = await asyncio.create_subprocess_exec(
        "bash", "-c", script, env={**os.environ, **env}, cwd=cwd,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )
    out, _ = await proc.communicate()
    assert proc.returncode == 0, script
    return out


async def test_contract_curl_examples_verbatim(tmp_path: Path) -> None:
    async with running() as (sim, _):
        env = {"BASE": sim.base_url, "MEDIA": sim.media_url, "KEY": KEY}
        for script in CURL_EXAMPLES[:2]:
            body = json.loads(await _sh(script, env, tmp_path))
            assert body == {"success": "1", "error_code": "SUCCESS", "error_message": "SUCCESS"}
        await _sh(CURL_EXAMPLES[2], env, tmp_path)
        audio = (tmp_path / "recording.mp3").read_bytes()
        assert audio[:2] == b"\xff\xfb" or audio[:3] == b"ID3"
        assert mp3_frames(audio) > 0
        assert sim.find_call("ALOHUB_3432323435545") is not None
        assert sim.tenant.agents["userName66"].callin_ids == [1, 2]
        sent = next(r for r in sim.requests if r["path"].endswith("makeCall"))
        assert sent["body"]["ipPhone"] == "6688" and sent["authorization"] == "***"
