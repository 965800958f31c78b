"""The numerical checker (needs torch): data, the paper's network, training and measurements."""
