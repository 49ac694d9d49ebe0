"""Legal-reasoning environments: IRAC tasks over a closed-world rule system stated in the prompt.

Every task renders a fictional statute (numbered elements, exceptions, definitions) and a fact
pattern generated from latent element values; the answer is a structured IRAC object scored by
`palaestra.verifiers.irac` (conclusion exact, element-by-element partial credit).
"""

CATALOG: dict[str, str] = {}
