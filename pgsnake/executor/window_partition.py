"""The rows of one window partition: in memory within work_mem, then in a temporary file.

Entry points:
    PartitionRows(work_mem_kb)   append(row); len(); rows[i]; iteration in order;
                                 close() removes the file; spilled (bool)

Rows are kept in chunks of CHUNK_ROWS. When the partition's estimated size passes
work_mem (judged as PostgreSQL's tuplestore would count its tuples: utils/tuplesort.
pg_tuple_bytes, from a sample of rows), every full chunk is written to a temporary file
and dropped from memory; later rows[i] reads its chunk back, keeping the last few read
(window functions move through a partition mostly forwards, so this is cheap).

PostgreSQL: utils/sort/tuplestore.c (a tuplestore per partition, spilling to a BufFile
with random access), executor/nodeWindowAgg.c (spool_tuples).
"""
from __future__ import annotations

from pgsnake.utils.temp_files import TempFile
from pgsnake.utils.tuplesort import pg_tuple_bytes

CHUNK_ROWS = 1000
SAMPLE_ROWS = 64
CACHED_CHUNKS = 4


class PartitionRows:
    def __init__(self, work_mem_kb: int) -> None:
        self.limit = work_mem_kb * 1024
        self.chunks: list = [[]]            # a list of rows, or None when spilled
        self.offsets: list = []             # file offset of each spilled chunk
        self.size = 0
        self.row_bytes = None
        self.file: TempFile | None = None
        self._cache: dict = {}

    @property
    def spilled(self) -> bool:
        return self.file is not None

    def append(self, row) -> None:
        chunk = self.chunks[-1]
        if chunk is None or len(chunk) >= CHUNK_ROWS:
            chunk = []
            self.chunks.append(chunk)
        chunk.append(row)
        self.size += 1
        if self.row_bytes is None and self.size == SAMPLE_ROWS:
            self.row_bytes = sum(pg_tuple_bytes(r) for r in self.chunks[0]) / SAMPLE_ROWS
        if self.row_bytes is not None and len(chunk) == CHUNK_ROWS and \
                self._memory_rows() * self.row_bytes > self.limit:
            self._spill()

    def _memory_rows(self) -> int:
        return sum(len(c) for c in self.chunks if c is not None)

    def _spill(self) -> None:
        if self.file is None:
            self.file = TempFile()
        for number, chunk in enumerate(self.chunks):
            if chunk is not None and len(chunk) == CHUNK_ROWS:
                while len(self.offsets) <= number:
                    self.offsets.append(None)
                self.offsets[number] = self.file.write_batch(chunk)
                self.chunks[number] = None

    def __len__(self) -> int:
        return self.size

    def _chunk(self, number: int) -> list:
        chunk = self.chunks[number]
        if chunk is not None:
            return chunk
        cached = self._cache.get(number)
        if cached is None:
            if len(self._cache) >= CACHED_CHUNKS:
                self._cache.pop(next(iter(self._cache)))
            cached = self._cache[number] = self.file.batch_at(self.offsets[number])
        return cached

    def __getitem__(self, i: int):
        return self._chunk(i // CHUNK_ROWS)[i % CHUNK_ROWS]

    def __iter__(self):
        for number in range(len(self.chunks)):
            yield from self._chunk(number)

    def close(self) -> None:
        self._cache = {}
        if self.file is not None:
            self.file.close()
            self.file = None
