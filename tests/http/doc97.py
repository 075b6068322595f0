# Word 97-2003 (.doc) files for the tests, written from [MS-DOC] and [MS-CFB]: an OLE2 compound
# file (512-byte sectors, every stream at least 4096 bytes so that no mini stream is needed)
# holding a WordDocument stream (FIB, then the pieces' text) and a table stream (the Clx).
import struct

SECTOR = 512
FREE, END, FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def _dir_entry(name, kind, start, size, child=FREE, right=FREE):
    """A 128-byte directory entry: kind 5 the root, 2 a stream; siblings chained on the right."""
    raw = (name + '\0').encode('utf-16-le') if name else b''
    return (raw.ljust(64, b'\0') + struct.pack('<HBB', len(raw), kind, 1)
            + struct.pack('<III', FREE, right, child) + b'\0' * 36 + struct.pack('<IQ', start, size))


def compound_file(streams):
    """streams: [(name, bytes)] -> the bytes of an OLE2 file (version 3) holding them."""
    sectors, chains = [], []
    for _, data in streams:
        data = data.ljust(4096, b'\0')
        first = len(sectors)
        sectors += [data[i:i + SECTOR].ljust(SECTOR, b'\0') for i in range(0, len(data), SECTOR)]
        chains.append((first, len(sectors) - first, len(data)))
    entries = [_dir_entry('Root Entry', 5, END, 0, child=1 if streams else FREE)]
    for i, ((name, _), (first, _, size)) in enumerate(zip(streams, chains)):
        entries.append(_dir_entry(name, 2, first, size,
                                  right=i + 2 if i + 1 < len(streams) else FREE))
    while len(entries) % 4:
        entries.append(_dir_entry('', 0, 0, 0))
    dir_first = len(sectors)
    sectors += [b''.join(entries[i:i + 4]) for i in range(0, len(entries), 4)]
    chains.append((dir_first, len(sectors) - dir_first, 0))
    nfat = 1
    while len(sectors) + nfat > nfat * (SECTOR // 4):
        nfat += 1
    fat = [FREE] * (nfat * SECTOR // 4)
    for first, count, _ in chains:
        for i in range(count):
            fat[first + i] = first + i + 1 if i + 1 < count else END
    fat_first = len(sectors)
    for i in range(nfat):
        fat[fat_first + i] = FAT
    sectors += [struct.pack('<128I', *fat[i * 128:(i + 1) * 128]) for i in range(nfat)]
    assert nfat <= 109, 'no DIFAT sectors written'
    difat = [fat_first + i for i in range(nfat)] + [FREE] * (109 - nfat)
    header = (b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + b'\0' * 16
              + struct.pack('<HHHHH', 0x3E, 3, 0xFFFE, 9, 6) + b'\0' * 6
              + struct.pack('<IIIIIIIII', 0, nfat, dir_first, 0, 4096, END, 0, END, 0)
              + struct.pack('<109I', *difat))
    return header + b''.join(sectors)


def word_document(pieces, main=None, encrypted=False):
    """pieces: [(text, compressed)]: compressed pieces are Windows-1252 bytes, the others
    UTF-16LE; the first `main` of them (all by default) are the main text (ccpText)."""
    main = len(pieces) if main is None else main
    fib = bytearray(1024)
    flags = 0x0200 | (0x0100 if encrypted else 0)  # fWhichTblStm (1Table), fEncrypted
    struct.pack_into('<HHHHHHH', fib, 0, 0xA5EC, 0x00C1, 0, 0x042A, 0, flags, 0x00BF)
    struct.pack_into('<H', fib, 0x20, 14)   # csw
    struct.pack_into('<H', fib, 0x3E, 22)   # cslw
    struct.pack_into('<H', fib, 0x98, 93)   # cbRgFcLcb
    text, cps, fcs = bytearray(), [0], []
    for s, compressed in pieces:
        at = len(fib) + len(text)
        data = s.encode('cp1252') if compressed else s.encode('utf-16-le')
        fcs.append((at * 2) | 0x40000000 if compressed else at)
        cps.append(cps[-1] + (len(data) if compressed else len(data) // 2))
        text += data
    plc = b''.join(struct.pack('<I', cp) for cp in cps)
    plc += b''.join(struct.pack('<HIH', 0, fc, 0) for fc in fcs)
    clx = b'\x02' + struct.pack('<I', len(plc)) + plc
    struct.pack_into('<I', fib, 0x40, len(fib) + len(text))  # cbMac
    struct.pack_into('<I', fib, 0x4C, cps[main])             # ccpText
    struct.pack_into('<II', fib, 0x9A + 33 * 8, 16, len(clx))  # fcClx, lcbClx
    table = b'\0' * 16 + clx
    return compound_file([('WordDocument', bytes(fib + text)), ('1Table', table)])
