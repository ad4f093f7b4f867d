"""Talks to `kokoro-ts serve --wyoming` with the Wyoming protocol's own Python client (the `wyoming`
package from PyPI, as Home Assistant uses it) and prints what came back as one JSON line.

Usage: python wyoming_client.py PORT SCENARIO [JSON-ARGS]
"""

import asyncio
import json
import sys
import time

from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.client import AsyncTcpClient
from wyoming.error import Error
from wyoming.event import Event, async_read_event
from wyoming.info import Describe, Info
from wyoming.tts import Synthesize, SynthesizeChunk, SynthesizeStart, SynthesizeStop, SynthesizeStopped, SynthesizeVoice

TIMEOUT = 60


def voice_of(args):
    v = args.get("voice")
    return None if v is None else SynthesizeVoice(name=v.get("name"), language=v.get("language"), speaker=v.get("speaker"))


async def read(client):
    event = await asyncio.wait_for(client.read_event(), timeout=TIMEOUT)
    if event is None:
        raise RuntimeError("the server closed the connection")
    return event


async def collect(client, until):
    """Events up to and including one of type `until`; audio summarized."""
    out = {"types": [], "bytes": 0, "chunks": 0, "formats": set(), "errors": []}
    while True:
        event = await read(client)
        out["types"].append(event.type)
        if AudioChunk.is_type(event.type):
            c = AudioChunk.from_event(event)
            out["bytes"] += len(c.audio)
            out["chunks"] += 1
            out["formats"].add((c.rate, c.width, c.channels))
        elif AudioStart.is_type(event.type):
            s = AudioStart.from_event(event)
            out["formats"].add((s.rate, s.width, s.channels))
        elif Error.is_type(event.type):
            e = Error.from_event(event)
            out["errors"].append({"text": e.text, "code": e.code})
            return out
        if event.type in until:
            return out


def plain(out):
    out["formats"] = sorted(list(f) for f in out["formats"])
    return out


async def describe(port, args):
    async with AsyncTcpClient("127.0.0.1", port) as client:
        await client.write_event(Describe().event())
        event = await read(client)
        info = Info.from_event(event)
        return {"type": event.type, "tts": [p.to_dict() for p in info.tts]}


async def synthesize(port, args):
    async with AsyncTcpClient("127.0.0.1", port) as client:
        await client.write_event(Synthesize(text=args["text"], voice=voice_of(args)).event())
        return plain(await collect(client, {AudioStop().event().type}))


async def stream(port, args):
    """Sends the parts one by one; after each part listed in `wait_after`, waits for audio before going on."""
    async with AsyncTcpClient("127.0.0.1", port) as client:
        await client.write_event(SynthesizeStart(voice=voice_of(args)).event())
        audio_after = None
        early = []
        for i, part in enumerate(args["parts"]):
            await client.write_event(SynthesizeChunk(text=part).event())
            if i in args.get("wait_after", []) and audio_after is None:
                # Audio must come while the rest of the text is still unsent.
                while True:
                    event = await read(client)
                    early.append(event)
                    if AudioChunk.is_type(event.type):
                        audio_after = i
                        break
        await client.write_event(Synthesize(text="".join(args["parts"]), voice=voice_of(args)).event())
        await client.write_event(SynthesizeStop().event())
        out = await collect(client, {SynthesizeStopped().event().type})
        out["types"] = [e.type for e in early] + out["types"]
        for e in early:
            if AudioChunk.is_type(e.type):
                out["bytes"] += len(AudioChunk.from_event(e).audio)
                out["chunks"] += 1
        out["audio_after_part"] = audio_after
        return plain(out)


async def disconnect(port, args):
    """Leaves after the first audio chunk of a long text."""
    client = AsyncTcpClient("127.0.0.1", port)
    await client.connect()
    await client.write_event(Synthesize(text=args["text"]).event())
    types = []
    while True:
        event = await read(client)
        types.append(event.type)
        if AudioChunk.is_type(event.type):
            break
    await client.disconnect()
    return {"types": types}


async def busy(port, args):
    """A long answer on one connection; meanwhile a second request, which must be refused at once."""
    first = AsyncTcpClient("127.0.0.1", port)
    await first.connect()
    await first.write_event(Synthesize(text=args["text"]).event())
    while not AudioChunk.is_type((await read(first)).type):
        pass
    async with AsyncTcpClient("127.0.0.1", port) as second:
        t0 = time.monotonic()
        await second.write_event(Synthesize(text="Me too.").event())
        refused = await collect(second, {AudioStop().event().type})
        refused["seconds"] = time.monotonic() - t0
        # Refused streams are told once, at their start.
        await second.write_event(SynthesizeStart().event())
        refused_stream = await collect(second, {"never"})
        await second.write_event(SynthesizeChunk(text="Hello there. ").event())
        await second.write_event(SynthesizeStop().event())
    await first.disconnect()
    return {"refused": plain(refused), "refused_stream": plain(refused_stream)}


async def bad(port, args):
    """Malformed frames and events on one raw connection, each answered with an error; then a describe on it."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    sends = [
        b"{not json\n",
        b'{"type": "tell-me-a-joke"}\n',
        b'{"type": "synthesize", "data": {"voice": {"name": "af_heart"}}}\n',
        b'{"type": "synthesize", "data": {"text": "Hi.", "voice": {"name": "zz_nobody"}}}\n',
        b'{"type": "synthesize-chunk", "data": {"text": "stray"}}\n',
        b'{"type": "describe", "pad": "' + b"x" * 70000 + b'"}\n',
        b'{"type": "synthesize", "data_length": 9000000}\n' + b" " * 9000000,
        b'{"type": "synthesize", "data_length": 5}\n{oops',
    ]
    answers = []
    for raw in sends:
        writer.write(raw)
        await writer.drain()
        event = await asyncio.wait_for(async_read_event(reader), timeout=TIMEOUT)
        answers.append({"type": event.type, **({"code": event.data.get("code"), "text": event.data.get("text")} if event.type == "error" else {})})
    writer.write(json.dumps({"type": "describe"}).encode() + b"\n")
    await writer.drain()
    last = await asyncio.wait_for(async_read_event(reader), timeout=TIMEOUT)
    writer.close()
    return {"answers": answers, "then": last.type}


SCENARIOS = {"describe": describe, "synthesize": synthesize, "stream": stream, "disconnect": disconnect, "busy": busy, "bad": bad}

if __name__ == "__main__":
    port, scenario = int(sys.argv[1]), sys.argv[2]
    args = json.loads(sys.argv[3]) if len(sys.argv) > 3 else {}
    print(json.dumps(asyncio.run(SCENARIOS[scenario](port, args))))
