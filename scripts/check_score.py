#!/usr/bin/env python3
"""Fails unless the shared scorer's report reaches the figures the core issue
names: score >= 0.90, persons core recall 1.00 with no split node, surface
forms and nationality >= 0.90, meeting and agreement attributes >= 0.90."""
import json
import sys

report = json.load(open(sys.argv[1], encoding="utf-8"))
persons = report["persons"]
checks = [
    ("score", report["score"], 0.90),
    ("persons core recall", persons["core_recall"], 1.00),
    ("persons surface forms", persons["surface_forms"], 0.90),
    ("persons nationality", persons["nationality"], 0.90),
    ("meetings attributes", report["meetings"]["attributes"], 0.90),
    ("agreements attributes", report["agreements"]["attributes"], 0.90),
]
failed = [f"{name} {value:.3f} < {floor:.2f}" for name, value, floor in checks if value < floor - 1e-9]
if persons["split"] != 0:
    failed.append(f"persons split {persons['split']} != 0")
for line in failed:
    print("ci: below the bar:", line, file=sys.stderr)
print("ci: scorer figures", "FAIL" if failed else "ok")
sys.exit(1 if failed else 0)
