"""Reusable checking: answer extraction, certificate checks and answer comparison."""

from palaestra.verifiers.extract import extract_answer, extract_boxed, printable

__all__ = ["extract_answer", "extract_boxed", "printable"]
