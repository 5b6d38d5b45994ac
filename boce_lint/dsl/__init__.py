"""The rule language: syntax tree, parser, compiler and evaluator."""
