// Placeholder until the target's first real file; delete it then.
