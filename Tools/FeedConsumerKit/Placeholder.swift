// Replaced by the consumer sources.
