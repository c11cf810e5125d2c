"""Runs a check script's cases: every case is tried and reported, then the run fails if any did."""


def run_cases(cases):
    """Runs (name, function) pairs; a function may return a note to print. Returns how many failed."""
    passed = failed = 0
    for name, case in cases:
        try:
            note = case()
            print("PASS", name + (" — " + note if isinstance(note, str) and note else ""), flush=True)
            passed += 1
        except Exception as e:  # report every case, then fail the run
            print(f"FAIL {name}: {e}", flush=True)
            failed += 1
    print(f"{passed} passed, {failed} failed")
    return failed
