"""Sample Scan: the rows of a table that TABLESAMPLE chooses.

At the start of each scan (and of each re-scan: a LATERAL subquery's table sampled by
an outer row's percentage) the arguments are evaluated again: a NULL argument is 2202H,
a NULL REPEATABLE 2202G, then the method checks the percentage (2202H). The seed is
hashfloat8 of REPEATABLE's value, else a random number drawn once when the node starts,
so every re-scan of one execution takes the same sample. The heap is then read as a Seq
Scan reads it: SYSTEM only the blocks it chooses, every visible tuple of them;
BERNOULLI every block, the visible tuples whose line pointer it chooses (the choice of
access/tablesample/methods.py). No backward scan (a SCROLL cursor over it gets a
Materialize: backward_scan.py).

PostgreSQL: executor/nodeSamplescan.c (tablesample_init, SampleNext,
ExecReScanSampleScan), access/heap/heapam_handler.c (heapam_scan_sample_next_block,
heapam_scan_sample_next_tuple).
"""
from __future__ import annotations

from pgsnake.access.tablesample import methods
from pgsnake.executor.expression_eval import compile_expression
from pgsnake.executor.plan_state import node_state
from pgsnake.executor.scan_nodes import SeqScanState
from pgsnake.optimizer.plan_nodes import SampleScan
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.utils.errors import PgError

INVALID_TABLESAMPLE_REPEAT = "2202G"


@node_state(SampleScan)
class SampleScanState(SeqScanState):
    def compile_node(self, plan):
        sample = plan.tablesample
        repeatable = sample.repeatable
        return ([compile_expression(a, {}) for a in sample.args],
                None if repeatable is None else compile_expression(repeatable, {}))

    def setup(self) -> None:
        self.seed = methods.random_seed()          # ExecInitSampleScan's

    def _sampler(self) -> methods.Sampler:
        arg_fns, repeatable_fn = self.code
        ex = self.estate
        values = []
        for fn in arg_fns:
            value = fn(None, ex)
            if value is None:
                raise PgError(methods.INVALID_TABLESAMPLE_ARGUMENT,
                              "TABLESAMPLE parameter cannot be null")
            values.append(value)
        seed = self.seed
        if repeatable_fn is not None:
            value = repeatable_fn(None, ex)
            if value is None:
                raise PgError(INVALID_TABLESAMPLE_REPEAT,
                              "TABLESAMPLE REPEATABLE parameter cannot be null")
            seed = methods.repeatable_seed(value)
        return self.plan.tablesample.method.sampler(float(values[0]), seed)

    def scan_batches(self):
        sampler = self._sampler()
        if sampler.whole_blocks:
            nblocks = bufmgr.nblocks(self.plan.relation.locator, ForkNumber.MAIN)
            return self.table_batches(b for b in range(nblocks) if sampler.block_chosen(b))
        return self.table_batches(None, lambda tid: sampler.tuple_chosen(tid[0], tid[1]))
