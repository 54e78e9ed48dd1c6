"""Gathering what a reply may say: order facts from SQL now, document passages (Chroma + BM25) later."""
