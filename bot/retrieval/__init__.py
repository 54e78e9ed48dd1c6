"""Gathering what a reply may say: the verified customer's order facts from SQL, and document
passages from Chroma and BM25."""
