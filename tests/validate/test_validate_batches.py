"""Small files are validated in batches whose RELAX NG verdicts come from one grammar,
pruned to the names any file of the batch uses: each file's report must be exactly the
one it gets alone."""

from __future__ import annotations

import pytest

import toolkit.validate as V
from tests.conftest import ROOT, shared_or_skip
from tests.validate.helpers import EDITION_SCH, INVALID, MINI_RNG, VALID
from toolkit.validate import validate

TEI_ALL = ROOT / "schemas" / "tei_all.rng"


def alone(files, **kw):
    """Each file validated on its own: the reports merged as one run merges them, and
    how many files RELAX NG found invalid."""
    reports = [validate([f], cache=False, **kw).diagnostics for f in files]
    merged = sorted({d for report in reports for d in report})
    return merged, sum(any(d.code.startswith("RNG") for d in report) for report in reports)


@pytest.mark.parametrize("jobs", [1, 2])
def test_fixtures_together_as_alone(monkeypatch, jobs):
    """The invalid and valid fixtures (DOCTYPE, XInclude, xml-model, bombs, each
    Schematron rule) in one batch, in this process or in workers."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(V, "SMALL_RUN", 0 if jobs > 1 else V.SMALL_RUN)
    files = sorted(INVALID.glob("*.xml")) + sorted(VALID.glob("*.xml"))
    together = validate(files, schemas=[MINI_RNG, EDITION_SCH], jobs=jobs, cache=False)
    assert together.diagnostics == alone(files, schemas=[MINI_RNG, EDITION_SCH])[0]
    assert {d.code[:3] for d in together.diagnostics} >= {"RNG", "SCH", "XML"}


def test_each_file_with_its_own_schemas_together_as_alone(monkeypatch):
    """Without --schema each file gets its xml-model schemas or the edition's: a batch
    mixing them judges each file by its own, with one grammar for each schema."""
    monkeypatch.chdir(ROOT)
    files = sorted(INVALID.glob("*.xml")) + sorted(VALID.glob("*.xml"))
    together = validate(files, jobs=1, cache=False)
    assert together.diagnostics == alone(files)[0]
    assert {d.code for d in together.diagnostics} >= {"XML020", "XML021", "SCH141"}


def test_real_files_together_against_tei_all(monkeypatch):
    """Real TEI from other projects, valid and invalid, against tei_all: one grammar,
    pruned to the names all of them use, decides every verdict, and each file gets
    its own verdict and its own messages."""
    from toolkit import rng

    realtei = shared_or_skip("realtei")
    monkeypatch.chdir(ROOT)
    files = sorted(p for p in realtei.rglob("*.xml") if V._cost(p) < V.BATCH_FILE)
    monkeypatch.setattr(V, "BATCH_BYTES", sum(V._cost(p) for p in files))  # one batch
    asked = []
    for_names = rng._Schema.for_names

    def spy(self, names, stub):
        asked.append((names, stub))
        return for_names(self, names, stub)

    monkeypatch.setattr(rng._Schema, "for_names", spy)
    together = validate(files, schemas=[TEI_ALL], jobs=1, cache=False)
    verdicts = {names for names, stub in asked if not stub}
    explained = [names for names, stub in asked if stub]
    monkeypatch.setattr(rng._Schema, "for_names", for_names)
    report, invalid = alone(files, schemas=[TEI_ALL])
    assert together.diagnostics == report
    assert 3 <= invalid < len(files)
    # one verdict grammar, for the names of all; errors explained only in invalid files
    (union,) = verdicts
    assert len(explained) == invalid and all(names.elements <= union.elements for names in explained)


def test_batches():
    """Big files alone, small ones grouped up to the limits, in the tasks' order."""
    big, small = V.BATCH_FILE, V.BATCH_BYTES // 4
    sizes = {0: big * 2, 1: small, 2: big, 3: small, 4: small, 5: small, 6: small, 7: 10}
    assert V._batches(list(range(8)), sizes) == [[0], [2], [1, 3, 4, 5], [6, 7]]
    assert V._batches(list(range(8)), sizes, limit=small * 2) == [[0], [2], [1, 3], [4, 5], [6, 7]]
    many = {i: 1 for i in range(V.BATCH_FILES + 1)}
    assert [len(b) for b in V._batches(list(many), many)] == [V.BATCH_FILES, 1]


class _SimulatedPools:
    """Stand-ins for ProcessPoolExecutor and wait(): each pool's one worker runs the
    units handed to it one after the other, each taking the time ``cost`` gives it;
    wait() returns the unit that finishes first on that clock."""

    def __init__(self, cost):
        self.cost = cost
        self.pools = []
        self.ran = []  # (pool, stage, batch, start, end)

    def executor(self, max_workers, mp_context=None):
        sim = self

        class Pool:
            def __init__(self):
                self.free_at = 0.0
                self.index = len(sim.pools)
                sim.pools.append(self)

            def submit(self, fn, args):
                from concurrent.futures import Future

                stage, batch, _ = args
                fut = Future()
                start = max(self.free_at, sim.now)
                self.free_at = end = start + sim.cost(stage, batch)
                fut.end, fut.record = end, (self.index, stage, batch[0][0], start, end)
                fut.value = [None] * len(batch)
                return fut

            def shutdown(self, cancel_futures=False):
                pass

        assert max_workers == 1
        return Pool()

    now = 0.0

    def wait(self, running, return_when=None):
        fut = min(running, key=lambda f: f.end)
        self.now = fut.end
        self.ran.append(fut.record)
        fut.set_result(fut.value)
        return {fut}, set()


def test_no_unit_waits_behind_a_busy_worker_while_another_is_idle(monkeypatch):
    """Two workers, one big file and one small: each worker takes one big stage, and
    the small file's stages go to whichever worker is free first instead of being
    queued behind the big file's RELAX NG stage (which ended the run 4 units later)."""
    import concurrent.futures

    costs = {("grammar", "big"): 30, ("rules", "big"): 10, ("grammar", "small"): 4, ("rules", "small"): 3}
    sim = _SimulatedPools(lambda stage, batch: costs[stage, batch[0][0]])
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", sim.executor)
    monkeypatch.setattr(concurrent.futures, "wait", sim.wait)
    finished = []
    V._in_workers([[("big", "big")], [("small", "small")]], [2_000_000, 1000], V.Options(), 2, True,
                  lambda b, grammar, rules: finished.append(b))
    assert sorted(finished) == [0, 1]
    assert max(end for *_, end in sim.ran) == 30
    by_pool = {}
    for pool, stage, name, start, end in sim.ran:
        by_pool.setdefault(pool, []).append((stage, name))
    assert sorted(by_pool.values()) == [[("grammar", "big")], [("rules", "big"), ("rules", "small"), ("grammar", "small")]]
