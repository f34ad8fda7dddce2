"""Tag: one model pass per paper; keyphrases ranked by KeyBERT, folded into a shared
vocabulary of tags; topics and related papers; the analysis cache."""
