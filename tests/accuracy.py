"""Accuracy benchmark: every page copy parsed and scored against its hand-made truth.

Prints, per copy and per source and overall: truth facts found / facts in truth, dates
emitted that the document does not state (invented), facts read that must not be, and
parse time. Target: 100% found, 0 invented. Run with ``make accuracy``.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict

from tests.truthcheck import check, truth_files


def main() -> int:
    per_source: dict[str, list] = defaultdict(list)
    started = time.perf_counter()
    print(f"{'copy':<62} {'found':>9} {'records':>7} {'invented':>8} {'wrong':>5} {'ms':>6}")
    for path in truth_files():
        t0 = time.perf_counter()
        result = check(path)
        elapsed = (time.perf_counter() - t0) * 1000
        per_source[result.source].append(result)
        wrong = len(result.present_but_absent) + (
            result.count_expected is not None and result.count_expected != len(result.records)
        )
        print(f"{result.fixture:<62} {result.found:>4}/{result.facts:<4} {len(result.records):>7} "
              f"{len(result.invented):>8} {wrong:>5} {elapsed:>6.1f}")
        for fact in result.missing:
            print(f"    missing: {fact}")
        for item in result.invented:
            print(f"    invented: {item}")
        for fact in result.present_but_absent:
            print(f"    must not be read: {fact}")
    print()
    print(f"{'source':<20} {'found':>11} {'invented':>8}")
    total_found = total_facts = total_invented = 0
    for source, results in sorted(per_source.items()):
        found = sum(r.found for r in results)
        facts = sum(r.facts for r in results)
        invented = sum(len(r.invented) for r in results)
        total_found, total_facts, total_invented = total_found + found, total_facts + facts, total_invented + invented
        print(f"{source:<20} {found:>5}/{facts:<5} {invented:>8}")
    share = 100 * total_found / total_facts if total_facts else 100.0
    print(f"\noverall: {total_found}/{total_facts} facts found ({share:.1f}%), {total_invented} invented dates, "
          f"{len(truth_files())} copies in {time.perf_counter() - started:.2f}s")
    ok = total_found == total_facts and total_invented == 0 and all(r.ok for rs in per_source.values() for r in rs)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
