"""Checking code answers: fenced-block extraction, cheap rejection before anything runs, safe
literal parsing, and the mapping of sandbox verdicts to palaestra Verdicts.

Model code is never run here: it only goes to `palaestra.tools.sandbox`. What this module
does to model text is parse it (``ast.parse`` compiles nothing and executes nothing, and a
length cap bounds it), so junk answers are rejected without starting a program.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from palaestra.records import Verdict
from palaestra.verifiers.parsing import AnswerFormatError

MAX_CODE_CHARS = 20_000
MAX_LITERAL_CHARS = 5_000
_FENCE = re.compile(r"```([^\n`]*)\n(.*?)(?:\n)?```", re.S)
LANGUAGE_TAGS = {
    "python": {"", "python", "py", "python3"},
    "cpp": {"", "cpp", "c++", "cxx", "cc"},
    "javascript": {"", "javascript", "js", "node", "nodejs"},
    "regex": {"", "regex", "re", "text"},
    "text": {"", "text", "txt", "python", "py"},
}
LANGUAGE_NAMES = {"python": "Python", "cpp": "C++", "javascript": "JavaScript"}

_REASONS = {
    "time_limit": "timeout",
    "wrong_answer": "wrong",
    "compile_error": "invalid",
    "runtime_error": "invalid",
    "memory_limit": "invalid",
    "output_limit": "invalid",
    "sandbox_error": "invalid",
}


def extract_code(answer: str, language: str = "python") -> str:
    """The code of the one fenced block in `answer` (a language tag is optional but must fit).

    Raises:
        AnswerFormatError: no block, several blocks, a foreign language tag, or empty code.
    """
    blocks = _FENCE.findall(answer)
    if not blocks:
        raise AnswerFormatError("put your code in one fenced block (```...```) inside the answer")
    if len(blocks) > 1:
        raise AnswerFormatError(f"give exactly one fenced code block, not {len(blocks)}")
    tag, code = blocks[0]
    tag = tag.strip().lower()
    if tag not in LANGUAGE_TAGS.get(language, {"", language}):
        raise AnswerFormatError(f"the code block is tagged {tag!r}; this task needs {language}")
    if not code.strip():
        raise AnswerFormatError("the code block is empty")
    if len(code) > MAX_CODE_CHARS:
        raise AnswerFormatError(
            f"the code has {len(code)} characters; the limit is {MAX_CODE_CHARS}"
        )
    return code


def fence(code: str, language: str = "python") -> str:
    """`code` in a fenced block, as a reference answer shows it."""
    return f"```{language}\n{code.rstrip()}\n```"


def python_syntax_tree(code: str, function: str | None = None) -> ast.Module:
    """Parses Python code (nothing runs); with `function`, it must be defined at top level.

    Raises:
        AnswerFormatError: a syntax error, or the function is missing.
    """
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        raise AnswerFormatError(f"the code has a syntax error on line {exc.lineno}") from None
    except (ValueError, RecursionError, MemoryError, OverflowError):
        raise AnswerFormatError("the code cannot be parsed as Python") from None
    if function is not None:
        defined = {
            node.name
            for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        if function not in defined:
            raise AnswerFormatError(f"the code must define the function {function}(...)")
    return tree


def parse_literal(text: str) -> Any:
    """A Python literal (numbers, strings, lists, tuples, dicts, sets, booleans, None).

    Raises:
        AnswerFormatError: not a literal, or longer than `MAX_LITERAL_CHARS`.
    """
    text = text.strip()
    if text.startswith("```"):
        text = extract_code(text, "text").strip()
    if len(text) > MAX_LITERAL_CHARS:
        raise AnswerFormatError(f"the value is longer than {MAX_LITERAL_CHARS} characters")
    if not text:
        raise AnswerFormatError("give a Python literal value")
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, RecursionError, MemoryError, OverflowError):
        raise AnswerFormatError("give a single Python literal, e.g. [1, 'a'] or {'k': 2}") from None


def run_failure(verdict: str, detail: str, extracted: str | None = None) -> Verdict:
    """A failing Verdict for a sandbox verdict other than ``accepted``."""
    if verdict == "sandbox_error":
        feedback = "The sandbox failed to run the code (not the answer's fault); try again."
    else:
        feedback = f"{verdict.replace('_', ' ').capitalize()}: {detail}".strip()
    return Verdict.fail(_REASONS.get(verdict, "wrong"), feedback[:400], extracted=extracted)
