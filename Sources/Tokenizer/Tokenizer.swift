// Tokenizer: byte-level BPE (issue 4).
