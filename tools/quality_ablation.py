#!/usr/bin/env python3
"""Ablation of the scoring signals on the CORDIS dev pairs (docs/QUALITY.md).

Usage: tools/quality_ablation.py --cli build/scoutmatch --data ../shared/data/cordis [--tune]

Builds the index (train_projects read as projects), evaluates each signal alone, the
defaults, the defaults with each signal left out, and (with --tune) the 5-fold
cross-validated result of `scoutmatch tune`; prints a Markdown table with the command of
every row. Needs the data set; it is never copied into the project.
"""
import argparse, json, os, subprocess, sys, tempfile, time

SIGNALS = ["text", "common_partners", "adamic_adar", "partner_of_partner", "activity",
           "attachment", "same_country"]
DEFAULTS = {"text": 0.7, "common_partners": 0.07, "adamic_adar": 0, "partner_of_partner": 1,
            "activity": 0.03, "attachment": 0.05, "same_country": 0.3}
BASELINES = [("popularity (README)", 0.0638, 0.0825, 0.1964, 0.4180),
             ("tfidf (README)", 0.0071, 0.0101, 0.0343, 0.0730),
             ("tfidf+country (README)", 0.0083, 0.0102, 0.0326, 0.0717),
             ("coparticipation (README)", 0.1036, 0.1316, 0.2811, 0.5318)]


def run(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--tune", action="store_true", help="add the cross-validated tune row")
    a = ap.parse_args()
    profiles = os.path.join(a.data, "profiles.jsonl.gz")
    pairs = os.path.join(a.data, "dev_pairs.jsonl")
    if not os.path.exists(profiles):
        sys.exit(f"no CORDIS data at {a.data}")
    tmp = tempfile.mkdtemp()
    index = os.path.join(tmp, "cordis.smx")
    run([a.cli, "index", "--profiles", profiles, "--field", "train_projects=projects",
         "--out", index, "--format", "json"])
    ev = [a.cli, "eval", "--index", "I", "--pairs", "P", "--to-kind", "university,research"]
    shown = lambda extra: " ".join(ev + extra)
    rows = []

    def row(name, extra):
        r = run([a.cli, "eval", "--index", index, "--pairs", pairs,
                 "--to-kind", "university,research"] + extra)
        rows.append((name, r["recall@10"], r["ndcg@10"], r["mrr"], r["hit@10"], r["seconds"],
                     shown(extra)))
        print(f"{name:40s} nDCG {r['ndcg@10']:.4f} R {r['recall@10']:.4f}", file=sys.stderr)

    def weights(d):
        return ",".join(f"{k}={v}" for k, v in d.items())

    for s in SIGNALS:
        row(f"{s} alone", ["--weights", weights({k: (1 if k == s else 0) for k in SIGNALS})])
    row("text alone, reciprocal", ["--weights", weights({k: (1 if k == "text" else 0) for k in SIGNALS}),
                                   "--reciprocal"])
    row("all (defaults)", [])
    for s in SIGNALS:
        if DEFAULTS[s] == 0:
            continue
        row(f"defaults without {s}", ["--weights", f"{s}=0"])
    row("defaults, existing partners kept", ["--keep-partners"])
    print("| configuration | Recall@10 | nDCG@10 | MRR | Hit@10 | eval s | command |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for b in BASELINES:
        print(f"| {b[0]} | {b[1]:.4f} | {b[2]:.4f} | {b[3]:.4f} | {b[4]:.4f} | | |")
    for r in rows:
        print(f"| {r[0]} | {r[1]:.4f} | {r[2]:.4f} | {r[3]:.4f} | {r[4]:.4f} | {r[5]:.1f} | `{r[6]}` |")
    if a.tune:
        t = run([a.cli, "tune", "--index", index, "--pairs", pairs, "--to-kind",
                 "university,research", "--dry-run"])
        cv = t["cross_validated"]
        print(f"| tuned, 5-fold cross-validated | {cv['recall@10']:.4f} | {cv['ndcg@10']:.4f} | "
              f"{cv['mrr']:.4f} | {cv['hit@10']:.4f} | {t['seconds']:.0f} (tune) | "
              f"`scoutmatch tune --index I --pairs P --to-kind university,research --dry-run` |")
        print(f"\nTuned weights (all dev queries): `{t['weights']}`; per fold:")
        for w in t["fold_weights"]:
            print(f"- `{w}`")


if __name__ == "__main__":
    main()
