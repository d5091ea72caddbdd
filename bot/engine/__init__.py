"""The conversation engine: forms declared as data, run step by step with state kept outside."""
