"""Decompression bombs for the bad-input tests: small on disk, gigabytes when inflated.

Both are built in a second or less, from a few megabytes of compressed zeros
repeated, so that no test has to compress gigabytes.
"""

from __future__ import annotations

import gzip
import struct
import zlib
from pathlib import Path

MIB = 2**20


def gzip_bomb(path: Path, head: bytes, zeros_mib: int) -> Path:
    """A gzip file of ``head`` then ``zeros_mib`` MiB of zeros, as concatenated gzip members."""
    chunk = gzip.compress(bytes(16 * MIB), mtime=0)
    with path.open("wb") as out:
        out.write(gzip.compress(head, mtime=0))
        for _ in range(zeros_mib // 16):
            out.write(chunk)
    return path


def zip_bomb(path: Path, member: str, head: bytes, zeros_mib: int) -> Path:
    """A zip file whose one deflated member is ``head`` then ``zeros_mib`` MiB of zeros.

    A full flush leaves the compressor with no memory of what came before, so
    the compressed block of one MiB of zeros may be repeated as often as wanted.
    """
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = deflate.compress(head) + deflate.flush(zlib.Z_FULL_FLUSH)
    block = deflate.compress(bytes(MIB)) + deflate.flush(zlib.Z_FULL_FLUSH)
    end = deflate.flush()
    crc = zlib.crc32(head)
    zeros = bytes(MIB)
    for _ in range(zeros_mib):
        crc = zlib.crc32(zeros, crc)
    size, packed = len(head) + zeros_mib * MIB, len(start) + zeros_mib * len(block) + len(end)
    assert size < 2**32, "zip64 is not written here"
    name = member.encode()
    # version, flags, method 8 (deflate), time, date, CRC-32, sizes, name length, extra length
    fields = (20, 0, 8, 0, 0, crc, packed, size, len(name), 0)
    local = struct.pack("<I5HIIIHH", 0x04034B50, *fields) + name
    central = struct.pack("<IH5HIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, 0) + name
    with path.open("wb") as out:
        out.write(local + start)
        for _ in range(zeros_mib):
            out.write(block)
        out.write(end)
        offset = out.tell()
        out.write(central)
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), offset, 0))
    return path
