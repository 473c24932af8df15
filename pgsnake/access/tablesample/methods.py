"""The built-in tablesample methods, SYSTEM and BERNOULLI (PostgreSQL's TsmRoutine of
tsm_system_handler and tsm_bernoulli_handler), and the seed a scan samples with.

Entry points:
    method_for_handler(handler_oid) -> SampleMethod | None
                                     the method whose handler function (pg_proc, returning
                                     tsm_handler) is `handler_oid`
    SampleMethod.sample_size(pages, tuples, percent) -> (pages, tuples)
                                     the planner's estimate of what the sample reads
                                     (percent: the argument's constant value, or None)
    SampleMethod.sampler(percent, seed) -> Sampler   one scan's choice of rows: 2202H
                                     when the percentage is outside 0..100
    Sampler.block_chosen(blockno) / Sampler.tuple_chosen(blockno, offnum) -> bool
    repeatable_seed(value) -> int    a REPEATABLE (float8) value's seed (hashfloat8)
    random_seed() -> int             the seed of a scan without REPEATABLE

Both methods take one float4 argument, the percentage, and compare a hash with
cutoff = rint(2^32 * percent / 100): SYSTEM takes a whole block when the lookup3 hash
(hash_any) of the two uint32 words (block number, seed) is below it, BERNOULLI reads
every block and takes a line pointer when the hash of (block number, offset number,
seed) is; visibility is decided after that choice, so with the same seed and the same
table layout the sample is PostgreSQL's row for row. The words are hashed in
little-endian byte order, as PostgreSQL's hash_any reads the array on the machines its
results are compared with. Both are repeatable across scans and queries (the same
seed gives the same rows while the table is unchanged).

PostgreSQL: access/tablesample/system.c, bernoulli.c, tablesample.c (GetTsmRoutine),
executor/nodeSamplescan.c (the seed), utils/adt/float.c (hashfloat8).
"""
from __future__ import annotations

import dataclasses
import math
import random
import struct

from pgsnake.access.hash.hash_functions import hash_bytes, support_function
from pgsnake.utils.errors import PgError

FLOAT4_OID, FLOAT8_OID = 700, 701
INVALID_TABLESAMPLE_ARGUMENT = "2202H"
_TWO_WORDS = struct.Struct("<II").pack
_THREE_WORDS = struct.Struct("<III").pack
_FLOAT4 = struct.Struct("<f")


def _float4(value: float) -> float:
    """`value` rounded to single precision (C float arithmetic)."""
    return _FLOAT4.unpack(_FLOAT4.pack(value))[0]


def clamp_row_est(rows: float) -> float:
    """costsize.c's clamp_row_est: at least one row, whole numbers."""
    return 1.0 if rows <= 1.0 else float(round(rows))


@dataclasses.dataclass(frozen=True)
class Sampler:
    """One scan's choice: which blocks it reads, which line pointers it takes."""
    cutoff: int
    seed: int
    whole_blocks: bool          # SYSTEM: every tuple of a chosen block

    def block_chosen(self, blockno: int) -> bool:
        if not self.whole_blocks:
            return True
        return hash_bytes(_TWO_WORDS(blockno, self.seed)) < self.cutoff

    def tuple_chosen(self, blockno: int, offnum: int) -> bool:
        if self.whole_blocks:
            return True
        return hash_bytes(_THREE_WORDS(blockno, offnum, self.seed)) < self.cutoff


@dataclasses.dataclass(frozen=True)
class SampleMethod:
    name: str
    whole_blocks: bool                      # SYSTEM's NextSampleBlock
    parameter_types: tuple = (FLOAT4_OID,)
    repeatable_across_queries: bool = True
    repeatable_across_scans: bool = True

    def sample_size(self, pages: int, tuples: float, percent) -> tuple[float, float]:
        """(pages read, tuples returned) for the planner (SampleScanGetSampleSize): a
        percentage that is no constant, or out of range, counts as 10 %; the fraction
        is a C float."""
        if percent is not None and not math.isnan(percent) and 0 <= percent <= 100:
            fraction = _float4(_float4(percent) / _float4(100.0))
        else:
            fraction = _float4(0.1)
        sampled_tuples = clamp_row_est(tuples * fraction)
        if self.whole_blocks:
            return clamp_row_est(_float4(pages * fraction)), sampled_tuples
        return float(pages), sampled_tuples

    def sampler(self, percent: float, seed: int) -> Sampler:
        """BeginSampleScan: the cutoff the hashes are compared with."""
        if math.isnan(percent) or not 0 <= percent <= 100:
            raise PgError(INVALID_TABLESAMPLE_ARGUMENT,
                          "sample percentage must be between 0 and 100")
        # rint(): round half to even, as Python's round()
        return Sampler(round(4294967296.0 * percent / 100), seed, self.whole_blocks)


_METHODS = {
    3314: SampleMethod("system", whole_blocks=True),        # tsm_system_handler
    3313: SampleMethod("bernoulli", whole_blocks=False),    # tsm_bernoulli_handler
}


def method_for_handler(handler_oid: int) -> SampleMethod | None:
    return _METHODS.get(handler_oid)


_hashfloat8 = None


def repeatable_seed(value: float) -> int:
    """The seed REPEATABLE (value) gives: hashfloat8 of the float8 value."""
    global _hashfloat8
    if _hashfloat8 is None:
        _hashfloat8 = support_function(FLOAT8_OID)
    return _hashfloat8(value)


def random_seed() -> int:
    """A scan without REPEATABLE: a random seed chosen when the scan node starts."""
    return random.getrandbits(32)
